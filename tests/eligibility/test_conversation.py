"""The check inside real conversations: through the engine, the store, and the console."""

from __future__ import annotations

from pathlib import Path

from ie_bot.knowledge import KnowledgeBase
from ie_bot.service import Advisor
from ie_bot.storage import SqliteStore
from tests.cli.conftest import IeBot
from tests.conftest import TODAY, Conversation


def test_natural_language_or_command_starts_the_check(say: Conversation) -> None:
    reply = say("am I eligible?")
    assert reply.intent == "eligibility_check"
    assert "Which programme" in reply.text
    assert say.state.eligibility is not None

    say("cancel")
    assert say.state.eligibility is None
    assert "Which programme" in say("/eligibility").text


def test_a_named_programme_skips_the_first_question(say: Conversation) -> None:
    reply = say("am I eligible for NTNU?")
    assert "bachelor's degree" in reply.text and reply.programme == "ntnu"


def test_a_factual_question_mid_flow_is_answered_and_the_flow_resumes(say: Conversation) -> None:
    for message in ("check my eligibility", "ntnu", "yes", "economics"):
        say(message)
    reply = say("what is the tuition fee at NTNU?")
    assert reply.intent == "tuition_fee"
    assert "Back to your eligibility check:" in reply.text and "ECTS" in reply.text
    assert say.state.eligibility is not None
    assert say.state.eligibility["step"] == "math_stats_ects"
    assert say("7").intent == "eligibility_check"
    assert say.state.eligibility["profile"]["math_stats_ects"] == 7


def test_the_whole_check_in_one_conversation(say: Conversation) -> None:
    messages = ("do I qualify?", "both", "not yet, graduating next summer",
                "BSc mechanical engineering", "I did 10 ECTS of statistics", "IELTS 6.5",
                "no", "yes")
    for message in messages:
        reply = say(message)
    assert say.state.eligibility is None
    assert "eligible once you graduate" in reply.text
    assert reply.sources == ["000_abd4e491342b756c.txt", "002_44520bc628833380.txt"]
    assert reply.programme == ["leiden-delft", "ntnu"]


def test_the_check_survives_a_restart(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    """State lives in SQLite as JSON: a new process (new store, new advisor) carries on."""
    db = tmp_path / "state.sqlite3"
    store = SqliteStore(db)
    try:
        advisor = Advisor(knowledge, store, today=lambda: TODAY)
        for message in ("am I eligible?", "leiden", "yes", "chemistry"):
            advisor.handle("ana", message)
    finally:
        store.close()

    store = SqliteStore(db)
    try:
        advisor = Advisor(knowledge, store, today=lambda: TODAY)
        assert advisor.state("ana").eligibility["step"] == "english_test"
        reply = advisor.handle("ana", "toefl 80, lowest section 19")
    finally:
        store.close()
    assert "not eligible" in reply.text and "lowest is 19" in reply.text


def test_console_json(tmp_path: Path) -> None:
    lines = IeBot(tmp_path).json_lines("/eligibility", "leiden", "yse", "biology",
                                       "ielts 6.0")
    assert [line["intent"] for line in lines] == ["eligibility_check"] * 5
    assert lines[1]["options"][:3] == ["Yes", "Not yet, still studying", "No"]
    assert "eligible" in lines[-1]["text"]
    assert lines[-1]["options"] == ["Compare programmes", "Application deadline", "Start over"]
