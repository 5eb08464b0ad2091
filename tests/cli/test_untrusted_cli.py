"""The command line under hostile input and broken files (issue 12, items 1, 2, 5, 6, 8),
run as real processes: one clear line and an exit code, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.cli.conftest import IeBot
from tests.conftest import ROOT


def _no_traceback(done: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in done.stderr, done.stderr


# -- item 1 -----------------------------------------------------------------------------

def test_a_superscript_digit_after_options_is_a_message(ie_bot: IeBot) -> None:
    done = ie_bot.run("console", "--json", stdin="tuition\n²\n٣\n2\n")
    _no_traceback(done)
    assert done.returncode == 0
    replies = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(replies) == 4 and replies[0]["options"]
    assert replies[1]["fallback"] and replies[2]["fallback"]


# -- item 2 -----------------------------------------------------------------------------

def test_a_non_utf8_argument_gets_an_answer(ie_bot: IeBot) -> None:
    done = subprocess.run([sys.executable, "-m", "ie_bot", "ask", "--json",
                           os.fsdecode(b"tuition at ntnu \xff")],
                          capture_output=True, env=ie_bot.env, timeout=120, check=False)
    assert done.returncode == 0 and b"Traceback" not in done.stderr
    assert json.loads(done.stdout)["text"]


# -- item 8: a Latin-1 terminal ---------------------------------------------------------

@pytest.mark.parametrize("args", [("ask", "--json", "tuition at leiden"),
                                  ("ask", "tuition at leiden")])
def test_ask_on_a_latin1_stdout(ie_bot: IeBot, args: tuple[str, ...]) -> None:
    ie_bot.env["PYTHONIOENCODING"] = "ascii"
    done = ie_bot.run(*args)
    _no_traceback(done)
    assert done.returncode == 0
    if "--json" in args:
        assert json.loads(done.stdout)["intent"] == "tuition_fee"  # UTF-8 JSON regardless


# -- item 6: broken databases -----------------------------------------------------------

def _broken(kind: str, path: Path) -> None:
    if kind == "not sqlite":
        path.write_bytes(b"x" * 4096)
    elif kind == "foreign":
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE invoices (id INTEGER)")
    elif kind == "truncated":
        path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 40)
    elif kind == "parent is a file":
        path.parent.rmdir()
        path.parent.write_text("a file")


@pytest.mark.parametrize("kind", ["not sqlite", "foreign", "truncated", "parent is a file"])
@pytest.mark.parametrize("command", ["console", "stats", "healthcheck"])
def test_a_broken_database_is_one_line(tmp_path: Path, kind: str, command: str) -> None:
    ie_bot = IeBot(tmp_path)
    db = tmp_path / "data" / "bot.sqlite3"
    db.parent.mkdir()
    _broken(kind, db)
    args = ("console", "--json") if command == "console" else (command,)
    done = ie_bot.run(*args, "--db", str(db), stdin="fees at ntnu\n")
    _no_traceback(done)
    assert done.returncode in {1, 2}
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(db) in lines[0], done.stderr


def test_stats_reads_without_writing(ie_bot: IeBot) -> None:
    ie_bot.json_lines("fees at ntnu", "is there a good bakery in Delft")
    before = ie_bot.db.read_bytes()
    done = ie_bot.run("stats")
    assert done.returncode == 0 and "Questions: 2" in done.stdout
    assert ie_bot.db.read_bytes() == before
    wal = Path(f"{ie_bot.db}-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # SQLite's reader files, no pages


def test_stats_without_a_database_creates_none(ie_bot: IeBot) -> None:
    done = ie_bot.run("stats")
    assert done.returncode == 0 and "No questions logged yet" in done.stdout
    assert not ie_bot.db.exists()


def _as_another_user() -> list[str]:
    """Root ignores file modes, so the read-only cases run as ``nobody`` when we are root."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: no way to be refused a write")
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_a_read_only_database_is_one_line_for_console_and_read_by_stats(
        ie_bot: IeBot) -> None:
    folder = Path(tempfile.mkdtemp(prefix="ie-bot-ro-"))
    try:
        folder.chmod(0o755)
        db = folder / "bot.sqlite3"
        ie_bot.env["IE_BOT_DB"] = str(db)
        ie_bot.json_lines("fees at ntnu")
        db.chmod(0o444)
        folder.chmod(0o555)
        env = {**ie_bot.env, "HOME": str(folder)}
        run = [*_as_another_user(), sys.executable, "-m", "ie_bot"]
        console = subprocess.run([*run, "console", "--json"], input=b"fees at ntnu\n",
                                 capture_output=True, env=env, timeout=120, check=False, cwd=folder)
        assert console.returncode == 2 and b"Traceback" not in console.stderr
        assert console.stderr.decode().strip() == f"ie-bot: database {db} is read-only"
        stats = subprocess.run([*run, "stats"], capture_output=True, env=env, timeout=120,
                               check=False, cwd=folder)
        assert stats.returncode == 0 and b"Questions: 1" in stats.stdout, stats.stderr
    finally:
        folder.chmod(0o755)
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()


