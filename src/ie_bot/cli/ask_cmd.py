"""`ie-bot ask "QUESTION"`: one question, one answer, nothing stored."""

from __future__ import annotations

import argparse
import json

from ie_bot.adapters.console import render, terminal_width
from ie_bot.cli.common import add_knowledge_option, json_stdout, load_or_report, text_stdout
from ie_bot.service import Advisor
from ie_bot.storage import SqliteStore


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser("ask", help="ask one question and print the answer")
    parser.add_argument("question", help="the question, in quotes")
    parser.add_argument("--json", action="store_true", help="print the reply as JSON")
    add_knowledge_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    knowledge = load_or_report(args.knowledge)
    if knowledge is None:
        return 2
    json_stdout() if args.json else text_stdout()
    store = SqliteStore(":memory:")
    try:
        reply = Advisor(knowledge, store).handle("ask", args.question)
    finally:
        store.close()
    print(json.dumps(reply.public_json(), ensure_ascii=False) if args.json
          else render(reply, terminal_width()))
    return 0
