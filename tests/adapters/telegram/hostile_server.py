"""A webhook server alone in a process, for tests that measure it from outside.

Usage: ``python hostile_server.py PORT KNOWLEDGE_DIR DB HEADER_TIMEOUT_S NOFILE``. It serves
the real ``WebhookServer`` (the webhook path and /healthz) with PTB's Application built but
not connected to Telegram, prints ``ready <pid>`` and serves until killed. ``NOFILE`` sets the
soft open-file limit, to reproduce a host where a few hundred sockets exhaust it.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import sys
from pathlib import Path

from telegram.ext import Application

from ie_bot.adapters.telegram.http_guard import Limits
from ie_bot.adapters.telegram.settings import WebhookSettings
from ie_bot.adapters.telegram.webhook import WebhookServer

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
SECRET = "hostile-test-secret"


async def main(port: int, knowledge: Path, db: Path, timeout_s: float) -> None:
    application = Application.builder().token(TOKEN).updater(None).build()
    hook = WebhookSettings(url="https://bot.example.org/tg-hook", listen="127.0.0.1",
                           port=port, secret_token=SECRET)
    limits = Limits(header_timeout_s=timeout_s, body_timeout_s=timeout_s)
    server = WebhookServer(application, hook, knowledge_dir=knowledge, db_path=db,
                           limits=limits)
    server.listen()
    print(f"ready {server._http.bound}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    nofile = int(sys.argv[5])
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, hard))
    asyncio.run(main(int(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]),
                     float(sys.argv[4])))
