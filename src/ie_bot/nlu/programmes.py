"""Find which programmes a message names, by alias, tolerating typos ("leidn", "trondhiem")."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ie_bot.knowledge.models import Programme
from ie_bot.nlu.normalise import normalise

_MIN_FUZZY_LENGTH = 5
_FUZZY_CUTOFF = 83.0


@dataclass(frozen=True)
class ProgrammeMention:
    """The programmes named in a message, and the message without the names."""

    programmes: tuple[str, ...]
    remainder: str
    with_meaningful: str = ""  # the remainder with meaningful aliases left in, if any


class ProgrammeDetector:
    """Matches whole aliases first, then single words fuzzily against one-word aliases."""

    def __init__(self, programmes: list[Programme], meaningful: list[str] | None = None) -> None:
        self._meaningful = frozenset(normalise(word) for word in meaningful or [])
        self._phrases: list[tuple[str, str]] = []
        self._words: dict[str, str] = {}
        for programme in programmes:
            for alias in {programme.id, programme.short_name, *programme.aliases}:
                phrase = normalise(alias)
                if phrase:
                    self._phrases.append((phrase, programme.id))
                    if " " not in phrase and len(phrase) >= _MIN_FUZZY_LENGTH:
                        self._words[phrase] = programme.id
        self._phrases.sort(key=lambda item: -len(item[0]))
        self._by_length: dict[int, list[str]] = {}
        for word in self._words:
            self._by_length.setdefault(len(word), []).append(word)
        self._order = [p.id for p in programmes]

    def detect(self, text: str) -> ProgrammeMention:
        """Programmes in order of the knowledge base; the remainder has their names removed."""
        padded = f" {normalise(text)} "
        found: set[str] = set()
        meaningful = False
        for phrase, programme_id in self._phrases:
            needle = f" {phrase} "
            if needle in padded:
                found.add(programme_id)
                meaningful |= phrase in self._meaningful
                marker = f" \x00{phrase} " if phrase in self._meaningful else " "
                padded = padded.replace(needle, marker)
        kept: list[str] = []
        for word in padded.split():
            if word.startswith("\x00"):
                kept.append(word)
            elif programme_id := self._fuzzy_word(word):
                found.add(programme_id)
            else:
                kept.append(word)
        ordered = tuple(p for p in self._order if p in found)
        remainder = " ".join(w for w in kept if not w.startswith("\x00"))
        with_meaningful = " ".join(w.lstrip("\x00") for w in kept) if meaningful else ""
        return ProgrammeMention(ordered, remainder, with_meaningful)

    def _fuzzy_word(self, word: str) -> str | None:
        if len(word) < _MIN_FUZZY_LENGTH or not self._words or word[0].isdigit():
            return None
        match = process.extractOne(word, self._similar_lengths(len(word)), scorer=fuzz.ratio,
                                   score_cutoff=_FUZZY_CUTOFF)
        return self._words[match[0]] if match else None

    def _similar_lengths(self, size: int) -> list[str]:
        """The one-word aliases long enough and short enough to reach the cutoff: a ratio
        of 2 * common / (a + b) >= c needs the shorter over the longer >= c / (2 - c), so
        only a few length buckets are compared, however many programmes there are."""
        bound = _FUZZY_CUTOFF / (200.0 - _FUZZY_CUTOFF)
        low, high = math.ceil(size * bound), math.floor(size / bound)
        return [w for n in range(low, high + 1) for w in self._by_length.get(n, ())]
