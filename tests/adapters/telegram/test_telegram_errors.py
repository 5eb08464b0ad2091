"""One error handler: logs (without the token), apologises, and the bot carries on."""

from __future__ import annotations

import logging

import pytest

from ie_bot.adapters.telegram.errors import SORRY
from tests.adapters.telegram.tg_harness import ALICE, BOB, TOKEN, Telegram


async def test_a_failing_update_is_logged_and_apologised_for(
        tg: Telegram, caplog: pytest.LogCaptureFixture) -> None:
    tg.api.fail("sendMessage", 400, "Bad Request: message text is empty")
    reply = await tg.say("What is the tuition fee at NTNU?", user=ALICE)
    assert reply.texts[-1] == SORRY  # and not the exception's text
    (record,) = [r for r in caplog.records if r.name == "ie_bot.adapters.telegram.errors"]
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert TOKEN not in caplog.text and TOKEN.split(":")[1] not in caplog.text

    assert "no tuition fees" in (await tg.say("What is the tuition fee at NTNU?")).text
    assert "no tuition fees" in (await tg.say("Tuition at NTNU?", user=BOB)).text


async def test_a_failing_button_press_is_apologised_for(tg: Telegram) -> None:
    tg.api.fail("answerCallbackQuery", 400, "Bad Request: query is too old")
    reply = await tg.press("::i:tuition_fee")
    assert reply.texts[-1] == SORRY
    assert [c.method for c in reply.calls][-1] == "answerCallbackQuery"


async def test_when_even_the_apology_fails_the_bot_carries_on(
        tg: Telegram, caplog: pytest.LogCaptureFixture) -> None:
    tg.api.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", times=2)
    assert (await tg.say("hello")).texts == []
    assert "Could not tell the user" in caplog.text
    assert (await tg.say("hello")).text.startswith("Hi!")
