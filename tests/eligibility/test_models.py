"""Rules are data: the YAML files validate, cite real sources, and a new programme needs no code."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from ie_bot.eligibility import flow
from ie_bot.eligibility.models import ProgrammeRules
from ie_bot.eligibility.profile import Profile
from ie_bot.eligibility.verdict import evaluate
from ie_bot.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from tests.conftest import KNOWLEDGE_DIR


def test_every_programme_has_rules_citing_known_sources(kb: KnowledgeBase) -> None:
    assert set(kb.eligibility) == {p.id for p in kb.programmes}
    known = {s.file for s in kb.sources}
    for rules in kb.eligibility.values():
        assert rules.sources() and set(rules.sources()) <= known


def test_ntnu_english_minimums_are_left_unstated(kb: KnowledgeBase) -> None:
    """The NTNU source names the tests but prints no scores; the rules must not invent any."""
    english = next(c for c in kb.eligibility["ntnu"].criteria if c.kind == "english")
    assert all(t.min_score is None and t.min_section is None for t in english.tests.values())


NEW_PROGRAMME = {
    "id": "example", "name": "MSc Example Ecology", "short_name": "Example",
    "university": "Example University", "city": "Example", "country": "Nowhere",
    "aliases": ["Example University"], "official_page": "the example page",
    "summary": "A programme that exists only in this test.", "source": "000_abd4e491342b756c.txt",
}
NEW_RULES = {"version": 1, "rules": {
    "programme": "example",
    "criteria": [
        {"id": "degree", "kind": "degree", "title": "Degree", "rule": "A bachelor's in science.",
         "source": "000_abd4e491342b756c.txt", "fields": [{"name": "Science",
                                                          "keywords": ["chemistry", "physics"]}]},
        {"id": "maths", "kind": "min_ects", "title": "Maths", "rule": "15 ECTS of maths.",
         "source": "000_abd4e491342b756c.txt", "subject": "math_stats",
         "subject_label": "maths", "min_ects": 15},
        {"id": "english", "kind": "english", "title": "English", "rule": "IELTS 6.5.",
         "source": "000_abd4e491342b756c.txt", "tests": {"ielts": {"min_score": 6.5}}},
        {"id": "fees", "kind": "requirement", "title": "Fees", "rule": "Non-EU pay fees.",
         "source": "000_abd4e491342b756c.txt", "unless": "eu_eea_citizen",
         "condition": "provided you pay the fee", "document": "Proof of payment"},
    ],
    "next_step": {"eligible": "Apply.", "cant_tell": "Ask.", "not_eligible": "Wait."},
}}


@pytest.fixture
def extended(tmp_path: Path) -> KnowledgeBase:
    """The real knowledge directory plus one programme added in YAML alone."""
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, root)
    programmes = yaml.safe_load((root / "programmes.yml").read_text(encoding="utf-8"))
    programmes["programmes"].append(NEW_PROGRAMME)
    (root / "programmes.yml").write_text(yaml.safe_dump(programmes), encoding="utf-8")
    (root / "eligibility" / "example.yml").write_text(yaml.safe_dump(NEW_RULES), encoding="utf-8")
    return load_knowledge(root)


def test_a_new_programme_needs_yaml_only(extended: KnowledgeBase) -> None:
    profile = Profile(programmes=["example"], degree="bachelor", degree_field="physics",
                      math_stats_ects=15, english_test="ielts", english_score=6.5,
                      eu_eea_citizen=False)
    verdict = evaluate(extended, profile)["example"]
    assert verdict.verdict == "eligible"
    assert verdict.conditions == ["provided you pay the fee"]
    assert "Proof of payment" in verdict.documents
    assert evaluate(extended, profile.model_copy(update={"english_score": 6.0})
                    )["example"].verdict == "not_eligible"

    turn = flow.begin(extended, ["example"])
    asked = []
    for answer in ("yes", "chemistry", "15", "ielts", "7", "no"):
        asked.append(turn.state["step"])
        turn = flow.advance(extended, turn.state, answer)
    assert turn.state is None and "eligible provided you pay the fee" in turn.text
    assert asked == ["degree", "degree_field", "math_stats_ects", "english_test",
                     "english_score", "eu_eea_citizen"]


def _rules(**changes: Any) -> dict[str, Any]:
    return {**NEW_RULES["rules"], **changes}


@pytest.mark.parametrize(("rules", "message"), [
    (_rules(criteria=[{**NEW_RULES["rules"]["criteria"][0], "kind": "gpa"}]), "tag 'gpa'"),
    (_rules(criteria=[NEW_RULES["rules"]["criteria"][0]] * 2), "unique"),
    (_rules(criteria=[{**NEW_RULES["rules"]["criteria"][2], "tests": {"duolingo": {}}}]),
     "duolingo"),
    (_rules(criteria=[{**NEW_RULES["rules"]["criteria"][1], "min_ects": 400}]), "300"),
    (_rules(criteria=[{**NEW_RULES["rules"]["criteria"][3], "unless": "rich"}]), "rich"),
    (_rules(colour="green"), "Extra inputs"),
    (_rules(criteria=[]), "at least 1"),
])
def test_bad_rules_are_rejected(rules: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        ProgrammeRules.model_validate(rules)


def test_a_bad_rules_file_is_reported_with_file_and_line(tmp_path: Path) -> None:
    root = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, root)
    path = root / "eligibility" / "ntnu.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("min_ects: 7.5", "min_ects: lots"),
                    encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    (problem,) = caught.value.problems
    assert problem.file == "ntnu.yml" and problem.line and "min_ects" in problem.field
