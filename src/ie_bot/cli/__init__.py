"""The ``ie-bot`` command: one sub-command per module, registered in one place."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence

from ie_bot import __version__
from ie_bot.cli import (
    ask_cmd,
    check_kb_cmd,
    console_cmd,
    eligibility_cmd,
    eval_cmd,
    handoffs_cmd,
    healthcheck_cmd,
    stats_cmd,
    telegram_cmd,
)

COMMANDS = (console_cmd, ask_cmd, eval_cmd, check_kb_cmd, eligibility_cmd,
            stats_cmd, handoffs_cmd, telegram_cmd, healthcheck_cmd)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ie-bot",
        description="Advising bot for the MSc Industrial Ecology programmes "
        "(Leiden/TU Delft and NTNU). With no command: Telegram if TELEGRAM_BOT_TOKEN "
        "is set, otherwise the console.",
    )
    parser.add_argument("--version", action="version", version=f"ie-bot {__version__}")
    subcommands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.register(subcommands)
    return parser


def _exit_on_sigterm(signum: int, frame: object) -> None:
    """Python as PID 1 (in a container) ignores SIGTERM unless something handles it; exiting
    through SystemExit runs every ``finally``, so the console closes its database. The
    Telegram bot installs its own handler on the event loop, which takes precedence."""
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in {
        "-h", "--help", "--version"
    }):
        default = "telegram" if os.environ.get("TELEGRAM_BOT_TOKEN") else "console"
        args_list.insert(0, default)
    parser = build_parser()
    args = parser.parse_args(args_list)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `ie-bot eval ... | head`: the reader left, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
