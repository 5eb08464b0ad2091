"""`ie-bot handoffs` and the console's side of a request for a human advisor."""

from __future__ import annotations

from tests.cli.conftest import IeBot

SESSION = ("--session", "ana")


def test_a_console_request_is_listed_answered_and_shown_next_time(ie_bot: IeBot) -> None:
    *_, sent = ie_bot.json_lines("can I bring my cat to the dorm", "Ask an advisor",
                                 "Yes, send it", args=SESSION)
    assert "Saved as request #1" in sent["text"]
    listed = ie_bot.run("handoffs")
    assert listed.returncode == 0
    assert "#1 · 0 min ago · open · can I bring my cat to the dorm" in listed.stdout
    shown = ie_bot.run("handoffs", "show", "#1")
    assert "Recent conversation:" in shown.stdout and "User" not in shown.stdout
    answered = ie_bot.run("handoffs", "answer", "1", "No pets in student housing.")
    assert answered.returncode == 0 and "Answered #1" in answered.stdout
    assert "answered, not yet delivered" in ie_bot.run("handoffs").stdout
    (reply,) = ie_bot.json_lines("thanks", args=SESSION)
    assert reply["text"].startswith("An advisor answered your question")
    assert "No pets in student housing." in reply["text"]
    (later,) = ie_bot.json_lines("thanks", args=SESSION)
    assert "An advisor answered" not in later["text"]  # shown once
    assert ie_bot.run("handoffs").stdout.strip() == "No open requests."
    assert "· answered ·" in ie_bot.run("handoffs", "list", "--all").stdout


def test_bad_numbers_are_reported_in_one_line(ie_bot: IeBot) -> None:
    for args in (("answer", "x", "hi"), ("answer", "7", "hi"), ("close", "#")):
        done = ie_bot.run("handoffs", *args)
        assert done.returncode == 2 and "Traceback" not in done.stderr
        assert done.stderr.startswith("ie-bot: ")
