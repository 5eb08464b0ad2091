"""Turn facts into short answers that name their sources and judge dates against today."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ie_bot.knowledge.models import Fact, Intent, KnowledgeBase, Programme


@dataclass
class Answer:
    """Text plus the seed files it rests on."""

    text: str
    sources: list[str] = field(default_factory=list)

    def cite(self) -> str:
        if not self.sources:
            return self.text
        label = "Source" if len(self.sources) == 1 else "Sources"
        return f"{self.text}\n\n{label}: {', '.join(self.sources)}"


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def date_note(fact: Fact, programme: Programme | None, today: date) -> str:
    """A warning for a source date that has passed: the figure is kept, its age made plain."""
    when = fact.partial_date()
    if when is None or when.last_day() >= today:
        return ""
    where = programme.official_page if programme else "the official programme page"
    return (f" This date ({when.words()}) has passed (today is {today.day} "
            f"{today:%B %Y}); check the current date on {where}.")


def fact_text(fact: Fact, programme: Programme | None, today: date) -> str:
    text = fact.text.strip()
    if not fact.stated:
        where = programme.official_page if programme else "the official programme pages"
        return f"{text} Please check {where}."
    return text + date_note(fact, programme, today)


class AnswerComposer:
    """Composes programme answers from the facts an intent lists."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self.knowledge = knowledge

    def facts_for(self, intent: Intent, programme_id: str | None) -> list[Fact]:
        found = [self.knowledge.fact(programme_id, fact_id) for fact_id in intent.facts]
        return [fact for fact in found if fact is not None]

    def programme_block(self, intent: Intent, programme_id: str, today: date) -> Answer:
        programme = self.knowledge.programme(programme_id)
        facts = self.facts_for(intent, programme_id)
        if not facts:
            where = programme.official_page if programme else "the official programme page"
            return Answer(f"My sources say nothing about this. Please check {where}.")
        texts = [fact_text(f, programme, today) for f in facts]
        return Answer(" ".join(texts), _unique([f.source for f in facts]))

    def for_programmes(self, intent: Intent, programme_ids: list[str], today: date) -> Answer:
        """One programme: a paragraph. Several: a short block each, side by side."""
        if len(programme_ids) == 1:
            programme = self.knowledge.programme(programme_ids[0])
            block = self.programme_block(intent, programme_ids[0], today)
            name = programme.short_name if programme else programme_ids[0]
            return Answer(f"{intent.title} – {name}\n{block.text}", block.sources)
        lines = [intent.title]
        sources: list[str] = []
        for programme_id in programme_ids:
            programme = self.knowledge.programme(programme_id)
            block = self.programme_block(intent, programme_id, today)
            lines.append(f"• {programme.short_name if programme else programme_id}: {block.text}")
            sources += block.sources
        return Answer("\n".join(lines), _unique(sources))

    def general(self, intent: Intent, today: date) -> Answer:
        facts = self.facts_for(intent, None)
        texts = [fact_text(f, None, today) for f in facts]
        return Answer(" ".join(texts) or intent.title, _unique([f.source for f in facts]))

    def compare(self, intent: Intent, programme_ids: list[str], today: date) -> Answer:
        """A side-by-side of the intent's headline facts for each programme."""
        lines = ["Side by side:"]
        sources: list[str] = []
        for fact_id in intent.facts:
            topic = self._topic_title(fact_id)
            lines.append(f"\n{topic}")
            for programme_id in programme_ids:
                programme = self.knowledge.programme(programme_id)
                fact = self.knowledge.fact(programme_id, fact_id)
                name = programme.short_name if programme else programme_id
                if fact is None:
                    lines.append(f"• {name}: not stated in my sources")
                    continue
                lines.append(f"• {name}: {fact_text(fact, programme, today)}")
                sources.append(fact.source)
        return Answer("\n".join(lines), _unique(sources))

    def _topic_title(self, fact_id: str) -> str:
        owner = next((i for i in self.knowledge.intents
                      if i.scope == "programme" and not i.action and not i.fallback
                      and fact_id in i.facts), None)
        return owner.title if owner else fact_id.replace("_", " ").capitalize()

    def programme_list(self) -> Answer:
        lines = ["I know about these programmes:"]
        lines += [f"• {p.name} ({p.university}, {p.city}): {p.summary}"
                  for p in self.knowledge.programmes]
        return Answer("\n".join(lines), _unique([p.source for p in self.knowledge.programmes]))

    def about(self) -> Answer:
        lines = ["My answers come only from these source documents:"]
        for source in self.knowledge.sources:
            dated = f", dated {source.date}" if source.date else ""
            lines.append(f"• {source.file}: {source.title} (speaks of {source.speaks_of}{dated})")
        lines.append("Dates in them may have passed; I say so when they have.")
        return Answer("\n".join(lines))
