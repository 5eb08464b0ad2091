"""SQLite storage: conversations survive a restart, and stats count what was asked."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ie_bot.engine import ConversationState
from ie_bot.knowledge import KnowledgeBase
from ie_bot.service import Advisor
from ie_bot.storage import SqliteStore


def test_state_survives_a_new_store_on_the_same_file(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    first = SqliteStore(path)
    first.save("a", ConversationState(last_intent="tuition_fee", programmes=["ntnu"]))
    first.close()
    again = SqliteStore(path)
    assert again.load("a").programmes == ["ntnu"]
    assert again.load("someone-else") == ConversationState()


def test_a_corrupt_state_row_starts_afresh(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "db.sqlite3")
    store._db.execute("INSERT INTO conversations VALUES ('x', '{not json', 0, 3)")
    assert store.load("x") == ConversationState()


def test_advisor_logs_questions_and_counts_fallbacks(tmp_path: Path,
                                                     knowledge: KnowledgeBase) -> None:
    advisor = Advisor(knowledge, SqliteStore(tmp_path / "db.sqlite3"),
                      today=lambda: date(2026, 11, 23))
    advisor.handle("u1", "tuition at ntnu")
    advisor.handle("u1", "what's the weather in Oslo")
    advisor.handle("u2", "what's the weather in Oslo")
    advisor.handle("u2", "/help")  # navigation, not a question
    stats = advisor.store.stats()
    assert (stats.questions, stats.answered, stats.fallbacks) == (3, 1, 2)
    assert stats.top_unanswered[0] == ("what's the weather in oslo", 2)
    assert round(stats.fallback_rate, 2) == 0.67


def test_reload_keeps_the_old_knowledge_when_the_new_one_is_broken(
    tmp_path: Path, knowledge: KnowledgeBase
) -> None:
    advisor = Advisor(knowledge, SqliteStore(":memory:"))
    broken = tmp_path / "kb"
    (broken / "intents").mkdir(parents=True)
    (broken / "intents" / "x.yml").write_text("version: 1\nintents: nope\n")
    try:
        advisor.reload(broken)
    except Exception as exc:
        assert type(exc).__name__ == "KnowledgeProblems"
    assert advisor.engine.knowledge is knowledge


def test_only_typed_questions_are_logged_as_questions(knowledge: KnowledgeBase) -> None:
    advisor = Advisor(knowledge, SqliteStore(":memory:"), today=lambda: date(2026, 11, 23))
    offered = advisor.handle("u", "tuition").options  # a question (with options)
    advisor.handle("u", "1")  # the console's way of pressing the first option
    advisor.handle("u", offered[-1].payload)  # a button press
    advisor.handle("u", "/help")  # a command
    advisor.handle("u", "🙂")  # not a question
    check = advisor.handle("u", "am I eligible?")  # a question that starts the check
    assert check.intent == "eligibility_check"
    advisor.handle("u", "ntnu")  # typed option labels inside the check: presses
    advisor.handle("u", "yes")
    advisor.handle("u", "environmental science")  # a free-text answer inside the check
    advisor.handle("u", "/cancel")
    advisor.handle("u", "Is there a good BAKERY in Delft?")
    advisor.handle("v", "is there a good bakery in delft")
    stats = advisor.store.stats()
    assert stats.questions == 4, stats
    assert stats.activity["button"] == 4 and stats.activity["command"] == 2
    assert stats.activity["flow"] == 1 and stats.activity["empty"] == 1
    assert stats.top_unanswered[0][1] == 2  # grouped by normalised text
    assert sum(stats.fallbacks_by_kind.values()) == stats.fallbacks
    text = stats.summary()
    assert "Questions: 4" in text and "Not counted as questions:" in text
    assert "::" not in text
