"""``evaluate``: a table of profiles, each with the verdicts and criterion statuses it must get.

Borderlines are exact: IELTS 6.0 meets Leiden's bar; TOEFL 80 with a section of 19
does not; 7.5 ECTS meets NTNU's bar; 7 does not. A threshold the source does not
state (NTNU's English minimums) is unknown, never met or not met.
"""

from __future__ import annotations

from typing import Any

import pytest

from ie_bot.eligibility.profile import Profile
from ie_bot.eligibility.verdict import evaluate
from ie_bot.knowledge import KnowledgeBase

#: Meets everything the sources state, for both programmes.
STRONG: dict[str, Any] = {
    "degree": "bachelor", "degree_field": "mechanical engineering", "math_stats_ects": 10,
    "english_test": "ielts", "english_score": 7.0, "nordic_university": False,
    "eu_eea_citizen": True,
}
LD, NT = "leiden-delft", "ntnu"


def strong(**changes: Any) -> dict[str, Any]:
    return {k: v for k, v in {**STRONG, **changes}.items() if v is not None}


def without(*keys: str) -> dict[str, Any]:
    return {k: v for k, v in STRONG.items() if k not in keys}


# name: (profile, {programme: verdict}, {"programme.criterion": status})
CASES: dict[str, tuple[dict[str, Any], dict[str, str], dict[str, str]]] = {
    "strong: leiden eligible, ntnu english minimum not stated": (
        STRONG, {LD: "eligible", NT: "cant_tell"},
        {f"{LD}.degree": "met", f"{LD}.english": "met", f"{NT}.degree": "met",
         f"{NT}.math_stats": "met", f"{NT}.english": "unknown"}),
    "ielts 6.0 meets leiden exactly": (
        strong(english_score=6.0), {LD: "eligible"}, {f"{LD}.english": "met"}),
    "ielts 5.5 misses leiden": (
        strong(english_score=5.5), {LD: "not_eligible"}, {f"{LD}.english": "not_met"}),
    "ielts 9.0 meets leiden": (
        strong(english_score=9.0), {LD: "eligible"}, {f"{LD}.english": "met"}),
    "ielts without a score: unknown": (
        without("english_score"), {LD: "cant_tell"}, {f"{LD}.english": "unknown"}),
    "toefl 80, lowest section 20 meets leiden": (
        strong(english_test="toefl_ibt", english_score=80, english_lowest_section=20),
        {LD: "eligible"}, {f"{LD}.english": "met"}),
    "toefl 80, lowest section 19 misses leiden": (
        strong(english_test="toefl_ibt", english_score=80, english_lowest_section=19),
        {LD: "not_eligible"}, {f"{LD}.english": "not_met"}),
    "toefl 79, sections fine, misses leiden": (
        strong(english_test="toefl_ibt", english_score=79, english_lowest_section=25),
        {LD: "not_eligible"}, {f"{LD}.english": "not_met"}),
    "toefl 110 without sections: unknown at leiden": (
        strong(english_test="toefl_ibt", english_score=110),
        {LD: "cant_tell"}, {f"{LD}.english": "unknown"}),
    "toefl 120 is still unknown at ntnu (no minimum stated)": (
        strong(english_test="toefl_ibt", english_score=120, english_lowest_section=30),
        {LD: "eligible", NT: "cant_tell"}, {f"{NT}.english": "unknown"}),
    "cambridge lowest component 169 meets leiden exactly": (
        strong(english_test="cambridge", english_score=None, english_lowest_section=169),
        {LD: "eligible"}, {f"{LD}.english": "met"}),
    "cambridge lowest component 168 misses leiden": (
        strong(english_test="cambridge", english_score=190, english_lowest_section=168),
        {LD: "not_eligible"}, {f"{LD}.english": "not_met"}),
    "cambridge overall 200 alone: leiden can't tell (the rule is per component)": (
        strong(english_test="cambridge", english_score=200), {LD: "cant_tell"},
        {f"{LD}.english": "unknown"}),
    "cambridge is not among ntnu's listed tests: unknown": (
        strong(english_test="cambridge", english_score=200), {NT: "cant_tell"},
        {f"{NT}.english": "unknown"}),
    "toefl pbt is not among leiden's listed tests: unknown": (
        strong(english_test="toefl_pbt", english_score=600), {LD: "cant_tell", NT: "cant_tell"},
        {f"{LD}.english": "unknown", f"{NT}.english": "unknown"}),
    "no english test yet: conditional at leiden, unknown at ntnu (no minimum stated)": (
        strong(english_test="none", english_score=None), {LD: "eligible", NT: "cant_tell"},
        {f"{LD}.english": "met", f"{NT}.english": "unknown"}),
    "english test not given: unknown at both": (
        without("english_test", "english_score"), {LD: "cant_tell", NT: "cant_tell"},
        {f"{LD}.english": "unknown", f"{NT}.english": "unknown"}),
    "7.5 ects meets ntnu exactly": (
        strong(math_stats_ects=7.5), {NT: "cant_tell"}, {f"{NT}.math_stats": "met"}),
    "7 ects misses ntnu": (
        strong(math_stats_ects=7), {NT: "not_eligible", LD: "eligible"},
        {f"{NT}.math_stats": "not_met"}),
    "0 ects misses ntnu": (
        strong(math_stats_ects=0), {NT: "not_eligible"}, {f"{NT}.math_stats": "not_met"}),
    "ects not given: unknown": (
        without("math_stats_ects"), {NT: "cant_tell"}, {f"{NT}.math_stats": "unknown"}),
    "degree in progress: eligible once you graduate": (
        strong(degree="in_progress"), {LD: "eligible", NT: "cant_tell"},
        {f"{LD}.degree": "met", f"{NT}.degree": "met"}),
    "no degree: not met at both": (
        strong(degree="none"), {LD: "not_eligible", NT: "not_eligible"},
        {f"{LD}.degree": "not_met", f"{NT}.degree": "not_met"}),
    "degree not given: unknown": (
        without("degree"), {LD: "cant_tell"},
        {f"{LD}.degree": "unknown", f"{NT}.degree": "unknown"}),
    "economics is a listed field": (
        strong(degree_field="Economics"), {NT: "cant_tell"}, {f"{NT}.degree": "met"}),
    "psychology bsc is a listed field": (
        strong(degree_field="BSc psychology"), {NT: "cant_tell"}, {f"{NT}.degree": "met"}),
    "a typo in a listed field still counts": (
        strong(degree_field="enviromental sciense"), {NT: "cant_tell"}, {f"{NT}.degree": "met"}),
    "an unlisted field is for the universities to judge ('or similar', 'open to ...')": (
        strong(degree_field="history of art"), {LD: "cant_tell", NT: "cant_tell"},
        {f"{LD}.degree": "unknown", f"{NT}.degree": "unknown"}),
    "field not given: unknown at both": (
        without("degree_field"), {LD: "cant_tell"},
        {f"{LD}.degree": "unknown", f"{NT}.degree": "unknown"}),
    "a degree type neither source names (BTech) is for the universities to judge": (
        strong(degree_type="BTech"), {LD: "cant_tell"},
        {f"{LD}.degree": "unknown", f"{NT}.degree": "unknown"}),
    "a named degree type (BSc) counts at both": (
        strong(degree_type="BSc"), {LD: "eligible"}, {f"{LD}.degree": "met",
                                                      f"{NT}.degree": "met"}),
    "no degree, even in a listed field: not met": (
        strong(degree="none", degree_field="economics"), {NT: "not_eligible"},
        {f"{NT}.degree": "not_met"}),
    "nordic graduate: no motivation letter needed": (
        strong(nordic_university=True), {NT: "cant_tell"}, {f"{NT}.motivation_letter": "met"}),
    "non-nordic graduate: motivation letter applies": (
        STRONG, {NT: "cant_tell"}, {f"{NT}.motivation_letter": "met"}),
    "nordic not given: motivation letter unknown": (
        without("nordic_university"), {NT: "cant_tell"}, {f"{NT}.motivation_letter": "unknown"}),
    "non-EU citizen: funding applies": (
        strong(eu_eea_citizen=False), {NT: "cant_tell", LD: "eligible"},
        {f"{NT}.funding": "met"}),
    "citizenship not given: funding unknown": (
        without("eu_eea_citizen"), {NT: "cant_tell"}, {f"{NT}.funding": "unknown"}),
    "empty profile: can't tell anywhere": (
        {}, {LD: "cant_tell", NT: "cant_tell"},
        {f"{LD}.degree": "unknown", f"{LD}.english": "unknown", f"{NT}.math_stats": "unknown"}),
    "everything short: not eligible with every gap listed": (
        {"degree": "none", "math_stats_ects": 3, "english_test": "ielts", "english_score": 4.5},
        {LD: "not_eligible", NT: "not_eligible"},
        {f"{LD}.degree": "not_met", f"{LD}.english": "not_met", f"{NT}.degree": "not_met",
         f"{NT}.math_stats": "not_met", f"{NT}.english": "unknown"}),
    "only the programme asked for": (
        {**STRONG, "programmes": ["ntnu"]}, {NT: "cant_tell"}, {f"{NT}.degree": "met"}),
}


