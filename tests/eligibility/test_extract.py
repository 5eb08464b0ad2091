"""The one extractor: values said in passing, in any message, as students write them."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from ie_bot.eligibility.extract import extract


@pytest.mark.parametrize(("text", "fields"), [
    ("i have ielts 6.5 is that enough for leiden", {"english_test": "ielts", "english_score": 6.5}),
    ("ielts 6,5 for leiden?", {"english_test": "ielts", "english_score": 6.5}),
    ("toefl ibt 95 (reading 19)", {"english_test": "toefl_ibt", "english_score": 95,
                                   "english_lowest_section": 19}),
    ("tofel 85 lowest section 19", {"english_test": "toefl_ibt", "english_score": 85,
                                    "english_lowest_section": 19}),
    ("CAE 176 overall but my writing component is 165", {
        "english_test": "cambridge", "english_score": 176, "english_lowest_section": 165}),
    ("duolingo 120 ok for delft?", {"english_test": "other"}),
    ("no english test yet", {"english_test": "none"}),
    ("can I apply to NTNU with a psychology bachelor", {"degree": "bachelor",
                                                        "degree_field": "psychology"}),
    ("BA in philosophy, NTNU?", {"degree": "bachelor", "degree_field": "philosophy",
                                 "degree_type": "BA"}),
    ("I'm graduating next summer", {"degree": "in_progress"}),
    ("i only have a high school diploma", {"degree": "none"}),
    ("I have 5 ECTS of math and a 180 ECTS bachelor in chemistry", {
        "math_stats_ects": 5, "degree_ects": 180, "degree": "bachelor",
        "degree_field": "chemistry"}),
    ("I have no math courses", {"math_stats_ects": 0}),
    ("6 semester hours of calculus", {"math_stats_hours": 6}),
    ("I'm from India", {"eu_eea_citizen": False}),
    ("german citizen", {"eu_eea_citizen": True}),
    ("my bachelor is from a swedish university", {"degree": "bachelor",
                                                  "nordic_university": True}),
    ("I want to study in Norway", {}),
    ("I'd like to start in autumn 2027", {"start_year": 2027}),
    ("what is the tuition fee at ntnu", {}),
])
def test_values_said_in_passing(text: str, fields: dict[str, object]) -> None:
    assert extract(text).fields == fields


def test_everything_in_one_message() -> None:
    found = extract("civil engineering bachelor, 12 ects of statistics, toefl 92: can I get "
                    "into both?")
    assert found.fields == {"degree": "bachelor", "degree_field": "civil engineering",
                            "math_stats_ects": 12, "english_test": "toefl_ibt",
                            "english_score": 92}


def test_next_year_needs_today_and_an_impossible_score_is_a_problem() -> None:
    assert extract("want to start next year", date(2026, 12, 1)).fields == {"start_year": 2027}
    found = extract("ielts 6.3 enough?")
    assert "english_score" not in found.fields
    assert found.problems == ["IELTS scores go in steps of 0.5 from 0 to 9 (got 6.3)"]


def test_the_eligibility_package_does_not_import_the_engine() -> None:
    code = ("import sys, ie_bot.eligibility.flow, ie_bot.eligibility.extract; "
            "print(any(m.startswith('ie_bot.engine') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
