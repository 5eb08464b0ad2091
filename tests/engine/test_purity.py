"""The core does no I/O of its own: it imports and answers with the adapters' libraries gone."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import KNOWLEDGE_DIR, ROOT

PROGRAM = f"""
import builtins, sys
for blocked in ("telegram", "sqlite3", "httpx", "tornado", "readline", "platformdirs"):
    sys.modules[blocked] = None  # importing any of them now raises ImportError
from ie_bot.knowledge import load_knowledge
knowledge = load_knowledge({str(KNOWLEDGE_DIR)!r})  # loading data happens before the core
from ie_bot.nlu.matcher import IntentMatcher
matcher = IntentMatcher.for_knowledge(knowledge)  # so does loading (or fitting) the model
def refuse(*args, **kwargs):
    raise AssertionError("the engine must not do I/O")
builtins.input = builtins.print = builtins.open = refuse
from datetime import date
from ie_bot.engine import ConversationState, Engine
engine = Engine(knowledge, matcher=matcher)
state = ConversationState()
for message in ["tuition at ntnu?", "and at leiden?", "am I eligible?", "all", "cancel"]:
    reply, state = engine.reply(message, state, date(2026, 11, 23))
sys.stdout.write(reply.intent)
"""


def test_engine_answers_without_io_or_adapter_libraries() -> None:
    done = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT / "src"),
                               "IE_BOT_MODEL_CACHE": os.environ["IE_BOT_MODEL_CACHE"]},
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "eligibility_check"
