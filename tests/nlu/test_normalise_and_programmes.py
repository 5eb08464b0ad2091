"""Normalisation and programme detection by alias, typos included."""

from __future__ import annotations

import pytest

from ie_bot.knowledge import KnowledgeBase
from ie_bot.nlu.normalise import normalise, stem
from ie_bot.nlu.programmes import ProgrammeDetector


def test_normalise_folds_case_accents_and_punctuation_but_keeps_decimals() -> None:
    assert normalise("Whát's the IELTS  score?? 6.5!") == "what the ielts score 6.5"
    assert normalise("NTNU’s ranking") == "ntnu ranking"


def test_stem_folds_plurals_only() -> None:
    assert [stem(w) for w in ["courses", "requirements", "studies", "class", "this"]] == [
        "course", "requirement", "study", "class", "this"]


@pytest.fixture(scope="module")
def detector(knowledge: KnowledgeBase) -> ProgrammeDetector:
    return ProgrammeDetector(knowledge.programmes, knowledge.vocabulary.meaningful_aliases)


@pytest.mark.parametrize(("text", "programmes"), [
    ("tuition at leidn?", ("leiden-delft",)),
    ("living in trondhiem", ("ntnu",)),
    ("TU Delft deadline", ("leiden-delft",)),
    ("the norwegian programme", ("ntnu",)),
    ("compare leiden and ntnu", ("leiden-delft", "ntnu")),
    ("what are the fees", ()),
    ("delta of the river", ()),
])
def test_programmes_are_found_by_alias(detector: ProgrammeDetector, text: str,
                                       programmes: tuple[str, ...]) -> None:
    assert detector.detect(text).programmes == programmes


def test_names_are_removed_from_what_the_matcher_reads(detector: ProgrammeDetector) -> None:
    mention = detector.detect("what is the tuition at Leiden University")
    assert "leiden" not in mention.remainder and "tuition" in mention.remainder


def test_names_that_are_words_are_also_kept_for_a_second_reading(
    detector: ProgrammeDetector,
) -> None:
    mention = detector.detect("is Dutch required")
    assert mention.programmes == ("leiden-delft",)
    assert mention.remainder == "is required"
    assert mention.with_meaningful == "is dutch required"


def test_fuzzy_alias_search_by_length_finds_what_a_full_scan_finds() -> None:
    """Only aliases of a reachable length are compared; none that could match is skipped."""
    from rapidfuzz import fuzz, process

    from ie_bot.knowledge.models import Programme
    from ie_bot.nlu import programmes as module

    names = ["trondheim", "leiden", "delft", "groningen", "amsterdam", "utrecht", "eindhoven",
             "maastricht", "wageningen", "rotterdam", "tilburg", "nijmegen"]
    listed = [Programme(id=n, name=n, short_name=n, university=n, city=n, country="nl",
                        aliases=[n], official_page="https://example.org", summary=n, source=n)
              for n in names]
    detector = module.ProgrammeDetector(listed)
    words = ["trondhiem", "leidn", "delfft", "groningn", "amsterdm", "utreht", "eindhovn",
             "mastricht", "wagening", "roterdam", "tilburgg", "nijmegn", "groenlo", "zzzzzz"]
    for word in words:
        full = process.extractOne(word, names, scorer=fuzz.ratio,
                                  score_cutoff=module._FUZZY_CUTOFF)
        assert detector._fuzzy_word(word) == (full[0] if full else None), word
