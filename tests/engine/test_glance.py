"""Answers a student can read at a glance: a direct first line, dates and sources they
understand, longer material one tap away."""

from __future__ import annotations

import re
from datetime import date

import pytest
import yaml

from ie_bot.engine import ConversationState, Engine, Reply
from ie_bot.engine.answers import DIRECT_MAX, headline, sentences
from ie_bot.evaluation import load_eval_set
from ie_bot.knowledge import KnowledgeBase
from tests.conftest import EVAL_SET, TODAY

_NUMBER = re.compile(r"(?<![A-Za-z])\d+(?:[.,]\d+)*")  # "EUR 18,016", "6.0"; not "C2"


def ask(engine: Engine, text: str, context: tuple[str, ...] = (), today: date = TODAY) -> Reply:
    state = ConversationState()
    for earlier in context:
        _, state = engine.reply(earlier, state, today)
    reply, _ = engine.reply(text, state, today)
    return reply


def is_factual(engine: Engine, reply: Reply) -> bool:
    intent = engine.knowledge.intent(reply.intent)
    return (not reply.fallback and intent is not None
            and (intent.scope in {"programme", "general"} and intent.action in {None, "compare"}))


def body(reply: Reply) -> str:
    """The answer without its closing note and citation."""
    return reply.text.split("\n\n")[0] if "\nSource" in reply.text else reply.text


def labelled_questions() -> list[tuple[str, tuple[str, ...]]]:
    """Every question of the labelled sets (the development set and the held-out one): the
    format is checked on all of them, whatever their labels say."""
    asked = [(c.text, tuple(c.context)) for c in load_eval_set(EVAL_SET).cases]
    held_out = EVAL_SET.with_name("student_eval.yml")
    if held_out.is_file():
        cases = yaml.safe_load(held_out.read_text(encoding="utf-8"))["cases"]
        asked += [(c["text"], tuple(c.get("context") or ())) for c in cases if "text" in c]
    return asked


@pytest.fixture(scope="module")
def labelled_replies(engine: Engine) -> list[tuple[str, Reply]]:
    return [(text, ask(engine, text, context)) for text, context in labelled_questions()]


def test_every_factual_answer_starts_with_a_direct_line(
        engine: Engine, labelled_replies: list[tuple[str, Reply]]) -> None:
    factual = [(q, r) for q, r in labelled_replies if is_factual(engine, r)]
    assert len(factual) > 250  # the check covers most of the labelled set
    for question, reply in factual:
        first = reply.text.split("\n")[0]
        assert 20 <= len(first) <= DIRECT_MAX, (question, first)
        assert first.endswith((".", ")")), (question, first)
        intent = engine.knowledge.intent(reply.intent)
        assert intent is not None and not first.startswith(intent.title), (question, first)


def test_every_figure_carries_its_as_of(
        engine: Engine, labelled_replies: list[tuple[str, Reply]]) -> None:
    for question, reply in labelled_replies:
        if not is_factual(engine, reply) or not re.search(r"\d", body(reply)):
            continue
        for line in body(reply).split("\n"):
            if line.startswith("•") and re.search(r"\d", line) and "(" not in line.split(":")[0]:
                continue  # a bullet's figures are dated on the first line, checked below
            if re.search(r"\d", line):
                assert re.search(r"as of [\w/–]+|undated listing", body(reply), re.I), (question,
                                                                                        line)


def test_answers_name_sources_by_title_and_keep_files_for_machines(
        engine: Engine, labelled_replies: list[tuple[str, Reply]]) -> None:
    for question, reply in labelled_replies:
        if is_factual(engine, reply):
            assert ".txt" not in reply.text, question
            assert reply.sources and all(s.endswith(".txt") for s in reply.sources), question
            assert re.search(r"^Sources?: .+ \((?:\d|June|undated)", reply.text, re.M), question


def test_old_sources_get_one_may_have_changed_note(engine: Engine) -> None:
    for question in ["tuition fee at Leiden", "specialisation rules at Leiden",
                     "tuition fee at NTNU", "how many credits is NTNU's programme"]:
        reply = ask(engine, question)
        assert reply.text.count("may have changed") == 1, question


def test_a_source_is_judged_against_today(engine: Engine) -> None:
    early = date(2024, 1, 15)  # the 2023/24 listing is current; the June 2021 page is not
    assert "may have changed" not in ask(engine, "tuition fee at Leiden", today=early).text
    assert "as of 2023/24" in ask(engine, "tuition fee at Leiden", today=early).text
    assert "may have changed" in ask(engine, "specialisation rules at Leiden", today=early).text
    undated = ask(engine, "tuition fee at NTNU", today=early).text
    assert "undated listing" in undated and "may have changed" in undated


def test_a_passed_date_is_said_once_with_where_to_check(engine: Engine) -> None:
    reply = ask(engine, "application deadline for Leiden")
    assert reply.text.split("\n")[0].startswith("Leiden/Delft's listing gives the deadline")
    assert "April 2024 has passed (today is 23 November 2026)" in reply.text
    assert engine.knowledge.programme("leiden-delft").official_page in reply.text


