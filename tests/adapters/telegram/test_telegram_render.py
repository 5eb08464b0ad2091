"""Rendering: Telegram's 4,096 limit (in UTF-16 units), keyboards, admin texts."""

from __future__ import annotations

from ie_bot.adapters.telegram import render
from ie_bot.engine import Option
from ie_bot.knowledge import Source
from ie_bot.storage import Stats


def test_short_text_is_one_chunk() -> None:
    assert render.split_message("Hello.") == ["Hello."]


def test_long_text_is_cut_at_paragraphs_and_loses_nothing() -> None:
    paragraphs = [f"Paragraph {n}. " + "word " * 150 for n in range(30)]
    text = "\n\n".join(p.strip() for p in paragraphs)
    chunks = render.split_message(text)
    assert len(chunks) > 1
    assert all(render.utf16_len(chunk) <= 4096 for chunk in chunks)
    assert all(chunk.endswith("word") for chunk in chunks)  # cut between paragraphs
    assert " ".join(" ".join(chunks).split()) == " ".join(text.split())


def test_text_without_spaces_is_cut_hard() -> None:
    chunks = render.split_message("x" * 10_000)
    assert [len(c) for c in chunks] == [4096, 4096, 1808]


def test_emoji_count_as_two_units() -> None:
    chunks = render.split_message("🌍" * 3000)
    assert all(render.utf16_len(chunk) <= 4096 for chunk in chunks)
    assert "".join(chunks) == "🌍" * 3000


def test_options_become_one_button_per_row() -> None:
    markup = render.keyboard([Option(label="Yes", payload="::elig:yes"),
                              Option(label="No", payload="::elig:no")])
    assert markup is not None
    assert [[(b.text, b.callback_data) for b in row] for row in markup.inline_keyboard] == [
        [("Yes", "::elig:yes")], [("No", "::elig:no")]]
    assert render.keyboard([]) is None


def test_about_lists_each_source_with_its_period() -> None:
    text = render.about([Source(file="a.txt", title="A listing", speaks_of="the 2023/24 intake",
                                date="2021-06-18")])
    assert "A listing (a.txt): speaks of the 2023/24 intake; dated 2021-06-18." in text


def test_stats_text() -> None:
    text = render.stats(Stats(questions=10, answered=7, fallbacks=3,
                              top_unanswered=[("is there a bus", 2)]))
    assert "Answered: 7 (70%)" in text and "Fallback rate: 30% (3)" in text
    assert "2× is there a bus" in text


def test_reload_refused_shows_the_first_problems() -> None:
    text = render.reload_refused([f"problem {n}" for n in range(8)])
    assert "8 problem(s)" in text and "• problem 4" in text and "• problem 5" not in text
    assert "3 more" in text
