"""Which comparison a question asks for: "which one is cheaper?" asks about cost.

The comparisons and their words are data (``knowledge/comparisons.yml``); this module
only finds the one a question's words point at, for the programmes being compared.
"""

from __future__ import annotations

from ie_bot.knowledge.models import Comparison
from ie_bot.nlu.normalise import normalise

#: Words that make a question about several programmes a comparison ("which needs more
#: maths?"), as opposed to a plain "maths requirements?" answered for each.
COMPARATIVE_CUES = frozenset(
    """
    which more less better worse best worst vs versus than compare compared comparison
    difference differences differ between cheaper cheapest easier harder longer shorter
    higher lower stricter fewer prefer or either both neither
    """.split()
)


def is_comparative(question: str) -> bool:
    return any(word in COMPARATIVE_CUES for word in normalise(question).split())


def _hits(comparison: Comparison, padded: str) -> int:
    return sum(1 for word in comparison.words if f" {normalise(word)} " in padded)


def pick(comparisons: list[Comparison], programme_ids: list[str], question: str,
         use_default: bool) -> Comparison | None:
    """The comparison the question's words point at for exactly these programmes; with no
    words, the default one if ``use_default`` (a plain "compare the programmes")."""
    wanted = sorted(programme_ids)
    fitting = [c for c in comparisons if sorted(c.programmes) == wanted]
    padded = f" {normalise(question)} "
    scored = [(hits, -index, c) for index, c in enumerate(fitting)
              if (hits := _hits(c, padded)) and not c.default]
    if scored:
        return max(scored, key=lambda item: item[:2])[2]
    if use_default:
        return next((c for c in fitting if c.default), None)
    return None
