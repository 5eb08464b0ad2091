"""`ie-bot calibrate`: fit the confidence model on the knowledge base's own examples."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import yaml

from ie_bot.cli.common import add_knowledge_option, load_or_report
from ie_bot.cli.eval_cmd import MARGIN_GRID, objective
from ie_bot.evaluation import load_eval_set, sweep
from ie_bot.knowledge import default_knowledge_dir
from ie_bot.knowledge.yaml_source import KnowledgeProblems
from ie_bot.nlu.calibration import calibrate

HEADER = """\
# Written by `ie-bot calibrate`; do not edit by hand. The weights turn the matcher's
# scores into P(the answer is right), fitted by 5-fold cross-validation on the intent
# examples; the thresholds were chosen by the sweep named below. When the examples,
# vocabulary or aliases change, the fingerprint no longer matches and the engine uses
# raw scores until this file is written again.
"""


def register(subcommands: argparse._SubParsersAction) -> None:
    parser = subcommands.add_parser(
        "calibrate", help="fit the confidence model (after editing intent examples)")
    parser.add_argument("--labelled", type=Path, metavar="FILE",
                        help="choose the thresholds by a sweep on this labelled set")
    add_knowledge_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    knowledge = load_or_report(args.knowledge)
    if knowledge is None:
        return 2
    previous = knowledge.calibration
    fitted = calibrate(knowledge, previous.min_confidence if previous else 0.5,
                       previous.min_margin if previous else 0.0)
    chosen = "kept from before" if previous else "defaults"
    if args.labelled:
        try:
            labelled = load_eval_set(args.labelled)
        except KnowledgeProblems as exc:
            print(f"ie-bot: cannot read the labelled set:\n  {exc}", file=sys.stderr)
            return 2
        trial = knowledge.model_copy(update={"calibration": fitted})
        grid = [round(0.05 * i, 2) for i in range(2, 19)]
        best, report = max(sweep(trial, labelled, date.today(), grid, MARGIN_GRID),
                           key=lambda item: objective(item[1]))
        fitted = fitted.model_copy(update={"min_confidence": best.min_confidence,
                                           "min_margin": best.min_margin})
        chosen = (f"sweep on {args.labelled.name}: accuracy {report.accuracy:.1%}, "
                  f"fallback {report.in_scope_fallback_rate:.1%}, "
                  f"out-of-scope recall {report.oos_recall:.1%}")
    target = Path(args.knowledge or default_knowledge_dir()) / "calibration.yml"
    body = yaml.safe_dump(fitted.model_dump(), sort_keys=False)
    target.write_text(f"{HEADER}# thresholds: {chosen}\n{body}", encoding="utf-8")
    print(f"wrote {target}: {fitted.examples} cross-validated examples; "
          f"min_confidence={fitted.min_confidence} min_margin={fitted.min_margin} ({chosen})")
    return 0
