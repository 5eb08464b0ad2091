"""The README shows what the bot really does: its transcript is regenerated from a run."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "readme_transcript.py"


def test_the_readme_transcript_is_the_consoles_real_output() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True,
                          text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr or done.stdout


def test_the_readme_transcript_starts_as_a_newcomer_types_it() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "```text\n$ .venv/bin/ie-bot\nHi! " in readme
    assert ".venv/bin/pip install -q -e . && .venv/bin/ie-bot" in readme
