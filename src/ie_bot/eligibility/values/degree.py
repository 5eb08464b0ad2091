"""The bachelor's degree: done, in progress or none, and its field.

As an answer "yes" or "not yet" is enough; said in passing a degree word is needed
("BA in philosophy", "civil engineering bachelor", "graduating next summer"), and the
field is the words next to it, stopping where another value or the question begins.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ie_bot.eligibility.values.base import Answer, Parsed, clauses, joined
from ie_bot.eligibility.words import contains_phrase, word_matches, yes_no
from ie_bot.nlu.normalise import normalise

_IN_PROGRESS = re.compile(
    r"\b(not yet|still|currently|in progress|ongoing|graduating|will graduate|going to graduate"
    r"|about to|expect(ed|ing)?|final year|last year of|(first|second|third|fourth|1st|2nd|3rd"
    r"|4th) year|next (summer|year|spring|autumn|fall|winter|month|semester|term)"
    r"|this (summer|year|spring|autumn|fall|winter|semester|term)|(havent|not) (finished|graduated"
    r"|completed)|studying|doing (a|my)|enrolled|finishing|will finish|will complete"
    r"|will have)\b"
)
_COMPLETED = re.compile(r"\b(graduated|completed|finished|obtained|hold|have (a|an|my)"
                        r"|got (a|an|my))\b")
_NOT_DONE = re.compile(r"\b(will|ill|going to|expect|expected|expecting|havent|not|still|dont"
                       r"|didnt|never|no)\b")
_NO_DEGREE = re.compile(
    r"^(no|none|nope|nah|n)\b|\bno (degree|bachelor)|\b(dont|do not|didnt|did not) have\b"
    r"|\bwithout\b|\bhigh school\b|\bsecondary school\b|\bnever\b"
)
_STATED_NO_DEGREE = re.compile(
    r"\b(no|without an?|dont have an?|do not have an?|didnt finish|never finished|never did)"
    r" (bachelors?|undergrad\w*|university|college|degree)( degree)?\b|\bonly (a )?high school"
    r"|\b(high|secondary) school (diploma|graduate|only)\b"
)
_DEGREE_WORDS = ("bachelor", "bachelors", "bsc", "ba", "beng", "btech", "bs", "bba", "llb",
                 "degree", "graduated", "diploma", "master", "masters", "msc", "undergraduate",
                 "licence")
#: Said in passing, these words (typos allowed on the long ones) show a bachelor's.
_LEVELS = ("bachelor", "bachelors", "bsc", "ba", "beng", "btech", "bs", "bba", "bcom",
           "bsba", "bbs", "llb", "bfa", "barch", "undergraduate", "undergrad", "licenciatura",
           "laurea")
_TYPO_PRONE = ("bachelor", "bachelors", "degree", "undergraduate")
_FIELD_AFTER = re.compile(
    r"\b(?:bachelors?|bsc|ba|beng|btech|bs|bba|bcom|degree|major|majoring|majored|studying"
    r"|studied|study|diploma|undergrad\w*)(?: degree)? (?:in|of) (.+)$"
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
#: Said in passing, a field ends where one of these begins.
_FIELD_ENDS = frozenset(
    "from at with and but is are was can could do does will would should am for to so or if "
    "that which who where when while also plus my i im ielts toefl cambridge ects credits ec "
    "gpa eu eea non nordic enough ok okay apply eligible ntnu leiden delft tu trondheim "
    "university uni college next this last expected expecting graduating student students hons "
    "honours honors".split()
)
_ABBREVIATIONS = frozenset({"bsc", "ba", "beng", "btech", "bs", "bba", "bcom", "llb", "bfa",
                            "barch"})
#: Degree types by their usual abbreviation, and "bachelor of <these words>".
_TYPES = {"bsc": "BSc", "bs": "BSc", "ba": "BA", "beng": "BEng", "btech": "BTech", "bba": "BBA",
          "bcom": "BCom", "llb": "LLB", "bfa": "BFA", "barch": "BArch"}
_TYPES_IN_WORDS = {"science": "BSc", "sciences": "BSc", "arts": "BA", "engineering": "BEng",
                   "technology": "BTech", "laws": "LLB", "law": "LLB", "fine arts": "BFA",
                   "architecture": "BArch"}


def degree_type(words: list[str]) -> str | None:
    """ "BTech" in "btech in mechanical engg", "BSc" in "bachelor of science in ..."."""
    for i, word in enumerate(words):
        if word in _TYPES and not (word == "ba" and words[i + 1:i + 2] == ["ba"]):
            return _TYPES[word]
        if word == "bachelor" and words[i + 1:i + 2] == ["of"]:
            rest = words[i + 2:i + 4]
            for name, kind in _TYPES_IN_WORDS.items():
                named = name.split()
                if rest[:len(named)] == named and (kind != "BEng" or len(words) <= i + 3
                                                   or words[i + 3] in {"in", "with", "from"}):
                    return kind
    return None


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
    return _answer(status, found, degree_type(_fix_typos(plain).split()))


def _answer(status: str, found: str | None, kind: str | None) -> Answer:
    fields: dict[str, str] = {"degree": status}
    if found:
        fields["degree_field"] = found
    if kind and status != "none":
        fields["degree_type"] = kind
    return Answer(fields)


def parse_field(text: str) -> Parsed:
    """Any short description of a field of study; "BSc in economics" reads as "economics"."""
    plain = normalise(text)
    found = _field_in(plain) or _strip_filler(plain)
    if not found or len(found.split()) > 12:
        return None
    return Answer({"degree_field": found})


def _fix_typos(plain: str) -> str:
    return " ".join(_fixed(w) for w in plain.split())


@lru_cache(maxsize=4096)
def _fixed(word: str) -> str:
    return next((d for d in _TYPO_PRONE if len(word) > 4 and word_matches(word, d)), word)


@lru_cache(maxsize=4096)
def _level_like(word: str) -> bool:
    return word in _LEVELS or (len(word) > 6 and any(word_matches(word, lv) for lv in _LEVELS))


def _field_in(plain: str) -> str | None:
    """The field in "bsc in X", "bachelor of science in X", "X degree" (degree words typo-proof)."""
    plain = _fix_typos(plain)
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


# -- said in passing --------------------------------------------------------------


def stated_degree(text: str) -> Parsed:
    """A bachelor's said anywhere in a message, with its status and field when given."""
    parts = [joined(c) for c in clauses(text)]
    whole = " ".join(parts)
    if _STATED_NO_DEGREE.search(whole):
        return Answer({"degree": "none"})
    for part in parts:
        words = _fix_typos(part).split()
        at = next((i for i, w in enumerate(words) if _is_level(w, words, i)), None)
        if at is None or not _about_the_student(words, at):
            continue
        status = "in_progress" if _IN_PROGRESS.search(whole) and not _done(whole) else "bachelor"
        found = _field_after(words, at) or _field_before(words, at)
        return _answer(status, found, degree_type(words))
    if re.search(r"\b((graduating|will graduate|i graduate) (next|this|in|soon|at the end)"
                 r"|final year of (my )?(studies|university))\b", whole):
        return Answer({"degree": "in_progress"})
    return None


