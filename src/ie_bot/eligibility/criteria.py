"""The kinds of entry criterion, each a pydantic model that checks a ``Profile`` by itself.

A new programme needs YAML only: its criteria are instances of these kinds with
parameters. A threshold left out means that the source does not state it, and the
check then says "unknown"; it never guesses a pass or a fail. Each kind also says
which answers it needs (``asks``), which is how the guided flow knows what to ask.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ie_bot.eligibility.profile import MAX_ECTS, TESTS, BooleanField, Profile
from ie_bot.eligibility.words import contains_phrase
from ie_bot.ids import Identifier

Status = Literal["met", "not_met", "unknown"]
_ORDER: dict[str, int] = {"met": 0, "unknown": 1, "not_met": 2}

#: How the check words a yes/no answer a requirement depends on: (true, unknown).
BOOLEAN_WORDS: dict[str, tuple[str, str]] = {
    "nordic_university": ("you studied at a Nordic university",
                          "whether you studied at a Nordic university"),
    "eu_eea_citizen": ("you are an EU/EEA/EFTA citizen",
                       "whether you are an EU/EEA/EFTA citizen"),
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)  # .nan: no


class Check(Strict):
    """One criterion checked against one profile."""

    status: Status
    explanation: str
    condition: str | None = Field(default=None, description="Met only if this comes true.")
    document: str | None = Field(default=None, description="A document this asks of you.")


def worst(*statuses: Status) -> Status:
    return max(statuses, key=_ORDER.__getitem__)


class _Criterion(Strict):
    id: Identifier
    title: str = Field(description="A short name, shown before the explanation.")
    rule: str = Field(description="The requirement in the source's words.")
    source: str


class AcceptedField(Strict):
    """A field of study a programme names, and words that show a degree is in it."""

    name: str
    keywords: list[str] = Field(min_length=1)


class DegreeCriterion(_Criterion):
    """A bachelor's degree, optionally in one of a list of fields ("or similar")."""

    kind: Literal["degree"]
    fields: list[AcceptedField] = Field(default_factory=list, description="Empty: any field.")
    similar_fields: bool = Field(
        default=False, description="The source adds 'or similar': an unlisted field is unknown."
    )

    def asks(self, profile: Profile) -> list[str]:
        wants_field = self.fields and profile.degree != "none"
        return ["degree", "degree_field"] if wants_field else ["degree"]

    def field_of(self, text: str) -> AcceptedField | None:
        return next(
            (f for f in self.fields if any(contains_phrase(text, k) for k in f.keywords)), None
        )

    def check(self, profile: Profile) -> Check:
        level: Status = {"bachelor": "met", "in_progress": "met", "none": "not_met"}.get(
            profile.degree or "", "unknown"
        )
        level_text = {
            "bachelor": "You have a bachelor's degree",
            "in_progress": "Your bachelor's is still in progress; it counts once you graduate",
            "none": "You have no bachelor's degree",
        }.get(profile.degree or "", "You did not say whether you have a bachelor's degree")
        field_status, field_text = self._check_field(profile)
        status = worst(level, field_status)
        condition = "once you graduate" if profile.degree == "in_progress" else None
        return Check(status=status, explanation=f"{level_text}{field_text}.",
                     condition=condition if status == "met" else None)

    def _check_field(self, profile: Profile) -> tuple[Status, str]:
        if not self.fields or profile.degree == "none":
            return "met", ""
        if profile.degree_field is None:
            return "unknown", "; you did not say in which field"
        shown = f"“{profile.degree_field}”"
        accepted = self.field_of(profile.degree_field)
        if accepted is not None:
            return "met", f"; {shown} counts as {accepted.name}"
        if self.similar_fields:
            return "unknown", (f"; {shown} is not one of the fields listed, and whether it "
                               "counts as a similar field is for the university to judge")
        return "not_met", f"; {shown} is not one of the accepted fields"


class EctsCriterion(_Criterion):
    """A minimum number of ECTS credits in a subject the profile asks about."""

    kind: Literal["min_ects"]
    subject: Literal["math_stats"]
    subject_label: str = Field(description="In words: 'mathematics or statistics'.")
    min_ects: float = Field(ge=0, le=MAX_ECTS)

    def asks(self, profile: Profile) -> list[str]:
        return [f"{self.subject}_ects"]

    def check(self, profile: Profile) -> Check:
        value: float | None = getattr(profile, f"{self.subject}_ects")
        if value is None:
            return Check(status="unknown", explanation=f"You did not say how many ECTS you have "
                         f"in {self.subject_label}.")
        if value >= self.min_ects:
            return Check(status="met", explanation=f"{value:g} ECTS in {self.subject_label} "
                         f"meets the minimum of {self.min_ects:g}.")
        return Check(status="not_met", explanation=f"{value:g} ECTS in {self.subject_label} is "
                     f"below the minimum of {self.min_ects:g}.")


