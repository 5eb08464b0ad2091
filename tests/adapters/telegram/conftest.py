"""Fixtures for the Telegram adapter's tests; the harness itself is in ``tg_harness``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from ie_bot.adapters.telegram import TelegramSettings
from ie_bot.knowledge import KnowledgeBase
from tests.adapters.telegram.tg_harness import ADMIN, TOKEN, Launcher, Telegram
from tests.conftest import KNOWLEDGE_DIR


@pytest.fixture
def settings(tmp_path: Path) -> TelegramSettings:
    return TelegramSettings(token=TOKEN, admin_ids=frozenset({ADMIN}), db=tmp_path / "bot.sqlite3",
                            knowledge=KNOWLEDGE_DIR)


@pytest.fixture
async def launcher(settings: TelegramSettings, knowledge: KnowledgeBase
                   ) -> AsyncIterator[Launcher]:
    launcher = Launcher(settings, knowledge)
    yield launcher
    for tg in list(launcher.running):
        await launcher.stop(tg)


@pytest.fixture
async def tg(launcher: Launcher) -> Telegram:
    return await launcher.start()
