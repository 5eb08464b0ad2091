"""Settings: every problem is one line naming the variable, and never shows the token."""

from __future__ import annotations

from pathlib import Path

import pytest

from ie_bot.adapters.telegram.settings import SettingsError, load_settings
from ie_bot.knowledge import load_knowledge
from ie_bot.storage import SqliteStore
from tests.adapters.telegram.tg_harness import TOKEN


def test_a_full_environment_is_read() -> None:
    settings = load_settings({
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "IE_BOT_ADMIN_IDS": "11, 22,",
        "IE_BOT_DB": "/tmp/x.sqlite3",
        "IE_BOT_KNOWLEDGE": "/srv/knowledge",
        "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
    })
    assert settings.token.get_secret_value() == TOKEN
    assert settings.admin_ids == {11, 22}
    assert settings.db == Path("/tmp/x.sqlite3")
    assert settings.knowledge == Path("/srv/knowledge")
    assert settings.api_base_url == "http://127.0.0.1:8081/bot"
    assert settings.webhook is None
    assert TOKEN not in repr(settings) and TOKEN not in str(settings.model_dump())


def test_defaults_and_flags_win_over_the_environment(tmp_path: Path) -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "IE_BOT_DB": "/elsewhere"},
                             db=tmp_path / "bot.sqlite3")
    assert settings.db == tmp_path / "bot.sqlite3"
    assert settings.admin_ids == frozenset()
    assert settings.knowledge is None
    assert load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}).db.name == "ie-bot.sqlite3"


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "TELEGRAM_BOT_TOKEN is missing: create a bot with @BotFather"),
    ({"TELEGRAM_BOT_TOKEN": "not a token"}, "TELEGRAM_BOT_TOKEN does not look like a bot token"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "IE_BOT_ADMIN_IDS": "12,bob"},
     "IE_BOT_ADMIN_IDS 'bob' is not a numeric Telegram user id"),
    ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "127.0.0.1:8081"},
     "TELEGRAM_API_BASE_URL must start with http:// or https://"),
])
def test_a_bad_setting_is_one_line(environ: dict[str, str], expected: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(environ)
    message = str(caught.value)
    assert message.startswith(expected)
    assert "\n" not in message
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_a_malformed_token_is_not_repeated() -> None:
    secret = "123:has spaces and is secret"
    with pytest.raises(SettingsError) as caught:
        load_settings({"TELEGRAM_BOT_TOKEN": secret})
    assert "secret" not in str(caught.value)


def test_webhook_settings() -> None:
    environ = {"TELEGRAM_BOT_TOKEN": TOKEN, "IE_BOT_WEBHOOK_URL": "https://bot.example.org/tg/hook",
               "IE_BOT_WEBHOOK_SECRET": "s3cret-Token_1", "IE_BOT_WEBHOOK_PORT": "8080"}
    hook = load_settings(environ, webhook=True, listen="0.0.0.0").webhook
    assert hook is not None
    assert (hook.listen, hook.port, hook.url_path) == ("0.0.0.0", 8080, "tg/hook")
    assert hook.secret_token.get_secret_value() == "s3cret-Token_1"
    assert load_settings(environ, webhook=True, port=443).webhook.port == 443


def test_a_webhook_without_a_secret_gets_a_random_one() -> None:
    environ = {"TELEGRAM_BOT_TOKEN": TOKEN, "IE_BOT_WEBHOOK_URL": "https://bot.example.org/"}
    first = load_settings(environ, webhook=True).webhook
    second = load_settings(environ, webhook=True).webhook
    assert first and second and first.url_path == ""
    assert first.secret_token.get_secret_value() != second.secret_token.get_secret_value()


@pytest.mark.parametrize(("extra", "flags", "expected"), [
    ({}, {}, "IE_BOT_WEBHOOK_URL (--webhook-url) is missing"),
    ({"IE_BOT_WEBHOOK_URL": "bot.example.org"}, {}, "IE_BOT_WEBHOOK_URL (--webhook-url) must be"),
    ({"IE_BOT_WEBHOOK_URL": "https://b.example.org", "IE_BOT_WEBHOOK_PORT": "http"}, {},
     "IE_BOT_WEBHOOK_PORT (--port) Input should be a valid integer"),
    ({}, {"webhook_url": "https://b.example.org", "port": 70000},
     "IE_BOT_WEBHOOK_PORT (--port) Input should be less than or equal to 65535"),
    ({"IE_BOT_WEBHOOK_URL": "https://b.example.org", "IE_BOT_WEBHOOK_SECRET": "no spaces"}, {},
     "IE_BOT_WEBHOOK_SECRET must be 1-256 characters"),
    ({"IE_BOT_WEBHOOK_URL": "https://b.example.org/healthz/"}, {},
     "IE_BOT_WEBHOOK_URL (--webhook-url) must not have the path /healthz: health probes use it"),
])
def test_bad_webhook_settings(extra: dict[str, str], flags: dict[str, object],
                              expected: str) -> None:
    with pytest.raises(SettingsError, match="^" + expected.replace("(", r"\(").replace(")", r"\)")):
        load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, **extra}, webhook=True, **flags)


def test_the_file_url_follows_the_api_base_url() -> None:
    from ie_bot.adapters.telegram import TelegramBot
    from ie_bot.service import Advisor

    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN,
                              "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot"},
                             db=Path(":memory:"))
    assert settings.file_url == "http://127.0.0.1:8081/file/bot"
    bot = TelegramBot(settings, Advisor(load_knowledge(None), SqliteStore(":memory:")))
    assert bot.application.bot.base_file_url == f"http://127.0.0.1:8081/file/bot{TOKEN}"
    assert bot.application.bot.base_url == f"http://127.0.0.1:8081/bot{TOKEN}"


def test_the_file_url_can_be_set_outright_and_defaults_to_telegram() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN,
                              "TELEGRAM_API_BASE_URL": "http://10.0.0.2/tg/bot",
                              "TELEGRAM_API_BASE_FILE_URL": "http://10.0.0.3/files/bot"})
    assert settings.file_url == "http://10.0.0.3/files/bot"
    assert load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}).file_url is None


def test_the_advisors_chat_and_ids_are_read() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "IE_BOT_ADVISOR_CHAT_ID": "-1009",
                              "IE_BOT_ADVISOR_IDS": "5, 6"})
    assert settings.advisor_chat_id == -1009 and settings.advisor_ids == {5, 6}
    with pytest.raises(SettingsError, match="IE_BOT_ADVISOR_CHAT_ID"):
        load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "IE_BOT_ADVISOR_CHAT_ID": "advisors"})
