"""Engine output as Telegram messages: plain-text chunks and inline keyboards.

Messages are sent without a parse mode, so engine text (which may echo what the user
typed) needs no escaping and can never break the formatting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import MessageLimit

from ie_bot.engine import Option
from ie_bot.knowledge import Source
from ie_bot.storage import Stats

MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH


def utf16_len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units (an emoji may count as two)."""
    return len(text.encode("utf-16-le")) // 2


def _longest_prefix(text: str, limit: int) -> int:
    """The number of characters of ``text`` that fit in ``limit`` UTF-16 units."""
    end = min(len(text), limit)
    while (excess := utf16_len(text[:end]) - limit) > 0:
        end -= (excess + 1) // 2
    return end


def split_message(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Chunks of at most ``limit`` units, cut at a paragraph, line or word where possible."""
    chunks: list[str] = []
    rest = text.strip() or "…"
    while utf16_len(rest) > limit:
        end = _longest_prefix(rest, limit)
        window = rest[:end]
        cut = next(
            (at for sep in ("\n\n", "\n", " ") if (at := window.rfind(sep)) > end // 2),
            end,
        )
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    chunks.append(rest)
    return chunks


def keyboard(options: Sequence[Option]) -> InlineKeyboardMarkup | None:
    """One button per row (labels are short sentences); the payload is the callback data."""
    if not options:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(option.label, callback_data=option.payload)] for option in options]
    )


def about(sources: Iterable[Source]) -> str:
    """The documents every answer comes from, and the period each one speaks of."""
    lines = [
        "I answer only from these documents. Each speaks of a particular time, so check "
        "the programme's official page for anything that may have changed since:",
        "",
    ]
    for source in sources:
        dated = f"; dated {source.date}" if source.date else ""
        lines.append(f"• {source.title} ({source.file}): speaks of {source.speaks_of}{dated}.")
    if len(lines) == 2:
        lines.append("• (no sources are listed in the knowledge base)")
    return "\n".join(lines)


def stats(figures: Stats) -> str:
    """Usage figures for admins."""
    return figures.summary()


def reload_refused(problems: Sequence[object], shown: int = 5) -> str:
    """A broken knowledge base: the first few problems, and that the old one still serves."""
    lines = [f"The knowledge base has {len(problems)} problem(s); "
             "I kept the old one, which is still serving:"]
    lines += [f"• {problem}" for problem in problems[:shown]]
    if len(problems) > shown:
        lines.append(f"… and {len(problems) - shown} more (ie-bot check-kb lists them all).")
    return "\n".join(lines)
