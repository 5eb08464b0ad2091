"""The fitted intent classifier, reduced to what answering needs: a sparse dot product.

Training uses scikit-learn (``ie_bot.nlu.training``), whose import alone costs most of a
second; answering does not need it. A fitted linear model is its TF-IDF vocabularies and
weights, so this module holds them in plain Python (``array`` of doubles, one row per
feature) and computes the same probabilities as ``predict_proba``, importing neither
scikit-learn nor numpy. The weights are saved to and loaded from one binary file: a JSON
header (classes, vocabularies, IDF, intercepts) followed by the coefficient rows.
"""

from __future__ import annotations

import json
import math
import struct
import sys
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import add, mul
from pathlib import Path
from typing import Literal

from ie_bot.nlu.features import Reader

MAGIC = b"IEBOTNLU1\n"
Link = Literal["softmax", "ovr"]


@dataclass(frozen=True)
class View:
    """One TF-IDF feature block: its n-gram -> column vocabulary and IDF per column."""

    name: Literal["words", "chars"]
    vocabulary: dict[str, int]
    idf: Sequence[float]


class LinearModel:
    """Text in, (intent, probability) pairs out, best first."""

    def __init__(self, classes: list[str], views: list[View], coef: array, intercept: list[float],
                 link: Link, reader: Reader, meta: dict[str, str] | None = None) -> None:
        self.classes = classes
        self.views = views
        self.coef = coef  # row-major: one row of len(classes) weights per feature column
        self.intercept = intercept
        self.link = link
        self.reader = reader
        self.meta = meta or {}
        offsets, start = [], 0
        for view in views:
            offsets.append(start)
            start += len(view.idf)
        self._offsets = offsets
        analysers: dict[str, Callable[[str], list[str]]] = {
            "words": reader.word_ngrams, "chars": reader.char_ngrams}
        self._analysers = [analysers[view.name] for view in views]

    def features(self, text: str) -> list[tuple[int, float]]:
        """(column, value) of the message's TF-IDF vector; empty if no n-gram is known."""
        found: list[tuple[int, float]] = []
        for view, offset, analyse in zip(self.views, self._offsets, self._analysers,
                                         strict=True):
            vocabulary, idf = view.vocabulary, view.idf
            counts = Counter(c for g in analyse(text) if (c := vocabulary.get(g)) is not None)
            weights = {c: (1.0 + math.log(n)) * idf[c] for c, n in sorted(counts.items())}
            norm = math.sqrt(sum(w * w for w in weights.values()))
            found += [(offset + c, w / norm) for c, w in weights.items()]
        return found

    def scores(self, features: list[tuple[int, float]]) -> list[float]:
        width = len(self.classes)
        total = list(self.intercept)
        coef = self.coef
        for column, value in features:
            row = coef[column * width:(column + 1) * width]
            total = list(map(add, total, map(mul, row, repeat(value, width))))
        return total

    def probabilities(self, text: str) -> list[tuple[str, float]]:
        """Every intent with its probability, best first (ties by name); [] when the message
        has no n-gram the model knows, since then it has nothing to go on."""
        features = self.features(text)
        if not features:
            return []
        probs = self.link_function(self.scores(features))
        return sorted(zip(self.classes, probs, strict=True), key=lambda item: (-item[1], item[0]))

    def link_function(self, scores: list[float]) -> list[float]:
        if self.link == "softmax":
            top = max(scores)
            exps = [math.exp(s - top) for s in scores]
        else:  # one-vs-rest logistic, normalised as scikit-learn does
            exps = [1.0 / (1.0 + math.exp(-max(min(s, 500.0), -500.0))) for s in scores]
        total = sum(exps)
        return [e / total for e in exps] if total else [1.0 / len(exps)] * len(exps)

    # -- persistence ------------------------------------------------------------------
    def save(self, path: Path) -> None:
        header = {"classes": self.classes, "link": self.link, "intercept": self.intercept,
                  "synonyms": self.reader.synonyms, "weak": sorted(self.reader.weak),
                  "meta": self.meta,
                  "views": [{"name": v.name, "vocabulary": v.vocabulary, "idf": list(v.idf)}
                            for v in self.views]}
        encoded = json.dumps(header, sort_keys=True).encode()
        coef = array("d", self.coef)
        if sys.byteorder != "little":
            coef.byteswap()
        path.write_bytes(MAGIC + struct.pack("<Q", len(encoded)) + encoded + coef.tobytes())

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        """Raise ``ValueError`` for anything that is not a complete model file."""
        data = path.read_bytes()
        if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 8:
            raise ValueError(f"{path} is not an ie-bot model file")
        start = len(MAGIC) + 8
        (size,) = struct.unpack("<Q", data[len(MAGIC):start])
        try:
            header = json.loads(data[start:start + size])
            views = [View(v["name"], v["vocabulary"], array("d", v["idf"]))
                     for v in header["views"]]
            coef = array("d")
            coef.frombytes(data[start + size:])
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path} is damaged: {exc}") from exc
        if sys.byteorder != "little":
            coef.byteswap()
        classes = header["classes"]
        if len(coef) != sum(len(v.idf) for v in views) * len(classes):
            raise ValueError(f"{path} is truncated")
        reader = Reader(header["synonyms"], header["weak"])
        return cls(classes, views, coef, list(header["intercept"]), header["link"], reader,
                   header.get("meta", {}))
