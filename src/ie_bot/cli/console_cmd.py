"""`ie-bot console`: talk to the bot in a terminal, or script it with --json."""

from __future__ import annotations

import argparse
import sys
import uuid

from ie_bot.adapters.console import Console
from ie_bot.cli.common import (
    CommandError,
    add_db_option,
    add_knowledge_option,
    db_path,
    json_stdout,
    load_or_report,
    open_store,
    text_stdout,
)
from ie_bot.service import Advisor
from ie_bot.storage import StorageError


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser("console", help="chat in the terminal (the default)")
    parser.add_argument("--json", action="store_true",
                        help="read one message per stdin line, print one JSON reply per line")
    parser.add_argument("--session", metavar="NAME",
                        help="resume (or start) a named, stored conversation")
    add_knowledge_option(parser)
    add_db_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    knowledge = load_or_report(args.knowledge)
    if knowledge is None:
        return 2
    json_stdout() if args.json else text_stdout()
    try:
        store = open_store(args)
    except CommandError as exc:
        print(f"ie-bot: {exc}", file=sys.stderr)
        return 2
    try:
        conversation = f"console:{args.session or uuid.uuid4().hex}"
        resumed = bool(args.session) and store.exists(conversation)
        console = Console(Advisor(knowledge, store), conversation)
        sys.stdin.reconfigure(errors="replace")  # type: ignore[union-attr]
        if args.json:
            return console.run_json(sys.stdin)
        history = db_path(args).with_name("console_history")
        return console.run_interactive(history, resumed)
    except StorageError as exc:  # turns report their own failures; this is start-up
        print(f"ie-bot: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()
