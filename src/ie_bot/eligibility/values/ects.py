"""ECTS credits in mathematics or statistics.

As an answer a bare number is enough ("10", "7,5"); said in passing a number needs its
unit ("12 ects of statistics", "7.5 credits in math"), and credits that belong to
something else ("a 180 ECTS bachelor", "30 ects of chemistry") are not counted.
"""

from __future__ import annotations

import re

from ie_bot.eligibility.profile import ects_problem
from ie_bot.eligibility.values.base import Answer, Invalid, Parsed, clauses, joined, tokens
from ie_bot.eligibility.words import numbers, yes_no
from ie_bot.nlu.normalise import normalise

_UNITS = frozenset("ects ec ecs etcs ect credits credit cp stp studiepoeng".split())
_MATHS = re.compile(r"\b(math\w*|stat\w*|calculus|algebra|probability|econometrics"
                    r"|quantitative|analysis|numerical)")
_ELSEWHERE = re.compile(
    r"\b(bachelors?|degree|bsc|ba|beng|total|totally|programme|program|master\w*|msc"
    r"|physics|chemistry|biology|economics|programming|engineering|design|english|thesis)\b"
)
_STATED_NONE = re.compile(
    r"\b(no|zero|without( any)?|never (took|taken|did|had|studied)( any)?"
    r"|(havent|have not|didnt|did not) (take|taken|do|done|have|had|study|studied)( any)?)"
    r" (maths?|mathematics|statistics|stats)\b"
)
_HOURS = re.compile(r"\b(\d+(?:\.\d+)?) (?:us )?(?:semester|credit|quarter) (?:hours|hrs|credits)"
                    r"\b(?: of| in)? (?:math\w*|stat\w*|calculus|algebra)")
_DEGREE_TOTAL = re.compile(r"\b(bachelors?|degree|bsc|ba|beng|total|programme|program)\b")
_THE_RULE = frozenset({"the", "least", "minimum", "required", "requires", "need", "needs",
                       "needed", "wants", "want", "asked"})
_PERSONAL = re.compile(r"\b(i|im|my|me|mine|ive)\b")
_COURSES = re.compile(r"(\d+) (?:courses|modules|subjects|classes|units) (?:of|with|at|x) "
                      r"(\d+(?:[.,]\d+)?)")


def parse_ects(text: str) -> Parsed:
    """ "10", "7,5 ECTS", "I did 10 ECTS of statistics", "2 courses of 5 ECTS", "none"."""
    lowered = text.lower()
    found = numbers(text)
    if not found:
        none = yes_no(text) is False or bool({"none", "nothing"} & set(normalise(text).split()))
        return Answer({"math_stats_ects": 0.0}) if none else None
    courses = _COURSES.search(lowered)
    if courses:
        value = int(courses.group(1)) * float(courses.group(2).replace(",", "."))
    else:
        labelled = [v for v, _, end in found
                    if re.match(r"\s*(ects|ec|ecs|credits?|cp|sp|stp|points)\b", lowered[end:])]
        if labelled:
            value = sum(labelled)
        elif len(found) == 1:
            value = found[0][0]
        else:
            return Invalid("I see several numbers there, and I need one: the total")
    return _checked(value)


def _checked(value: float) -> Parsed:
    problem = ects_problem(value)
    return Invalid(problem) if problem else Answer({"math_stats_ects": value})


def stated_ects(text: str) -> Parsed:
    """Credits said in passing: in mathematics or statistics (or in no named subject), and
    the bachelor's total ("my bachelor is 180 ects"), which no criterion asks for."""
    maths: float | None = None
    fields: dict[str, float] = {}
    for clause in clauses(text):
        in_maths, in_degree = _clause_credits(clause)
        if in_maths is not None:
            maths = (maths or 0.0) + in_maths
        if in_degree is not None:
            fields["degree_ects"] = in_degree
    if maths is None and any(_STATED_NONE.search(joined(c))
                             for c in clauses(text)):
        maths = 0.0
    hours = _HOURS.search(joined(text))
    if hours and maths is None:
        fields["math_stats_hours"] = float(hours.group(1))
    if maths is not None:
        checked = _checked(maths)
        if isinstance(checked, Invalid):
            return checked
        fields["math_stats_ects"] = maths
    return Answer(fields) if fields else None


def _clause_credits(clause: str) -> tuple[float | None, float | None]:
    """(credits in mathematics or statistics, the degree's total) in one clause."""
    found = tokens(clause)
    words = [t.text for t in found]
    joined = " ".join(words)
    courses = _COURSES.search(joined)
    if courses and any(u in words for u in _UNITS) and not _ELSEWHERE.search(joined):
        return int(courses.group(1)) * float(courses.group(2)), None
    maths, degree = [], None
    for i, token in enumerate(found):
        if token.number is None or i + 1 >= len(found) or found[i + 1].text not in _UNITS:
            continue
        if (i and words[i - 1] in _THE_RULE) or _THE_RULE & set(words[i + 2:i + 5]):
            continue  # "is that the 7.5 ects ntnu wants?": the rule's figure, not theirs
        before, after = " ".join(words[max(0, i - 3):i]), " ".join(words[i + 2:i + 5])
        if not (_MATHS.search(f"{before} {after}") or _PERSONAL.search(joined)
                or _DEGREE_TOTAL.search(f"{before} {after}")):
            continue  # "is it 120 ects?" is about the programme
        if _counts(before, after, joined):
            maths.append(token.number)
        elif _DEGREE_TOTAL.search(f"{before} {after}") and token.number >= 60:
            degree = token.number
    return (sum(maths) if maths else None), degree


def _counts(before: str, after: str, clause: str) -> bool:
    """Credits whose subject (after the unit, else before it) is mathematics or statistics,
    or that name no subject in a clause about nothing else."""
    for words in (after, before):
        if _ELSEWHERE.search(words):
            return False
        if _MATHS.search(words):
            return True
    return not _ELSEWHERE.search(clause)
