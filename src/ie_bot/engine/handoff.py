"""Handing a question to a human advisor: offered, explained, confirmed, then marked.

The engine stays pure: it never sends anything. Once the student says yes, the reply
carries a ``HandoffRequest`` and the adapter stores it and delivers it to the advisors.

    where the student is             message                     reply
    a fallback / sources silent      (any)                       + "Ask an advisor" option
    anywhere                         Ask an advisor, /contact,   what will be shared, send it?
                                     "talk to a person"          (or: type your question)
    asked to type the question       the question                what will be shared, send it?
    asked to confirm                 Yes, send it / yes          sent: reply.handoff is set
    asked to confirm or to type      No / cancel                 nothing sent
    asked to confirm                 anything else               draft dropped, answered as usual
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ie_bot.engine.handoff_types import RECENT_TURNS, HandoffDraft, HandoffRequest, RecentTurn
from ie_bot.engine.types import PAYLOAD_PREFIX, Option, Reply
from ie_bot.nlu.normalise import normalise

if TYPE_CHECKING:
    from ie_bot.engine.routes import Turn

INTENT = "contact_advisor"
PAYLOAD = f"{PAYLOAD_PREFIX}h:"
ASK = Option(label="Ask an advisor", payload=f"{PAYLOAD}ask")
SEND = Option(label="Yes, send it", payload=f"{PAYLOAD}send")
DONT = Option(label="No, don't send", payload=f"{PAYLOAD}no")
_YES = frozenset({"yes", "y", "send", "send it", "yes send it", "ok", "okay", "sure",
                  "yes please", "please do"})
_NO = frozenset({"no", "n", "cancel", "stop", "dont", "don t", "no thanks", "dont send",
                 "don t send", "no dont send", "no don t send", "never mind"})
MAX_QUESTION = 1000
_NONE = f"{PAYLOAD_PREFIX}none"  # "None of these" stays the last option
_SCREENED = frozenset({"empty", "too_long", "unreadable"})  # not a question to pass on

TYPE_QUESTION = ("I can pass a question to the programme advisors; they answer here, in this "
                 "chat. Please type your question in one message (or say cancel).")
SENT = ("Sent. An advisor will reply here, in this chat; I'll pass their answer on as soon as "
        "it arrives. Meanwhile, ask me anything else.")
NOT_SENT = "OK, I haven't sent anything. Ask me anything else, or pick a topic."
NOTHING_PENDING = ("There is no question waiting to be sent (that button is from earlier). "
                   "To ask an advisor, press “Ask an advisor” or send /contact.")


def begin(turn: Turn) -> Reply:
    """Start a request: with the last unanswered question, or by asking for one."""
    question = next((t.user for t in reversed(turn.state.recent) if t.unanswered), None)
    if question is None:
        turn.state.handoff = HandoffDraft(stage="question")
        return _reply(TYPE_QUESTION, [DONT])
    turn.state.handoff = HandoffDraft(stage="confirm", question=question)
    return _confirm(turn)


def payload(turn: Turn, action: str) -> Reply:
    """``::h:ask``, ``::h:send`` and ``::h:no``."""
    draft = turn.state.handoff
    if action == "ask":
        return begin(turn)
    if action == "send" and draft is not None and draft.stage == "confirm":
        return _send(turn, draft.question)
    if action == "no":
        turn.state.handoff = None
        return _reply(NOT_SENT, turn.topic_options())
    return _reply(NOTHING_PENDING, [ASK])


def take(turn: Turn, text: str) -> Reply | None:
    """A typed message while a request is drafted; None: not for the draft, route it as usual."""
    draft = turn.state.handoff
    if draft is None or text.startswith("/"):
        turn.state.handoff = None
        return None
    words = normalise(text)
    if words in _NO:
        turn.state.handoff = None
        return _reply(NOT_SENT, turn.topic_options())
    if draft.stage == "question":
        turn.state.handoff = HandoffDraft(stage="confirm", question=text.strip()[:MAX_QUESTION])
        return _confirm(turn)
    if words in _YES:
        return _send(turn, draft.question)
    turn.state.handoff = None
    return None


def after(turn: Turn, shown: str, reply: Reply, was_in_flow: bool) -> None:
    """Offer an advisor where the bot has no answer; remember the turn for a later request."""
    unanswered = reply.intent != INTENT and (reply.fallback or sources_silent(turn, reply))
    if unanswered and turn.state.handoff is None and ASK not in reply.options:
        last = len(reply.options) - (bool(reply.options) and reply.options[-1].payload == _NONE)
        reply.options = [*reply.options[:last], ASK, *reply.options[last:]]
    state = turn.state
    if (was_in_flow and state.eligibility is None and reply.intent == "eligibility_check"
            and reply.sources):
        state.verdict = reply.text[:MAX_QUESTION]
    if reply.intent == INTENT:
        return  # the request's own turns would push the real conversation out
    typed = not shown.startswith(PAYLOAD_PREFIX)
    user = shown if typed else _label(turn, shown)
    question = unanswered and typed and reply.fallback_kind not in _SCREENED
    state.recent = [*state.recent, RecentTurn(user=_trim(user, 300), bot=_trim(reply.text, 400),
                                              unanswered=question)][-RECENT_TURNS:]


def sources_silent(turn: Turn, reply: Reply) -> bool:
    """True for a fact answer where some programme's sources say nothing (or not this)."""
    intent, aspect = turn.engine.knowledge.resolve(reply.intent)  # "topic" or "topic/aspect"
    if intent is None or intent.action is not None or intent.scope == "none":
        return False
    if intent.scope == "general":
        programmes: list[str | None] = [None]
    else:
        named = reply.programme
        programmes = [named] if isinstance(named, str) else list(named or [])
    wanted = list(aspect.facts if aspect is not None else intent.facts)
    for programme in programmes:
        facts = turn.engine.composer.facts_for(wanted, programme)
        if not facts or any(not fact.stated for fact in facts):
            return True
    return False


