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
#: Why a criterion is unknown: the student did not say; the source does not state the
#: rule; or only the university can judge (an unlisted field "or similar").
Unknown = Literal["not_given", "not_stated", "judgement"]
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
    unknown: Unknown | None = Field(default=None, description="Why, when status is unknown.")


def worst(*statuses: Status) -> Status:
    return max(statuses, key=_ORDER.__getitem__)


class _Criterion(Strict):
    id: Identifier
    title: str = Field(description="A short name, shown before the explanation.")
    rule: str = Field(description="The requirement in the source's words.")
    source: str
    fix: str | None = Field(default=None, description="What could change a fail, for the "
                            "next step: 'a better English test score'.")


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
    degrees: list[str] = Field(default_factory=list, description="The degree types the "
                               "source names (BA, BSc); another named type is unknown.")
    unlisted_field: str = Field(
        default="is not one of the fields listed, and whether it counts as a similar field is "
        "for the university to judge", description="Said of an unlisted field, after its name.")

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
        type_status, type_text = self._check_type(profile)
        status = worst(level, field_status, type_status)
        field_text += type_text
        condition = "once you graduate" if profile.degree == "in_progress" else None
        why: Unknown = "judgement" if level == "met" and self.similar_fields else "not_given"
        return Check(status=status, explanation=f"{level_text}{field_text}.",
                     condition=condition if status == "met" else None,
                     unknown=why if status == "unknown" else None)

    def _check_type(self, profile: Profile) -> tuple[Status, str]:
        kind = profile.degree_type
        if not self.degrees or kind is None or profile.degree == "none":
            return "met", ""
        if kind.lower() in {d.lower() for d in self.degrees}:
            return "met", ""
        named = " or ".join(self.degrees)
        return "unknown", (f"; a {kind} is not one of the degrees the source names ({named}), "
                           "so whether it is equivalent is for the university to judge")

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
            return "unknown", f"; {shown} {self.unlisted_field}"
        return "not_met", f"; {shown} is not one of the accepted fields"


class EctsCriterion(_Criterion):
    """A minimum number of ECTS credits in a subject the profile asks about."""

    kind: Literal["min_ects"]
    subject: Literal["math_stats"]
    subject_label: str = Field(description="In words: 'mathematics or statistics'.")
    min_ects: float = Field(ge=0, le=MAX_ECTS)

    def asks(self, profile: Profile) -> list[str]:
        return [f"{self.subject}_ects", f"{self.subject}_hours"]

    def check(self, profile: Profile) -> Check:
        value: float | None = getattr(profile, f"{self.subject}_ects")
        hours: float | None = getattr(profile, f"{self.subject}_hours")
        if value is None and hours is not None:
            return Check(status="unknown", explanation=f"You gave {hours:g} semester hours; "
                         f"the source states the minimum in ECTS ({self.min_ects:g}) and gives "
                         "no conversion.", unknown="not_stated")
        if value is None:
            return Check(status="unknown", explanation=f"You did not say how many ECTS you have "
                         f"in {self.subject_label}.", unknown="not_given")
        if value >= self.min_ects:
            return Check(status="met", explanation=f"{value:g} ECTS in {self.subject_label} "
                         f"meets the minimum of {self.min_ects:g}.")
        return Check(status="not_met", explanation=f"{value:g} ECTS in {self.subject_label} is "
                     f"below the minimum of {self.min_ects:g}.")


class Threshold(Strict):
    """Minimum scores for one test; a missing one is a minimum the source does not state."""

    min_score: float | None = None
    min_section: float | None = None
    note: str | None = Field(default=None, description="The source's footnote to this rule.")


