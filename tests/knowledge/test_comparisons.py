"""knowledge/comparisons.yml: loaded, and its references checked like the other files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from ie_bot.knowledge import KnowledgeBase, KnowledgeError, load_knowledge
from tests.conftest import KNOWLEDGE_DIR


def test_the_shipped_comparisons_are_loaded(knowledge: KnowledgeBase) -> None:
    ids = {c.id for c in knowledge.comparisons}
    assert {"cost", "maths", "ranking", "lca"} <= ids
    assert sum(c.default for c in knowledge.comparisons) == 1


def test_a_comparison_naming_an_unknown_fact_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, copy)
    path = copy / "comparisons.yml"
    data = yaml.safe_load(path.read_text())
    data["comparisons"][0]["facts"].append("no_such_fact")
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    with pytest.raises(KnowledgeError, match=re.escape("no fact with id 'no_such_fact'")):
        load_knowledge(copy)
