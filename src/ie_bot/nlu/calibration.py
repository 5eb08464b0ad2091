"""Turn the matcher's raw scores into a calibrated confidence: P(the answer is right).

A small logistic model over what a match looks like (best score, lead over the
runner-up, share of known words, message length, how strongly "out of scope"
also matched) is fitted by cross-validation on the knowledge base's own
examples: each fold's examples are matched by a matcher built without them, so
the model learns how the matcher behaves on phrasings it has not seen. It never
sees the labelled evaluation set. The fit is stored in ``calibration.yml`` with
a fingerprint of what it was fitted on, so start-up does not pay for it.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections.abc import Callable
from dataclasses import asdict

from ie_bot.knowledge.models import Calibration, KnowledgeBase
from ie_bot.nlu.matcher import IntentMatcher, Match, Tuning, read
from ie_bot.nlu.programmes import ProgrammeDetector

OUT_OF_SCOPE = "out_of_scope"
FEATURES = ("score", "margin", "coverage", "length", "out_of_scope", "bias")
_FOLDS = 5
_RIDGE = 1e-3


def features(match: Match, text: str) -> list[float]:
    candidates = match.candidates
    best = candidates[0].score if candidates else 0.0
    runner_up = candidates[1].score if len(candidates) > 1 else 0.0
    out_of_scope = next((c.score for c in candidates if c.intent == OUT_OF_SCOPE), 0.0)
    length = math.log(1 + len(text.split()))
    return [best, best - runner_up, match.coverage, length, out_of_scope, 1.0]


def probability(weights: dict[str, float], match: Match, text: str) -> float:
    z = sum(weights.get(name, 0.0) * value
            for name, value in zip(FEATURES, features(match, text), strict=True))
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


def fingerprint(knowledge: KnowledgeBase, tuning: Tuning | None = None) -> str:
    """What a calibration depends on: examples, vocabulary, aliases, matcher tuning."""
    material = {
        "intents": [(e.label, e.text) for e in knowledge.labelled_examples()],
        "vocabulary": knowledge.vocabulary.model_dump(),
        "aliases": [(p.id, p.short_name, p.aliases) for p in knowledge.programmes],
        "tuning": asdict(tuning or Tuning()),
        "features": FEATURES,
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()[:16]


def _matcher_factory(knowledge: KnowledgeBase) -> Callable[[dict[str, list[str]]], IntentMatcher]:
    vocabulary = knowledge.vocabulary
    return lambda examples: IntentMatcher(examples, weak_terms=vocabulary.weak_terms,
                                          synonyms=vocabulary.synonyms)


def cross_validated(knowledge: KnowledgeBase) -> tuple[list[list[float]], list[float]]:
    """Features of every example matched without it, and whether the match was right."""
    pairs = [(e.label, e.text) for e in knowledge.labelled_examples()]
    random.Random(0).shuffle(pairs)
    build = _matcher_factory(knowledge)
    detector = ProgrammeDetector(knowledge.programmes, knowledge.vocabulary.meaningful_aliases)
    rows: list[list[float]] = []
    labels: list[float] = []
    for fold in range(_FOLDS):
        training: dict[str, list[str]] = {}
        for n, (intent, example) in enumerate(pairs):
            if n % _FOLDS != fold:
                training.setdefault(intent, []).append(example)
        matcher = build(training)
        for intent, example in pairs[fold::_FOLDS]:
            match = read(matcher, detector.detect(example))
            rows.append(features(match, example))
            labels.append(float(intent != OUT_OF_SCOPE and match.best.intent == intent))
    return rows, labels


def fit_logistic(rows: list[list[float]], labels: list[float]) -> list[float]:
    """Newton's method (IRLS) with a little ridge: a handful of steps for a few features."""
    size = len(rows[0])
    weights = [0.0] * size
    for _ in range(25):
        gradient = [0.0] * size
        hessian = [[_RIDGE if i == j else 0.0 for j in range(size)] for i in range(size)]
        for row, label in zip(rows, labels, strict=True):
            z = sum(w * x for w, x in zip(weights, row, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))
            for i in range(size):
                gradient[i] += (p - label) * row[i]
                for j in range(size):
                    hessian[i][j] += p * (1 - p) * row[i] * row[j]
        step = _solve(hessian, gradient)
        weights = [w - s for w, s in zip(weights, step, strict=True)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return weights


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the system is tiny)."""
    n = len(vector)
    a = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(col + 1, n):
            factor = a[r][col] / a[col][col]
            for c in range(col, n + 1):
                a[r][c] -= factor * a[col][c]
    solution = [0.0] * n
    for r in range(n - 1, -1, -1):
        solution[r] = (a[r][n] - sum(a[r][c] * solution[c] for c in range(r + 1, n))) / a[r][r]
    return solution


def calibrate(knowledge: KnowledgeBase, min_confidence: float, min_margin: float
              ) -> Calibration:
    rows, labels = cross_validated(knowledge)
    weights = fit_logistic(rows, labels)
    return Calibration(version=1, fingerprint=fingerprint(knowledge),
                       weights=dict(zip(FEATURES, (round(w, 4) for w in weights), strict=True)),
                       min_confidence=min_confidence, min_margin=min_margin,
                       examples=len(rows))
