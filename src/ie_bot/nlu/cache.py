"""Where fitted models live: found by a fingerprint of what they were trained on.

Looked up first among the models shipped in the package (``ie_bot/nlu/prebuilt``, built
for the bundled knowledge base, so a fresh install answers without scikit-learn), then in
the user's cache directory; trained and stored there when neither has it. Any edit of an
example, a synonym or a setting changes the fingerprint, so nothing needs re-running by
hand, and a stale file is never used. The fingerprint is JSON with sorted keys hashed by
SHA-256: the same on every run, whatever ``PYTHONHASHSEED``.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from ie_bot.nlu.features import CHAR_NGRAMS, WORD_NGRAMS
from ie_bot.nlu.model import MAGIC, LinearModel

PREBUILT = Path(__file__).resolve().parent / "prebuilt"
CACHE_ENV = "IE_BOT_MODEL_CACHE"
SETTINGS = {"c": 10.0}  # see ie_bot.nlu.training.Settings


def fingerprint(examples: dict[str, list[str]], synonyms: dict[str, str] | None = None,
                weak_terms: list[str] | None = None) -> str:
    """A key for everything a fitted model depends on (not the library's version: the
    weights answer the same whichever scikit-learn fitted them)."""
    material = {"format": MAGIC.decode().strip(), "words": WORD_NGRAMS, "chars": CHAR_NGRAMS,
                "examples": list(examples.items()), "synonyms": dict(synonyms or {}),
                "weak": sorted(weak_terms or []), "settings": SETTINGS}
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()[:20]


def train(examples: dict[str, list[str]], synonyms: dict[str, str] | None = None,
          weak_terms: list[str] | None = None) -> LinearModel:
    from ie_bot.nlu import training  # scikit-learn only when training

    key = fingerprint(examples, synonyms, weak_terms)
    return training.train(examples, synonyms, weak_terms, training.Settings(**SETTINGS),
                          meta={"fingerprint": key})


def cache_dir() -> Path:
    """``$IE_BOT_MODEL_CACHE``, else the platform's user cache directory."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("ie-bot")) / "models"


def _stored(key: str) -> LinearModel | None:
    for directory in (lambda: PREBUILT, cache_dir):  # the user's only if not shipped
        try:
            return LinearModel.load(directory() / f"{key}.model")
        except (OSError, ValueError):
            continue  # missing, unreadable or damaged: try the next, else retrain
    return None


def save(model: LinearModel, directory: Path) -> Path | None:
    """Write atomically (a reader never sees half a file); None if the directory is not
    writable, since answering matters more than caching."""
    temporary: Path | None = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=directory, suffix=".tmp")
        os.close(handle)
        temporary = Path(name)
        model.save(temporary)
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would hide a shipped model from users
        target = directory / f"{model.meta['fingerprint']}.model"
        os.replace(temporary, target)
        return target
    except OSError:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        return None


def load_or_train(examples: dict[str, list[str]], synonyms: dict[str, str] | None = None,
                  weak_terms: list[str] | None = None) -> LinearModel:
    """The model for these examples: from a cache when one matches, else freshly trained."""
    model = _stored(fingerprint(examples, synonyms, weak_terms))
    if model is None:
        model = train(examples, synonyms, weak_terms)
        save(model, cache_dir())
    return model
