"""The profile model: strict types, and scores only on their test's scale."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from ie_bot.eligibility.profile import Profile


@pytest.mark.parametrize("profile", [
    {}, {"english_test": "ielts", "english_score": 6.0}, {"english_test": "ielts",
                                                          "english_score": 0},
    {"english_test": "toefl_ibt", "english_score": 120, "english_lowest_section": 30},
    {"english_test": "toefl_pbt", "english_score": 310}, {"english_test": "cambridge",
                                                          "english_score": 230},
    {"math_stats_ects": 7.5}, {"math_stats_ects": 300}, {"programmes": "ntnu"},
    {"nordic_university": True, "eu_eea_citizen": False}, {"degree": "in_progress"},
])
def test_valid(profile: dict[str, Any]) -> None:
    Profile.model_validate(profile)


@pytest.mark.parametrize(("profile", "key", "message"), [
    ({"english_test": "ielts", "english_score": 6.3}, "english_score", "steps of 0.5"),
    ({"english_test": "ielts", "english_score": 9.5}, "english_score", "from 0 to 9"),
    ({"english_test": "toefl_ibt", "english_score": 121}, "english_score", "0 to 120"),
    ({"english_test": "toefl_ibt", "english_lowest_section": 31}, "english_lowest_section",
     "0 to 30"),
    ({"english_test": "toefl_pbt", "english_score": 309}, "english_score", "310 to 677"),
    ({"english_test": "cambridge", "english_score": 79}, "english_score", "80 to 230"),
    ({"english_score": 6.0}, "english_score", "needs english_test"),
    ({"english_test": "none", "english_score": 6.0}, "english_score", "needs english_test"),
    ({"math_stats_ects": -1}, "math_stats_ects", "0 to 300"),
    ({"math_stats_ects": 301}, "math_stats_ects", "0 to 300"),
    ({"math_stats_ects": "ten"}, "math_stats_ects", "valid number"),
    ({"nordic_university": "yes"}, "nordic_university", "valid boolean"),
    ({"degree": "master"}, "degree", "'bachelor', 'in_progress' or 'none'"),
    ({"english_test": "duolingo"}, "english_test", "'ielts'"),
    ({"degree_field": "  "}, "degree_field", "empty"),
    ({"gpa": 3.5}, "gpa", "Extra inputs"),
])
def test_invalid_names_the_key(profile: dict[str, Any], key: str, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Profile.model_validate(profile)
    (error,) = caught.value.errors()
    assert error["loc"] == (key,) and message in error["msg"]
