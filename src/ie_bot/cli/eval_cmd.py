"""`ie-bot eval FILE`: how well the matcher does on a labelled question set."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ie_bot.cli.common import add_knowledge_option, load_or_report
from ie_bot.engine.core import Thresholds
from ie_bot.evaluation import EvalReport, evaluate, load_eval_set, sweep
from ie_bot.evaluation_student import (
    evaluate_students,
    is_student_set,
    load_student_set,
    print_student_report,
)
from ie_bot.knowledge.yaml_source import KnowledgeProblems

CONFIDENCE_GRID = [round(0.10 + 0.01 * i, 3) for i in range(51)]
MARGIN_GRID = [0.0, 0.01, 0.02, 0.03, 0.04]
MAX_IN_SCOPE_FALLBACK = 0.03


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser("eval", help="measure intent accuracy on a labelled set")
    parser.add_argument("file", type=Path, help="labelled YAML set (see README)")
    parser.add_argument("--min-accuracy", type=float, default=None, metavar="X",
                        help="exit 1 when in-scope intent accuracy is below X (0-1)")
    parser.add_argument("--sweep", action="store_true",
                        help="evaluate a grid of fallback thresholds and pick the best")
    parser.add_argument("--misses", action="store_true", help="list every wrong answer")
    add_knowledge_option(parser)
    parser.set_defaults(run=run)


def objective(report: EvalReport) -> float:
    """Balanced: in-scope accuracy and out-of-scope recall count equally; too many in-scope
    questions sent to the fallback disqualifies a setting."""
    if report.in_scope_fallback_rate > MAX_IN_SCOPE_FALLBACK:
        return -1.0
    return (report.accuracy + report.oos_recall) / 2


def print_report(report: EvalReport, misses: bool) -> None:
    print(f"cases: {len(report.outcomes)} ({len(report.in_scope)} in scope, "
          f"{len(report.out_of_scope)} out of scope)")
    print(f"in-scope intent accuracy: {report.accuracy:.1%}")
    print(f"in-scope sent to fallback: {report.in_scope_fallback_rate:.1%}")
    print(f"programme accuracy (when intent right): {report.programme_accuracy:.1%}")
    print(f"out-of-scope precision: {report.oos_precision:.1%}  "
          f"recall: {report.oos_recall:.1%}")
    print("\nper intent (precision / recall / support):")
    for intent, (precision, recall, support) in report.per_intent().items():
        print(f"  {intent:<24} {precision:6.1%} {recall:6.1%} {support:4d}")
    confusions = report.confusions()
    if confusions:
        print("\nmost confused (expected -> got):")
        for expected, got, count in confusions:
            print(f"  {expected} -> {got}: {count}")
    if misses:
        print("\nmisses:")
        for outcome in report.misses():
            print(f"  [{outcome.case.intent} -> {outcome.intent}] {outcome.case.text!r}")


def print_sweep(results: list[tuple[Thresholds, EvalReport]]) -> Thresholds:
    print("min_conf  margin  accuracy  fallback  oos_recall  oos_precision  objective")
    best = max(results, key=lambda item: objective(item[1]))
    for thresholds, report in results:
        mark = "  <- best" if thresholds == best[0] else ""
        print(f"{thresholds.min_confidence:8.3f} {thresholds.min_margin:7.2f} "
              f"{report.accuracy:9.1%} {report.in_scope_fallback_rate:9.1%} "
              f"{report.oos_recall:11.1%} {report.oos_precision:14.1%} "
              f"{objective(report):10.3f}{mark}")
    print(f"\nbest: min_confidence={best[0].min_confidence} min_margin={best[0].min_margin}"
          f" (objective: mean of accuracy and out-of-scope recall, in-scope fallback "
          f"<= {MAX_IN_SCOPE_FALLBACK:.0%})")
    return best[0]


def run(args: argparse.Namespace) -> int:
    knowledge = load_or_report(args.knowledge)
    if knowledge is None:
        return 2
    if is_student_set(args.file):
        return run_student_set(knowledge, args.file, args.misses)
    try:
        eval_set = load_eval_set(args.file)
    except KnowledgeProblems as exc:
        print(f"ie-bot: cannot read the labelled set:\n  {exc}", file=sys.stderr)
        return 2
    today = date.today()
    if args.sweep:
        print_sweep(sweep(knowledge, eval_set, today, CONFIDENCE_GRID, MARGIN_GRID))
        return 0
    report = evaluate(knowledge, eval_set, today)
    print_report(report, args.misses)
    if args.min_accuracy is not None and report.accuracy < args.min_accuracy:
        print(f"\nFAIL: accuracy {report.accuracy:.1%} is below {args.min_accuracy:.1%}",
              file=sys.stderr)
        return 1
    return 0


def run_student_set(knowledge, path: Path, misses: bool) -> int:  # type: ignore[no-untyped-def]
    """A set with kinds of question (see ``ie_bot.evaluation_student``)."""
    try:
        data = load_student_set(path)
    except KnowledgeProblems as exc:
        print(f"ie-bot: cannot read the labelled set:\n  {exc}", file=sys.stderr)
        return 2
    print_student_report(evaluate_students(knowledge, data, date.today()), misses)
    return 0
