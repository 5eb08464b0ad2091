"""ie-bot on Telegram end to end, beside a minimal echo bot, through one local Bot API fake.

The fake (this process) speaks HTTP on a real socket, as Telegram does; each bot runs in its
own process with ``base_url`` pointing at it, with no rate limiter (limits 0) and no flood
guard, so the figures are the bots', not Telegram's quota. ie-bot keeps its SQLite database
on disk. Per bot, two runs:

* closed loop: ``--users`` users each send ``--updates`` messages, each waiting for the reply
  to the previous one (every other message presses a button of the previous reply, as
  students do): messages per second.
* open loop: ``--rate`` messages per second for ``--seconds``, spread over the users:
  latency from the update's arrival at the fake to the bot's sendMessage, p50 and p99.

    python bench/telegram.py [--users 50] [--updates 40] [--rate 50] [--seconds 10]

Targets (issue 13): ie-bot >= 70% of the echo bot's messages/s; p99 < 50 ms at 50 msg/s.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

ROOT = Path(__file__).resolve().parent.parent
# This file is named telegram.py: keep its folder from shadowing the telegram package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT / "src"))

TOKENS = {"echo": "111111:EchoEchoEchoEchoEchoEcho", "ie-bot": "222222:IeBotIeBotIeBotIeBot"}
BOT_USER = {"id": 424242, "is_bot": True, "first_name": "bench", "username": "bench_bot"}
QUESTIONS = [
    "/start",
    "what is the tuition fee at NTNU?",
    "when is the application deadline for Leiden?",
    "compare the programmes",
    "which programmes do you know",
    "how long does the programme take",
    "am I eligible",
    "cancel",
    "what language is it taught in",
]


# -- the fake Bot API (this process) -------------------------------------------------------

@dataclass
class BotSide:
    """One bot's view of the fake: its pending updates and the replies awaited per chat."""

    updates: list[dict[str, Any]] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)
    waiting: collections.defaultdict[int, collections.deque[asyncio.Future[dict[str, Any]]]] = (
        field(default_factory=lambda: collections.defaultdict(collections.deque)))
    ready: asyncio.Event = field(default_factory=asyncio.Event)


class FakeBotApi:
    """Enough of the Bot API for both bots: getMe, getUpdates (long poll), sendMessage, ..."""

    def __init__(self) -> None:
        self.bots = {token: BotSide() for token in TOKENS.values()}
        self.ids = itertools.count(1)

    async def serve(self) -> int:
        server = await asyncio.start_server(self._connection, "127.0.0.1", 0)
        self.server = server
        return server.sockets[0].getsockname()[1]

    async def _connection(self, reader: asyncio.StreamReader,
                          writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split()[1]
                headers = {k.lower(): v.strip() for k, _, v in
                           (line.partition(":") for line in lines[1:] if line)}
                body = await reader.readexactly(int(headers.get("content-length", 0)))
                result = await self._call(path, body.decode())
                payload = json.dumps({"ok": True, "result": result}).encode()
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                             b"Content-Length: %d\r\n\r\n" % len(payload) + payload)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def _call(self, path: str, body: str) -> Any:
        _, token_part, method = path.rsplit("/", 2)
        side = self.bots[token_part.removeprefix("bot")]
        params = {k: _json(v) for k, v in parse_qsl(body)}
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            side.ready.set()
            offset = int(params.get("offset") or 0)
            side.updates = [u for u in side.updates if u["update_id"] >= offset]
            if not side.updates:
                side.arrived.clear()
                try:
                    await asyncio.wait_for(side.arrived.wait(), min(float(params.get(
                        "timeout") or 0), 2.0) or 0.01)
                except TimeoutError:
                    return []
            return side.updates[:100]
        if method == "sendMessage":
            message = {"message_id": next(self.ids), "date": 0, "from": BOT_USER,
                       "chat": {"id": params["chat_id"], "type": "private"},
                       "text": params.get("text", "")}
            queue = side.waiting.get(int(params["chat_id"]))
            if queue:  # replies come in order per chat: the oldest waiting message's
                future = queue.popleft()
                if not future.done():
                    future.set_result(params)
            return message
        return True

    def push(self, token: str, update: dict[str, Any]) -> asyncio.Future[dict[str, Any]]:
        side = self.bots[token]
        chat = (update.get("message") or update["callback_query"]["message"])["chat"]["id"]
        future = asyncio.get_running_loop().create_future()
        side.waiting[chat].append(future)
        side.updates.append(update)
        side.arrived.set()
        return future


