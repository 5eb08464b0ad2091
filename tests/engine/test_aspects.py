"""Aspects (sub-questions of a topic) and typed out-of-scope topics, through the engine."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Conversation

NTNU_PAGE = "NTNU's official MSc Industrial Ecology programme page"

UNSTATED = [
    # (question, label, programme, the one line that must lead the answer)
    ("what is the minimum gpa for ntnu", "entry_requirements/gpa", "ntnu",
     "The sources don't state a minimum GPA or grade requirement for NTNU."),
    ("do I need work experience for leiden", "entry_requirements/work_experience",
     "leiden-delft", "The sources don't state a work experience requirement for Leiden/Delft."),
    ("is the gre required at ntnu", "entry_requirements/gre_gmat", "ntnu",
     "The sources don't state a GRE or GMAT requirement for NTNU."),
    ("is there an application fee at leiden", "tuition_fee/application_fee", "leiden-delft",
     "The sources don't state an application fee for Leiden/Delft."),
    ("admissions email for ntnu", "location_contact/email", "ntnu",
     "The sources don't state an admissions e-mail address for NTNU."),
    ("what salary do NTNU graduates earn", "careers/salary", "ntnu",
     "The sources don't state graduates' salaries for NTNU."),
    ("in what year was the leiden master founded", "history/founding_year", "leiden-delft",
     "The sources don't state a founding year for Leiden/Delft."),
]


@pytest.mark.parametrize(("question", "label", "programme", "lead"), UNSTATED,
                         ids=[u[0] for u in UNSTATED])
def test_an_unstated_aspect_says_so_first(say: Conversation, question: str, label: str,
                                           programme: str, lead: str) -> None:
    reply = say(question)
    assert (reply.intent, reply.programme, reply.fallback) == (label, programme, False)
    assert reply.text.startswith(lead)
    assert "check" in reply.text and "official" in reply.text and reply.sources


def test_application_fee_is_not_answered_with_the_tuition_fee(say: Conversation) -> None:
    reply = say("is there an application fee at leiden")
    assert "18,016" not in reply.text


def test_a_stated_aspect_gives_its_fact(say: Conversation) -> None:
    reply = say("founding year of the ntnu master")
    assert reply.intent == "history/founding_year"
    assert all(year in reply.text for year in ("2004", "2005"))
    assert "003_b69b7a4ecbce0df2.txt" in reply.sources


def test_an_aspect_for_both_programmes_names_both(say: Conversation) -> None:
    reply = say("do I need the GMAT")
    assert reply.text.startswith("The sources don't state a GRE or GMAT requirement for "
                                 "Leiden/Delft or NTNU.")
    assert reply.programme == ["leiden-delft", "ntnu"]


def test_an_aspect_follow_up_keeps_the_aspect(say: Conversation) -> None:
    say("minimum gpa for leiden?")
    reply = say("and at NTNU?")
    assert (reply.intent, reply.programme) == ("entry_requirements/gpa", "ntnu")


def test_an_aspect_offers_its_topic(say: Conversation) -> None:
    reply = say("minimum gpa for leiden?")
    assert reply.options[0].label == "Entry requirements"
    picked = say("1")
    assert picked.intent == "entry_requirements"


def test_the_second_figure_next_to_leidens_fee_is_not_explained_away(say: Conversation) -> None:
    reply = say("what is the 15,91,941 next to leiden's tuition fee")
    assert reply.intent == "tuition_fee/second_figure"
    assert reply.text.startswith("The sources don't state")
    assert "another currency" in reply.text


NEAR_DOMAIN = [
    ("how do I find a room in trondheim", "housing", ["NOK 10,387"]),
    ("do i need a visa for norway", "visas", ["EU/EEA/EFTA"]),
    ("can I work part time while studying in delft", "part_time_work", []),
    ("are there phd positions at ntnu", "phd_positions", []),
    ("where can I take the ielts test", "language_test_booking", ["IELTS 6.0"]),
    ("can you proofread my motivation letter", "application_writing", []),
    ("explain how to do a life cycle assessment step by step", "subject_help", []),
]


@pytest.mark.parametrize(("question", "topic", "close"), NEAR_DOMAIN,
                         ids=[n[0] for n in NEAR_DOMAIN])
def test_near_domain_questions_are_refused_with_what_is_close(
        say: Conversation, question: str, topic: str, close: list[str]) -> None:
    reply = say(question)
    assert (reply.intent, reply.fallback, reply.fallback_kind) == (topic, True, "near_domain")
    assert re.search(r"I don't|I can't", reply.text.split("\n")[0])
    for phrase in close:
        assert phrase in reply.text
    assert "please check" in reply.text.lower()


@pytest.mark.parametrize("question", [
    "the deadline for NTNU's MSc in computer science",
    "what are the requirements for the master in mechanical engineering at delft",
    "tuition fee of the leiden msc in law",
])
def test_another_programme_of_our_universities_gets_no_figure(say: Conversation,
                                                              question: str) -> None:
    reply = say(question)
    assert (reply.intent, reply.fallback) == ("other_programmes", True)
    assert reply.text.startswith("I only know the Industrial Ecology programmes")
    assert not re.search(r"\d", reply.text)


def test_a_background_in_another_field_is_not_another_programme(say: Conversation) -> None:
    reply = say("I have a master in computer science, what are the entry requirements at ntnu?")
    assert reply.intent != "other_programmes"


@pytest.mark.parametrize(("question", "topic"), [
    ("how long does a student visa for norway take", "visas"),
    ("how many hours a week can international students work in the netherlands",
     "part_time_work"),
    ("how do i sign up for ielts academic", "language_test_booking"),
])
def test_a_marked_near_domain_topic_beats_a_neighbouring_one(say: Conversation, question: str,
                                                             topic: str) -> None:
    """"how long" must not make a visa question the programme's duration."""
    reply = say(question)
    assert (reply.intent, reply.fallback) == (topic, True)


def test_a_bachelor_offered_is_another_programme_a_bachelor_held_is_not(
        say: Conversation) -> None:
    assert say("does ntnu have a bachelor in environmental engineering").intent == \
        "other_programmes"
    assert say("I have a bachelor in biology, can I apply to ntnu").intent != "other_programmes"


def test_a_typed_fallback_is_never_answered_as_a_topic(say: Conversation) -> None:
    """Even through a button: the housing topic lists living costs only as what is close."""
    reply = say("::i:housing:ntnu")
    assert (reply.intent, reply.fallback, reply.fallback_kind) == ("housing", True,
                                                                  "near_domain")


def test_an_aspect_asked_during_the_eligibility_check_is_answered(say: Conversation) -> None:
    say("am I eligible?")
    reply = say("is there a minimum gpa for ntnu?")
    assert "The sources don't state a minimum GPA" in reply.text
    assert "Back to your eligibility check" in reply.text


def test_a_near_domain_question_during_the_check_is_not_answered_as_a_topic(
        say: Conversation) -> None:
    say("am I eligible?")
    reply = say("how do I find student housing in trondheim?")
    assert "NOK" not in reply.text
