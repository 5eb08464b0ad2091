"""The guided eligibility check: one question per turn; state and message in, a turn out.

Sans-I/O like the engine: every function is pure, and the state is a plain JSON
dict that the engine keeps in ``ConversationState.eligibility`` (and the store in
SQLite), so a check survives a restart of the process.

What a message does (the questions themselves are the table in ``steps``):

    message                       effect                                       understood
    an answer                     record it, ask the next question needed       yes
    an impossible answer          say why, ask the same question again          yes
    back                          forget the last answer, ask it again          yes
    skip / "I don't know"         leave it unknown, go on                       yes
    cancel / stop / quit          end without a verdict (state None)            yes
    restart / start over          forget every answer, ask from the start       yes
    a button of another question  say so, ask the same question again           no
    anything else                 ask the same question again                   no

    a menu command (/help)        nothing recorded; the engine answers it       no
    values for other questions    record them too ("BSc, and IELTS 7")          yes

A check can start pre-filled with the values a student has already stated (``begin``'s
``stated``): it says in one line what it took, so that ``back`` can correct a wrong
reading, and asks only what is missing. When no question is left, the turn is the
verdict and the state is None.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ie_bot.eligibility.extract import extract
from ie_bot.eligibility.prefill import GROUPS, prefill, steps_in
from ie_bot.eligibility.profile import Profile
from ie_bot.eligibility.render import render
from ie_bot.eligibility.state import Answered, FlowState
from ie_bot.eligibility.steps import STEP_BY_FIELD, Context, Step, next_step
from ie_bot.eligibility.values.base import Answer, Invalid, Parsed
from ie_bot.eligibility.verdict import evaluate, programme_order
from ie_bot.eligibility.words import Control, control_word, looks_like_question
from ie_bot.knowledge.models import KnowledgeBase
from ie_bot.nlu.normalise import normalise

#: Buttons' payloads start with the engine's payload marker "::" (the engine's tests
#: check that the two agree; this package does not import the engine).
PAYLOAD_PREFIX = "::"
PAYLOAD = f"{PAYLOAD_PREFIX}e:"
class Button(BaseModel):
    """A fixed answer offered with a question; the engine shows it as an option."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str
    payload: str = Field(max_length=64)


_SKIP = Button(label="I don't know", payload=f"{PAYLOAD}skip")
_BACK = Button(label="Back", payload=f"{PAYLOAD}back")
_CONTROLS_HELP = "say back, skip (or “I don't know”) or cancel whenever you like"
CANCELLED = ("OK, I've stopped the eligibility check. Ask me anything else, or say "
             "“check my eligibility” to start again.")


class FlowTurn(BaseModel):
    """What the engine turns into a reply, and the flow's next state."""

    model_config = ConfigDict(extra="forbid")

    text: str
    options: list[Button]
    state: dict[str, Any] | None = Field(description="None once the flow has ended.")
    understood: bool = Field(description="False: not an answer to the pending question.")
    programmes: list[str]
    sources: list[str]
    verdicts: dict[str, str] = Field(default_factory=dict, description="Set by a verdict.")
    profile: dict[str, Any] = Field(default_factory=dict, description="Known at the verdict.")


def begin(kb: KnowledgeBase, programmes: list[str] | None,
          stated: dict[str, Any] | None = None) -> FlowTurn:
    """Start a check; with no (known) programmes, the first question is which ones.

    ``stated`` are values the student already gave (``extract``): they are filled in,
    each as an answer that ``back`` can undo, and with no programme named, a check
    with values in it covers every programme.
    """
    if not kb.eligibility:
        return _ended("I can't check eligibility right now: no entry criteria are loaded.", [])
    chosen = programme_order(kb, [p for p in programmes or [] if p in kb.eligibility])
    if not chosen and (len(kb.eligibility) == 1 or steps_in(stated or {})):
        chosen = programme_order(kb, list(kb.eligibility))
    flow = FlowState(step="programmes", profile=Profile(programmes=chosen or None),
                     programmes_given=bool(chosen))
    flow, taken = prefill(kb, flow, stated or {})
    names = Context(kb, flow.profile).names()
    intro = (f"Let's check your eligibility{' for ' + names if chosen else ''}. I'll ask a few "
             f"short questions, one at a time; {_CONTROLS_HELP}.")
    if taken:
        intro = (f"Let's check your eligibility for {names}. From what you told me: {taken}. "
                 "If I read something wrong, say back. I'll ask only what is missing.")
    return _ask_next(kb, flow, intro)


