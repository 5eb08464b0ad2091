"""Fixtures for the eligibility check: the real knowledge base and a flow driver."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from ie_bot.eligibility import flow
from ie_bot.eligibility.flow import FlowTurn
from ie_bot.knowledge import KnowledgeBase, load_knowledge
from tests.conftest import KNOWLEDGE_DIR


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The real knowledge directory, loaded and cross-checked as the bot loads it."""
    return load_knowledge(KNOWLEDGE_DIR)


class Check:
    """One guided check, driven as the engine drives it.

    Between turns the state goes through ``json.dumps``/``json.loads``, as it does
    through the SQLite store, so every test also checks that the state round-trips.
    """

    def __init__(self, kb: KnowledgeBase, programmes: list[str] | None = None) -> None:
        self.kb = kb
        self.turn = flow.begin(kb, programmes)
        self.state = self.turn.state
        self.asked = [self.pending] if self.state else []

    @property
    def pending(self) -> str | None:
        return self.state["step"] if self.state else None

    @property
    def profile(self) -> dict[str, Any]:
        assert self.state is not None
        return self.state["profile"]

    def say(self, message: str) -> FlowTurn:
        assert self.state is not None, "the check has already ended"
        stored = json.loads(json.dumps(self.state))
        self.turn = flow.advance(self.kb, stored, message)
        self.state = self.turn.state
        if self.state and self.pending != self.asked[-1]:
            self.asked.append(self.pending)
        return self.turn

    def payload(self, label: str) -> str:
        """The payload of the option labelled ``label`` in the last turn."""
        return next(o.payload for o in self.turn.options if o.label == label)

    def press(self, label: str) -> FlowTurn:
        return self.say(self.payload(label))


@pytest.fixture
def start(kb: KnowledgeBase) -> Callable[..., Check]:
    return lambda programmes=None: Check(kb, programmes)
