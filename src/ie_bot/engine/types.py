"""The values that cross the engine's boundary: replies, options and conversation state.

They are pydantic models because they are persisted (state) and printed as JSON
(replies) by the adapters.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ie_bot.engine.handoff_types import HandoffDraft, HandoffRequest, RecentTurn

FallbackKind = Literal[
    "empty", "too_long", "unreadable", "off_topic", "other_institution", "low_confidence",
    "ambiguous", "unknown_option", "other_language", "near_domain",
]

#: Options carry a payload that the engine understands without the matcher; it starts
#: with this marker so that no typed message is mistaken for one.
PAYLOAD_PREFIX = "::"


class Option(BaseModel):
    """A suggested next message: a button on Telegram, a numbered line in the console."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    payload: str = Field(max_length=64, description="Fits Telegram's 64-byte callback data.")


class Reply(BaseModel):
    """What the engine says back, channel-neutral."""

    model_config = ConfigDict(extra="forbid")

    text: str
    intent: str
    programme: str | list[str] | None = None
    confidence: float = 0.0
    fallback: bool = False
    fallback_kind: FallbackKind | None = None
    margin: float | None = Field(
        default=None, description="Lead over the runner-up intent, when the matcher decided; "
        "lets ``ie-bot eval --sweep`` replay thresholds without re-running the engine.")
    sources: list[str] = Field(default_factory=list)
    options: list[Option] = Field(default_factory=list)
    parts: list[str] = Field(default_factory=list, description="The label answered for each "
                             "part of a multi-part question, in order; '' for a part not "
                             "understood (named in the text, never dropped).")
    handoff: HandoffRequest | None = Field(
        default=None, description="A request the student confirmed: the adapter stores it "
        "and sends it to the advisors.")

    def public_json(self) -> dict[str, Any]:
        """The scriptable shape of ``console --json`` and ``ask --json``."""
        return {
            "text": self.text,
            "intent": self.intent,
            "programme": self.programme,
            "confidence": round(self.confidence, 3),
            "fallback": self.fallback,
            "sources": self.sources,
            "options": [option.label for option in self.options],
        }


class ConversationState(BaseModel):
    """Everything the engine remembers between two messages of one conversation."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    last_intent: str | None = None
    programmes: list[str] = Field(default_factory=list, description="Programmes in context.")
    options: list[Option] = Field(default_factory=list, description="Options last offered.")
    eligibility: dict[str, Any] | None = Field(
        default=None, description="The eligibility flow's own state while a check is running."
    )
    stated: dict[str, Any] = Field(
        default_factory=dict, description="Values the student has stated so far, as profile "
        "fields (``eligibility.extract``), so that no check asks for them again.")
    turns: int = 0
    recent: list[RecentTurn] = Field(default_factory=list, description="Last few exchanges.")
    verdict: str | None = Field(default=None, description="The last eligibility verdict.")
    handoff: HandoffDraft | None = None
