"""The questions of the eligibility check, as one table (like h11's state table).

Each row is a question that fills one ``Profile`` field. The flow walks the rows
in order and asks a row only if a criterion of a chosen programme needs its field
(``Context.needed``) and it has neither been answered nor skipped. So the order of
questions is this table, and which questions are asked is the rules' business:
a programme added in YAML is asked only what its criteria need.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ie_bot.eligibility.criteria import EctsCriterion
from ie_bot.eligibility.models import ProgrammeRules
from ie_bot.eligibility.profile import TESTS, Profile, Scale
from ie_bot.eligibility.values import base, degree, ects, english, origin
from ie_bot.knowledge.models import KnowledgeBase, Programme
from ie_bot.nlu.normalise import normalise
from ie_bot.nlu.programmes import ProgrammeDetector

_ALL = frozenset({"all", "both", "every", "each", "any", "everything", "all of them"})


@dataclass(frozen=True)
class Context:
    """What a question needs to know: the rules of the chosen programmes and the answers so far."""

    kb: KnowledgeBase
    profile: Profile

    @cached_property
    def rules(self) -> list[ProgrammeRules]:
        return [self.kb.eligibility[p] for p in self.profile.programmes or []
                if p in self.kb.eligibility]

    def programmes(self) -> list[Programme]:
        """The programmes that have rules (the loader checks that each rules file has one)."""
        return [p for p in self.kb.programmes if p.id in self.kb.eligibility]

    def names(self) -> str:
        chosen = [p for p in self.programmes() if p.id in (self.profile.programmes or [])]
        return " and ".join(p.short_name for p in chosen)

    def needed(self) -> set[str]:
        return {"programmes"} | {f for r in self.rules for c in r.criteria
                                 for f in c.asks(self.profile)}

    def sources_for(self, profile_field: str) -> list[str]:
        return list(dict.fromkeys(c.source for r in self.rules for c in r.criteria
                                  if profile_field in c.asks(self.profile)))

    def subject(self) -> str:
        found = [c.subject_label for r in self.rules for c in r.criteria
                 if isinstance(c, EctsCriterion)]
        return found[0] if found else "mathematics or statistics"

    def part(self) -> str:
        """What the chosen test calls its parts: "section" (TOEFL), "component" (Cambridge)."""
        test = TESTS.get(self.profile.english_test or "")
        return test.part if test else "section"

    def test_label(self) -> str:
        return TESTS[self.profile.english_test].label if self.profile.english_test in TESTS else ""

    def _scale(self, section: bool) -> Scale | None:
        test = TESTS.get(self.profile.english_test or "")
        return None if test is None else test.section if section else test.overall

    def scale(self, section: bool = False) -> str:
        """The range of the chosen test's scores, for the question: "0 to 9"."""
        scale = self._scale(section)
        return f"{scale.low:g} to {scale.high:g}" if scale else ""

    def show(self, value: float, section: bool = False) -> str:
        scale = self._scale(section)
        return scale.show(value) if scale else f"{value:g}"

    def offered_tests(self) -> list[str]:
        """Tests any chosen programme lists, in the profile's order of tests."""
        listed = {t for r in self.rules for c in r.criteria for t in getattr(c, "tests", {})}
        return [t for t in TESTS if t in listed]


@dataclass(frozen=True)
class Choice:
    """A fixed answer, offered as a button; ``value`` goes into its payload."""

    label: str
    value: str
    fields: dict[str, Any]


Question = Callable[[Context], str]
Reader = Callable[[str, Context], base.Parsed]


@dataclass(frozen=True)
class Step:
    """One row: the field it fills, how to ask, how to read the answer, and how to echo it."""

    field: str
    ask: Question
    hint: str
    read: Reader
    noted: Callable[[Any, Context], str]
    choices: Callable[[Context], list[Choice]] = field(default=lambda ctx: [])
    if_skipped: Callable[[Context], dict[str, Any]] = field(default=lambda ctx: {})


def _programme_choices(ctx: Context) -> list[Choice]:
    programmes = ctx.programmes()
    every = [p.id for p in programmes]
    label = "Both" if len(every) == 2 else "All of them"
    return [Choice(p.short_name, p.id, {"programmes": [p.id]}) for p in programmes] + [
        Choice(label, "all", {"programmes": every})
    ]


def _yes_no(profile_field: str) -> Callable[[Context], list[Choice]]:
    return lambda ctx: [Choice("Yes", "yes", {profile_field: True}),
                        Choice("No", "no", {profile_field: False})]


def _test_choices(ctx: Context) -> list[Choice]:
    return [Choice(TESTS[t].button, t, {"english_test": t}) for t in ctx.offered_tests()] + [
        Choice("No test yet", "none", {"english_test": "none"})
    ]


