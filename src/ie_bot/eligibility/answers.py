"""Free-text answers to the check's questions, read into profile fields.

Each reader returns an ``Answer`` (the fields it understood, possibly more than the
question asked, as in "IELTS 6.5"), an ``Invalid`` (an answer, but not a possible
one: say why and ask again), or None (not an answer to this question at all).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ie_bot.eligibility.profile import TESTS, ects_problem, score_problem
from ie_bot.eligibility.words import (
    contains_phrase,
    is_negated,
    numbers,
    word_matches,
    yes_no,
)
from ie_bot.knowledge.models import Programme
from ie_bot.nlu.normalise import normalise
from ie_bot.nlu.programmes import ProgrammeDetector


@dataclass(frozen=True)
class Answer:
    fields: dict[str, Any]


@dataclass(frozen=True)
class Invalid:
    reason: str


Parsed = Answer | Invalid | None

_ALL = frozenset({"all", "both", "every", "each", "any", "everything", "all of them"})
_IN_PROGRESS = re.compile(
    r"\b(not yet|still|currently|in progress|ongoing|graduating|will graduate|going to graduate"
    r"|about to|expect(ed|ing)?|final year|last year of|(first|second|third|fourth|1st|2nd|3rd"
    r"|4th) year|next (summer|year|spring|autumn|fall|winter|month|semester|term)"
    r"|this (summer|year|spring|autumn|fall|winter|semester|term)|(havent|not) (finished|graduated"
    r"|completed)|studying|doing (a|my)|enrolled)\b"
)
_COMPLETED = re.compile(r"\b(graduated|completed|finished|obtained|hold|have (a|an|my)"
                        r"|got (a|an|my))\b")
_NOT_DONE = re.compile(r"\b(will|ill|going to|expect|expected|expecting|havent|not|still|dont"
                       r"|didnt|never|no)\b")
_NO_DEGREE = re.compile(
    r"^(no|none|nope|nah|n)\b|\bno (degree|bachelor)|\b(dont|do not|didnt|did not) have\b"
    r"|\bwithout\b|\bhigh school\b|\bsecondary school\b|\bnever\b"
)
_DEGREE_WORDS = ("bachelor", "bachelors", "bsc", "ba", "beng", "bs", "bba", "degree",
                 "graduated", "diploma", "master", "masters", "msc", "undergraduate", "licence")
_TYPO_PRONE = ("bachelor", "bachelors", "degree")
_FIELD_AFTER = re.compile(
    r"\b(?:bachelors?|bsc|ba|beng|bs|bba|degree|major|majoring|majored|studying|studied|study"
    r"|diploma)(?: degree)? (?:in|of) (.+)$"
)
_FIELD_BEFORE = re.compile(r"^(.+?) (?:bachelors?|bsc|ba|beng|bs|degree)\b")
_FILLER = frozenset(
    "i im am have has had a an my the did do got hold held completed finished doing studying "
    "studied study yes no not yet still in of on at with from and degree bachelor bachelors bsc "
    "ba beng bs bba final last year currently graduated graduate graduating major majored "
    "majoring it its was is field".split()
)
#: "Bachelor of Science in X": filler before a field, but part of "political science".
_LEADING_FILLER = _FILLER | {"science", "sciences", "arts"}
_SECTION_WORDS = re.compile(r"\b(lowest|section|sections|component|components|each|every|sub"
                            r"|subscore|sub-score|all|worst|minimum per)\b")
_TEST_WORDS = {"ielts": "ielts", "toefl": "toefl", "cambridge": "cambridge", "cae": "cambridge",
               "cpe": "cambridge", "proficiency": "cambridge", "advanced": "cambridge"}
_OTHER_TESTS = frozenset({"duolingo", "pte", "toeic", "pearson", "linguaskill", "oxford"})
_NO_TEST = re.compile(r"\b(no|none|not yet|not taken|havent|have not|didnt|did not|nothing"
                      r"|no test|not done)\b")
_NORDIC = ("nordic", "norway", "sweden", "denmark", "finland", "iceland", "scandinavia",
           "scandinavian", "norwegian", "swedish", "danish", "icelandic")
_EUROPEAN = ("eu", "eea", "efta", "european")


def parse_programmes(text: str, programmes: list[Programme]) -> Parsed:
    """Programme names or aliases (typos allowed), or "all" / "both"."""
    if normalise(text) in _ALL or any(w in _ALL for w in normalise(text).split()):
        return Answer({"programmes": [p.id for p in programmes]})
    found = ProgrammeDetector(programmes).detect(text).programmes
    return Answer({"programmes": list(found)}) if found else None


def parse_degree(text: str) -> Parsed:
    """yes / not yet / no, with the field when it is given ("BSc in mechanical engineering")."""
    plain = normalise(text)
    if _COMPLETED.search(plain) and not _NOT_DONE.search(plain):
        status = "bachelor"
    elif _IN_PROGRESS.search(plain):
        status = "in_progress"
    elif _NO_DEGREE.search(plain) or yes_no(text) is False:
        return Answer({"degree": "none"})
    elif yes_no(text) or any(contains_phrase(plain, w) for w in _DEGREE_WORDS):
        status = "bachelor"
    else:
        return None
    found = _field_in(plain)
    return Answer({"degree": status, "degree_field": found} if found else {"degree": status})


def parse_field(text: str) -> Parsed:
    """Any short description of a field of study; "BSc in economics" reads as "economics"."""
    plain = normalise(text)
    found = _field_in(plain) or _strip_filler(plain)
    if not found or len(found.split()) > 12:
        return None
    return Answer({"degree_field": found})


def _field_in(plain: str) -> str | None:
    """The field in "bsc in X", "bachelor of science in X", "X degree" (degree words typo-proof)."""
    plain = " ".join(next((d for d in _TYPO_PRONE if len(w) > 4 and word_matches(w, d)), w)
                     for w in plain.split())
    for pattern in (_FIELD_AFTER, _FIELD_BEFORE):
        match = pattern.search(plain)
        if match and (found := _strip_filler(match.group(1))):
            return found
    return None


def _strip_filler(words: str) -> str | None:
    kept = words.split()
    while kept and kept[0] in _LEADING_FILLER:
        kept.pop(0)
    while kept and kept[-1] in _FILLER:
        kept.pop()
    return " ".join(kept) or None


def parse_ects(text: str) -> Parsed:
    """ "10", "7,5 ECTS", "I did 10 ECTS of statistics", "2 courses of 5 ECTS", "none"."""
    lowered = text.lower()
    found = numbers(text)
    if not found:
        none = yes_no(text) is False or bool({"none", "nothing"} & set(normalise(text).split()))
        return Answer({"math_stats_ects": 0.0}) if none else None
    courses = re.search(r"(\d+) (?:courses|modules|subjects|classes|units) (?:of|with|at|x) "
                        r"(\d+(?:[.,]\d+)?)", lowered)
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
    problem = ects_problem(value)
    return Invalid(problem) if problem else Answer({"math_stats_ects": value})


def parse_test(text: str) -> Parsed:
    """ "IELTS", "ielts 6.5", "toefl 85, lowest section 19", "Cambridge C1 180", "not yet"."""
    words = re.findall(r"[a-z]+|[\d.]+", normalise(text))  # "ielts6.5" is two words
    named = {_TEST_WORDS[k] for w in words for k in _TEST_WORDS if word_matches(w, k)}
    if not named:
        if _OTHER_TESTS & set(words):
            return Invalid("The programme pages I know name only IELTS, TOEFL (iBT or PBT) and "
                           "Cambridge C1 Advanced / C2 Proficiency")
        if "native" in words:
            return Invalid("My sources mention no exemption for native speakers")
        if any(ch.isdigit() for ch in text):
            return Invalid("Which test is that score from? Name both, for example “IELTS 6.5”")
        return Answer({"english_test": "none"}) if _NO_TEST.search(" ".join(words)) else None
    if len(named) > 1:
        return Invalid("Please name one test (the one with your best result)")
    test = named.pop()
    if test == "toefl":
        if {"pbt", "paper"} & set(words):
            test = "toefl_pbt"
        elif {"ibt", "internet"} & set(words):
            test = "toefl_ibt"
        else:
            first = numbers(text)[:1]  # above iBT's 120 it can only be the paper test
            paper = bool(first) and first[0][0] > TESTS["toefl_ibt"].overall.high
            test = "toefl_pbt" if paper else "toefl_ibt"
    scores = parse_score(text, test)
    if isinstance(scores, Invalid):
        return scores
    return Answer({"english_test": test, **(scores.fields if scores else {})})


def parse_score(text: str, test: str | None) -> Parsed:
    """The overall score first; a number labelled "lowest"/"section", or the rest, are sections."""
    if test not in TESTS:
        return None
    lowered = text.lower()
    overall: float | None = None
    sections: list[float] = []
    previous_end = 0
    for value, start, end in numbers(text):
        label = lowered[max(previous_end, start - 25):start]
        if overall is None and not _SECTION_WORDS.search(label):
            overall = value
        else:
            sections.append(value)
        previous_end = end
    fields: dict[str, float] = {}
    if overall is not None:
        if problem := score_problem(test, overall):
            return Invalid(problem)
        fields["english_score"] = overall
    if sections:
        if problem := score_problem(test, min(sections), section=True):
            return Invalid(problem)
        fields["english_lowest_section"] = min(sections)
    return Answer(fields) if fields else None


def parse_section(text: str, test: str | None) -> Parsed:
    """The lowest section score: the smallest number given."""
    found = numbers(text)
    if not found or test not in TESTS:
        return None
    lowest = min(v for v, _, _ in found)
    problem = score_problem(test, lowest, section=True)
    return Invalid(problem) if problem else Answer({"english_lowest_section": lowest})


def parse_nordic(text: str) -> Parsed:
    """yes / no, or a Nordic country ("I studied in Sweden"; "not in Norway" is a no)."""
    if any(contains_phrase(text, word) for word in _NORDIC):
        return Answer({"nordic_university": not is_negated(text)})
    answer = yes_no(text)
    return None if answer is None else Answer({"nordic_university": answer})


def parse_citizen(text: str) -> Parsed:
    """yes / no, or "EU citizen" / "non-EU" / "outside the EEA"."""
    if any(w in _EUROPEAN for w in normalise(text).split()):
        return Answer({"eu_eea_citizen": not is_negated(text)})
    answer = yes_no(text)
    return None if answer is None else Answer({"eu_eea_citizen": answer})
