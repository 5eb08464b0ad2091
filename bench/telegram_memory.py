"""Memory per answer of the Telegram adapter over many answers: does it level off?

Drives PTB's real Application (the network replaced by RecordingRequest, whose call log is
emptied as it goes) with ``--answers`` updates from ``--users`` users: questions, button
presses and now and then a message with a word never seen before (typo correction caches
each unknown word). tracemalloc snapshots at every ``--every`` answers show the Python heap
and what grew most between the first snapshot and the last; RSS is read from /proc.

    python bench/telegram_memory.py [--answers 50000] [--users 500] [--every 10000] [--tmp DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT / "src"))

from telegram import Update  # noqa: E402
from telegram.ext import AIORateLimiter  # noqa: E402

from ie_bot.adapters.telegram import TelegramBot, TelegramSettings  # noqa: E402
from ie_bot.adapters.telegram.offline import BOT_USER, RecordingRequest  # noqa: E402
from ie_bot.adapters.telegram.throttle import FloodGuard  # noqa: E402
from ie_bot.knowledge import load_knowledge  # noqa: E402
from ie_bot.service import Advisor  # noqa: E402
from ie_bot.storage import SqliteStore  # noqa: E402

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
QUESTIONS = ["what is the tuition fee at NTNU?", "deadline for Leiden?", "/start",
             "compare the programmes", "how long does it take", "am I eligible", "cancel",
             "can I bring my cat to the dorm", "english requirements at ntnu"]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def update(n: int, user: int, buttons: dict[int, str], rng: random.Random, bot: object
           ) -> Update:
    sender = {"id": user, "is_bot": False, "first_name": "U"}
    chat = {"id": user, "type": "private", "first_name": "U"}
    if n % 3 == 1 and user in buttons:
        body = {"callback_query": {"id": str(n), "from": sender, "chat_instance": "c",
                                   "data": buttons.pop(user),
                                   "message": {"message_id": 1, "date": 0, "chat": chat,
                                               "from": BOT_USER, "text": "…"}}}
    else:
        text = QUESTIONS[n % len(QUESTIONS)]
        if n % 10 == 0:  # a word never seen before
            text += " " + "".join(rng.choice("bcdfghklmnprstvz") for _ in range(8))
        entities = [{"type": "bot_command", "offset": 0, "length": len(text)}] \
            if text.startswith("/") else []
        body = {"message": {"message_id": n, "date": 0, "chat": chat, "from": sender,
                            "text": text, "entities": entities}}
    return Update.de_json({"update_id": n, **body}, bot)  # type: ignore[arg-type]


async def main(args: argparse.Namespace, db: Path) -> None:
    request = RecordingRequest()
    buttons: dict[int, str] = {}

    def remember(call) -> None:  # type: ignore[no-untyped-def]
        markup = call.params.get("reply_markup")
        if call.method == "sendMessage" and markup:
            buttons[call.params["chat_id"]] = markup["inline_keyboard"][0][0]["callback_data"]

    request.api.on_call = remember
    bot = TelegramBot(TelegramSettings(token=TOKEN, db=db),
                      Advisor(load_knowledge(None), SqliteStore(db)), request=request,
                      flood=FloodGuard(burst=10**9, rate=10**9),
                      rate_limiter=AIORateLimiter(overall_max_rate=0, group_max_rate=0))
    rng = random.Random(0)
    if args.trace:
        tracemalloc.start(1)
    first = last = None
    started = time.perf_counter()
    async with bot.application as app:
        for n in range(1, args.answers + 1):
            await app.process_update(update(n, 10_000 + n % args.users, buttons, rng, app.bot))
            request.api.calls.clear()
            if n % args.every == 0:
                gc.collect()
                snapshot = tracemalloc.take_snapshot() if args.trace else None
                heap = (sum(s.size for s in snapshot.statistics("filename")) / 2**20
                        if snapshot else float("nan"))
                print(f"{n:>7} answers: traced heap {heap:6.1f} MB, RSS {rss_mb():6.1f} MB, "
                      f"{n / (time.perf_counter() - started):.0f} answers/s", flush=True)
                if first is None:
                    first = snapshot
                last = snapshot
    await app.post_shutdown(app)
    if first is None or last is None:
        return
    print("\nLargest growth between the first and the last snapshot:")
    for stat in last.compare_to(first, "lineno")[:8]:
        print(f"  {stat.size_diff / 1024:+8.1f} KiB {stat.count_diff:+7d} blocks  "
              f"{stat.traceback[0]}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=50_000)
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--every", type=int, default=10_000)
    parser.add_argument("--tmp", type=Path, default=ROOT,
                        help="where the database goes (memory does not depend on the disk; "
                        "/dev/shm makes the run shorter)")
    parser.add_argument("--no-trace", dest="trace", action="store_false",
                        help="RSS only, without tracemalloc (which slows every allocation)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=arguments.tmp) as tmp:
        asyncio.run(main(arguments, Path(tmp) / "memory.sqlite3"))
