"""The Telegram bot's settings: environment variables and flags, validated in one place.

Every problem becomes a ``SettingsError`` with one line that names the variable and never
repeats a secret's value, so ``ie-bot telegram`` can print it instead of a traceback.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from ie_bot.storage import default_db_path

#: ASCII only: ``\d`` would also take "١٢٣" (Arabic-Indic digits), which no token has.
_TOKEN = re.compile(r"^[0-9]+:[A-Za-z0-9_-]+$")
# Telegram's rule for the X-Telegram-Bot-Api-Secret-Token header.
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
#: Where the webhook server answers health probes (``GET``), beside the webhook's own path.
HEALTH_PATH = "/healthz"


class SettingsError(ValueError):
    """A missing or malformed setting, described in one line."""


class WebhookSettings(BaseModel):
    """Where the webhook server listens and the public HTTPS address Telegram posts to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str = Field(description="Public URL Telegram posts updates to.")
    listen: str = "127.0.0.1"
    port: int = Field(default=8443, ge=1, le=65535)
    secret_token: SecretStr

    @field_validator("url")
    @classmethod
    def _absolute_http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ValueError("must be an absolute URL such as https://bot.example.org/telegram")
        if "/" + parts.path.strip("/") == HEALTH_PATH:
            raise ValueError(f"must not have the path {HEALTH_PATH}: health probes use it")
        return value

    @field_validator("secret_token", mode="before")
    @classmethod
    def _telegram_secret(cls, value: object) -> object:
        text = value.get_secret_value() if isinstance(value, SecretStr) else value
        if not isinstance(text, str) or not _SECRET.fullmatch(text):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @property
    def url_path(self) -> str:
        """The path the webhook server answers Telegram on: the path of the public URL."""
        return urlsplit(self.url).path.strip("/")


class TelegramSettings(BaseModel):
    """Everything ``ie-bot telegram`` needs besides the knowledge base itself."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    token: SecretStr
    admin_ids: frozenset[int] = frozenset()
    db: Path
    knowledge: Path | None = None
    api_base_url: str | None = None
    webhook: WebhookSettings | None = None

    @field_validator("token", mode="before")
    @classmethod
    def _looks_like_a_token(cls, value: object) -> object:
        text = value.get_secret_value() if isinstance(value, SecretStr) else value
        if not isinstance(text, str) or not text.strip():
            raise ValueError("is missing: create a bot with @BotFather and set it to the token")
        if not _TOKEN.fullmatch(text.strip()):
            raise ValueError("does not look like a bot token (digits, a colon, then letters)")
        return text.strip()

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _comma_separated_ids(cls, value: object) -> object:
        if not isinstance(value, str):
            return value
        ids = []
        for part in filter(None, (p.strip() for p in value.split(","))):
            if not re.fullmatch(r"-?[0-9]+", part):
                raise ValueError(f"{part!r} is not a numeric Telegram user id")
            ids.append(int(part))
        return frozenset(ids)

    @field_validator("api_base_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and urlsplit(value).scheme not in {"http", "https"}:
            raise ValueError("must start with http:// or https:// (e.g. http://127.0.0.1:8081/bot)")
        return value


#: Field location -> the variable (or flag) a user sets, for error messages.
_NAMES = {
    ("token",): "TELEGRAM_BOT_TOKEN",
    ("admin_ids",): "IE_BOT_ADMIN_IDS",
    ("db",): "IE_BOT_DB",
    ("knowledge",): "IE_BOT_KNOWLEDGE",
    ("api_base_url",): "TELEGRAM_API_BASE_URL",
    ("webhook", "url"): "IE_BOT_WEBHOOK_URL (--webhook-url)",
    ("webhook", "listen"): "IE_BOT_WEBHOOK_LISTEN (--listen)",
    ("webhook", "port"): "IE_BOT_WEBHOOK_PORT (--port)",
    ("webhook", "secret_token"): "IE_BOT_WEBHOOK_SECRET",
}


def _one_line(exc: ValidationError) -> str:
    """The first problem, named by its variable; pydantic's text never includes the input."""
    error = exc.errors(include_input=False, include_url=False)[0]
    name = _NAMES.get(tuple(str(p) for p in error["loc"]), ".".join(map(str, error["loc"])))
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "missing":
        message = "is missing"
    more = len(exc.errors()) - 1
    return f"{name} {message}" + (f" (and {more} more problem(s))" if more else "")


def load_settings(
    environ: Mapping[str, str],
    *,
    db: Path | None = None,
    knowledge: Path | None = None,
    webhook: bool = False,
    webhook_url: str | None = None,
    listen: str | None = None,
    port: int | None = None,
) -> TelegramSettings:
    """Settings from ``environ``; flags (the keyword arguments) win over the environment.

    Without ``IE_BOT_WEBHOOK_SECRET`` a webhook gets a random secret for this run: the bot
    registers it with Telegram at start-up, so it only has to be stable across restarts
    if something else (a proxy) checks it.
    """
    raw: dict[str, object] = {
        "token": environ.get("TELEGRAM_BOT_TOKEN", ""),
        "admin_ids": environ.get("IE_BOT_ADMIN_IDS", ""),
        "db": db or environ.get("IE_BOT_DB") or default_db_path(),
        "knowledge": knowledge or environ.get("IE_BOT_KNOWLEDGE") or None,
        "api_base_url": environ.get("TELEGRAM_API_BASE_URL") or None,
    }
    if webhook:
        hook: dict[str, object] = {
            "url": webhook_url or environ.get("IE_BOT_WEBHOOK_URL"),
            "secret_token": environ.get("IE_BOT_WEBHOOK_SECRET") or secrets.token_urlsafe(32),
        }
        if listen or environ.get("IE_BOT_WEBHOOK_LISTEN"):
            hook["listen"] = listen or environ["IE_BOT_WEBHOOK_LISTEN"]
        if port is not None:  # --port 0 is validated (and refused) like IE_BOT_WEBHOOK_PORT=0
            hook["port"] = port
        elif environ.get("IE_BOT_WEBHOOK_PORT"):
            hook["port"] = environ["IE_BOT_WEBHOOK_PORT"]
        raw["webhook"] = {key: value for key, value in hook.items() if value is not None}
    try:
        return TelegramSettings.model_validate(raw)
    except ValidationError as exc:
        raise SettingsError(_one_line(exc)) from None
