"""Where a profile stands with each programme: a pure function of rules and answers.

Used by the guided flow's last turn and by ``ie-bot eligibility --profile``, so
the two can never disagree.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ie_bot.eligibility.criteria import (
    BOOLEAN_WORDS,
    Check,
    EnglishCriterion,
    RequirementCriterion,
    Status,
    Unknown,
)
from ie_bot.eligibility.models import ProgrammeRules
from ie_bot.eligibility.profile import Profile
from ie_bot.knowledge.models import KnowledgeBase

Verdict = Literal["eligible", "not_eligible", "cant_tell"]


class CriterionResult(BaseModel):
    """One criterion, the rule it was checked against, its source, and how it came out."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    status: Status
    rule: str
    source: str
    explanation: str
    condition: str | None = None
    unknown: Unknown | None = None
    note: str | None = None
    fix: str | None = None


class ProgrammeVerdict(BaseModel):
    """The answer for one programme: the verdict and everything that supports it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    programme: str
    verdict: Verdict
    criteria: list[CriterionResult]
    conditions: list[str]
    advice: list[str]
    documents: list[str]
    next_step: str
    sources: list[str]

    @property
    def conditional(self) -> bool:
        """Met only if something still comes true (graduating, handing in a document)."""
        return bool(self.conditions)

    def public_json(self) -> dict[str, Any]:
        """The shape of ``ie-bot eligibility --json``."""
        return {
            "verdict": self.verdict,
            "conditional": self.conditional,
            "conditions": self.conditions,
            "criteria": [c.model_dump() for c in self.criteria],
            "advice": self.advice,
            "documents": self.documents,
            "next_step": self.next_step,
            "sources": self.sources,
        }


def evaluate(kb: KnowledgeBase, profile: Profile) -> dict[str, ProgrammeVerdict]:
    """The verdict for every programme the profile names (all with rules, if it names none).

    Programmes come in the knowledge base's order; an id without rules is skipped
    (the CLI and the flow reject unknown ids before they get here).
    """
    wanted = profile.programmes or list(kb.eligibility)
    return {pid: judge(kb.eligibility[pid], profile)
            for pid in programme_order(kb, wanted) if pid in kb.eligibility}


def programme_order(kb: KnowledgeBase, ids: list[str]) -> list[str]:
    """``ids`` in the order the knowledge base lists its programmes (unlisted ones last)."""
    known = [p.id for p in kb.programmes]
    return sorted(dict.fromkeys(ids), key=lambda i: known.index(i) if i in known else len(known))


def judge(rules: ProgrammeRules, profile: Profile) -> ProgrammeVerdict:
    """Any criterion not met: not eligible; else any unknown: can't tell; else eligible."""
    checks = [(criterion, criterion.check(profile)) for criterion in rules.criteria]
    results = [
        CriterionResult(id=c.id, title=c.title, status=check.status, rule=c.rule,
                        source=c.source, explanation=check.explanation,
                        condition=check.condition, unknown=check.unknown, fix=c.fix,
                        note=c.note(profile.english_test) if isinstance(c, EnglishCriterion)
                        else None)
        for c, check in checks
    ]
    statuses = {r.status for r in results}
    verdict: Verdict = ("not_eligible" if "not_met" in statuses
                        else "cant_tell" if "unknown" in statuses else "eligible")
    conditions = list(dict.fromkeys(r.condition for r in results if r.condition))
    return ProgrammeVerdict(
        programme=rules.programme,
        verdict=verdict,
        criteria=results,
        conditions=conditions,
        advice=[note.text for note in rules.advice],
        documents=[note.text for note in rules.documents] + _asked_documents(checks),
        next_step=_next_step(getattr(rules.next_step, verdict), verdict, results),
        sources=rules.sources(),
    )


def _asked_documents(checks: list[tuple[Any, Check]]) -> list[str]:
    """Documents a requirement asks of this student; "unless ..." when we cannot tell."""
    documents = []
    for criterion, check in checks:
        if check.document is None:
            continue
        if (check.status == "unknown" and isinstance(criterion, RequirementCriterion)
                and criterion.unless):
            documents.append(f"{check.document} (unless {BOOLEAN_WORDS[criterion.unless][0]})")
        else:
            documents.append(check.document)
    return documents


def _next_step(text: str, verdict: Verdict, results: list[CriterionResult]) -> str:
    """The rules' next step, naming only the criteria that failed (or are open)."""
    wanted: Status = "not_met" if verdict == "not_eligible" else "unknown"
    points = [r for r in results if r.status == wanted]
    text = text.replace("{points}", ", ".join(r.title for r in points))
    fixes = [r.fix for r in points if r.fix] if verdict == "not_eligible" else []
    return f"{text} What could change it: {'; '.join(fixes)}." if fixes else text
