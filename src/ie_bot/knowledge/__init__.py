"""The knowledge base: YAML files under ``knowledge/``, validated by pydantic models."""

from ie_bot.knowledge.loader import KnowledgeError, default_knowledge_dir, load_knowledge
from ie_bot.knowledge.models import Fact, Intent, KnowledgeBase, Programme, Source

__all__ = [
    "Fact",
    "Intent",
    "KnowledgeBase",
    "KnowledgeError",
    "Programme",
    "Source",
    "default_knowledge_dir",
    "load_knowledge",
]
