"""The year a student wants to start: "start in 2027", "for the autumn 2027 intake",
"next year". A year with no start word ("graduating in 2026") is not a start year."""

from __future__ import annotations

import re
from datetime import date

from ie_bot.eligibility.values.base import Answer, Parsed, plain

_START = r"(start\w*|begin\w*|enrol\w*|enroll\w*|intake|join\w*|entry|apply\w* for|admission)"
_SEASON = r"(autumn|fall|september|spring|january|february|august|winter)"
_YEAR = r"(20[2-4]\d)"
_PATTERNS = (
    re.compile(rf"\b{_START}\b[a-z ]{{0,20}}?\b{_SEASON}? ?{_YEAR}\b"),
    re.compile(rf"\b{_SEASON} {_YEAR}\b[a-z ]{{0,12}}\b{_START}"),
    re.compile(rf"\b{_YEAR} (intake|entry|start|admission)\b"),
)
_NEXT = re.compile(rf"\b{_START}\b[a-z ]{{0,20}}?\bnext (year|autumn|fall|september)\b")


def stated_start(text: str, today: date | None = None) -> Parsed:
    """The start year said in passing; "next year" needs ``today`` (the engine passes it)."""
    lowered = re.sub(r"[^a-z0-9 ]+", " ", plain(text))
    for pattern in _PATTERNS:
        match = pattern.search(lowered)
        if match:
            year = next(g for g in reversed(match.groups()) if g and g.isdigit())
            return Answer({"start_year": int(year)})
    if today is not None and _NEXT.search(lowered):
        return Answer({"start_year": today.year + 1})
    return None
