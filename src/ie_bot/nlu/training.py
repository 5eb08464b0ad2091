"""Fit the intent classifier with scikit-learn and export it as a ``LinearModel``.

Imported only when a knowledge base has no cached model (scikit-learn's import alone
takes most of a second). The pipeline is the standard one (Rasa's sklearn pipeline has
the same shape): a ``FeatureUnion`` of word 1-2-gram and ``char_wb``-like 2-5-gram
``TfidfVectorizer``s with sublinear TF, and a one-vs-rest ``LogisticRegression``. The
settings were chosen on CLINC150's validation split and by cross-validation on the
training examples (see ``bench/nlu.py`` and the README), never on a test set.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

import numpy
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline

from ie_bot.nlu.features import Reader
from ie_bot.nlu.model import LinearModel, View


@dataclass(frozen=True)
class Settings:
    """The classifier's few settings (part of the cache fingerprint)."""

    c: float = 10.0
    char_min_df: int = 1


def pipeline(reader: Reader, settings: Settings) -> Pipeline:
    """The scikit-learn estimator, unfitted: features and a one-vs-rest logistic model."""
    features = FeatureUnion([
        ("words", TfidfVectorizer(analyzer=reader.word_ngrams, sublinear_tf=True)),
        ("chars", TfidfVectorizer(analyzer=reader.char_ngrams, sublinear_tf=True,
                                  min_df=settings.char_min_df)),
    ])
    linear = LogisticRegression(C=settings.c, solver="liblinear", dual=True, random_state=0)
    classifier = OneVsRestClassifier(linear)
    return Pipeline([("features", features), ("classifier", classifier)])


def fit_pipeline(examples: dict[str, list[str]], reader: Reader, settings: Settings
                 ) -> Pipeline:
    texts = [text for phrases in examples.values() for text in phrases]
    labels = [intent for intent, phrases in examples.items() for _ in phrases]
    fitted = pipeline(reader, settings)
    if len(set(labels)) == 1:  # nothing to tell apart: a second, empty class keeps it valid
        texts, labels = [*texts, ""], [*labels, ""]
    return fitted.fit(texts, labels)


def export(fitted: Pipeline, reader: Reader, meta: dict[str, str]) -> LinearModel:
    """The fitted weights as a ``LinearModel`` (same probabilities, no scikit-learn)."""
    import sklearn

    union: FeatureUnion = fitted.named_steps["features"]
    views = [View(name, {term: int(col) for term, col in sorted(vec.vocabulary_.items())},
                  array("d", vec.idf_.tolist()))
             for name, vec in union.transformer_list]
    ovr: OneVsRestClassifier = fitted.named_steps["classifier"]
    classes = [str(c) for c in ovr.classes_]
    estimators = ovr.estimators_
    if len(classes) == 2:  # scikit-learn fits one model for two classes: class 1 vs class 0
        (only,) = estimators
        weights = only.coef_[0]
        # softmax over (-z/2, z/2) gives class 1 sigmoid(z), as predict_proba does
        link = "softmax"
        coef_t = [-weights / 2, weights / 2]
        intercept = [-float(only.intercept_[0]) / 2, float(only.intercept_[0]) / 2]
    else:
        coef_t = [e.coef_[0] for e in estimators]
        intercept = [float(e.intercept_[0]) for e in estimators]
        link = "ovr"
    rows = numpy.ascontiguousarray(numpy.vstack(coef_t).T, dtype=numpy.float64)  # feature-major
    coef = array("d")
    coef.frombytes(rows.tobytes())
    meta = {**meta, "scikit-learn": sklearn.__version__}
    return LinearModel(classes, views, coef, intercept, link, reader, meta)


def train(examples: dict[str, list[str]], synonyms: dict[str, str] | None = None,
          weak_terms: list[str] | None = None, settings: Settings | None = None,
          meta: dict[str, str] | None = None) -> LinearModel:
    settings = settings or Settings()
    reader = Reader(synonyms, weak_terms)
    fitted = fit_pipeline(examples, reader, settings)
    return export(fitted, reader, meta or {})
