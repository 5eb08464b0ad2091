"""The seam every channel uses: load state, ask the engine, save state, log the question.

Adapters (console, Telegram, tests) hold an ``Advisor`` and never touch the
store or the engine directly, so behaviour is the same on every channel.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from ie_bot.engine import ConversationState, Engine, Reply
from ie_bot.knowledge import KnowledgeBase, load_knowledge
from ie_bot.storage import SqliteStore

Today = Callable[[], date]


class Advisor:
    """One engine, one store; ``reload`` swaps the knowledge base only if the new one loads."""

    def __init__(self, knowledge: KnowledgeBase, store: SqliteStore,
                 today: Today = date.today) -> None:
        self._today = today
        self.engine = Engine(knowledge)
        self.store = store

    def handle(self, conversation: str, text: str) -> Reply:
        state = self.store.load(conversation)
        reply, new_state = self.engine.reply(text, state, today=self._today())
        self.store.save(conversation, new_state)
        if not text.startswith("/"):  # commands are navigation, not questions
            self.store.log_question(conversation, text, reply)
        return reply

    def state(self, conversation: str) -> ConversationState:
        return self.store.load(conversation)

    def reset(self, conversation: str) -> None:
        self.store.save(conversation, ConversationState())

    def reload(self, directory: Path | str | None) -> KnowledgeBase:
        """Load and validate first; on error the old knowledge keeps serving (raises)."""
        knowledge = load_knowledge(directory)
        self.engine = Engine(knowledge)
        return knowledge
