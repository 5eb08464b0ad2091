"""Run ``ie-bot`` as a real process, the way scripts and operators do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT


class IeBot:
    """``ie-bot`` in a subprocess with its own database under tmp_path."""

    def __init__(self, tmp_path: Path) -> None:
        self.db = tmp_path / "ie-bot.sqlite3"
        self.env = {**os.environ, "IE_BOT_DB": str(self.db),
                    "PYTHONPATH": str(ROOT / "src"), "HOME": str(tmp_path)}
        self.env.pop("TELEGRAM_BOT_TOKEN", None)

    def run(self, *args: str, stdin: str | bytes = "") -> subprocess.CompletedProcess[str]:
        data = stdin.encode() if isinstance(stdin, str) else stdin
        done = subprocess.run([sys.executable, "-m", "ie_bot", *args], input=data,
                              capture_output=True, env=self.env, timeout=120, check=False)
        return subprocess.CompletedProcess(done.args, done.returncode,
                                           done.stdout.decode(), done.stderr.decode())

    def json_lines(self, *messages: str, args: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        done = self.run("console", "--json", *args, stdin="\n".join(messages) + "\n")
        assert done.returncode == 0, done.stderr
        return [json.loads(line) for line in done.stdout.splitlines()]


@pytest.fixture
def ie_bot(tmp_path: Path) -> IeBot:
    return IeBot(tmp_path)
