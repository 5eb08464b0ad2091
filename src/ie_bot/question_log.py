"""What a turn adds to the question log, and the usage figures read back from it.

Only questions are logged as questions: typed text that is neither a button press (a
payload, or an option typed by its number or label), nor an answer inside the eligibility
check, nor a command, nor an empty or emoji-only message. Those are counted as activity,
so ``/stats`` says how much the bot is asked and how often it has no answer without
button presses ("::e:degree:bachelor") or flow answers ("6.5", "No") diluting the figures.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ie_bot.engine.types import PAYLOAD_PREFIX, ConversationState, Reply
from ie_bot.nlu.normalise import normalise

Kind = Literal["question", "button", "flow", "command", "empty"]
ACTIVITY_LABELS = {"button": "button presses", "flow": "eligibility-check answers",
                   "command": "commands", "empty": "empty or emoji-only messages"}
MAX_LOGGED_CHARS = 500
_OPTION_NUMBER = re.compile(r"[0-9]{1,3}")


class LogEntry(BaseModel):
    """One turn, as the log keeps it (text and normalised text only for questions)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Kind
    text: str = Field(default="", max_length=MAX_LOGGED_CHARS)
    normalised: str = Field(default="", max_length=MAX_LOGGED_CHARS)
    intent: str = ""
    confidence: float = 0.0
    outcome: str = Field(default="answered", description="'answered' or the fallback kind.")

    @property
    def answered(self) -> bool:
        return self.outcome == "answered"


def kind_of(text: str, before: ConversationState, reply: Reply) -> Kind:
    """What ``text`` was, given the state it was read in and the reply it got."""
    stripped = text.strip()
    if stripped.startswith("/"):
        return "command"
    if stripped.startswith(PAYLOAD_PREFIX) or _typed_option(stripped, before):
        return "button"
    if before.eligibility is not None and reply.intent == "eligibility_check":
        return "flow"
    if reply.fallback_kind == "empty":
        return "empty"
    return "question"


def _typed_option(text: str, before: ConversationState) -> bool:
    """The console's "2" or a typed button label: a press, not a question."""
    if not before.options:
        return False
    if _OPTION_NUMBER.fullmatch(text):
        return 1 <= int(text) <= len(before.options)
    wanted = normalise(text)
    return bool(wanted) and any(normalise(o.label) == wanted for o in before.options)


def entry_for(text: str, before: ConversationState, reply: Reply) -> LogEntry:
    kind = kind_of(text, before, reply)
    if kind != "question":
        return LogEntry(kind=kind)
    outcome = reply.fallback_kind or ("fallback" if reply.fallback else "answered")
    return LogEntry(kind=kind, text=text.strip()[:MAX_LOGGED_CHARS],
                    normalised=normalise(text)[:MAX_LOGGED_CHARS], intent=reply.intent,
                    confidence=reply.confidence, outcome=outcome)


class Stats(BaseModel):
    """Usage figures for admins: how much the bot is asked and how often it has no answer."""

    questions: int
    answered: int
    fallbacks: int
    top_unanswered: list[tuple[str, int]]
    fallbacks_by_kind: dict[str, int] = Field(default_factory=dict)
    activity: dict[str, int] = Field(default_factory=dict,
                                     description="Turns that are not questions, by kind.")

    @property
    def answered_share(self) -> float:
        return self.answered / self.questions if self.questions else 0.0

    @property
    def fallback_rate(self) -> float:
        return self.fallbacks / self.questions if self.questions else 0.0

    def summary(self) -> str:
        """Plain text for admins (Telegram's /stats) and authors (``ie-bot stats``)."""
        lines = [
            f"Questions: {self.questions}",
            f"Answered: {self.answered} ({self.answered_share:.0%})",
            f"Fallback rate: {self.fallback_rate:.0%} ({self.fallbacks})",
        ]
        for kind, n in sorted(self.fallbacks_by_kind.items(), key=lambda kv: (-kv[1], kv[0])):
            share = n / self.questions if self.questions else 0.0
            lines.append(f"  {kind.replace('_', ' ')}: {share:.0%} ({n})")
        if any(self.activity.values()):
            lines += ["", "Not counted as questions:"]
            lines += [f"  {ACTIVITY_LABELS.get(kind, kind)}: {n}"
                      for kind, n in sorted(self.activity.items()) if n]
        if self.top_unanswered:
            lines += ["", "Top unanswered questions:"]
            lines += [f"{n}× {text}" for text, n in self.top_unanswered]
        return "\n".join(lines)
