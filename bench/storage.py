"""Storage benchmark: what one turn costs the disk, now and as it was.

Run: python bench/storage.py [--turns 2000]
Prints turns/s on the repository's disk (not tmpfs) for, in the same run and alternating:
- before: the old write path, two commits per turn (state, then question log), WAL with
  SQLite's default ``synchronous=FULL`` (an fsync per commit);
- now: ``SqliteStore.commit_turn``, one compare-and-set transaction for state and log,
  WAL with ``synchronous=NORMAL``.
Asserts nothing: compare the ratio, since the machine is shared.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ie_bot.engine import ConversationState  # noqa: E402
from ie_bot.question_log import LogEntry  # noqa: E402
from ie_bot.storage import SqliteStore  # noqa: E402

OLD_SCHEMA = """
CREATE TABLE conversations (key TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at REAL);
CREATE TABLE questions (id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL, conversation TEXT,
    text TEXT, intent TEXT, confidence REAL, fallback INTEGER);
"""


def before(path: Path, turns: int) -> float:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.executescript(OLD_SCHEMA)
    state = ConversationState(last_intent="tuition_fee", programmes=["ntnu"])
    started = time.perf_counter()
    for n in range(turns):
        state.turns = n
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO conversations VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE "
                   "SET state = excluded.state, updated_at = excluded.updated_at",
                   ("k", state.model_dump_json(), time.time()))
        db.execute("COMMIT")
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO questions (at, conversation, text, intent, confidence, "
                   "fallback) VALUES (?, ?, ?, ?, ?, ?)",
                   (time.time(), "k", "fees at ntnu", "tuition_fee", 0.9, 0))
        db.execute("COMMIT")
    elapsed = time.perf_counter() - started
    db.close()
    return turns / elapsed


def now(path: Path, turns: int) -> float:
    store = SqliteStore(path)
    state = ConversationState(last_intent="tuition_fee", programmes=["ntnu"])
    entry = LogEntry(kind="question", text="fees at ntnu", normalised="fees at ntnu",
                     intent="tuition_fee", confidence=0.9)
    started = time.perf_counter()
    for n in range(turns):
        state.turns = n
        loaded = store.load_versioned("k")
        assert store.commit_turn("k", loaded.version, state, entry)
    elapsed = time.perf_counter() - started
    store.close()
    return turns / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    import os
    print(f"{time.strftime('%Y-%m-%d %H:%M')}  load average {os.getloadavg()[0]:.2f}")
    for round_ in range(1, args.rounds + 1):
        with tempfile.TemporaryDirectory(dir=ROOT) as folder:
            old = before(Path(folder) / "before.sqlite3", args.turns)
            new = now(Path(folder) / "now.sqlite3", args.turns)
        print(f"round {round_}: before {old:,.0f} turns/s (2 commits, FULL); "
              f"now {new:,.0f} turns/s (1 commit, NORMAL, with the version read); "
              f"ratio {new / old:.1f}x")


if __name__ == "__main__":
    main()
