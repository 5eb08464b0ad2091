"""``ie_bot.health``: the check behind ``ie-bot healthcheck`` and the webhook's /healthz."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from ie_bot.health import HealthReport, check_database, check_health, check_knowledge


def test_healthy_when_knowledge_loads_and_database_takes_a_write(minimal_knowledge_dir, tmp_path):
    report = check_health(minimal_knowledge_dir, tmp_path / "data" / "bot.sqlite3")

    assert report == HealthReport(ok=True, problems=[])
    assert report.summary() == "healthy"
    assert report.http_status == 200
    assert (tmp_path / "data" / "bot.sqlite3").is_file()


def test_missing_knowledge_directory_is_named(tmp_path):
    problem = check_knowledge(tmp_path / "nowhere")

    assert problem is not None
    assert str(tmp_path / "nowhere") in problem
    assert "not found" in problem


def test_invalid_knowledge_names_the_first_problem_and_counts_the_rest(minimal_knowledge_dir):
    directory = minimal_knowledge_dir
    (directory / "programmes.yml").write_text("version: 1\nprogrammes: [\n", encoding="utf-8")
    (directory / "sources.yml").write_text("version: 2\nsources: []\n", encoding="utf-8")

    problem = check_knowledge(minimal_knowledge_dir)

    assert problem is not None
    assert problem.startswith(f"knowledge base {minimal_knowledge_dir}: programmes.yml:")
    assert "invalid YAML" in problem
    assert problem.endswith("(and 1 more)")


def test_a_directory_where_the_database_should_be_is_unhealthy(tmp_path):
    problem = check_database(tmp_path)

    assert problem is not None
    assert problem.startswith(f"database {tmp_path} cannot be opened")


def test_a_file_in_place_of_the_database_directory_is_unhealthy(tmp_path):
    (tmp_path / "data").write_text("not a directory", encoding="utf-8")

    assert check_database(tmp_path / "data" / "bot.sqlite3") is not None


def test_a_file_that_is_not_a_database_is_unhealthy(tmp_path):
    path = tmp_path / "bot.sqlite3"
    path.write_bytes(b"this is not an SQLite database, just text long enough " * 20)

    problem = check_database(path)

    assert problem is not None
    assert "not a database" in problem


def test_every_problem_is_reported_in_one_line(tmp_path):
    report = check_health(tmp_path / "nowhere", tmp_path)

    assert not report.ok
    assert report.http_status == 503
    assert [p.split(" ", 1)[0] for p in report.problems] == ["knowledge", "database"]
    assert "\n" not in report.summary()
    assert report.summary().startswith("unhealthy: knowledge base ")
    assert "; database " in report.summary()


def test_a_report_cannot_be_ok_with_problems():
    with pytest.raises(ValidationError):
        HealthReport(ok=True, problems=["database is gone"])
    with pytest.raises(ValidationError):
        HealthReport(ok=False, problems=[])