@pytest.mark.parametrize(("profile", "verdicts", "statuses"), CASES.values(), ids=CASES.keys())
def test_verdicts(kb: KnowledgeBase, profile: dict[str, Any], verdicts: dict[str, str],
                  statuses: dict[str, str]) -> None:
    result = evaluate(kb, Profile.model_validate(profile))
    assert {pid: result[pid].verdict for pid in verdicts} == verdicts
    found = {f"{pid}.{c.id}": c.status for pid, v in result.items() for c in v.criteria}
    assert {key: found.get(key) for key in statuses} == statuses


def test_every_programme_with_rules_by_default_and_only_those_named(kb: KnowledgeBase) -> None:
    assert list(evaluate(kb, Profile())) == ["leiden-delft", "ntnu"]
    assert list(evaluate(kb, Profile(programmes=["ntnu"]))) == ["ntnu"]


def test_a_degree_in_progress_makes_the_verdict_conditional(kb: KnowledgeBase) -> None:
    result = evaluate(kb, Profile.model_validate(strong(degree="in_progress")))
    leiden = result[LD]
    letter = "provided you submit a letter of motivation"  # asked of every Leiden applicant
    assert leiden.conditional and leiden.conditions == ["once you graduate", letter]
    assert evaluate(kb, Profile.model_validate(STRONG))[LD].conditions == [letter]


