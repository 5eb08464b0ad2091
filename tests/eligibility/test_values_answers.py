"""The value parsers reading answers to the check's own questions (``stated=False`` mode)."""

from __future__ import annotations

import pytest

from ie_bot.eligibility.steps import parse_programmes
from ie_bot.eligibility.values import degree, english, origin
from ie_bot.eligibility.values import ects as credits
from ie_bot.eligibility.values.base import Answer, Invalid
from ie_bot.knowledge import KnowledgeBase


@pytest.mark.parametrize(("text", "fields"), [
    ("yes", {"degree": "bachelor"}),
    ("Yes, I have a BSc", {"degree": "bachelor", "degree_type": "BSc"}),
    ("BSc in mechanical engineering", {"degree": "bachelor", "degree_type": "BSc",
                                       "degree_field": "mechanical engineering"}),
    ("bachelor of science in chemistry", {"degree": "bachelor", "degree_field": "chemistry",
                                          "degree_type": "BSc"}),
    ("BTech in civil engineering", {"degree": "bachelor", "degree_field": "civil engineering",
                                    "degree_type": "BTech"}),
    ("I have an economics degree", {"degree": "bachelor", "degree_field": "economics"}),
    ("I graduated last year", {"degree": "bachelor"}),
    ("I hold a master's", {"degree": "bachelor"}),
    ("not yet, graduating next summer", {"degree": "in_progress"}),
    ("I'm in my final year of a BSc in chemistry", {"degree": "in_progress",
                                                    "degree_field": "chemistry",
                                                    "degree_type": "BSc"}),
    ("still studying", {"degree": "in_progress"}),
    ("I haven't finished yet", {"degree": "in_progress"}),
    ("no", {"degree": "none"}),
    ("I don't have a degree", {"degree": "none"}),
    ("only high school", {"degree": "none"}),
])
def test_degree(text: str, fields: dict[str, object]) -> None:
    assert degree.parse_degree(text) == Answer(fields)


@pytest.mark.parametrize("text", ["banana", "hello there", "42"])
def test_degree_not_an_answer(text: str) -> None:
    assert degree.parse_degree(text) is None


@pytest.mark.parametrize(("text", "field"), [
    ("economics", "economics"),
    ("BSc in Industrial Design", "industrial design"),
    ("I studied political science", "political science"),
    ("mechanical engineering bachelor", "mechanical engineering"),
])
def test_field(text: str, field: str) -> None:
    assert degree.parse_field(text) == Answer({"degree_field": field})


@pytest.mark.parametrize("text", ["yes", "no", "I have a bachelor"])
def test_field_needs_a_field(text: str) -> None:
    assert degree.parse_field(text) is None


@pytest.mark.parametrize(("text", "ects"), [
    ("10", 10), ("7.5", 7.5), ("7,5 ECTS", 7.5), ("I did 10 ECTS of statistics", 10),
    ("5 ECTS calculus and 5 ECTS statistics", 10), ("3 courses of 5 ects", 15),
    ("twelve", 12), ("none", 0), ("no", 0), ("I have none", 0), ("300", 300), ("0", 0),
])
def test_ects(text: str, ects: float) -> None:
    assert credits.parse_ects(text) == Answer({"math_stats_ects": ects})


@pytest.mark.parametrize(("text", "reason"), [
    ("301", "ECTS credits run from 0 to 300 (got 301)"),
    ("5 in maths and 5 in stats", "I see several numbers there"),
])
def test_ects_impossible(text: str, reason: str) -> None:
    parsed = credits.parse_ects(text)
    assert isinstance(parsed, Invalid) and parsed.reason.startswith(reason)


