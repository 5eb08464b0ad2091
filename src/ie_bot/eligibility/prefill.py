"""Filling a check in with values the student has already stated (``extract``): each
question's values become one answer in the history, so that ``back`` undoes them one
question at a time, and the check asks only what is still missing."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from ie_bot.eligibility.profile import Profile
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
            ctx = Context(kb, flow.profile)
            noted += [STEP_BY_FIELD[k].noted(v, ctx) for k, v in fields.items()
                      if k in STEP_BY_FIELD]
    return flow, "; ".join(noted)


def with_fields(flow: FlowState, fields: dict[str, Any], step: str | None) -> FlowState | None:
    """``flow`` with ``fields`` recorded as the answer to ``step``; None if they cannot be."""
    try:
        profile = Profile.model_validate({**flow.profile.model_dump(), **fields})
    except ValidationError:
        return None
    history = flow.history if step is None else [*flow.history,
                                                 Answered(step=step, fields=list(fields))]
    return flow.model_copy(update={"profile": profile, "history": history})
