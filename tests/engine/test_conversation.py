"""Context, side-by-side answers, options and dates, through plain engine calls."""

from __future__ import annotations

from datetime import date

from ie_bot.engine import ConversationState, Engine
from tests.conftest import Conversation


def test_follow_up_with_programme_keeps_the_topic(say: Conversation) -> None:
    assert say("what's the tuition fee at Leiden?").programme == "leiden-delft"
    reply = say("and at NTNU?")
    assert (reply.intent, reply.programme) == ("tuition_fee", "ntnu")
    assert "no tuition fee" in reply.text.lower()


def test_pronoun_follow_up_keeps_the_programme(say: Conversation) -> None:
    say("tell me about the NTNU programme")
    reply = say("how much does it cost to live there?")
    assert (reply.intent, reply.programme) == ("living_costs", "ntnu")
    assert "10,387" in reply.text


def test_question_naming_no_programme_answers_both_side_by_side(say: Conversation) -> None:
    reply = say("what are the tuition fees?")
    assert reply.intent == "tuition_fee"
    assert reply.programme == ["leiden-delft", "ntnu"]
    assert "18,016" in reply.text and "no tuition fee" in reply.text.lower()
    assert len(reply.sources) == 2


def test_compare_gives_a_side_by_side(say: Conversation) -> None:
    reply = say("compare the two programmes")
    assert reply.intent == "compare"
    assert reply.programme == ["leiden-delft", "ntnu"]
    assert "18,016" in reply.text and "24 months" in reply.text


def test_fee_answer_offers_natural_follow_ups(say: Conversation) -> None:
    labels = [o.label.lower() for o in say("tuition at ntnu").options]
    assert any("living" in label for label in labels)
    assert any("scholarship" in label for label in labels)
    assert 2 <= len(labels) <= 3


def test_option_number_and_label_pick_the_option(say: Conversation) -> None:
    first = say("tuition at ntnu")
    by_number = say("1")
    assert by_number.intent != "out_of_scope"
    assert by_number.intent in {o.payload.split(":")[3] for o in first.options} | {
        o.payload.split(":")[3] for o in first.options
    }
    say("tuition at ntnu")
    assert say(first.options[1].label.upper()).intent == first.options[1].payload.split(":")[3]


def test_forged_payload_gets_a_polite_reply(say: Conversation) -> None:
    reply = say("::i:no_such_intent:nowhere")
    assert reply.fallback and reply.fallback_kind == "unknown_option"
    assert reply.options


def test_past_date_is_given_with_a_warning(engine: Engine) -> None:
    reply, _ = engine.reply("leiden application deadline", ConversationState(), date(2026, 11, 23))
    assert "April 2024" in reply.text
    assert "has passed" in reply.text and "check" in reply.text


def test_future_date_has_no_warning(engine: Engine) -> None:
    reply, _ = engine.reply("leiden application deadline", ConversationState(), date(2024, 3, 1))
    assert "April 2024" in reply.text
    assert "has passed" not in reply.text


def test_month_only_date_has_not_passed_within_its_month(engine: Engine) -> None:
    reply, _ = engine.reply("leiden application deadline", ConversationState(), date(2024, 4, 30))
    assert "has passed" not in reply.text


def test_naming_another_programme_mid_check_checks_that_one(say: Conversation) -> None:
    first = say("am I eligible for Leiden?")
    assert first.intent == "eligibility_check" and first.programme == "leiden-delft"
    switched = say("what about NTNU?")
    assert (switched.intent, switched.programme) == ("eligibility_check", "ntnu")
    assert say.state.eligibility is not None


def test_many_programmes_and_none_named_asks_which(knowledge) -> None:
    """Above a few programmes, side by side would be a wall: ask, offering buttons."""
    ntnu = knowledge.programme("ntnu")
    clones = [ntnu.model_copy(update={"id": f"ntnu-{n}", "short_name": f"NTNU {n}",
                                      "aliases": [f"campus{n}"]}) for n in range(4)]
    many = knowledge.model_copy(update={"programmes": [*knowledge.programmes, *clones]})
    say = Conversation(Engine(many))
    reply = say("what are the tuition fees?")
    assert reply.intent == "tuition_fee"
    assert "which programme" in reply.text.lower()
    assert [o.label for o in reply.options][:2] == ["Leiden/Delft", "NTNU"]
    answered = say("NTNU")
    assert (answered.intent, answered.programme) == ("tuition_fee", "ntnu")
