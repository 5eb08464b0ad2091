"""Engine benchmark: throughput, latency, cold start and memory, pinned to one core.

Run: python bench/engine.py   (prints figures; asserts nothing, machines are noisy)
Targets: p99 < 5 ms, >= 1,000 answers/s, first answer < 1 s, peak RSS < 100 MB;
with a generated knowledge base 20x larger, p99 < 20 ms.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ie_bot.engine import ConversationState, Engine  # noqa: E402
from ie_bot.evaluation import load_eval_set  # noqa: E402
from ie_bot.knowledge import load_knowledge  # noqa: E402

TODAY = date(2026, 11, 23)
COLD_START = """
import time, resource
t0 = time.perf_counter()
from datetime import date
from ie_bot.engine import ConversationState, Engine
from ie_bot.knowledge import load_knowledge
engine = Engine(load_knowledge({knowledge!r}))
engine.reply("how much is the tuition fee at NTNU?", ConversationState(), date.today())
print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def questions() -> list[str]:
    cases = load_eval_set(ROOT / "tests" / "data" / "eval.yml").cases
    return [case.text for case in cases]


def measure(engine: Engine, texts: list[str], rounds: int) -> tuple[float, float, float]:
    """Answers per second, p50 and p99 in milliseconds, over fresh conversations."""
    timings = []
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            t0 = time.perf_counter()
            engine.reply(text, ConversationState(), TODAY)
            timings.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    timings.sort()
    p50 = timings[len(timings) // 2] * 1000
    p99 = timings[int(len(timings) * 0.99)] * 1000
    return len(timings) / elapsed, p50, p99


def cold_start(knowledge: Path) -> tuple[float, float]:
    """Wall time from process start to first answer, and the process's peak RSS in MB."""
    code = COLD_START.format(knowledge=str(knowledge))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout
    wall = time.perf_counter() - t0
    _, rss_kb = out.split()
    return wall, int(rss_kb) / 1024


def scaled_knowledge(source: Path, target: Path, factor: int) -> None:
    """A knowledge base ``factor`` times larger: more programmes and more intents.

    New intents reuse real examples with shuffled extra words, so the matcher's
    vocabulary and index grow as a real, larger knowledge base's would.
    """
    rng = random.Random(7)
    target.mkdir(parents=True, exist_ok=True)
    (target / "intents").mkdir()
    (target / "facts").mkdir()
    programmes = yaml.safe_load((source / "programmes.yml").read_text())
    base = programmes["programmes"]
    extra = []
    for n in range(len(base) * (factor - 1)):
        clone = dict(base[n % len(base)])
        clone["id"] = f"{clone['id']}-{n}"
        clone["aliases"] = [f"campus{n}", f"uni{n} city{n}"]
        extra.append(clone)
    programmes["programmes"] = base + extra
    (target / "programmes.yml").write_text(yaml.safe_dump(programmes))
    words = sorted({w for p in (source / "intents").glob("*.yml")
                    for w in p.read_text().split() if w.isalpha()})
    for path in (source / "intents").glob("*.yml"):
        data = yaml.safe_load(path.read_text())
        copies = []
        for k in range(1, factor):
            for intent in data["intents"]:
                clone = dict(intent, id=f"{intent['id']}_{k}", follow_ups=[])
                clone["examples"] = [f"{e} {' '.join(rng.sample(words, 2))}"
                                     for e in intent["examples"]]
                copies.append(clone)
        data["intents"] += copies
        (target / "intents" / path.name).write_text(yaml.safe_dump(data))
    for path in (source / "facts").glob("*.yml"):
        (target / "facts" / path.name).write_text(path.read_text())


def main() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    knowledge_dir = ROOT / "knowledge"
    texts = questions()
    engine = Engine(load_knowledge(knowledge_dir))
    measure(engine, texts, 1)  # warm caches, as a running bot would have
    rate, p50, p99 = measure(engine, texts, 5)
    wall, rss = cold_start(knowledge_dir)
    print(f"knowledge base: {len(engine.knowledge.intents)} intents, "
          f"{len(engine.knowledge.programmes)} programmes; {len(texts)} questions x 5")
    print(f"answers/s: {rate:,.0f}   p50: {p50:.2f} ms   p99: {p99:.2f} ms")
    print(f"process start to first answer: {wall * 1000:.0f} ms   peak RSS: {rss:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        big_dir = Path(tmp) / "kb20"
        scaled_knowledge(knowledge_dir, big_dir, 20)
        big = Engine(load_knowledge(big_dir))
        measure(big, texts, 1)
        rate, p50, p99 = measure(big, texts, 2)
        print(f"20x knowledge base ({len(big.knowledge.intents)} intents, "
              f"{len(big.knowledge.programmes)} programmes): answers/s: {rate:,.0f}   "
              f"p50: {p50:.2f} ms   p99: {p99:.2f} ms")
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this benchmark process peaked at {usage:.0f} MB)")


if __name__ == "__main__":
    main()
