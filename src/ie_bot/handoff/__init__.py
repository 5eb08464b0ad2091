"""Requests for a human advisor: stored in SQLite, answered on Telegram or with the CLI.

The engine only marks a reply with a ``HandoffRequest``; this package keeps the requests
(``store``) and says how they read (``text``). The channels deliver them: the Telegram
adapter posts them to the advisors' chat and relays answers, the console and
``ie-bot handoffs`` read and answer them without Telegram.
"""

from ie_bot.handoff.models import Handoff, HandoffState, parse_id
from ie_bot.handoff.store import HandoffStore

__all__ = ["Handoff", "HandoffState", "HandoffStore", "parse_id"]
