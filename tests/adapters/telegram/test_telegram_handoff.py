"""Handoff to a human advisor through PTB's real Application, the Bot API recorded offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from ie_bot.adapters.telegram import TelegramSettings
from ie_bot.adapters.telegram.desk import NO_OPEN, UNREACHABLE
from ie_bot.handoff import HandoffStore
from ie_bot.knowledge import KnowledgeBase
from tests.adapters.telegram.tg_harness import ALICE, BOB, Launcher, Said, Telegram

ADVISORS = -100900900
ADVISOR = 4242
UNANSWERED = "can I bring my cat to the dorm"


@pytest.fixture
def desk_settings(settings: TelegramSettings) -> TelegramSettings:
    return settings.model_copy(update={"advisor_chat_id": ADVISORS,
                                       "advisor_ids": frozenset({ADVISOR})})


@pytest.fixture
async def desk_launcher(desk_settings: TelegramSettings, knowledge: KnowledgeBase):  # type: ignore[no-untyped-def]
    launcher = Launcher(desk_settings, knowledge)
    yield launcher
    for tg in list(launcher.running):
        await launcher.stop(tg)


@pytest.fixture
async def desk(desk_launcher: Launcher) -> Telegram:
    return await desk_launcher.start()


async def request_from_a_fallback(tg: Telegram) -> tuple[Said, int]:
    """Alice asks what the sources don't cover and sends it; the post's id in the advisors' chat."""
    reply = await tg.say(UNANSWERED)
    reply = await tg.press(reply.payload("Ask an advisor"), message_id=reply.message_id)
    assert "They will also see" in reply.text and "Send it?" in reply.text
    sent = await tg.press(reply.payload("Yes, send it"), message_id=reply.message_id)
    posts = [c for c in sent.calls if c.method == "sendMessage"
             and c.params["chat_id"] == ADVISORS]
    assert len(posts) == 1
    return sent, posts[0].result["message_id"]


def to(said: Said, chat: int) -> list[str]:
    return [c.params["text"] for c in said.calls
            if c.method == "sendMessage" and c.params["chat_id"] == chat]


async def test_a_handoff_from_a_fallback_reaches_the_advisors(desk: Telegram) -> None:
    sent, _ = await request_from_a_fallback(desk)
    (post,) = to(sent, ADVISORS)
    assert post.startswith("Request #1") and f"Question: {UNANSWERED}" in post
    assert "Reply to this message" in post and "User1001" not in post  # no name shared
    assert "An advisor will reply here" in " ".join(to(sent, ALICE))


async def test_the_advisors_reply_is_relayed_and_the_request_answered(desk: Telegram) -> None:
    _, post = await request_from_a_fallback(desk)
    said = await desk.say("Pets are not allowed in student housing, sorry.", user=ADVISOR,
                          chat=ADVISORS, reply_to=post)
    (relayed,) = to(said, ALICE)
    assert "An advisor answered your question" in relayed
    assert "Pets are not allowed" in relayed
    assert to(said, ADVISORS) == ["Delivered your answer to #1."]
    handoff = desk.bot.desk.store.get(1)
    assert handoff is not None and handoff.state == "answered" and handoff.delivered_at


async def test_a_restart_between_request_and_reply_loses_nothing(
        desk_launcher: Launcher, desk: Telegram) -> None:
    _, post = await request_from_a_fallback(desk)
    await desk_launcher.stop(desk)
    again = await desk_launcher.start()
    said = await again.say("Yes, one cat is fine.", user=ADVISOR, chat=ADVISORS, reply_to=post)
    assert "Yes, one cat is fine." in " ".join(to(said, ALICE))


async def test_an_undeliverable_reply_is_reported_to_the_advisors(desk: Telegram) -> None:
    _, post = await request_from_a_fallback(desk)
    desk.api.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
    said = await desk.say("Here is your answer", user=ADVISOR, chat=ADVISORS, reply_to=post)
    (note,) = to(said, ADVISORS)[-1:]
    assert note.startswith("I could not deliver the answer to #1")
    assert "blocked" in note
    assert desk.bot.desk.store.get(1).state == "closed"  # type: ignore[union-attr]


async def test_a_failed_relay_is_retried(desk: Telegram) -> None:
    _, post = await request_from_a_fallback(desk)
    desk.api.fail("sendMessage", 502, "Bad Gateway")
    said = await desk.say("Here is your answer", user=ADVISOR, chat=ADVISORS, reply_to=post)
    assert "I'll retry" in to(said, ADVISORS)[-1]
    before = len(desk.api.calls)
    await desk.bot.desk.retry(desk.app.bot)
    relayed = [c for c in desk.api.calls[before:] if c.params.get("chat_id") == ALICE]
    assert relayed and "Here is your answer" in relayed[0].params["text"]
    told = [c for c in desk.api.calls[before:] if c.params.get("chat_id") == ADVISORS]
    assert [c.params["text"] for c in told] == ["Delivered your answer to #1."]


async def test_a_non_advisor_reply_is_ignored(desk: Telegram) -> None:
    _, post = await request_from_a_fallback(desk)
    said = await desk.say("I am not an advisor", user=BOB, chat=ADVISORS, reply_to=post)
    assert said.calls == []
    assert desk.bot.desk.store.get(1).state == "open"  # type: ignore[union-attr]


async def test_the_advisors_chat_never_reaches_the_engine(desk: Telegram) -> None:
    assert (await desk.say("what is the tuition fee at NTNU?", user=ADVISOR,
                           chat=ADVISORS)).calls == []


async def test_open_lists_the_open_requests(desk: Telegram) -> None:
    assert (await desk.say("/open", user=ADVISOR, chat=ADVISORS)).texts == [NO_OPEN]
    await request_from_a_fallback(desk)
    listed = await desk.say("/open", user=ADVISOR, chat=ADVISORS)
    assert listed.text.startswith("Open requests:") and f"#1 · 0 min ago · open · {UNANSWERED}" \
        in listed.text
    assert (await desk.say("/open", user=BOB, chat=ADVISORS)).calls == []


async def test_an_unreachable_advisors_chat_keeps_the_request_and_retries(desk: Telegram) -> None:
    reply = await desk.say(UNANSWERED)
    reply = await desk.press(reply.payload("Ask an advisor"))
    desk.api.fail("sendMessage", 403, "Forbidden: bot was kicked from the supergroup chat")
    sent = await desk.press(reply.payload("Yes, send it"))
    assert UNREACHABLE in sent.text
    assert desk.bot.desk.store.unposted()
    before = len(desk.api.calls)
    await desk.bot.desk.retry(desk.app.bot)
    assert [c.params["chat_id"] for c in desk.api.calls[before:]] == [ADVISORS]
    assert not desk.bot.desk.store.unposted()


async def test_without_an_advisors_chat_the_cli_answer_is_relayed(tg: Telegram,
                                                                  tmp_path: Path) -> None:
    reply = await tg.say("/contact")
    reply = await tg.say("Do you accept a three-year bachelor from Ghana?")
    sent = await tg.press(reply.payload("Yes, send it"))
    assert [c.params["chat_id"] for c in sent.calls if c.method == "sendMessage"] == [ALICE]
    cli = HandoffStore(tg.bot.settings.db)  # what `ie-bot handoffs answer 1 ...` does
    cli.answer(1, "Yes, if it is 180 ECTS.", by="advisor")
    cli.close()
    before = len(tg.api.calls)
    await tg.bot.desk.retry(tg.app.bot)
    (relayed,) = [c.params["text"] for c in tg.api.calls[before:]]
    assert "Yes, if it is 180 ECTS." in relayed
