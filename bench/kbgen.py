"""Generate a knowledge base ``factor`` times larger, made of distinct topics.

The old generator cloned every intent with two random words added and dropped half the
knowledge files, so its "large" base measured duplicates and "did you mean" replies.
Here each new topic gets words of its own (invented, so they collide with nothing
real), example phrasings of several shapes, and a fact; every new programme gets its
own name, aliases, facts (the real programme's, re-cited) and eligibility rules; the
vocabulary, sources and out-of-scope files are kept. Questions for the new topics are
written from templates the examples do not use, so they are not memorised phrasings.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

_ONSETS = "b br d dr f g gl k kl m n p pl r s st t tr v z".split()
_VOWELS = "a e i o u ai ou ea".split()
_CODAS = "k l m n r s t x nd rk".split()

EXAMPLE_TEMPLATES = (
    "what is the {a} {b}", "tell me about the {a}", "how does the {a} {b} work",
    "is there a {a} for students", "{a} {b}?", "info on {a} please",
    "do i need a {a} {c}", "where can i see the {b} {a}", "how much is the {a} {c}",
    "can you explain the {a} rules", "what about {a} and {c}", "when is the {b} {a}",
)
QUESTION_TEMPLATES = (
    "i wanted to ask about the {a} {b} thing", "whats the deal with {a}",
    "could u tell me the {b} {a} details", "any {a} {c} for international students?",
)


class WordMaker:
    """Pronounceable invented words, each used once, none of them a real word we use."""

    def __init__(self, rng: random.Random, taken: set[str]) -> None:
        self.rng, self.taken = rng, set(taken)

    def __call__(self) -> str:
        while True:
            syllables = self.rng.randint(2, 3)
            word = "".join(self.rng.choice(_ONSETS) + self.rng.choice(_VOWELS)
                           for _ in range(syllables)) + self.rng.choice(_CODAS)
            if word not in self.taken:
                self.taken.add(word)
                return word


def _dump(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _real_words(source: Path) -> set[str]:
    return {word.strip(".,?!\"'():").lower() for path in source.rglob("*.yml")
            for word in path.read_text(encoding="utf-8").split()}


def _programmes(source: Path, target: Path, factor: int, new_word: WordMaker) -> list[str]:
    """Clones of the real programmes, with names, facts and rules of their own."""
    data = yaml.safe_load((source / "programmes.yml").read_text(encoding="utf-8"))
    real = data["programmes"]
    clones = []
    for n in range(len(real) * (factor - 1)):
        base, name = real[n % len(real)], new_word().capitalize()
        clones.append({**base, "id": f"{base['id']}-{n}", "short_name": name,
                       "name": f"MSc Industrial Ecology ({name})", "city": name,
                       "aliases": [name, f"{name} University"]})
        for folder in ("facts", "eligibility"):
            original = source / folder / f"{base['id']}.yml"
            if original.exists():
                doc = yaml.safe_load(original.read_text(encoding="utf-8"))
                owner = doc["rules"] if folder == "eligibility" else doc
                owner["programme"] = clones[-1]["id"]
                _dump(target / folder / f"{clones[-1]['id']}.yml", doc)
    data["programmes"] = real + clones
    _dump(target / "programmes.yml", data)
    return [p["id"] for p in data["programmes"]]


def _topics(source: Path, target: Path, count: int, new_word: WordMaker,
            rng: random.Random) -> list[str]:
    """``count`` general topics, each with three words of its own; returns test questions."""
    intents, facts, questions = [], [], []
    fact_source = yaml.safe_load(
        (source / "sources.yml").read_text(encoding="utf-8"))["sources"][0]["file"]
    for k in range(count):
        words = {"a": new_word(), "b": new_word(), "c": new_word()}
        intents.append({
            "id": f"topic_{k}", "title": f"The {words['a']} {words['b']}", "scope": "general",
            "facts": [f"topic_{k}"],
            "examples": [t.format(**words) for t in rng.sample(EXAMPLE_TEMPLATES, 9)],
        })
        facts.append({"id": f"topic_{k}", "text": f"The {words['a']} {words['b']} is a "
                      f"generated topic number {k}.", "source": fact_source})
        questions.append(rng.choice(QUESTION_TEMPLATES).format(**words))
    _dump(target / "intents" / "generated.yml", {"version": 1, "intents": intents})
    _dump(target / "facts" / "generated.yml", {"version": 1, "facts": facts})
    return questions


def scaled_knowledge(source: Path, target: Path, factor: int, seed: int = 7) -> list[str]:
    """Write the scaled base to ``target``; return questions about its new topics."""
    shutil.copytree(source, target)
    if factor <= 1:
        return []
    rng = random.Random(seed)
    new_word = WordMaker(rng, _real_words(source))
    _programmes(source, target, factor, new_word)
    real_intents = sum(len(yaml.safe_load(p.read_text(encoding="utf-8"))["intents"])
                       for p in (source / "intents").glob("*.yml"))
    return _topics(source, target, real_intents * (factor - 1), new_word, rng)


def with_typos(text: str, rng: random.Random, share: float = 0.3) -> str:
    """Swap, drop or double a letter in about ``share`` of the words of five letters or more."""
    words = text.split()
    for i, word in enumerate(words):
        if len(word) >= 5 and word.isalpha() and rng.random() < share:
            j = rng.randrange(1, len(word) - 1)
            edit = rng.choice(("swap", "drop", "double"))
            if edit == "swap":
                word = word[:j] + word[j + 1] + word[j] + word[j + 2:]
            elif edit == "drop":
                word = word[:j] + word[j + 1:]
            else:
                word = word[:j] + word[j] + word[j:]
            words[i] = word
    return " ".join(words)
