"""How requests read: to advisors (in their chat or the CLI) and, answered, to the student."""

from __future__ import annotations

import time

from ie_bot.handoff.models import Handoff

REPLY_HINT = "Reply to this message to answer the student; I'll pass your reply on."


def for_advisors(handoff: Handoff, *, hint: bool = True) -> str:
    """The request with what the student agreed to share, and nothing else."""
    request = handoff.request
    lines = [f"Request {handoff.label}"
             + (f" ({', '.join(request.programmes)})" if request.programmes else ""),
             f"Question: {request.question}"]
    if request.recent:
        lines += ["", "Recent conversation:"]
        for turn in request.recent:
            lines += [f"› Student: {turn.user}", f"‹ Bot: {turn.bot}"]
    if request.verdict:
        lines += ["", f"Eligibility check: {request.verdict[:800]}"]
    if hint:
        lines += ["", REPLY_HINT]
    return "\n".join(lines)


def one_line(handoff: Handoff, now: float | None = None) -> str:
    """For /open and ``ie-bot handoffs list``: number, age, state, the question's start."""
    age = _age((now or time.time()) - handoff.created_at)
    question = handoff.request.question
    short = question if len(question) <= 80 else question[:79] + "…"
    status = handoff.state
    if handoff.state == "open" and handoff.posted_message_id is None and handoff.chat_id:
        status = "open, not yet in the advisors' chat"
    if handoff.awaiting_delivery:
        status = "answered, not yet delivered" + (f" ({handoff.problem})"
                                                  if handoff.problem else "")
    return f"{handoff.label} · {age} ago · {status} · {short}"


def answer_for_student(handoff: Handoff) -> str:
    question = handoff.request.question
    short = question if len(question) <= 120 else question[:119] + "…"
    return (f"An advisor answered your question “{short}”:\n\n{handoff.answer}\n\n"
            "(That answer is from a person, not from my sources. Ask me anything else here.)")


def _age(seconds: float) -> str:
    minutes = int(max(seconds, 0) // 60)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h"
    return f"{minutes // 1440} d"
