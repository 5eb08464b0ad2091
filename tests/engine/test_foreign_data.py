"""Any labelled data works: a tiny foreign data set, with no programmes and few examples."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ie_bot.engine import ConversationState, Engine
from ie_bot.knowledge import load_knowledge

INTENTS = """\
version: 1
intents:
  - id: book_table
    title: Book a table
    response: Booked.
    examples: [book a table for two, reserve a table tonight, can i get a table for four]
  - id: opening_hours
    title: Opening hours
    response: Nine to five.
    examples: [when are you open, opening hours]
  - id: menu
    title: Menu
    response: Pasta.
    examples: [what is on the menu]
"""


def test_a_tiny_foreign_data_set_loads_answers_and_rejects(tmp_path: Path) -> None:
    (tmp_path / "intents.yml").write_text(INTENTS, encoding="utf-8")
    engine = Engine(load_knowledge(tmp_path))

    def ask(text: str):
        return engine.reply(text, ConversationState(), date(2026, 12, 1))[0]

    assert ask("could I reserve a table for two people").intent == "book_table"
    assert ask("what time do you open").intent == "opening_hours"
    assert ask("show me the menu").intent == "menu"
    unrelated = ask("how do I replace the battery of my car")
    assert unrelated.fallback and unrelated.intent == "out_of_scope"


def test_the_engines_own_words_do_not_hijack_foreign_intents(tmp_path: Path) -> None:
    (tmp_path / "intents.yml").write_text(
        INTENTS + "  - id: stop_music\n    title: Stop\n    response: Stopped.\n"
        "    examples: [stop the music, stop playing, pause the song]\n", encoding="utf-8")
    engine = Engine(load_knowledge(tmp_path))
    reply, _ = engine.reply("stop the music", ConversationState(), date(2026, 12, 1))
    assert reply.intent == "stop_music"
