"""Handing a question to a human advisor, through the engine alone (no channel)."""

from __future__ import annotations

from ie_bot.engine.handoff import ASK, DONT, SEND
from tests.conftest import Conversation


def labels(reply) -> list[str]:  # type: ignore[no-untyped-def]
    return [option.label for option in reply.options]


def test_a_fallback_offers_an_advisor_and_says_what_is_shared(say: Conversation) -> None:
    reply = say("can I bring my cat to the dorm")
    assert reply.fallback and ASK.label in labels(reply)
    reply = say(ASK.payload)
    assert "can I bring my cat to the dorm" in reply.text
    assert "They will also see" in reply.text and "Send it?" in reply.text
    assert labels(reply) == [SEND.label, DONT.label]
    assert reply.handoff is None  # nothing is sent before the student says yes


def test_yes_marks_the_reply_with_the_request_and_recent_turns(say: Conversation) -> None:
    say("What is the tuition fee at NTNU?")
    say("can I bring my cat to the dorm")
    say(ASK.payload)
    reply = say(SEND.payload)
    assert reply.handoff is not None and "advisor will reply here" in reply.text
    assert reply.handoff.question == "can I bring my cat to the dorm"
    assert reply.handoff.programmes == ["ntnu"]
    assert [t.user for t in reply.handoff.recent][-2:] == [
        "What is the tuition fee at NTNU?", "can I bring my cat to the dorm"]
    assert say(SEND.payload).handoff is None  # a second press sends nothing twice


def test_no_sends_nothing(say: Conversation) -> None:
    say("can I bring my cat to the dorm")
    say(ASK.payload)
    reply = say("no")
    assert reply.handoff is None and "haven't sent anything" in reply.text
    assert say.state.handoff is None


def test_talk_to_a_person_asks_for_the_question_then_confirms(say: Conversation) -> None:
    reply = say("I want to talk to a real person")
    assert reply.intent == "contact_advisor" and "type your question" in reply.text
    reply = say("Is the NTNU programme still open to non-EU students in 2027?")
    assert "“Is the NTNU programme still open" in reply.text and "Send it?" in reply.text
    reply = say("yes")
    assert reply.handoff is not None
    assert reply.handoff.question.startswith("Is the NTNU programme still open")


def test_contact_command_starts_a_request(say: Conversation) -> None:
    assert say("/contact").intent == "contact_advisor"


def test_sources_that_say_nothing_offer_an_advisor(say: Conversation) -> None:
    reply = say("what are the living costs in Leiden")
    assert not reply.fallback and ASK.label in labels(reply)
    assert ASK.label not in labels(say("What is the tuition fee at NTNU?"))


def test_the_eligibility_verdict_is_attached(say: Conversation) -> None:
    say("/eligibility")
    say("NTNU")
    for _ in range(12):  # answer "I don't know" to everything until the verdict
        reply = say("I don't know")
        if say.state.eligibility is None:
            break
    assert say.state.verdict is not None
    say("can I bring my cat to the dorm")
    reply = say(ASK.payload)
    assert "the result of your eligibility check" in reply.text
    assert say(SEND.payload).handoff.verdict == say.state.verdict  # type: ignore[union-attr]


def test_typing_something_else_drops_the_draft(say: Conversation) -> None:
    say("can I bring my cat to the dorm")
    say(ASK.payload)
    reply = say("What is the tuition fee at NTNU?")
    assert "There are no tuition fees at NTNU" in reply.text and say.state.handoff is None


def test_a_stale_send_button_sends_nothing(say: Conversation) -> None:
    reply = say(SEND.payload)
    assert reply.handoff is None and "no question waiting" in reply.text


def test_an_aspect_the_sources_do_not_state_offers_an_advisor(say: Conversation) -> None:
    reply = say("what is the minimum GPA for NTNU")
    assert reply.text.startswith("The sources don't state") and ASK.label in labels(reply)
