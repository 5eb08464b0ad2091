"""Measure the engine on a labelled set of questions (``ie-bot eval``).

The set is YAML: ``version: 1`` and ``cases``, each with ``text``, ``intent``,
``programme`` (an id or null) and optional ``context`` (earlier messages of the
same conversation). Each case runs in a fresh conversation, so the figures are
the engine's own and do not depend on the order of cases.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ie_bot.engine import ConversationState, Engine, Reply
from ie_bot.engine.core import Thresholds
from ie_bot.knowledge.models import ASPECT_SEPARATOR, KnowledgeBase
from ie_bot.knowledge.yaml_source import YamlDocument

OUT_OF_SCOPE = "out_of_scope"


class EvalCase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str
    intent: str
    programme: str | None = None
    context: list[str] = Field(default_factory=list)


class EvalSet(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: Literal[1]
    cases: list[EvalCase] = Field(min_length=1)


class Outcome(BaseModel):
    case: EvalCase
    intent: str
    programme_ok: bool
    fallback: bool
    confidence: float = 0.0
    margin: float | None = None

    def under(self, thresholds: Thresholds) -> Outcome:
        """What this outcome would have been with other fallback thresholds.

        Valid for outcomes recorded with thresholds (0, 0): where the matcher decided
        (``margin`` is set), a score or margin below the thresholds means a fallback.
        """
        if self.margin is None or self.intent == OUT_OF_SCOPE:
            return self
        if self.confidence < thresholds.min_confidence or self.margin < thresholds.min_margin:
            return self.model_copy(update={"intent": OUT_OF_SCOPE, "fallback": True})
        return self


class EvalReport(BaseModel):
    """Every figure ``ie-bot eval`` prints, computed from the outcomes."""

    outcomes: list[Outcome]

    @property
    def in_scope(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.intent != OUT_OF_SCOPE]

    @property
    def out_of_scope(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.intent == OUT_OF_SCOPE]

    @property
    def accuracy(self) -> float:
        """Share of in-scope questions given the right intent."""
        cases = self.in_scope
        return sum(o.intent == o.case.intent for o in cases) / len(cases) if cases else 0.0

    @property
    def programme_accuracy(self) -> float:
        cases = [o for o in self.in_scope if o.intent == o.case.intent]
        return sum(o.programme_ok for o in cases) / len(cases) if cases else 0.0

    @property
    def in_scope_fallback_rate(self) -> float:
        cases = self.in_scope
        return sum(o.fallback for o in cases) / len(cases) if cases else 0.0

    @property
    def oos_recall(self) -> float:
        cases = self.out_of_scope
        return sum(o.intent == OUT_OF_SCOPE for o in cases) / len(cases) if cases else 1.0

    @property
    def oos_precision(self) -> float:
        predicted = [o for o in self.outcomes if o.intent == OUT_OF_SCOPE]
        hits = sum(o.case.intent == OUT_OF_SCOPE for o in predicted)
        return hits / len(predicted) if predicted else 1.0

    def per_intent(self) -> dict[str, tuple[float, float, int]]:
        """Precision, recall and support per expected intent."""
        result = {}
        for intent in sorted({o.case.intent for o in self.outcomes}):
            predicted = [o for o in self.outcomes if o.intent == intent]
            expected = [o for o in self.outcomes if o.case.intent == intent]
            precision = (sum(o.case.intent == intent for o in predicted) / len(predicted)
                         if predicted else 1.0)
            recall = sum(o.intent == intent for o in expected) / len(expected)
            result[intent] = (precision, recall, len(expected))
        return result

    def confusions(self, top: int = 8) -> list[tuple[str, str, int]]:
        pairs = Counter((o.case.intent, o.intent) for o in self.outcomes
                        if o.intent != o.case.intent)
        return [(expected, got, n) for (expected, got), n in pairs.most_common(top)]

    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.intent != o.case.intent]


def load_eval_set(path: Path) -> EvalSet:
    return YamlDocument.read(path).validate(EvalSet)


def _programme_ok(case: EvalCase, predicted: str | list[str] | None, all_ids: set[str]) -> bool:
    if not all_ids:
        return True  # an intents-only knowledge base has no programmes to get right
    if case.programme is None:
        return predicted is None or (isinstance(predicted, list) and set(predicted) == all_ids)
    return predicted == case.programme


def answered_topic(reply: Reply) -> str:
    """The intent a reply answers, at topic level: an aspect (``entry_requirements/gpa``)
    counts as its topic, and every fallback, typed (housing) or not, as out of scope."""
    return OUT_OF_SCOPE if reply.fallback else reply.intent.partition(ASPECT_SEPARATOR)[0]


def evaluate(knowledge: KnowledgeBase, eval_set: EvalSet, today: date,
             thresholds: Thresholds | None = None) -> EvalReport:
    engine = Engine(knowledge, thresholds)
    all_ids = {p.id for p in knowledge.programmes}
    outcomes = []
    for case in eval_set.cases:
        state = ConversationState()
        for earlier in case.context:
            _, state = engine.reply(earlier, state, today)
        reply, _ = engine.reply(case.text, state, today)
        outcomes.append(Outcome(case=case, intent=answered_topic(reply), fallback=reply.fallback,
                                programme_ok=_programme_ok(case, reply.programme, all_ids),
                                confidence=reply.confidence, margin=reply.margin))
    return EvalReport(outcomes=outcomes)


def sweep(knowledge: KnowledgeBase, eval_set: EvalSet, today: date,
          confidences: list[float], margins: list[float]
          ) -> list[tuple[Thresholds, EvalReport]]:
    """Every pair of thresholds, evaluated; the caller picks by a stated objective.

    The engine runs once with no thresholds; each pair is then replayed on the outcomes.
    """
    base = evaluate(knowledge, eval_set, today, Thresholds(0.0, 0.0))
    grid = [Thresholds(c, m) for c in confidences for m in margins]
    return [(t, EvalReport(outcomes=[o.under(t) for o in base.outcomes])) for t in grid]
