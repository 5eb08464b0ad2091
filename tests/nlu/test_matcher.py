"""The matcher on its own: probabilities, typos, unrelated text, and any labelled data."""

from __future__ import annotations

from ie_bot.nlu.matcher import IntentMatcher

EXAMPLES = {
    "fees": ["how much is the tuition fee", "tuition per year", "what does it cost to study",
             "fees?", "price of the programme"],
    "housing": ["how much is rent", "cost of living", "accommodation prices", "monthly budget",
                "where do students live"],
    "greeting": ["hi", "hello", "good morning"],
}


def test_typos_are_read_through_character_ngrams() -> None:
    match = IntentMatcher(EXAMPLES).match("how much is the tution fe")
    assert match.best.intent == "fees"


def test_scores_are_probabilities_ranked_best_first() -> None:
    match = IntentMatcher(EXAMPLES).match("rent per month")
    assert match.best.intent == "housing"
    scores = [c.score for c in match.candidates]
    assert scores == sorted(scores, reverse=True)
    assert 0 < sum(scores) <= 1 + 1e-9 and match.margin > 0


def test_unrelated_words_give_a_low_probability() -> None:
    matcher = IntentMatcher(EXAMPLES)
    known = matcher.match("tuition fee").best.score
    assert matcher.match("quantum giraffe zebra").best.score < known


def test_no_known_ngram_gives_no_candidates() -> None:
    """Nothing to go on is not a confident answer for the alphabetically first intent."""
    match = IntentMatcher(EXAMPLES).match("qqq 777")
    assert match.candidates == () and match.best.score == 0.0


def test_synonyms_come_from_data() -> None:
    matcher = IntentMatcher(EXAMPLES, synonyms={"dosh": "fees"})
    assert matcher.match("dosh").best.intent == "fees"


def test_intents_with_one_example_are_accepted() -> None:
    matcher = IntentMatcher({"yes": ["yes"], "no": ["no"], "maybe": ["perhaps"]})
    assert matcher.match("yes").best.intent == "yes"
    assert matcher.match("no").best.intent == "no"


def test_a_single_intent_still_trains() -> None:
    match = IntentMatcher({"only": ["hello there", "hi"]}).match("hello")
    assert [c.intent for c in match.candidates] == ["only"]