_OWNED = re.compile(r"\b(i|im|my|me|mine|with an?|got an?)\b")
_ASKS_THE_RULE = re.compile(r"\b(which|what|need|needs|needed|require\w*|accept\w*|do you"
                            r"|does it|is it|joint|double|dual)\b")


def _about_the_student(words: list[str], at: int) -> bool:
    """ "i have a bsc ...", "with a psychology bachelor", "BA in philosophy, NTNU?" (a
    clause that starts with it); not "which bachelor do I need?" or "the joint degree"."""
    clause = " ".join(words)
    if _ASKS_THE_RULE.search(clause) and not re.search(
            r"\b(i (have|hold|got|did|finished|completed|studied|am|m)|im|my|with an?)\b",
            clause):
        return False
    return bool(_OWNED.search(clause)) or at <= 3


def _is_level(word: str, words: list[str], i: int) -> bool:
    if _level_like(word):
        return not (word == "ba" and i + 1 < len(words) and words[i + 1] == "ba")
    following = words[i + 1] if i + 1 < len(words) else ""
    if word == "degree":
        return following in {"in", "of"} or (i > 0 and words[i - 1] not in _FIELD_ENDS
                                              and words[i - 1] not in _FILLER)
    return word in {"major", "majored", "majoring"} and following == "in"


def _done(whole: str) -> bool:
    return bool(re.search(r"\b(graduated|completed|finished|obtained|hold)\b", whole)) and not \
        re.search(r"\b(not|havent|still|will|expect\w*|graduating)\b", whole)


def _field_after(words: list[str], at: int) -> str | None:
    rest = words[at + 1:]
    if rest[:1] == ["degree"]:
        rest = rest[1:]
    if rest[:2] in (["of", "science"], ["of", "arts"]) and rest[2:3] == ["in"]:
        rest = rest[3:]
    elif rest[:1] == ["of"] and "in" in rest[2:4]:
        rest = rest[rest.index("in", 2) + 1:]  # "bachelor of engineering in X": X
    elif rest[:1] in (["in"], ["of"]):
        rest = rest[1:]
    elif words[at] not in _ABBREVIATIONS:
        return None
    kept = []
    for word in rest:
        if word in _FIELD_ENDS or word[0].isdigit():
            break
        kept.append(word)
    return _strip_filler(" ".join(kept[:5]))


def _field_before(words: list[str], at: int) -> str | None:
    kept: list[str] = []
    for word in reversed(words[:at]):
        if word in _FIELD_ENDS or word in _FILLER or word[0].isdigit() or len(kept) == 4:
            break
        kept.insert(0, word)
    return " ".join(kept) or None
