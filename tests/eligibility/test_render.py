"""The verdict as plain text: one short block per programme."""

from __future__ import annotations

from ie_bot.eligibility.profile import Profile
from ie_bot.eligibility.render import render
from ie_bot.eligibility.verdict import evaluate
from ie_bot.knowledge import KnowledgeBase


def text_for(kb: KnowledgeBase, **answers: object) -> str:
    return render(kb, evaluate(kb, Profile.model_validate(answers)))


def test_each_programme_gets_a_block_with_marks_rules_and_source(kb: KnowledgeBase) -> None:
    text = text_for(kb, degree="bachelor", degree_field="physics", english_test="toefl_ibt",
                    english_score=80, english_lowest_section=19)
    intro, leiden, ntnu = text.split("\n\n")
    assert "final decision" in intro
    assert leiden.startswith("✗ MSc Industrial Ecology (joint degree")
    assert "not eligible (not met: English proficiency)" in leiden
    assert "✓ Bachelor's degree: You have a bachelor's degree; “physics” counts as Natural "\
           "sciences." in leiden
    assert "   Rule: A BA or BSc degree (or equivalent); the programme is open to" in leiden
    assert "• Letter of motivation" in leiden
    assert leiden.endswith("Source: Leiden University programme listing (2023/24)")
    assert ntnu.startswith("? MSc Industrial Ecology (NTNU): can't tell yet (open: ")


def test_headlines_say_the_conditions(kb: KnowledgeBase) -> None:
    text = text_for(kb, programmes=["leiden-delft"], degree="in_progress",
                    degree_field="economics", english_test="ielts", english_score=6.0)
    assert "✓ MSc Industrial Ecology (joint degree Leiden University and TU Delft): eligible "\
           "once you graduate" in text
    text = text_for(kb, programmes=["ntnu"], degree="in_progress", degree_field="biology",
                    math_stats_ects=8, english_test="ielts", nordic_university=True,
                    eu_eea_citizen=True)
    assert "can't tell yet (open: English test); if those are fine, eligible once you "\
           "graduate" in text


def test_fits_one_telegram_message(kb: KnowledgeBase) -> None:
    """Telegram takes 4096 characters; the longest verdict (both programmes) stays under."""
    text = text_for(kb)
    assert len(text) < 4096


def test_leidens_ielts_footnote_is_shown_with_its_rule(kb: KnowledgeBase) -> None:
    with_ielts = text_for(kb, programmes=["leiden-delft"], english_test="ielts", english_score=7)
    rule = with_ielts.index("   Rule: IELTS 6.0")
    note = with_ielts.index("   Note: There may be different IELTS requirements depending on "
                            "your chosen course.")
    assert note > rule and "Advice:" not in with_ielts[rule:note]
    with_toefl = text_for(kb, programmes=["leiden-delft"], english_test="toefl_ibt",
                          english_score=90, english_lowest_section=22)
    assert "different IELTS requirements" not in with_toefl
