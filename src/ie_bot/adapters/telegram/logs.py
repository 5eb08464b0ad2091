"""Logging for the bot process: no secret in any line, and no tracebacks for the expected.

httpx logs every request URL at INFO, and Bot API URLs contain the token; PTB logs its
base URL (token included) at DEBUG. httpx is set to WARNING, and every formatted line,
tracebacks included, has the secrets replaced, whatever logger wrote it.

PTB logs a full traceback when Telegram cannot be reached at start-up, rejects the token
or reports a second instance (409 Conflict); the bot reports each of those in its own
words, so PTB's record is shortened to one line (or, for the conflict, dropped).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram.error import Conflict, TelegramError

REDACTED = "[redacted]"


class RedactingFormatter(logging.Formatter):
    """A formatter that replaces each secret (and the secret half of a bot token)."""

    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        parts = set()
        for secret in secrets:
            if secret:
                parts.add(secret)
                if ":" in secret:
                    parts.add(secret.split(":", 1)[1])
        self._secrets = sorted(parts, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text


class TelegramErrorLines(logging.Filter):
    """PTB's records of Bot API errors: one line each, and none for a conflict."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if not record.name.startswith("telegram") or not isinstance(error, TelegramError):
            return True
        if isinstance(error, Conflict):
            return False  # the error handler has said it once, in plain words
        record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
        record.args = None
        record.exc_info = record.exc_text = None
        return True


def configure_logging(secrets: Iterable[str], *, verbose: bool = False) -> None:
    """Root logging to stderr through the redacting formatter."""
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(
        "%(asctime)s %(levelname)s %(name)s: %(message)s", secrets))
    handler.addFilter(TelegramErrorLines())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