def advance(kb: KnowledgeBase, state: dict[str, Any], message: str) -> FlowTurn:
    """Read ``message`` (free text, a payload, or a typed option label) as an answer."""
    flow = _load(kb, state)
    if flow is None:
        return _lost(kb)
    text = message.strip()
    options = _options(STEP_BY_FIELD[flow.step], Context(kb, flow.profile), flow)
    if text.isdecimal() and options:  # the console numbers buttons; free-text steps have none
        if not 1 <= int(text) <= len(options):
            return _again(kb, flow, f"There is no option {text}: pick 1 to {len(options)}, "
                          "or type your answer.")
        text = options[int(text) - 1].payload
    control = _control(text)
    if control is not None:
        return _CONTROLS[control](kb, flow)
    if text.startswith("/"):  # a menu command: the engine answers it; never an answer
        return _again(kb, flow, "", False)
    step = STEP_BY_FIELD[flow.step]
    ctx = Context(kb, flow.profile)
    if text.startswith(PAYLOAD_PREFIX):
        parsed: Parsed = _from_payload(step, ctx, text)
        if parsed is None:
            return _again(kb, flow, "That button belongs to an earlier question.", False)
    else:
        parsed = _read(step, ctx, text)
    if isinstance(parsed, Invalid):
        return _again(kb, flow, f"{parsed.reason}. {step.hint}")
    stated = {} if text.startswith(PAYLOAD_PREFIX) else extract(text).fields
    if step.field == "degree_field" and set(stated) - set(GROUPS["degree"]):
        parsed = None  # "ielts 6.5" at the field question is a test, not a field of study
    if parsed is None:
        return _record_stated(kb, flow, stated) or _again(
            kb, flow, f"Sorry, I didn't get that as an answer. {step.hint}", False)
    return _record(kb, flow, step, {**stated, **parsed.fields})


def reprompt(kb: KnowledgeBase, state: dict[str, Any]) -> FlowTurn:
    """The pending question again, e.g. after the engine answered a question mid-flow."""
    flow = _load(kb, state)
    return _lost(kb) if flow is None else _again(kb, flow, "")


# -- reading a message ----------------------------------------------------------


def _control(text: str) -> Control | None:
    if text.startswith(PAYLOAD):
        rest = text[len(PAYLOAD):]
        return rest if rest in _CONTROLS else None  # type: ignore[return-value]
    return control_word(text)


def _from_payload(step: Step, ctx: Context, payload: str) -> Parsed:
    field, _, value = payload.removeprefix(PAYLOAD).partition(":")
    if field != step.field:
        return None
    choice = next((c for c in step.choices(ctx) if c.value == value), None)
    return Answer(choice.fields) if choice else None


def _read(step: Step, ctx: Context, text: str) -> Parsed:
    typed = normalise(text)
    for choice in step.choices(ctx):
        if typed and normalise(choice.label) == typed:
            return Answer(choice.fields)
    if looks_like_question(text):
        return None
    return step.read(text, ctx)


# -- moving on ------------------------------------------------------------------


def _record_stated(kb: KnowledgeBase, flow: FlowState, stated: dict[str, Any]
                   ) -> FlowTurn | None:
    """Values for other questions than the pending one ("oh, and I'm an EU citizen")."""
    new = {k: v for k, v in stated.items() if getattr(flow.profile, k) is None}
    if not steps_in(new):
        return None
    flow, taken = prefill(kb, flow, new)
    return _ask_next(kb, flow, f"Noted: {taken}.") if taken else None


def _record(kb: KnowledgeBase, flow: FlowState, step: Step, fields: dict[str, Any]) -> FlowTurn:
    """Keep an answer (never overwriting an earlier one) and ask the next question."""
    fields = {k: v for k, v in fields.items()
              if k == step.field or k in GROUPS.get(step.field, ())
              or getattr(flow.profile, k) is None}
    try:
        profile = Profile.model_validate({**flow.profile.model_dump(), **fields})
    except ValidationError as exc:
        reason = exc.errors()[0]["msg"].removeprefix("Value error, ")
        return _again(kb, flow, f"{reason}. {step.hint}")
    entry = Answered(step=step.field, fields=list(fields))
    flow = flow.model_copy(update={"profile": profile, "history": [*flow.history, entry]})
    ctx = Context(kb, profile)
    noted = "; ".join(STEP_BY_FIELD[k].noted(v, ctx) for k, v in fields.items()
                      if k in STEP_BY_FIELD)
    return _ask_next(kb, flow, f"Noted: {noted}.")


