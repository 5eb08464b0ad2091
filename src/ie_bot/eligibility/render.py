"""Verdicts as plain text: no markdown, so a terminal and Telegram show the same thing."""

from __future__ import annotations

from ie_bot.eligibility.verdict import ProgrammeVerdict
from ie_bot.knowledge.models import KnowledgeBase

MARKS = {"met": "✓", "not_met": "✗", "unknown": "?"}
_VERDICT_MARKS = {"eligible": "✓", "not_eligible": "✗", "cant_tell": "?"}
INTRO = ("Here is where you stand, programme by programme. It is based on the programme pages "
         "I know; the university makes the final decision.")


def headline(verdict: ProgrammeVerdict) -> str:
    """"eligible once you graduate", "not eligible (not met: ...)", "can't tell yet (...)"."""
    conditions = " and ".join(verdict.conditions)
    if verdict.verdict == "eligible":
        return f"eligible {conditions}" if conditions else "eligible"
    if verdict.verdict == "not_eligible":
        failed = ", ".join(c.title for c in verdict.criteria if c.status == "not_met")
        return f"not eligible (not met: {failed})"
    open_points = ", ".join(c.title for c in verdict.criteria if c.status == "unknown")
    text = f"can't tell yet (open: {open_points})"
    return f"{text}; if those are fine, eligible {conditions}" if conditions else text


def render_programme(kb: KnowledgeBase, verdict: ProgrammeVerdict) -> str:
    """One short block: verdict, criteria with rules, advice, documents, next step, sources."""
    programme = kb.programme(verdict.programme)
    name = programme.name if programme else verdict.programme
    lines = [f"{_VERDICT_MARKS[verdict.verdict]} {name}: {headline(verdict)}"]
    numbered = len(verdict.sources) > 1
    for criterion in verdict.criteria:
        cite = f" [{verdict.sources.index(criterion.source) + 1}]" if numbered else ""
        lines.append(f"{MARKS[criterion.status]} {criterion.title}: {criterion.explanation}")
        lines.append(f"   Rule: {criterion.rule}{cite}")
        if criterion.note:
            lines.append(f"   Note: {criterion.note}")
    for heading, items in (("Advice", verdict.advice), ("Documents to prepare", verdict.documents)):
        if items:
            lines.append(f"{heading}:")
            lines.extend(f"• {item}" for item in items)
    lines.append(f"Next step: {verdict.next_step}")
    if numbered:
        lines.append("Sources: " + "; ".join(f"[{n}] {kb.cite(s)}" for n, s in
                                             enumerate(verdict.sources, start=1)))
    elif verdict.sources:
        lines.append(f"Source: {kb.cite(verdict.sources[0])}")
    return "\n".join(lines)


def render(kb: KnowledgeBase, verdicts: dict[str, ProgrammeVerdict]) -> str:
    blocks = [render_programme(kb, v) for v in verdicts.values()]
    return "\n\n".join([INTRO, *blocks])
