"""Shared fixtures: the real knowledge base, an engine, and a ``say`` conversation helper."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from ie_bot.engine import ConversationState, Engine, Reply
from ie_bot.knowledge import KnowledgeBase, load_knowledge

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = ROOT / "knowledge"
EVAL_SET = ROOT / "tests" / "data" / "eval.yml"
#: A fixed "today" so that date judgements are reproducible; after every seed date.
TODAY = date(2026, 11, 23)

Say = Callable[[str], Reply]


@pytest.fixture(scope="session", autouse=True)
def _model_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Models trained by tests go to a temporary cache, not the user's."""
    os.environ["IE_BOT_MODEL_CACHE"] = str(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    return load_knowledge(KNOWLEDGE_DIR)


@pytest.fixture(scope="session")
def engine(knowledge: KnowledgeBase) -> Engine:
    return Engine(knowledge)


class Conversation:
    """One conversation with the engine: ``say(text)`` returns the reply, keeping state."""

    def __init__(self, engine: Engine, today: date = TODAY) -> None:
        self.engine = engine
        self.today = today
        self.state = ConversationState()

    def __call__(self, text: str) -> Reply:
        reply, self.state = self.engine.reply(text, self.state, self.today)
        return reply


@pytest.fixture
def say(engine: Engine) -> Conversation:
    return Conversation(engine)


MINIMAL_INTENTS = """\
version: 1
intents:
  - id: greet
    title: Greeting
    response: Hello!
    examples: [hi, hello, hey, good morning, good evening, hiya, greetings, howdy]
"""


@pytest.fixture
def minimal_knowledge_dir(tmp_path: Path) -> Path:
    """The smallest valid knowledge directory: one intent, nothing else."""
    directory = tmp_path / "knowledge"
    directory.mkdir()
    (directory / "intents.yml").write_text(MINIMAL_INTENTS, encoding="utf-8")
    return directory
