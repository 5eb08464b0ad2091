"""`ie-bot eligibility --profile FILE [--json]`: the eligibility verdict for a profile file.

The same ``evaluate`` as the guided check in a conversation, for scripts and for
checking the rules by hand. A bad profile is one line on stderr and exit code 2,
never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ie_bot.cli.common import CommandError, add_knowledge_option, load_or_report
from ie_bot.eligibility.profile import Profile
from ie_bot.eligibility.render import render
from ie_bot.eligibility.verdict import evaluate
from ie_bot.knowledge import KnowledgeBase
from ie_bot.knowledge.files import FileRefused, YamlSyntaxError, parse_json, parse_yaml, read_text

KEYS = ", ".join(Profile.model_fields)
MAX_PROFILE_BYTES = 64 * 1024


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "eligibility", help="check a student profile (YAML or JSON) against the entry criteria",
        description=f"Evaluate a profile file against every programme's entry criteria. Keys "
        f"(all optional; a missing key is unknown): {KEYS}.",
    )
    parser.add_argument("--profile", metavar="FILE", type=Path, required=True,
                        help="the profile, as YAML or JSON (.json)")
    parser.add_argument("--json", action="store_true", help="print the verdicts as JSON")
    add_knowledge_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        profile = read_profile(args.profile)
    except CommandError as exc:
        print(f"ie-bot: {exc}", file=sys.stderr)
        return 2
    knowledge = load_or_report(args.knowledge)
    if knowledge is None:
        return 2
    try:
        check_programmes(profile, knowledge, args.profile)
    except CommandError as exc:
        print(f"ie-bot: {exc}", file=sys.stderr)
        return 2
    verdicts = evaluate(knowledge, profile)
    if args.json:
        shape = {"programmes": {pid: v.public_json() for pid, v in verdicts.items()}}
        print(json.dumps(shape, ensure_ascii=False, indent=2))
    else:
        print(render(knowledge, verdicts))
    return 0


def read_profile(path: Path) -> Profile:
    """Read and validate a profile file; every failure is a ``CommandError`` naming the key."""
    try:
        text = read_text(path, max_bytes=MAX_PROFILE_BYTES)  # a FIFO or /dev/zero: refused
    except (OSError, UnicodeDecodeError, FileRefused) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise CommandError(f"cannot read profile {path}: {reason}") from None
    data = _parse(path, text)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise CommandError(f"profile {path} must be a mapping of keys ({KEYS}), "
                           f"not a {type(data).__name__}")
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_describe(error) for error in exc.errors())
        raise CommandError(f"invalid profile {path}: {problems}") from None


def _parse(path: Path, text: str) -> Any:
    if path.suffix.lower() == ".json":
        try:
            return parse_json(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"profile {path} is not valid JSON (line {exc.lineno}): "
                               f"{exc.msg}") from None
        except ValueError as exc:  # too deep, a 5,000-digit number
            raise CommandError(f"profile {path} is not valid JSON: {exc}") from None
    try:
        return parse_yaml(text)[0]
    except YamlSyntaxError as exc:
        where = f" (line {exc.line})" if exc.line is not None else ""
        raise CommandError(f"profile {path} is not valid YAML{where}: {exc.problem}") from None


def _describe(error: Any) -> str:
    key = ".".join(str(part) for part in error["loc"]) or "profile"
    if error["type"] == "extra_forbidden":
        return f"{key}: unknown key (known keys: {KEYS})"
    return f"{key}: {error['msg'].removeprefix('Value error, ')}"


def check_programmes(profile: Profile, knowledge: KnowledgeBase, path: Path) -> None:
    """Profile ids must name programmes that have entry criteria."""
    known = list(knowledge.eligibility)
    unknown = [p for p in profile.programmes or [] if p not in knowledge.eligibility]
    if unknown:
        raise CommandError(f"invalid profile {path}: programmes: unknown programme "
                           f"{unknown[0]!r} (known: {', '.join(known)})")
