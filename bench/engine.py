"""Engine benchmark: latency at 1x/20x/100x, conversations, start-up, and the console on disk.

Run: python bench/engine.py [--scales 1,20,100] [--lines 3000]
Prints figures and asserts nothing (machines are shared and noisy; compare the ratios
printed beside their baselines). What it measures, each in a fresh process pinned to
one core so that one scale's memory does not colour the next:
- build: loading the knowledge base and building the engine;
- cold: every question once, typos in about 30% of the longer words, on a new engine
  (nothing cached: this is what a new question costs);
- warm: the same questions again (what a repeated question costs);
- dialog: multi-turn conversations (follow-ups, a whole eligibility check), per turn;
- start-up: process start to first answer, beside ``python -c pass`` in the same run;
- console: ``ie-bot console --json`` as a process with its database on disk, beside the
  engine in-process answering the same lines in one conversation.
Targets (issue 15): engine p99 < 1 ms; 20x p99 < 5 ms; 100x p99 < 20 ms, build < 10 s,
RSS < 300 MB; first answer < 300 ms; console >= 80% of the engine in-process.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]

from kbgen import scaled_knowledge, with_typos  # noqa: E402

TODAY = date(2026, 12, 1)
DIALOGS = (
    ("what are the tuition fees at leiden?", "and at ntnu?", "what about living costs there",
     "ok and the deadline?", "thanks"),
    ("tell me about the ntnu programme", "which courses are there", "how long is it",
     "is it taught in english"),
    ("am I eligible for ntnu?", "yes", "chemical engineering", "12", "ielts 7", "no", "yes",
     "compare the programmes"),
)
START_UP = """
from datetime import date
from ie_bot.engine import ConversationState, Engine
from ie_bot.knowledge import load_knowledge
Engine(load_knowledge()).reply("how much is the tuition fee at NTNU?", ConversationState(),
                               date.today())
"""


def percentiles(timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    return {"p50": ordered[len(ordered) // 2] * 1000,
            "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
            "rate": len(ordered) / sum(ordered)}


def eval_questions() -> list[str]:
    from ie_bot.evaluation import load_eval_set
    return [case.text for case in load_eval_set(ROOT / "tests" / "data" / "eval.yml").cases]


def child(knowledge: Path, questions: list[str]) -> dict[str, object]:
    """Measure one knowledge base in this (fresh) process."""
    from ie_bot.engine import ConversationState, Engine
    from ie_bot.knowledge import load_knowledge
    t0 = time.perf_counter()
    engine = Engine(load_knowledge(knowledge))
    build = time.perf_counter() - t0

    def timed(texts: list[str]) -> list[float]:
        timings = []
        for text in texts:
            start = time.perf_counter()
            engine.reply(text, ConversationState(), TODAY)
            timings.append(time.perf_counter() - start)
        return timings

    cold, warm = timed(questions), timed(questions)
    turns = []
    for _ in range(20):
        for dialog in DIALOGS:
            state = ConversationState()
            for text in dialog:
                start = time.perf_counter()
                _, state = engine.reply(text, state, TODAY)
                turns.append(time.perf_counter() - start)
    return {"intents": len(engine.knowledge.intents),
            "programmes": len(engine.knowledge.programmes), "build": build,
            "cold": percentiles(cold), "warm": percentiles(warm), "dialog": percentiles(turns),
            "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_child(knowledge: Path, questions: list[str]) -> dict:
    payload = json.dumps({"knowledge": str(knowledge), "questions": questions})
    out = subprocess.run([sys.executable, __file__, "--child"], input=payload, text=True,
                         capture_output=True, check=True, env=_env()).stdout
    return json.loads(out)


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONHASHSEED": "0"}


def _median_wall(argv: list[str], runs: int = 5, stdin: str = "") -> float:
    walls = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(argv, input=stdin, text=True, capture_output=True, check=True,
                       env=_env())
        walls.append(time.perf_counter() - t0)
    return sorted(walls)[len(walls) // 2]


def start_up() -> tuple[float, float]:
    """Median process-start-to-first-answer and ``python -c pass``, in seconds."""
    return (_median_wall([sys.executable, "-c", START_UP]),
            _median_wall([sys.executable, "-c", "pass"]))


def console_on_disk(lines: list[str]) -> tuple[float, float]:
    """Answers/s of ``console --json`` (database on disk) and of the engine in-process."""
    from ie_bot.engine import ConversationState, Engine
    from ie_bot.knowledge import load_knowledge
    engine, state = Engine(load_knowledge()), ConversationState()
    t0 = time.perf_counter()
    for line in lines:
        _, state = engine.reply(line, state, TODAY)
    in_process = len(lines) / (time.perf_counter() - t0)
    with tempfile.TemporaryDirectory(dir=ROOT) as folder:  # the repository's disk, not tmpfs
        argv = [sys.executable, "-m", "ie_bot", "console", "--json",
                "--db", str(Path(folder) / "bench.sqlite3")]
        empty = _median_wall(argv, runs=3, stdin="hello\n")
        full = _median_wall(argv, runs=3, stdin="\n".join(lines) + "\n")
    return (len(lines) - 1) / max(full - empty, 1e-9), in_process


def report(label: str, r: dict) -> None:
    print(f"{label:>5} | {r['intents']:>5} intents, {r['programmes']:>4} programmes | build "
          f"{r['build']:6.2f} s | cold p50 {r['cold']['p50']:5.2f} p99 {r['cold']['p99']:6.2f}"
          f" ms | warm p99 {r['warm']['p99']:5.2f} ms | dialog p99 {r['dialog']['p99']:5.2f}"
          f" ms | {r['cold']['rate']:,.0f}/s cold | RSS {r['rss']:4.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scales", default="1,20,100")
    parser.add_argument("--lines", type=int, default=3000, help="console lines to pipe")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    if args.child:
        job = json.loads(sys.stdin.read())
        print(json.dumps(child(Path(job["knowledge"]), job["questions"])))
        return
    rng = random.Random(11)
    real = eval_questions()
    print(f"{time.strftime('%Y-%m-%d %H:%M')}  load average {os.getloadavg()[0]:.2f}  "
          f"{os.cpu_count()} cores; one core per measurement")
    for scale in (int(s) for s in args.scales.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / f"kb{scale}"
            generated = scaled_knowledge(ROOT / "knowledge", target, scale)
            sample = rng.sample(generated, min(len(generated), len(real)))
            questions = [with_typos(q, rng) for q in real + sample]
            report(f"{scale}x", run_child(target, questions))
    first, bare = start_up()
    print(f"start-up: first answer {first * 1000:.0f} ms; python -c pass {bare * 1000:.0f} ms "
          f"(ratio {first / bare:.1f})")
    lines = [real[i % len(real)] for i in range(args.lines)]
    console, in_process = console_on_disk(lines)
    print(f"console --json on disk: {console:,.0f} answers/s; engine in-process "
          f"{in_process:,.0f}/s (console at {console / in_process:.0%})")


if __name__ == "__main__":
    main()
