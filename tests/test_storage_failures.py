"""The store under every database an unlucky operator can hand it (issue 12, items 2, 5, 6, 8).

Each failure must be one ``StorageError`` line that names the file and the cause, must not
write into a file that is not ours, and must never leave a turn half stored.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from datetime import date
from pathlib import Path

import pytest

from ie_bot.engine import ConversationState
from ie_bot.knowledge import KnowledgeBase
from ie_bot.question_log import LogEntry
from ie_bot.service import Advisor
from ie_bot.storage import SqliteStore, StorageError
from ie_bot.store_schema import APPLICATION_ID, SCHEMA_VERSION

TODAY = date(2026, 11, 23)


def _advisor(knowledge: KnowledgeBase, store: SqliteStore) -> Advisor:
    return Advisor(knowledge, store, today=lambda: TODAY)


def _one_line_naming(exc: pytest.ExceptionInfo[StorageError], path: Path, cause: str) -> None:
    text = str(exc.value)
    assert "\n" not in text and str(path) in text and cause in text, text


# -- item 2: any str is storable --------------------------------------------------------

def test_a_lone_surrogate_is_answered_and_stored(tmp_path: Path, knowledge: KnowledgeBase
                                                 ) -> None:
    advisor = _advisor(knowledge, SqliteStore(tmp_path / "db.sqlite3"))
    reply = advisor.handle("tg:\ud83d", "tuition at ntnu \udcff")
    assert reply.fallback_kind == "unreadable"  # as a broken byte on stdin is: a clear reply
    assert advisor.handle("tg:\ud83d", "tuition at ntnu").intent == "tuition_fee"
    assert advisor.state("tg:\ud83d").turns == 2
    assert advisor.store.stats().questions == 2


def test_a_state_holding_a_surrogate_is_saved(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "db.sqlite3")
    store.save("k", ConversationState(last_intent="x\ud800y"))
    assert store.load("k").last_intent == "x\ufffdy"


# -- item 5 and the last of item 8: atomic, versioned turns -----------------------------

def test_a_turn_from_an_older_state_is_not_committed(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    one, two = SqliteStore(path), SqliteStore(path)
    seen = one.load_versioned("s")
    assert two.commit_turn("s", seen.version, ConversationState(turns=1))
    assert not one.commit_turn("s", seen.version, ConversationState(turns=1))
    newer = one.load_versioned("s")
    assert newer.version == seen.version + 1
    assert one.commit_turn("s", newer.version, ConversationState(turns=2))
    assert two.load("s").turns == 2


def test_state_and_log_entry_commit_together_or_not_at_all(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "db.sqlite3")
    store._db.execute("CREATE TRIGGER fail BEFORE INSERT ON questions "
                      "BEGIN SELECT RAISE(ABORT, 'disk gone'); END")
    entry = LogEntry(kind="question", text="fees?", normalised="fees", outcome="answered")
    with pytest.raises(StorageError):
        store.commit_turn("s", 0, ConversationState(turns=1), entry)
    assert not store.exists("s")  # the state was rolled back with the log entry


def test_threads_sharing_one_store_lose_no_turn(tmp_path: Path, knowledge: KnowledgeBase
                                                ) -> None:
    advisor = _advisor(knowledge, SqliteStore(tmp_path / "db.sqlite3"))
    replies: list[str] = []

    def talk() -> None:
        for _ in range(15):
            replies.append(advisor.handle("shared", "tuition at ntnu").intent)

    threads = [threading.Thread(target=talk) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    taken = [r for r in replies if r not in {"busy", "storage_error"}]
    assert advisor.state("shared").turns == len(taken) == 60
    assert advisor.store.stats().questions == len(taken)


# -- item 6: broken databases -----------------------------------------------------------

def test_a_file_that_is_not_sqlite_is_named(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    path.write_bytes(b"just some text, not a database " * 100)
    with pytest.raises(StorageError) as caught:
        SqliteStore(path)
    _one_line_naming(caught, path, "not an SQLite database")


def _filled(path: Path, knowledge: KnowledgeBase, turns: int = 40) -> None:
    advisor = _advisor(knowledge, SqliteStore(path))
    for n in range(turns):
        advisor.handle(f"user-{n}", "what does it cost to study at ntnu " + "x" * 300)
    advisor.store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    advisor.store.close()


def test_a_truncated_database_is_refused_or_fails_each_turn_in_one_line(
        tmp_path: Path, knowledge: KnowledgeBase) -> None:
    path = tmp_path / "db.sqlite3"
    _filled(path, knowledge)
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 3)
    try:
        store = SqliteStore(path)
    except StorageError as exc:
        assert str(path) in str(exc) and "\n" not in str(exc)
        return
    reply = _advisor(knowledge, store).handle("user-39", "fees at ntnu")
    assert reply.intent == "storage_error" and "send it again" in reply.text


def test_a_corrupt_database_fails_the_turn_in_one_line_and_keeps_serving(
        tmp_path: Path, knowledge: KnowledgeBase, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "db.sqlite3"
    _filled(path, knowledge)
    size = path.stat().st_size
    with path.open("r+b") as handle:  # scribble over every page but the first (the schema)
        handle.seek(4096)
        handle.write(os.urandom(size - 4096))
    store = SqliteStore(path)
    assert store.check_integrity() is not None
    reply = _advisor(knowledge, store).handle("user-1", "fees at ntnu")
    assert reply.intent == "storage_error" and str(path) not in reply.text
    (logged,) = [r.getMessage() for r in caplog.records if r.name == "ie_bot.service"]
    assert logged.startswith(f"database {path} is corrupt") and "\n" not in logged


def test_someone_elses_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "places.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    before = path.read_bytes()
    with pytest.raises(StorageError) as caught:
        SqliteStore(path)
    _one_line_naming(caught, path, "not an ie-bot database (it holds moz_places)")
    assert path.read_bytes() == before
    assert not Path(f"{path}-wal").exists()


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    SqliteStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StorageError) as caught:
        SqliteStore(path)
    _one_line_naming(caught, path, "newer ie-bot")


def test_a_parent_path_that_is_a_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file")
    path = tmp_path / "data" / "db.sqlite3"
    with pytest.raises(StorageError) as caught:
        SqliteStore(path)
    _one_line_naming(caught, path, "not usable")


def test_a_full_disk_refuses_the_turn_and_keeps_the_old_state(
        tmp_path: Path, knowledge: KnowledgeBase, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "db.sqlite3"
    store = SqliteStore(path)
    advisor = _advisor(knowledge, store)
    advisor.handle("u", "tuition at ntnu")
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full"
    long_questions = [f"question {n} about " + "housing " * 60 for n in range(30)]
    replies = [advisor.handle(f"other-{n}", q) for n, q in enumerate(long_questions)]
    full = [r for r in replies if r.intent == "storage_error"]
    assert full and "did not take that message" in full[0].text
    assert f"database {path} cannot be written: the disk is full" in caplog.text
    assert store.load("u").turns == 1  # earlier conversations are intact and still readable


def test_an_older_ie_bot_database_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript("""
            CREATE TABLE conversations (key TEXT PRIMARY KEY, state TEXT NOT NULL,
                                        updated_at REAL NOT NULL);
            CREATE TABLE questions (id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL,
                conversation TEXT NOT NULL, text TEXT NOT NULL, intent TEXT NOT NULL,
                confidence REAL NOT NULL, fallback INTEGER NOT NULL);
            INSERT INTO conversations VALUES ('a', '{"turns": 3}', 0);
            INSERT INTO questions VALUES (1, 1, 'a', 'Is there a bus', 'out_of_scope', 0, 1);
            INSERT INTO questions VALUES (2, 2, 'a', '::e:degree:bachelor', 'x', 1, 1);
        """)
    store = SqliteStore(path)
    assert store.load("a").turns == 3
    stats = store.stats()
    assert (stats.questions, stats.fallbacks, stats.activity) == (1, 1, {"button": 1})
    assert store._db.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_read_only_opening_never_writes(tmp_path: Path, knowledge: KnowledgeBase) -> None:
    path = tmp_path / "db.sqlite3"
    _filled(path, knowledge, turns=3)
    before = path.read_bytes()
    store = SqliteStore(path, readonly=True)
    assert store.stats().questions == 3
    with pytest.raises(StorageError):
        store.save("x", ConversationState())
    store.close()
    assert path.read_bytes() == before


def test_wal_with_normal_synchronous_on_every_file(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "db.sqlite3")
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store._db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