def _confirm(turn: Turn) -> Reply:
    draft, state = turn.state.handoff, turn.state
    assert draft is not None
    names = _programme_names(turn)
    lines = [
        "I can send this question to the programme advisors:",
        f"“{draft.question}”",
        "",
        "They will also see:",
        f"• our last {len(state.recent)} exchanges" if state.recent else "• (no earlier messages)",
        f"• the programme we talked about: {names}" if names else "• no programme (none came up)",
    ]
    if state.verdict:
        lines.append("• the result of your eligibility check")
    lines += ["Not your name or your account. An advisor will reply here, in this chat.",
              "", "Send it?"]
    return _reply("\n".join(lines), [SEND, DONT])


def _send(turn: Turn, question: str) -> Reply:
    state = turn.state
    state.handoff = None
    request = HandoffRequest(question=question, programmes=list(state.programmes),
                             recent=list(state.recent), verdict=state.verdict)
    reply = _reply(SENT, turn.topic_options())
    reply.handoff = request
    return reply


def _programme_names(turn: Turn) -> str:
    knowledge = turn.engine.knowledge
    found = [knowledge.programme(p) for p in turn.state.programmes]
    return ", ".join(p.short_name for p in found if p is not None)


def _label(turn: Turn, payload_text: str) -> str:
    """A button press, as the student saw it: the label of the option they pressed."""
    label = next((o.label for o in turn.state.options if o.payload == payload_text), None)
    return f"[pressed: {label}]" if label else "[pressed a button]"


def _trim(text: str, limit: int) -> str:
    """At most ``limit`` characters; a lone surrogate (not text) becomes "?"."""
    text = text.strip().encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _reply(text: str, options: list[Option]) -> Reply:
    return Reply(text=text, intent=INTENT, confidence=1.0, options=options)
