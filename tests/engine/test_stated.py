"""Direct answers to stated values, the pre-filled check, and the check's fixes."""

from __future__ import annotations

from ie_bot.eligibility import flow
from ie_bot.eligibility.profile import Profile
from ie_bot.eligibility.verdict import evaluate
from ie_bot.engine.types import PAYLOAD_PREFIX
from ie_bot.knowledge import KnowledgeBase
from tests.conftest import Conversation


def test_ielts_enough_for_leiden_is_a_plain_yes_with_rule_source_and_footnote(
        say: Conversation) -> None:
    reply = say("i have ielts 6.5 is that enough for leiden")
    assert reply.text.startswith("Leiden/Delft: Yes. IELTS 6.5 meets the minimum of 6.0 (as of "
                                 "2023/24).")
    assert "Source: Leiden University programme listing" in reply.text
    assert reply.sources == ["000_abd4e491342b756c.txt"]
    assert "different IELTS requirements depending on your chosen course" in reply.text
    assert "Also required:" in reply.text and say.state.eligibility is None


def test_toefl_78_is_no_and_ntnu_ielts_is_not_stated(say: Conversation) -> None:
    assert say("toefl 78 enough for delft?").text.startswith("Leiden/Delft: No. TOEFL iBT 78")
    assert say("is 6.5 ielts ok for ntnu").text.startswith("NTNU: The sources don't say.")


def test_psychology_is_listed_and_philosophy_is_for_ntnu_to_judge(say: Conversation) -> None:
    assert "NTNU: Yes." in say("can I apply to NTNU with a psychology bachelor").text
    reply = say("BA in philosophy, NTNU?")
    assert reply.text.startswith("NTNU: Can't tell") and "similar" in reply.text


def test_no_programme_named_answers_both(say: Conversation) -> None:
    text = say("ielts 7 is that enough?").text
    assert "Leiden/Delft: Yes." in text and "NTNU: The sources don't say." in text


def test_prefilled_check_asks_only_what_is_missing(say: Conversation) -> None:
    reply = say("civil engineering bachelor, 12 ects of statistics, toefl 92: can I get into "
                "both?")
    assert "From what you told me:" in reply.text and "TOEFL iBT" in reply.text
    assert say.state.eligibility["step"] == "english_lowest_section"
    for answer in ("21", "no", "yes"):
        reply = say(answer)
    assert "Here is where you stand" in reply.text
    assert [o.label for o in reply.options] == ["Compare programmes", "Application deadline",
                                                "Start over"]


def test_earlier_values_count_and_a_complete_check_gives_the_verdict_at_once(
        say: Conversation) -> None:
    say("I have a bsc in economics and 10 ects of statistics")
    say("I'm an EU citizen and my bachelor is from a swedish university")
    reply = say("am I eligible for ntnu with ielts 7?")
    assert say.state.eligibility is None and "Here is where you stand" in reply.text


def test_back_after_a_prefilled_check_undoes_the_last_value_read(say: Conversation) -> None:
    say("am I eligible for leiden with a bsc in biology and toefl 90?")
    assert say.state.eligibility["step"] == "english_lowest_section"
    reply = say("back")
    assert say.state.eligibility["step"] == "english_test" and "English test" in reply.text


def test_menu_commands_mid_check_are_answered_and_never_stored(say: Conversation) -> None:
    say("check my eligibility")
    say("ntnu")
    before = say.state.eligibility
    for command in ("/help", "/compare", "/programmes"):
        reply = say(command)
        assert "Back to your eligibility check" in reply.text
        assert say.state.eligibility == before


def test_start_over_under_a_verdict_forgets_the_stated_values(say: Conversation) -> None:
    say("am I eligible for leiden with a bsc in biology and ielts 7?")
    assert say.state.stated
    reply = say(f"{flow.PAYLOAD}restart")
    assert say.state.stated == {} and "Which programme" in reply.text


def test_flow_payloads_use_the_engines_marker() -> None:
    assert flow.PAYLOAD.startswith(PAYLOAD_PREFIX)


def test_next_step_names_only_what_failed(knowledge: KnowledgeBase) -> None:
    profile = Profile(degree="none", math_stats_ects=20, english_test="ielts", english_score=8,
                      nordic_university=True, eu_eea_citizen=True)
    verdicts = evaluate(knowledge, profile)
    for verdict in verdicts.values():
        assert verdict.verdict == "not_eligible"
        assert "English" not in verdict.next_step and "mathematics" not in verdict.next_step


def test_no_degree_with_an_empty_field_is_a_valid_profile() -> None:
    assert Profile.model_validate({"degree": "none", "degree_field": ""}).degree_field is None


def test_cambridge_overall_alone_asks_for_the_lowest_component(say: Conversation) -> None:
    say("am I eligible for leiden with a bsc in biology and cambridge c1 advanced 185?")
    assert say.state.eligibility["step"] == "english_lowest_section"
