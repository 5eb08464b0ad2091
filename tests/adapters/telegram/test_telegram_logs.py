"""No secret in any log line, tracebacks included; httpx's request lines are off."""

from __future__ import annotations

import logging

from ie_bot.adapters.telegram.logs import REDACTED, RedactingFormatter, configure_logging
from tests.adapters.telegram.tg_harness import TOKEN


def test_the_token_and_its_secret_half_are_redacted() -> None:
    formatter = RedactingFormatter("%(message)s", [TOKEN])
    try:
        raise RuntimeError(f"POST https://api.telegram.org/bot{TOKEN}/getMe failed")
    except RuntimeError as exc:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "url %s, half %s",
                                   (f"/bot{TOKEN}/", TOKEN.split(":")[1]), (RuntimeError, exc,
                                                                           exc.__traceback__))
    text = formatter.format(record)
    assert "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw" not in text
    assert text.count(REDACTED) == 3


def test_configure_logging_quiets_httpx() -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging([TOKEN])
        assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
        assert isinstance(root.handlers[0].formatter, RedactingFormatter)
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
