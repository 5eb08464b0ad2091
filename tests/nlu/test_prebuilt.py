"""The classifier shipped in the wheel is the one for the bundled knowledge base.

A stale file breaks nothing (the first start trains and caches), but it costs every fresh
install scikit-learn's import and a training run before the first answer; this test says
which command rebuilds it.
"""

from __future__ import annotations

from ie_bot.knowledge import KnowledgeBase
from ie_bot.nlu.cache import PREBUILT, fingerprint
from ie_bot.nlu.matcher import training_examples


def test_the_shipped_model_matches_the_bundled_knowledge(knowledge: KnowledgeBase) -> None:
    vocabulary = knowledge.vocabulary
    key = fingerprint(training_examples(knowledge), vocabulary.synonyms,
                      vocabulary.weak_terms)
    shipped = sorted(path.stem for path in PREBUILT.glob("*.model"))
    assert shipped == [key], "stale: run `python -m ie_bot.nlu.prebuild` and commit the file"
