"""Screen raw input before any matching: empty, too long, binary, emoji only."""

from __future__ import annotations

import unicodedata

from ie_bot.engine.types import FallbackKind

MAX_MESSAGE_CHARS = 600


def screen(message: str) -> FallbackKind | None:
    """Why a message cannot be read as a question, or None when it can."""
    text = message.strip()
    if not text:
        return "empty"
    if len(text) > MAX_MESSAGE_CHARS:
        return "too_long"
    controls = sum(1 for ch in text if unicodedata.category(ch) in {"Cc", "Cs", "Co", "Cn"}
                   and ch not in "\t\n\r")
    if "\x00" in text or "\ufffd" in text or controls > len(text) // 10:
        return "unreadable"
    if not any(ch.isalnum() for ch in text):
        return "empty"
    return None


SCREEN_REPLIES: dict[str, str] = {
    "empty": "I read text questions only. Ask me, for example, "
    "“What is the tuition fee at NTNU?” or type “help”.",
    "too_long": "That message is too long for me to answer well "
    f"(over {MAX_MESSAGE_CHARS} characters). Please ask one short question, "
    "e.g. “What are the English requirements at Leiden?”.",
    "unreadable": "I couldn't read that message; it doesn't look like text. "
    "Please type your question in words.",
}
