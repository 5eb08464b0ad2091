"""The one extractor: every value a student states in a message, read by the same parsers
that read the check's answers (``values``), in their "said in passing" mode.

"civil engineering bachelor, 12 ects of statistics, toefl 92: can I get into both?" gives
a degree with its field, 12 ECTS and TOEFL iBT 92. A value that cannot be (IELTS 6.3) is
not kept; its reason is, so the reply can say why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ie_bot.eligibility.values.base import Answer, Invalid, Parsed
from ie_bot.eligibility.values.degree import stated_degree
from ie_bot.eligibility.values.ects import stated_ects
from ie_bot.eligibility.values.english import stated_english
from ie_bot.eligibility.values.origin import stated_citizen, stated_nordic
from ie_bot.eligibility.values.start import stated_start

#: One parser per value, in the order of the check's questions.
PARSERS: tuple[Callable[[str], Parsed], ...] = (
    stated_degree, stated_ects, stated_english, stated_nordic, stated_citizen,
)


@dataclass(frozen=True)
class Stated:
    """The profile fields a message states, and why any impossible value was dropped."""

    fields: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.fields or self.problems)


def extract(text: str, today: date | None = None) -> Stated:
    """Every value ``text`` states; ``today`` reads "next year" as a start year."""
    fields: dict[str, Any] = {}
    problems: list[str] = []
    for parsed in (*(parse(text) for parse in PARSERS), stated_start(text, today)):
        if isinstance(parsed, Answer):
            fields.update(parsed.fields)
        elif isinstance(parsed, Invalid):
            problems.append(parsed.reason)
    return Stated(fields, problems)
