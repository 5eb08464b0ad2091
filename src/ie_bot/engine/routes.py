"""One turn of a conversation: decide what the message is and build the reply.

Kept apart from ``core`` so the entry point stays small; every method here is
pure over the turn's engine, state and date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ie_bot.eligibility import flow
from ie_bot.engine import aspects, handoff, multipart, stated
from ie_bot.engine.types import PAYLOAD_PREFIX, ConversationState, FallbackKind, Option, Reply
from ie_bot.engine.which import SIDE_BY_SIDE_LIMIT, ask_which_programme
from ie_bot.knowledge.models import Aspect, Intent
from ie_bot.nlu.matcher import read
from ie_bot.nlu.normalise import STOPWORDS, normalise
from ie_bot.nlu.programmes import ProgrammeMention

if TYPE_CHECKING:
    from ie_bot.engine.core import Engine

OUT_OF_SCOPE = "out_of_scope"
OTHER_PROGRAMMES = "other_programmes"
NONE_OF_THESE = f"{PAYLOAD_PREFIX}none"
COMMANDS = {
    "/start": "greeting", "/help": "help", "/programmes": "list_programmes",
    "/compare": "compare", "/eligibility": "eligibility_check", "/contact": handoff.INTENT,
}
HELP_TOPICS = ("tuition_fee", "application_deadline", "entry_requirements", "eligibility_check")
_FOLLOW_UP_WORDS = frozenset({"and", "what", "about", "how", "for", "at", "in", "then", "also",
                              "same", "instead", "there", "case", "with", "one", "ones",
                              "other", "question", "thing", "please"})
_OPTION_NUMBER = re.compile(r"[0-9]{1,3}")
_CANCEL_WORDS = frozenset({"cancel", "stop", "stop it", "cancel it", "abort"})
_CAPITALISED_INSTITUTION = re.compile(
    r"\b(?:University of|Universiteit|Universidad de|Université de) ([A-Z][\w-]+)"
    r"|\b([A-Z][\w-]+) (?:University|College|Institute|Universiteit)\b"
)


@dataclass
class Turn:
    engine: Engine
    state: ConversationState
    today: date
    message: str = ""  # the question as typed: a comparison reads its words

    # -- options and payloads -------------------------------------------------
    def resolve_option(self, text: str) -> str:
        """A typed option label, or its number, stands for that option's payload."""
        options = self.state.options
        if _OPTION_NUMBER.fullmatch(text) and options and self.state.eligibility is None:
            index = int(text) - 1  # ASCII digits only: "²" and "٣" pass isdigit(), not int()
            if 0 <= index < len(options):
                return options[index].payload
        wanted = normalise(text)
        for option in options:
            if wanted and normalise(option.label) == wanted:
                return option.payload
        return text

    def payload(self, payload: str) -> Reply:
        kind, _, rest = payload[len(PAYLOAD_PREFIX):].partition(":")
        if kind == "e" and self.state.eligibility is not None:
            return self.in_flow(payload)
        if kind == "h":
            return handoff.payload(self, rest)
        if kind == "e" and rest == "restart":  # "Start over" under a verdict
            return stated.start_over(self)
        if kind == "m":  # "More about ...": the same answer in full
            intent_id, _, ids = rest.partition(":")
            intent = self.engine.knowledge.intent(intent_id)
            named = [i for i in ids.split(",") if self.engine.knowledge.programme(i)]
            if intent is not None:
                return self.answer(intent, named, 1.0, full=True)
        if kind == "i":
            intent_id, _, programme_id = rest.partition(":")
            intent, aspect = self.engine.knowledge.resolve(intent_id)
            known = not programme_id or self.engine.knowledge.programme(programme_id)
            if intent is not None and known:
                return self.answer(intent, [programme_id] if programme_id else [], 1.0, aspect)
        if payload == NONE_OF_THESE:
            return self.fallback("low_confidence", "Sorry I couldn't help with that one. "
                                 "Try asking in other words, or pick a topic:",
                                 options=self.topic_options())
        return self.fallback("unknown_option", "That button is no longer valid (it may be "
                             "from an older conversation). Here is what I can help with:",
                             options=self.topic_options())

    # -- the eligibility flow -------------------------------------------------
    def in_flow(self, text: str) -> Reply:
        assert self.state.eligibility is not None
        turn = flow.advance(self.engine.knowledge, self.state.eligibility, text)
        if not turn.understood and text.startswith("/"):  # /help mid-check: answer, resume
            reply = self.command(text.split()[0].split("@")[0].lower())
            again = flow.reprompt(self.engine.knowledge, self.state.eligibility)
            reply.text += f"\n\nBack to your eligibility check:\n{again.text}"
            reply.options = self.flow_reply(again, 1.0).options
            return reply
        if not turn.understood and not text.startswith(PAYLOAD_PREFIX):
            switched = self.bare_programmes(self.engine.detector.detect(text))
            if switched:  # "what about NTNU?" mid-check: check that programme instead
                known = stated.known(self.state.stated, self.state.eligibility)
                turn = flow.begin(self.engine.knowledge, switched, known)
                self.state.eligibility = turn.state
                return self.flow_reply(turn, 1.0)
            factual = self.factual_answer(text)
            if factual is not None:
                again = flow.reprompt(self.engine.knowledge, self.state.eligibility)
                factual.text += f"\n\nBack to your eligibility check:\n{again.text}"
                factual.options = self.flow_reply(again, 1.0).options
                return factual
        self.state.eligibility = turn.state
        return self.flow_reply(turn, 1.0)

    def flow_reply(self, turn: flow.FlowTurn, confidence: float) -> Reply:
        programmes = turn.programmes
        options = [Option(label=b.label, payload=b.payload) for b in turn.options]
        if turn.state is None:  # the check ended: keep its answers; a verdict offers more
            stated.remember(self, turn.profile)
            options = options or (stated.verdict_options(self) if turn.verdicts else [])
        return Reply(text=turn.text, intent="eligibility_check", confidence=confidence,
                     programme=programmes[0] if len(programmes) == 1 else programmes or None,
                     sources=turn.sources, options=options)

    def factual_answer(self, text: str) -> Reply | None:
        """Answer a confident factual question asked in the middle of the flow, else None."""
        mention = self.engine.detector.detect(text)
        match = read(self.engine.matcher, mention)
        confidence = self.engine.confidence(match, text)
        intent, aspect = self.engine.knowledge.resolve(match.best.intent)
        if (intent is None or intent.scope == "none" or intent.action is not None
                or intent.fallback or confidence < self.engine.thresholds.min_confidence
                or match.margin < self.engine.thresholds.min_margin):
            return None
        return self.answer(intent, list(mention.programmes), confidence, aspect)

    # -- free questions -------------------------------------------------------
    def question(self, text: str) -> Reply:
        self.message = text
        command = text.split()[0].split("@")[0].lower() if text.startswith("/") else ""
        if normalise(text) in _CANCEL_WORDS:  # outside a check there is nothing to stop
            command = "/cancel"
        if command:
            return self.command(command)
        mention = self.engine.detector.detect(text)
        other_programme = self.engine.knowledge.intent(OTHER_PROGRAMMES)
        if other_programme and aspects.names_other_programme(self.engine.knowledge, text):
            return self.refuse(other_programme, list(mention.programmes), 1.0)
        if (direct := stated.reply(self, text, mention)) is not None:
            return direct  # "ielts 6.5 enough for leiden?": judged by the criteria
        if (several := multipart.reply(self, text)) is not None:
            return several
        if marked := aspects.marked_fallback(self.engine.knowledge, text):
            return self.refuse(marked, list(mention.programmes), 1.0)
        if self.other_institution(text) and not mention.programmes:
            names = self.programme_names()
            return self.fallback("other_institution", f"I only know about {names}. For other "
                                 "universities or programmes, please check their own pages.",
                                 options=self.topic_options())
        if self.bare_programmes(mention):
            previous, aspect = self.engine.knowledge.resolve(self.state.last_intent or "")
            follow = previous if previous and (
                previous.scope == "programme" or previous.action == "eligibility") else None
            fallback_intent = self.engine.knowledge.intent("programme_overview")
            intent = follow or fallback_intent
            if intent is not None:
                return self.answer(intent, list(mention.programmes), 1.0,
                                   aspect if follow else None)
        if not any(ch.isalpha() for ch in text):  # "1" with no options, "2+2": not a topic
            return self.suggest((), 0.0)
        match = read(self.engine.matcher, mention)
        limits, confidence = self.engine.thresholds, self.engine.confidence(match, text)
        intent, aspect = self.engine.knowledge.resolve(match.best.intent)
        refused = intent is not None and (intent.id == OUT_OF_SCOPE or (
            intent.fallback and confidence >= limits.min_confidence))
        if refused and intent is not None:
            reply = self.refuse(intent, list(mention.programmes), confidence)
        elif (intent is None or confidence < limits.min_confidence
              or (intent.scope != "none" and not self.content_words(mention))):
            # "a a a a" names no topic, whatever the scores: only chit-chat ("hello") may match
            reply = self.suggest(match.candidates, confidence)
        elif match.margin < limits.min_margin:
            reply = self.did_you_mean(match.candidates[:2], confidence)
        else:
            if mention.programmes and intent.with_programme:
                intent = self.engine.knowledge.intent(intent.with_programme) or intent
            reply = multipart.answer_read(self, intent, aspect, list(mention.programmes),
                                          confidence, text)
        reply.margin = match.margin
        return reply

    @staticmethod
    def content_words(mention: ProgrammeMention) -> list[str]:
        """The words that can name a topic: not stop words, not the programme's name."""
        return [w for w in mention.remainder.split() if w not in STOPWORDS]

    @staticmethod
    def bare_programmes(mention: ProgrammeMention) -> list[str]:
        """The programmes a message names when it says nothing else ("and at NTNU?")."""
        content = [w for w in mention.remainder.split()
                   if w not in STOPWORDS and w not in _FOLLOW_UP_WORDS]
        return [] if content else list(mention.programmes)

    def command(self, command: str) -> Reply:
        knowledge = self.engine.knowledge
        if command == "/about":
            about = self.engine.composer.about()
            return Reply(text=about.text, intent="about", confidence=1.0,
                         sources=[s.file for s in knowledge.sources],
                         options=self.topic_options())
        if command == "/cancel":
            return Reply(text="There is nothing to cancel. Ask me anything, or pick a topic:",
                         intent="cancel", confidence=1.0, options=self.topic_options())
        intent = knowledge.intent(COMMANDS.get(command, ""))
        if intent is None:
            return self.fallback("low_confidence", f"I don't know the command {command[:30]}. "
                                 "Try /help.", options=self.topic_options())
        return self.answer(intent, [], 1.0)

    def other_institution(self, text: str) -> bool:
        padded = f" {normalise(text)} "
        if any(f" {name} " in padded for name in self.engine.other_institutions):
            return True
        for match in _CAPITALISED_INSTITUTION.finditer(text):
            word = (match.group(1) or match.group(2) or "").lower()
            if word and word not in STOPWORDS and not self.engine.detector.detect(word).programmes:
                return True
        return False

    # -- answers --------------------------------------------------------------
    def answer(self, intent: Intent, named: list[str], confidence: float,
               aspect: Aspect | None = None, full: bool = False) -> Reply:
        """The reply for a recognised intent (or one of its aspects); updates the topic
        context. ``full``: the material a short answer held back ("More about ...")."""
        knowledge, composer = self.engine.knowledge, self.engine.composer
        if intent.action == "handoff":
            return handoff.begin(self)
        if intent.fallback:  # a button or "did you mean" for a typed out-of-scope topic
            return self.refuse(intent, named, confidence)
        if aspect is not None:
            return aspects.aspect_reply(self, intent, aspect, named, confidence)
        if intent.action == "eligibility":
            turn = flow.begin(knowledge, named, self.state.stated)
            self.state.eligibility = turn.state
            self.state.last_intent = intent.id
            return self.flow_reply(turn, confidence)
        if (intent.scope == "programme" and not intent.action and not named
                and not self.state.programmes and len(knowledge.programmes) > SIDE_BY_SIDE_LIMIT):
            self.state.last_intent = intent.id
            return ask_which_programme(knowledge, intent)
        programmes = self.programmes_for(named)
        sources: list[str] = []
        programme: str | list[str] | None = None
        more = None
        if intent.action == "list_programmes":
            listed = composer.programme_list()
            text, sources = listed.text, listed.sources
            programme = [p.id for p in knowledge.programmes] or None
        elif intent.action == "compare":
            ids = named if len(named) > 1 else [p.id for p in knowledge.programmes]
            compared = composer.compare(intent, ids, self.today, self.message, full)
            text, sources, programme, more = compared.text, compared.sources, ids, compared.more
        elif intent.scope == "programme" and programmes:
            found = composer.for_programmes(intent, programmes, self.today, self.message, full)
            text, sources, more = found.text, found.sources, found.more
            programme = programmes[0] if len(programmes) == 1 else programmes
            self.state.programmes = programmes
        elif intent.scope == "general":
            general = composer.general(intent, self.today, full)
            text, sources, more = general.text, general.sources, general.more
        else:
            text = self.fill(intent.response or intent.title)
        self.state.last_intent = intent.id
        options = [more] if more else []
        return Reply(text=text, intent=intent.id, programme=programme, confidence=confidence,
                     sources=sources, options=options + self.follow_up_options(intent, programme))

    def refuse(self, intent: Intent, named: list[str], confidence: float) -> Reply:
        """Out of scope: the generic refusal, or a typed one naming what is close."""
        if intent.id == OUT_OF_SCOPE:
            return self.fallback("off_topic", self.fill(intent.response or ""), confidence,
                                 options=self.topic_options())
        return aspects.refusal_reply(self, intent, named, confidence)

    def programmes_for(self, named: list[str]) -> list[str]:
        """Named in the message, else the ones in context, else all (side by side)."""
        if named:
            return named
        if self.state.programmes:
            return list(self.state.programmes)
        return [p.id for p in self.engine.knowledge.programmes]

    def follow_up_options(self, intent: Intent, programme: str | list[str] | None
                          ) -> list[Option]:
        if intent.action == "help" or intent.id == "greeting":
            return self.topic_options()
        single = programme if isinstance(programme, str) else None
        options = []
        for follow_id in intent.follow_ups:
            follow = self.engine.knowledge.intent(follow_id)
            if follow is not None:
                suffix = f":{single}" if single and follow.scope == "programme" else ""
                options.append(Option(label=follow.title,
                                      payload=f"{PAYLOAD_PREFIX}i:{follow.id}{suffix}"))
        return options

    def topic_options(self) -> list[Option]:
        intents = [self.engine.knowledge.intent(i) for i in HELP_TOPICS]
        return [Option(label=i.title, payload=f"{PAYLOAD_PREFIX}i:{i.id}")
                for i in intents if i is not None]

    def fill(self, template: str) -> str:
        return template.replace("{programmes}", self.programme_names())

    def programme_names(self) -> str:
        names = [p.name for p in self.engine.knowledge.programmes]
        return " and ".join(names) if names else "the programmes I know"

    # -- fallbacks ------------------------------------------------------------
    def fallback(self, kind: FallbackKind, text: str, confidence: float = 0.0,
                 options: list[Option] | None = None, keep_options: bool = False) -> Reply:
        """A reply that answers nothing; the service logs it as unanswered."""
        if keep_options and options is None:
            options = list(self.state.options)
        return Reply(text=text, intent=OUT_OF_SCOPE, confidence=confidence, fallback=True,
                     fallback_kind=kind, options=options or [])

    def suggest(self, candidates: tuple, score: float) -> Reply:
        """Below the threshold: say so, offer the closest topics and "none of these"."""
        knowledge = self.engine.knowledge
        options = []
        for candidate in candidates:
            intent = knowledge.intent(candidate.intent)
            if (intent is not None and intent.id != OUT_OF_SCOPE and intent.scope != "none"
                    and not intent.fallback):
                options.append(Option(label=intent.title,
                                      payload=f"{PAYLOAD_PREFIX}i:{intent.id}"))
            if len(options) == 3:
                break
        if len(options) < 2:  # nothing close: offer the usual topics instead
            options = self.topic_options()[:3]
        options.append(Option(label="None of these", payload=NONE_OF_THESE))
        return self.fallback("low_confidence", "I'm not sure I understood, and I'd rather not "
                             "guess. Is it about one of these?", score, options=options)

    def did_you_mean(self, candidates: tuple, score: float) -> Reply:
        knowledge = self.engine.knowledge
        labelled = [(c.intent, a.title if a else i.title) for c in candidates
                    for i, a in [knowledge.resolve(c.intent)] if i is not None]
        titles = " or ".join(f"“{title}”" for _, title in labelled)
        options = [Option(label=title, payload=f"{PAYLOAD_PREFIX}i:{label}")
                   for label, title in labelled]
        options.append(Option(label="None of these", payload=NONE_OF_THESE))
        return self.fallback("ambiguous", f"Did you mean {titles}?", score, options=options)
