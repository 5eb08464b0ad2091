"""Aspects and typed fallbacks as data: labels, look-ups, references and the linter."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from ie_bot.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from ie_bot.knowledge.lint import lint
from tests.conftest import KNOWLEDGE_DIR

ISSUE_ASPECTS = """entry_requirements/gpa entry_requirements/work_experience
entry_requirements/gre_gmat tuition_fee/application_fee language_requirements/exemption
language_requirements/section_scores location_contact/email location_contact/phone
location_contact/coordinator duration/study_mode thesis/company thesis/credits
specialisation/credits specialisation/tracks careers/salary entry_requirements/acceptance_rate
programme_overview/class_size history/founding_year tuition_fee/second_figure""".split()
NEAR_DOMAIN = """housing visas part_time_work phd_positions other_programmes
language_test_booking application_writing subject_help""".split()


def test_every_aspect_of_the_issue_is_a_label(knowledge: KnowledgeBase) -> None:
    labels = {e.label for e in knowledge.labelled_examples()}
    assert set(ISSUE_ASPECTS) <= labels
    for label in ISSUE_ASPECTS:
        intent, aspect = knowledge.resolve(label)
        assert intent is not None and aspect is not None, label
        assert len(aspect.examples) >= 6


def test_labelled_examples_are_flat_and_complete(knowledge: KnowledgeBase) -> None:
    examples = knowledge.labelled_examples()
    expected = sum(len(i.examples) + sum(len(a.examples) for a in i.aspects)
                   for i in knowledge.intents)
    assert len(examples) == expected
    grouped = knowledge.examples_by_label()
    assert grouped["entry_requirements/gpa"][0] == "what GPA do I need"
    assert "what GPA do I need" not in grouped["entry_requirements"]


def test_resolve_rejects_unknown_labels(knowledge: KnowledgeBase) -> None:
    assert knowledge.resolve("no_such_topic") == (None, None)
    assert knowledge.resolve("entry_requirements/no_such_aspect") == (None, None)
    intent, aspect = knowledge.resolve("entry_requirements")
    assert intent is not None and intent.id == "entry_requirements" and aspect is None


def test_near_domain_topics_are_typed_fallbacks(knowledge: KnowledgeBase) -> None:
    for topic in NEAR_DOMAIN:
        intent = knowledge.intent(topic)
        assert intent is not None and intent.fallback and intent.response, topic
        assert len(intent.examples) >= 10


def test_ntnu_founding_years_cite_seed_003_and_its_period(knowledge: KnowledgeBase) -> None:
    fact = knowledge.fact("ntnu", "founding_year")
    assert fact is not None and fact.stated
    assert "2004" in fact.text and "2005" in fact.text
    assert (fact.source, fact.as_of) == ("003_b69b7a4ecbce0df2.txt", "2014–2023")


@pytest.fixture
def copy_of_knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def _edit_aspect(directory: Path, change) -> None:  # type: ignore[no-untyped-def]
    path = directory / "intents" / "admissions.yml"
    data = yaml.safe_load(path.read_text())
    entry = next(i for i in data["intents"] if i["id"] == "entry_requirements")
    change(entry["aspects"])
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_an_aspect_pointing_at_no_fact_is_a_load_error(copy_of_knowledge: Path) -> None:
    _edit_aspect(copy_of_knowledge, lambda aspects: aspects[0].update(facts=["no_such_fact"]))
    with pytest.raises(KnowledgeError, match=r"entry_requirements/gpa\.facts.*no_such_fact"):
        load_knowledge(copy_of_knowledge)


def test_a_duplicate_aspect_id_is_a_load_error(copy_of_knowledge: Path) -> None:
    _edit_aspect(copy_of_knowledge, lambda aspects: aspects.append(dict(aspects[0])))
    with pytest.raises(KnowledgeError, match="duplicate aspect id"):
        load_knowledge(copy_of_knowledge)


def test_an_aspect_needs_examples(copy_of_knowledge: Path) -> None:
    _edit_aspect(copy_of_knowledge, lambda aspects: aspects[0].update(examples=["gpa?"]))
    with pytest.raises(KnowledgeError, match="examples"):
        load_knowledge(copy_of_knowledge)


def test_the_linter_checks_aspect_examples_like_intents(copy_of_knowledge: Path) -> None:
    _edit_aspect(copy_of_knowledge,
                 lambda aspects: aspects[1]["examples"].append("what GPA do I need"))
    problems = [p.message for p in lint(load_knowledge(copy_of_knowledge))]
    assert any("'what GPA do I need' is also an example of 'entry_requirements/gpa'" in m
               for m in problems)


def test_the_shipped_aspects_lint_clean(knowledge: KnowledgeBase) -> None:
    errors = [p for p in lint(knowledge) if p.severity == "error"]
    assert errors == []
