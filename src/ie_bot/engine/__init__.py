"""The transport-free core: a message and a conversation state in, a reply and a new state out."""

from ie_bot.engine.core import Engine
from ie_bot.engine.types import ConversationState, Option, Reply

__all__ = ["ConversationState", "Engine", "Option", "Reply"]
