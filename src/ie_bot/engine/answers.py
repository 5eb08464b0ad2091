"""Turn facts into answers a student can read at a glance.

Every answer starts with one line that answers the question (a fact's ``short``, or a
comparison's conclusion), then a few short lines of detail, then one note on how old it
is and the sources by name. Longer material is held back and offered as "More about ...".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ie_bot.engine import comparisons
from ie_bot.engine.dating import Dating
from ie_bot.engine.types import PAYLOAD_PREFIX, Option
from ie_bot.knowledge.models import Comparison, Fact, Intent, KnowledgeBase, Programme

#: The first line is read at a glance: under 160 characters.
DIRECT_MAX = 159
#: Characters of detail under the direct line, for one programme and for each of several.
SINGLE_BUDGET = 480
MULTI_BUDGET = 240
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
_QUESTION_TITLE = re.compile(r"^(?:what|who|where|when|how) (?:is|are) (.+)\?$", re.I)
MORE_PREFIX = f"{PAYLOAD_PREFIX}m:"


@dataclass
class Answer:
    """Text plus the seed files it rests on, and an option for what was held back."""

    text: str
    sources: list[str] = field(default_factory=list)
    more: Option | None = None


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def sentences(text: str) -> list[str]:
    return _SENTENCE_END.split(" ".join(text.split()))


def headline(fact: Fact) -> str:
    """The fact as one line: its ``short``, else its first sentence."""
    return " ".join(fact.short.split()) if fact.short else sentences(fact.text)[0]


def remainder(fact: Fact) -> str:
    """What the fact's text adds to its headline: its ``short`` stands in for its first
    sentence (a test checks that no figure of that sentence is lost)."""
    parts = sentences(fact.text)
    return " ".join(parts[1:])


def topic(title: str) -> str:
    """'Tuition fees' -> 'tuition fees', 'What is Industrial Ecology?' -> 'Industrial Ecology'."""
    if match := _QUESTION_TITLE.match(title):
        return match.group(1)
    title = title.removeprefix("About ")
    first = title.split()[0]
    return title if first[1:] != first[1:].lower() or first == "English" else (
        title[0].lower() + title[1:])


def dated(fact: Fact) -> bool:
    """Whether the fact needs its "as of": it states something, or it carries a figure."""
    return fact.stated or any(ch.isdigit() for ch in fact.text)


def _tagged(line: str, tag: str) -> str:
    return f"{line.rstrip('.')} ({tag})." if tag else line


@dataclass
class _Block:
    """One programme's part of an answer."""

    name: str
    head: Fact
    line: str
    tag: str
    details: list[str]
    shown: list[Fact]
    held: bool


