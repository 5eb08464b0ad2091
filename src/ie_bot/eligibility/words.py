"""Reading short free-text answers: numbers, yes/no, control words and keywords with typos.

Typo tolerance is by edit distance on whole words (Damerau-Levenshtein, so a swapped
pair of letters is one edit), allowed only on words long enough that one edit cannot
turn one real word into another ("no" must not become "so").
"""

from __future__ import annotations

import re
from typing import Literal

from rapidfuzz.distance import DamerauLevenshtein

from ie_bot.nlu.normalise import normalise

Control = Literal["back", "skip", "cancel", "restart"]

_CONTROL_PHRASES: dict[str, Control] = {
    **dict.fromkeys(("back", "go back", "previous", "previous question", "undo"), "back"),
    **dict.fromkeys(
        ("skip", "i dont know", "dont know", "i do not know", "idk", "not sure", "im not sure",
         "no idea", "dunno", "pass", "unsure", "i cant remember", "dont remember"),
        "skip",
    ),
    **dict.fromkeys(
        ("cancel", "stop", "quit", "exit", "abort", "never mind", "nevermind", "forget it"),
        "cancel",
    ),
    **dict.fromkeys(
        ("restart", "start over", "start again", "begin again", "reset", "from the start",
         "start from scratch"),
        "restart",
    ),
}
_COMMANDS: dict[str, Control] = {
    "/back": "back", "/skip": "skip", "/cancel": "cancel", "/stop": "cancel",
    "/restart": "restart", "/eligibility": "restart",
}
_FILLER = re.compile(
    r"\b(please|pls|plz|lets|let|let us|can we|could we|i want to|i would like to|id like to|just"
    r"|sorry|really|honestly|actually|ok|okay|um|uhm|hmm|yet|the|check|eligibility)\b"
)
_QUESTION_WORDS = frozenset(
    "what whats when where which who why how is are do does did can could will would should "
    "shall may must tell explain".split()
)
_NUMBER = re.compile(r"(?<![\d.,])(\d{1,4}(?:[.,]\d{1,2})?)(?!\d|[.,]\d|(?:st|nd|rd|th)\b)")
_NUMBER_WORDS = {
    "zero": 0, "nil": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30,
}
_YES = frozenset("yes y yeah yea yep yup ya yess yse yas sure correct right true indeed "
                 "definitely absolutely affirmative ja si oui of course".split())
_NO = frozenset("no n nope nah noo never false negative nee nei non not none".split())
_NEGATIONS = frozenset("not no non never dont didnt doesnt wasnt isnt arent havent neither "
                       "outside nope nah".split())


def allowed_edits(word: str) -> int:
    """Edits a typo may have: none below five letters, one up to seven, two beyond."""
    return 0 if len(word) < 5 else 1 if len(word) < 8 else 2


def word_matches(typed: str, known: str) -> bool:
    """``typed`` is ``known``, a typo of it, or one is a long prefix of the other."""
    if typed == known:
        return True
    if min(len(typed), len(known)) >= 6 and (typed.startswith(known) or known.startswith(typed)):
        return True
    limit = allowed_edits(known)
    return limit > 0 and DamerauLevenshtein.distance(typed, known, score_cutoff=limit) <= limit


def contains_phrase(text: str, phrase: str) -> bool:
    """Every word of ``phrase`` appears in ``text`` (normalised), each allowing for typos."""
    words = normalise(text).split()
    return all(any(word_matches(w, p) for w in words) for p in normalise(phrase).split())


def control_word(text: str) -> Control | None:
    """back / skip / cancel / restart, when that is the whole message (typos allowed)."""
    raw = text.strip().lower()
    if raw.startswith("/"):
        return _COMMANDS.get(raw.split()[0].split("@")[0])
    words = " ".join(_FILLER.sub(" ", normalise(text)).split())
    if not words or len(words) > 24:
        return None
    if words in _CONTROL_PHRASES:
        return _CONTROL_PHRASES[words]
    for phrase, control in _CONTROL_PHRASES.items():
        limit = 0 if len(phrase) < 4 else 1 if len(phrase) < 9 else 2
        if limit and DamerauLevenshtein.distance(words, phrase, score_cutoff=limit) <= limit:
            return control
    return None


def looks_like_question(text: str) -> bool:
    """A question for the engine to answer, rather than an answer to ours."""
    words = normalise(text).split()
    if not words:
        return False
    return words[0] in _QUESTION_WORDS or (
        text.rstrip().endswith("?") and any(w in _QUESTION_WORDS for w in words)
    )


def numbers(text: str) -> list[tuple[float, int, int]]:
    """Numbers in ``text`` with their spans; "7,5" is 7.5; years and "C1"-like codes are not."""
    lowered = text.lower()
    found = []
    for match in _NUMBER.finditer(lowered):
        start = match.start()
        after_letter = start > 0 and lowered[start - 1].isalpha()
        if after_letter and (start == 1 or not lowered[start - 2].isalpha()):
            continue  # a level code such as "C1" or "B2"
        digits = match.group(1).replace(",", ".")
        if digits.isdecimal() and len(digits) == 4 and 1950 <= int(digits) <= 2100:
            continue  # a year
        found.append((float(digits), match.start(), match.end()))
    if not found:
        for match in re.finditer(r"[a-z]+", lowered):
            if match.group() in _NUMBER_WORDS:
                found.append((float(_NUMBER_WORDS[match.group()]), match.start(), match.end()))
    return found


def yes_no(text: str) -> bool | None:
    """True for yes, False for no (or a negated statement), None when it is neither."""
    words = normalise(text).split()
    if not words:
        return None
    phrase = " ".join(words)
    if phrase in _YES or (words[0] in _YES - {"y"} and not _NEGATIONS & set(words)):
        return True
    if phrase in _NO or words[0] in _NO or _NEGATIONS & set(words):
        return False
    return None


def is_negated(text: str) -> bool:
    """The statement contains a negation ("not", "non-", "outside", ...)."""
    return bool(_NEGATIONS & set(normalise(text).split()))
