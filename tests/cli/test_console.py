"""`ie-bot console`: the JSON-lines interface and the interactive loop."""

from __future__ import annotations

from tests.cli.conftest import IeBot

KEYS = {"text", "intent", "programme", "confidence", "fallback", "sources", "options"}


def test_json_lines_carry_every_key_and_keep_context(ie_bot: IeBot) -> None:
    first, second = ie_bot.json_lines("how much is tution at leidn?", "and at NTNU?")
    assert set(first) == KEYS
    assert (first["intent"], first["programme"]) == ("tuition_fee", "leiden-delft")
    assert (second["intent"], second["programme"]) == ("tuition_fee", "ntnu")
    assert first["sources"] and not first["fallback"]
    assert 0 < first["confidence"] <= 1


def test_bad_lines_get_clear_replies_not_tracebacks(ie_bot: IeBot) -> None:
    junk = b"\n" + b"x" * 10_000 + b"\n\xff\xfe\x00\x01\n\xf0\x9f\x99\x82\nfees at ntnu?\n"
    done = ie_bot.run("console", "--json", stdin=junk)
    assert done.returncode == 0 and "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 5
    assert '"intent": "tuition_fee"' in lines[-1]


def test_each_process_starts_a_new_conversation(ie_bot: IeBot) -> None:
    ie_bot.json_lines("tuition at leiden")
    (reply,) = ie_bot.json_lines("and at ntnu?")
    assert reply["intent"] != "tuition_fee" or reply["programme"] == "ntnu"
    (again,) = ie_bot.json_lines("what about living costs")
    assert again["programme"] == ["leiden-delft", "ntnu"]  # no programme remembered


def test_session_resumes_a_stored_conversation(ie_bot: IeBot) -> None:
    ie_bot.json_lines("tuition at leiden", args=("--session", "ana"))
    (reply,) = ie_bot.json_lines("and at ntnu?", args=("--session", "ana"))
    assert (reply["intent"], reply["programme"]) == ("tuition_fee", "ntnu")


def test_interactive_console_greets_answers_and_says_goodbye(ie_bot: IeBot) -> None:
    done = ie_bot.run("console", stdin="tuition at ntnu\n1\n")
    assert done.returncode == 0, done.stderr
    assert "Tuition" in done.stdout and "1) " in done.stdout
    assert "Goodbye" in done.stdout


def test_plain_ie_bot_without_token_is_the_console(ie_bot: IeBot) -> None:
    done = ie_bot.run(stdin="hello\n")
    assert done.returncode == 0 and "Goodbye" in done.stdout


def test_concurrent_processes_share_the_database(ie_bot: IeBot) -> None:
    import subprocess
    import sys

    procs = [subprocess.Popen([sys.executable, "-m", "ie_bot", "console", "--json"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=ie_bot.env) for _ in range(4)]
    questions = "\n".join(["fees at ntnu", "and at leiden?", "deadline?"] * 10) + "\n"
    outputs = [p.communicate(questions.encode(), timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err.decode()
        assert len(out.splitlines()) == 30


def test_sigterm_ends_the_console_cleanly(ie_bot: IeBot) -> None:
    import signal
    import subprocess
    import sys
    import time

    proc = subprocess.Popen([sys.executable, "-m", "ie_bot", "console", "--json"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=ie_bot.env)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(b"fees at ntnu\n")
    proc.stdin.flush()
    assert b"tuition_fee" in proc.stdout.readline()  # it is up and has answered
    time.sleep(0.1)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM
    assert b"Traceback" not in err