class AnswerComposer:
    """Composes programme answers from the facts an intent lists."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge
        self.dating = Dating(knowledge)

    def facts_for(self, fact_ids: list[str], programme_id: str | None) -> list[Fact]:
        found = [self.knowledge.fact(programme_id, fact_id) for fact_id in fact_ids]
        return [fact for fact in found if fact is not None]

    def _name(self, programme_id: str) -> str:
        programme = self.knowledge.programme(programme_id)
        return programme.short_name if programme else programme_id

    def _tag(self, facts: list[Fact]) -> str:
        """The "as of" of the stated facts: figures carry it, known unknowns need none."""
        return "; ".join(_unique([self.dating.as_of(f) for f in facts if dated(f)]))

    def _block(self, facts: list[Fact], name: str, budget: int | None) -> _Block:
        head = facts[0]
        details, shown, held, used = [], [head], False, 0
        for fact in facts:
            text = remainder(fact) if fact is head else " ".join(fact.text.split())
            if not text:
                continue
            if held or (budget is not None and used + len(text) > budget):
                held = True
                continue
            details.append(text)
            used += len(text) + 1
            if fact is not head:
                shown.append(fact)
        return _Block(name, head, headline(head), self._tag(shown), details, shown, held)

    def _more(self, intent_id: str, programme_ids: list[str], label: str) -> Option:
        payload = f"{MORE_PREFIX}{intent_id}:{','.join(programme_ids)}"
        if len(payload.encode()) > 64:
            payload = f"{MORE_PREFIX}{intent_id}:"
        return Option(label=label, payload=payload)

    def _finish(self, lines: list[str], shown: list[tuple[Programme | None, Fact]],
                today: date, more: Option | None = None) -> Answer:
        files = _unique([fact.source for _, fact in shown])
        tail = [line for line in (self.dating.note(shown, today), self.dating.cite(files)) if line]
        text = "\n".join(lines) + ("\n\n" + "\n".join(tail) if tail else "")
        return Answer(text, files, more)

    # -- programme answers ----------------------------------------------------
    def for_programmes(self, intent: Intent, programme_ids: list[str], today: date,
                       question: str = "", full: bool = False) -> Answer:
        """One programme: the direct line and a few lines. Several: one direct line for all
        (a comparison's conclusion when the question compares), then a line each."""
        many = len(programme_ids) > 1
        budget = None if full else (MULTI_BUDGET if many else SINGLE_BUDGET)
        blocks, shown, silent = [], [], []
        for programme_id in programme_ids:
            facts = self.facts_for(intent.facts, programme_id)
            if not facts:
                silent.append(programme_id)
                continue
            block = self._block(facts, self._name(programme_id), budget)
            blocks.append(block)
            programme = self.knowledge.programme(programme_id)
            shown += [(programme, fact) for fact in block.shown]
        if not blocks:
            where = " or ".join(self.dating_page(p) for p in programme_ids)
            return Answer(f"My sources say nothing about {topic(intent.title)} for "
                          f"{' or '.join(self._name(p) for p in programme_ids)}. "
                          f"Please check {where}.")
        label = f"More about {topic(intent.title)}"
        conclusion = None if full else self._comparison(programme_ids, question, False)
        if conclusion is not None:  # "which needs more maths?": the comparison asked
            return self._compared(conclusion, programme_ids, today,
                                  self._more(intent.id, programme_ids, label))
        more = self._more(intent.id, programme_ids, label) if any(b.held for b in blocks) else None
        lines = self._layout(blocks)
        lines += [f"My sources say nothing about this for {self._name(p)}." for p in silent]
        return self._finish(lines, shown, today, more)

    def dating_page(self, programme_id: str) -> str:
        programme = self.knowledge.programme(programme_id)
        return programme.official_page if programme else "the official programme page"

    def _comparison(self, programme_ids: list[str], question: str,
                    use_default: bool) -> Comparison | None:
        if len(programme_ids) < 2 or not (use_default or comparisons.is_comparative(question)):
            return None
        return comparisons.pick(self.knowledge.comparisons, programme_ids, question, use_default)

    def _layout(self, blocks: list[_Block]) -> list[str]:
        """The direct line (each programme's short, dated where it fits), then the details;
        every figure is dated on the first line or at the start of its own line."""
        tagged = " ".join(_tagged(b.line, b.tag if dated(b.head) else "") for b in blocks)
        fits = len(tagged) <= DIRECT_MAX
        first = tagged if fits else " ".join(b.line for b in blocks)
        undated = [b for b in blocks if b.tag and not (fits and dated(b.head))]
        if len(blocks) == 1:
            details = " ".join(blocks[0].details)
            if undated:
                tag = blocks[0].tag
                details = f"{details} ({tag[0].upper()}{tag[1:]}.)".strip()
            return [first, details] if details else [first]
        lines = [first]
        for block in blocks:
            if block.details or block in undated:
                tag = f" ({block.tag})" if block in undated else ""
                lines.append(f"• {block.name}{tag}: {' '.join(block.details) or block.line}")
        return lines

    def general(self, intent: Intent, today: date, full: bool = False) -> Answer:
        facts = self.facts_for(intent.facts, None)
        if not facts:
            return Answer(intent.title)
        block = self._block(facts, "", None if full else SINGLE_BUDGET)
        more = (self._more(intent.id, [], f"More about {topic(intent.title)}")
                if block.held else None)
        return self._finish(self._layout([block]), [(None, f) for f in block.shown],
                            today, more)

    # -- comparisons ----------------------------------------------------------
    def compare(self, intent: Intent, programme_ids: list[str], today: date,
                question: str = "", full: bool = False) -> Answer:
        """The comparison asked ("cheaper?"), conclusion first; the full side by side is
        offered as an option, or given when ``full``."""
        chosen = None if full else self._comparison(programme_ids, question, use_default=True)
        if chosen is None:
            return self._side_by_side(intent, programme_ids, today)
        return self._compared(chosen, programme_ids, today,
                              self._more(intent.id, programme_ids, "Full comparison"))

    def _compared(self, chosen: Comparison, programme_ids: list[str], today: date,
                  more: Option) -> Answer:
        """The conclusion, then each programme's line for it, dated."""
        lines = [" ".join(chosen.conclusion.split())]
        shown: list[tuple[Programme | None, Fact]] = []
        for programme_id in programme_ids:
            programme = self.knowledge.programme(programme_id)
            facts = self.facts_for(chosen.facts, programme_id)
            shown += [(programme, fact) for fact in facts]
            said = " ".join(headline(f) for f in facts) or "not stated in my sources."
            tag = self._tag(facts)
            lines.append(f"• {self._name(programme_id)}{f' ({tag})' if tag else ''}: {said}")
        return self._finish(lines, shown, today, more)

    def _side_by_side(self, intent: Intent, programme_ids: list[str], today: date) -> Answer:
        lines = ["Side by side, topic by topic:"]
        shown: list[tuple[Programme | None, Fact]] = []
        for fact_id in intent.facts:
            lines.append(f"\n{self._topic_title(fact_id)}")
            for programme_id in programme_ids:
                programme = self.knowledge.programme(programme_id)
                fact = self.knowledge.fact(programme_id, fact_id)
                name = self._name(programme_id)
                if fact is None:
                    lines.append(f"• {name}: not stated in my sources")
                    continue
                tag = self._tag([fact])
                lines.append(f"• {name}{f' ({tag})' if tag else ''}: {' '.join(fact.text.split())}")
                shown.append((programme, fact))
        return self._finish(lines, shown, today)

    def _topic_title(self, fact_id: str) -> str:
        """The topic a fact belongs to ('language_requirements_summary': English requirements)."""
        base = fact_id.removesuffix("_summary")
        owner = next((i for i in self.knowledge.intents
                      if i.scope == "programme" and not i.action and not i.fallback
                      and base in i.facts), None)
        return owner.title if owner else fact_id.replace("_", " ").capitalize()

    # -- lists ----------------------------------------------------------------
    def programme_list(self) -> Answer:
        names = " and ".join(p.short_name for p in self.knowledge.programmes)
        lines = [f"I know about these programmes: {names}."]
        lines += [f"• {p.name} ({p.university}, {p.city}): {p.summary}"
                  for p in self.knowledge.programmes]
        files = _unique([p.source for p in self.knowledge.programmes])
        return Answer("\n".join(lines) + "\n\n" + self.dating.cite(files), files)

    def about(self) -> Answer:
        lines = ["My answers come only from these source documents:"]
        for source in self.knowledge.sources:
            dated = f", dated {source.date}" if source.date else ""
            title = source.short_title or source.title
            lines.append(f"• {title} ({source.period or 'undated'}): {source.title}; speaks of "
                         f"{source.speaks_of}{dated}. File: {source.file}")
        lines.append("Figures in them may have changed since; I say so, with their date.")
        return Answer("\n".join(lines))
