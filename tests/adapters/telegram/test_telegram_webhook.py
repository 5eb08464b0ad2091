"""The webhook server in-process: the secret, ``/healthz``, and the run-until-SIGTERM life cycle.

The Bot API is ``FakeBotApi`` behind PTB's ``BaseRequest`` hook; the server is real tornado on
a loopback port, spoken to with httpx. ``test_telegram_process`` runs the same as a process.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from ie_bot.adapters.telegram import TelegramBot, TelegramSettings
from ie_bot.adapters.telegram.app import ALLOWED_UPDATES
from ie_bot.adapters.telegram.offline import FakeBotApi, RecordingRequest
from ie_bot.adapters.telegram.settings import WebhookSettings
from ie_bot.adapters.telegram.webhook import SECRET_HEADER, WebhookServer, serve_webhook
from ie_bot.knowledge import KnowledgeBase
from ie_bot.service import Advisor
from ie_bot.storage import SqliteStore, StorageError
from tests.adapters.telegram.tg_harness import ALICE
from tests.conftest import KNOWLEDGE_DIR, TODAY

SECRET = "hook-secret_1"


def _update(text: str, update_id: int = 1) -> dict[str, Any]:
    user = {"id": ALICE, "is_bot": False, "first_name": "Alice"}
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "text": text, "from": user,
        "chat": {"id": ALICE, "type": "private", "first_name": "Alice"}}}


async def _until(condition: Callable[[], object], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.02)


@pytest.fixture
def hook(unused_tcp_port: int) -> WebhookSettings:
    return WebhookSettings(url="https://bot.example.org/tg-hook", listen="127.0.0.1",
                           port=unused_tcp_port, secret_token=SECRET)


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi()


@pytest.fixture
def bot(settings: TelegramSettings, knowledge: KnowledgeBase, api: FakeBotApi) -> TelegramBot:
    advisor = Advisor(knowledge, SqliteStore(settings.db), today=lambda: TODAY)
    return TelegramBot(settings, advisor, request=RecordingRequest(api))


@pytest.fixture
async def base_url(bot: TelegramBot, hook: WebhookSettings, settings: TelegramSettings
                   ) -> AsyncIterator[str]:
    """The server and a started Application, as ``serve_webhook`` runs them."""
    app = bot.application
    server = WebhookServer(app, hook, knowledge_dir=settings.knowledge, db_path=settings.db)
    async with app:
        server.listen()
        await app.start()
        try:
            yield f"http://127.0.0.1:{hook.port}"
        finally:
            await server.close()
            await app.stop()


async def test_only_posts_with_the_secret_reach_the_bot(base_url: str, api: FakeBotApi) -> None:
    async with httpx.AsyncClient(base_url=base_url) as client:
        unsigned = await client.post("/tg-hook", json=_update("/start", 1))
        forged = await client.post("/tg-hook", json=_update("/start", 2),
                                   headers={SECRET_HEADER: SECRET + "x"})
        signed = await client.post("/tg-hook/", json=_update("/start", 3),
                                   headers={SECRET_HEADER: SECRET})
    assert (unsigned.status_code, forged.status_code, signed.status_code) == (403, 403, 200)
    await _until(lambda: api.sent())
    await asyncio.sleep(0.1)  # the refused two would have been answered by now
    assert [params["chat_id"] for params in api.sent()] == [ALICE]


async def test_a_body_that_is_not_an_update_is_a_400(
        base_url: str, caplog: pytest.LogCaptureFixture) -> None:
    async with httpx.AsyncClient(base_url=base_url) as client:
        answer = await client.post("/tg-hook", content=b"{not json",
                                   headers={SECRET_HEADER: SECRET})
    assert answer.status_code == 400
    assert "Could not read an update Telegram posted" in caplog.text


async def test_healthz_answers_without_a_secret(base_url: str) -> None:
    async with httpx.AsyncClient(base_url=base_url) as client:
        health = await client.get("/healthz")
        posted = await client.post("/healthz", json={})
        elsewhere = await client.get("/tg-hook")
    assert (health.status_code, health.text) == (200, "healthy")
    assert health.headers["content-type"].startswith("text/plain")
    assert (posted.status_code, elsewhere.status_code) == (405, 405)


async def test_healthz_is_503_when_the_database_cannot_take_a_write(
        bot: TelegramBot, hook: WebhookSettings, tmp_path: Path) -> None:
    server = WebhookServer(bot.application, hook, knowledge_dir=KNOWLEDGE_DIR, db_path=tmp_path)
    server.listen()
    try:
        async with httpx.AsyncClient() as client:
            health = await client.get(f"http://127.0.0.1:{hook.port}/healthz")
    finally:
        await server.close()
    assert health.status_code == 503
    assert health.text.startswith(f"unhealthy: database {tmp_path} cannot be opened")


def _serve(bot: TelegramBot, hook: WebhookSettings) -> asyncio.Task[None]:
    return asyncio.create_task(serve_webhook(
        bot.application, hook, knowledge_dir=bot.settings.knowledge, db_path=bot.settings.db,
        allowed_updates=ALLOWED_UPDATES))


def _store_closed(bot: TelegramBot) -> bool:
    try:
        bot.advisor.store.check_writable()
    except StorageError as exc:
        return "is closed" in str(exc)
    return False


async def test_serving_runs_like_run_webhook_and_sigterm_finishes_the_updates_in_hand(
        bot: TelegramBot, api: FakeBotApi, hook: WebhookSettings) -> None:
    serving = _serve(bot, hook)
    await _until(lambda: api.sent("setWebhook"))  # the signal handlers are in place by now
    async with httpx.AsyncClient() as client:
        posted = await client.post(f"http://127.0.0.1:{hook.port}/tg-hook", json=_update("hi"),
                                   headers={SECRET_HEADER: SECRET})
    assert posted.status_code == 200
    os.kill(os.getpid(), signal.SIGTERM)
    await asyncio.wait_for(serving, timeout=30)

    assert api.sent()[0]["text"].startswith("Hi!")  # answered before serving returned
    assert api.sent("setMyCommands")  # post_init ran
    assert api.sent("setWebhook") == [{"url": "https://bot.example.org/tg-hook",
                                       "secret_token": SECRET,
                                       "allowed_updates": ALLOWED_UPDATES}]
    assert not api.sent("deleteWebhook")  # it stays registered for the next start
    assert _store_closed(bot)  # post_shutdown ran
    assert not asyncio.get_running_loop().remove_signal_handler(signal.SIGTERM)



async def test_an_update_with_a_lone_surrogate_is_answered_and_stored(
        base_url: str, api: FakeBotApi, bot: TelegramBot) -> None:
    body = json.dumps(_update("tuition at ntnu \ud83d", 7))  # json.dumps escapes it: \ud83d
    assert "\\ud83d" in body
    async with httpx.AsyncClient(base_url=base_url) as client:
        posted = await client.post("/tg-hook", content=body.encode(),
                                   headers={SECRET_HEADER: SECRET,
                                            "Content-Type": "application/json"})
    assert posted.status_code == 200
    await _until(lambda: api.sent())
    assert api.sent()[0]["text"]
    assert bot.advisor.store.stats().questions == 1
