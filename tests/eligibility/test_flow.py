"""The guided check, driven through ``begin``/``advance``/``reprompt`` with plain inputs.

The ``start`` fixture's ``Check`` stores the state as JSON between every two turns,
as the SQLite store does.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from ie_bot.eligibility import flow
from ie_bot.knowledge import KnowledgeBase
from tests.eligibility.conftest import Check

Start = Callable[..., Check]


def test_without_programmes_it_asks_which_first(start: Start) -> None:
    check = start()
    assert check.pending == "programmes"
    assert "Which programme" in check.turn.text
    assert [o.label for o in check.turn.options] == ["Leiden/Delft", "NTNU", "Both",
                                                      "I don't know"]
    assert check.turn.understood and check.turn.programmes == []


def test_named_programmes_skip_the_programme_question(start: Start) -> None:
    check = start(["ntnu"])
    assert check.pending == "degree"
    assert "for NTNU" in check.turn.text
    assert check.turn.programmes == ["ntnu"]
    assert check.turn.sources == ["002_44520bc628833380.txt"]


def test_unknown_programme_ids_are_ignored(start: Start) -> None:
    assert start(["mit"]).pending == "programmes"


def test_buttons_all_the_way_to_a_verdict(start: Start) -> None:
    check = start()
    check.press("Leiden/Delft")
    check.press("Yes")
    check.say("biology")  # the field has no buttons
    check.press("IELTS")
    assert check.pending == "english_score"
    turn = check.say("6.0")
    assert turn.state is None and turn.understood
    assert check.asked == ["programmes", "degree", "degree_field", "english_test",
                           "english_score"]
    assert "eligible" in turn.text and "not eligible" not in turn.text
    assert turn.programmes == ["leiden-delft"]
    assert turn.sources == ["000_abd4e491342b756c.txt"]
    assert turn.options == []  # the engine adds the verdict's options


def test_every_payload_fits_telegram_and_is_marked(start: Start) -> None:
    check = start()
    for answer in ("Both", "Yes", "economics", "10", "TOEFL iBT", "90"):
        for option in check.turn.options:
            assert option.payload.startswith("::e:")
            assert len(option.payload.encode()) <= 64
        check.say(check.payload(answer) if answer in {"Both", "Yes", "TOEFL iBT"} else answer)


def test_only_what_the_chosen_programmes_need_is_asked(start: Start) -> None:
    leiden = start(["leiden-delft"])
    for answer in ("yes", "chemistry", "IELTS 6.5"):
        leiden.say(answer)
    assert leiden.state is None
    assert leiden.asked == ["degree", "degree_field", "english_test"]

    ntnu = start(["ntnu"])
    for answer in ("yes", "economics", "8", "ielts", "no", "yes"):
        ntnu.say(answer)
    assert ntnu.state is None
    assert "english_score" not in ntnu.asked  # NTNU's source states no minimum to compare with
    assert ntnu.asked == ["degree", "degree_field", "math_stats_ects", "english_test",
                          "nordic_university", "eu_eea_citizen"]


def test_free_text_answers(start: Start) -> None:
    check = start()
    check.say("both please")
    check.say("BSc in mechanical engineering")
    assert check.profile["degree"] == "bachelor"
    assert check.profile["degree_field"] == "mechanical engineering"
    assert check.pending == "math_stats_ects"  # the field came with the degree
    check.say("I did 10 ECTS of statistics")
    assert check.profile["math_stats_ects"] == 10
    check.say("toefl 85, lowest section 19")
    assert (check.profile["english_test"], check.profile["english_score"],
            check.profile["english_lowest_section"]) == ("toefl_ibt", 85, 19)
    assert check.pending == "nordic_university"
    check.say("no, I studied in Spain")
    turn = check.say("I'm an EU citizen")
    assert turn.state is None
    leiden, ntnu = block(turn.text, "Leiden"), block(turn.text, "NTNU")
    assert "not eligible" in leiden and "lowest is 19" in leiden
    assert "can't tell" in ntnu and "counts as Engineering" in ntnu


def block(text: str, name: str) -> str:
    """The verdict block of one programme."""
    return next(b for b in text.split("\n\n") if b.splitlines()[0].find(name) > 0)


def test_not_yet_graduating_gives_a_conditional_verdict(start: Start) -> None:
    check = start(["leiden-delft"])
    check.say("not yet, graduating next summer")
    assert check.profile["degree"] == "in_progress"
    check.say("economics")
    turn = check.say("IELTS 6.5")
    assert turn.state is None
    assert "eligible once you graduate" in turn.text


@pytest.mark.parametrize(("step_answers", "typed", "field", "value"), [
    ((), "leidn", "programmes", ["leiden-delft"]),
    ((), "trondhiem", "programmes", ["ntnu"]),
    (("ntnu",), "yse", "degree", "bachelor"),
    (("ntnu",), "bachelr in chemistry", "degree_field", "chemistry"),
    (("ntnu", "yes"), "mechancal enginering", "degree_field", "mechancal enginering"),
    (("ntnu", "yes", "economics"), "7,5", "math_stats_ects", 7.5),
    (("ntnu", "yes", "economics"), "ten", "math_stats_ects", 10),
    (("ntnu", "yes", "economics"), "2 courses of 5 ECTS", "math_stats_ects", 10),
    (("ntnu", "yes", "economics"), "none", "math_stats_ects", 0),
    (("ntnu", "yes", "economics", "8"), "ielst 6.5", "english_score", 6.5),
    (("ntnu", "yes", "economics", "8"), "tofel 95", "english_test", "toefl_ibt"),
    (("ntnu", "yes", "economics", "8"), "toefl 550", "english_test", "toefl_pbt"),
    (("ntnu", "yes", "economics", "8"), "Cambridge C1 Advanced 180", "english_score", 180),
    (("ntnu", "yes", "economics", "8"), "haven't taken one", "english_test", "none"),
    (("ntnu", "yes", "economics", "8", "ielts"), "I studied in Sweden", "nordic_university",
     True),
])
def test_typos_and_phrasings(start: Start, step_answers: tuple[str, ...], typed: str,
                             field: str, value: object) -> None:
    check = start()
    for answer in step_answers:
        check.say(answer)
    assert check.say(typed).understood
    assert check.profile[field] == value


@pytest.mark.parametrize(("setup", "bad", "message"), [
    (("leiden", "yes", "physics", "ielts"), "6.3", "steps of 0.5"),
    (("leiden", "yes", "physics"), "IELTS 10", "run from 0 to 9"),
    (("leiden", "yes", "physics", "toefl ibt"), "130", "run from 0 to 120"),
    (("leiden", "yes", "physics", "toefl 90"), "31", "section scores run from 0 to 30"),
    (("leiden", "yes", "physics", "cambridge"), "79", "run from 80 to 230"),
    (("ntnu", "yes", "economics", "8"), "toefl pbt 300", "run from 310 to 677"),
    (("ntnu", "yes", "economics"), "400", "run from 0 to 300"),
    (("ntnu", "yes", "economics"), "5 in maths and 5 in stats", "several numbers"),
])
def test_impossible_values_are_re_asked_with_the_reason(start: Start, setup: tuple[str, ...],
                                                        bad: str, message: str) -> None:
    check = start()
    for answer in setup:
        check.say(answer)
    before = check.state
    turn = check.say(bad)
    assert message in turn.text
    assert turn.understood and turn.state == before


@pytest.mark.parametrize("message", ["banana", "what is the tuition fee?", "is that enough?",
                                     "when is the deadline", "/help", "/compare"])
def test_not_an_answer_keeps_the_question_open(start: Start, message: str) -> None:
    check = start(["ntnu"])
    check.say("yes")
    check.say("economics")
    before = check.state
    turn = check.say(message)
    assert not turn.understood
    assert turn.state == before
    assert "ECTS" in turn.text  # the hint says what an answer looks like


def test_back_forgets_the_last_answer_and_asks_it_again(start: Start) -> None:
    check = start(["ntnu"])
    check.say("BSc in economics")
    check.say("10")
    assert check.pending == "english_test"
    check.say("back")
    assert check.pending == "math_stats_ects" and check.profile["math_stats_ects"] is None
    check.say("bakc")  # typo; the degree answer also filled the field, so both are forgotten
    assert check.pending == "degree"
    assert (check.profile["degree"], check.profile["degree_field"]) == (None, None)
    turn = check.say("go back")
    assert "first question" in turn.text and check.pending == "degree"


def test_back_button_appears_once_there_is_something_to_go_back_to(start: Start) -> None:
    check = start(["leiden-delft"])
    assert "Back" not in [o.label for o in check.turn.options]
    check.say("yes")
    check.say("chemistry")
    assert "Back" in [o.label for o in check.turn.options]
    check.press("Back")
    assert check.pending == "degree_field"  # back asks again the very question it undid


@pytest.mark.parametrize("skip", ["skip", "I don't know", "i dont knwo", "not sure", "::e:skip"])
def test_skip_leaves_the_answer_unknown(start: Start, skip: str) -> None:
    check = start(["ntnu"])
    check.say("yes")
    check.say("economics")
    check.say(skip)
    assert check.pending == "english_test" and check.profile["math_stats_ects"] is None
    for answer in ("no test", "no", "yes"):
        check.say(answer)
    assert check.state is None
    assert "? Mathematics or statistics: You did not say" in check.turn.text


def test_skipping_the_programme_question_checks_all(start: Start) -> None:
    check = start()
    check.say("I don't know")
    assert check.profile["programmes"] == ["leiden-delft", "ntnu"]


@pytest.mark.parametrize("word", ["cancel", "stop", "quit", "cancle", "/cancel", "::e:cancel"])
def test_cancel_ends_without_a_verdict(start: Start, word: str) -> None:
    check = start()
    check.say("ntnu")
    turn = check.say(word)
    assert turn.state is None and turn.understood
    assert turn.text == flow.CANCELLED


@pytest.mark.parametrize("word", ["restart", "start over", "strat over", "/eligibility"])
def test_restart_forgets_every_answer(start: Start, word: str) -> None:
    check = start()
    check.say("ntnu")
    check.say("yes")
    turn = check.say(word)
    assert "start over" in turn.text
    assert check.pending == "programmes" and check.profile["degree"] is None


def test_restart_keeps_programmes_named_at_the_start(start: Start) -> None:
    check = start(["ntnu"])
    check.say("yes")
    check.say("restart")
    assert check.pending == "degree" and check.profile["programmes"] == ["ntnu"]


def test_reprompt_asks_the_pending_question_again(kb: KnowledgeBase, start: Start) -> None:
    check = start()
    check.say("leiden")
    state = json.loads(json.dumps(check.state))
    again = flow.reprompt(kb, state)
    assert again.text == "Do you have a bachelor's degree (BA, BSc or equivalent)?"
    assert again.options == check.turn.options and again.state == check.state
    assert again.understood
    check.say("yes")
    assert check.pending == "degree_field"  # Leiden names the fields it is open to


def test_state_survives_json_mid_flow(kb: KnowledgeBase) -> None:
    turn = flow.begin(kb, ["ntnu"])
    turn = flow.advance(kb, turn.state, "yes")
    stored = json.dumps(turn.state)
    resumed = flow.advance(kb, json.loads(stored), "chemistry")
    direct = flow.advance(kb, turn.state, "chemistry")
    assert resumed == direct
    assert resumed.state is not None and resumed.state["step"] == "math_stats_ects"


def test_a_button_from_an_earlier_question_is_not_an_answer(start: Start) -> None:
    check = start(["leiden-delft"])
    stale = check.payload("Yes")
    check.say("yes")
    before = check.state
    turn = check.say(stale)
    assert not turn.understood and turn.state == before
    assert "earlier question" in turn.text


def test_typed_option_labels_are_answers(start: Start) -> None:
    check = start(["leiden-delft"])
    check.say("Not yet, still studying")
    assert check.profile["degree"] == "in_progress"


def test_free_text_questions_offer_no_numbered_buttons(start: Start) -> None:
    """A typed "2" at the ECTS question is two credits, never "option 2"."""
    check = start(["ntnu"])
    check.say("yes")
    check.say("economics")
    assert check.pending == "math_stats_ects" and check.turn.options == []
    check.say("2")
    assert check.profile["math_stats_ects"] == 2


def test_a_broken_or_outdated_state_starts_over(kb: KnowledgeBase) -> None:
    for state in ({"step": "nonsense"}, {"version": 2, "step": "degree"},
                  {"step": "degree", "profile": {"programmes": ["gone"]}}):
        turn = flow.advance(kb, state, "yes")
        assert "lost track" in turn.text
        assert turn.state is not None and turn.state["step"] == "programmes"


def test_the_verdict_is_plain_text(start: Start) -> None:
    check = start()
    for answer in ("both", "yes", "economics", "10", "ielts 7", "no", "no"):
        check.say(answer)
    text = check.turn.text
    assert check.state is None
    for markdown in ("**", "__", "`", "](", "<b>"):
        assert markdown not in text
    assert "✓" in text and "Documents to prepare:" in text and "Next step:" in text
    assert "Source: Leiden University programme listing (2023/24)" in text
    assert "000_abd4e491342b756c.txt" not in text  # file names are for machines


def test_a_typed_number_picks_a_button_where_there_are_buttons(start: Start) -> None:
    """The console numbers the buttons; "2" at the test question is the second test."""
    check = start(["leiden-delft"])
    check.say("1")
    assert check.profile["degree"] == "bachelor"
    check.say("geology")
    check.say("2")
    assert check.profile["english_test"] == "toefl_ibt"
    assert check.pending == "english_score"
    check.say("9")  # no buttons here, so a number is an answer
    assert check.profile["english_score"] == 9


def test_a_number_beyond_the_buttons_is_re_asked(start: Start) -> None:
    check = start(["leiden-delft"])
    before = check.state
    turn = check.say("7")
    assert turn.understood and turn.state == before
    assert "There is no option 7: pick 1 to 4" in turn.text


ODD = ["", "   ", "🙂", "x" * 2000, "::e:", "::e:degree:", "::e:nowhere:yes", "::i:tuition_fee",
       "²", "١٢", "7.25", "0.5.5", "-3", "1e9", "9999", "NaN", "/start", "/help", "?", "...",
       "yes no", "IELTS -1", "toefl toefl 80 80 80", "null", "None"]


@pytest.mark.parametrize("answers", [(), ("both",), ("both", "yes"), ("both", "yes", "econ"),
                                     ("both", "yes", "econ", "9"),
                                     ("both", "yes", "econ", "9", "toefl"),
                                     ("both", "yes", "econ", "9", "toefl 90"),
                                     ("both", "yes", "econ", "9", "ielts 7", "no")])
def test_no_message_breaks_any_question(start: Start, answers: tuple[str, ...]) -> None:
    for odd in ODD:
        check = start()
        for answer in answers:
            check.say(answer)
        turn = check.say(odd)
        assert turn.text
        assert turn.state is None or flow.FlowState.model_validate(turn.state)
