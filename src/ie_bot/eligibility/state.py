"""The check's own state between two messages: stored as JSON, so versioned and validated
when read back (an outdated or broken state starts the check over)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ie_bot.eligibility.profile import Profile
from ie_bot.eligibility.steps import STEP_BY_FIELD


class Answered(BaseModel):
    """One answer, with the fields it filled (none: skipped), so that back can undo it."""

    model_config = ConfigDict(extra="forbid")

    step: str
    fields: list[str]


class FlowState(BaseModel):
    """The flow's own state; stored as JSON, so versioned and validated when read back."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    step: str = Field(description="The question waiting for an answer.")
    profile: Profile = Field(default_factory=Profile)
    history: list[Answered] = Field(default_factory=list)
    programmes_given: bool = Field(default=False, description="Restart keeps them.")

    @field_validator("step")
    @classmethod
    def _known_step(cls, value: str) -> str:
        if value not in STEP_BY_FIELD:
            raise ValueError(f"no question {value!r}")
        return value

    def skipped(self) -> set[str]:
        return {answer.step for answer in self.history if not answer.fields}
