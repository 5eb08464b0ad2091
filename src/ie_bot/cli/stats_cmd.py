"""`ie-bot stats`: what students asked, and what the bot could not answer (for authors)."""

from __future__ import annotations

import argparse
import sys

from ie_bot.cli.common import CommandError, add_db_option, db_path, open_store, text_stdout
from ie_bot.storage import StorageError


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "stats", help="questions asked, answered share, top unanswered questions")
    parser.add_argument("--top", type=int, default=10, metavar="N",
                        help="how many unanswered questions to list (default 10)")
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Reads only: the database is opened read-only, and a missing one means no questions."""
    text_stdout()
    if not db_path(args).exists() and db_path(args).parent.is_dir():
        print(f"No questions logged yet (there is no database at {db_path(args)}).")
        return 0
    try:
        store = open_store(args, readonly=True)
    except CommandError as exc:
        print(f"ie-bot: {exc}", file=sys.stderr)
        return 2
    try:
        print(store.stats(top=max(args.top, 0)).summary())
    except StorageError as exc:
        print(f"ie-bot: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
    return 0
