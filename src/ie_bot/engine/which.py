"""Ask which programme is meant, when answering for all of them would be a wall of text.

With two programmes a side-by-side answer is short and useful; with dozens it is the
same paragraph repeated, mostly "my sources say nothing", and it grows with the
knowledge base (issue 15). Above ``SIDE_BY_SIDE_LIMIT`` the engine asks instead.
"""

from __future__ import annotations

from ie_bot.engine.types import PAYLOAD_PREFIX, Option, Reply
from ie_bot.knowledge.models import Intent, KnowledgeBase

#: The most programmes one answer shows side by side.
SIDE_BY_SIDE_LIMIT = 3
#: The most programmes offered as buttons when asking which one is meant.
OFFERED = 5
#: Telegram's limit on callback data, in bytes.
PAYLOAD_LIMIT = 64


def ask_which_programme(knowledge: KnowledgeBase, intent: Intent) -> Reply:
    """ "Which programme?" with a button per programme that has facts for this topic first."""
    def has_facts(programme_id: str) -> bool:
        return any(knowledge.fact(programme_id, fact_id) for fact_id in intent.facts)

    ranked = sorted(knowledge.programmes, key=lambda p: not has_facts(p.id))
    payloads = ((p.short_name, f"{PAYLOAD_PREFIX}i:{intent.id}:{p.id}") for p in ranked)
    options = [Option(label=label, payload=payload) for label, payload in payloads
               if len(payload.encode()) <= PAYLOAD_LIMIT][:OFFERED]
    return Reply(text=f"{intent.title}: which programme do you mean? I know "
                 f"{len(knowledge.programmes)}; pick one or name it in your question.",
                 intent=intent.id, confidence=1.0, options=options)
