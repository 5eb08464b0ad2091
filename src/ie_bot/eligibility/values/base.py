"""What a parser returns, and the text helpers the parsers share."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ie_bot.eligibility.words import word_matches


@dataclass(frozen=True)
class Answer:
    fields: dict[str, Any]


@dataclass(frozen=True)
class Invalid:
    reason: str


#: An answer, an impossible value (say why and ask again), or None: no such value here.
Parsed = Answer | Invalid | None

_DECIMAL_COMMA = re.compile(r"(?<=\d),(?=\d{1,2}(?!\d))")
_TOKEN = re.compile(r"[a-z]\d(?![\d.,])|\d+(?:\.\d+)?|[a-z]+")
_CLAUSE = re.compile(r"[;!?\n]|,|\.(?!\d)|\bbut\b|\bwhile\b")


@dataclass(frozen=True)
class Token:
    """A word or a number of a message; ``number`` is set for numbers."""

    text: str
    number: float | None


def plain(text: str) -> str:
    """Lower case without accents; "6,5" becomes "6.5" (a decimal comma), "6, 5" does not."""
    decomposed = unicodedata.normalize("NFKD", text)
    lowered = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _DECIMAL_COMMA.sub(".", lowered.replace("’", "'").replace("'", ""))


def tokens(text: str) -> list[Token]:
    """Words and numbers; "c1" and "b2" stay one word, "ielts6.5" is two tokens."""
    found = []
    for match in _TOKEN.finditer(plain(text)):
        word = match.group()
        number = float(word) if word[0].isdigit() else None
        found.append(Token(word, number))
    return found


def clauses(text: str) -> list[str]:
    """The parts of a message between commas, full stops and the like."""
    return [part for part in _CLAUSE.split(plain(text)) if part.strip()]


def canonical(word: str, vocabulary: tuple[str, ...]) -> str | None:
    """The vocabulary word that ``word`` is, or is a typo of (long words only)."""
    if word in vocabulary:
        return word
    return next((v for v in vocabulary if word_matches(word, v)), None)
