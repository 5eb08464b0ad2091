"""Updates per second through the Telegram adapter, end to end, for concurrent users.

Each simulated user is a closed loop: put an update on the Application's update queue
(as the Updater does), wait until the Application has handled it (its replies recorded
by RecordingRequest, no network), send the next one. Every other update presses a button
of the previous reply.
The rate limiter is PTB's AIORateLimiter with Telegram's limits turned off (0), and the
flood guard allows every message, so the figure is the adapter's, not Telegram's quota.

    python bench/telegram.py [--users 50] [--updates 40] [--db PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file is named telegram.py: keep its folder from shadowing the telegram package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT / "src"))

from telegram import Update  # noqa: E402
from telegram.ext import AIORateLimiter, TypeHandler  # noqa: E402

from ie_bot.adapters.telegram import TelegramBot, TelegramSettings  # noqa: E402
from ie_bot.adapters.telegram.offline import BOT_USER, Call, RecordingRequest  # noqa: E402
from ie_bot.adapters.telegram.throttle import FloodGuard  # noqa: E402
from ie_bot.knowledge import load_knowledge  # noqa: E402
from ie_bot.service import Advisor  # noqa: E402
from ie_bot.storage import SqliteStore  # noqa: E402

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
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


class Bench:
    def __init__(self, bot: TelegramBot) -> None:
        self.bot = bot
        self.ids = itertools.count(1)
        self.waiting: dict[int, asyncio.Future[None]] = {}
        self.buttons: dict[int, list[str]] = {}
        self.latencies: list[float] = []
        # A handler in a later group runs once the adapter's handler has finished.
        bot.application.add_handler(TypeHandler(Update, self.handled), group=1)

    async def handled(self, update: Update, context: object) -> None:
        self.waiting.pop(update.update_id).set_result(None)

    def on_call(self, call: Call) -> None:
        """Remember the buttons of each user's latest reply, to press one next."""
        if call.method == "sendMessage" and "reply_markup" in call.params:
            rows = call.params["reply_markup"]["inline_keyboard"]
            self.buttons[call.params["chat_id"]] = [b["callback_data"] for r in rows for b in r]

    def update(self, user: int, text: str | None, data: str | None) -> Update:
        sender = {"id": user, "is_bot": False, "first_name": f"User{user}"}
        chat = {"id": user, "type": "private", "first_name": f"User{user}"}
        if data is not None:
            payload = {"callback_query": {
                "id": str(next(self.ids)), "from": sender, "chat_instance": "b", "data": data,
                "message": {"message_id": 1, "date": 0, "chat": chat, "from": BOT_USER,
                            "text": "…"}}}
        else:
            entities = ([{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
                        if text and text.startswith("/") else [])
            payload = {"message": {"message_id": next(self.ids), "date": 0, "chat": chat,
                                   "from": sender, "text": text, "entities": entities}}
        return Update.de_json({"update_id": next(self.ids), **payload}, self.bot.application.bot)

    async def user(self, user: int, updates: int) -> None:
        loop = asyncio.get_running_loop()
        for n in range(updates):
            buttons = self.buttons.pop(user, [])
            press = n % 2 == 1 and buttons
            update = self.update(user, None if press else QUESTIONS[n % len(QUESTIONS)],
                                 buttons[0] if press else None)
            self.waiting[update.update_id] = future = loop.create_future()
            started = time.perf_counter()
            await self.bot.application.update_queue.put(update)
            await asyncio.wait_for(future, timeout=30)
            self.latencies.append(time.perf_counter() - started)


async def main(users: int, updates: int, db: Path) -> None:
    settings = TelegramSettings(token=TOKEN, db=db)
    advisor = Advisor(load_knowledge(None), SqliteStore(db))
    request = RecordingRequest()
    bot = TelegramBot(settings, advisor, request=request,
                      flood=FloodGuard(burst=10**9, rate=10**9),
                      rate_limiter=AIORateLimiter(overall_max_rate=0, group_max_rate=0))
    bench = Bench(bot)
    request.api.on_call = bench.on_call
    async with bot.application as app:
        await app.start()
        await asyncio.gather(*(bench.user(10_000 + u, 2) for u in range(users)))  # warm-up
        bench.latencies.clear()
        started = time.perf_counter()
        await asyncio.gather(*(bench.user(20_000 + u, updates) for u in range(users)))
        elapsed = time.perf_counter() - started
        await app.stop()
    advisor.store.close()
    latencies = sorted(bench.latencies)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"users: {users}, updates: {len(latencies)}, elapsed: {elapsed:.2f} s")
    print(f"throughput: {len(latencies) / elapsed:.0f} updates/s")
    print(f"time per update: median {statistics.median(latencies) * 1000:.1f} ms, "
          f"p99 {p99 * 1000:.1f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--updates", type=int, default=40, help="updates per user")
    parser.add_argument("--db", type=Path, help="SQLite file (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(main(args.users, args.updates, args.db or Path(tmp) / "bench.sqlite3"))
