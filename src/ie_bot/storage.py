"""Conversation state and question log in an embedded SQLite database.

Durability and speed: WAL with ``synchronous=NORMAL``. A commit is one append to the WAL
without an fsync; the WAL is synced at checkpoints. A crash of the process (kill -9, an
exception, OOM) loses nothing that was committed; a power loss or OS crash can lose the last
turns committed since the last checkpoint (typically well under a second of traffic, at most
about 1,000 pages of changes), and never corrupts the file.

Atomic turns: every conversation row has a ``version``. A turn loads the state and its
version, computes the reply, then commits the new state *only if the version is unchanged*,
together with its question-log entry, in one transaction (``commit_turn``). A turn that
started from a state another process has since replaced is detected and the caller retries
it from the new state, so two consoles on one session lose no turn.

Threads: one connection, opened with ``check_same_thread=False`` and guarded by a lock, so
an adapter may call the store from worker threads (``asyncio.to_thread``, an executor).
Calls are serialised; each is short (one indexed read, or one small write transaction).

Every failure is a ``StorageError`` whose message is one line naming the file and the cause.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from platformdirs import user_data_dir
from pydantic import ValidationError
from pydantic_core import PydanticSerializationError

from ie_bot.engine.types import ConversationState, Reply
from ie_bot.question_log import MAX_LOGGED_CHARS, LogEntry, Stats
from ie_bot.store_schema import StorageError, check, create_or_migrate, describe

__all__ = ["Loaded", "SqliteStore", "Stats", "StorageError", "default_db_path"]

BUSY_TIMEOUT_S = 10.0
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def default_db_path() -> Path:
    """``IE_BOT_DB`` is read by the settings; this is the per-user default."""
    return Path(user_data_dir("ie-bot", appauthor=False)) / "ie-bot.sqlite3"


def clean_text(text: str) -> str:
    """Any ``str`` made storable: lone surrogates (from a broken Telegram update or a
    non-UTF-8 argv) cannot be encoded as UTF-8, so they become U+FFFD."""
    return _LONE_SURROGATE.sub("\ufffd", text)


@dataclass(frozen=True)
class Loaded:
    """A conversation's state and the version it was read at (0: not stored yet)."""

    state: ConversationState
    version: int


