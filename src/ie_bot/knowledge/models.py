"""Pydantic models for every YAML file of the knowledge base.

Each model forbids unknown keys so that a typo in a YAML key is an error with a
file and line, not a silently ignored field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cached_property
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ie_bot.eligibility.models import ProgrammeRules
from ie_bot.ids import Identifier


class Strict(BaseModel):
    """Base for knowledge models: unknown keys are errors, instances are immutable.

    ``.nan`` and ``.inf`` are refused wherever a number is expected: every comparison with
    them is false, so they would break answers instead of failing ``check-kb``.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Source(Strict):
    """One seed document: its file name for machines, a short title and period for students."""

    file: str
    title: str
    speaks_of: str = Field(description="The period or date the document speaks of, in words.")
    date: str | None = Field(default=None, description="A date printed in the document, if any.")
    short_title: str | None = Field(default=None, description="What answers cite it as.")
    period: str | None = Field(default=None, description="'2023/24', 'June 2021'; none: undated.")
    until: str | None = Field(default=None, description="YYYY-MM[-DD]: the last date it "
                              "speaks of, judged against today (none: undated).")

    @field_validator("until")
    @classmethod
    def _until_is_parseable(cls, value: str | None) -> str | None:
        if value is not None:
            PartialDate.parse(value)
        return value

    def citation(self) -> str:
        """'Leiden University programme listing (2023/24)': what a student reads."""
        return f"{self.short_title or self.title} ({self.period or 'undated'})"


class Programme(Strict):
    """A study programme the bot can advise on."""

    id: Identifier
    name: str
    short_name: str
    university: str
    city: str
    country: str
    aliases: list[str] = Field(min_length=1)
    official_page: str = Field(description="Where a student checks what the sources leave open.")
    summary: str
    source: str


class PartialDate(Strict):
    """A date a source gives, maybe only to the month ("expected April 2024")."""

    year: int = Field(ge=1900, le=2200)
    month: int = Field(ge=1, le=12)
    day: int | None = Field(default=None, ge=1, le=31)

    @model_validator(mode="after")
    def _is_a_real_date(self) -> PartialDate:
        """2024-02-30 fits every range above but is no day; refused at load, not at answer."""
        date(self.year, self.month, self.day or 1)
        return self

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", text.strip())
        if not match:
            raise ValueError(f"expected YYYY-MM or YYYY-MM-DD, got {text!r}")
        year, month, day = match.groups()
        try:
            return cls(year=int(year), month=int(month), day=int(day) if day else None)
        except ValidationError:
            raise ValueError(f"{text!r} is not a date of the calendar") from None

    def last_day(self) -> date:
        """The last day this date can mean: a month-only date has passed only after the month."""
        if self.day is not None:
            return date(self.year, self.month, self.day)
        if self.month == 12:
            return date(self.year, 12, 31)
        return date.fromordinal(date(self.year, self.month + 1, 1).toordinal() - 1)

    def words(self) -> str:
        month = date(self.year, self.month, 1).strftime("%B")
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"


class Fact(Strict):
    """One answerable statement about a programme (or about the field, if programme is None).

    ``stated: false`` marks a known unknown: the source is silent, and the text says so.
    """

    id: Identifier
    text: str = Field(min_length=1)
    source: str
    as_of: str | None = Field(default=None, description="The date the source speaks of.")
    date: str | None = Field(default=None, description="YYYY-MM[-DD] of a deadline or start.")
    stated: bool = True
    short: str | None = Field(default=None, max_length=150, description="The one-line direct "
                              "answer; it stands in for the text's first sentence.")

    @field_validator("date")
    @classmethod
    def _date_is_parseable(cls, value: str | None) -> str | None:
        if value is not None:
            PartialDate.parse(value)
        return value

    def partial_date(self) -> PartialDate | None:
        return PartialDate.parse(self.date) if self.date else None


class FactsFile(Strict):
    """``knowledge/facts/*.yml``: the facts of one programme, or general ones."""

    version: Literal[1]
    programme: Identifier | None = None
    facts: list[Fact]


