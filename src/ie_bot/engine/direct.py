"""The text of a direct answer: per programme, Yes / No / "The sources don't say" /
"Can't tell" first (judged by the check's own criteria), then why, the rule, and what else
is required; dated and cited like every factual answer (a first line to read at a glance,
"as of" on figures, sources by title)."""

from __future__ import annotations

import re
from typing import Any

from ie_bot.eligibility.criteria import BOOLEAN_WORDS, EctsCriterion, RequirementCriterion
from ie_bot.eligibility.models import ProgrammeRules
from ie_bot.eligibility.profile import Profile
from ie_bot.eligibility.verdict import CriterionResult, judge
from ie_bot.engine.answers import DIRECT_MAX
from ie_bot.nlu.normalise import normalise

_NO_CREDIT_RULE = CriterionResult(
    id="degree_ects", title="Credits of the bachelor's", status="unknown", unknown="not_stated",
    rule="", source="", explanation="My sources state no minimum number of "
    "credits (or years) for the bachelor's.")
_TOPICS = {"math_stats_ects": "credits in mathematics or statistics",
           "eu_eea_citizen": "citizenship", "nordic_university": "where your bachelor's is from",
           "degree_ects": "the bachelor's credits"}
WORDS = {"yes": "Yes", "no": "No", "not_stated": "The sources don't say",
         "cant_tell": "Can't tell"}
def verdict_word(results: list[CriterionResult]) -> str:
    """no > can't tell (the university judges) > sources silent > can't tell (not said) > yes."""
    statuses = {r.status for r in results}
    reasons = {r.unknown for r in results if r.status == "unknown"}
    if "not_met" in statuses:
        return "no"
    if "judgement" in reasons:
        return "cant_tell"
    if "not_stated" in reasons:
        return "not_stated"
    return "cant_tell" if reasons else "yes"


_EXEMPT = re.compile(r"\b(skip|exempt\w*|without|dont need|do not need|dont have to|no need"
                     r"|avoid|not need|not required|waive\w*|dont require)\b")
_NEED = re.compile(r"\b(do i (need|have)|must i|have to|need to|required|necessary|need a)\b")


def polarity_of(text: str) -> str | None:
    """ "exempt" for "can I skip / am I exempt from ...", "need" for "do I need ...?"."""
    plain = normalise(text)
    if _EXEMPT.search(plain):
        return "exempt"
    return "need" if _NEED.search(plain) else None


def applies_word(results: list[CriterionResult], polarity: str) -> str:
    """Yes / No to "can I skip it?" (or "do I need it?"), from whether the rule applies."""
    if any(r.status == "unknown" for r in results):
        return "cant_tell"
    applies = any(r.condition for r in results)
    return "yes" if applies == (polarity == "need") else "no"


def block(name: str, rules: ProgrammeRules, profile: Profile, said: set[str], as_of: str,
          short: bool = False, text: str = "") -> tuple[str, list[str]]:
    """One programme's direct answer, and the sources it rests on. The first line is the
    answer, dated ``as_of``; ``short`` leaves out "also required" (a check follows)."""
    verdict = judge(rules, profile)
    asked = {c.id: set(c.asks(profile)) for c in rules.criteria}
    touched = [r for r in verdict.criteria if asked[r.id] & said]
    polarity = polarity_of(text)
    mentioned = {c.id for c in rules.criteria
                 if isinstance(c, RequirementCriterion) and c.named_in(text)}
    if polarity and mentioned:  # "can I skip the motivation letter?": that rule only
        touched = [r for r in verdict.criteria if r.id in mentioned]
        said = set()
    if "degree_ects" in said:  # "my bachelor is 180 ects, enough?": no rule to judge it by
        touched.insert(0, _NO_CREDIT_RULE)
    rest = [] if short else [c for c in rules.criteria if not asked[c.id] & said
                             and c.id not in mentioned]
    if not touched:  # "3 ects of maths, leiden?": no criterion there speaks of it
        about = " or ".join(dict.fromkeys(_TOPICS[f] for f in sorted(said) if f in _TOPICS))
        listed = "; ".join(_short(c) for c in rules.criteria)
        return _dated([f"{name}: {WORDS['not_stated']}.",
                       f"My sources state no entry requirement about {about or 'that'} for "
                       f"this programme. What they do ask for: {listed}."], as_of), \
            rules.sources()
    word = applies_word(touched, polarity) if polarity and mentioned else verdict_word(touched)
    conditions = [r.condition for r in touched
                  if r.condition and word == "yes" and not (polarity and mentioned)]
    head = f"{name}: {WORDS[word]}" + (f", {' and '.join(conditions)}" if conditions else "")
    why = [r.explanation for r in touched]
    one_line = f"{head}. {why[0]}" if len(why) == 1 else ""
    if one_line and len(one_line) + len(as_of) + 3 <= DIRECT_MAX:
        lines = [one_line]
    else:
        lines = [f"{head}.", *(f"• {w}" for w in why)]
    for result in touched:
        if result.id != _NO_CREDIT_RULE.id:
            lines.append(f"Rule: {result.rule}")
        if result.note:
            lines.append(f"Note: {result.note}")
    if rest:
        lines.append("Also required: " + "; ".join(_short(c) for c in rest) + ".")
    sources = [r.source for r in touched if r.source] or rules.sources()
    return _dated(lines, as_of), list(dict.fromkeys(sources))


def _dated(lines: list[str], as_of: str) -> str:
    """The block, its first line dated when it holds a figure: "Leiden/Delft: No. TOEFL iBT
    78 is below the minimum of 80 (as of 2023/24)."."""
    if as_of and re.search(r"\d", "\n".join(lines)):
        lines = [f"{lines[0].rstrip('.')} ({as_of}).", *lines[1:]]
    return "\n".join(lines)


def _short(criterion: Any) -> str:
    """A criterion in a few words, for "also required"."""
    if isinstance(criterion, EctsCriterion):
        return f"at least {criterion.min_ects:g} ECTS in {criterion.subject_label}"
    if isinstance(criterion, RequirementCriterion):
        unless = f" (unless {BOOLEAN_WORDS[criterion.unless][0]})" if criterion.unless else ""
        return f"{criterion.title}{unless}"
    return criterion.rule.rstrip(".") if len(criterion.rule) < 60 else criterion.title
