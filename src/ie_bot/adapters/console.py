"""The console channel: a REPL for people and a JSON-lines mode for scripts.

Like errbot's text backend, it only converts lines to engine calls and replies
to lines; all behaviour lives in the engine behind the ``Advisor``.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import sys
import textwrap
from pathlib import Path
from typing import TextIO

from ie_bot.engine.types import Reply
from ie_bot.service import Advisor

PROMPT = "you> "
BYE = "Goodbye, and good luck with your application!"


#: A list item's marker: its continuation lines are indented to the text after it.
_HANGING = re.compile(r"^(\s*(?:•|-|\d+\))\s+)")


def terminal_width() -> int:
    """The terminal's width (``COLUMNS`` when set, 80 when unknown), less one column so a
    full line does not make the terminal wrap by itself."""
    return max(20, shutil.get_terminal_size((80, 24)).columns - 1)


def wrap(text: str, width: int) -> str:
    """Wrap each line at word boundaries only; list items keep a hanging indent."""
    out: list[str] = []
    for line in text.split("\n"):
        marker = _HANGING.match(line)
        out += textwrap.wrap(line, width, subsequent_indent=" " * len(marker.group(1))
                             if marker else "", break_long_words=False,
                             break_on_hyphens=False) or [""]
    return "\n".join(out)


def render(reply: Reply, width: int | None = None) -> str:
    """Plain text with the options as a numbered list (type the number or the text),
    wrapped to ``width`` columns when given."""
    lines = [reply.text]
    if reply.options:
        lines.append("")
        lines += [f"  {n}) {option.label}" for n, option in enumerate(reply.options, start=1)]
    text = "\n".join(lines)
    return wrap(text, width) if width else text


def _enable_line_editing(history_file: Path) -> None:
    """Arrow keys and history where the platform has readline; silently absent elsewhere."""
    try:
        import readline
    except ImportError:  # pragma: no cover - Windows without pyreadline
        return
    import atexit

    history_file.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        readline.read_history_file(history_file)
    readline.set_history_length(1000)
    atexit.register(_save_history, readline, history_file)


def _save_history(readline_module, history_file: Path) -> None:  # type: ignore[no-untyped-def]
    with contextlib.suppress(OSError):
        readline_module.write_history_file(history_file)


class Console:
    """One conversation with one advisor over a pair of text streams."""

    def __init__(self, advisor: Advisor, conversation: str, output: TextIO = sys.stdout,
                 width: int | None = None) -> None:
        self.advisor = advisor
        self.conversation = conversation
        self.output = output
        self.width = width  # None: the terminal's, read at each reply (it may be resized)

    def say(self, text: str) -> Reply:
        return self.advisor.handle(self.conversation, text)

    def run_json(self, lines: TextIO) -> int:
        """Each input line is a message; each reply one JSON line. Blank lines are messages too."""
        for line in lines:
            reply = self.say(line.rstrip("\r\n"))
            self.output.write(json.dumps(reply.public_json(), ensure_ascii=False) + "\n")
            self.output.flush()
        return 0

    def run_interactive(self, history_file: Path | None, resumed: bool) -> int:
        """The REPL: greet, then read until Ctrl-D, "quit" or Ctrl-C."""
        if history_file is not None:
            _enable_line_editing(history_file)
        if resumed:
            self._print("Welcome back! We carry on where you left off.")
        self._print(self._render(self.say("/start")) if not resumed else "")
        try:
            while True:
                try:
                    line = input(PROMPT)
                except EOFError:
                    self._print("")
                    break
                if line.strip().lower() in {"quit", "exit", ":q"}:
                    break
                self._print(self._render(self.say(line)))
        except KeyboardInterrupt:
            self._print("")
        finally:
            self._print(BYE)
        return 0

    def _render(self, reply: Reply) -> str:
        return render(reply, self.width or terminal_width())

    def _print(self, text: str) -> None:
        if text:
            print(f"\n{text}\n" if not text.startswith("\n") else text, file=self.output)
