"""Checks beyond the schema, for authors to run before they commit (``ie-bot check-kb``).

Like ``rasa data validate``: the same example under two intents is an error, because
it makes the bot answer the wrong question. Confusions the trained classifier shows on
the examples themselves (an example it gives to another intent, two intents it keeps
nearly tying) are warnings: they point at examples worth rewording.
"""

from __future__ import annotations

from collections import Counter

from rapidfuzz import fuzz

from ie_bot.knowledge.models import KnowledgeBase
from ie_bot.knowledge.yaml_source import Problem
from ie_bot.nlu.matcher import IntentMatcher, read, training_examples
from ie_bot.nlu.normalise import normalise
from ie_bot.nlu.programmes import ProgrammeDetector

_NEAR_DUPLICATE = 95.0
_FEW_EXAMPLES = 8
_CLOSE_CALL = 0.2  # runner-up within this probability of the example's own intent
_CLOSE_CALLS_REPORTED = 3  # a pair is worth a warning from this many close calls on


def lint(kb: KnowledgeBase) -> list[Problem]:
    return [*_duplicate_examples(kb), *_few_examples(kb), *_confusions(kb), *_missing_facts(kb)]


def _few_examples(kb: KnowledgeBase) -> list[Problem]:
    """Any number of examples trains; fewer than eight rarely covers how students ask."""
    return [Problem("intents", None, f"{i.id}.examples",
                    f"only {len(i.examples)} examples; 8 or more make it reliably recognised",
                    "warning")
            for i in kb.intents if len(i.examples) < _FEW_EXAMPLES]



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


def _confusions(kb: KnowledgeBase) -> list[Problem]:
    """The classifier's own view of its training examples: cheap (no refitting), so it
    runs on a data set the size of CLINC150 in seconds."""
    examples = training_examples(kb)
    matcher = IntentMatcher.for_knowledge(kb)
    detector = ProgrammeDetector(kb.programmes, kb.vocabulary.meaningful_aliases)
    problems = []
    close: Counter[tuple[str, str]] = Counter()
    for label, phrases in examples.items():
        for example in phrases:
            match = read(matcher, detector.detect(example))
            best = match.best.intent
            if best and best != label:
                problems.append(Problem("intents", None, f"{label}.examples",
                                        f"{example!r} would be matched to {best!r}", "warning"))
            elif best and match.margin < _CLOSE_CALL and len(match.candidates) > 1:
                close[label, match.candidates[1].intent] += 1
    for (label, other), count in sorted(close.items()):
        if count >= _CLOSE_CALLS_REPORTED:
            problems.append(Problem("intents", None, f"{label}.examples",
                                    f"{count} examples are close calls with {other!r}; "
                                    "reword them or add telling examples", "warning"))
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