def test_healthcheck_is_unhealthy_on_a_corrupt_database(ie_bot: IeBot) -> None:
    ie_bot.json_lines(*[f"question {n} about fees at ntnu " + "x" * 400 for n in range(30)])
    with sqlite3.connect(ie_bot.db) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = ie_bot.db.stat().st_size
    with ie_bot.db.open("r+b") as handle:
        handle.seek(4096)
        handle.write(b"\xa5" * (size - 4096))
    done = ie_bot.run("healthcheck")
    assert done.returncode == 1 and "corrupt" in done.stderr and str(ie_bot.db) in done.stderr


# -- item 5: concurrent consoles on one session -----------------------------------------

def test_concurrent_consoles_on_one_session_lose_no_turn(ie_bot: IeBot) -> None:
    """4 processes, 40 messages each, one --session: every reply is in the stored state."""
    messages = "".join(f"fees at ntnu {n}\n" if n % 2 else "what about living costs\n"
                       for n in range(40))

    def console(_: int) -> list[dict[str, object]]:
        done = ie_bot.run("console", "--json", "--session", "shared", stdin=messages)
        assert done.returncode == 0, done.stderr
        return [json.loads(line) for line in done.stdout.splitlines()]

    with ThreadPoolExecutor(4) as pool:
        replies = [r for batch in pool.map(console, range(4)) for r in batch]
    assert len(replies) == 160
    taken = [r for r in replies if r["intent"] not in {"busy", "storage_error"}]
    refused = [r for r in replies if r["intent"] == "busy"]
    assert all("send it again" in str(r["text"]) for r in refused)
    with sqlite3.connect(ie_bot.db) as db:
        (state,) = db.execute("SELECT state FROM conversations WHERE key = 'console:shared'"
                              ).fetchone()
        (logged,) = db.execute("SELECT COUNT(*) FROM questions").fetchone()
    assert json.loads(state)["turns"] == len(taken)
    assert logged == len(taken)


def test_the_package_is_importable_from_the_checkout() -> None:
    assert (ROOT / "src" / "ie_bot" / "storage.py").is_file()


# -- item 4: hostile profiles -----------------------------------------------------------

@pytest.mark.parametrize(("name", "text"), [
    ("deep.json", "[" * 5000 + "]" * 5000),
    ("deep.yml", "degree: " + "[" * 5000 + "]" * 5000 + "\n"),
    ("digits.json", '{"math_stats_ects": ' + "9" * 5000 + "}"),
    ("digits.yml", "math_stats_ects: " + "9" * 5000 + "\n"),
    ("twice.yml", "degree: bachelor\ndegree: none\n"),
])
def test_a_hostile_profile_is_one_line(ie_bot: IeBot, tmp_path: Path, name: str,
                                       text: str) -> None:
    (tmp_path / name).write_text(text)
    done = ie_bot.run("eligibility", "--profile", str(tmp_path / name))
    _no_traceback(done)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and name in done.stderr


def test_a_fifo_profile_is_refused_without_hanging(ie_bot: IeBot, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "p.yml")
    done = ie_bot.run("eligibility", "--profile", str(tmp_path / "p.yml"))
    assert done.returncode == 2 and "not a regular file" in done.stderr
