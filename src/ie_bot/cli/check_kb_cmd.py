"""`ie-bot check-kb [DIR]`: validate and lint a knowledge directory."""

from __future__ import annotations

import argparse
from pathlib import Path

from ie_bot.cli.common import load_or_report
from ie_bot.knowledge.lint import lint


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser("check-kb", help="validate and lint the knowledge base")
    parser.add_argument("directory", nargs="?", type=Path, default=None,
                        help="knowledge directory (default: $IE_BOT_KNOWLEDGE or bundled)")
    parser.add_argument("--knowledge", dest="knowledge_option", type=Path, default=None,
                        help=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    knowledge = load_or_report(args.directory or args.knowledge_option)
    if knowledge is None:
        return 1
    problems = lint(knowledge)
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        print(problem)
    facts = sum(len(f) for f in knowledge.facts.values())
    print(f"{len(knowledge.programmes)} programmes, {len(knowledge.intents)} intents, "
          f"{facts} facts: {len(errors)} errors, {len(problems) - len(errors)} warnings")
    return 1 if errors else 0
