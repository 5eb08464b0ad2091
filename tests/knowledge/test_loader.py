"""Loading the knowledge base: the real one, and every way a broken one is reported."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from ie_bot.knowledge import KnowledgeBase, KnowledgeError, default_knowledge_dir, load_knowledge
from tests.conftest import KNOWLEDGE_DIR

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def test_the_shipped_knowledge_base_has_both_programmes(knowledge: KnowledgeBase) -> None:
    assert [p.id for p in knowledge.programmes] == ["leiden-delft", "ntnu"]
    assert set(knowledge.eligibility) == {"leiden-delft", "ntnu"}


def test_every_fact_cites_a_seed_that_exists(knowledge: KnowledgeBase) -> None:
    cited = {f.source for facts in knowledge.facts.values() for f in facts}
    listed = {s.file for s in knowledge.sources}
    assert cited <= listed
    if SEEDS.is_dir():  # ../shared beside the checkout, as in CI
        assert listed <= {p.name for p in SEEDS.iterdir()}


def test_every_intent_of_the_issue_is_defined(knowledge: KnowledgeBase) -> None:
    required = """greeting thanks goodbye help list_programmes programme_overview what_is_ie
    application_deadline start_date duration credits teaching_language tuition_fee
    living_costs scholarships entry_requirements language_requirements
    application_documents courses specialisation thesis research careers location_contact
    ranking history compare eligibility_check out_of_scope""".split()
    intents = {i.id: i for i in knowledge.intents}
    assert set(required) <= set(intents)
    assert all(len(intents[i].examples) >= 8 for i in required)


@pytest.fixture
def copy_of_knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_an_unknown_key_names_file_line_and_field(copy_of_knowledge: Path) -> None:
    path = copy_of_knowledge / "programmes.yml"
    path.write_text(path.read_text().replace("  - id: ntnu", "  - id: ntnu\n    colour: red"))
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(copy_of_knowledge)
    problem = caught.value.problems[0]
    assert problem.file == "programmes.yml" and problem.line and "colour" in problem.field


def test_a_fact_citing_an_unknown_seed_is_refused(copy_of_knowledge: Path) -> None:
    _edit(copy_of_knowledge / "facts" / "ntnu.yml",
          lambda d: d["facts"][0].update(source="made-up.txt"))
    with pytest.raises(KnowledgeError, match=re.escape("unknown source 'made-up.txt'")):
        load_knowledge(copy_of_knowledge)


def test_a_criterion_citing_an_unknown_seed_is_refused(copy_of_knowledge: Path) -> None:
    _edit(copy_of_knowledge / "eligibility" / "ntnu.yml",
          lambda d: d["rules"]["criteria"][0].update(source="made-up.txt"))
    with pytest.raises(KnowledgeError, match=re.escape("unknown source 'made-up.txt'")):
        load_knowledge(copy_of_knowledge)


def test_duplicate_intent_ids_are_refused(copy_of_knowledge: Path) -> None:
    _edit(copy_of_knowledge / "intents" / "chitchat.yml",
          lambda d: d["intents"].append(dict(d["intents"][0])))
    with pytest.raises(KnowledgeError, match="duplicate intent id"):
        load_knowledge(copy_of_knowledge)


def test_a_bad_deadline_date_is_refused(copy_of_knowledge: Path) -> None:
    def change(data: dict) -> None:
        for fact in data["facts"]:
            if fact["id"] == "application_deadline":
                fact["date"] = "April 2024"
    _edit(copy_of_knowledge / "facts" / "leiden-delft.yml", change)
    with pytest.raises(KnowledgeError, match="YYYY-MM"):
        load_knowledge(copy_of_knowledge)


def test_every_problem_is_reported_at_once(copy_of_knowledge: Path) -> None:
    (copy_of_knowledge / "sources.yml").write_text("version: 1\nsources: [\n")
    (copy_of_knowledge / "out_of_scope.yml").write_text("version: 2\n")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(copy_of_knowledge)
    files = {p.file for p in caught.value.problems}
    assert {"sources.yml", "out_of_scope.yml"} <= files


def test_binary_file_is_a_clear_error(copy_of_knowledge: Path) -> None:
    (copy_of_knowledge / "programmes.yml").write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(KnowledgeError, match=r"programmes\.yml"):
        load_knowledge(copy_of_knowledge)


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="not found"):
        load_knowledge(tmp_path / "nowhere")


def test_environment_chooses_the_knowledge_directory(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    monkeypatch.setenv("IE_BOT_KNOWLEDGE", str(tmp_path))
    assert default_knowledge_dir() == tmp_path
    monkeypatch.delenv("IE_BOT_KNOWLEDGE")
    assert (default_knowledge_dir() / "programmes.yml").is_file()
