"""Answers to aspects and to typed out-of-scope topics, composed from data alone.

An aspect is a sub-question of a topic (``entry_requirements/gpa``, like Rasa's
``faq/ask_gpa``). Where a source states it, its facts are the answer; where every
source is silent, the reply says so first, in one line naming the thing asked
("The sources don't state a minimum GPA for NTNU."), then what is known nearby, then
where to check, so a student never reads a neighbouring topic's block as the answer.

A typed out-of-scope topic (``fallback: true``: housing, visas, PhD positions) is
refused just as plainly, with the close facts the bot does have (Trondheim's living
costs for a housing question) and the programme page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ie_bot.engine.answers import Answer, dated, sentences
from ie_bot.engine.dating import Dating
from ie_bot.engine.types import PAYLOAD_PREFIX, Option, Reply
from ie_bot.knowledge.models import Aspect, Fact, Intent, KnowledgeBase, Programme
from ie_bot.nlu.normalise import normalise

if TYPE_CHECKING:
    from ie_bot.engine.routes import Turn


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _page(programme: Programme | None) -> str:
    return programme.official_page if programme else "the official programme page"


def _names(knowledge: KnowledgeBase, programme_ids: list[str], joiner: str) -> str:
    names = [p.short_name if (p := knowledge.programme(i)) else i for i in programme_ids]
    return f" {joiner} ".join(names)


def _text(facts: list[Fact]) -> str:
    return " ".join(" ".join(f.text.split()) for f in facts)


def _tag(dating: Dating, facts: list[Fact]) -> str:
    """The "as of" of the facts that carry a figure or state something."""
    return "; ".join(_unique([dating.as_of(f) for f in facts if dated(f)]))


@dataclass
class _Block:
    """What one programme's sources say about one aspect, and the facts shown for it."""

    programme_id: str
    stated: bool
    text: str
    shown: list[Fact]
    tag: str


def _facts(knowledge: KnowledgeBase, programme_id: str, ids: list[str]) -> list[Fact]:
    return [f for fact_id in ids if (f := knowledge.fact(programme_id, fact_id)) is not None]


def _block(knowledge: KnowledgeBase, dating: Dating, aspect: Aspect, programme_id: str) -> _Block:
    facts = _facts(knowledge, programme_id, aspect.facts)
    stated = [f for f in facts if f.stated]
    if stated:
        return _Block(programme_id, True, _text(stated), stated, _tag(dating, stated))
    nearby = [f for f in _facts(knowledge, programme_id, aspect.nearby) if f.stated]
    detail = [_text(facts)] if facts else []
    if nearby:
        detail.append(f"What they do say: {_text(nearby)}")
    return _Block(programme_id, False, " ".join(detail), [*facts, *nearby],
                  _tag(dating, nearby))


def _dated(text: str, tag: str) -> str:
    return f"{text} ({tag[0].upper()}{tag[1:]}.)" if tag and text else text


def _tail(knowledge: KnowledgeBase, dating: Dating, blocks: list[_Block], today: date) -> str:
    """The note (a passed date, an old source, or where to check) and the sources by name."""
    shown = [(knowledge.programme(b.programme_id), f) for b in blocks for f in b.shown]
    note = dating.note(shown, today)
    unknown = [b.programme_id for b in blocks if not b.stated]
    if not note and unknown:
        pages = _unique([_page(knowledge.programme(pid)) for pid in unknown])
        note = f"Please check {' or '.join(pages)}."
    files = _sources(knowledge, blocks)
    return "\n".join(line for line in (note, dating.cite(files)) if line)


def _sources(knowledge: KnowledgeBase, blocks: list[_Block]) -> list[str]:
    files = _unique([f.source for b in blocks for f in b.shown])
    return files or _unique([p.source for b in blocks
                             if (p := knowledge.programme(b.programme_id))])


def aspect_answer(knowledge: KnowledgeBase, dating: Dating, aspect: Aspect,
                  programme_ids: list[str], today: date) -> Answer:
    """The aspect for each programme; an unstated one leads with "The sources don't state"."""
    blocks = [_block(knowledge, dating, aspect, pid) for pid in programme_ids]
    unknown = [b.programme_id for b in blocks if not b.stated]
    lead = f"The sources don't state {aspect.asks} for {_names(knowledge, unknown, 'or')}."
    if len(blocks) == 1:
        block = blocks[0]
        if block.stated:
            first, *rest = sentences(block.text)
            lines = [f"{first.rstrip('.')} ({block.tag})." if block.tag else first,
                     " ".join(rest)]
        else:
            lines = [lead, _dated(block.text, block.tag)]
    else:
        known = [b.programme_id for b in blocks if b.stated]
        lines = [lead if not known else f"{aspect.title}: stated for "
                 f"{_names(knowledge, known, 'and')}; not stated for "
                 f"{_names(knowledge, unknown, 'or') or 'none'}."]
        for block in blocks:
            name = _names(knowledge, [block.programme_id], "and")
            tag = f" ({block.tag})" if block.tag else ""
            text = block.text if block.stated else f"Not stated. {block.text}".strip()
            lines.append(f"• {name}{tag}: {text}")
    body = "\n".join(line for line in lines if line)
    return Answer(f"{body}\n\n{_tail(knowledge, dating, blocks, today)}",
                  _sources(knowledge, blocks))


