"""`ie-bot ask`, `ie-bot eval` and `ie-bot check-kb`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from ie_bot.cli import main
from ie_bot.knowledge import KnowledgeBase
from ie_bot.nlu.normalise import normalise
from tests.cli.conftest import IeBot
from tests.conftest import EVAL_SET, KNOWLEDGE_DIR


def test_ask_answers_one_question_as_json(ie_bot: IeBot) -> None:
    done = ie_bot.run("ask", "what is the tuition fee at NTNU?", "--json")
    reply = json.loads(done.stdout)
    assert (reply["intent"], reply["programme"]) == ("tuition_fee", "ntnu")


def test_ask_prints_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "ielts leiden"]) == 0
    assert "6.0" in capsys.readouterr().out


def _figures(capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict[str, float]]:
    code = main(["eval", str(EVAL_SET), *extra])
    out = capsys.readouterr().out

    def percent(label: str) -> float:
        return float(out.split(label)[1].split("%")[0].strip(" :")) / 100

    return code, {"accuracy": percent("in-scope intent accuracy"),
                  "fallback": percent("in-scope sent to fallback"),
                  "oos_recall": percent("recall")}


def test_eval_meets_the_issue_targets(capsys: pytest.CaptureFixture[str]) -> None:
    """The labelled set of student questions: >= 95% intent accuracy in scope, <= 3% of
    in-scope questions sent to the fallback, >= 90% recall out of scope."""
    code, figures = _figures(capsys, "--min-accuracy", "0.95")
    assert code == 0
    assert figures["fallback"] <= 0.03
    assert figures["oos_recall"] >= 0.90


def test_eval_set_is_large_varied_and_held_out(knowledge: KnowledgeBase) -> None:
    """No labelled question is an intent example: the set measures unseen phrasings."""
    cases = yaml.safe_load(EVAL_SET.read_text())["cases"]
    assert len(cases) >= 300
    assert sum(c["intent"] == "out_of_scope" for c in cases) >= 40
    assert sum(bool(c.get("context")) for c in cases) >= 25
    examples = {normalise(e.text) for e in knowledge.labelled_examples()}
    copied = [c["text"] for c in cases if normalise(c["text"]) in examples
              and not c.get("context")]
    assert copied == []


def test_eval_fails_below_the_bar(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(EVAL_SET), "--min-accuracy", "1.01"]) == 1


def test_eval_sweep_prints_the_grid_and_a_choice(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(EVAL_SET), "--sweep"]) == 0
    out = capsys.readouterr().out
    assert "<- best" in out and "min_conf" in out


def test_eval_works_on_an_intents_only_directory(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "kb" / "intents").mkdir(parents=True)
    intents = {"version": 1, "intents": [
        {"id": "order_pizza", "title": "Pizza", "scope": "none", "response": "ok",
         "examples": ["i want a pizza", "order pizza", "pizza please", "get me a margherita",
                      "one pepperoni pizza", "can i order pizza", "pizza delivery",
                      "i'd like to order a pizza"]},
        {"id": "weather", "title": "Weather", "scope": "none", "response": "ok",
         "examples": ["weather today", "is it raining", "will it rain", "forecast please",
                      "how hot is it", "temperature outside", "is it sunny",
                      "what's the weather like"]},
    ]}
    (tmp_path / "kb" / "intents" / "all.yml").write_text(yaml.safe_dump(intents))
    labelled = {"version": 1, "cases": [
        {"text": "pizza for me pls", "intent": "order_pizza"},
        {"text": "will it be rainy", "intent": "weather"},
    ]}
    (tmp_path / "set.yml").write_text(yaml.safe_dump(labelled))
    code = main(["eval", str(tmp_path / "set.yml"), "--knowledge", str(tmp_path / "kb")])
    assert code == 0
    assert "in-scope intent accuracy: 100.0%" in capsys.readouterr().out


def test_check_kb_passes_on_the_shipped_knowledge(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-kb", str(KNOWLEDGE_DIR)]) == 0
    assert "0 errors" in capsys.readouterr().out


def test_check_kb_names_file_line_and_field(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "intents").mkdir()
    (tmp_path / "intents" / "bad.yml").write_text(
        "version: 1\nintents:\n  - id: greeting\n    title: Hi\n    examples: [hi]\n"
        "    colour: blue\n"
    )
    assert main(["check-kb", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "bad.yml:6" in err and "colour" in err
    assert "bad.yml:5" in err and "examples" in err


def test_check_kb_reports_malformed_yaml(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "intents").mkdir()
    (tmp_path / "intents" / "broken.yml").write_text("version: 1\nintents: [\n  - id: x\n")
    assert main(["check-kb", str(tmp_path)]) == 1
    assert "broken.yml" in capsys.readouterr().err


def test_check_kb_reports_examples_given_to_another_intent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "intents").mkdir()
    same = ["tuition fee", "how much is tuition", "fees", "cost of tuition", "tuition price",
            "what are the fees", "fee per year", "annual tuition"]
    intents = {"version": 1, "intents": [
        {"id": "a", "title": "A", "examples": same},
        {"id": "b", "title": "B", "examples": [*same[:7], "yearly fee"]},
    ]}
    (tmp_path / "intents" / "dup.yml").write_text(yaml.safe_dump(intents))
    assert main(["check-kb", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "is also an example of" in out


def test_check_kb_reports_dangling_references(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "intents").mkdir()
    examples = [f"question {n}" for n in range(8)]
    intents = {"version": 1, "intents": [
        {"id": "a", "title": "A", "examples": examples, "follow_ups": ["nowhere"],
         "facts": ["no_fact"]},
    ]}
    (tmp_path / "intents" / "refs.yml").write_text(yaml.safe_dump(intents))
    assert main(["check-kb", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "unknown intent 'nowhere'" in err and "no fact with id 'no_fact'" in err
    assert "intents/refs.yml" in err


def test_stats_lists_what_the_bot_could_not_answer(ie_bot: IeBot) -> None:
    ie_bot.json_lines("fees at ntnu", "what's the weather in Oslo", "what's the weather in Oslo")
    done = ie_bot.run("stats")
    assert done.returncode == 0, done.stderr
    assert "Questions: 3" in done.stdout and "Answered: 1 (33%)" in done.stdout
    assert "2× what's the weather in oslo" in done.stdout
