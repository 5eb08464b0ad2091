"""Broken knowledge bases (issue 12, items 3 and 4): each fails the load with a located
problem instead of hanging, crashing, or passing check-kb and failing every answer later."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest

from ie_bot.knowledge import KnowledgeError, load_knowledge
from ie_bot.knowledge.files import MAX_FILE_BYTES, YamlSyntaxError, parse_json, parse_yaml
from tests.conftest import KNOWLEDGE_DIR


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def _problems(directory: Path) -> list[str]:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(directory)
    return [str(p) for p in caught.value.problems]


def _load_within(directory: Path, seconds: float = 20) -> list[str]:
    """Load in a thread, so that a hang fails the test instead of stalling CI."""
    found: list[list[str]] = []
    worker = threading.Thread(target=lambda: found.append(_problems(directory)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert found, f"loading {directory} did not finish within {seconds} s"
    return found[0]


# -- item 3: values that would fail at answer time --------------------------------------

def test_an_impossible_date_fails_the_load(kb: Path) -> None:
    facts = kb / "facts" / "leiden-delft.yml"
    text = facts.read_text()
    first_date = text.index("date: ")
    line = text[:first_date].count("\n") + 1
    end = text.index("\n", first_date)
    facts.write_text(text[:first_date] + 'date: "2024-02-30"' + text[end:])
    (problem,) = _problems(kb)
    assert problem.startswith(f"leiden-delft.yml:{line}:") and "2024-02-30" in problem


def test_a_nan_calibration_weight_fails_the_load(kb: Path) -> None:
    path = kb / "calibration.yml"
    text = path.read_text()
    start = text.index("weights:")
    key_line = text.index("\n", start) + 1
    colon = text.index(":", key_line)
    end = text.index("\n", colon)
    path.write_text(text[:colon + 1] + " .nan" + text[end:])
    (problem,) = _problems(kb)
    assert "calibration.yml" in problem and "finite number" in problem


def test_a_nan_threshold_in_entry_criteria_fails_the_load(kb: Path) -> None:
    path = kb / "eligibility" / "ntnu.yml"
    text = path.read_text()
    start = text.index("min_ects: ") + len("min_ects: ")
    end = text.index("\n", start)
    path.write_text(text[:start] + ".nan" + text[end:])
    problems = _problems(kb)
    assert any("ntnu.yml" in p and "finite number" in p for p in problems)


# -- item 4: files that are not data ----------------------------------------------------

def test_deep_nesting_is_a_located_error(kb: Path) -> None:
    (kb / "out_of_scope.yml").write_text("version: 1\nother_institutions: "
                                         + "[" * 5000 + "]" * 5000 + "\n")
    (problem,) = _load_within(kb)
    assert problem.startswith("out_of_scope.yml:") and "nest" in problem


def test_deep_block_nesting_is_an_error_too() -> None:
    text = "".join(" " * n + "k:\n" for n in range(60)) + " " * 60 + "k: 1\n"
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml(text)
    assert "nested deeper than" in caught.value.problem and caught.value.line


def test_a_5000_digit_integer_is_a_located_error(kb: Path) -> None:
    (kb / "out_of_scope.yml").write_text("version: 1\nother_institutions: []\nx: "
                                         + "7" * 5000 + "\n")
    (problem,) = _problems(kb)
    assert problem.startswith("out_of_scope.yml:3:") and "invalid value" in problem


def test_an_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]" for n in range(1, 9)]
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("\n".join(lines) + "\n")
    assert "aliases" in caught.value.problem


def test_a_fifo_named_yml_is_refused_without_hanging(kb: Path) -> None:
    os.mkfifo(kb / "facts" / "pipe.yml")
    problems = _load_within(kb)
    assert problems == ["pipe.yml: error: cannot read: not a regular file (a FIFO)"]


def test_a_symlink_to_dev_zero_is_refused_without_hanging(kb: Path) -> None:
    (kb / "vocabulary.yml").unlink()
    (kb / "vocabulary.yml").symlink_to("/dev/zero")
    (problem,) = _load_within(kb)
    assert "vocabulary.yml" in problem and "not a regular file (a character device)" in problem


def test_a_huge_file_is_refused(kb: Path) -> None:
    with (kb / "facts" / "huge.yml").open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    (problem,) = _problems(kb)
    assert problem.startswith("huge.yml:") and "larger than" in problem


def test_an_unlistable_folder_is_one_problem_not_an_empty_folder(
        kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_scandir = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if Path(path).name == "eligibility":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert _problems(kb) == ["eligibility/: error: cannot read the folder: Permission denied"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder whatever its mode")
def test_an_unreadable_facts_folder_is_one_problem(kb: Path) -> None:
    (kb / "facts").chmod(0)
    try:
        assert _problems(kb) == ["facts/: error: cannot read the folder: Permission denied"]
    finally:
        (kb / "facts").chmod(0o755)


def test_a_file_in_place_of_the_facts_folder_is_one_problem(kb: Path) -> None:
    shutil.rmtree(kb / "facts")
    (kb / "facts").write_text("not a folder")
    problems = _problems(kb)
    assert problems == ["facts/: error: cannot read the folder: Not a directory"]


def test_duplicate_keys_are_located_errors(kb: Path) -> None:
    path = kb / "sources.yml"
    path.write_text(path.read_text().replace("version: 1\n", "version: 1\nversion: 1\n", 1))
    (problem,) = _problems(kb)
    assert problem.startswith("sources.yml:2:") and "duplicate key 'version'" in problem


def test_a_second_rules_file_for_one_programme_is_an_error(kb: Path) -> None:
    shutil.copy(kb / "eligibility" / "ntnu.yml", kb / "eligibility" / "trondheim.yml")
    (problem,) = _problems(kb)
    assert problem.startswith("trondheim.yml:") and "already has rules in ntnu.yml" in problem


def test_yaml_tags_are_never_executed() -> None:
    with pytest.raises(YamlSyntaxError):
        parse_yaml("x: !!python/object/apply:os.system ['true']\n")


# -- profiles and JSON ------------------------------------------------------------------

@pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000, '{"a": ' + "9" * 5000 + "}",
                                  '{"a": 1, ' + '"b": [' * 50 + "]" * 50 + "}"])
def test_hostile_json_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse_json(text)