def refusal(knowledge: KnowledgeBase, dating: Dating, intent: Intent, response: str,
            programme_ids: list[str]) -> Answer:
    """A typed out-of-scope topic: what is not covered, what is close, where to look."""
    lines = [response.strip()]
    shown: list[Fact] = []
    known = []
    for programme_id in programme_ids:
        facts = [f for f in _facts(knowledge, programme_id, intent.facts) if f.stated]
        if facts:
            tag = _tag(dating, facts)
            name = _names(knowledge, [programme_id], "and") + (f" ({tag})" if tag else "")
            known.append(f"• {name}: {_text(facts)}")
            shown += facts
    if known:
        lines += ["What I do know that is close:", *known]
    pages = _unique([_page(knowledge.programme(pid)) for pid in programme_ids])
    if pages and intent.scope == "programme":
        lines.append(f"For everything else, please check {' or '.join(pages)}.")
    files = _unique([f.source for f in shown])
    cite = dating.cite(files)
    return Answer("\n".join(lines) + (f"\n\n{cite}" if cite else ""), files)


def aspect_reply(turn: Turn, intent: Intent, aspect: Aspect, named: list[str],
                 confidence: float) -> Reply:
    """A sub-question answered for the programmes asked about; its topic offered next."""
    programmes = turn.programmes_for(named)
    found = aspect_answer(turn.engine.knowledge, turn.engine.composer.dating, aspect,
                          programmes, turn.today)
    turn.state.programmes = programmes
    turn.state.last_intent = f"{intent.id}/{aspect.id}"
    programme = programmes[0] if len(programmes) == 1 else programmes or None
    topic = [Option(label=intent.title, payload=f"{PAYLOAD_PREFIX}i:{intent.id}")]
    return Reply(text=found.text, intent=turn.state.last_intent, programme=programme,
                 confidence=confidence, sources=found.sources,
                 options=topic + turn.follow_up_options(intent, programme)[:2])


def refusal_reply(turn: Turn, intent: Intent, named: list[str], confidence: float) -> Reply:
    """A typed out-of-scope topic: a fallback of kind ``near_domain`` with the close facts."""
    answer = refusal(turn.engine.knowledge, turn.engine.composer.dating, intent,
                     turn.fill(intent.response or ""), turn.programmes_for(named))
    reply = turn.fallback("near_domain", answer.text, confidence,
                          options=turn.topic_options())
    reply.intent, reply.sources = intent.id, answer.sources
    return reply


_DEGREE = r"(?:msc|m\s?sc|master|masters|mba|phd|ph\s?d|programme|program)"
#: Just before the degree ("I have a master in law"): the student's own background.
_BACKGROUND = re.compile(r"\b(?:i have|i hold|i did|i studied|i finished|i graduated|my|"
                         r"with a|with an)\b")
_OFFERS_BACHELOR = re.compile(r"\b(?:have|has|offer|offers|is there|are there)\s+"
                              r"(?:a |an |any )?(?:bachelor|bachelors|bsc|ba)\b")
#: Anywhere ("is a master in biology accepted?"): asks whether a background qualifies.
_QUALIFIES = re.compile(r"\b(?:accept|accepted|enough|qualify|eligible|admitted|admissible|"
                        r"apply with|get in with|background)\b")


def names_other_programme(knowledge: KnowledgeBase, text: str) -> bool:
    """A degree programme in another field asked about ("NTNU's MSc in computer science").

    A field named as the student's own background ("I have a master in law") is not.
    """
    normalised = normalise(text)
    if _QUALIFIES.search(normalised):
        return False
    offered = _OFFERS_BACHELOR.search(normalised)
    if offered and normalised[:offered.start()].split()[-1:] not in (["i"], ["we"]):
        return True  # "does NTNU have a bachelor in ...": a bachelor's is another programme
    fields = [normalise(f) for f in knowledge.out_of_scope.other_fields]
    for field in filter(None, fields):
        pattern = (rf"\b{_DEGREE}\s+(?:(?:in|of|on)\s+)?{re.escape(field)}\b"
                   rf"|\b{re.escape(field)}\s+{_DEGREE}\b")
        found = re.search(pattern, normalised)
        if found and not _BACKGROUND.search(normalised[:found.start()][-20:]):
            return True
    return False


def marked_fallback(knowledge: KnowledgeBase, text: str) -> Intent | None:
    """The typed out-of-scope topic one of whose ``marks`` ("visa") the question contains."""
    padded = f" {normalise(text)} "
    for intent in knowledge.intents:
        if intent.fallback and any(f" {normalise(m)} " in padded for m in intent.marks):
            return intent
    return None