def test_each_programme_of_a_side_by_side_answer_is_dated(engine: Engine) -> None:
    reply = ask(engine, "how much is the tuition?")
    first = reply.text.split("\n")[0]
    assert "18,016" in first and "no tuition" in first
    assert "(as of 2023/24)" in first and "(undated listing)" in first


def test_short_answers_keep_every_figure_of_the_sentence_they_stand_for(
        knowledge: KnowledgeBase) -> None:
    for facts in knowledge.facts.values():
        for fact in facts:
            if fact.short:
                dropped = sentences(fact.text)[0]
                missing = set(_NUMBER.findall(dropped)) - set(_NUMBER.findall(fact.short))
                assert not missing, (fact.id, missing)


def test_every_topic_fits_one_line_for_one_programme_and_for_all(engine: Engine) -> None:
    ids = [p.id for p in engine.knowledge.programmes]
    for intent in engine.knowledge.intents:
        if intent.scope == "programme" and not intent.action and not intent.fallback:
            for chosen in [[i] for i in ids] + [ids]:
                answer = engine.composer.for_programmes(intent, chosen, TODAY)
                assert len(answer.text.split("\n")[0]) <= DIRECT_MAX, (intent.id, chosen)


def test_every_topic_has_an_authored_first_line_for_every_programme(
        knowledge: KnowledgeBase) -> None:
    for intent in knowledge.intents:
        if intent.scope != "programme" or intent.action or intent.fallback:
            continue  # a typed fallback's facts are only what is close, not its answer
        for programme in knowledge.programmes:
            facts = [f for i in intent.facts if (f := knowledge.fact(programme.id, i))]
            if facts:
                assert facts[0].short, (intent.id, programme.id, facts[0].id)
                assert len(headline(facts[0])) <= 110, (intent.id, programme.id)


def test_long_material_is_one_tap_away(engine: Engine) -> None:
    reply, state = engine.reply("specialisation rules at Leiden", ConversationState(), TODAY)
    assert len(reply.text.split()) < 130
    more = next(o for o in reply.options if o.label == "More about specialisation")
    full, _ = engine.reply(more.payload, state, TODAY)
    assert full.intent == "specialisation" and full.programme == "leiden-delft"
    assert full.text.split("\n")[0] == reply.text.split("\n")[0]
    assert "Serious Games" in full.text and "18 EC" in full.text
    assert not any(o.label.startswith("More about") for o in full.options)


def test_a_short_answer_offers_no_more_when_nothing_is_held_back(engine: Engine) -> None:
    reply = ask(engine, "how many credits is NTNU's programme")
    assert not any(o.label.startswith("More about") for o in reply.options)


COMPARISONS = [
    ("which one is cheaper", "cost"),
    ("which programme needs more maths", "maths"),
    ("which of the two is better ranked", "ranking"),
    ("which one is better for LCA", "lca"),
    ("is leiden or ntnu a joint degree", "joint_degree"),
]


@pytest.mark.parametrize(("question", "comparison_id"), COMPARISONS)
def test_a_comparison_answers_the_comparison_asked_conclusion_first(
        engine: Engine, question: str, comparison_id: str) -> None:
    reply = ask(engine, question)
    expected = next(c for c in engine.knowledge.comparisons if c.id == comparison_id)
    assert reply.text.split("\n")[0] == " ".join(expected.conclusion.split()), question
    assert len(reply.text.split()) < 120, question


def test_a_plain_compare_gives_the_conclusion_and_offers_the_full_table(engine: Engine) -> None:
    reply, state = engine.reply("compare the programmes", ConversationState(), TODAY)
    assert "cost" in reply.text.split("\n")[0]
    full_option = next(o for o in reply.options if o.label == "Full comparison")
    full, _ = engine.reply(full_option.payload, state, TODAY)
    assert full.text.startswith("Side by side")
    assert "Living costs" in full.text and "English requirements" in full.text


def test_conclusions_use_only_figures_of_their_facts(knowledge: KnowledgeBase) -> None:
    for comparison in knowledge.comparisons:
        figures = set()
        for programme_id in comparison.programmes:
            for fact_id in comparison.facts:
                if fact := knowledge.fact(programme_id, fact_id):
                    figures |= set(_NUMBER.findall(fact.text))
        stated = set(_NUMBER.findall(comparison.conclusion)) - {"2"}  # "two years" as a digit
        assert stated <= figures, (comparison.id, stated - figures)


@pytest.mark.parametrize("message", ["/start", "hello", "/help", "what can you do"])
def test_greeting_and_help_point_to_about(engine: Engine, message: str) -> None:
    assert "/about" in ask(engine, message).text


def test_about_names_each_source_by_title_period_and_file(engine: Engine) -> None:
    text = ask(engine, "/about").text
    for source in engine.knowledge.sources:
        assert f"{source.short_title} ({source.period or 'undated'})" in text
        assert source.file in text
