"""`ie-bot telegram` as a real process against a fake Bot API server on localhost.

This exercises what the in-process tests cannot: PTB's real HTTP request class, the
TELEGRAM_API_BASE_URL setting, logging (no token, no tracebacks), polling, a 409 Conflict,
the webhook server with its secret token and its /healthz, and SIGTERM.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from ie_bot.adapters.telegram.offline import Call, FakeBotApi
from tests.adapters.telegram.tg_harness import ALICE, TOKEN
from tests.cli.conftest import IeBot
from tests.conftest import KNOWLEDGE_DIR

CONFLICT = ("Conflict: terminated by other getUpdates request; "
            "make sure that only one bot instance is running")
SECRET_HALF = TOKEN.split(":")[1]


class BotApiServer:
    """``FakeBotApi`` over HTTP, at ``base_url`` (PTB appends the token and the method)."""

    def __init__(self) -> None:
        self.api = FakeBotApi()
        self.paths: list[str] = []
        api, paths = self.api, self.paths

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                params = {key: _json_or_text(value) for key, value in parse_qsl(body)}
                paths.append(self.path)
                method = self.path.rsplit("/", 1)[-1]
                if method == "getUpdates" and not api.updates:
                    time.sleep(0.05)  # as if long polling found nothing
                status, payload = api.answer(method, params)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/bot"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def wait_for(self, method: str, timeout: float = 30) -> Call:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for call in list(self.api.calls):
                if call.method == method and not isinstance(call.result, str):
                    return call
            time.sleep(0.05)
        raise AssertionError(f"no {method} within {timeout} s; calls: {self.api.calls}")


def _json_or_text(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


def _message(text: str, update_id: int = 1) -> dict[str, Any]:
    chat = {"id": ALICE, "type": "private", "first_name": "Alice"}
    return {"update_id": update_id, "message": {
        "message_id": update_id, "date": int(time.time()), "chat": chat,
        "from": {"id": ALICE, "is_bot": False, "first_name": "Alice"}, "text": text,
        **({"entities": [{"type": "bot_command", "offset": 0, "length": len(text)}]}
           if text.startswith("/") else {})}}


@pytest.fixture
def ie_bot(tmp_path: Path) -> IeBot:
    return IeBot(tmp_path)


@pytest.fixture
def bot_api() -> Iterator[BotApiServer]:
    server = BotApiServer()
    yield server
    server.close()


@pytest.fixture
def env(ie_bot: IeBot, bot_api: BotApiServer) -> dict[str, str]:
    ie_bot.env.update({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": bot_api.base_url})
    return ie_bot.env


def _conversation_saved(ie_bot: IeBot) -> bool:
    with sqlite3.connect(ie_bot.db) as db:
        row = db.execute("SELECT 1 FROM conversations WHERE key = ?",
                         (f"tg:{ALICE}:{ALICE}",)).fetchone()
    return row is not None


def _assert_clean(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert SECRET_HALF not in stderr
    assert "HTTP Request" not in stderr  # httpx's request lines (with URLs) are off


def test_polling_answers_and_a_second_instance_exits_with_one_line(
        ie_bot: IeBot, bot_api: BotApiServer, env: dict[str, str]) -> None:
    bot_api.api.updates = [_message("/start")]

    def conflict_after_the_first_updates(call: Call) -> None:
        if call.method == "getUpdates" and call.result:
            bot_api.api.fail("getUpdates", 409, CONFLICT, times=1000)

    bot_api.api.on_call = conflict_after_the_first_updates
    done = ie_bot.run("telegram")

    assert done.returncode == 1
    _assert_clean(done.stderr)
    conflict_lines = [line for line in done.stderr.splitlines() if "Conflict" in line]
    assert len(conflict_lines) == 1 and "409 Conflict" in conflict_lines[0]
    assert all(path.startswith(f"/bot{TOKEN}/") for path in bot_api.paths)  # base_url as is
    assert bot_api.wait_for("setMyCommands").params["commands"][0]["command"] == "start"
    assert bot_api.wait_for("sendMessage").params["chat_id"] == ALICE
    assert _conversation_saved(ie_bot)


def _start_webhook(env: dict[str, str], port: int, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "ie_bot", "telegram", "--webhook", "--listen", "127.0.0.1",
         "--port", str(port), "--webhook-url", "https://bot.example.org/tg-hook", *args],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _sigterm(bot: subprocess.Popen[str]) -> str:
    """Stop the bot as Docker does; its stderr (it is killed if SIGTERM does not stop it)."""
    try:
        bot.send_signal(signal.SIGTERM)
        return bot.communicate(timeout=30)[1]
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.communicate()


def test_the_webhook_checks_its_secret_and_sigterm_stops_it_cleanly(
        ie_bot: IeBot, bot_api: BotApiServer, env: dict[str, str], unused_tcp_port: int) -> None:
    port = unused_tcp_port
    env["IE_BOT_WEBHOOK_SECRET"] = "a-secret_1"
    bot = _start_webhook(env, port)
    try:
        hook = bot_api.wait_for("setWebhook").params
        assert hook["url"] == "https://bot.example.org/tg-hook"
        assert hook["secret_token"] == "a-secret_1"
        post = _poster(f"http://127.0.0.1:{port}/tg-hook")
        assert post(_message("hello"), "wrong-secret").status_code == 403
        assert post(_message("hello", update_id=2), "a-secret_1").status_code == 200
        assert bot_api.wait_for("sendMessage").params["text"].startswith("Hi!")
    finally:
        stderr = _sigterm(bot)
    assert bot.returncode == 0
    _assert_clean(stderr)
    assert "a-secret_1" not in stderr
    assert _conversation_saved(ie_bot)
    assert not [call for call in bot_api.api.calls if call.method == "deleteWebhook"]


def test_the_webhook_port_answers_health_probes(
        ie_bot: IeBot, bot_api: BotApiServer, env: dict[str, str], unused_tcp_port: int,
        tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, knowledge)
    bot = _start_webhook(env, unused_tcp_port, "--knowledge", str(knowledge))
    try:
        probe = _getter(f"http://127.0.0.1:{unused_tcp_port}/healthz")
        healthy = probe()
        (knowledge / "programmes.yml").write_text("version: 1\nprogrammes: [\n", encoding="utf-8")
        broken = probe()
        post = _poster(f"http://127.0.0.1:{unused_tcp_port}/tg-hook")
        secret = bot_api.wait_for("setWebhook").params["secret_token"]
        assert post(_message("hello"), secret).status_code == 200
        assert bot_api.wait_for("sendMessage")  # the knowledge loaded at start keeps serving
    finally:
        stderr = _sigterm(bot)
    assert (healthy.status_code, healthy.text) == (200, "healthy")
    assert broken.status_code == 503
    assert broken.text.startswith(f"unhealthy: knowledge base {knowledge}: programmes.yml")
    assert bot.returncode == 0
    _assert_clean(stderr)
    assert secret not in stderr


def test_a_taken_webhook_port_is_one_line_and_telegram_is_not_pointed_at_it(
        ie_bot: IeBot, bot_api: BotApiServer, env: dict[str, str], unused_tcp_port: int) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", unused_tcp_port))
        taken.listen()
        done = ie_bot.run("telegram", "--webhook", "--listen", "127.0.0.1",
                          "--port", str(unused_tcp_port),
                          "--webhook-url", "https://bot.example.org/tg-hook")
    assert done.returncode == 2
    _assert_clean(done.stderr)
    assert "Could not start the webhook server" in done.stderr
    assert not [call for call in bot_api.api.calls if call.method == "setWebhook"]


def _retrying(request: Callable[[], httpx.Response]) -> httpx.Response:
    """``request()``, retried while the bot's server is not listening yet."""
    deadline = time.monotonic() + 20
    while True:
        try:
            return request()
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _poster(url: str) -> Callable[[dict[str, Any], str], httpx.Response]:
    def post(update: dict[str, Any], secret: str) -> httpx.Response:
        return _retrying(lambda: httpx.post(
            url, json=update, timeout=5, headers={"X-Telegram-Bot-Api-Secret-Token": secret}))

    return post


