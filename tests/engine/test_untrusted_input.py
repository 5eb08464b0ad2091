"""Issue 12, items 1 and 8 at the engine, the service and the settings."""

from __future__ import annotations

from datetime import date

import pytest

from ie_bot.adapters.telegram.settings import SettingsError, load_settings
from ie_bot.engine import ConversationState, Engine
from ie_bot.knowledge import KnowledgeBase
from ie_bot.service import Advisor
from ie_bot.storage import SqliteStore
from tests.adapters.telegram.tg_harness import TOKEN
from tests.conftest import TODAY, Conversation


@pytest.mark.parametrize("digit", ["²", "٣", "①", "𝟐", "9" * 5000])
def test_a_digit_that_int_cannot_read_is_a_message_not_an_option(
        say: Conversation, digit: str) -> None:
    assert say("tuition").options
    reply = say(digit)
    assert reply.fallback


def test_an_ascii_option_number_still_picks_the_option(engine: Engine) -> None:
    typed, pressed = Conversation(engine), Conversation(engine)
    offered = typed("tuition").options
    pressed("tuition")
    assert typed("2").model_dump() == pressed(offered[1].payload).model_dump()


@pytest.mark.parametrize("text", ["a a a a", "the the the", "is it the", "of to in at"])
def test_stop_words_alone_get_no_topic_answer(engine: Engine, text: str) -> None:
    reply, _ = engine.reply(text, ConversationState(), TODAY)
    assert reply.fallback


def test_greetings_are_still_greetings(engine: Engine) -> None:
    reply, _ = engine.reply("hello", ConversationState(), TODAY)
    assert reply.intent == "greeting"


def test_a_stored_programme_that_no_longer_exists_is_dropped(knowledge: KnowledgeBase) -> None:
    store = SqliteStore(":memory:")
    store.save("s", ConversationState(last_intent="tuition_fee", programmes=["trondheim-old"]))
    advisor = Advisor(knowledge, store, today=lambda: date(2026, 11, 23))
    reply = advisor.handle("s", "and the tuition?")
    assert "trondheim-old" not in reply.text
    assert "trondheim-old" not in advisor.state("s").programmes


@pytest.mark.parametrize("token", ["١٢٣:AAbbCC", "１２３:AAbbCC", "123:AAbb\u00e9"])
def test_a_token_with_non_ascii_characters_is_refused(token: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"TELEGRAM_BOT_TOKEN": token})
    assert "TELEGRAM_BOT_TOKEN" in str(caught.value) and token not in str(caught.value)


def test_port_0_is_refused_by_flag_as_by_variable() -> None:
    environ = {"TELEGRAM_BOT_TOKEN": TOKEN, "IE_BOT_WEBHOOK_URL": "https://b.example.org/h"}
    messages = []
    for extra, port in (({"IE_BOT_WEBHOOK_PORT": "0"}, None), ({}, 0)):
        with pytest.raises(SettingsError) as caught:
            load_settings({**environ, **extra}, webhook=True, port=port)
        messages.append(str(caught.value))
    assert messages[0] == messages[1]
    assert messages[0].startswith("IE_BOT_WEBHOOK_PORT (--port)")
