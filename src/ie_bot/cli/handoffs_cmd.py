"""`ie-bot handoffs`: the requests students sent to a human advisor; list and answer them.

This is how advisors work without Telegram (and from the console channel). On Telegram the
running bot passes an answer written here on to the student within its retry interval.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys

from ie_bot.cli.common import CommandError, add_db_option, db_path


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "handoffs", help="list and answer students' requests for a human advisor",
        description="Requests students sent to an advisor (\"talk to a person\", /contact, "
        "\"Ask an advisor\"). An answer is passed on to the student: on Telegram by the "
        "running bot, in the console at the student's next message.")
    add_db_option(parser)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    listing = actions.add_parser("list", help="open requests (default), or --all")
    listing.add_argument("--all", action="store_true", help="answered and closed ones too")
    show = actions.add_parser("show", help="one request with what the student shared")
    show.add_argument("id", help="the request's number, e.g. 12 or #12")
    answer = actions.add_parser("answer", help="answer a request (relayed to the student)")
    answer.add_argument("id", help="the request's number, e.g. 12 or #12")
    answer.add_argument("text", nargs="+", help="the answer")
    answer.add_argument("--by", default="advisor", help="who answers (kept with the answer)")
    close = actions.add_parser("close", help="close a request without answering it")
    close.add_argument("id", help="the request's number, e.g. 12 or #12")
    for action in (listing, show, answer, close):  # --db before or after the action
        action.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                            help=argparse.SUPPRESS)
    parser.set_defaults(run=run, action="list")


def run(args: argparse.Namespace) -> int:
    from ie_bot.handoff import HandoffStore

    try:
        store = HandoffStore(db_path(args))
    except (OSError, sqlite3.Error) as exc:
        print(f"ie-bot: cannot open the database {db_path(args)}: {exc}", file=sys.stderr)
        return 2
    try:
        return _act(store, args)
    except CommandError as exc:
        print(f"ie-bot: {exc}", file=sys.stderr)
        return 2
    finally:
        store.close()


def _act(store, args: argparse.Namespace) -> int:  # type: ignore[no-untyped-def]
    from ie_bot.handoff import text

    if args.action == "list":
        every = getattr(args, "all", False)
        states = ("open", "answered", "closed") if every else ("open",)
        found = store.listed(states) + ([] if every else store.undelivered())
        for handoff in found:
            print(text.one_line(handoff))
        if not found:
            print("No requests yet." if every else "No open requests.")
        return 0
    handoff = store.get(_number(args.id))
    if handoff is None:
        raise CommandError(f"there is no request {args.id}")
    if args.action == "show":
        print(text.for_advisors(handoff, hint=False))
        if handoff.answer:
            print(f"\nAnswer ({handoff.answered_by}): {handoff.answer}")
        return 0
    if args.action == "close":
        store.close_request(handoff.id)
        print(f"Closed {handoff.label}.")
        return 0
    answer = " ".join(args.text).strip()
    if not answer:
        raise CommandError("the answer is empty")
    store.answer(handoff.id, answer, by=args.by)
    print(f"Answered {handoff.label}; it will be passed on to the student.")
    return 0


def _number(raw: str) -> int:
    from ie_bot.handoff import parse_id

    number = parse_id(raw)
    if number is None:
        raise CommandError(f"{raw!r} is not a request number (e.g. 12 or #12)")
    return number
