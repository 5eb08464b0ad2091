"""What a parser returns, and the text helpers the parsers share."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
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


# Every parser reads the same message, so these are cached: the extractor runs on every
# message the engine sees and must stay far below a millisecond.
@lru_cache(maxsize=512)
def plain(text: str) -> str:
    """Lower case without accents; "6,5" becomes "6.5" (a decimal comma), "6, 5" does not."""
    if text.isascii():
        lowered = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        lowered = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _DECIMAL_COMMA.sub(".", lowered.replace("’", "'").replace("'", ""))


@lru_cache(maxsize=512)
def tokens(text: str) -> tuple[Token, ...]:
    """Words and numbers; "c1" and "b2" stay one word, "ielts6.5" is two tokens."""
    found = []
    for match in _TOKEN.finditer(plain(text)):
        word = match.group()
        number = float(word) if word[0].isdigit() else None
        found.append(Token(word, number))
    return tuple(found)


@lru_cache(maxsize=2048)
def joined(text: str) -> str:
    """The message's tokens joined by single spaces: "toefl ibt 95 reading 19"."""
    return " ".join(t.text for t in tokens(text))


@lru_cache(maxsize=512)
def clauses(text: str) -> tuple[str, ...]:
    """The parts of a message between commas, full stops and the like."""
    return tuple(part for part in _CLAUSE.split(plain(text)) if part.strip())


@lru_cache(maxsize=4096)
def canonical(word: str, vocabulary: tuple[str, ...]) -> str | None:
    """The vocabulary word that ``word`` is, or is a typo of (long words only)."""
    if word in vocabulary:
        return word
    return next((v for v in vocabulary if word_matches(word, v)), None)
