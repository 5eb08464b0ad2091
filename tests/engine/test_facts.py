"""Every fact a student may ask about is answered with its figure and its source."""

from __future__ import annotations

import re

import pytest

from ie_bot.engine import ConversationState, Engine, Reply
from tests.conftest import TODAY

LEIDEN_PAGE = "000_abd4e491342b756c.txt"
LEIDEN_CURRICULUM = "001_3cb19f6d225e66c3.txt"
NTNU_PAGE = "002_44520bc628833380.txt"
INDECOL = "003_b69b7a4ecbce0df2.txt"

def with_more(engine: Engine, question: str) -> tuple[Reply, str]:
    """The reply, and its text together with what its "More about ..." option holds back."""
    reply, state = engine.reply(question, ConversationState(), TODAY)
    more = next((o for o in reply.options if o.label.startswith("More about")), None)
    if more is None:
        return reply, reply.text
    full, _ = engine.reply(more.payload, state, TODAY)
    return reply, f"{reply.text}\n{full.text}"


FACTS = [
    # (question, intent, programme, phrases the answer must contain, source)
    ("how much is the tuition fee at Leiden?", "tuition_fee", "leiden-delft",
     ["18,016"], LEIDEN_PAGE),
    ("tuition fee at NTNU", "tuition_fee", "ntnu", ["no tuition fee"], NTNU_PAGE),
    ("cost of living in Trondheim per month", "living_costs", "ntnu",
     ["10,387", "16,650", "NOK"], NTNU_PAGE),
    ("what proof of funds do non-EU students need for Norway?", "living_costs", "ntnu",
     ["EU/EEA/EFTA", "funding"], NTNU_PAGE),
    ("are there scholarships at NTNU?", "scholarships", "ntnu",
     ["Quota Scheme", "Erasmus Mundus", "very limited"], NTNU_PAGE),
    ("application deadline for Leiden", "application_deadline", "leiden-delft",
     ["April 2024", "has passed"], LEIDEN_PAGE),
    ("when does the Leiden programme start?", "start_date", "leiden-delft",
     ["September 2023", "has passed"], LEIDEN_PAGE),
    ("how long is the NTNU master?", "duration", "ntnu",
     ["24 months", "full-time", "on campus"], NTNU_PAGE),
    ("how many credits is NTNU's programme?", "credits", "ntnu", ["120 ECTS"], NTNU_PAGE),
    ("how many hours is one EC at Leiden?", "credits", "leiden-delft", ["28 hours"],
     LEIDEN_CURRICULUM),
    ("what language is NTNU taught in", "teaching_language", "ntnu", ["English"], NTNU_PAGE),
    ("which English tests does NTNU accept?", "language_requirements", "ntnu",
     ["TOEFL iBT", "TOEFL PBT", "IELTS"], NTNU_PAGE),
    ("what methods will I learn at NTNU?", "courses", "ntnu",
     ["input-output analysis", "life cycle impact assessment"], NTNU_PAGE),
    ("entry requirements for Leiden", "entry_requirements", "leiden-delft", ["BA or BSc"],
     LEIDEN_PAGE),
    ("admission requirements at NTNU", "entry_requirements", "ntnu",
     ["7.5 ECTS", "motivation letter", "Engineering", "Economics", "environmental"],
     NTNU_PAGE),
    ("English requirements for Leiden", "language_requirements", "leiden-delft",
     ["IELTS", "6.0", "80", "20", "169"], LEIDEN_PAGE),
    ("which documents do I need to apply to Leiden?", "application_documents", "leiden-delft",
     ["passport", "CV", "motivation", "transcripts", "residence permit"], LEIDEN_PAGE),
    ("which courses are taught at NTNU?", "courses", "ntnu",
     ["Life Cycle Assessment", "Material Flow Analysis"], NTNU_PAGE),
    ("what is the curriculum at Leiden", "courses", "leiden-delft",
     ["30 EC", "10 EC", "20 EC"], LEIDEN_CURRICULUM),
    ("specialisation rules at Leiden", "specialisation", "leiden-delft",
     ["35 EC", "Brightspace"], LEIDEN_CURRICULUM),
    ("thesis topics at NTNU", "thesis", "ntnu", ["carbon footprinting"], NTNU_PAGE),
    ("research at NTNU", "research", "ntnu", ["Intergovernmental Panel on Climate Change"],
     NTNU_PAGE),
    ("career prospects after Leiden", "careers", "leiden-delft", ["business"], LEIDEN_PAGE),
    ("where is Leiden's programme located, what's the address?", "location_contact",
     "leiden-delft", ["Rapenburg 70", "2311"], LEIDEN_PAGE),
    ("what is NTNU's ranking", "ranking", "ntnu", ["101", "ARWU"], NTNU_PAGE),
    ("history of the NTNU programme", "history", "ntnu", ["1994", "2003", "2005"], INDECOL),
]


