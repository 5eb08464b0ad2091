"""Build the model shipped in the wheel for the bundled knowledge base.

Run ``python -m ie_bot.nlu.prebuild`` before a release (or after editing the bundled
intents) so that a fresh install answers from the first message without training. When
the shipped model is stale, nothing breaks: the first start trains one (about a second
for our knowledge base) and keeps it in the user's cache directory.
"""

from __future__ import annotations

from ie_bot.knowledge import load_knowledge
from ie_bot.nlu.cache import PREBUILT, save, train
from ie_bot.nlu.matcher import training_examples


def main() -> None:
    knowledge = load_knowledge()
    vocabulary = knowledge.vocabulary
    model = train(training_examples(knowledge), vocabulary.synonyms, vocabulary.weak_terms)
    for old in PREBUILT.glob("*.model"):
        old.unlink()
    print(f"wrote {save(model, PREBUILT)}")


if __name__ == "__main__":
    main()