class Comparison(Strict):
    """One way programmes are compared ("which is cheaper?"), with its conclusion first.

    The conclusion is written by the author from the listed facts and holds only for the
    listed programmes; the engine shows it when exactly those are compared.
    """

    id: Identifier
    title: str
    words: list[str] = Field(min_length=1, description="Words that ask about this.")
    programmes: list[Identifier] = Field(min_length=2)
    facts: list[Identifier] = Field(min_length=1)
    conclusion: str = Field(max_length=158)
    default: bool = Field(default=False, description="Used when no other comparison is asked.")


class ComparisonsFile(Strict):
    """``knowledge/comparisons.yml``."""

    version: Literal[1]
    comparisons: list[Comparison]


Action = Literal["list_programmes", "compare", "eligibility", "help", "handoff"]

#: Joins a topic and one of its aspects into one label: ``entry_requirements/gpa``.
ASPECT_SEPARATOR = "/"


class Aspect(Strict):
    """A sub-question of a topic, with its own examples (Rasa's ``faq/ask_gpa``).

    The answer is the listed facts where a source states them; where it is silent the
    reply says so first, naming ``asks`` ("The sources don't state a minimum GPA for
    NTNU."), then gives the ``nearby`` facts and where to check. No code per aspect.
    """

    id: Identifier
    title: str
    asks: str = Field(description="What is asked, as a noun phrase: 'a minimum GPA'.")
    examples: list[str] = Field(min_length=3)
    facts: list[Identifier] = Field(default_factory=list)
    nearby: list[Identifier] = Field(default_factory=list)


class LabelledExample(Strict):
    """One training example for the matcher: an intent id, or ``topic/aspect``."""

    label: str
    text: str
Scope = Literal["none", "general", "programme"]


class Intent(Strict):
    """Something a student may ask, with example phrasings and how to answer it.

    ``scope`` says where the answer comes from: a fixed ``response`` (none), facts with
    no programme (general), or the facts of each programme asked about (programme).
    """

    id: Identifier
    title: str = Field(description="Short label, used in options and 'did you mean'.")
    examples: list[str] = Field(min_length=1, description="Any number trains the classifier; "
                                "``ie-bot check-kb`` warns below 8 for our own knowledge base.")
    scope: Scope = "none"
    response: str | None = None
    facts: list[Identifier] = Field(default_factory=list)
    action: Action | None = None
    follow_ups: list[Identifier] = Field(default_factory=list, max_length=3)
    with_programme: Identifier | None = Field(
        default=None, description="The intent to answer instead when the question names a "
        "programme: 'what is industrial ecology at NTNU' asks about NTNU's programme.")
    aspects: list[Aspect] = Field(default_factory=list)
    fallback: bool = Field(default=False, description="A typed out-of-scope topic (housing, "
                           "visas): refused plainly, with the listed facts as what is close.")
    confused_with: Identifier | None = Field(
        default=None, description="An intent this one is easily taken for ('when did it "
        "start': history or start date?); ``cues`` tell them apart, and both are answered "
        "when neither's cues are in the question.")
    cues: list[str] = Field(default_factory=list)
    marks: list[str] = Field(default_factory=list, description="For a fallback: phrases that "
                             "make any question containing them this topic ('visa').")


class IntentsFile(Strict):
    """``knowledge/intents/*.yml``."""

    version: Literal[1]
    intents: list[Intent]


class ProgrammesFile(Strict):
    """``knowledge/programmes.yml``."""

    version: Literal[1]
    programmes: list[Programme]


class SourcesFile(Strict):
    """``knowledge/sources.yml``."""

    version: Literal[1]
    sources: list[Source]


class OutOfScopeFile(Strict):
    """``knowledge/out_of_scope.yml``: names that mark a question about somewhere else."""

    version: Literal[1]
    other_institutions: list[str] = Field(default_factory=list)
    institution_words: list[str] = Field(default_factory=list)
    other_fields: list[str] = Field(
        default_factory=list, description="Fields of other degree programmes: 'the MSc in "
        "computer science at NTNU' is refused, never answered with our programme's figures.")


class VocabularyFile(Strict):
    """``knowledge/vocabulary.yml``: how the matcher should read the domain's words.

    ``weak_terms`` are words nearly every question about these programmes contains
    ("industrial ecology", "master"); they weigh little, like stop words. ``synonyms``
    map a word to the one the examples use ("program" -> "programme"). ``meaningful_aliases``
    name a programme but also mean something in a question ("is Dutch required?"): the
    matcher reads the question both with and without them and keeps the surer reading.
    """

    version: Literal[1]
    weak_terms: list[str] = Field(default_factory=list)
    synonyms: dict[str, str] = Field(default_factory=dict)
    meaningful_aliases: list[str] = Field(default_factory=list)


