"""Messages in another language get one line saying the bot reads English."""

from __future__ import annotations

import pytest

from ie_bot.engine import Engine
from ie_bot.engine.language import ENGLISH_ONLY, looks_foreign
from ie_bot.evaluation import load_eval_set
from tests.conftest import EVAL_SET, Conversation

OTHER_LANGUAGES = [
    "Wie hoch sind die Studiengebühren in Leiden?",
    "Hoeveel kost de studie in Delft?",
    "Quels sont les frais de scolarité à NTNU ?",
    "¿Cuánto cuesta la matrícula en NTNU?",
    "Hva koster det å studere ved NTNU?",
    "Quanto costa il master a Trondheim?",
    "Какая стоимость обучения?",
    "莱顿的学费是多少",
]


@pytest.mark.parametrize("question", OTHER_LANGUAGES)
def test_another_language_gets_the_english_only_line_and_the_topics(
        engine: Engine, question: str) -> None:
    reply = Conversation(engine)(question)
    assert reply.text.startswith("I understand English only")
    assert reply.fallback and reply.fallback_kind == "other_language"
    assert "Tuition fees" in [o.label for o in reply.options]


def test_a_question_still_clear_is_answered_below_the_line(engine: Engine) -> None:
    reply = Conversation(engine)("Welche IELTS Punktzahl braucht man für Leiden?")
    assert reply.text.startswith(ENGLISH_ONLY)
    assert (reply.intent, reply.programme, reply.fallback) == (
        "language_requirements", "leiden-delft", False)
    assert "6.0" in reply.text


def test_no_english_question_of_the_labelled_set_is_taken_for_another_language() -> None:
    flagged = [c.text for c in load_eval_set(EVAL_SET).cases if looks_foreign(c.text)]
    assert flagged == []


@pytest.mark.parametrize("greeting", ["hallo", "hoi", "bonjour", "dank je", "tusen takk"])
def test_one_word_greetings_are_still_greetings(engine: Engine, greeting: str) -> None:
    reply = Conversation(engine)(greeting)
    assert reply.intent in {"greeting", "thanks"} and "English only" not in reply.text
