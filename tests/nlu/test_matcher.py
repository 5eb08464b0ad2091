"""The matcher on its own: typos, confidence, and unknown words."""

from __future__ import annotations

from ie_bot.nlu.matcher import IntentMatcher

EXAMPLES = {
    "fees": ["how much is the tuition fee", "tuition per year", "what does it cost to study",
             "fees?", "price of the programme"],
    "housing": ["how much is rent", "cost of living", "accommodation prices", "monthly budget",
                "where do students live"],
}


def test_typos_are_corrected_to_the_vocabulary() -> None:
    match = IntentMatcher(EXAMPLES).match("how much is the tution fe")
    assert match.best.intent == "fees"


def test_confidence_is_between_zero_and_one_and_ranked() -> None:
    match = IntentMatcher(EXAMPLES).match("rent per month")
    assert match.best.intent == "housing"
    assert 0 < match.best.score <= 1
    assert match.margin > 0


def test_unknown_words_lower_the_confidence() -> None:
    matcher = IntentMatcher(EXAMPLES)
    known = matcher.match("tuition fee").best.score
    mostly_unknown = matcher.match("tuition zebra quantum giraffe").best.score
    assert mostly_unknown < known


def test_nothing_known_gives_no_candidates() -> None:
    match = IntentMatcher(EXAMPLES).match("zebra giraffe")
    assert match.candidates == () and match.best.score == 0.0


def test_synonyms_and_weak_terms_come_from_data() -> None:
    matcher = IntentMatcher(EXAMPLES, weak_terms=["programme"], synonyms={"dosh": "fee"})
    assert matcher.match("dosh").best.intent == "fees"
