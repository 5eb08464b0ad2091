"""Options and helpers shared by several sub-commands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ie_bot.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from ie_bot.storage import SqliteStore, StorageError, default_db_path


def add_knowledge_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--knowledge", metavar="DIR", type=Path, default=None,
        help="knowledge directory (default: $IE_BOT_KNOWLEDGE or the bundled one)",
    )


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="PATH", type=Path, default=None,
        help="SQLite database (default: $IE_BOT_DB or the user data directory)",
    )


def db_path(args: argparse.Namespace) -> Path:
    if getattr(args, "db", None):
        return Path(args.db)
    configured = os.environ.get("IE_BOT_DB")
    return Path(configured) if configured else default_db_path()


def open_store(args: argparse.Namespace, *, readonly: bool = False) -> SqliteStore:
    """The store, or ``CommandError`` with one line naming the file and what is wrong."""
    try:
        return SqliteStore(db_path(args), readonly=readonly)
    except StorageError as exc:
        raise CommandError(str(exc)) from None


def text_stdout() -> None:
    """Print whatever the terminal's encoding cannot show as '?', instead of crashing."""
    _reconfigure(errors="replace")


def json_stdout() -> None:
    """JSON goes out as UTF-8 whatever the locale (RFC 8259), so ``--json`` never fails
    on a Latin-1 or ASCII terminal and scripts always read the same bytes."""
    _reconfigure(encoding="utf-8", errors="replace")


def _reconfigure(**settings: str) -> None:
    reconfigure = getattr(sys.stdout, "reconfigure", None)  # absent on test capture streams
    if reconfigure is not None:
        sys.stdout.flush()
        reconfigure(**settings)


class CommandError(Exception):
    """A problem to report in one line, with exit code 2, instead of a traceback."""


def load_or_report(directory: Path | None) -> KnowledgeBase | None:
    """Load the knowledge base; on failure print every problem to stderr and return None."""
    try:
        return load_knowledge(directory)
    except KnowledgeError as exc:
        print("ie-bot: the knowledge base has errors:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return None
