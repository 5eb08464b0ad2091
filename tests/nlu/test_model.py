"""The light model answers exactly as scikit-learn does, deterministically, from a cache."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ie_bot.nlu import cache
from ie_bot.nlu.features import Reader
from ie_bot.nlu.model import LinearModel
from ie_bot.nlu.training import Settings, export, fit_pipeline
from tests.conftest import ROOT

EXAMPLES = {
    "fees": ["how much is the tuition fee", "tuition per year", "fees for EU students"],
    "housing": ["how much is rent", "cost of living in Delft", "student accommodation"],
    "deadline": ["when is the deadline", "last day to apply", "application closes when"],
    "out_of_scope": ["what is the capital of france", "tell me a joke", "weather today"],
}
QUESTIONS = ["tuition for non-EU", "rent in Trondheim", "deadlnie to aply", "a joke please",
             "", "zzz", "how much is the tuition fee"]


@pytest.mark.parametrize("examples", [EXAMPLES, {k: EXAMPLES[k] for k in ("fees", "housing")}],
                         ids=["multiclass", "two classes"])
def test_light_inference_gives_predict_probas_probabilities(examples: dict) -> None:
    reader = Reader({"aply": "apply"}, ["students"])
    fitted = fit_pipeline(examples, reader, Settings())
    light = export(fitted, reader, {"fingerprint": "test"})
    expected = fitted.predict_proba(QUESTIONS)
    for question, row in zip(QUESTIONS, expected, strict=True):
        got = dict(light.probabilities(question))
        if not light.features(question):
            assert got == {}  # no known n-gram: the light model declines instead of guessing
            continue
        for label, probability in zip(fitted.classes_, row, strict=True):
            assert got[str(label)] == pytest.approx(probability, abs=1e-9)


def test_saved_and_loaded_model_answers_the_same(tmp_path: Path) -> None:
    model = cache.train(EXAMPLES)
    path = cache.save(model, tmp_path)
    assert path is not None
    loaded = LinearModel.load(path)
    for question in QUESTIONS:
        assert loaded.probabilities(question) == model.probabilities(question)


def test_a_trained_model_is_cached_and_reused(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    first = cache.load_or_train(EXAMPLES)
    files = list(tmp_path.glob("*.model"))
    assert len(files) == 1
    monkeypatch.setattr(cache, "train", lambda *a, **k: pytest.fail("trained again"))
    again = cache.load_or_train(EXAMPLES)
    assert again.probabilities("rent") == first.probabilities("rent")


def test_a_damaged_cache_file_is_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    key = cache.fingerprint(EXAMPLES)
    (tmp_path / f"{key}.model").write_bytes(b"IEBOTNLU1\n\x00\x01garbage")
    model = cache.load_or_train(EXAMPLES)
    assert model.probabilities("rent")[0][0] == "housing"
    assert LinearModel.load(tmp_path / f"{key}.model").classes == model.classes


def test_an_unwritable_cache_still_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocker / "models"))
    assert cache.load_or_train(EXAMPLES).probabilities("rent")[0][0] == "housing"


def test_editing_an_example_changes_the_fingerprint() -> None:
    edited = {**EXAMPLES, "fees": [*EXAMPLES["fees"], "what are the fees"]}
    assert cache.fingerprint(edited) != cache.fingerprint(EXAMPLES)


def test_the_same_data_gives_the_same_answers_whatever_the_hash_seed(tmp_path: Path) -> None:
    program = (
        "from ie_bot.nlu import cache\n"
        f"model = cache.train({EXAMPLES!r}, {{'aply': 'apply'}}, ['students'])\n"
        f"print(cache.fingerprint({EXAMPLES!r}))\n"
        f"print([model.probabilities(q) for q in {QUESTIONS!r}])\n")
    outputs = set()
    for seed in ("1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT / "src")}
        done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                              env=env, timeout=120, check=True)
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_answering_does_not_import_scikit_learn_or_numpy() -> None:
    """Start-up pays only for the fitted weights: training (here, if the cache lacks the
    model) happens in one process, answering from the cache in a fresh one."""
    program = ("import sys\n"
               "from ie_bot.knowledge import load_knowledge\n"
               "from ie_bot.nlu.matcher import IntentMatcher\n"
               "IntentMatcher.for_knowledge(load_knowledge()).match('tuition fee')\n"
               "print(sorted(m for m in ('sklearn', 'numpy', 'scipy') if m in sys.modules))\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for _ in range(2):
        done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                              env=env, timeout=120, check=True)
    assert done.stdout.strip() == "[]"
