"""Checks beyond the schema, for authors to run before they commit (``ie-bot check-kb``).

Like ``rasa data validate``: the same example under two intents, and examples
the matcher would give to another intent, are errors, because they make the
bot answer the wrong question.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from ie_bot.knowledge.models import KnowledgeBase
from ie_bot.knowledge.yaml_source import Problem
from ie_bot.nlu.calibration import fingerprint
from ie_bot.nlu.matcher import IntentMatcher, read
from ie_bot.nlu.normalise import normalise
from ie_bot.nlu.programmes import ProgrammeDetector

_NEAR_DUPLICATE = 95.0


def lint(kb: KnowledgeBase) -> list[Problem]:
    return [*_duplicate_examples(kb), *_misrouted_examples(kb), *_missing_facts(kb),
            *_stale_calibration(kb)]


def _stale_calibration(kb: KnowledgeBase) -> list[Problem]:
    """The engine falls back to raw scores (and their own thresholds) without a current fit."""
    if kb.calibration is None:
        message = "no calibration.yml: confidences are raw scores; run `ie-bot calibrate`"
    elif kb.calibration.fingerprint != fingerprint(kb):
        message = ("calibration.yml was fitted on other examples and is ignored; "
                   "run `ie-bot calibrate`")
    else:
        return []
    return [Problem("calibration.yml", None, "fingerprint", message, "warning")]


def _duplicate_examples(kb: KnowledgeBase) -> list[Problem]:
    owner: dict[str, str] = {}
    problems = []
    for example in kb.labelled_examples():
        key = normalise(example.text)
        previous = owner.setdefault(key, example.label)
        if previous != example.label:
            problems.append(Problem("intents", None, f"{example.label}.examples",
                                    f"{example.text!r} is also an example of {previous!r}"))
    seen = list(owner.items())
    for index, (text, intent_id) in enumerate(seen):
        for other_text, other_id in seen[index + 1:]:
            if other_id != intent_id and fuzz.ratio(text, other_text) >= _NEAR_DUPLICATE:
                problems.append(Problem("intents", None, f"{intent_id}.examples",
                                        f"{text!r} is nearly {other_text!r} of {other_id!r}",
                                        "warning"))
    return problems


def _misrouted_examples(kb: KnowledgeBase) -> list[Problem]:
    matcher = IntentMatcher(kb.examples_by_label(),
                            weak_terms=kb.vocabulary.weak_terms,
                            synonyms=kb.vocabulary.synonyms)
    detector = ProgrammeDetector(kb.programmes, kb.vocabulary.meaningful_aliases)
    problems = []
    for example in kb.labelled_examples():
        best = read(matcher, detector.detect(example.text)).best
        if best.intent and best.intent != example.label:
            problems.append(Problem("intents", None, f"{example.label}.examples",
                                    f"{example.text!r} would be matched to {best.intent!r}"))
    return problems


def _missing_facts(kb: KnowledgeBase) -> list[Problem]:
    problems = []
    for intent in kb.intents:
        if intent.scope != "programme" or intent.action or intent.fallback:
            continue
        for programme in kb.programmes:
            if not any(kb.fact(programme.id, f) for f in intent.facts):
                problems.append(Problem(
                    f"facts/{programme.id}.yml", None, intent.id,
                    "no fact for this intent; the bot will say its sources are silent "
                    "(add a fact with stated: false to make that explicit)", "warning"))
    return problems
