"""Handoff requests in their own SQLite table, beside the conversations (same file).

A request is written before anything is sent, so a crash, a restart or an unreachable
advisors' chat loses nothing: what was not posted or not delivered is found and retried.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from ie_bot.engine.handoff_types import HandoffRequest
from ie_bot.handoff.models import Handoff, HandoffState

_SCHEMA = """
CREATE TABLE IF NOT EXISTS handoffs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation TEXT NOT NULL,
    chat_id INTEGER,
    request TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'open',
    created_at REAL NOT NULL,
    posted_message_id INTEGER,
    answer TEXT,
    answered_by TEXT,
    answered_at REAL,
    delivered_at REAL,
    problem TEXT
);
CREATE INDEX IF NOT EXISTS handoffs_by_post ON handoffs (posted_message_id);
CREATE INDEX IF NOT EXISTS handoffs_by_state ON handoffs (state);
"""
MAX_ANSWER = 4000
_COLUMNS = ("id", "conversation", "chat_id", "request", "state", "created_at",
            "posted_message_id", "answer", "answered_by", "answered_at", "delivered_at",
            "problem")


class HandoffStore:
    """Requests by number; every method is one short statement, so callers need no lock."""

    def __init__(self, path: Path | str) -> None:
        self._db = sqlite3.connect(str(path), timeout=30, isolation_level=None,
                                   check_same_thread=False)
        self._db.execute("PRAGMA busy_timeout = 30000")
        if str(path) != ":memory:":
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def create(self, conversation: str, request: HandoffRequest,
               chat_id: int | None = None) -> Handoff:
        cursor = self._db.execute(
            "INSERT INTO handoffs (conversation, chat_id, request, created_at) VALUES (?,?,?,?)",
            (conversation, chat_id, request.model_dump_json(), time.time()))
        created = self.get(int(cursor.lastrowid or 0))
        assert created is not None
        return created

    def get(self, number: int) -> Handoff | None:
        return self._one("id = ?", (number,))

    def by_post(self, message_id: int) -> Handoff | None:
        """The request posted as ``message_id`` in the advisors' chat."""
        return self._one("posted_message_id = ?", (message_id,))

    def listed(self, states: tuple[HandoffState, ...] = ("open",)) -> list[Handoff]:
        marks = ",".join("?" * len(states))
        return self._many(f"state IN ({marks}) ORDER BY id", states)

    def unposted(self) -> list[Handoff]:
        """Open requests that never reached the advisors' chat."""
        return self._many("state = 'open' AND posted_message_id IS NULL ORDER BY id", ())

    def undelivered(self, conversation: str | None = None) -> list[Handoff]:
        """Answers still to be passed on (to one conversation, or to any)."""
        where = "state = 'answered' AND delivered_at IS NULL"
        if conversation is None:
            return self._many(f"{where} ORDER BY id", ())
        return self._many(f"{where} AND conversation = ? ORDER BY id", (conversation,))

    def mark_posted(self, number: int, message_id: int) -> None:
        self._set(number, posted_message_id=message_id, problem=None)

    def answer(self, number: int, text: str, by: str) -> Handoff | None:
        """Record an advisor's answer (a later one replaces it and is delivered again)."""
        self._set(number, state="answered", answer=text.strip()[:MAX_ANSWER], answered_by=by,
                  answered_at=time.time(), delivered_at=None, problem=None)
        return self.get(number)

    def mark_delivered(self, number: int) -> None:
        self._set(number, delivered_at=time.time(), problem=None)

    def mark_problem(self, number: int, problem: str) -> None:
        self._set(number, problem=problem[:300])

    def close_request(self, number: int) -> Handoff | None:
        self._set(number, state="closed")
        return self.get(number)

    def _set(self, number: int, **values: Any) -> None:
        assignments = ", ".join(f"{column} = ?" for column in values)
        self._db.execute(f"UPDATE handoffs SET {assignments} WHERE id = ?",
                         (*values.values(), number))

    def _one(self, where: str, args: tuple[Any, ...]) -> Handoff | None:
        found = self._many(where, args)
        return found[0] if found else None

    def _many(self, where: str, args: tuple[Any, ...]) -> list[Handoff]:
        rows = self._db.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM handoffs WHERE {where}", args).fetchall()
        return [self._row(row) for row in rows]

    @staticmethod
    def _row(row: tuple[Any, ...]) -> Handoff:
        values = dict(zip(_COLUMNS, row, strict=True))
        values["request"] = HandoffRequest.model_validate_json(values["request"])
        return Handoff.model_validate(values)
