"""The one error handler: log first, then apologise to the user without details.

A second instance polling the same token (Telegram's 409 Conflict) is reported once and
stops this one cleanly; an error while polling is a warning (PTB retries); any other error
is logged with its traceback, and the user hears only that something went wrong.
"""

from __future__ import annotations

import contextlib
import logging

from telegram import Update
from telegram.error import Conflict, NetworkError, TelegramError
from telegram.ext import ContextTypes

log = logging.getLogger(__name__)

SORRY = "Sorry, something went wrong on my side. Please try again in a moment."
CONFLICT = (
    "Another instance is already polling Telegram with this bot token (409 Conflict); "
    "stopping this one. Run one instance per token, or use --webhook."
)


class ErrorReporter:
    """The application's error handler; remembers a conflict so the CLI can exit non-zero."""

    def __init__(self) -> None:
        self.conflict = False

    async def __call__(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        if isinstance(error, Conflict):
            if not self.conflict:
                self.conflict = True
                log.error(CONFLICT)
                context.application.stop_running()
            return
        if update is None and isinstance(error, NetworkError):
            log.warning("Telegram could not be reached while polling (%s); retrying.", error)
            return
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("Update %s could not be handled", update_id, exc_info=error)
        if isinstance(update, Update):
            await _apologise(update, context)


async def _apologise(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Best effort: the error may have been Telegram itself refusing to send."""
    if update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, SORRY)
        except TelegramError as exc:
            log.warning("Could not tell the user about the error either: %s", exc)
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):  # unless the handler had answered it
            await update.callback_query.answer()
