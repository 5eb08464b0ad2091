"""Assemble PTB's Application around an Advisor, and run it (long polling or webhook).

Everything is registered here, in one place; the callbacks live in ``handlers``, and the
webhook server (with its ``/healthz``) in ``webhook``.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import LinkPreviewOptions, Update
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from ie_bot.adapters.telegram import commands
from ie_bot.adapters.telegram.backpressure import UpdateQueue
from ie_bot.adapters.telegram.desk import AdvisorDesk
from ie_bot.adapters.telegram.errors import ErrorReporter
from ie_bot.adapters.telegram.handlers import Handlers
from ie_bot.adapters.telegram.lean import LeanApplication
from ie_bot.adapters.telegram.serial import Serialiser
from ie_bot.adapters.telegram.settings import TelegramSettings
from ie_bot.adapters.telegram.throttle import FloodGuard
from ie_bot.adapters.telegram.webhook import serve_webhook
from ie_bot.handoff import HandoffStore
from ie_bot.service import Advisor

log = logging.getLogger(__name__)

#: The only updates the bot asks Telegram for.
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]

_NEW = filters.UpdateType.MESSAGE  # commands and texts: new messages only, never edits
#: Updates in hand (queued or being handled) before the bot stops fetching more.
MAX_IN_HAND = 64


class TelegramBot:
    """ie-bot on Telegram: PTB's Application, our handlers and error reporter, one Advisor.

    ``request`` replaces the network (tests and the benchmark pass a recording one);
    ``rate_limiter`` defaults to PTB's AIORateLimiter with Telegram's limits;
    ``max_in_hand`` bounds the updates queued or being handled (backpressure).
    """

    def __init__(self, settings: TelegramSettings, advisor: Advisor, *,
                 request: BaseRequest | None = None, flood: FloodGuard | None = None,
                 rate_limiter: BaseRateLimiter | None = None,
                 handoffs: HandoffStore | None = None, max_in_hand: int = MAX_IN_HAND) -> None:
        self.settings = settings
        self.advisor = advisor
        self.errors = ErrorReporter()
        self.serial = Serialiser()
        self.desk = AdvisorDesk(handoffs or HandoffStore(settings.db), self.serial,
                                chat_id=settings.advisor_chat_id,
                                advisor_ids=settings.advisor_ids | settings.admin_ids
                                if settings.advisor_ids else frozenset())
        self.handlers = Handlers(advisor, flood=flood or FloodGuard(),
                                 admin_ids=settings.admin_ids, knowledge_dir=settings.knowledge,
                                 serial=self.serial, desk=self.desk)
        self._retrying: asyncio.Task[None] | None = None
        builder = (
            Application.builder()
            .application_class(LeanApplication)
            .token(settings.token.get_secret_value())
            .update_queue(UpdateQueue(max_in_hand))
            .concurrent_updates(max_in_hand)
            .rate_limiter(rate_limiter or AIORateLimiter(max_retries=2))
            .defaults(Defaults(link_preview_options=LinkPreviewOptions(is_disabled=True)))
            .post_init(self._post_init)
            .post_stop(self._post_stop)
            .post_shutdown(self._post_shutdown)
        )
        if settings.api_base_url:
            builder = builder.base_url(settings.api_base_url)
        if settings.file_url:
            builder = builder.base_file_url(settings.file_url)
        if request is not None:
            builder = builder.request(request).get_updates_request(request)
        self.application = builder.build()
        self._register()

    def _register(self) -> None:
        app, on = self.application, self.handlers
        if self.settings.advisor_chat_id is not None:  # first, and it stops the others
            app.add_handler(MessageHandler(filters.Chat(self.settings.advisor_chat_id),
                                           self.desk.on_update), group=-1)
        for command in commands.PUBLIC:
            if command.engine_text is not None:
                app.add_handler(CommandHandler(command.name, on.ask(command.engine_text), _NEW))
        app.add_handler(CommandHandler("start", on.start, _NEW))
        app.add_handler(CommandHandler("about", on.about, _NEW))
        # Admin commands (IE_BOT_ADMIN_IDS only) stay out of the menu.
        app.add_handler(CommandHandler("stats", on.stats, _NEW))
        app.add_handler(CommandHandler("reload", on.reload, _NEW))
        app.add_handler(MessageHandler(_NEW & filters.COMMAND, on.unknown_command))
        app.add_handler(CallbackQueryHandler(on.button))
        app.add_handler(MessageHandler(_NEW & filters.TEXT & ~filters.COMMAND, on.text))
        app.add_handler(MessageHandler(
            _NEW & ~filters.TEXT & ~filters.StatusUpdate.ALL, on.not_text))
        app.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, on.edited))
        app.add_error_handler(self.errors)

    async def _post_init(self, application: Application) -> None:
        """Publish the command menu (admin commands stay out of it); commands work without it.

        Then start retrying handoff requests not yet posted or answers not yet delivered.
        """
        try:
            await application.bot.set_my_commands(commands.menu())
        except TelegramError as exc:
            log.warning("Could not publish the command menu: %s", exc)
        self._retrying = asyncio.create_task(self.desk.retry_forever(application.bot))

    async def _post_stop(self, application: Application) -> None:
        if self._retrying is not None:
            self._retrying.cancel()

    async def _post_shutdown(self, application: Application) -> None:
        """State is saved after every message; finish the worker's calls, close the stores."""
        await self._post_stop(application)
        self.serial.shutdown()
        self.desk.store.close()
        self.advisor.store.close()

    def run(self) -> int:
        """Poll (or serve the webhook) until SIGINT/SIGTERM; the exit status for the CLI."""
        try:
            if self.settings.webhook is None:
                self.application.run_polling(allowed_updates=ALLOWED_UPDATES)
            else:
                asyncio.run(serve_webhook(
                    self.application, self.settings.webhook, knowledge_dir=self.settings.knowledge,
                    db_path=self.settings.db, allowed_updates=ALLOWED_UPDATES))
        except InvalidToken:
            log.error("Telegram rejected the bot token: check TELEGRAM_BOT_TOKEN.")
            return 2
        except BadRequest as exc:  # e.g. a webhook URL Telegram does not accept
            log.error("Telegram refused to start the bot: %s", exc)
            return 2
        except NetworkError as exc:
            log.error("Could not reach the Telegram Bot API (%s): check the network "
                      "and TELEGRAM_API_BASE_URL.", exc)
            return 1
        except TelegramError as exc:
            log.error("Telegram refused to start the bot: %s", exc)
            return 1
        except OSError as exc:  # the webhook server could not bind its address
            log.error("Could not start the webhook server: %s", exc)
            return 2
        return 1 if self.errors.conflict else 0
