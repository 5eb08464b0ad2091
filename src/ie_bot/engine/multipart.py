"""Questions that ask several things at once, answered part by part in one reply.

"fees and deadline for leiden?" asks two things; "how long and how many credits
ntnu" too. The message is split at "and", commas, semicolons and question marks;
each part is matched on its own (a part that names no programme takes the ones the
whole message names), and when two or more parts are understood as different
topics each gets its answer with its source. A part that is not understood is named,
never dropped. Parts that only name programmes ("fees for leiden and ntnu") join the
part before them; greetings and thanks are not parts.

The same composition answers an intent together with the one it is easily taken
for, when the question's words do not tell them apart ("start of the NTNU
programme": its founding, or the next intake?).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ie_bot.engine.aspects import marked_fallback
from ie_bot.engine.types import Reply
from ie_bot.knowledge.models import Aspect, Intent, KnowledgeBase
from ie_bot.nlu.matcher import read
from ie_bot.nlu.normalise import STOPWORDS, normalise
from ie_bot.nlu.programmes import ProgrammeMention

if TYPE_CHECKING:
    from ie_bot.engine.routes import Turn

_SPLIT = re.compile(r"\?+|;|,|\s+(?:and|plus|also|as well as|&)\s+", re.IGNORECASE)
_FILLER = STOPWORDS | {"how", "when", "where", "which", "who", "why", "about", "then"}
#: A part must be surer than a whole question: a fragment ("research heavy") reads as
#: something at low confidence. Chosen on tests/data/eval.yml and the engine tests.
PART_MIN_CONFIDENCE = 0.45
#: "my english is not so good", "I did TOEFL last year": context, not a question, unless
#: it plainly asks something.
_STATEMENT = re.compile(r"^(?:hi|hello|hey|dear|i|im|i'm|i am|my|we|our|thanks)\b",
                        re.IGNORECASE)
_STATEMENT_MIN_CONFIDENCE = 0.75
#: "I'd like to know the tuition": a question however it begins.
_LEAD_IN = re.compile(r"^(?:i'?d like to know|i would like to know|i want to know|i wanna know|"
                      r"i was wondering|i wonder|can you tell me|could you tell me|"
                      r"please tell me|tell me)\s+(?:about\s+)?", re.IGNORECASE)
_ASKS = re.compile(r"\b(?:what|when|where|which|how|whether|if|know|tell|need|want|wonder|"
                   r"interested|looking for)\b", re.IGNORECASE)
_QUESTION = re.compile(r"^(?:what|whats|what's|when|where|which|who|why|how|is|are|do|does|"
                       r"did|can|could|will|would|should|must|any|tell)\b", re.IGNORECASE)


@dataclass
class Part:
    """One part of a message: its text, the programmes it names, the label it was read as."""

    text: str
    programmes: list[str] = field(default_factory=list)
    label: str = ""
    confidence: float = 0.0
    action: bool = False  # read as a request ("can I apply?" -> the eligibility check)
    refused: str = ""  # read as a typed out-of-scope topic ("and a room?" -> housing)


def split(text: str, joins: frozenset[str] = frozenset()) -> list[str]:
    """Pieces of ``text``; an "and" between two programme names ("leiden and delft") or
    any words in ``joins`` does not split."""
    pieces: list[str] = []
    start = 0
    for found in _SPLIT.finditer(text):
        before = text[start:found.start()].split()
        after = text[found.end():].split()
        if (found.group().strip().lower() == "and" and before and after
                and normalise(before[-1]) in joins and normalise(after[0]) in joins):
            continue
        pieces.append(text[start:found.start()])
        start = found.end()
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def _answerable(intent: Intent | None) -> bool:
    """A topic with an answer of its own: facts, or the list of programmes."""
    if intent is None or intent.fallback:
        return False
    return intent.action == "list_programmes" or (intent.action is None
                                                  and intent.scope != "none")


def read_parts(turn: Turn, text: str) -> list[Part]:
    """Each part read on its own; chit-chat, context and empty parts left out."""
    engine = turn.engine
    parts: list[Part] = []
    names = frozenset(normalise(a) for p in engine.knowledge.programmes
                      for a in [p.id, p.short_name, *p.aliases])
    for piece in split(text, names):
        piece = _LEAD_IN.sub("", piece) or piece
        mention = engine.detector.detect(piece)
        content = [w for w in mention.remainder.split() if w not in _FILLER]
        if not content:  # "ntnu" in "fees for leiden and ntnu": the part before is for both
            if parts:
                parts[-1].programmes += [p for p in mention.programmes
                                         if p not in parts[-1].programmes]
            continue
        part = _read_part(turn, piece, mention)
        if part is not None:
            parts.append(part)
    return parts


def _read_part(turn: Turn, piece: str, mention: ProgrammeMention) -> Part | None:
    engine = turn.engine
    if marked := marked_fallback(engine.knowledge, piece):  # "and do I need a visa?"
        return Part(piece, list(mention.programmes), "", 1.0, False, marked.id)
    match = read(engine.matcher, mention)
    confidence = engine.confidence(match, piece)
    intent, _ = engine.knowledge.resolve(match.best.intent)
    limits = engine.thresholds
    statement = bool(_STATEMENT.match(piece))
    bar = max(_STATEMENT_MIN_CONFIDENCE if statement else PART_MIN_CONFIDENCE,
              limits.min_confidence)
    understood = (intent is not None and confidence >= bar
                  and match.margin >= limits.min_margin)
    action = bool(intent is not None and intent.action == "eligibility"
                  and confidence >= limits.min_confidence)
    if statement and not _ASKS.search(piece) and not action:
        return None  # "I'm from Pakistan": context, whatever the matcher makes of it
    if understood and intent is not None and intent.scope == "none" and not intent.action:
        return None  # "hi", "thanks": not a question part
    if not understood and not action and (statement or not _QUESTION.match(piece)):
        return None  # context ("I'm from India") or a fragment: not a part to name
    label = match.best.intent if understood and _answerable(intent) else ""
    refused = match.best.intent if understood and intent is not None and intent.fallback else ""
    return Part(piece, list(mention.programmes), label, confidence, action, refused)


def reply(turn: Turn, text: str) -> Reply | None:
    """The multi-part answer, or None when the message asks one thing only."""
    parts = read_parts(turn, text)
    if any(p.action for p in parts):  # "biology bachelor, 10 ects of maths, can I apply?"
        return None
    asked = {p.label for p in parts if p.label}
    parts = [p for p in parts  # "native speaker, do I need IELTS": the aspect says more
             if not (p.label and any(a.startswith(f"{p.label}/") for a in asked))]
    answered = {p.label for p in parts} - {""}
    refused = {p.refused for p in parts} - {""}
    sure = all(p.confidence >= _STATEMENT_MIN_CONFIDENCE for p in parts if p.label)
    if not answered or len(answered) + (len(refused) if sure else 0) < 2:
        return None  # one thing asked; a refusal beside one answer needs a sure reading
    named = list(turn.engine.detector.detect(text).programmes)
    merged: dict[str, Part] = {}
    for part in parts:  # the same topic asked twice is answered once
        key = part.label or part.refused or f"?{len(merged)}"
        if key in merged:
            merged[key].programmes += [p for p in part.programmes
                                       if p not in merged[key].programmes]
        else:
            merged[key] = part
    return compose(turn, list(merged.values()), named)


def compose(turn: Turn, parts: list[Part], named: list[str]) -> Reply:
    """One reply: each understood part's answer with its source; the others named."""
    knowledge = turn.engine.knowledge
    texts: list[str] = []
    answered: list[Reply] = []
    for part in parts:
        intent, aspect = knowledge.resolve(part.label)
        refused = knowledge.intent(part.refused)
        if intent is None and refused is not None and refused.response:
            texts.append(turn.fill(refused.response.strip()))
            continue
        if intent is None:
            texts.append(f"I couldn't tell what you asked in “{part.text[:80]}”; "
                         "please ask that part on its own.")
            continue
        programmes = part.programmes or named
        if programmes and intent.with_programme and aspect is None:
            intent = knowledge.intent(intent.with_programme) or intent
        answer = turn.answer(intent, programmes, part.confidence, aspect)
        answered.append(answer)
        texts.append(answer.text)
    programmes = list(dict.fromkeys(
        p for r in answered for p in ([r.programme] if isinstance(r.programme, str)
                                      else r.programme or [])))
    return Reply(
        text="\n\n".join(texts), intent=answered[0].intent if answered else "",
        programme=programmes[0] if len(programmes) == 1 else programmes or None,
        confidence=min((r.confidence for r in answered), default=0.0),
        sources=list(dict.fromkeys(s for r in answered for s in r.sources)),
        options=answered[-1].options if answered else [],
        parts=[p.label for p in parts])


def _cue_hits(intent: Intent, padded: str) -> int:
    return sum(f" {normalise(cue)} " in padded for cue in intent.cues)


def by_cues(knowledge: KnowledgeBase, intent: Intent, text: str) -> list[Intent]:
    """The intent, the one it is easily taken for, or both, as the question's cues say."""
    other = (knowledge.intent(intent.confused_with) if intent.confused_with else
             next((i for i in knowledge.intents if i.confused_with == intent.id), None))
    if other is None:
        return [intent]
    padded = f" {normalise(text)} "
    own, theirs = _cue_hits(intent, padded), _cue_hits(other, padded)
    if own == theirs:
        return [intent, other]
    return [intent] if own > theirs else [other]


def answer_read(turn: Turn, intent: Intent, aspect: Aspect | None, named: list[str],
                confidence: float, text: str) -> Reply:
    """Answer a confident match, reading cues first where the intent is easily mistaken."""
    if aspect is not None:
        return turn.answer(intent, named, confidence, aspect)
    chosen = by_cues(turn.engine.knowledge, intent, text)
    if len(chosen) == 1:
        return turn.answer(chosen[0], named, confidence)
    parts = [Part(text, list(named), i.id, confidence) for i in chosen]
    return compose(turn, parts, named)
