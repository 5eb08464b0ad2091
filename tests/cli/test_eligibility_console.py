"""The whole eligibility check through `ie-bot console --json`, as a script would drive it."""

from __future__ import annotations

from tests.cli.conftest import IeBot


def test_full_check_with_typos_bad_values_back_skip_and_a_question(ie_bot: IeBot) -> None:
    replies = ie_bot.json_lines(
        "am i elegible?",                 # typo in the trigger
        "all of them",
        "BSc in mechanical engeneering",  # typo in the field
        "seventy thousand",               # not a number: re-asked
        "10 ECTS of statistics",
        "ielts 12",                       # out of range: re-asked
        "back",                           # back to the ECTS question
        "10",
        "ielts 6.5",
        "how much is the tuition at ntnu?",  # a factual question mid-check
        "i dont know",                    # skip the Nordic question
        "no",
    )
    assert all(r["intent"] == "eligibility_check" for r in replies if r is not replies[9])
    assert replies[9]["intent"] == "tuition_fee" and "Back to your eligibility check" in (
        replies[9]["text"])
    assert "ECTS" in replies[3]["text"]  # re-asked, same question
    assert "IELTS" in replies[5]["text"] and "0 to 9" in replies[5]["text"]
    assert "ECTS" in replies[6]["text"]  # back went to the ECTS question
    final = replies[-1]["text"]
    assert "MSc Industrial Ecology (NTNU)" in final and "Leiden" in final
    assert "eligible" in final
    assert replies[-1]["sources"]


def test_options_during_the_check_are_the_accepted_choices(ie_bot: IeBot) -> None:
    first, choice = ie_bot.json_lines("/eligibility", "leiden")
    assert first["options"] and choice["options"]
    picked = ie_bot.json_lines("/eligibility", "leiden", choice["options"][0])[-1]
    assert picked["intent"] == "eligibility_check" and not picked["fallback"]


def test_cancel_ends_the_check_and_questions_work_again(ie_bot: IeBot) -> None:
    *_, cancelled, after = ie_bot.json_lines("/eligibility", "ntnu", "cancel",
                                             "fees at ntnu?")
    assert "cancel" in cancelled["text"].lower() or "stopped" in cancelled["text"].lower()
    assert after["intent"] == "tuition_fee"


def test_a_restart_mid_check_resumes_at_the_same_question(ie_bot: IeBot) -> None:
    session = ("--session", "sam")
    before = ie_bot.json_lines("/eligibility", "leiden", "yes", "chemistry", args=session)
    asked = before[-1]["text"]
    (again,) = ie_bot.json_lines("something that is not an answer", args=session)
    assert again["intent"] == "eligibility_check"
    assert asked.splitlines()[-1] in again["text"]  # the same question, asked again
    (verdict,) = ie_bot.json_lines("toefl 80, lowest section 19", args=session)
    assert "not eligible" in verdict["text"] and "19" in verdict["text"]
