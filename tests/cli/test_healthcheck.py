"""``ie-bot healthcheck``: exit 0 when the bot can serve, else 1 and one line saying why."""

from __future__ import annotations

import pytest

from ie_bot.cli import main


@pytest.fixture(autouse=True)
def no_configuration(monkeypatch):
    for name in ("IE_BOT_DB", "IE_BOT_KNOWLEDGE", "TELEGRAM_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def healthcheck(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["healthcheck", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_healthy(capsys, minimal_knowledge_dir, tmp_path):
    code, out, err = healthcheck(capsys, "--knowledge", str(minimal_knowledge_dir),
                                 "--db", str(tmp_path / "bot.sqlite3"))

    assert (code, out, err) == (0, "ie-bot: healthy\n", "")


def test_unwritable_database_exits_1_with_one_line(capsys, minimal_knowledge_dir, tmp_path):
    code, out, err = healthcheck(capsys, "--knowledge", str(minimal_knowledge_dir),
                                 "--db", str(tmp_path))

    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"ie-bot: unhealthy: database {tmp_path} cannot be opened")


def test_broken_knowledge_exits_1_with_one_line(capsys, minimal_knowledge_dir, tmp_path):
    (minimal_knowledge_dir / "intents.yml").write_text("version: 1\nintents: [\n", encoding="utf-8")

    code, out, err = healthcheck(capsys, "--knowledge", str(minimal_knowledge_dir),
                                 "--db", str(tmp_path / "bot.sqlite3"))

    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    expected = f"ie-bot: unhealthy: knowledge base {minimal_knowledge_dir}: intents.yml:"
    assert err.startswith(expected)


def test_reads_the_same_variables_as_the_bot(capsys, monkeypatch, minimal_knowledge_dir, tmp_path):
    """The image sets IE_BOT_DB (and maybe IE_BOT_KNOWLEDGE); HEALTHCHECK passes no flags."""
    monkeypatch.setenv("IE_BOT_KNOWLEDGE", str(minimal_knowledge_dir))
    monkeypatch.setenv("IE_BOT_DB", str(tmp_path / "volume" / "ie-bot.sqlite3"))

    assert healthcheck(capsys)[0] == 0
    assert (tmp_path / "volume" / "ie-bot.sqlite3").is_file()

    monkeypatch.setenv("IE_BOT_KNOWLEDGE", str(tmp_path / "not-mounted"))
    code, _, err = healthcheck(capsys)
    assert code == 1
    assert "not-mounted" in err


def test_flags_override_the_variables(capsys, monkeypatch, minimal_knowledge_dir, tmp_path):
    monkeypatch.setenv("IE_BOT_KNOWLEDGE", str(tmp_path / "not-mounted"))
    monkeypatch.setenv("IE_BOT_DB", str(tmp_path))

    code, _, _ = healthcheck(capsys, "--knowledge", str(minimal_knowledge_dir),
                             "--db", str(tmp_path / "bot.sqlite3"))

    assert code == 0
