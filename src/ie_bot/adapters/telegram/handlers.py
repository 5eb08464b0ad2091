"""Thin PTB callbacks: turn an update into engine input, ask the Advisor, render the reply.

Ordering: each callback calls the (synchronous, fast) Advisor before its first ``await``.
With concurrent updates, PTB starts the tasks in the order updates arrive, so one user's
messages reach the engine in order and two of them never interleave a load and a save.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from telegram import Chat, ReplyParameters, Update
from telegram.ext import ContextTypes

from ie_bot.adapters.telegram import render
from ie_bot.adapters.telegram.addressing import (
    conversation_key,
    is_addressed,
    is_private,
    strip_mention,
)
from ie_bot.adapters.telegram.throttle import FloodGuard, Verdict
from ie_bot.engine import Reply
from ie_bot.knowledge import KnowledgeError
from ie_bot.service import Advisor

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]

SLOW_DOWN = ("You're sending messages faster than I can read them. "
             "Please wait a few seconds, then carry on.")
NOT_TEXT = ("I can only read text. Please type your question, "
            "or send /help to see what I can answer.")
EDITED = ("I only read new messages, not edits. "
          "Please send your correction as a new message.")
NOT_ALLOWED = "Sorry, that command is not allowed for you."
UNKNOWN_COMMAND = "I don't know that command. Send /help to see what I can answer."


class Handlers:
    """The adapter's callbacks; holds the Advisor (composition), never the engine's internals."""

    def __init__(self, advisor: Advisor, *, flood: FloodGuard, admin_ids: frozenset[int],
                 knowledge_dir: Path | None) -> None:
        self.advisor = advisor
        self.flood = flood
        self.admin_ids = admin_ids
        self.knowledge_dir = knowledge_dir

    # -- commands ---------------------------------------------------------------------

    def ask(self, engine_text: str) -> Callback:
        """A command that is an ordinary engine message (/help, /compare, ...)."""

        async def command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            await self._converse(update, context, engine_text)

        return command

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Start over: forget the conversation, then welcome with topic buttons."""
        await self._converse(update, context, "/start", reset=True)

    async def about(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The sources and the dates they speak of."""
        if await self._admit(update, context):
            await self._say(update, context, render.about(self.advisor.engine.knowledge.sources))

    async def stats(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Admin: usage figures from the question log."""
        if await self._admit_admin(update, context):
            await self._say(update, context, render.stats(self.advisor.store.stats()))

    async def reload(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Admin: swap in the knowledge base on disk, only if it validates."""
        if not await self._admit_admin(update, context):
            return
        try:
            kb = await asyncio.to_thread(self.advisor.reload, self.knowledge_dir)
        except KnowledgeError as exc:
            await self._say(update, context, render.reload_refused(exc.problems))
            return
        facts = sum(len(facts) for facts in kb.facts.values())
        await self._say(update, context, (
            f"Reloaded the knowledge base: {len(kb.programmes)} programmes, "
            f"{len(kb.intents)} intents, {facts} facts, {len(kb.sources)} sources."))

    # -- messages ---------------------------------------------------------------------

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A typed message; in a group only when it is addressed to the bot."""
        message, me = update.message, context.bot.bot
        if message is not None and message.text is not None and is_addressed(message, me):
            await self._converse(update, context, strip_mention(message.text, me))

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button press: its callback data is the engine payload (the engine checks it)."""
        query = update.callback_query
        key = conversation_key(update)
        if query is None:
            return
        if key is None or query.data is None:
            await query.answer()
            return
        if not await self._admit(update, context):
            return
        reply = self.advisor.handle(key, query.data)
        await query.answer()
        await self._send(update, context, reply)

    async def not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, photos, voice, documents...: a hint to type instead."""
        message = update.message
        if (message is not None and is_addressed(message, context.bot.bot)
                and await self._admit(update, context)):
            await self._say(update, context, NOT_TEXT)

    async def unknown_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A command we do not have: a hint in private (in a group it may be another bot's)."""
        if is_private(update) and await self._admit(update, context):
            await self._say(update, context, UNKNOWN_COMMAND)

    async def edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Edits are not re-answered (that would advance a check twice); say so in private."""
        if is_private(update) and await self._admit(update, context):
            await self._say(update, context, EDITED)

    # -- plumbing ---------------------------------------------------------------------

    async def _converse(self, update: Update, context: ContextTypes.DEFAULT_TYPE, text: str,
                        *, reset: bool = False) -> None:
        key = conversation_key(update)
        if key is None or not await self._admit(update, context):
            return
        await self._send(update, context, self.advisor.handle(key, text, fresh=reset))

    async def _admit(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
        """The flood check; the first refused message gets a slow-down note, later ones none.

        It does not await when it admits, so the caller reaches the Advisor in order. A
        refused button press is still answered (on the button), so its spinner stops.
        """
        user = update.effective_user
        if user is None:
            return False
        verdict = self.flood.check(user.id)
        if verdict is Verdict.ALLOW:
            return True
        note = SLOW_DOWN if verdict is Verdict.WARN else None
        if update.callback_query is not None:
            await update.callback_query.answer(note)
        elif note is not None:
            await self._say(update, context, note)
        return False

    async def _admit_admin(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
        if not await self._admit(update, context):
            return False
        user = update.effective_user
        if user is None or user.id not in self.admin_ids:
            await self._say(update, context, NOT_ALLOWED)
            return False
        return True

    async def _say(self, update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
        await self._send(update, context, Reply(text=text, intent="_telegram"))

    async def _send(self, update: Update, context: ContextTypes.DEFAULT_TYPE,
                    reply: Reply) -> None:
        """Plain text (no parse mode, so nothing to escape), split at 4,096; buttons last."""
        chat = update.effective_chat
        if chat is None:
            return
        message = update.effective_message
        quote = (ReplyParameters(message.message_id, allow_sending_without_reply=True)
                 if chat.type != Chat.PRIVATE and message is not None
                 and update.callback_query is None else None)
        chunks = render.split_message(reply.text)
        markup = render.keyboard(reply.options)
        for number, chunk in enumerate(chunks, start=1):
            await context.bot.send_message(
                chat.id, chunk,
                reply_markup=markup if number == len(chunks) else None,
                reply_parameters=quote if number == 1 else None,
            )
