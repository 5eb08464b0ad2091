"""The SQLite file's schema: create it, recognise it, migrate it, and name what is wrong.

A database is recognised before anything is written to it: an empty file gets the schema;
a file of an older ie-bot is migrated; anything else (someone else's SQLite database, a
newer schema, missing columns) is refused with one line, so ``ie-bot`` never adds its
tables to a file that is not its own, nor reports healthy on it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: ``PRAGMA application_id``: marks the file as ie-bot's ("iebt").
APPLICATION_ID = 0x69656274
#: ``PRAGMA user_version`` of the schema below. 0 = before versioning (migrated to 1).
SCHEMA_VERSION = 1

_TABLES = """
CREATE TABLE IF NOT EXISTS conversations (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    updated_at REAL NOT NULL,
    version INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    conversation TEXT NOT NULL,
    text TEXT NOT NULL,
    intent TEXT NOT NULL,
    confidence REAL NOT NULL,
    fallback INTEGER NOT NULL,
    normalised TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT 'answered'
);
CREATE TABLE IF NOT EXISTS activity (
    kind TEXT PRIMARY KEY,
    count INTEGER NOT NULL
);
"""
#: The columns each table must have, for the schema check.
COLUMNS = {
    "conversations": {"key", "state", "updated_at", "version"},
    "questions": {"id", "at", "conversation", "text", "intent", "confidence", "fallback",
                  "normalised", "outcome"},
    "activity": {"kind", "count"},
}
_LEGACY = {"conversations": {"key", "state", "updated_at"}}


class StorageError(Exception):
    """The database cannot do what was asked; the message is one line naming file and cause."""


def describe(path: Path | str, exc: BaseException) -> StorageError:
    """``database <path> <what is wrong>`` for a sqlite3 or OS error."""
    text = str(exc)
    causes = {
        "database disk image is malformed": "is corrupt (database disk image is malformed)",
        "file is not a database": "is not an SQLite database (file is not a database)",
        "attempt to write a readonly database": "is read-only",
        "database or disk is full": "cannot be written: the disk is full",
        "unable to open database file": "cannot be opened (unable to open database file)",
        "database is locked": "is locked by another process (gave up waiting)",
        "disk I/O error": "cannot be read or written (disk I/O error)",
        "closed database": "is closed",
    }
    what = next((v for k, v in causes.items() if k in text), None)
    if what is None and isinstance(exc, OSError):
        what = f"cannot be opened: {exc.strerror or text}"
    return StorageError(f"database {path} {what or 'failed: ' + text}")


def _tables(db: sqlite3.Connection) -> dict[str, set[str]]:
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {name: {r[1] for r in db.execute(f"PRAGMA table_info({_quote(name)})")}
            for name in names}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def check(db: sqlite3.Connection, path: Path | str) -> str:
    """What the file is: ``"ours"``, ``"empty"`` or ``"legacy"``; raise if it is neither."""
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    tables = _tables(db)
    if app_id == APPLICATION_ID:
        if version > SCHEMA_VERSION:
            raise StorageError(f"database {path} was written by a newer ie-bot "
                               f"(schema {version}; this one knows {SCHEMA_VERSION})")
        if version == SCHEMA_VERSION:
            missing = [f"{t}.{c}" for t, cols in COLUMNS.items()
                       for c in sorted(cols - tables.get(t, set()))]
            if missing:
                raise StorageError(f"database {path} has a damaged schema "
                                   f"(missing {', '.join(missing[:3])})")
            return "ours"
        return "legacy"
    if app_id == 0 and not tables:
        return "empty"
    if app_id == 0 and all(cols <= tables.get(t, set()) for t, cols in _LEGACY.items()):
        return "legacy"
    listed = ", ".join(sorted(tables)[:4]) or "no tables"
    raise StorageError(f"database {path} is not an ie-bot database (it holds {listed})")


def create_or_migrate(db: sqlite3.Connection, what: str) -> None:
    """Bring an empty or legacy file to ``SCHEMA_VERSION``, in one transaction."""
    db.execute("BEGIN IMMEDIATE")
    try:
        tables = _tables(db)
        if what == "legacy":
            _add_columns(db, tables)
        for statement in filter(str.strip, _TABLES.split(";")):
            db.execute(statement)
        if what == "legacy" and "questions" in tables:
            _reclassify_legacy_rows(db)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _add_columns(db: sqlite3.Connection, tables: dict[str, set[str]]) -> None:
    additions = {
        "conversations": [("version", "INTEGER NOT NULL DEFAULT 0")],
        "questions": [("normalised", "TEXT NOT NULL DEFAULT ''"),
                      ("outcome", "TEXT NOT NULL DEFAULT 'answered'")],
    }
    for table, columns in additions.items():
        for name, decl in columns:
            if table in tables and name not in tables[table]:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {decl}")


def _reclassify_legacy_rows(db: sqlite3.Connection) -> None:
    """Old logs counted button presses as questions: count them as presses instead."""
    presses = db.execute("SELECT COUNT(*) FROM questions WHERE text LIKE '::%'").fetchone()[0]
    if presses:
        db.execute("INSERT INTO activity (kind, count) VALUES ('button', ?) "
                   "ON CONFLICT(kind) DO UPDATE SET count = count + excluded.count", (presses,))
        db.execute("DELETE FROM questions WHERE text LIKE '::%'")
    db.execute("UPDATE questions SET normalised = lower(trim(text)), "
               "outcome = CASE fallback WHEN 0 THEN 'answered' ELSE 'fallback' END "
               "WHERE normalised = ''")
