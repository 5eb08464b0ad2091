"""`ie-bot healthcheck`: exit 0 if the bot can serve, 1 (and one line saying why) if not.

Docker's HEALTHCHECK and orchestrators' probes run it with the same environment as the
bot, so it checks the knowledge base and database the bot would use.
"""

from __future__ import annotations

import argparse
import sys

from ie_bot.cli.common import add_db_option, add_knowledge_option, db_path
from ie_bot.health import check_health


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "healthcheck",
        help="exit 0 if the knowledge base loads and the database is writable, else 1",
        description="Check that the bot is able to serve: the knowledge base loads and "
        "the database takes a write. Exits 0 if so; otherwise prints one line saying what "
        "is wrong and exits 1.",
    )
    add_knowledge_option(parser)
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    report = check_health(args.knowledge, db_path(args))
    if report.ok:
        print(f"ie-bot: {report.summary()}")
        return 0
    print(f"ie-bot: {report.summary()}", file=sys.stderr)
    return 1
