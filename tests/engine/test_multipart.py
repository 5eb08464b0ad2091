"""Questions asking several things get every part answered; history vs start date."""

from __future__ import annotations

import pytest

from ie_bot.engine.multipart import split
from tests.conftest import Conversation

MULTI = [
    ("fees and deadline for leiden?", ["tuition_fee", "application_deadline"], "leiden-delft",
     ["18,016", "April 2024"]),
    ("how long and how many credits ntnu", ["duration", "credits"], "ntnu",
     ["24 months", "120 ECTS"]),
    ("tuition and living costs in trondheim", ["tuition_fee", "living_costs"], "ntnu",
     ["0 EUR", "NOK"]),
    ("minimum gpa for ntnu? and the deadline?", ["entry_requirements/gpa",
                                                 "application_deadline"], "ntnu",
     ["don't state a minimum GPA", "no application deadline"]),
]


@pytest.mark.parametrize(("question", "parts", "programme", "phrases"), MULTI,
                         ids=[m[0] for m in MULTI])
def test_every_part_is_answered_with_its_source(say: Conversation, question: str,
                                                parts: list[str], programme: str,
                                                phrases: list[str]) -> None:
    reply = say(question)
    assert reply.parts == parts
    assert reply.programme == programme
    for phrase in phrases:
        assert phrase in reply.text, phrase
    assert reply.text.count("Source") >= 2


def test_a_part_asked_but_not_understood_is_named(say: Conversation) -> None:
    reply = say("what is the tuition at ntnu, what is the deadline, "
                "and how many zorblax quibbles are there?")
    assert "tuition_fee" in reply.parts and "application_deadline" in reply.parts
    assert "" in reply.parts and "zorblax" in reply.text


def test_a_part_out_of_scope_is_refused_in_place(say: Conversation) -> None:
    reply = say("what's the deadline at ntnu and how do I find student housing there?")
    assert reply.parts == ["application_deadline", ""]
    assert "I don't cover housing" in reply.text


@pytest.mark.parametrize("question", [
    "hi, what is the deadline for leiden?",
    "compare leiden and ntnu",
    "I have a bachelor in biology and 10 ects of maths, can I apply?",
    "when was the joint degree between leiden and delft created",
])
def test_one_question_is_not_split(say: Conversation, question: str) -> None:
    assert say(question).parts in ([], [""]) or len(say(question).parts) < 2


def test_and_between_programme_names_does_not_split() -> None:
    names = frozenset({"leiden", "delft", "ntnu"})
    assert split("is the degree from leiden and delft joint", names) == [
        "is the degree from leiden and delft joint"]
    assert split("fees and deadline?", names) == ["fees", "deadline"]


def test_when_did_it_start_asks_for_the_history(say: Conversation) -> None:
    reply = say("when did ntnu start the ie master")
    assert reply.intent.startswith("history")
    assert "2005" in reply.text and "does not state when" not in reply.text


def test_when_does_it_start_asks_for_the_next_intake(say: Conversation) -> None:
    assert say("when does the programme start at leiden").intent == "start_date"


def test_an_unclear_start_gets_both_readings(say: Conversation) -> None:
    reply = say("start of the ntnu programme")
    assert set(reply.parts) == {"start_date", "history"}
    assert "2005" in reply.text and "don't state when the programme starts" in reply.text


def test_context_about_the_student_is_not_a_part(say: Conversation) -> None:
    reply = say("i'm from pakistan, what visa do i need for the netherlands")
    assert (reply.intent, reply.fallback) == ("visas", True)


def test_the_programme_list_can_be_a_part(say: Conversation) -> None:
    reply = say("what is industrial ecology, and which programmes do you know?")
    assert reply.parts == ["what_is_ie", "list_programmes"]


def test_a_polite_lead_in_does_not_hide_a_part(say: Conversation) -> None:
    reply = say("I'd like to know the tuition and the living costs for ntnu")
    assert reply.parts == ["tuition_fee", "living_costs"]
