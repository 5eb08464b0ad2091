"""Text normalisation shared by the matcher, programme detection and option matching."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9.]+")
_POSSESSIVE = re.compile(r"(?<=[a-z])['’]s\b")
_LONE_DOTS = re.compile(r"(?<![0-9])\.|\.(?![0-9])")

#: Words that carry no topic. They are not removed (they help short chit-chat like
#: "how are you") but weigh little in matching.
STOPWORDS = frozenset(
    """
    a an the is are was were be been am do does did i im i'm me my we our you your it its
    of to in at on for from by with about as and or but if so than then there here this
    that these those what whats can could would should
    will shall may might must please pls plz tell know want wanna like need get give any
    some s t u ur r hi hey hello ok okay yes no not just also too very much many more one
    two
    """.split()
)


def normalise(text: str) -> str:
    """Lower-case, strip accents and punctuation (keeping decimals like 6.5), fold spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    ascii_text = _POSSESSIVE.sub("", ascii_text).replace("'", "")
    return " ".join(_LONE_DOTS.sub(" ", _NON_WORD.sub(" ", ascii_text)).split())


def tokens(text: str) -> list[str]:
    """Normalised tokens of ``text``."""
    return normalise(text).split()


def stem(token: str) -> str:
    """A deliberately light stemmer (plurals only): typo correction does the rest."""
    if len(token) <= 3 or token[0].isdigit():
        return token
    for suffix, replacement in (("ies", "y"), ("sses", "ss")):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)] + replacement
    if token.endswith("s") and not token.endswith("ss") and len(token) > 4:
        return token[:-1]
    return token
