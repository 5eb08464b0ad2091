"""The labelled stated-value questions (tests/data/stated_values.yml, written blind from the
seeds): the exact verdict per programme, and no stated value asked for again.

The labels are yes / no / unknown / conditional; a direct answer's first word maps onto
them ("The sources don't say" and "Can't tell" are both unknown; "Yes, once you
graduate" is conditional).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from ie_bot.eligibility.extract import extract
from ie_bot.engine import Engine
from tests.conftest import ROOT, Conversation

CASES: list[dict[str, Any]] = yaml.safe_load(
    Path(ROOT / "tests" / "data" / "stated_values.yml").read_text(encoding="utf-8"))["cases"]
_LINE = re.compile(r"^(?P<name>[^\n:]+): (?P<word>Yes|No|The sources don't say|Can't tell)"
                   r"(?P<cond>, [^.(]+?)?(?: \((?:as of [^)]*|undated listing)\))?\.", re.M)
_WORDS = {"Yes": "yes", "No": "no", "The sources don't say": "unknown", "Can't tell": "unknown"}
#: Questions that state a value but ask about a topic, not an entry criterion (tuition,
#: intakes, deadlines): they get that topic's answer, which claims no verdict.
TOPIC_ANSWERS = {
    "im nigerian, non eu. can i study at ntnu without paying tuition?": "tuition_fee",
    "I'm German, is the leiden tuition cheaper for me than 18016?": "tuition_fee",
    "i want to start at leiden in september 2027, is that possible?": "start_date",
    "can i begin the ntnu master in january 2027": "start_date",
    "can i start leiden ie in february instead of september": "start_date",
    "if i apply in march 2027, am i on time for leiden?": "application_deadline",
}


def verdicts(engine: Engine, text: str) -> tuple[dict[str, str], Conversation]:
    say = Conversation(engine)
    reply = say(text)
    names = {p.short_name: p.id for p in engine.knowledge.programmes}
    found = {}
    for match in _LINE.finditer(reply.text):
        word = _WORDS[match["word"]]
        if word == "yes" and (match["cond"] or "").startswith(", once"):
            word = "conditional"  # not yet complete; "provided you submit ..." is a document
        found[names.get(match["name"], match["name"])] = word
    return found, say


#: Labels the bot does not meet yet, each with why (strict: a fix makes the test fail,
#: so the mark is removed). Not changed in the data file.
KNOWN_MISSES = {
    "non-eu student from kenya, can i apply to leiden ie at all":
        "label 'yes' (no citizenship rule stated); the bot says the sources state no such "
        "rule ('unknown'), as the label itself does for '3 ects of maths, leiden' - the two "
        "labels disagree, and the bot keeps to one reading",
}


def _eligibility_cases() -> list[Any]:
    return [pytest.param(c, id=c["text"][:60], marks=[pytest.mark.xfail(
                strict=True, reason=KNOWN_MISSES[c["text"]])] if c["text"] in KNOWN_MISSES
                else [])
            for c in CASES if c["text"] not in TOPIC_ANSWERS]


@pytest.mark.parametrize("case", _eligibility_cases())
def test_verdict_per_programme(engine: Engine, case: dict[str, Any]) -> None:
    found, say = verdicts(engine, case["text"])
    assert found == case["verdicts"], case["why"]
    flow_state = say.state.eligibility
    if flow_state is not None:  # a check started: it must not ask for a value just given
        stated = extract(case["text"]).fields
        asked = flow_state["step"]
        assert asked not in stated, f"asked again for {asked}"


#: Topic questions the learned classifier reads as another topic (no verdict is claimed).
TOPIC_MISSES = {
    "if i apply in march 2027, am i on time for leiden?":
        "the classifier reads 'apply ... am I' as the eligibility check, not the deadline",
}


@pytest.mark.parametrize(("text", "intent"), [
    pytest.param(text, intent, marks=[pytest.mark.xfail(strict=True, reason=TOPIC_MISSES[text])]
                 if text in TOPIC_MISSES else [])
    for text, intent in TOPIC_ANSWERS.items()])
def test_topic_questions_get_the_topic_and_no_verdict(engine: Engine, text: str,
                                                      intent: str) -> None:
    found, say = verdicts(engine, text)
    assert found == {}
    reply = say.engine.reply(text, Conversation(engine).state, say.today)[0]
    # the topic, or (the matcher unsure) a "which topic?" that offers it; never a verdict
    assert reply.intent.split("/")[0] == intent or (reply.fallback and any(
        o.payload.endswith(f":{intent}") for o in reply.options)), reply.text


def test_a_request_for_a_degree_states_no_value(engine: Engine) -> None:
    """Asking for a degree is not holding one: no verdict, no values remembered."""
    say = Conversation(engine)
    reply = say("recommend me a bachelor in psychology")
    assert reply.intent != "eligibility_check"
    assert not say.state.stated
