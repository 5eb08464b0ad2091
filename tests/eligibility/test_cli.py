"""`ie-bot eligibility --profile FILE`, run in-process through ``main``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ie_bot.cli import main
from tests.conftest import KNOWLEDGE_DIR


def write(tmp_path: Path, text: str, name: str = "profile.yml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> tuple[int, str, str]:
    code = main(["eligibility", "--profile", str(path), "--knowledge", str(KNOWLEDGE_DIR),
                 *extra])
    out, err = capsys.readouterr()
    return code, out, err


STUDENT = """\
degree: in_progress
degree_field: BSc in economics
math_stats_ects: 7.5
english_test: toefl_ibt
english_score: 80
english_lowest_section: 19
nordic_university: false
eu_eea_citizen: false
"""


def test_json_verdicts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, write(tmp_path, STUDENT), "--json")
    assert (code, err) == (0, "")
    programmes = json.loads(out)["programmes"]
    assert list(programmes) == ["leiden-delft", "ntnu"]
    leiden, ntnu = programmes["leiden-delft"], programmes["ntnu"]
    assert leiden["verdict"] == "not_eligible"
    statuses = {c["id"]: c["status"] for c in leiden["criteria"]}
    assert statuses == {"degree": "met", "english": "not_met", "motivation_letter": "met"}
    assert ntnu["verdict"] == "cant_tell" and ntnu["conditional"] is True
    assert {c["id"]: c["status"] for c in ntnu["criteria"]} == {
        "degree": "met", "math_stats": "met", "english": "unknown",
        "motivation_letter": "met", "funding": "met"}
    for criterion in ntnu["criteria"]:
        assert {"id", "status", "rule", "source"} <= set(criterion)
        assert criterion["source"] == "002_44520bc628833380.txt"
    assert "Motivation letter" in ntnu["documents"]


def test_plain_text_and_json_profiles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = {"programmes": ["leiden-delft"], "degree": "bachelor", "degree_field": "physics",
               "english_test": "ielts",
               "english_score": 6}
    code, out, _ = run(capsys, write(tmp_path, json.dumps(profile), "p.json"))
    assert code == 0
    assert "joint degree Leiden University and TU Delft): eligible" in out
    assert "NTNU" not in out


def test_missing_keys_are_unknown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, write(tmp_path, ""), "--json")
    assert code == 0
    verdicts = {k: v["verdict"] for k, v in json.loads(out)["programmes"].items()}
    assert verdicts == {"leiden-delft": "cant_tell", "ntnu": "cant_tell"}


@pytest.mark.parametrize(("text", "name", "message"), [
    ("gpa: 3.5\n", "p.yml", "gpa: unknown key (known keys: programmes, degree,"),
    ("math_stats_ects: lots\n", "p.yml", "math_stats_ects: Input should be a valid number"),
    ("english_test: ielts\nenglish_score: 9.5\n", "p.yml",
     "english_score: IELTS scores run from 0 to 9 (got 9.5)"),
    ("english_test: toefl_ibt\nenglish_lowest_section: 40\n", "p.yml",
     "english_lowest_section: TOEFL iBT section scores run from 0 to 30"),
    ("programmes: [ntnu, mit]\n", "p.yml",
     "programmes: unknown programme 'mit' (known: leiden-delft, ntnu)"),
    ("degree: [bachelor\n", "p.yml", "is not valid YAML (line 2)"),
    ('{"degree": }', "p.json", "is not valid JSON (line 1)"),
    ("- degree\n", "p.yml", "must be a mapping of keys"),
    ("nordic_university: 'yes'\n", "p.yml", "nordic_university: Input should be a valid boolean"),
])
def test_bad_profiles_are_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              text: str, name: str, message: str) -> None:
    code, out, err = run(capsys, write(tmp_path, text, name))
    assert code == 2 and out == ""
    assert err.startswith("ie-bot: ") and message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_unreadable_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, tmp_path / "missing.yml")
    assert code == 2 and "cannot read profile" in err and "No such file" in err
    binary = tmp_path / "binary.yml"
    binary.write_bytes(b"\xff\xfe\x00")
    code, _, err = run(capsys, binary)
    assert code == 2 and "cannot read profile" in err and err.count("\n") == 1


def test_a_broken_knowledge_dir_is_reported(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["eligibility", "--profile", str(write(tmp_path, "{}")),
                 "--knowledge", str(tmp_path / "nowhere")])
    assert code == 2 and "knowledge" in capsys.readouterr().err