def test_requirements_that_apply_are_conditions_and_documents(kb: KnowledgeBase) -> None:
    applies = evaluate(kb, Profile.model_validate(strong(eu_eea_citizen=False)))[NT]
    assert "provided you submit a motivation letter" in applies.conditions
    assert "provided you can document enough funding to live in Norway" in applies.conditions
    assert "Motivation letter" in applies.documents
    exempt = evaluate(kb, Profile.model_validate(strong(nordic_university=True)))[NT]
    assert "Motivation letter" not in exempt.documents
    assert not any("funding" in d for d in exempt.documents)
    unknown = evaluate(kb, Profile())[NT]
    assert "Motivation letter (unless you studied at a Nordic university)" in unknown.documents


def test_every_criterion_names_its_rule_and_source(kb: KnowledgeBase) -> None:
    for verdict in evaluate(kb, Profile()).values():
        for criterion in verdict.criteria:
            assert criterion.rule and criterion.source in verdict.sources
        assert verdict.next_step and verdict.documents


def test_advice_is_never_a_bar(kb: KnowledgeBase) -> None:
    """NTNU recommends environmental science; a profile without it is not marked down."""
    ntnu = evaluate(kb, Profile.model_validate(STRONG))[NT]
    assert any("environmental" in a for a in ntnu.advice)
    assert {c.id for c in ntnu.criteria if c.status != "met"} == {"english"}


def test_public_json_shape(kb: KnowledgeBase) -> None:
    shape = evaluate(kb, Profile.model_validate(STRONG))[LD].public_json()
    assert shape["verdict"] == "eligible"
    assert {"verdict", "criteria", "documents", "advice", "next_step", "conditional"} <= set(shape)
    assert {"id", "status", "rule", "source"} <= set(shape["criteria"][0])