class EnglishCriterion(_Criterion):
    """One of several English tests, each with its own (possibly unstated) minimums: an
    overall score, the lowest section (component) score, or both."""

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

    def note(self, test: str | None) -> str | None:
        """The source's footnote to the rule for ``test`` (IELTS at Leiden), if any."""
        threshold = self.tests.get(test or "")  # type: ignore[call-overload]
        return threshold.note if threshold is not None else None

    def check(self, profile: Profile) -> Check:
        test = profile.english_test
        if test is None:
            return Check(status="unknown", explanation="You did not say which English test "
                         "you have.", unknown="not_given")
        if test == "none":
            return self._no_test_yet()
        if test == "other":
            return Check(status="unknown", explanation="The source lists only "
                         f"{self.accepted()}; it says nothing about other tests.",
                         unknown="not_stated")
        label = TESTS[test].label
        threshold = self.tests.get(test)  # type: ignore[call-overload]
        if threshold is None:
            return Check(status="unknown", explanation=f"The source does not list {label} among "
                         f"the accepted tests ({self.accepted()}); ask the university.",
                         unknown="not_stated")
        if threshold.min_score is None and threshold.min_section is None:
            return Check(status="unknown", explanation=f"The source accepts {label} but does not "
                         "state its minimum score.", unknown="not_stated")
        return _scores(test, threshold, profile.english_score, profile.english_lowest_section)

    def _no_test_yet(self) -> Check:
        """Like a degree in progress: met once a result comes, if the source says what counts."""
        stated = [t for t, th in self.tests.items()
                  if th.min_score is not None or th.min_section is not None]
        if not stated:
            return Check(status="unknown", explanation="You have no English test result yet; "
                         f"you will need one of {self.accepted()}, and the source does not "
                         "state their minimum scores.", unknown="not_stated")
        return Check(status="met", explanation="You have no English test result yet; one of "
                     f"{self.accepted()} is required, at the minimum below.",
                     condition="once you have an English test result that meets the minimum")


def _scores(test: str, threshold: Threshold, score: float | None,
            lowest: float | None) -> Check:
    """Judge the overall score and the lowest section against the minimums that are set."""
    scale = TESTS[test]
    said: list[str] = []
    if threshold.min_score is not None:
        least = scale.overall.show(threshold.min_score)
        if score is None:
            return Check(status="unknown", explanation=f"You did not give your {scale.label} "
                         "score.", unknown="not_given")
        shown = f"{scale.label} {scale.overall.show(score)}"
        if score < threshold.min_score:
            return Check(status="not_met", explanation=f"{shown} is below the minimum of "
                         f"{least}.")
        said.append(f"{shown} meets the minimum of {least}")
    if threshold.min_section is not None:
        least, part = scale.section.show(threshold.min_section), scale.part
        need = f"every {part} must be at least {least}"
        head = f"{', '.join(said)}, but {need}" if said else f"E{need[1:]}"
        if lowest is None:
            overall_only = (" (an overall score does not show it)"
                            if threshold.min_score is None and score is not None else "")
            return Check(status="unknown", explanation=f"{head}{overall_only}, and you did not "
                         f"give your lowest {part} score.", unknown="not_given")
        if lowest < threshold.min_section:
            return Check(status="not_met", explanation=f"{head} and your lowest is "
                         f"{scale.section.show(lowest)}.")
        said.append(f"your lowest {part} ({scale.section.show(lowest)}) meets the minimum of "
                    f"{least}")
    text = ", and ".join(said)
    return Check(status="met", explanation=f"{text[0].upper()}{text[1:]}.")


class RequirementCriterion(_Criterion):
    """Something asked of everyone, unless a yes/no answer exempts them (Nordic graduates).

    When it applies it is met on a condition (you hand in the document), since nothing
    in a profile can show it is fulfilled; unknown only when the answer is unknown.
    """

    kind: Literal["requirement"]
    unless: BooleanField | None = Field(default=None, description="None: asked of everyone.")
    condition: str = Field(description="Completes 'eligible ...', e.g. 'provided you ...'.")
    document: str | None = None
    keywords: list[str] = Field(default_factory=list, description="Words that name it in a "
                                "question ('motivation letter'), for direct answers.")

    def asks(self, profile: Profile) -> list[str]:
        return [self.unless] if self.unless else []

    def named_in(self, text: str) -> bool:
        return any(contains_phrase(text, k) for k in self.keywords)

    def check(self, profile: Profile) -> Check:
        if self.unless is None:
            return Check(status="met", explanation=f"{self.title} is asked of every applicant.",
                         condition=self.condition, document=self.document)
        answer: bool | None = getattr(profile, self.unless)
        exempt, unknown = BOOLEAN_WORDS[self.unless]
        if answer is None:
            return Check(status="unknown", explanation=f"This applies unless {exempt}, and you "
                         f"did not say {unknown}.", document=self.document, unknown="not_given")
        if answer:
            return Check(status="met", explanation=f"Does not apply to you: {exempt}.")
        return Check(status="met", explanation=f"Applies to you: {self.condition}.",
                     condition=self.condition, document=self.document)


Criterion = Annotated[
    DegreeCriterion | EctsCriterion | EnglishCriterion | RequirementCriterion,
    Field(discriminator="kind"),
]
