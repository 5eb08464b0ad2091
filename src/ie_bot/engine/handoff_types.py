"""The values of a handoff to a human advisor that cross the engine's boundary.

Kept apart from ``types`` (which imports them) so that the handoff logic in ``handoff``
can grow without touching the reply and state models every module uses.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

#: How many recent exchanges a conversation keeps, and attaches to a handoff request.
RECENT_TURNS = 3


class RecentTurn(BaseModel):
    """One exchange, trimmed: what the student wrote and the start of what the bot said."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    user: str = Field(max_length=300)
    bot: str = Field(max_length=400)
    unanswered: bool = Field(default=False, description="A typed question I had no answer to.")


class HandoffDraft(BaseModel):
    """A request being written: waiting for the question, or for the student's yes."""

    model_config = ConfigDict(extra="forbid")

    stage: Literal["question", "confirm"]
    question: str = ""


class HandoffRequest(BaseModel):
    """What the student agreed to send to the advisors; the adapters store and deliver it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    question: str = Field(min_length=1, max_length=1000)
    programmes: list[str] = Field(default_factory=list)
    recent: list[RecentTurn] = Field(default_factory=list)
    verdict: str | None = Field(default=None, description="The last eligibility verdict.")
