"""The English test, its overall score and its lowest section (or component) score.

As an answer ("ielts 6.5", "toefl 85, lowest section 19", "not yet") a test name is
enough; said in passing, a number counts only next to a test name, so that "12 ects,
toefl 92" gives TOEFL 92 and not 12.
"""

from __future__ import annotations

import re

from ie_bot.eligibility.profile import TESTS, score_problem
from ie_bot.eligibility.values.base import Answer, Invalid, Parsed, Token, canonical, tokens
from ie_bot.eligibility.words import numbers, word_matches
from ie_bot.nlu.normalise import normalise

_TEST_WORDS = {"ielts": "ielts", "toefl": "toefl", "cambridge": "cambridge", "cae": "cambridge",
               "cpe": "cambridge", "proficiency": "cambridge", "advanced": "cambridge"}
#: Said in passing, "advanced" and "proficiency" name Cambridge only after C1 / C2.
_STATED_TEST_WORDS = ("ielts", "toefl", "cambridge", "cae", "cpe")
_CEFR_TESTS = {"c1": "advanced", "c2": "proficiency"}
_OTHER_TESTS = frozenset({"duolingo", "pte", "toeic", "pearson", "linguaskill", "oxford"})
_NO_TEST = re.compile(r"\b(no|none|not yet|not taken|havent|have not|didnt|did not|nothing"
                      r"|no test|not done)\b")
_STATED_NO_TEST = re.compile(
    r"\b(no|without( an?)?|havent (taken|done|got)( an?| any| the)?|have not (taken|done)"
    r"( an?| any| the)?|not (taken|done)( an?| any| the)?|didnt (take|do)( an?| any| the)?)"
    r" (english (language )?)?(test|ielts|toefl|cambridge|language test)s?\b"
)
_SECTION_WORDS = re.compile(r"\b(lowest|section|sections|component|components|each|every|sub"
                            r"|subscore|sub-score|all|worst|minimum per)\b")
_SECTION_CUES = frozenset(
    "lowest section sections component components each every sub subscore subscores all "
    "worst reading writing listening speaking band bands below min minimum per part parts "
    "skill skills".split()
)
#: Words after which a number is no longer about the English test.
_OTHER_CUES = frozenset("ects ec ecs etcs credits credit cp gpa year years courses course "
                        "months semester semesters".split())
NOT_LISTED = ("The programme pages I know name only IELTS, TOEFL (iBT or PBT) and "
              "Cambridge C1 Advanced / C2 Proficiency")


def _toefl_kind(words: set[str], first_score: float | None) -> str:
    if {"pbt", "paper"} & words:
        return "toefl_pbt"
    if {"ibt", "internet"} & words:
        return "toefl_ibt"
    paper = first_score is not None and first_score > TESTS["toefl_ibt"].overall.high
    return "toefl_pbt" if paper else "toefl_ibt"  # above iBT's 120 it is the paper test


def parse_test(text: str) -> Parsed:
    """The answer to "which test?": "IELTS", "ielts 6.5", "Cambridge C1 180", "not yet"."""
    words = re.findall(r"[a-z]+|[\d.]+", normalise(text))  # "ielts6.5" is two words
    named = {_TEST_WORDS[k] for w in words for k in _TEST_WORDS if word_matches(w, k)}
    if not named:
        if _OTHER_TESTS & set(words):
            return Invalid(NOT_LISTED)
        if "native" in words:
            return Invalid("My sources mention no exemption for native speakers")
        if any(ch.isdigit() for ch in text):
            return Invalid("Which test is that score from? Name both, for example “IELTS 6.5”")
        return Answer({"english_test": "none"}) if _NO_TEST.search(" ".join(words)) else None
    if len(named) > 1:
        return Invalid("Please name one test (the one with your best result)")
    test = named.pop()
    if test == "toefl":
        first = numbers(text)[:1]
        test = _toefl_kind(set(words), first[0][0] if first else None)
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
    return _scores(test, overall, sections)


def parse_section(text: str, test: str | None) -> Parsed:
    """The lowest section score: the smallest number given."""
    found = numbers(text)
    if not found or test not in TESTS:
        return None
    return _scores(test, None, [v for v, _, _ in found])


def _scores(test: str, overall: float | None, sections: list[float]) -> Parsed:
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


# -- said in passing --------------------------------------------------------------


def stated_english(text: str) -> Parsed:
    """A test and its scores said anywhere in a message: "i have ielts 6,5", "toefl ibt 95
    (reading 19)", "6.5 in ielts", "no english test yet"; "duolingo 120" is a test the
    sources do not list."""
    found = tokens(text)
    words = [t.text for t in found]
    where = _test_positions(words)
    if not where:
        if (_OTHER_TESTS - {"oxford"}) & set(words):  # said in passing, Oxford is a place
            return Answer({"english_test": "other"})
        return Answer({"english_test": "none"}) if _STATED_NO_TEST.search(" ".join(words)) else None
    if _STATED_NO_TEST.search(" ".join(words)):
        return Answer({"english_test": "none"})
    first_test = where[0][1]
    overall, sections = _numbers_near_tests(found, {i for i, _ in where})
    if first_test == "toefl":
        first_test = _toefl_kind(set(words), overall)
    scores = _scores(first_test, overall, sections)
    if isinstance(scores, Invalid):
        return scores
    return Answer({"english_test": first_test, **(scores.fields if scores else {})})


def _test_positions(words: list[str]) -> list[tuple[int, str]]:
    """Where a test is named: (token index, test), in order."""
    found = []
    for i, word in enumerate(words):
        known = canonical(word, _STATED_TEST_WORDS)
        if known is None and word in _CEFR_TESTS and i + 1 < len(words):
            known = "cambridge" if word_matches(words[i + 1], _CEFR_TESTS[word]) else None
        if known is not None:
            found.append((i, _TEST_WORDS[known]))
    return found


def _is_section(found: list[Token], i: int, after: list[str]) -> bool:
    """ "reading 19", "lowest 19", "5.5 in writing", "20 each": a section's score."""
    before = {t.text for t in found[max(0, i - 2):i]}
    if "overall" in before or after[:1] == ["overall"]:
        return False
    if before & _SECTION_CUES:
        return True
    if after[:1] and after[0] in {"each", "every", "per", "all", "minimum", "min"}:
        return True
    return after[:1] in (["in"], ["on"], ["for"]) and after[1:2] != [] and \
        after[1] in _SECTION_CUES


def _numbers_near_tests(found: list[Token], named: set[int]) -> tuple[float | None, list[float]]:
    """Numbers within a few words after a test name (or just before it), until another
    kind of number ("12 ects") begins; labelled ones ("reading 19") are sections."""
    overall: float | None = None
    sections: list[float] = []
    live = -99  # index of the last token that kept the English context going
    for i, token in enumerate(found):
        if i in named:
            live = i
            continue
        if token.text in _OTHER_CUES:
            live = -99
            continue
        if token.number is None:
            if (token.text in _SECTION_CUES or token.text == "overall") and i - live <= 4:
                live = i  # "... but my writing component is 165": still about the test
            continue
        after = [t.text for t in found[i + 1:i + 3]]
        if (after[:1] and after[0] in _OTHER_CUES) or token.number >= 1000:
            continue
        before_test = any(j in named for j in range(i + 1, min(i + 4, len(found))))
        if i - live > 4 and not before_test:
            continue
        live = i
        if overall is None and not _is_section(found, i, after):
            overall = token.number
        else:
            sections.append(token.number)
    return overall, sections
