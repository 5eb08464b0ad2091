"""Conversation state and question log in an embedded SQLite database.

WAL mode and a busy timeout let several processes (two consoles, a bot and a
healthcheck) share one file without "database is locked" errors.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import BaseModel, ValidationError

from ie_bot.engine.types import ConversationState, Reply

_SCHEMA = """
CREATE TABLE IF NOT EXISTS conversations (
    key TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    updated_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    conversation TEXT NOT NULL,
    text TEXT NOT NULL,
    intent TEXT NOT NULL,
    confidence REAL NOT NULL,
    fallback INTEGER NOT NULL
);
"""
_MAX_LOGGED_TEXT = 500


def default_db_path() -> Path:
    """``IE_BOT_DB`` is read by the settings; this is the per-user default."""
    return Path(user_data_dir("ie-bot", appauthor=False)) / "ie-bot.sqlite3"


class Stats(BaseModel):
    """Usage figures for admins: how much the bot is asked and how often it has no answer."""

    questions: int
    answered: int
    fallbacks: int
    top_unanswered: list[tuple[str, int]]

    @property
    def answered_share(self) -> float:
        return self.answered / self.questions if self.questions else 0.0

    @property
    def fallback_rate(self) -> float:
        return self.fallbacks / self.questions if self.questions else 0.0

    def summary(self) -> str:
        """Plain text for admins (Telegram's /stats) and authors (``ie-bot stats``)."""
        lines = [
            f"Questions: {self.questions}",
            f"Answered: {self.answered} ({self.answered_share:.0%})",
            f"Fallback rate: {self.fallback_rate:.0%} ({self.fallbacks})",
        ]
        if self.top_unanswered:
            lines += ["", "Top unanswered questions:"]
            lines += [f"{n}× {text}" for text, n in self.top_unanswered]
        return "\n".join(lines)


class SqliteStore:
    """Persistent conversations keyed by an adapter-chosen string (e.g. ``tg:chat:user``)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30, isolation_level=None,
                                   check_same_thread=False)
        self._db.execute("PRAGMA busy_timeout = 30000")
        if str(path) != ":memory:":
            self._db.execute("PRAGMA journal_mode = WAL")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def load(self, key: str) -> ConversationState:
        """The stored state, or a fresh one; a row that no longer validates starts afresh."""
        row = self._db.execute("SELECT state FROM conversations WHERE key = ?", (key,)).fetchone()
        if row is None:
            return ConversationState()
        try:
            return ConversationState.model_validate_json(row[0])
        except ValidationError:
            return ConversationState()

    def exists(self, key: str) -> bool:
        query = "SELECT 1 FROM conversations WHERE key = ?"
        return self._db.execute(query, (key,)).fetchone() is not None

    def save(self, key: str, state: ConversationState) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO conversations (key, state, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET state = excluded.state, "
                "updated_at = excluded.updated_at",
                (key, state.model_dump_json(), time.time()),
            )

    def log_question(self, key: str, text: str, reply: Reply) -> None:
        """Keep every question, so authors can see what the knowledge base cannot answer."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO questions (at, conversation, text, intent, confidence, fallback) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (time.time(), key, text[:_MAX_LOGGED_TEXT], reply.intent, reply.confidence,
                 int(reply.fallback)),
            )

    def stats(self, top: int = 5) -> Stats:
        total, fallbacks = self._db.execute(
            "SELECT COUNT(*), COALESCE(SUM(fallback), 0) FROM questions"
        ).fetchone()
        rows = self._db.execute(
            "SELECT lower(text), COUNT(*) AS n FROM questions WHERE fallback = 1 "
            "GROUP BY lower(text) ORDER BY n DESC, MAX(at) DESC LIMIT ?",
            (top,),
        ).fetchall()
        return Stats(questions=total, answered=total - fallbacks, fallbacks=fallbacks,
                     top_unanswered=[(text, n) for text, n in rows])

    def check_writable(self) -> None:
        """Raise ``sqlite3.Error`` unless a write goes through (used by the healthcheck)."""
        with self._transaction() as db:
            db.execute("CREATE TABLE IF NOT EXISTS health (at REAL)")
            db.execute("DELETE FROM health")
            db.execute("INSERT INTO health (at) VALUES (?)", (time.time(),))
