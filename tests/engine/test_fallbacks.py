"""Questions the bot cannot answer get a typed fallback, never an invented fact."""

from __future__ import annotations

import pytest

from ie_bot.engine import ConversationState, Engine
from tests.conftest import TODAY, Conversation


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("", "empty"),
        ("    ", "empty"),
        ("🙂🎓🇳🇴", "empty"),
        ("x" * 10_000, "too_long"),
        ("what is the fee " * 700, "too_long"),
        ("\x00\x01\x02\x03binary\x00\x00", "unreadable"),
        ("\ufffd\ufffd\ufffd", "unreadable"),
    ],
    ids=["empty", "spaces", "emoji", "10k chars", "long question", "binary", "undecodable"],
)
def test_bad_input_gets_a_clear_reply(say: Conversation, message: str, kind: str) -> None:
    reply = say(message)
    assert reply.fallback and reply.fallback_kind == kind
    assert reply.text and "Traceback" not in reply.text


def test_bad_input_keeps_the_conversation(say: Conversation) -> None:
    say("tuition at NTNU")
    say("\x00\x00")
    assert say("and at leiden?").programme == "leiden-delft"


@pytest.mark.parametrize("question", [
    "what's the weather in Trondheim tomorrow?",
    "tell me a joke",
    "who won the football world cup",
])
def test_off_topic_gets_no_invented_fact(engine: Engine, question: str) -> None:
    reply, _ = engine.reply(question, ConversationState(), TODAY)
    assert reply.fallback and reply.intent == "out_of_scope"
    assert reply.sources == []


@pytest.mark.parametrize("question", [
    "what are the fees at Harvard?",
    "does the University of Amsterdam have an MSc in sustainability?",
    "How good is Chalmers University for environmental engineering?",
])
def test_other_university_is_named_as_outside_what_the_bot_knows(engine: Engine,
                                                                 question: str) -> None:
    reply, _ = engine.reply(question, ConversationState(), TODAY)
    assert reply.fallback_kind == "other_institution"
    assert "I only know" in reply.text
    assert "NTNU" in reply.text


def test_gibberish_answers_nothing_and_offers_topics(say: Conversation) -> None:
    reply = say("blorp wibble zzzxq")
    assert reply.fallback and reply.intent == "out_of_scope"
    assert reply.options[-1].label == "Ask an advisor"
    assert 2 <= len(reply.options) - 1 <= 4


def test_none_of_these_is_answered(say: Conversation) -> None:
    say("blorp wibble zzzxq")
    reply = say("None of these")
    assert reply.fallback and reply.options


def test_unknown_command_is_explained(say: Conversation) -> None:
    reply = say("/frobnicate")
    assert reply.fallback and "/help" in reply.text


def test_about_lists_every_source(say: Conversation, engine: Engine) -> None:
    reply = say("/about")
    for source in engine.knowledge.sources:
        assert source.file in reply.text


@pytest.mark.parametrize("message", ["1", "10", "2+2", "6.5"])
def test_numbers_alone_are_not_matched_to_a_topic(say: Conversation, message: str) -> None:
    reply = say(message)
    assert reply.fallback and reply.intent == "out_of_scope"


@pytest.mark.parametrize("message", ["cancel", "/cancel", "stop"])
def test_cancel_outside_a_check_starts_nothing(say: Conversation, message: str) -> None:
    reply = say(message)
    assert reply.intent == "cancel"
    assert say.state.eligibility is None


def test_a_question_between_two_topics_asks_which_one(say: Conversation) -> None:
    reply = say("do non-EU students need proof of funding to live in Norway?")
    if reply.fallback:  # close call: "Did you mean ...?" with both topics as options
        assert reply.fallback_kind == "ambiguous" and reply.text.startswith("Did you mean")
        picked = say(reply.options[0].label)
        assert picked.intent == "living_costs" and "EU/EEA/EFTA" in picked.text
    else:
        assert reply.intent == "living_costs"
