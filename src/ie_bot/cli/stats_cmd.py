"""`ie-bot stats`: what students asked, and what the bot could not answer (for authors)."""

from __future__ import annotations

import argparse

from ie_bot.cli.common import add_db_option, open_store


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "stats", help="questions asked, answered share, top unanswered questions")
    parser.add_argument("--top", type=int, default=10, metavar="N",
                        help="how many unanswered questions to list (default 10)")
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        print(store.stats(top=max(args.top, 0)).summary())
    finally:
        store.close()
    return 0
