"""What we know about a student: the answers the check needs, each of them optional.

One model serves the guided flow (answers collect in it, ``None`` = not known)
and ``ie-bot eligibility --profile`` (a YAML or JSON file). The score scales
live here, next to the fields they bound, so that the flow's re-ask messages
and the CLI's errors say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

DegreeStatus = Literal["bachelor", "in_progress", "none"]
#: "other": a test the sources do not name (Duolingo, PTE, ...).
EnglishTest = Literal["ielts", "toefl_ibt", "toefl_pbt", "cambridge", "other", "none"]
#: Yes/no answers a rule may depend on (``unless:`` in a requirement).
BooleanField = Literal["nordic_university", "eu_eea_citizen"]

MAX_ECTS = 300


@dataclass(frozen=True)
class Scale:
    """The range of a score, and the step it moves in (IELTS bands go by halves)."""

    low: float
    high: float
    step: float = 1.0

    def show(self, value: float) -> str:
        """As the test reports it: IELTS 6.0 (a half-band scale), TOEFL 80."""
        return f"{value:.1f}" if self.step < 1 else _num(value)

    def problem(self, value: float) -> str | None:
        """Why ``value`` cannot be on this scale ("run from 0 to 9"), or None when it can."""
        if not self.low <= value <= self.high:
            return f"run from {_num(self.low)} to {_num(self.high)}"
        if abs(value / self.step - round(value / self.step)) > 1e-9:
            return f"go in steps of {_num(self.step)} from {_num(self.low)} to {_num(self.high)}"
        return None


@dataclass(frozen=True)
class TestScale:
    """An English test: its full name, a button label, and its overall and section scales."""

    label: str
    button: str
    overall: Scale
    section: Scale
    part: str = "section"


#: The tests the profile knows, in the order they are offered. Sections: TOEFL iBT has four
#: of 0-30; IELTS bands are 0-9; Cambridge reports every skill on its 80-230 scale.
TESTS: dict[str, TestScale] = {
    "ielts": TestScale("IELTS", "IELTS", Scale(0, 9, 0.5), Scale(0, 9, 0.5)),
    "toefl_ibt": TestScale("TOEFL iBT", "TOEFL iBT", Scale(0, 120), Scale(0, 30)),
    "toefl_pbt": TestScale("TOEFL PBT", "TOEFL PBT", Scale(310, 677), Scale(31, 68)),
    "cambridge": TestScale("Cambridge C1 Advanced / C2 Proficiency", "Cambridge C1/C2",
                           Scale(80, 230), Scale(80, 230), "component"),
}


def _num(value: float) -> str:
    """6.0 -> "6", 7.5 -> "7.5": numbers as people write them."""
    return f"{value:g}"


def ects_problem(value: float) -> str | None:
    if not 0 <= value <= MAX_ECTS:
        return f"ECTS credits run from 0 to {MAX_ECTS} (got {_num(value)})"
    return None


def score_problem(test: str, value: float, *, section: bool = False) -> str | None:
    """A message for a score that ``test`` cannot give, or None when the score is possible."""
    scale = TESTS.get(test)
    if scale is None:
        return f"there is no score for english_test {test!r}"
    what = f"{scale.part} scores" if section else "scores"
    problem = (scale.section if section else scale.overall).problem(value)
    return f"{scale.label} {what} {problem} (got {_num(value)})" if problem else None


class Profile(BaseModel):
    """A student's answers. Missing (``None``) means unknown, and unknown is never a fail.

    Strict types, so a YAML ``"yes"`` in quotes or ``"ten"`` for a number is an error
    rather than a guess.
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    programmes: list[str] | None = None
    degree: DegreeStatus | None = None
    degree_field: str | None = None
    degree_type: str | None = None  # "BTech", "LLB": when the student names one
    math_stats_ects: float | None = None
    degree_ects: float | None = None  # the bachelor's total; no source states a minimum
    math_stats_hours: float | None = None  # US semester hours: the sources give no conversion
    english_test: EnglishTest | None = None
    english_score: float | None = None
    english_lowest_section: float | None = None
    nordic_university: bool | None = None
    eu_eea_citizen: bool | None = None
    start_year: int | None = None

    @field_validator("programmes", mode="before")
    @classmethod
    def _one_programme_is_a_list(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("degree_field")
    @classmethod
    def _field_is_text(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and not value.strip() and info.data.get("degree") == "none":
            return None  # no degree, so no field: an empty one says the same
        if value is not None and not value.strip():
            raise ValueError("degree_field is empty; leave it out if unknown")
        return value.strip() if value is not None else None

    @field_validator("math_stats_ects", "degree_ects", "math_stats_hours")
    @classmethod
    def _ects_in_range(cls, value: float | None) -> float | None:
        if value is not None and (problem := ects_problem(value)):
            raise ValueError(problem)
        return value

    @field_validator("english_score", "english_lowest_section")
    @classmethod
    def _score_fits_test(cls, value: float | None, info: ValidationInfo) -> float | None:
        if value is None:
            return None
        if "english_test" not in info.data:
            return value  # english_test itself is invalid, and reported as such
        test = info.data["english_test"]
        if test is None or test in ("none", "other"):
            raise ValueError(f"{info.field_name} needs english_test to name the test it is from")
        problem = score_problem(test, value, section=info.field_name == "english_lowest_section")
        if problem:
            raise ValueError(problem)
        return value
