"""The engine: routes one message, given the conversation so far, to one reply.

Pure by design (like h11): no I/O, no clock, no channel. "Today" and the
knowledge base come in; a ``Reply`` and the next ``ConversationState`` go out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ie_bot.engine import handoff, language, routes
from ie_bot.engine.answers import AnswerComposer
from ie_bot.engine.inputs import SCREEN_REPLIES, screen
from ie_bot.engine.types import PAYLOAD_PREFIX, ConversationState, Reply
from ie_bot.knowledge.models import KnowledgeBase
from ie_bot.nlu.matcher import IntentMatcher, Match
from ie_bot.nlu.normalise import normalise
from ie_bot.nlu.programmes import ProgrammeDetector


@dataclass(frozen=True)
class Thresholds:
    """Rasa-style fallback: answer only above a confidence and a margin over the runner-up.

    Confidences are the classifier's probabilities. The defaults come from a sweep on the
    development set ``tests/data/eval.yml`` (``ie-bot eval --sweep``; README, "Accuracy"),
    never from the held-out sets.
    """

    min_confidence: float = 0.25
    min_margin: float = 0.0


class Engine:
    """Built once per knowledge base; ``reply`` is the only entry point adapters need."""

    def __init__(self, knowledge: KnowledgeBase, thresholds: Thresholds | None = None,
                 matcher: IntentMatcher | None = None) -> None:
        """``matcher`` is built from ``knowledge`` if not given; building it reads (or
        trains and writes) the cached model, so a caller that wants the core free of I/O
        builds it first with ``IntentMatcher.for_knowledge``."""
        self.knowledge = knowledge
        self.thresholds = thresholds or Thresholds()
        self.matcher = matcher or IntentMatcher.for_knowledge(knowledge)
        self.detector = ProgrammeDetector(knowledge.programmes,
                                          knowledge.vocabulary.meaningful_aliases)
        self.composer = AnswerComposer(knowledge)
        self.other_institutions = [normalise(name)
                                   for name in knowledge.out_of_scope.other_institutions]

    def confidence(self, match: Match, text: str) -> float:
        """How far the best intent's probability rises above chance (1 / number of
        intents), from 0 to 1: a threshold on it means the same for 3 intents as for 150,
        where a raw probability of 0.4 is a guess among three but a clear lead among many."""
        chance = 1.0 / max(self.matcher.size, 1)
        if chance >= 1.0:
            return match.best.score
        return max(0.0, (match.best.score - chance) / (1.0 - chance))

    def reply(self, message: str, state: ConversationState, today: date
              ) -> tuple[Reply, ConversationState]:
        """Answer ``message``; never raises for any text a user can send."""
        state = state.model_copy(deep=True)
        state.turns += 1
        turn = routes.Turn(engine=self, state=state, today=today)
        was_in_flow, text = state.eligibility is not None, message.strip()
        problem = screen(message)
        if problem is not None:
            reply = turn.fallback(problem, SCREEN_REPLIES[problem], keep_options=True)
        else:
            text = turn.resolve_option(text)
            if text.startswith(PAYLOAD_PREFIX):
                reply = turn.payload(text)
            elif state.handoff is not None and (drafted := handoff.take(turn, text)):
                reply = drafted
            elif state.eligibility is not None:
                reply = turn.in_flow(text)
            else:
                reply = language.english_only(turn, text, turn.question(text))
        handoff.after(turn, text, reply, was_in_flow)
        state.options = list(reply.options)
        return reply, state
