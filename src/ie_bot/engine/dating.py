"""How old is what we say: the "as of" of a figure, source citations a student can read,
and the one short note that a figure may have changed.

Sources are judged against "today" the same way dates are: a source whose last date is
more than a year before today, or that has no date at all, may be out of date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ie_bot.knowledge.models import Fact, KnowledgeBase, PartialDate, Programme, Source

#: How long a source's figures are taken as current, in days.
FRESH_FOR_DAYS = 365


def today_words(today: date) -> str:
    return f"{today.day} {today:%B %Y}"


def as_of(source: Source | None) -> str:
    """'as of 2023/24', or 'undated listing' when the source gives no period."""
    if source is None or not source.period:
        return "undated listing"
    return f"as of {source.period}"


def citation(source: Source | None, file: str) -> str:
    """'Leiden University programme listing (2023/24)': what a student reads as the source."""
    return source.citation() if source is not None else file


def is_old(source: Source | None, today: date) -> bool:
    """Undated, or last speaking of a date more than a year before today."""
    if source is None or source.until is None:
        return True
    last = PartialDate.parse(source.until).last_day()
    return (today - last).days > FRESH_FOR_DAYS


def passed_date(fact: Fact, today: date) -> PartialDate | None:
    """The fact's deadline or start date, if it has passed."""
    when = fact.partial_date()
    return when if when is not None and when.last_day() < today else None


def official_page(programme: Programme | None) -> str:
    return programme.official_page if programme else "the official programme pages"


class Dating:
    """Citations and notes for one knowledge base."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge

    def as_of(self, fact: Fact) -> str:
        return as_of(self.knowledge.source(fact.source))

    def cite(self, files: Iterable[str]) -> str:
        files = list(dict.fromkeys(files))
        if not files:
            return ""
        label = "Source" if len(files) == 1 else "Sources"
        return f"{label}: " + "; ".join(citation(self.knowledge.source(f), f) for f in files)

    def note(self, shown: list[tuple[Programme | None, Fact]], today: date) -> str:
        """One short line: a date that has passed, figures that may have changed, or where
        to check what the sources leave open. Empty when there is nothing to say."""
        pages = list(dict.fromkeys(official_page(p) for p, _ in shown))
        where = pages[0] if len(pages) == 1 else "the programmes' official pages"
        passed = [(p, d) for p, f in shown if f.stated and (d := passed_date(f, today))]
        old = [f for _, f in shown if f.stated and is_old(self.knowledge.source(f.source), today)]
        if passed:
            programme, when = passed[0]
            return (f"{when.words()} has passed (today is {today_words(today)}): check the "
                    f"current date on {official_page(programme)}.")
        if old:
            known = [self.knowledge.source(f.source) for f in old]
            periods = sorted({s.period for s in known if s is not None and s.period})
            undated = (["an undated listing"]
                       if any(s is None or not s.period for s in known) else [])
            age = " and ".join([*periods, *undated])
            return f"Note: this is from {age}, so it may have changed: check {where}."
        if any(not f.stated for _, f in shown):
            return f"Please check {where}."
        return ""
