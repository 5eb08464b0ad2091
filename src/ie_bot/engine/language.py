"""Messages in another language: say in one line that the bot reads English, and still
answer when what is left of the question is clear (a programme, "IELTS", a figure).

A list of common function words is enough here: the point is to notice "Wie hoch sind
die Studiengebühren in Leiden?", not to identify the language. Words that are also
English ("die", "was", "also", "will") are left out, so English is never flagged.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from ie_bot.engine.types import Reply

if TYPE_CHECKING:
    from ie_bot.engine.routes import Turn

ENGLISH_ONLY = "I understand English only, so I may have misread your message."
ENGLISH_ONLY_UNREAD = ("I understand English only, and I couldn't read your question. "
                       "Please ask it in English, or pick a topic:")

FOREIGN_WORDS = frozenset(
    """
    der das und ist sind wie wer wo wann warum welche welcher welches ich wir nicht ein eine
    einen einem für mit auf bei hoch kann können muss gibt viel kostet kosten studium brauche
    braucht bewerbung frist gebühren studiengebühren wieviel wieviele muss ob oder
    het een en wat hoe waar wanneer welke ik jij zijn kun moet voor bij niet geen hoeveel
    kost studie collegegeld aanmelden heb hebben
    og er hva hvor hvordan jeg det et ikke må til hvilke koster studieavgift söknad är och
    vad hur jag inte
    est sont quel quelle quels quelles comment où quand je vous nous pas une des pour avec
    frais combien coûte qu'est-ce le les la es
    el los las qué cuál cuáles cómo dónde cuándo yo usted una unos para cuánto cuesta
    matrícula requisitos
    il gli è sono che come dove quando io della delle quanto costa tasse
    os é são onde eu não uma quanto custa
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def _latin(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN")


def looks_foreign(text: str) -> bool:
    """Two or more common words of another language, or mostly non-Latin letters."""
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(not _latin(ch) for ch in letters) > len(letters) / 2:
        return True
    words = _WORD.findall(text.lower())
    return sum(word in FOREIGN_WORDS for word in words) >= 2


#: Words that mean the same in any language: with one of them, what is asked stays clear.
CLEAR_TERMS = frozenset("ielts toefl cambridge lca".split())


def _without_foreign_words(text: str) -> str:
    return " ".join(w for w in text.split() if w.lower().strip("?!.,;:¿¡") not in FOREIGN_WORDS)


def english_only(turn: Turn, text: str, reply: Reply) -> Reply:
    """The reply to ``text`` with the English-only line, for a message in another language.

    The matcher's reading of a foreign sentence is not trusted (it would answer a
    neighbouring topic with confidence). The message is answered only when what is left
    without the foreign words holds a term that is the same in every language ("IELTS
    Leiden"), and the engine is sure of it; otherwise it gets the line and the topics.
    """
    if not looks_foreign(text):
        return reply
    rest = _without_foreign_words(text)
    if CLEAR_TERMS & set(_WORD.findall(rest.lower())):
        answered = turn.question(rest)
        if not answered.fallback:
            return answered.model_copy(update={"text": f"{ENGLISH_ONLY}\n\n{answered.text}"})
    return turn.fallback("other_language", ENGLISH_ONLY_UNREAD, reply.confidence,
                         options=turn.topic_options())
