"""The advisors' desk: handoff requests go to one Telegram chat, replies come back.

Each request is stored first (``HandoffStore``), then posted to the advisors' chat with its
number; an advisor answers by replying to that post, and the answer is relayed to the
student. What could not be posted or delivered stays in the store and ``retry`` tries it
again, so an unreachable chat or a restart loses nothing. Without an advisors' chat the
requests wait for ``ie-bot handoffs answer``, and the bot still relays those answers.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot, Message, ReplyParameters, Update, User
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from ie_bot.adapters.telegram.render import split_message
from ie_bot.adapters.telegram.serial import Serialiser
from ie_bot.engine.handoff_types import HandoffRequest
from ie_bot.handoff import Handoff, HandoffStore
from ie_bot.handoff import text as texts

log = logging.getLogger(__name__)

UNREACHABLE = ("(The advisors can't be reached right now. Your question is saved, and I'll "
               "keep trying to pass it on.)")
NO_OPEN = "No open requests."
RETRY_EVERY = 30.0


class AdvisorDesk:
    """Posts requests, relays answers, lists open requests; every store call in the worker."""

    def __init__(self, store: HandoffStore, serial: Serialiser, *, chat_id: int | None,
                 advisor_ids: frozenset[int] = frozenset()) -> None:
        self.store = store
        self.serial = serial
        self.chat_id = chat_id
        self.advisor_ids = advisor_ids

    async def submit(self, bot: Bot, conversation: str, chat_id: int,
                     request: HandoffRequest) -> str | None:
        """Store and post a request; a note for the student if the advisors were not reached."""
        handoff = await self.serial.run(self.store.create, conversation, request, chat_id)
        if self.chat_id is None:
            return None  # answered with `ie-bot handoffs answer`, relayed by ``retry``
        return None if await self._post(bot, handoff) else UNREACHABLE

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Everything in the advisors' chat: /open, replies to requests; never the engine."""
        message = update.message
        if message is not None and message.from_user is not None:
            command = (message.text or "").split(maxsplit=1)[0].split("@")[0].lower()
            if command == "/open" and self.is_advisor(message.from_user):
                await self._list_open(message)
            elif message.reply_to_message is not None and self.is_advisor(message.from_user):
                await self._answer(context.bot, message)
        raise ApplicationHandlerStop  # students' handlers never see the advisors' chat

    def is_advisor(self, user: User) -> bool:
        """IE_BOT_ADVISOR_IDS when set; otherwise any person in the chat (not another bot)."""
        if user.is_bot:
            return False
        return not self.advisor_ids or user.id in self.advisor_ids

    async def retry(self, bot: Bot) -> None:
        """Post what was never posted; deliver answers not yet delivered (Telegram only)."""
        if self.chat_id is not None:
            for handoff in await self.serial.run(self.store.unposted):
                if not await self._post(bot, handoff):
                    break  # still unreachable: try the rest next time
        for handoff in await self.serial.run(self.store.undelivered):
            if handoff.chat_id is not None:  # console requests are shown by the console
                await self._relay(bot, handoff, None)

    async def retry_forever(self, bot: Bot, every: float = RETRY_EVERY) -> None:
        while True:
            try:
                await self.retry(bot)
            except Exception:  # one bad round must not end the retries
                log.exception("Retrying handoff requests failed")
            await asyncio.sleep(every)

    async def _post(self, bot: Bot, handoff: Handoff) -> bool:
        assert self.chat_id is not None
        try:
            posted = await bot.send_message(self.chat_id, split_message(
                texts.for_advisors(handoff))[0])
        except TelegramError as exc:
            log.warning("Could not post request %s to the advisors' chat: %s", handoff.label, exc)
            await self.serial.run(self.store.mark_problem, handoff.id, f"not posted: {exc}")
            return False
        await self.serial.run(self.store.mark_posted, handoff.id, posted.message_id)
        return True

    async def _answer(self, bot: Bot, message: Message) -> None:
        replied = message.reply_to_message
        assert replied is not None and message.from_user is not None
        handoff = await self.serial.run(self.store.by_post, replied.message_id)
        answer = (message.text or "").strip()
        if handoff is None or not answer:
            return  # a reply to something else, or a sticker: not an answer
        by = message.from_user.full_name
        answered = await self.serial.run(self.store.answer, handoff.id, answer, by)
        if answered is not None:
            await self._relay(bot, answered, message)

    async def _relay(self, bot: Bot, handoff: Handoff, advisor_message: Message | None) -> None:
        """Pass the answer on; tell the advisors when it cannot reach the student."""
        problem = None
        try:
            if handoff.chat_id is not None:
                for chunk in split_message(texts.answer_for_student(handoff)):
                    await bot.send_message(handoff.chat_id, chunk)
        except (Forbidden, BadRequest) as exc:  # blocked, chat deleted: retrying won't help
            problem = f"the student can't be reached ({exc.message}); the request is closed"
            await self.serial.run(self.store.close_request, handoff.id)
        except TelegramError as exc:
            problem = f"not delivered yet ({exc}); I'll retry"
        if problem is None:
            await self.serial.run(self.store.mark_delivered, handoff.id)
            note = f"Delivered your answer to {handoff.label}."
        else:
            await self.serial.run(self.store.mark_problem, handoff.id, problem)
            note = f"I could not deliver the answer to {handoff.label}: {problem}."
        if advisor_message is not None:
            await self._tell_advisors(bot, note, advisor_message.message_id)
        elif handoff.problem is not None and (problem is None or "closed" in problem):
            # a retry that got through, or found the student gone: advisors were told before
            await self._tell_advisors(bot, note, handoff.posted_message_id)

    async def _list_open(self, message: Message) -> None:
        found = await self.serial.run(self.store.listed, ("open",))
        found += await self.serial.run(self.store.undelivered)
        lines = [texts.one_line(h) for h in found]
        body = "Open requests:\n" + "\n".join(lines) if lines else NO_OPEN
        for chunk in split_message(body):
            await message.reply_text(chunk)

    async def _tell_advisors(self, bot: Bot, note: str, reply_to: int | None) -> None:
        if self.chat_id is None:
            log.warning("%s", note)
            return
        try:
            quote = (ReplyParameters(reply_to, allow_sending_without_reply=True)
                     if reply_to is not None else None)
            await bot.send_message(self.chat_id, note, reply_parameters=quote)
        except TelegramError as exc:
            log.warning("Could not tell the advisors (%s): %s", note, exc)