def _ask_next(kb: KnowledgeBase, flow: FlowState, lead: str) -> FlowTurn:
    step = next_step(Context(kb, flow.profile), flow.skipped())
    if step is None:
        return _verdict(kb, flow, lead)
    return _again(kb, flow.model_copy(update={"step": step.field}), lead)


def _again(kb: KnowledgeBase, flow: FlowState, lead: str, understood: bool = True) -> FlowTurn:
    """Ask the pending question, after ``lead`` (an acknowledgement or a reason)."""
    step = STEP_BY_FIELD[flow.step]
    ctx = Context(kb, flow.profile)
    return FlowTurn(text="\n".join(p for p in (lead, step.ask(ctx)) if p),
                    options=_options(step, ctx, flow),
                    state=flow.model_dump(mode="json"), understood=understood,
                    programmes=list(flow.profile.programmes or []),
                    sources=ctx.sources_for(step.field))


def _options(step: Step, ctx: Context, flow: FlowState) -> list[Button]:
    """Buttons for the fixed answers, then skip and back; none for free-text questions,
    so that a typed number there is an answer, not "option 2"."""
    options = [Button(label=c.label, payload=f"{PAYLOAD}{step.field}:{c.value}")
               for c in step.choices(ctx)]
    if options:
        options.append(_SKIP)
        if flow.history:
            options.append(_BACK)
    return options


def _verdict(kb: KnowledgeBase, flow: FlowState, lead: str) -> FlowTurn:
    verdicts = evaluate(kb, flow.profile)
    sources = list(dict.fromkeys(s for v in verdicts.values() for s in v.sources))
    return FlowTurn(text="\n\n".join(p for p in (lead, render(kb, verdicts)) if p), options=[],
                    state=None, understood=True, programmes=list(verdicts), sources=sources,
                    verdicts={p: v.verdict for p, v in verdicts.items()},
                    profile=flow.profile.model_dump(exclude_none=True, exclude={"programmes"}))


def _ended(text: str, programmes: list[str]) -> FlowTurn:
    return FlowTurn(text=text, options=[], state=None, understood=True,
                    programmes=programmes, sources=[])


def _load(kb: KnowledgeBase, state: dict[str, Any]) -> FlowState | None:
    """The stored state, or None if it is from another version or names unknown programmes."""
    try:
        flow = FlowState.model_validate(state)
    except ValidationError:
        return None
    known = all(p in kb.eligibility for p in flow.profile.programmes or [])
    return flow if known else None


def _lost(kb: KnowledgeBase) -> FlowTurn:
    turn = begin(kb, None)
    text = f"Sorry, I lost track of your eligibility check, so let's start again.\n{turn.text}"
    return turn.model_copy(update={"text": text})


# -- back, skip, cancel, restart ------------------------------------------------


def _back(kb: KnowledgeBase, flow: FlowState) -> FlowTurn:
    if not flow.history:
        return _again(kb, flow, "This is the first question.")
    last = flow.history[-1]
    profile = flow.profile.model_copy(update=dict.fromkeys(last.fields))
    flow = flow.model_copy(update={"profile": profile, "history": flow.history[:-1]})
    step = STEP_BY_FIELD[last.step]
    if step.field in Context(kb, profile).needed():  # ask again the very question undone
        return _again(kb, flow.model_copy(update={"step": step.field}), "OK, one question back.")
    return _ask_next(kb, flow, "OK, one question back.")


def _skip(kb: KnowledgeBase, flow: FlowState) -> FlowTurn:
    step = STEP_BY_FIELD[flow.step]
    defaults = step.if_skipped(Context(kb, flow.profile))
    if defaults:
        return _record(kb, flow, step, defaults)
    skipped = Answered(step=step.field, fields=[])
    flow = flow.model_copy(update={"history": [*flow.history, skipped]})
    return _ask_next(kb, flow, "OK, I'll leave that one as unknown.")


def _cancel(kb: KnowledgeBase, flow: FlowState) -> FlowTurn:
    turn = _ended(CANCELLED, list(flow.profile.programmes or []))
    known = flow.profile.model_dump(exclude_none=True, exclude={"programmes"})
    return turn.model_copy(update={"profile": known})


def _restart(kb: KnowledgeBase, flow: FlowState) -> FlowTurn:
    kept = flow.profile.programmes if flow.programmes_given else None
    fresh = FlowState(step="programmes", profile=Profile(programmes=kept),
                      programmes_given=flow.programmes_given)
    return _ask_next(kb, fresh, "Let's start over.")


_CONTROLS: dict[str, Callable[[KnowledgeBase, FlowState], FlowTurn]] = {
    "back": _back, "skip": _skip, "cancel": _cancel, "restart": _restart,
}
