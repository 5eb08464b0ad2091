"""What the intent classifier sees of a message: word and character n-grams.

The same two functions feed scikit-learn's ``TfidfVectorizer`` at training time (as its
``analyzer``) and the light inference at answer time, so the two cannot drift apart.
Words keep their stop words ("from", "to", "yes", "no" carry meaning); character n-grams
inside word boundaries (like ``char_wb``) make the model forgiving of typos and plurals
without a correction step. The knowledge base's weak terms ("industrial ecology",
"master") get no character n-grams: nearly every question has them, and a dozen n-grams
each made them outweigh the words that say what is asked (measured on the development
set, see README).
"""

from __future__ import annotations

from ie_bot.nlu.normalise import normalise

WORD_NGRAMS = (1, 2)
CHAR_NGRAMS = (2, 5)


class Reader:
    """Turns raw text into the words the model reads, applying the knowledge base's synonyms."""

    def __init__(self, synonyms: dict[str, str] | None = None,
                 weak_terms: list[str] | None = None) -> None:
        self.synonyms = {normalise(k): normalise(v) for k, v in (synonyms or {}).items()}
        self.weak = frozenset(normalise(t) for t in (weak_terms or []))

    def words(self, text: str) -> list[str]:
        words = normalise(text).split()
        if self.synonyms:
            words = [self.synonyms.get(w, w) for w in words]
        return words

    def word_ngrams(self, text: str) -> list[str]:
        words = self.words(text)
        grams = list(words)
        for n in range(2, WORD_NGRAMS[1] + 1):
            grams += [" ".join(words[i:i + n]) for i in range(len(words) - n + 1)]
        return grams

    def char_ngrams(self, text: str) -> list[str]:
        low, high = CHAR_NGRAMS
        grams: list[str] = []
        for word in self.words(text):
            if word in self.weak:
                continue  # as a word it still counts; its letters would outweigh the rest
            padded = f" {word} "
            size = len(padded)
            for n in range(low, min(high, size) + 1):
                grams += [padded[i:i + n] for i in range(size - n + 1)]
        return grams