class Threshold(Strict):
    """Minimum scores for one test; a missing one is a minimum the source does not state."""

    min_score: float | None = None
    min_section: float | None = None


class EnglishCriterion(_Criterion):
    """One of several English tests, each with its own (possibly unstated) minimum."""

    kind: Literal["english"]
    tests: dict[Literal["ielts", "toefl_ibt", "toefl_pbt", "cambridge"], Threshold] = Field(
        min_length=1
    )

    def asks(self, profile: Profile) -> list[str]:
        threshold = self.tests.get(profile.english_test or "")  # type: ignore[call-overload]
        asked = ["english_test"]
        if threshold is not None and threshold.min_score is not None:
            asked.append("english_score")
        if threshold is not None and threshold.min_section is not None:
            asked.append("english_lowest_section")
        return asked

    def accepted(self) -> str:
        labels = [TESTS[t].label for t in self.tests]
        return ", ".join(labels[:-1]) + f" or {labels[-1]}" if len(labels) > 1 else labels[0]

    def check(self, profile: Profile) -> Check:
        test = profile.english_test
        if test is None:
            return Check(status="unknown", explanation="You did not say which English test "
                         "you have.")
        if test == "none":
            return Check(status="not_met", explanation="You have no English test result yet; "
                         f"one of {self.accepted()} is required.")
        label, overall = TESTS[test].label, TESTS[test].overall
        threshold = self.tests.get(test)  # type: ignore[call-overload]
        if threshold is None:
            return Check(status="unknown", explanation=f"The source does not list {label} among "
                         f"the accepted tests ({self.accepted()}); ask the university.")
        if threshold.min_score is None:
            return Check(status="unknown", explanation=f"The source accepts {label} but does not "
                         "state its minimum score.")
        score = profile.english_score
        if score is None:
            return Check(status="unknown", explanation=f"You did not give your {label} score.")
        if score < threshold.min_score:
            return Check(status="not_met", explanation=f"{label} {overall.show(score)} is below "
                         f"the minimum of {overall.show(threshold.min_score)}.")
        return self._check_section(test, score, threshold, profile.english_lowest_section)

    @staticmethod
    def _check_section(test: str, score: float, threshold: Threshold,
                       lowest: float | None) -> Check:
        scale = TESTS[test]
        total = (f"{scale.label} {scale.overall.show(score)} meets the minimum of "
                 f"{scale.overall.show(threshold.min_score or 0)}")
        if threshold.min_section is None:
            return Check(status="met", explanation=f"{total}.")
        least = scale.section.show(threshold.min_section)
        need = f"every section must be at least {least}"
        if lowest is None:
            return Check(status="unknown", explanation=f"{total}, but {need} and you did not "
                         "give your lowest section score.")
        if lowest < threshold.min_section:
            return Check(status="not_met", explanation=f"{total}, but {need} and your lowest "
                         f"is {scale.section.show(lowest)}.")
        return Check(status="met", explanation=f"{total}, and your lowest section "
                     f"({scale.section.show(lowest)}) meets the minimum of {least}.")


class RequirementCriterion(_Criterion):
    """Something asked of everyone unless a yes/no answer exempts them (e.g. Nordic graduates).

    When it applies it is met on a condition (you hand in the document), since nothing
    in a profile can show it is fulfilled; unknown only when the answer is unknown.
    """

    kind: Literal["requirement"]
    unless: BooleanField
    condition: str = Field(description="Completes 'eligible ...', e.g. 'provided you ...'.")
    document: str | None = None

    def asks(self, profile: Profile) -> list[str]:
        return [self.unless]

    def check(self, profile: Profile) -> Check:
        answer: bool | None = getattr(profile, self.unless)
        exempt, unknown = BOOLEAN_WORDS[self.unless]
        if answer is None:
            return Check(status="unknown", explanation=f"This applies unless {exempt}, and you "
                         f"did not say {unknown}.", document=self.document)
        if answer:
            return Check(status="met", explanation=f"Does not apply to you: {exempt}.")
        return Check(status="met", explanation=f"Applies to you: {self.condition}.",
                     condition=self.condition, document=self.document)


Criterion = Annotated[
    DegreeCriterion | EctsCriterion | EnglishCriterion | RequirementCriterion,
    Field(discriminator="kind"),
]
