"""Look-ups by id: the first of two equal ids wins, and copies never use stale indexes."""

from __future__ import annotations

from ie_bot.knowledge import KnowledgeBase


def test_lookups_find_programmes_intents_and_facts(knowledge: KnowledgeBase) -> None:
    assert knowledge.programme("ntnu").id == "ntnu"
    assert knowledge.intent("tuition_fee").id == "tuition_fee"
    assert knowledge.fact("ntnu", "tuition_fee").source
    assert knowledge.programme("nowhere") is None
    assert knowledge.intent("nothing") is None
    assert knowledge.fact("ntnu", "nothing") is None


def test_a_copy_with_other_programmes_looks_up_the_new_ones(knowledge: KnowledgeBase) -> None:
    assert knowledge.programme("ntnu") is not None  # fills the original's index first
    renamed = knowledge.programme("ntnu").model_copy(update={"id": "ntnu-2"})
    copy = knowledge.model_copy(update={"programmes": [renamed]})
    assert copy.programme("ntnu") is None
    assert copy.programme("ntnu-2") is renamed
    assert knowledge.programme("ntnu") is not None


def test_sources_are_looked_up_by_file_and_cited_by_title(knowledge: KnowledgeBase) -> None:
    first = knowledge.sources[0]
    assert knowledge.source(first.file) is first
    assert knowledge.source("nothing.txt") is None
    assert knowledge.cite(first.file) == first.citation()
    assert knowledge.cite("nothing.txt") == "nothing.txt"
