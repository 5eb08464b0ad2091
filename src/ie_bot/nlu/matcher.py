"""Intent matching: a message in, intents ranked by the probability that each is meant.

The probabilities come from a learned classifier (``ie_bot.nlu.training``: TF-IDF word and
character n-grams, one-vs-rest logistic regression) trained on the knowledge base's own
examples, every intent a class, out-of-scope ones included. Answering uses only the
fitted weights (``ie_bot.nlu.model``); this module is the small interface the engine
sees, so it never meets a scikit-learn type.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ie_bot.knowledge.models import KnowledgeBase
from ie_bot.nlu.cache import load_or_train
from ie_bot.nlu.model import LinearModel
from ie_bot.nlu.programmes import ProgrammeMention

_KEPT = 10  # candidates kept per match: options and "did you mean" use the first few


@dataclass(frozen=True)
class Candidate:
    intent: str
    score: float


@dataclass(frozen=True)
class Match:
    """Ranked candidates for one message; ``score`` is a probability (they sum to <= 1)."""

    candidates: tuple[Candidate, ...]

    @property
    def best(self) -> Candidate:
        return self.candidates[0] if self.candidates else Candidate("", 0.0)

    @property
    def margin(self) -> float:
        if len(self.candidates) < 2:
            return self.best.score
        return self.candidates[0].score - self.candidates[1].score


def training_examples(knowledge: KnowledgeBase) -> dict[str, list[str]]:
    """Every class the knowledge base labels (intents, and their aspects), with its
    example phrases."""
    return knowledge.examples_by_label()


class IntentMatcher:
    """Built once per knowledge base (from a cached model when one fits); ``match`` is pure."""

    def __init__(self, examples: dict[str, list[str]], synonyms: dict[str, str] | None = None,
                 weak_terms: list[str] | None = None, model: LinearModel | None = None) -> None:
        self.model = model or load_or_train(examples, synonyms, weak_terms)
        self.match = lru_cache(maxsize=2048)(self._match)

    @classmethod
    def for_knowledge(cls, knowledge: KnowledgeBase) -> IntentMatcher:
        vocabulary = knowledge.vocabulary
        return cls(training_examples(knowledge), synonyms=vocabulary.synonyms,
                   weak_terms=vocabulary.weak_terms)

    @property
    def size(self) -> int:
        """How many intents (classes) the model tells apart."""
        return len(self.model.classes)

    def _match(self, text: str) -> Match:
        ranked = self.model.probabilities(text)
        return Match(tuple(Candidate(intent, p) for intent, p in ranked[:_KEPT] if intent))


def read(matcher: IntentMatcher, mention: ProgrammeMention) -> Match:
    """Match the question without programme names, and also with the names that are words
    too ("Dutch"), keeping the surer reading."""
    match = matcher.match(mention.remainder)
    if mention.with_meaningful:
        other = matcher.match(mention.with_meaningful)
        if other.best.score > match.best.score:
            return other
    return match
