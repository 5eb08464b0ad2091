"""Fuzzy intent matching over example phrases, with a confidence between 0 and 1.

Each intent is scored three ways and the scores blended: TF-IDF cosine to its
closest example (sharp when a phrasing is known), TF-IDF cosine to the intent's
centroid (robust when words are spread over many examples), and rapidfuzz's
token-set ratio to the closest example (character-level, forgiving of typos the
vocabulary correction missed). Unknown words are first corrected to the nearest
vocabulary word, and the share of the message the vocabulary covers scales the
confidence down, so "capital of france" is not confidently anything.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from rapidfuzz import fuzz, process

from ie_bot.nlu.normalise import STOPWORDS, normalise, stem, tokens
from ie_bot.nlu.programmes import ProgrammeMention

Vector = dict[str, float]
_REPEATS = re.compile(r"(\w)\1+")

_MIN_CORRECTABLE = 4
_SHORTLIST = 12


@dataclass(frozen=True)
class Tuning:
    """The matcher's few numbers; chosen by measuring on the labelled set (``ie-bot eval``)."""

    stopword_weight: float = 0.25
    weak_weight: float = 0.15
    closest: float = 0.45
    centroid: float = 0.25
    ratio: float = 0.30
    coverage_power: float = 0.5
    intent_coverage_power: float = 0.3
    closest_k: int = 2
    bigram_weight: float = 0.45
    correction_cutoff: float = 80.0


@dataclass(frozen=True)
class Candidate:
    intent: str
    score: float


@dataclass(frozen=True)
class Match:
    """Ranked candidates for one message; ``coverage`` is the known share of its words."""

    candidates: tuple[Candidate, ...]
    coverage: float

    @property
    def best(self) -> Candidate:
        return self.candidates[0] if self.candidates else Candidate("", 0.0)

    @property
    def margin(self) -> float:
        if len(self.candidates) < 2:
            return self.best.score
        return self.candidates[0].score - self.candidates[1].score


def _norm(vector: Vector) -> Vector:
    length = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / length for k, v in vector.items()} if length else {}


