"""Control words, numbers and yes/no in short free text."""

from __future__ import annotations

import pytest

from ie_bot.eligibility.words import control_word, looks_like_question, numbers, yes_no


@pytest.mark.parametrize(("text", "control"), [
    ("back", "back"), ("Back", "back"), ("bakc", "back"), ("go back please", "back"),
    ("skip", "skip"), ("I don't know", "skip"), ("i dont knwo", "skip"), ("idk", "skip"),
    ("no idea", "skip"), ("not sure", "skip"), ("I don't know yet", "skip"),
    ("cancel", "cancel"), ("cancle", "cancel"), ("stop", "cancel"), ("quit", "cancel"),
    ("never mind", "cancel"), ("/cancel", "cancel"),
    ("restart", "restart"), ("start over", "restart"), ("strat over", "restart"),
    ("let's start again", "restart"), ("/eligibility", "restart"),
])
def test_control_words(text: str, control: str) -> None:
    assert control_word(text) == control


@pytest.mark.parametrize("text", ["yes", "no", "not yet", "none", "10", "ielts 6.5", "economics",
                                  "bachelor", "/help", "no test", "arts", "nope"])
def test_answers_are_not_control_words(text: str) -> None:
    assert control_word(text) is None


def test_numbers() -> None:
    def values(text: str) -> list[float]:
        return [v for v, _, _ in numbers(text)]

    assert values("7,5 ECTS") == [7.5]
    assert values("toefl 85, lowest section 19.") == [85, 19]
    assert values("Cambridge C1 Advanced 180 in 2023") == [180]
    assert values("in my 3rd year, 10ects") == [10]
    assert values("ten") == [10]
    assert values("7.25 and 12.5") == [7.25, 12.5]
    assert values("no numbers") == []


@pytest.mark.parametrize(("text", "value"), [
    ("yes", True), ("Yeah!", True), ("yse", True), ("sure", True), ("no", False),
    ("nope", False), ("I'm not", False), ("maybe", None), ("", None),
])
def test_yes_no(text: str, value: bool | None) -> None:
    assert yes_no(text) is value


@pytest.mark.parametrize(("text", "question"), [
    ("what is the tuition fee?", True), ("is 7 ECTS enough?", True), ("how much", True),
    ("tuition at ntnu, what is it?", True), ("IELTS 6.5?", False), ("economics", False),
    ("bsc in economics?", False),
])
def test_looks_like_question(text: str, question: bool) -> None:
    assert looks_like_question(text) is question
