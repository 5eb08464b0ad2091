"""The console wraps replies to the terminal's width, at word boundaries only."""

from __future__ import annotations

from pathlib import Path

import pytest

from ie_bot.adapters.console import render
from ie_bot.engine import Engine
from tests.cli.conftest import IeBot
from tests.conftest import Conversation


@pytest.fixture
def ie_bot(tmp_path: Path) -> IeBot:
    return IeBot(tmp_path)


QUESTIONS = [
    "/start", "help", "which one is cheaper", "compare the programmes", "tuition fees?",
    "specialisation rules at leiden", "which documents do I need to apply to Leiden?",
    "what courses does ntnu teach", "/about", "whats the weather in trondheim",
    "am I eligible?",
]


@pytest.mark.parametrize("width", [60, 80, 120])
def test_no_line_is_wider_than_the_terminal_and_no_word_is_broken(
        engine: Engine, width: int) -> None:
    say = Conversation(engine)
    for question in QUESTIONS:
        reply = say(question)
        wrapped = render(reply, width)
        assert wrapped.split() == render(reply).split(), question  # the same words, whole
        for line in wrapped.split("\n"):
            assert len(line) <= width or " " not in line.strip(), (question, line)


def test_list_items_and_options_keep_a_hanging_indent(engine: Engine) -> None:
    reply = Conversation(engine)("which one is cheaper")
    lines = render(reply, 60).split("\n")
    bullet = next(i for i, line in enumerate(lines) if line.startswith("• NTNU"))
    assert lines[bullet + 1].startswith("  ") and not lines[bullet + 1].startswith("   ")
    options = lines[len(lines) - lines[::-1].index(""):]
    assert [line[:5] for line in options] == ["  1) ", "  2) ", "  3) ", "  4) "]


def test_the_console_wraps_to_the_width_it_is_given(ie_bot: IeBot) -> None:
    ie_bot.env["COLUMNS"] = "60"
    done = ie_bot.run("console", stdin="which one is cheaper\ncompare the programmes\n")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.split("\n")
    assert max(len(line) for line in lines) <= 60
    assert "Leiden/Delft" in done.stdout and "Univers\n" not in done.stdout