def _dot(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


class IntentMatcher:
    """Built once per knowledge base; ``match`` is pure and cheap."""

    def __init__(self, examples: dict[str, list[str]], weak_terms: list[str] | None = None,
                 synonyms: dict[str, str] | None = None, tuning: Tuning | None = None) -> None:
        self.tuning = tuning or Tuning()
        self._synonyms = {normalise(k): normalise(v) for k, v in (synonyms or {}).items()}
        self._weak = {stem(t) for term in (weak_terms or []) for t in tokens(term)}
        self._example_intent: list[str] = []
        self._example_texts: list[str] = []
        example_terms: list[list[str]] = []
        for intent, phrases in examples.items():
            for phrase in phrases:
                self._example_intent.append(intent)
                terms = self._terms(phrase)
                self._example_texts.append(" ".join(terms))
                example_terms.append(terms)
        self._vocabulary = sorted({t for terms in example_terms for t in terms})
        document_frequency = Counter(
            t for terms in example_terms for t in set(self._features(terms)))
        total = max(len(example_terms), 1)
        self._idf = {t: math.log(1 + total / n) for t, n in document_frequency.items()}
        self._example_vectors = [self._vector(self._features(terms)) for terms in example_terms]
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, vector in enumerate(self._example_vectors):
            for term, weight in vector.items():
                self._postings[term].append((index, weight))
        self._intent_terms: dict[str, set[str]] = defaultdict(set)
        for intent, terms in zip(self._example_intent, example_terms, strict=True):
            self._intent_terms[intent].update(terms)
        self._max_idf = max(self._idf.values(), default=1.0)
        centroids: dict[str, Counter[str]] = defaultdict(Counter)
        for intent, vector in zip(self._example_intent, self._example_vectors, strict=True):
            centroids[intent].update(vector)
        self._centroids = {intent: _norm(dict(c)) for intent, c in centroids.items()}
        self._correct = lru_cache(maxsize=4096)(self._correct_uncached)

    def _terms(self, text: str) -> list[str]:
        return [stem(self._synonyms.get(t, t)) for t in tokens(text)]

    def _features(self, terms: list[str]) -> list[str]:
        """Words, and pairs of neighbouring words ("how long", "first intake") if tuned in."""
        if not self.tuning.bigram_weight:
            return terms
        return [*terms, *(f"{a} {b}" for a, b in pairwise(terms))]

    def _weight(self, term: str) -> float:
        base = self._idf.get(term, 0.0)
        if " " in term:
            return base * self.tuning.bigram_weight
        if term in STOPWORDS:
            return base * self.tuning.stopword_weight
        return base * self.tuning.weak_weight if term in self._weak else base

    def _vector(self, terms: list[str]) -> Vector:
        counts = Counter(terms)
        return _norm({t: (1 + math.log(n)) * self._weight(t) for t, n in counts.items()})

    def _correct_uncached(self, term: str) -> str | None:
        if term in self._idf:
            return term
        squeezed = _REPEATS.sub(r"\1", term)  # "hiii", "thanksss", "pleeease"
        if squeezed in self._idf:
            return squeezed
        if len(term) < _MIN_CORRECTABLE or term[0].isdigit():
            return None
        found = process.extractOne(term, self._vocabulary, scorer=fuzz.ratio,
                                   score_cutoff=self.tuning.correction_cutoff)
        return found[0] if found else None

    def _similarities(self, query: Vector) -> dict[int, float]:
        """Cosine of the query with every example sharing a telling word with it.

        Scores accumulate along the postings of the telling words; stop words and weak
        terms then only add to those candidates. Walking the postings of "what" or "is"
        for every example is what made a large knowledge base slow.
        """
        telling = {t for t in query
                   if t not in STOPWORDS and t not in self._weak and " " not in t}
        scores: dict[int, float] = defaultdict(float)
        for term in telling or query:
            weight = query[term]
            for index, example_weight in self._postings.get(term, ()):
                scores[index] += weight * example_weight
        for term in (t for t in query if telling and t not in telling):
            weight, postings = query[term], self._postings.get(term, ())
            if len(postings) < len(scores):
                for index, example_weight in postings:
                    if index in scores:
                        scores[index] += weight * example_weight
            else:
                for index in scores:
                    scores[index] += weight * self._example_vectors[index].get(term, 0.0)
        return scores

    def _shortlist(self, closest: dict[str, float], ratios: dict[str, float]) -> list[str]:
        """The intents worth the full score: the centroid term weighs too little to lift an
        intent from outside the leaders, and skipping the rest keeps large bases fast."""
        tuning = self.tuning
        partial = {i: tuning.closest * closest.get(i, 0.0) + tuning.ratio * ratios.get(i, 0.0)
                   for i in set(closest) | set(ratios)}
        return sorted(partial, key=lambda i: -partial[i])[:_SHORTLIST]

    def match(self, text: str) -> Match:
        raw = self._terms(text)
        corrected = [c for t in raw if (c := self._correct(t))]
        content = [t for t in raw if t not in STOPWORDS]
        known_content = [t for t in content if self._correct(t)]
        coverage = len(known_content) / len(content) if content else (1.0 if corrected else 0.0)
        if not corrected:
            return Match(candidates=(), coverage=coverage)
        query = self._vector(self._features(corrected))
        tuning = self.tuning
        candidates = self._similarities(query)
        similar: dict[str, list[float]] = defaultdict(list)
        for index, similarity in candidates.items():
            similar[self._example_intent[index]].append(similarity)
        k = tuning.closest_k
        closest = {intent: sum(sorted(values, reverse=True)[:k]) / k
                   for intent, values in similar.items()}
        ratios: dict[str, float] = defaultdict(float)
        choices = {index: self._example_texts[index] for index in candidates}
        for _, score, index in process.extract(" ".join(corrected), choices,
                                               scorer=fuzz.token_set_ratio, limit=40):
            intent = self._example_intent[index]
            ratios[intent] = max(ratios[intent], score / 100)
        scored = []
        weighted = [(self._correct(t), self._weight(t) if self._correct(t) else self._max_idf)
                    for t in content]
        total = sum(w for _, w in weighted)
        for intent in self._shortlist(closest, ratios):
            vocabulary = self._intent_terms[intent]
            own = sum(w for t, w in weighted if t in vocabulary)
            intent_coverage = own / total if total else 1.0
            centroid = _dot(query, self._centroids.get(intent, {}))
            blended = (tuning.closest * closest.get(intent, 0.0) + tuning.centroid * centroid
                       + tuning.ratio * ratios.get(intent, 0.0))
            # How much of the message this intent's own words explain: separates "meaning
            # of life" from "meaning of industrial ecology".
            scale = coverage ** tuning.coverage_power
            scale *= intent_coverage ** tuning.intent_coverage_power
            scored.append(Candidate(intent, round(blended * scale, 4)))
        scored.sort(key=lambda c: (-c.score, c.intent))
        return Match(candidates=tuple(scored), coverage=coverage)


def read(matcher: IntentMatcher, mention: ProgrammeMention) -> Match:
    """Match the question without programme names, and also with the names that are words
    too ("Dutch"), keeping the surer reading."""
    match = matcher.match(mention.remainder)
    if mention.with_meaningful:
        other = matcher.match(mention.with_meaningful)
        if other.best.score > match.best.score:
            return other
    return match
