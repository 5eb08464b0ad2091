"""The bot's commands in one table: what the menu shows and what the engine is asked.

Commands are translated to ordinary engine messages, so the console and Telegram give
the same answers; only /start (which also resets) and /about are the adapter's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import BotCommand


@dataclass(frozen=True)
class Command:
    name: str
    description: str
    engine_text: str | None = None  # None: answered by the adapter itself


PUBLIC = (
    Command("start", "Welcome and topics to ask about"),  # resets, then asks "hello"
    Command("help", "What I can answer", "/help"),
    Command("programmes", "The programmes I know about", "/programmes"),
    Command("eligibility", "Check step by step whether you can apply", "/eligibility"),
    Command("compare", "Compare the programmes", "/compare"),
    Command("cancel", "Stop the current check", "/cancel"),
    Command("contact", "Send a question to a human advisor", "/contact"),
    Command("about", "My sources and the dates they speak of"),
)


def menu() -> list[BotCommand]:
    """The list registered with set_my_commands at start-up."""
    return [BotCommand(command.name, command.description) for command in PUBLIC]