class SqliteStore:
    """Persistent conversations keyed by an adapter-chosen string (e.g. ``tg:chat:user``).

    ``readonly=True`` opens an existing file without writing to it (for ``ie-bot stats``).
    """

    def __init__(self, path: Path | str, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._lock = threading.RLock()
        memory = str(path) == ":memory:"
        try:
            if not memory and not readonly:
                self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"database {path} cannot be created: its folder "
                               f"{self.path.parent} is not usable ({exc.strerror})") from None
        if readonly and not memory and not self.path.exists():
            raise StorageError(f"database {path} does not exist")
        try:
            self._open(memory, immutable=False)
        except StorageError:
            if not readonly:
                raise
            # A WAL file whose folder we cannot write (no -shm can be made): read it as a
            # snapshot. Only ``stats`` opens read-only, and a snapshot is all it needs.
            self._open(memory, immutable=True)

    def _open(self, memory: bool, *, immutable: bool) -> None:
        with self._errors():
            target = str(self.path)
            if self.readonly:
                target = f"file:{quote(str(self.path.resolve()))}?mode=ro"
                target += "&immutable=1" if immutable else ""
            self._db = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                       check_same_thread=False, uri=self.readonly)
        try:
            with self._errors():
                self._prepare(memory)
        except BaseException:
            self._db.close()
            raise

    def _prepare(self, memory: bool) -> None:
        self._db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        what = check(self._db, self.path)
        if self.readonly:
            if what != "ours":
                raise StorageError(f"database {self.path} is from an older ie-bot; run any "
                                   "other command once to upgrade it")
            return
        if not memory:
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
        if what != "ours":
            create_or_migrate(self._db, what)
        self._db.execute("BEGIN IMMEDIATE")  # a read-only file or folder fails here, not later
        self._db.execute("ROLLBACK")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise describe(self.path, exc) from None

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._errors():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                if self._db.in_transaction:  # SQLite rolls back itself on SQLITE_FULL etc.
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # -- conversations ------------------------------------------------------------------

    def load_versioned(self, key: str) -> Loaded:
        """The stored state and its version; a row that no longer validates starts afresh."""
        with self._lock, self._errors():
            row = self._db.execute("SELECT state, version FROM conversations WHERE key = ?",
                                   (clean_text(key),)).fetchone()
        if row is None:
            return Loaded(ConversationState(), 0)
        try:
            return Loaded(ConversationState.model_validate_json(row[0]), row[1])
        except ValidationError:
            return Loaded(ConversationState(), row[1])

    def load(self, key: str) -> ConversationState:
        return self.load_versioned(key).state

    def exists(self, key: str) -> bool:
        with self._lock, self._errors():
            query = "SELECT 1 FROM conversations WHERE key = ?"
            return self._db.execute(query, (clean_text(key),)).fetchone() is not None

    def commit_turn(self, key: str, version: int, state: ConversationState,
                    entry: LogEntry | None = None) -> bool:
        """Store ``state`` and log ``entry`` in one transaction, if the conversation is still
        at ``version``; False (nothing written) if another turn got there first."""
        key, payload, now = clean_text(key), _state_json(state), time.time()
        with self._transaction() as db:
            if version == 0:
                changed = db.execute(
                    "INSERT INTO conversations (key, state, updated_at, version) "
                    "VALUES (?, ?, ?, 1) ON CONFLICT(key) DO NOTHING", (key, payload, now))
            else:
                changed = db.execute(
                    "UPDATE conversations SET state = ?, updated_at = ?, version = version + 1"
                    " WHERE key = ? AND version = ?", (payload, now, key, version))
            if changed.rowcount != 1:
                return False
            if entry is not None:
                self._log(db, key, entry, now)
        return True

    def save(self, key: str, state: ConversationState) -> None:
        """Store ``state`` whatever the stored version (a reset, not a turn)."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO conversations (key, state, updated_at, version) VALUES (?, ?, ?, 1)"
                " ON CONFLICT(key) DO UPDATE SET state = excluded.state, "
                "updated_at = excluded.updated_at, version = version + 1",
                (clean_text(key), _state_json(state), time.time()),
            )

    # -- the question log ---------------------------------------------------------------

    def log_question(self, key: str, text: str, reply: Reply) -> None:
        """Log one typed question on its own (``commit_turn`` logs with the state)."""
        from ie_bot.nlu.normalise import normalise

        outcome = reply.fallback_kind or ("fallback" if reply.fallback else "answered")
        entry = LogEntry(kind="question", text=text.strip()[:MAX_LOGGED_CHARS],
                         normalised=normalise(text)[:MAX_LOGGED_CHARS], intent=reply.intent,
                         confidence=reply.confidence, outcome=outcome)
        with self._transaction() as db:
            self._log(db, clean_text(key), entry, time.time())

    @staticmethod
    def _log(db: sqlite3.Connection, key: str, entry: LogEntry, now: float) -> None:
        if entry.kind != "question":
            db.execute("INSERT INTO activity (kind, count) VALUES (?, 1) "
                       "ON CONFLICT(kind) DO UPDATE SET count = count + 1", (entry.kind,))
            return
        db.execute(
            "INSERT INTO questions (at, conversation, text, intent, confidence, fallback, "
            "normalised, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (now, key, clean_text(entry.text), clean_text(entry.intent), entry.confidence,
             int(not entry.answered), clean_text(entry.normalised), entry.outcome),
        )

    def stats(self, top: int = 5) -> Stats:
        """Questions, answered share, fallbacks by kind, top unanswered, other activity."""
        with self._lock, self._errors():
            by_outcome = dict(self._db.execute(
                "SELECT outcome, COUNT(*) FROM questions GROUP BY outcome").fetchall())
            rows = self._db.execute(
                "SELECT lower(text), COUNT(*) AS n, MAX(at) AS last FROM questions "
                "WHERE outcome != 'answered' GROUP BY normalised "
                "ORDER BY n DESC, last DESC LIMIT ?", (max(top, 0),)).fetchall()
            activity = dict(self._db.execute("SELECT kind, count FROM activity").fetchall())
        total = sum(by_outcome.values())
        answered = by_outcome.pop("answered", 0)
        return Stats(questions=total, answered=answered, fallbacks=total - answered,
                     fallbacks_by_kind=by_outcome, activity=activity,
                     top_unanswered=[(" ".join(text.split()), n) for text, n, _ in rows])

    # -- health -------------------------------------------------------------------------

    def check_integrity(self, budget_s: float = 2.0) -> str | None:
        """``PRAGMA quick_check`` for at most ``budget_s``: None if fine (or not finished in
        time: a large file is not a fault), else SQLite's first complaint."""
        deadline = time.monotonic() + budget_s
        with self._lock, self._errors():
            self._db.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
            try:
                row = self._db.execute("PRAGMA quick_check(1)").fetchone()
            except sqlite3.OperationalError as exc:
                if "interrupted" in str(exc):
                    return None
                raise
            finally:
                self._db.set_progress_handler(None, 0)
        return None if row is None or row[0] == "ok" else str(row[0])

    def check_writable(self) -> None:
        """Raise ``StorageError`` unless a write goes through (used by the healthcheck)."""
        with self._transaction() as db:
            db.execute("CREATE TABLE IF NOT EXISTS health (at REAL)")
            db.execute("DELETE FROM health")
            db.execute("INSERT INTO health (at) VALUES (?)", (time.time(),))


def _state_json(state: ConversationState) -> str:
    try:
        return state.model_dump_json()
    except PydanticSerializationError:  # a lone surrogate somewhere in the state
        import json

        return clean_text(json.dumps(state.model_dump(mode="json"), ensure_ascii=False))