@pytest.mark.parametrize(("text", "fields"), [
    ("IELTS", {"english_test": "ielts"}),
    ("ielts 6.5", {"english_test": "ielts", "english_score": 6.5}),
    ("IELTS6.5", {"english_test": "ielts", "english_score": 6.5}),
    ("toefl 85, lowest section 19", {"english_test": "toefl_ibt", "english_score": 85,
                                     "english_lowest_section": 19}),
    ("lowest section 21, total 95 on the toefl", {"english_test": "toefl_ibt",
                                                  "english_score": 95,
                                                  "english_lowest_section": 21}),
    ("TOEFL iBT 100 (22, 25, 27, 26)", {"english_test": "toefl_ibt", "english_score": 100,
                                        "english_lowest_section": 22}),
    ("toefl paper based", {"english_test": "toefl_pbt"}),
    ("TOEFL 580", {"english_test": "toefl_pbt", "english_score": 580}),
    ("Cambridge C2 Proficiency 200", {"english_test": "cambridge", "english_score": 200}),
    ("CAE 175 in 2023", {"english_test": "cambridge", "english_score": 175}),
    ("not yet", {"english_test": "none"}),
    ("no", {"english_test": "none"}),
])
def test_english_test(text: str, fields: dict[str, object]) -> None:
    assert english.parse_test(text) == Answer(fields)


@pytest.mark.parametrize(("text", "reason"), [
    ("IELTS 6.3", "IELTS scores go in steps of 0.5 from 0 to 9 (got 6.3)"),
    ("IELTS 9.5", "IELTS scores run from 0 to 9 (got 9.5)"),
    ("toefl ibt 121", "TOEFL iBT scores run from 0 to 120 (got 121)"),
    ("toefl 90, lowest 31", "TOEFL iBT section scores run from 0 to 30 (got 31)"),
    ("toefl pbt 700", "TOEFL PBT scores run from 310 to 677 (got 700)"),
    ("cambridge 250", "Cambridge C1 Advanced / C2 Proficiency scores run from 80 to 230"),
    ("duolingo 120", "The programme pages I know name only"),
    ("ielts and toefl", "Please name one test"),
    ("6.5", "Which test is that score from?"),
])
def test_english_test_impossible(text: str, reason: str) -> None:
    parsed = english.parse_test(text)
    assert isinstance(parsed, Invalid) and parsed.reason.startswith(reason)


def test_score_and_section_for_a_known_test() -> None:
    assert english.parse_score("85", "toefl_ibt") == Answer({"english_score": 85})
    assert english.parse_score("85 and my lowest was 20", "toefl_ibt") == Answer(
        {"english_score": 85, "english_lowest_section": 20})
    assert english.parse_score("no idea", "toefl_ibt") is None
    assert english.parse_section("all above 20", "toefl_ibt") == Answer(
        {"english_lowest_section": 20})
    assert isinstance(english.parse_section("35", "toefl_ibt"), Invalid)


@pytest.mark.parametrize(("text", "value"), [
    ("yes", True), ("yep", True), ("no", False), ("nope", False), ("I studied in Norway", True),
    ("at a Danish university", True), ("not in Sweden", False), ("no, in Germany", False),
])
def test_nordic(text: str, value: bool) -> None:
    assert origin.parse_nordic(text) == Answer({"nordic_university": value})


@pytest.mark.parametrize(("text", "value"), [
    ("yes", True), ("I'm an EU citizen", True), ("EEA", True), ("non-EU", False),
    ("no", False), ("I'm not European", False), ("from outside the EU", False),
])
def test_citizen(text: str, value: bool) -> None:
    assert origin.parse_citizen(text) == Answer({"eu_eea_citizen": value})


def test_programmes(kb: KnowledgeBase) -> None:
    both = ["leiden-delft", "ntnu"]
    assert parse_programmes("both", kb.programmes) == Answer({"programmes": both})
    assert parse_programmes("all of them", kb.programmes) == Answer({"programmes": both})
    assert parse_programmes("TU Delft", kb.programmes) == Answer(
        {"programmes": ["leiden-delft"]})
    assert parse_programmes("leiden and trondheim", kb.programmes) == Answer(
        {"programmes": both})
    assert parse_programmes("banana", kb.programmes) is None
