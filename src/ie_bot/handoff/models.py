"""A stored handoff request and its life: open -> answered -> closed."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ie_bot.engine.handoff_types import HandoffRequest

HandoffState = Literal["open", "answered", "closed"]
_ID = re.compile(r"#?(\d{1,12})")


def parse_id(text: str) -> int | None:
    """``12`` or ``#12`` (how requests are shown) as the request's number, else None."""
    match = _ID.fullmatch(text.strip())
    return int(match.group(1)) if match else None


class Handoff(BaseModel):
    """One request, as stored: who asked (to relay the answer), what, and where it stands.

    ``posted_message_id`` is the request's message in the advisors' chat (None: not posted
    yet, so it is retried); ``delivered_at`` is None while an answer waits to reach the
    student; ``problem`` says why the last delivery failed.
    """

    model_config = ConfigDict(extra="forbid")

    id: int
    conversation: str
    chat_id: int | None = Field(default=None, description="Telegram chat to relay to.")
    request: HandoffRequest
    state: HandoffState = "open"
    created_at: float
    posted_message_id: int | None = None
    answer: str | None = None
    answered_by: str | None = None
    answered_at: float | None = None
    delivered_at: float | None = None
    problem: str | None = None

    @property
    def label(self) -> str:
        return f"#{self.id}"

    @property
    def awaiting_delivery(self) -> bool:
        return self.state == "answered" and self.delivered_at is None
