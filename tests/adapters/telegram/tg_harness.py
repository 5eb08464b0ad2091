"""Drive the real PTB Application offline: Telegram-shaped updates in, Bot API calls out.

The network is replaced by ``RecordingRequest`` (a ``BaseRequest``); nothing of ours is
mocked. ``Telegram.say`` reads like a conversation: ``reply = await tg.say("hello")``.
Updates are built as the JSON Telegram sends and parsed with ``Update.de_json``.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from telegram import Update

from ie_bot.adapters.telegram import TelegramBot, TelegramSettings
from ie_bot.adapters.telegram.offline import BOT_USER, FakeBotApi, RecordingRequest
from ie_bot.adapters.telegram.throttle import FloodGuard
from ie_bot.knowledge import KnowledgeBase
from ie_bot.service import Advisor
from ie_bot.storage import SqliteStore
from tests.conftest import TODAY

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
ADMIN = 7
ALICE = 1001
BOB = 1002
GROUP = -100200300


class Clock:
    """The flood guard's time; ``Telegram`` moves it on between messages like a human."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Said:
    """What the bot sent back for one update."""

    calls: list[Any]
    texts: list[str] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)
    message_id: int | None = None

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    def payload(self, label_part: str) -> str:
        """The callback data of the first button whose label contains ``label_part``."""
        for label, data in self.buttons:
            if label_part.lower() in label.lower():
                return data
        raise AssertionError(f"no button like {label_part!r} in {self.buttons}")


class Telegram:
    """Plays Telegram's part: builds updates as JSON, as Telegram would send them."""

    def __init__(self, bot: TelegramBot, api: FakeBotApi, clock: Clock) -> None:
        self.bot = bot
        self.app = bot.application
        self.api = api
        self.clock = clock
        self._ids = itertools.count(1)
        self.pace = 3.0  # seconds between two messages of a conversation

    def _user(self, user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}"}

    def _chat(self, user_id: int, chat_id: int | None) -> dict[str, Any]:
        if chat_id is None or chat_id == user_id:
            return {"id": user_id, "type": "private", "first_name": f"User{user_id}"}
        return {"id": chat_id, "type": "supergroup", "title": "IE applicants"}

    def message(self, text: str | None = None, *, user: int = ALICE, chat: int | None = None,
                reply_to: int | None = None, **extra: Any) -> dict[str, Any]:
        """A message as JSON; a leading /command gets its bot_command entity."""
        message: dict[str, Any] = {
            "message_id": next(self._ids), "date": int(time.time()),
            "chat": self._chat(user, chat), "from": self._user(user), **extra,
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split()[0]
                message["entities"] = [{"type": "bot_command", "offset": 0,
                                        "length": len(command)}]
        if reply_to is not None:
            message["reply_to_message"] = {
                "message_id": reply_to, "date": int(time.time()),
                "chat": self._chat(user, chat), "from": BOT_USER, "text": "(earlier reply)"}
        return message

    async def process(self, kind: str, payload: dict[str, Any]) -> Said:
        """Feed one update through the Application; return what the bot sent for it."""
        self.clock.now += self.pace
        before = len(self.api.calls)
        update = Update.de_json({"update_id": next(self._ids), kind: payload}, self.app.bot)
        await self.app.process_update(update)
        calls = self.api.calls[before:]
        said = Said(calls=calls)
        for call in calls:
            if call.method == "sendMessage" and isinstance(call.result, dict):  # delivered
                said.message_id = call.result["message_id"]
                said.texts.append(call.params["text"])
                markup = call.params.get("reply_markup") or {}
                said.buttons += [(b["text"], b["callback_data"])
                                 for row in markup.get("inline_keyboard", []) for b in row]
        return said

    async def say(self, text: str, **kwargs: Any) -> Said:
        return await self.process("message", self.message(text, **kwargs))

    async def press(self, data: str, *, user: int = ALICE, chat: int | None = None,
                    message_id: int = 1) -> Said:
        """A button press on a message the bot sent earlier (it may be long gone)."""
        query = {
            "id": str(next(self._ids)), "from": self._user(user), "chat_instance": "ci",
            "data": data,
            "message": {"message_id": message_id, "date": int(time.time()),
                        "chat": self._chat(user, chat), "from": BOT_USER, "text": "…"},
        }
        return await self.process("callback_query", query)


class Launcher:
    """Starts bots on one SQLite file, so a test can "restart the process" mid-conversation."""

    def __init__(self, settings: TelegramSettings, knowledge: KnowledgeBase) -> None:
        self.settings = settings
        self.knowledge = knowledge
        self.running: list[Telegram] = []

    async def start(self, knowledge: KnowledgeBase | None = None) -> Telegram:
        settings = self.settings
        request, clock = RecordingRequest(), Clock()
        advisor = Advisor(knowledge or self.knowledge, SqliteStore(settings.db),
                          today=lambda: TODAY)
        bot = TelegramBot(settings, advisor, request=request,
                          flood=FloodGuard(burst=5, rate=0.5, clock=clock))
        await bot.application.initialize()
        self.running.append(Telegram(bot, request.api, clock))
        return self.running[-1]

    async def stop(self, tg: Telegram) -> None:
        """What SIGTERM leads to in run_polling: shutdown, then post_shutdown (closes the store)."""
        self.running.remove(tg)
        await tg.app.shutdown()
        await tg.app.post_shutdown(tg.app)
