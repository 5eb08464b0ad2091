"""The entry criteria of one programme, as written in ``knowledge/eligibility/<id>.yml``.

Everything a verdict says comes from here: the criteria (generic kinds with
parameters, see ``criteria``), advice, documents and next steps, each with the
seed file it was taken from.
"""

from __future__ import annotations

from collections import Counter

from pydantic import Field, model_validator

from ie_bot.eligibility.criteria import (
    AcceptedField,
    Check,
    Criterion,
    DegreeCriterion,
    EctsCriterion,
    EnglishCriterion,
    RequirementCriterion,
    Status,
    Strict,
    Threshold,
)

__all__ = [
    "AcceptedField", "Check", "Criterion", "DegreeCriterion", "EctsCriterion",
    "EnglishCriterion", "NextSteps", "Note", "ProgrammeRules", "RequirementCriterion", "Status",
    "Threshold",
]


class Note(Strict):
    """A sentence with its source: a piece of advice, or a document to prepare."""

    text: str = Field(min_length=1)
    source: str


class NextSteps(Strict):
    """What to do next, by verdict."""

    eligible: str
    cant_tell: str
    not_eligible: str


class ProgrammeRules(Strict):
    """The entry criteria of one programme."""

    programme: str
    criteria: list[Criterion] = Field(min_length=1)
    advice: list[Note] = Field(default_factory=list, description="Recommended, never a bar.")
    documents: list[Note] = Field(default_factory=list)
    next_step: NextSteps

    @model_validator(mode="after")
    def _ids_are_unique(self) -> ProgrammeRules:
        twice = [i for i, n in Counter(c.id for c in self.criteria).items() if n > 1]
        if twice:
            raise ValueError(f"criterion ids must be unique; repeated: {', '.join(twice)}")
        return self

    def sources(self) -> list[str]:
        """Every seed file these rules cite, in order of first use."""
        notes = [*self.criteria, *self.advice, *self.documents]
        return list(dict.fromkeys(n.source for n in notes))