_DEGREE_NOTED = {"bachelor": "you have a bachelor's degree",
                 "in_progress": "your bachelor's is still in progress",
                 "none": "no bachelor's degree"}

_TEST_NOTED = {"none": "no English test yet", "other": "an English test my sources do not name"}

STEPS: tuple[Step, ...] = (
    Step("programmes",
         ask=lambda ctx: "Which programme should I check? "
         + ", ".join(p.short_name for p in ctx.programmes()) + ", or all of them?",
         hint="Name a programme, or say all.",
         read=lambda text, ctx: parse_programmes(text, ctx.programmes()),
         noted=lambda ids, ctx: "checking " + ctx.names(),
         choices=_programme_choices,
         if_skipped=lambda ctx: {"programmes": [p.id for p in ctx.programmes()]}),
    Step("degree",
         ask=lambda ctx: "Do you have a bachelor's degree (BA, BSc or equivalent)?",
         hint="Answer yes, not yet (if you are still studying), or no.",
         read=lambda text, ctx: degree.parse_degree(text),
         noted=lambda value, ctx: _DEGREE_NOTED[value],
         choices=lambda ctx: [Choice("Yes", "bachelor", {"degree": "bachelor"}),
                              Choice("Not yet, still studying", "in_progress",
                                     {"degree": "in_progress"}),
                              Choice("No", "none", {"degree": "none"})]),
    Step("degree_field",
         ask=lambda ctx: "In which field is your bachelor's? For example: mechanical "
         "engineering, economics or biology.",
         hint="Type your field of study, for example “chemistry”.",
         read=lambda text, ctx: degree.parse_field(text),
         noted=lambda value, ctx: f"field: {value}"),
    Step("math_stats_ects",
         ask=lambda ctx: f"How many ECTS credits in {ctx.subject()} have you taken? "
         "A number is enough (0 if none).",
         hint="Type a number of ECTS credits, for example 10 or 7.5.",
         read=lambda text, ctx: ects.parse_ects(text),
         noted=lambda value, ctx: f"{value:g} ECTS in {ctx.subject()}"),
    Step("english_test",
         ask=lambda ctx: "Which English test have you taken? You can add the score, "
         "for example “IELTS 6.5”.",
         hint="Name the test (for example IELTS), or say no test.",
         read=lambda text, ctx: english.parse_test(text),
         noted=lambda value, ctx: _TEST_NOTED.get(value) or ctx.test_label(),
         choices=_test_choices),
    Step("english_score",
         ask=lambda ctx: f"What was your overall {ctx.test_label()} score? "
         f"({ctx.scale()})",
         hint="Type the overall score as a number.",
         read=lambda text, ctx: english.parse_score(text, ctx.profile.english_test),
         noted=lambda value, ctx: f"overall score {ctx.show(value)}"),
    Step("english_lowest_section",
         ask=lambda ctx: f"What is your lowest {ctx.test_label()} {ctx.part()} score? "
         f"({ctx.scale(section=True)})",
         hint="Type your lowest section (or component) score as a number.",
         read=lambda text, ctx: english.parse_section(text, ctx.profile.english_test),
         noted=lambda value, ctx: f"lowest {ctx.part()} {ctx.show(value, section=True)}"),
    Step("nordic_university",
         ask=lambda ctx: "Is your bachelor's from a university in a Nordic country "
         "(Denmark, Finland, Iceland, Norway or Sweden)?",
         hint="Answer yes or no.",
         read=lambda text, ctx: origin.parse_nordic(text),
         noted=lambda value, ctx: "Nordic university" if value else "not a Nordic university",
         choices=_yes_no("nordic_university")),
    Step("eu_eea_citizen",
         ask=lambda ctx: "Are you a citizen of an EU, EEA or EFTA country?",
         hint="Answer yes or no.",
         read=lambda text, ctx: origin.parse_citizen(text),
         noted=lambda value, ctx: "EU/EEA/EFTA citizen" if value else "not an EU/EEA/EFTA citizen",
         choices=_yes_no("eu_eea_citizen")),
)
STEP_BY_FIELD: dict[str, Step] = {step.field: step for step in STEPS}


def parse_programmes(text: str, programmes: list[Programme]) -> base.Parsed:
    """Programme names or aliases (typos allowed), or "all" / "both"."""
    plain = normalise(text)
    if plain in _ALL or any(w in _ALL for w in plain.split()):
        return base.Answer({"programmes": [p.id for p in programmes]})
    found = ProgrammeDetector(programmes).detect(text).programmes
    return base.Answer({"programmes": list(found)}) if found else None


def next_step(ctx: Context, done: set[str]) -> Step | None:
    """The first row the rules need that is neither answered nor skipped; None: verdict."""
    needed = ctx.needed()
    return next((s for s in STEPS if s.field in needed and s.field not in done
                 and getattr(ctx.profile, s.field) is None), None)