def _getter(url: str) -> Callable[[], httpx.Response]:
    return lambda: _retrying(lambda: httpx.get(url, timeout=10))


def test_a_missing_token_is_one_line(ie_bot: IeBot) -> None:
    done = ie_bot.run("telegram")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "ie-bot: TELEGRAM_BOT_TOKEN is missing: create a bot with @BotFather and set it to "
        "the token"]


def test_a_malformed_setting_is_one_line(ie_bot: IeBot) -> None:
    ie_bot.env.update({"TELEGRAM_BOT_TOKEN": TOKEN, "IE_BOT_ADMIN_IDS": "12,@bob"})
    done = ie_bot.run("telegram")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "ie-bot: IE_BOT_ADMIN_IDS '@bob' is not a numeric Telegram user id"]


def test_an_unreachable_api_is_reported_without_a_traceback(ie_bot: IeBot,
                                                           unused_tcp_port: int) -> None:
    ie_bot.env.update({"TELEGRAM_BOT_TOKEN": TOKEN,
                       "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{unused_tcp_port}/bot"})
    done = ie_bot.run("telegram")
    assert done.returncode == 1
    _assert_clean(done.stderr)
    assert "Could not reach the Telegram Bot API" in done.stderr


def test_a_rejected_token_is_reported_without_a_traceback(
        ie_bot: IeBot, bot_api: BotApiServer, env: dict[str, str]) -> None:
    bot_api.api.fail("getMe", 401, "Unauthorized")
    done = ie_bot.run("telegram")
    assert done.returncode == 2
    _assert_clean(done.stderr)
    assert "Telegram rejected the bot token: check TELEGRAM_BOT_TOKEN." in done.stderr
