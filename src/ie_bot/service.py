"""The seam every channel uses: load state, ask the engine, save state and log, atomically.

Adapters (console, Telegram, tests) hold an ``Advisor`` and never touch the
store or the engine directly, so behaviour is the same on every channel.

A turn is optimistic: load the state and its version, reply, then commit the new state
and the log entry in one transaction only if nobody else changed the conversation
meanwhile; otherwise reply again from the newer state. A turn that still cannot be
committed, or a database that fails, gets a reply that says so in one line, and the
message is not taken: what a student was told is always what the database holds.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ie_bot.engine import ConversationState, Engine, Reply
from ie_bot.knowledge import KnowledgeBase, load_knowledge
from ie_bot.question_log import entry_for
from ie_bot.storage import SqliteStore, StorageError, clean_text

Today = Callable[[], date]
log = logging.getLogger(__name__)

#: Attempts at committing one turn before it is refused (each re-reads the newer state).
MAX_ATTEMPTS = 12
BUSY = ("This conversation was changed somewhere else at the same moment, so I did not "
        "take your message. Please send it again.")
#: Said to the student; the cause (with the file's path, which a student need not see) is
#: logged instead.
STORAGE_FAILED = ("Sorry, I could not save our conversation just now, so I did not take that "
                  "message. Please send it again in a little while.")


class Advisor:
    """One engine, one store; ``reload`` swaps the knowledge base only if the new one loads."""

    def __init__(self, knowledge: KnowledgeBase, store: SqliteStore,
                 today: Today = date.today) -> None:
        self._today = today
        self.engine = Engine(knowledge)
        self.store = store

    def handle(self, conversation: str, text: str, *, fresh: bool = False) -> Reply:
        """Reply to ``text`` and store the turn; ``fresh`` starts the conversation over first.

        Never raises for a storage failure: the reply says the message was not taken (intent
        ``storage_error``), and the cause is logged, one line naming the file.
        """
        text = clean_text(text)
        try:
            for attempt in range(MAX_ATTEMPTS):
                loaded = self.store.load_versioned(conversation)
                before = ConversationState() if fresh else self._known(loaded.state)
                reply, after = self.engine.reply(text, before, today=self._today())
                entry = entry_for(text, before, reply)
                if self.store.commit_turn(conversation, loaded.version, after, entry):
                    return reply
                time.sleep(random.uniform(0, 0.002 * (attempt + 1)))  # let the other finish
        except StorageError as exc:
            log.error("%s", exc)
            return Reply(text=STORAGE_FAILED, intent="storage_error", fallback=True)
        log.warning("conversation %s: gave up after %d concurrent updates", conversation,
                    MAX_ATTEMPTS)
        return Reply(text=BUSY, intent="busy", fallback=True)

    def _known(self, state: ConversationState) -> ConversationState:
        """The stored state without references the knowledge base no longer has (a
        programme or topic removed by a reload): they would be answered verbatim."""
        knowledge = self.engine.knowledge
        programmes = [p for p in state.programmes if knowledge.programme(p) is not None]
        last = state.last_intent if state.last_intent and knowledge.intent(
            state.last_intent) is not None else None
        if programmes == state.programmes and last == state.last_intent:
            return state
        return state.model_copy(update={"programmes": programmes, "last_intent": last})

    def state(self, conversation: str) -> ConversationState:
        return self.store.load(conversation)

    def reset(self, conversation: str) -> None:
        self.store.save(conversation, ConversationState())

    def reload(self, directory: Path | str | None) -> KnowledgeBase:
        """Load and validate first; on error the old knowledge keeps serving (raises)."""
        knowledge = load_knowledge(directory)
        self.engine = Engine(knowledge)
        return knowledge
