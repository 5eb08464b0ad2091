"""Admin commands: /stats and /reload for IE_BOT_ADMIN_IDS only; a broken reload is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

from ie_bot.adapters.telegram.handlers import NOT_ALLOWED
from tests.adapters.telegram.tg_harness import ADMIN, ALICE, GROUP, Launcher, Telegram
from tests.conftest import KNOWLEDGE_DIR


async def test_admin_commands_from_a_non_admin_are_not_allowed(tg: Telegram) -> None:
    assert (await tg.say("/stats", user=ALICE)).texts == [NOT_ALLOWED]
    assert (await tg.say("/reload", user=ALICE)).texts == [NOT_ALLOWED]
    assert (await tg.say("/stats@ie_test_bot", user=ALICE, chat=GROUP)).texts == [NOT_ALLOWED]


async def test_stats_for_an_admin(tg: Telegram) -> None:
    await tg.say("What is the tuition fee at NTNU?", user=ALICE)
    await tg.say("is there a good bakery in Delft", user=ALICE)
    await tg.say("is there a good bakery in Delft", user=ALICE)
    reply = await tg.say("/stats", user=ADMIN)
    assert "Questions: 3" in reply.text
    assert "Answered: 1 (33%)" in reply.text
    assert "Fallback rate: 67% (2)" in reply.text
    assert "2× is there a good bakery in delft" in reply.text


async def _bot_on_a_copy_of_the_knowledge(launcher: Launcher, tmp_path: Path
                                          ) -> tuple[Telegram, Path]:
    copy = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, copy)
    launcher.settings = launcher.settings.model_copy(update={"knowledge": copy})
    return await launcher.start(), copy


async def test_reload_swaps_in_a_valid_knowledge_base(launcher: Launcher, tmp_path: Path) -> None:
    tg, copy = await _bot_on_a_copy_of_the_knowledge(launcher, tmp_path)
    sources = copy / "sources.yml"
    sources.write_text(sources.read_text().replace("programme listing", "programme page"))
    reply = await tg.say("/reload", user=ADMIN)
    assert reply.text.startswith("Reloaded the knowledge base: 2 programmes")
    assert "programme page" in (await tg.say("/about")).text


async def test_a_broken_knowledge_base_is_refused_and_the_old_one_keeps_serving(
        launcher: Launcher, tmp_path: Path) -> None:
    tg, copy = await _bot_on_a_copy_of_the_knowledge(launcher, tmp_path)
    (copy / "programmes.yml").write_text("version: 1\nprogrammes: [\n")
    (copy / "sources.yml").write_text("version: 2\nsources: []\n")
    reply = await tg.say("/reload", user=ADMIN)
    assert "problem(s); I kept the old one, which is still serving" in reply.text
    assert "• programmes.yml:" in reply.text and "invalid YAML" in reply.text
    assert "• sources.yml:" in reply.text
    assert "There are no tuition fees at NTNU" in (
        await tg.say("What is the tuition fee at NTNU?")).text
