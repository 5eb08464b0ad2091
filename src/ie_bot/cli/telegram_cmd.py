"""`ie-bot telegram`: run the bot with long polling, or with --webhook on a webhook server."""

from __future__ import annotations

import argparse
import os
import sys

from ie_bot.cli.common import add_db_option, add_knowledge_option, load_or_report


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "telegram", help="run the Telegram bot (long polling, or --webhook)",
        description="Run ie-bot on Telegram. Needs TELEGRAM_BOT_TOKEN (from @BotFather). "
        "Optional: IE_BOT_ADMIN_IDS (comma-separated user ids for /stats and /reload), "
        "IE_BOT_DB, IE_BOT_KNOWLEDGE, TELEGRAM_API_BASE_URL (a self-hosted Bot API server, "
        "e.g. http://127.0.0.1:8081/bot) and, for --webhook, IE_BOT_WEBHOOK_URL, "
        "IE_BOT_WEBHOOK_LISTEN, IE_BOT_WEBHOOK_PORT and IE_BOT_WEBHOOK_SECRET. "
        "In webhook mode the same port answers GET /healthz: 200 'healthy', or 503 and why.",
    )
    add_knowledge_option(parser)
    add_db_option(parser)
    parser.add_argument("--webhook", action="store_true",
                        help="receive updates on a webhook instead of long polling "
                        "(the port also serves GET /healthz)")
    parser.add_argument("--webhook-url", metavar="URL",
                        help="public URL Telegram posts to (default: $IE_BOT_WEBHOOK_URL)")
    parser.add_argument("--listen", metavar="ADDRESS",
                        help="address the webhook server binds (default: $IE_BOT_WEBHOOK_LISTEN "
                        "or 127.0.0.1)")
    parser.add_argument("--port", metavar="PORT", type=int,
                        help="port of the webhook server (default: $IE_BOT_WEBHOOK_PORT or 8443)")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # Imported here so that the other sub-commands do not pay for importing PTB.
    from ie_bot.adapters.telegram import SettingsError, TelegramBot, load_settings
    from ie_bot.adapters.telegram.logs import configure_logging
    from ie_bot.service import Advisor
    from ie_bot.storage import SqliteStore, StorageError

    try:
        settings = load_settings(
            os.environ, db=args.db, knowledge=args.knowledge, webhook=args.webhook,
            webhook_url=args.webhook_url, listen=args.listen, port=args.port,
        )
    except SettingsError as exc:
        print(f"ie-bot: {exc}", file=sys.stderr)
        return 2
    secrets = [settings.token.get_secret_value()]
    if settings.webhook is not None:
        secrets.append(settings.webhook.secret_token.get_secret_value())
    configure_logging(secrets, verbose=args.verbose)
    knowledge = load_or_report(settings.knowledge)
    if knowledge is None:
        return 2
    try:
        store = SqliteStore(settings.db)
    except StorageError as exc:  # one line naming the file and the cause
        print(f"ie-bot: {exc}", file=sys.stderr)
        return 2
    return TelegramBot(settings, Advisor(knowledge, store)).run()
