"""Regenerate the README's console transcript from a real run of the console.

The questions are the README's own ``you>`` lines (edit them there); this script runs
``ie-bot console`` in a fresh process, at 80 columns, in a new conversation with its own
database, types them in, and rewrites the block with what the console printed.

    .venv/bin/python scripts/readme_transcript.py           # print the transcript
    .venv/bin/python scripts/readme_transcript.py --write   # rewrite it in README.md
    .venv/bin/python scripts/readme_transcript.py --check   # exit 1 if it is out of date

``--check`` ignores today's date in "(today is ...)", so the test that runs it does not
fail the day after the README was regenerated.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
MARKER = "<!-- transcript: .venv/bin/python scripts/readme_transcript.py --write -->"
COMMAND = "$ .venv/bin/ie-bot"
PROMPT = "you> "
COLUMNS = 80
_TODAY = re.compile(r"today is \d{1,2} [A-Z][a-z]+ \d{4}")


def _block(readme: str) -> tuple[int, int]:
    """Start and end offsets of the transcript's text inside its ```text fence."""
    at = readme.index(MARKER)
    start = readme.index("```text\n", at) + len("```text\n")
    return start, readme.index("```", start)


def questions(readme: str) -> list[str]:
    start, end = _block(readme)
    return [line[len(PROMPT):] for line in readme[start:end].splitlines()
            if line.startswith(PROMPT)]


def run_console(asked: list[str]) -> str:
    """What a newcomer sees: the console's real output, with the typed lines put back."""
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "HOME": home, "IE_BOT_DB": str(Path(home) / "ie-bot.sqlite3"),
               "COLUMNS": str(COLUMNS), "PYTHONPATH": str(ROOT / "src")}
        env.pop("TELEGRAM_BOT_TOKEN", None)
        env.pop("IE_BOT_KNOWLEDGE", None)
        done = subprocess.run([sys.executable, "-m", "ie_bot", "console"], env=env,
                              input="\n".join(asked) + "\n", capture_output=True, text=True,
                              timeout=120, check=True)
    parts = done.stdout.split(PROMPT + "\n")
    typed = [f"{PROMPT}{question}\n" for question in asked]
    out = parts[0].lstrip("\n")
    for question, part in zip(typed, parts[1:], strict=True):
        out += question + part
    return f"{COMMAND}\n{out.rstrip()}\n"


def undated(text: str) -> str:
    return _TODAY.sub("today is ...", text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite README.md")
    parser.add_argument("--check", action="store_true", help="exit 1 if README.md differs")
    args = parser.parse_args()
    readme = README.read_text(encoding="utf-8")
    transcript = run_console(questions(readme))
    start, end = _block(readme)
    if args.check:
        if undated(readme[start:end]) != undated(transcript):
            print("README.md's transcript is out of date: run "
                  ".venv/bin/python scripts/readme_transcript.py --write", file=sys.stderr)
            return 1
        return 0
    if args.write:
        README.write_text(readme[:start] + transcript + readme[end:], encoding="utf-8")
    else:
        print(transcript, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
