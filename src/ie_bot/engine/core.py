"""The engine: routes one message, given the conversation so far, to one reply.

Pure by design (like h11): no I/O, no clock, no channel. "Today" and the
knowledge base come in; a ``Reply`` and the next ``ConversationState`` go out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ie_bot.engine import language, routes
from ie_bot.engine.answers import AnswerComposer
from ie_bot.engine.inputs import SCREEN_REPLIES, screen
from ie_bot.engine.types import PAYLOAD_PREFIX, ConversationState, Reply
from ie_bot.knowledge.models import KnowledgeBase
from ie_bot.nlu.calibration import fingerprint, probability
from ie_bot.nlu.matcher import IntentMatcher, Match
from ie_bot.nlu.normalise import normalise
from ie_bot.nlu.programmes import ProgrammeDetector


@dataclass(frozen=True)
class Thresholds:
    """Rasa-style fallback: answer only above a confidence and a margin over the runner-up.

    These defaults apply to raw matcher scores, when the knowledge base has no current
    calibration; a calibration carries its own (both from ``ie-bot eval --sweep``).
    """

    min_confidence: float = 0.13
    min_margin: float = 0.03


class Engine:
    """Built once per knowledge base; ``reply`` is the only entry point adapters need."""

    def __init__(self, knowledge: KnowledgeBase, thresholds: Thresholds | None = None) -> None:
        self.knowledge = knowledge
        calibration = knowledge.calibration
        if calibration is not None and calibration.fingerprint != fingerprint(knowledge):
            calibration = None  # fitted on other examples: raw scores are the honest choice
        self.calibration = calibration
        default = (Thresholds(calibration.min_confidence, calibration.min_margin)
                   if calibration else Thresholds())
        self.thresholds = thresholds or default
        self.matcher = IntentMatcher(
            knowledge.examples_by_label(),
            weak_terms=knowledge.vocabulary.weak_terms,
            synonyms=knowledge.vocabulary.synonyms,
        )
        self.detector = ProgrammeDetector(knowledge.programmes,
                                          knowledge.vocabulary.meaningful_aliases)
        self.composer = AnswerComposer(knowledge)
        self.other_institutions = [normalise(name)
                                   for name in knowledge.out_of_scope.other_institutions]

    def confidence(self, match: Match, text: str) -> float:
        """P(the best intent is right) when calibrated, else the matcher's raw score."""
        if self.calibration is None or not match.candidates:
            return match.best.score
        return probability(self.calibration.weights, match, text)

    def reply(self, message: str, state: ConversationState, today: date
              ) -> tuple[Reply, ConversationState]:
        """Answer ``message``; never raises for any text a user can send."""
        state = state.model_copy(deep=True)
        state.turns += 1
        turn = routes.Turn(engine=self, state=state, today=today)
        problem = screen(message)
        if problem is not None:
            reply = turn.fallback(problem, SCREEN_REPLIES[problem], keep_options=True)
        else:
            text = turn.resolve_option(message.strip())
            if text.startswith(PAYLOAD_PREFIX):
                reply = turn.payload(text)
            elif state.eligibility is not None:
                reply = turn.in_flow(text)
            else:
                reply = language.english_only(turn, text, turn.question(text))
        state.options = list(reply.options)
        return reply, state
