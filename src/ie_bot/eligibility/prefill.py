"""Filling a check in with values the student has already stated (``extract``): each
question's values become one answer in the history, so that ``back`` undoes them one
question at a time, and the check asks only what is still missing."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ie_bot.eligibility.profile import TESTS, Profile
from ie_bot.eligibility.state import Answered, FlowState
from ie_bot.eligibility.steps import STEP_BY_FIELD, STEPS, Context, Step
from ie_bot.knowledge.models import KnowledgeBase

#: Fields that one question fills together (the degree and its field, a test and scores).
GROUPS: dict[str, tuple[str, ...]] = {
    "degree": ("degree", "degree_field", "degree_type"),
    "english_test": ("english_test", "english_score", "english_lowest_section"),
}


def steps_in(stated: dict[str, Any]) -> list[Step]:
    return [s for s in STEPS if s.field in stated and s.field != "programmes"]


def prefill(kb: KnowledgeBase, flow: FlowState, stated: dict[str, Any]
             ) -> tuple[FlowState, str]:
    """Fill in ``stated``, one history entry per question; what was taken, in words."""
    noted = []
    extra = {k: v for k, v in stated.items() if k not in STEP_BY_FIELD}
    if extra:
        flow = with_fields(flow, extra, None) or flow
    done: set[str] = set()
    for step in steps_in(stated):
        if step.field in done:
            continue  # filled with its group (a degree's field with the degree)
        fields = {f: stated[f] for f in GROUPS.get(step.field, (step.field,)) if f in stated}
        done |= set(fields)
        updated = with_fields(flow, fields, step.field)
        if updated is not None:
            flow = updated
            noted.append(describe(fields, Context(kb, flow.profile)))
    if "start_year" in extra and flow.profile.start_year is not None:
        noted.append(f"starting in {flow.profile.start_year}")
    return flow, "; ".join(noted)


_DEGREES = {"bachelor": "a bachelor's", "in_progress": "a bachelor's in progress",
            "none": "no bachelor's degree"}


def describe(fields: dict[str, Any], ctx: Context) -> str:
    """One question's values in a few words: "a bachelor's (BSc) in economics", "IELTS 7.0",
    "TOEFL iBT 92, lowest section 21"."""
    if "degree" in fields:
        kind = f" ({fields['degree_type']})" if fields.get("degree_type") else ""
        field = f" in {fields['degree_field']}" if fields.get("degree_field") else ""
        return f"{_DEGREES[fields['degree']]}{kind}{field}"
    if fields.get("english_test") in TESTS:
        parts = [ctx.test_label()]
        if "english_score" in fields:
            parts[0] += f" {ctx.show(fields['english_score'])}"
        if "english_lowest_section" in fields:
            parts.append(f"lowest {ctx.part()} "
                         f"{ctx.show(fields['english_lowest_section'], section=True)}")
        return ", ".join(parts)
    return "; ".join(STEP_BY_FIELD[k].noted(v, ctx) for k, v in fields.items()
                     if k in STEP_BY_FIELD)


def with_fields(flow: FlowState, fields: dict[str, Any], step: str | None) -> FlowState | None:
    """``flow`` with ``fields`` recorded as the answer to ``step``; None if they cannot be."""
    try:
        profile = Profile.model_validate({**flow.profile.model_dump(), **fields})
    except ValidationError:
        return None
    history = flow.history if step is None else [*flow.history,
                                                 Answered(step=step, fields=list(fields))]
    return flow.model_copy(update={"profile": profile, "history": history})