@pytest.mark.parametrize(("question", "intent", "programme", "phrases", "source"), FACTS,
                         ids=[f[0] for f in FACTS])
def test_fact_is_answered_with_its_figure_and_source(
    engine: Engine, question: str, intent: str, programme: str, phrases: list[str], source: str
) -> None:
    reply, text = with_more(engine, question)
    assert (reply.intent, reply.programme, reply.fallback) == (intent, programme, False)
    for phrase in phrases:
        assert phrase.lower() in text.lower(), phrase
    assert source in reply.sources  # machines get the file name
    title = next(s.short_title for s in engine.knowledge.sources if s.file == source)
    assert re.search(rf"Sources?: (.*; )?{re.escape(title)} \(", reply.text)  # title, period


def test_what_is_industrial_ecology_cites_the_indecol_page(engine: Engine) -> None:
    reply, _ = engine.reply("what is industrial ecology?", ConversationState(), TODAY)
    assert reply.intent == "what_is_ie"
    assert INDECOL in reply.sources


def test_leiden_specialisation_rules_are_complete_one_tap_away(engine: Engine) -> None:
    reply, text = with_more(engine, "leiden specialisation rules")
    assert len(reply.text) < 1000  # the short answer is short
    for phrase in ["35 EC", "18 EC", "30", "12", "500", "Entrepreneurship",
                   "Organisation and Management", "Serious Games", "physical", "social"]:
        assert phrase in text, phrase


def test_leiden_faculty_is_named(engine: Engine) -> None:
    reply, _ = engine.reply("which faculty runs the Leiden programme", ConversationState(), TODAY)
    assert "Faculty of Science" in reply.text


UNKNOWNS = [
    ("what is the minimum IELTS score for NTNU?", "language_requirements", "ntnu"),
    ("NTNU application deadline", "application_deadline", "ntnu"),
    ("when does the NTNU programme start", "start_date", "ntnu"),
    ("scholarships at Leiden", "scholarships", "leiden-delft"),
    ("living costs in Leiden", "living_costs", "leiden-delft"),
]


@pytest.mark.parametrize(("question", "intent", "programme"), UNKNOWNS,
                         ids=[u[0] for u in UNKNOWNS])
def test_known_unknown_is_answered_as_unknown(engine: Engine, question: str, intent: str,
                                              programme: str) -> None:
    reply, _ = engine.reply(question, ConversationState(), TODAY)
    assert (reply.intent, reply.programme) == (intent, programme)
    text = reply.text.lower()
    assert re.search(r"not state|does not|doesn't|don't|no date|gives? no|say nothing|"
                     r"mention no", text)
    official = engine.knowledge.programme(programme).official_page.lower()
    assert official in text  # points to where to check
    assert not re.search(r"\b(?:ielts|toefl)\D{0,12}\d", text)  # no invented score


def test_no_invented_english_scores_for_ntnu(engine: Engine) -> None:
    reply, _ = engine.reply("what toefl score do i need for ntnu", ConversationState(), TODAY)
    assert not re.search(r"\b\d{2,3}\b", reply.text.split("Source")[0])
