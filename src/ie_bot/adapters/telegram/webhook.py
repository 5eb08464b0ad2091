"""Webhook mode on our own tornado server, so that ``GET /healthz`` shares the webhook's port.

PTB's ``run_webhook`` owns its tornado application and has no public way to add a route, so
this follows PTB's "Custom Webhook Bot" example: start the Application ourselves and put each
update Telegram posts on ``application.update_queue``. The example serves with starlette;
tornado is used here because PTB's ``webhooks`` extra already installs it.

The life cycle is ``run_webhook``'s, hooks included, so both modes behave the same:
initialize, ``post_init``, set the webhook, start; then, on SIGTERM or SIGINT, stop taking
requests, ``stop`` (which finishes the updates in hand), ``post_stop``, shutdown,
``post_shutdown``. Unlike ``run_webhook``, the port is bound *before* the webhook is set,
so a taken port fails the start without pointing Telegram at a server that is not there.

The server is ``http_guard.GuardedHTTPServer``: bodies capped at 256 KB and streamed (the
secret is checked before the body is read), header, body and idle timeouts, connections
bounded below the open-file limit, and repeated connection errors logged once with a count.

The webhook stays registered on exit, as with ``run_webhook``: Telegram keeps the updates
sent while the bot is down (up to 24 hours) and delivers them once it is back, and in a
rolling deployment the old instance's exit must not unregister the new instance.

``Application.stop_running`` is meant for PTB's own run methods only; nothing calls it in
this mode (the error handler does so only for a 409 Conflict, which answers ``getUpdates``
and so only happens while polling).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import signal
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import tornado.web
from telegram import Update
from telegram.ext import Application

from ie_bot.adapters.telegram.http_guard import (
    LIMITS,
    GuardedHTTPServer,
    Limits,
    install_repeat_filter,
)
from ie_bot.adapters.telegram.settings import HEALTH_PATH, WebhookSettings
from ie_bot.health import HealthReport, check_health

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


@tornado.web.stream_request_body
class TelegramUpdates(tornado.web.RequestHandler):
    """``POST <webhook path>``: check Telegram's secret header, queue the update, answer 200.

    The body is streamed: the secret is checked on the headers, before any of the body is
    read, and a request without it is answered 403 and its connection closed, so an
    unauthenticated client cannot make the process buffer anything.
    """

    def initialize(self, telegram_app: Application, secret: bytes) -> None:
        self.telegram_app = telegram_app  # (``self.application`` is tornado's)
        self.secret = secret
        self.body = bytearray()

    def prepare(self) -> None:
        if self.request.method != "POST":
            return  # tornado answers 405
        sent = self.request.headers.get(SECRET_HEADER, "").encode("utf-8", "replace")
        if not hmac.compare_digest(sent, self.secret):
            log.warning("Refused webhook requests without the right secret token.")
            self._answer(403, "forbidden")

    def data_received(self, chunk: bytes) -> None:
        self.body += chunk  # bounded by the server's max_body_size

    async def post(self) -> None:
        """Telegram's delivery: answered once queued, since Telegram resends on anything else."""
        try:
            update = Update.de_json(json.loads(self.body), self.telegram_app.bot)
        except Exception:  # whatever PTB raises on it, the body is not an update we can read
            log.exception("Could not read an update Telegram posted; answered 400.")
            self._answer(400, "bad update")
            return
        self.telegram_app.bot.insert_callback_data(update)  # as PTB's own webhook does
        await self.telegram_app.update_queue.put(update)
        self._answer(200, "")

    def _answer(self, status: int, text: str) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(text)


class Health(tornado.web.RequestHandler):
    """``GET /healthz``: 200 ``healthy`` or 503 ``unhealthy: ...``, for probes and proxies."""

    def initialize(self, probe: HealthProbe) -> None:
        self.probe = probe

    async def get(self) -> None:
        report = await self.probe.report()
        self.set_status(report.http_status)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(report.summary())


class HealthProbe:
    """Runs the check off the event loop, one at a time; probes that arrive while a check
    runs share the next one, so a flood of probes costs one check at a time, never a
    knowledge-base load each, and no answer is older than the probe that asked."""

    def __init__(self, knowledge_dir: Path | None, db_path: Path) -> None:
        self.knowledge_dir, self.db_path = knowledge_dir, db_path
        self._last: tuple[float, HealthReport] | None = None  # (started at, report)
        self._lock = asyncio.Lock()

    async def report(self) -> HealthReport:
        asked = time.monotonic()
        async with self._lock:
            if self._last is None or self._last[0] < asked:
                started = time.monotonic()
                report = await asyncio.to_thread(check_health, self.knowledge_dir, self.db_path)
                self._last = (started, report)
            return self._last[1]


def _no_access_log(handler: tornado.web.RequestHandler) -> None:
    """Like PTB's server: no line per request (probes would flood the log)."""


class WebhookServer:
    """The HTTP side of webhook mode: the webhook path and ``/healthz`` on one port."""

    def __init__(self, application: Application, hook: WebhookSettings, *,
                 knowledge_dir: Path | None, db_path: Path, limits: Limits = LIMITS) -> None:
        self.hook = hook
        webhook_path = re.escape("/" + hook.url_path) if hook.url_path else ""
        secret = hook.secret_token.get_secret_value().encode()
        routes: list[Any] = [
            (f"{webhook_path}/?", TelegramUpdates,
             {"telegram_app": application, "secret": secret}),
            (re.escape(HEALTH_PATH), Health, {"probe": HealthProbe(knowledge_dir, db_path)}),
        ]
        app = tornado.web.Application(routes, log_function=_no_access_log)
        install_repeat_filter()
        self._http = GuardedHTTPServer(app, limits=limits)

    def listen(self) -> None:
        """Bind the address now (``OSError`` if taken) and serve on the running event loop."""
        self._http.listen(self.hook.port, address=self.hook.listen)

    async def close(self) -> None:
        """Stop accepting requests and close open connections."""
        self._http.stop()
        await self._http.close_all_connections()


def _stop_on_signals() -> asyncio.Event:
    """An event that SIGINT or SIGTERM sets (instead of raising inside whatever runs)."""
    stop, loop = asyncio.Event(), asyncio.get_running_loop()
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, stop.set)
    return stop


async def serve_webhook(application: Application, hook: WebhookSettings, *,
                        knowledge_dir: Path | None, db_path: Path,
                        allowed_updates: Sequence[str]) -> None:
    """Receive updates on the webhook until SIGINT/SIGTERM; errors propagate to the caller."""
    server = WebhookServer(application, hook, knowledge_dir=knowledge_dir, db_path=db_path)
    stop = _stop_on_signals()  # from here on, a signal is a request to stop, never an abort
    try:
        async with application:  # initialize now, shutdown on the way out
            if application.post_init:
                await application.post_init(application)
            server.listen()
            try:
                await application.bot.set_webhook(
                    hook.url, secret_token=hook.secret_token.get_secret_value(),
                    allowed_updates=allowed_updates)
                await application.start()
                log.info("Serving the webhook and %s on %s:%s.",
                         HEALTH_PATH, hook.listen, hook.port)
                await stop.wait()
            finally:
                # Close first: every update answered 200 is then on the queue for stop().
                await server.close()
                if application.running:
                    await application.stop()
                    if application.post_stop:
                        await application.post_stop(application)
    finally:
        if application.post_shutdown:
            await application.post_shutdown(application)
        for sig in STOP_SIGNALS:
            asyncio.get_running_loop().remove_signal_handler(sig)
