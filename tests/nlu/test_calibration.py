"""The confidence model: fitted on examples, stored with a fingerprint, used only when current."""

from __future__ import annotations

import math
import random
import shutil
from pathlib import Path

import pytest
import yaml

from ie_bot.cli import main
from ie_bot.engine import Engine
from ie_bot.knowledge import KnowledgeBase, load_knowledge
from ie_bot.nlu.calibration import fingerprint, fit_logistic
from tests.conftest import KNOWLEDGE_DIR


def test_logistic_fit_recovers_known_weights() -> None:
    rng = random.Random(1)
    rows = [[rng.uniform(-2, 2), 1.0] for _ in range(2000)]
    labels = [float(rng.random() < 1 / (1 + math.exp(-(3 * x - 1)))) for x, _ in rows]
    slope, bias = fit_logistic(rows, labels)
    assert slope == pytest.approx(3, abs=0.4) and bias == pytest.approx(-1, abs=0.3)


def test_the_shipped_calibration_is_current(knowledge: KnowledgeBase) -> None:
    assert knowledge.calibration is not None
    assert knowledge.calibration.fingerprint == fingerprint(knowledge)
    engine = Engine(knowledge)
    assert engine.calibration is not None
    assert engine.thresholds.min_confidence == knowledge.calibration.min_confidence


def test_a_stale_calibration_is_ignored_and_reported(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, copy)
    path = copy / "intents" / "chitchat.yml"
    data = yaml.safe_load(path.read_text())
    data["intents"][0]["examples"].append("good day to you, bot")
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    knowledge = load_knowledge(copy)
    assert Engine(knowledge).calibration is None  # raw scores, with their own thresholds
    assert main(["check-kb", str(copy)]) == 0
    assert "calibration.yml was fitted on other examples" in capsys.readouterr().out


def test_calibrate_writes_a_current_fit(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, copy)
    (copy / "calibration.yml").unlink()
    assert main(["calibrate", "--knowledge", str(copy)]) == 0
    knowledge = load_knowledge(copy)
    assert knowledge.calibration is not None
    assert knowledge.calibration.fingerprint == fingerprint(knowledge)
    assert set(knowledge.calibration.weights) == {
        "score", "margin", "coverage", "length", "out_of_scope", "bias"}
    assert "cross-validated examples" in capsys.readouterr().out


def test_calibrated_confidence_is_a_probability(engine: Engine) -> None:
    from datetime import date

    from ie_bot.engine import ConversationState

    sure, _ = engine.reply("what is the tuition fee at NTNU?", ConversationState(),
                           date(2026, 11, 23))
    unsure, _ = engine.reply("zebra tuition quantum", ConversationState(), date(2026, 11, 23))
    assert 0.0 <= unsure.confidence < sure.confidence <= 1.0
