"""Intent-classification benchmark: ie-bot's matcher beside two scikit-learn baselines.

Run: python bench/nlu.py   (prints a table; asserts nothing, machines are noisy)

On ../shared/datasets (see its README): Braun et al. 2017 (train on ``training: true``,
test on the rest; F1 is micro-averaged, i.e. the share of test sentences given the right
intent, per corpus and pooled) and CLINC150 (full): oos-threshold trains on the 150
intents and rejects below a confidence threshold chosen on the validation split (best
mean of in-scope accuracy and out-of-scope recall with at most 3% of in-scope validation
queries rejected); oos-train adds ``oos_train`` as a 151st class. Figures are on the test
split; rejected in-scope queries count as wrong. ie-bot is measured through its own
loader (a knowledge directory of intents written to a temporary folder) with a cold model
cache, so its training time includes fitting. Each system runs in its own process so its
peak memory is its own.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT.parent / "shared" / "datasets"
if not DATASETS.is_dir():
    DATASETS = Path("/work/shared/datasets")
sys.path.insert(0, str(ROOT / "src"))

BRAUN = ("ChatbotCorpus", "AskUbuntuCorpus", "WebApplicationsCorpus")
SYSTEMS = ("ie-bot", "svc", "logreg")
OOS = "oos"
Rank = Callable[[list[str]], list[tuple[str, float]]]  # texts -> (best label, confidence)


def label(name: str) -> str:
    return name.lower().replace(" ", "_")


def braun() -> dict[str, tuple[list, list]]:
    corpora = {}
    for name in BRAUN:
        data = json.loads((DATASETS / "braun2017" / f"{name}.json").read_text())
        train = [(s["text"], label(s["intent"])) for s in data["sentences"] if s["training"]]
        test = [(s["text"], label(s["intent"])) for s in data["sentences"] if not s["training"]]
        corpora[name] = (train, test)
    return corpora


def clinc() -> dict[str, list[tuple[str, str]]]:
    data = json.loads((DATASETS / "clinc150" / "data_full.json").read_text())
    return {split: [(text, label(intent)) for text, intent in rows]
            for split, rows in data.items()}


# -- the systems ----------------------------------------------------------------------
def ie_bot(train: list[tuple[str, str]]) -> Rank:
    """Through the loader, like any knowledge base: intents.yml, then the matcher."""
    from ie_bot.knowledge import load_knowledge
    from ie_bot.nlu.matcher import IntentMatcher

    examples: dict[str, list[str]] = {}
    for text, intent in train:
        examples.setdefault(intent, []).append(text)
    intents = [{"id": intent, "title": intent, "response": intent, "examples": texts}
               for intent, texts in examples.items()]
    folder = Path(tempfile.mkdtemp())
    (folder / "intents.yml").write_text(yaml.safe_dump({"version": 1, "intents": intents}))
    matcher = IntentMatcher.for_knowledge(load_knowledge(folder))
    model = matcher.model

    def rank(texts: list[str]) -> list[tuple[str, float]]:
        found = []
        for text in texts:
            ranked = model.probabilities(text)
            found.append(ranked[0] if ranked else ("", 0.0))
        return found
    return rank


def baseline(kind: str) -> Callable[[list[tuple[str, str]]], Rank]:
    """Plain scikit-learn: word 1-2 + char 3-5 TF-IDF, LinearSVC or LogisticRegression."""
    def fit(train: list[tuple[str, str]]) -> Rank:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union
        from sklearn.svm import LinearSVC

        features = make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                              TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5),
                                              sublinear_tf=True))
        model = LinearSVC() if kind == "svc" else LogisticRegression(max_iter=1000)
        pipe = make_pipeline(features, model).fit([t for t, _ in train], [i for _, i in train])
        classes = pipe.classes_

        def rank(texts: list[str]) -> list[tuple[str, float]]:
            scores = (pipe.decision_function(texts) if kind == "svc"
                      else pipe.predict_proba(texts))
            if scores.ndim == 1:  # two classes: one column of decision values
                return [(classes[int(s > 0)], abs(float(s))) for s in scores]
            return [(classes[row.argmax()], float(row.max())) for row in scores]
        return rank
    return fit


FIT = {"ie-bot": ie_bot, "svc": baseline("svc"), "logreg": baseline("logreg")}


# -- measures -------------------------------------------------------------------------
def accuracy(rank: Rank, cases: list[tuple[str, str]]) -> tuple[int, int]:
    got = rank([t for t, _ in cases])
    return sum(p == i for (p, _), (_, i) in zip(got, cases, strict=True)), len(cases)


def choose_threshold(rank: Rank, val: list, oos_val: list) -> float:
    inside = list(zip(rank([t for t, _ in val]), val, strict=True))
    outside = [c for _, c in rank([t for t, _ in oos_val])]
    best, chosen = -1.0, 0.0
    for threshold in sorted({c for (_, c), _ in inside} | {0.0}):
        rejected = sum(c < threshold for (_, c), _ in inside) / len(inside)
        if rejected > 0.03:
            break
        right = sum(p == i and c >= threshold for (p, c), (_, i) in inside) / len(inside)
        recall = sum(c < threshold for c in outside) / len(outside)
        if (right + recall) / 2 > best:
            best, chosen = (right + recall) / 2, threshold
    return chosen


def oos_figures(rank: Rank, test: list, oos_test: list, threshold: float) -> dict[str, float]:
    inside = list(zip(rank([t for t, _ in test]), test, strict=True))
    outside = rank([t for t, _ in oos_test])
    return {"in_scope": sum(p == i and c >= threshold and p != OOS
                            for (p, c), (_, i) in inside) / len(inside),
            "rejected": sum(c < threshold or p == OOS for (p, c), _ in inside) / len(inside),
            "oos_recall": sum(c < threshold or p == OOS for p, c in outside) / len(outside)}


def latency(rank: Rank, texts: list[str]) -> tuple[float, float]:
    timings = []
    for text in texts:
        started = time.perf_counter()
        rank([text])
        timings.append(time.perf_counter() - started)
    timings.sort()
    return timings[len(timings) // 2] * 1000, timings[int(len(timings) * 0.99)] * 1000


def run_system(name: str) -> dict:
    fit = FIT[name]
    result: dict = {"system": name, "braun": {}}
    hits = total = 0
    for corpus, (train, test) in braun().items():
        right, n = accuracy(fit(train), test)
        result["braun"][corpus] = right / n
        hits, total = hits + right, total + n
    result["braun"]["overall"] = hits / total
    data = clinc()
    started = time.perf_counter()
    rank = fit(data["train"])
    result["train_s"] = time.perf_counter() - started
    threshold = choose_threshold(rank, data["val"], data["oos_val"])
    result["threshold"] = threshold
    result["oos_threshold"] = oos_figures(rank, data["test"], data["oos_test"], threshold)
    texts = [t for t, _ in data["test"][:1500]] + [t for t, _ in data["oos_test"][:500]]
    result["p50_ms"], result["p99_ms"] = latency(rank, texts)
    with_oos = data["train"] + [(t, OOS) for t, _ in data["oos_train"]]
    result["oos_train"] = oos_figures(fit(with_oos), data["test"], data["oos_test"], 0.0)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def table(results: list[dict]) -> str:
    lines = ["| system | Braun Chatbot / AskUbuntu / WebApps / overall F1 | CLINC oos-threshold:"
             " in-scope / oos recall / in-scope rejected | CLINC oos-train: in-scope / oos "
             "recall | ms per query p50 / p99 | CLINC training s | peak MB |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    names = {"ie-bot": "ie-bot (default matcher)",
             "svc": "TF-IDF word 1-2 + char 3-5, LinearSVC",
             "logreg": "TF-IDF word 1-2 + char 3-5, LogisticRegression"}
    for r in results:
        b, t, o = r["braun"], r["oos_threshold"], r["oos_train"]
        lines.append(
            f"| {names[r['system']]} | {b['ChatbotCorpus']:.3f} / {b['AskUbuntuCorpus']:.3f} / "
            f"{b['WebApplicationsCorpus']:.3f} / **{b['overall']:.3f}** | "
            f"**{t['in_scope']:.1%} / {t['oos_recall']:.1%}** / {t['rejected']:.1%} | "
            f"{o['in_scope']:.1%} / {o['oos_recall']:.1%} | "
            f"{r['p50_ms']:.2f} / {r['p99_ms']:.2f} | {r['train_s']:.1f} | {r['peak_mb']:.0f} |")
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--system":
        print(json.dumps(run_system(sys.argv[2])))
        return
    with tempfile.TemporaryDirectory() as cache:  # cold: ie-bot trains, as after an edit
        env = {**os.environ, "IE_BOT_MODEL_CACHE": cache, "PYTHONHASHSEED": "0"}
        # side by side, so that all three see the same load on a shared machine
        running = [subprocess.Popen([sys.executable, __file__, "--system", name], env=env,
                                    stdout=subprocess.PIPE, text=True)
                   for name in sys.argv[1:] or SYSTEMS]
        outputs = [process.communicate()[0] for process in running]
    if any(process.returncode for process in running):
        sys.exit("bench/nlu.py: a system failed (see above)")
    results = [json.loads(out.strip().splitlines()[-1]) for out in outputs]
    load = os.getloadavg()[0]
    print(f"bench/nlu.py, {time.strftime('%Y-%m-%d')}, load average {load:.1f} "
          f"on {os.cpu_count()} cores\n")
    print(table(results))


if __name__ == "__main__":
    main()