def _json(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


# -- the simulated users -------------------------------------------------------------------

class Users:
    def __init__(self, api: FakeBotApi, token: str) -> None:
        self.api, self.token = api, token
        self.ids = itertools.count(1)
        self.buttons: dict[int, list[str]] = {}
        self.turn: dict[int, int] = {}

    def update(self, user: int) -> dict[str, Any]:
        n = self.turn[user] = self.turn.get(user, -1) + 1
        sender = {"id": user, "is_bot": False, "first_name": f"User{user}"}
        chat = {"id": user, "type": "private", "first_name": f"User{user}"}
        buttons = self.buttons.pop(user, [])
        if n % 2 == 1 and buttons:
            return {"update_id": next(self.ids), "callback_query": {
                "id": str(next(self.ids)), "from": sender, "chat_instance": "b",
                "data": buttons[0], "message": {"message_id": 1, "date": 0, "chat": chat,
                                                "from": BOT_USER, "text": "…"}}}
        text = QUESTIONS[n % len(QUESTIONS)]
        entities = ([{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
                    if text.startswith("/") else [])
        return {"update_id": next(self.ids), "message": {
            "message_id": next(self.ids), "date": 0, "chat": chat, "from": sender,
            "text": text, "entities": entities}}

    async def send(self, user: int) -> float:
        started = time.perf_counter()
        reply = await asyncio.wait_for(self.api.push(self.token, self.update(user)), 60)
        elapsed = time.perf_counter() - started
        rows = (reply.get("reply_markup") or {}).get("inline_keyboard", [])
        self.buttons[user] = [b["callback_data"] for row in rows for b in row]
        return elapsed

    async def closed_loop(self, users: int, updates: int) -> tuple[float, list[float]]:
        async def one(user: int) -> list[float]:
            return [await self.send(user) for _ in range(updates)]

        await asyncio.gather(*(one(5_000 + u) for u in range(users)))  # warm-up
        started = time.perf_counter()
        results = await asyncio.gather(*(one(10_000 + u) for u in range(users)))
        elapsed = time.perf_counter() - started
        return elapsed, [x for r in results for x in r]

    async def open_loop(self, users: int, rate: float, seconds: float) -> list[float]:
        tasks, start = [], time.perf_counter()
        for n in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, start + n / rate - time.perf_counter()))
            tasks.append(asyncio.create_task(self.send(20_000 + n % users)))
        return list(await asyncio.gather(*tasks))


# -- the bots (child processes) ------------------------------------------------------------

def run_bot(kind: str, base_url: str, db: Path) -> None:
    from telegram import Update
    from telegram.ext import AIORateLimiter, Application, CallbackQueryHandler, MessageHandler
    from telegram.ext import filters as f

    token = TOKENS[kind]
    if kind == "echo":
        async def echo(update: Update, context: Any) -> None:
            if update.callback_query is not None:
                await update.callback_query.answer()
            await context.bot.send_message(update.effective_chat.id,  # type: ignore[union-attr]
                                           update.effective_message.text or "…")  # type: ignore[union-attr]

        app = Application.builder().token(token).base_url(base_url).concurrent_updates(
            True).build()
        app.add_handler(MessageHandler(f.ALL, echo))
        app.add_handler(CallbackQueryHandler(echo))
        app.run_polling()
        return
    from ie_bot.adapters.telegram import TelegramBot, TelegramSettings
    from ie_bot.adapters.telegram.throttle import FloodGuard
    from ie_bot.knowledge import load_knowledge
    from ie_bot.service import Advisor
    from ie_bot.storage import SqliteStore

    settings = TelegramSettings(token=token, db=db, api_base_url=base_url)
    bot = TelegramBot(settings, Advisor(load_knowledge(None), SqliteStore(db)),
                      flood=FloodGuard(burst=10**9, rate=10**9),
                      rate_limiter=AIORateLimiter(overall_max_rate=0, group_max_rate=0))
    bot.run()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000


async def measure(kind: str, args: argparse.Namespace, api: FakeBotApi, base_url: str,
                  db: Path) -> dict[str, float]:
    child = subprocess.Popen([sys.executable, __file__, "--run-bot", kind, "--base-url",
                              base_url, "--db", str(db)], stderr=subprocess.DEVNULL)
    try:
        token = TOKENS[kind]
        await asyncio.wait_for(api.bots[token].ready.wait(), 60)
        users = Users(api, token)
        elapsed, closed = await users.closed_loop(args.users, args.updates)
        rss = rss_mb(child.pid)
        opened = await users.open_loop(args.users, args.rate, args.seconds)
        return {"msgs": len(closed) / elapsed, "closed_p50": pct(closed, 0.5),
                "closed_p99": pct(closed, 0.99), "open_p50": pct(opened, 0.5),
                "open_p99": pct(opened, 0.99), "rss": rss}
    finally:
        child.terminate()
        child.wait(30)


async def main(args: argparse.Namespace) -> None:
    api = FakeBotApi()
    port = await api.serve()
    base_url = f"http://127.0.0.1:{port}/bot"
    with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
        results = {kind: await measure(kind, args, api, base_url, Path(tmp) / "bench.sqlite3")
                   for kind in ("echo", "ie-bot")}
    load = os.getloadavg()[0]
    print(f"{args.users} users x {args.updates} messages (closed loop); open loop "
          f"{args.rate:.0f} msg/s for {args.seconds:.0f} s; load average {load:.1f}; "
          f"database on disk ({args.tmp})")
    for kind, r in results.items():
        print(f"{kind:>7}: {r['msgs']:6.0f} msg/s (p50 {r['closed_p50']:.1f} ms, p99 "
              f"{r['closed_p99']:.1f} ms) | at {args.rate:.0f} msg/s: p50 {r['open_p50']:.1f} ms,"
              f" p99 {r['open_p99']:.1f} ms | RSS {r['rss']:.0f} MB")
    ratio = results["ie-bot"]["msgs"] / results["echo"]["msgs"]
    print(f"ie-bot / echo: {ratio:.0%} of the echo bot's messages/s (target >= 70%); "
          f"p99 at {args.rate:.0f} msg/s {results['ie-bot']['open_p99']:.1f} ms (target < 50)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--updates", type=int, default=40, help="messages per user")
    parser.add_argument("--rate", type=float, default=50.0, help="open-loop messages/s")
    parser.add_argument("--seconds", type=float, default=10.0, help="open-loop duration")
    parser.add_argument("--tmp", type=Path, default=ROOT, help="where the database goes "
                        "(default: the repository, on disk)")
    parser.add_argument("--run-bot", choices=list(TOKENS), help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_bot:
        run_bot(args.run_bot, args.base_url, args.db)
    else:
        asyncio.run(main(args))