class EligibilityFile(Strict):
    """``knowledge/eligibility/*.yml``: the entry criteria of one programme."""

    version: Literal[1]
    rules: ProgrammeRules


K = TypeVar("K")
V = TypeVar("V")


def _first_by_key(pairs: Iterable[tuple[K, V]]) -> dict[K, V]:
    """An index where the first of two equal keys wins, as a scan would find it."""
    index: dict[K, V] = {}
    for key, value in pairs:
        index.setdefault(key, value)
    return index


class KnowledgeBase(Strict):
    """Everything the engine knows, loaded and cross-checked."""

    programmes: list[Programme] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    intents: list[Intent]
    facts: dict[str, list[Fact]] = Field(
        default_factory=dict, description="Facts by programme id; '' holds general facts."
    )
    out_of_scope: OutOfScopeFile = OutOfScopeFile(version=1)
    eligibility: dict[str, ProgrammeRules] = Field(default_factory=dict)
    vocabulary: VocabularyFile = VocabularyFile(version=1)
    comparisons: list[Comparison] = Field(default_factory=list)

    # Look-ups by id are dicts built once (the model is frozen, so they cannot go stale):
    # a scan per look-up grows with the knowledge base and runs several times per answer.
    @cached_property
    def _programmes_by_id(self) -> dict[str, Programme]:
        return _first_by_key((p.id, p) for p in self.programmes)

    @cached_property
    def _sources_by_file(self) -> dict[str, Source]:
        return _first_by_key((s.file, s) for s in self.sources)

    @cached_property
    def _intents_by_id(self) -> dict[str, Intent]:
        return _first_by_key((i.id, i) for i in self.intents)

    @cached_property
    def _facts_by_id(self) -> dict[tuple[str, str], Fact]:
        return _first_by_key(((owner, f.id), f) for owner, facts in self.facts.items()
                             for f in facts)

    def model_copy(self, *, update: Mapping[str, Any] | None = None,
                   deep: bool = False) -> KnowledgeBase:
        """A copy whose indexes are rebuilt: pydantic copies cached values verbatim."""
        copy = super().model_copy(update=update, deep=deep)
        for name in ("_programmes_by_id", "_sources_by_file", "_intents_by_id", "_facts_by_id"):
            copy.__dict__.pop(name, None)
        return copy

    def cite(self, file: str) -> str:
        """A source file as a student reads it (its title and period), else the file name."""
        source = self.source(file)
        return source.citation() if source is not None else file

    def source(self, file: str) -> Source | None:
        return self._sources_by_file.get(file)

    def programme(self, programme_id: str) -> Programme | None:
        return self._programmes_by_id.get(programme_id)

    def intent(self, intent_id: str) -> Intent | None:
        return self._intents_by_id.get(intent_id)

    def labelled_examples(self) -> list[LabelledExample]:
        """What the matcher trains on: one class per intent, and one per aspect."""
        examples = []
        for intent in self.intents:
            examples += [LabelledExample(label=intent.id, text=t) for t in intent.examples]
            for aspect in intent.aspects:
                label = f"{intent.id}{ASPECT_SEPARATOR}{aspect.id}"
                examples += [LabelledExample(label=label, text=t) for t in aspect.examples]
        return examples

    def examples_by_label(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for example in self.labelled_examples():
            grouped.setdefault(example.label, []).append(example.text)
        return grouped

    def resolve(self, label: str) -> tuple[Intent | None, Aspect | None]:
        """The intent and aspect a matcher label names; (None, None) for an unknown one."""
        topic, _, aspect_id = label.partition(ASPECT_SEPARATOR)
        intent = self.intent(topic)
        if intent is None or not aspect_id:
            return intent, None
        aspect = next((a for a in intent.aspects if a.id == aspect_id), None)
        return (intent, aspect) if aspect else (None, None)

    def fact(self, programme_id: str | None, fact_id: str) -> Fact | None:
        return self._facts_by_id.get((programme_id or "", fact_id))
