"""On Telegram too: /about is named in the greeting and in help; answers cite titles and
offer what they hold back as a button."""

from __future__ import annotations

from tests.adapters.telegram.tg_harness import Telegram


async def test_greeting_and_help_name_about(tg: Telegram) -> None:
    assert "/about" in (await tg.say("/start")).text
    assert "/about" in (await tg.say("/help")).text


async def test_more_about_is_a_button_that_gives_the_rest(tg: Telegram) -> None:
    short = await tg.say("specialisation rules at Leiden")
    assert "Serious Games" not in short.text
    full = await tg.press(short.payload("More about specialisation"),
                          message_id=short.message_id)
    assert "Serious Games" in full.text
    assert "Source: Leiden programme page on structure and specialisation (June 2021)" in (
        full.text)
