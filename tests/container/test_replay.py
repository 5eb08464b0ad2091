"""The container recipe replayed without a container engine.

Where podman cannot run (no root), this stands in for ``docker build`` and ``docker run``
(tests/container/test_image.py does both for real): the build context that
``.dockerignore`` admits, the build stage's COPYs, a wheel built from them and installed
with the pinned dependencies (constraints.txt) into a fresh virtual environment; then the
installed ``ie-bot`` runs with the runtime stage's ENV (container paths moved under a
temporary root), as the image's ENTRYPOINT. It builds and installs (about a minute):
deselect it with ``-m "not slow"``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import venv
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath

import pytest

from tests.adapters.telegram.test_telegram_process import BotApiServer, _message
from tests.container.recipe import (
    BUILD,
    NTNU_TUITION,
    ROOT,
    RUNTIME,
    build_context,
    constraints_file,
    copy_sources,
    healthcheck_command,
    replay_copy,
)

slow = pytest.mark.slow


# --- The recipe replayed: build, install, run -----------------------------------------------


@dataclass(frozen=True)
class Installed:
    venv: Path
    site_packages: Path


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    """The build stage's COPYs from the filtered context, a wheel, a fresh venv with it."""
    tmp = tmp_path_factory.mktemp("image")
    build_root = tmp / "build"
    context = build_context()
    for sources, destination in copy_sources(BUILD):
        for source, copied in replay_copy(context, sources, destination).items():
            target = build_root / (BUILD.workdir() / copied).relative_to("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / source, target)
    workdir = build_root / BUILD.workdir().relative_to("/")

    pip_env = {k: v for k, v in os.environ.items()
               if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}}
    wheels = tmp / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--wheel-dir", str(wheels), str(workdir)],
                   env=pip_env, check=True, timeout=180)
    (wheel,) = wheels.glob("*.whl")
    install = " ".join(i.args for i in RUNTIME.all("RUN") if "pip install" in i.args)
    pattern = re.search(r"/wheels/(\S+\.whl)", install)
    assert pattern and fnmatch(wheel.name, pattern.group(1)), (wheel.name, install)

    environment = tmp / "venv"
    venv.create(environment, with_pip=True, symlinks=True)
    constraints = workdir / constraints_file()
    subprocess.run([str(environment / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    "--disable-pip-version-check", "--constraint", str(constraints), str(wheel)],
                   env=pip_env, check=True, timeout=300)
    (site_packages,) = environment.glob("lib/python3*/site-packages")
    return Installed(environment, site_packages)


@dataclass(frozen=True)
class Container:
    """One container's environment: the image's ENV, container paths under ``root``."""

    root: Path
    env: dict[str, str]
    cwd: Path

    def path(self, container_path: str) -> Path:
        return self.root / PurePosixPath(container_path).relative_to("/")

    def run(self, *args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
        command = [*RUNTIME.last("ENTRYPOINT").exec_form(), *args]
        return subprocess.run(command, input=stdin, env={**self.env, **env}, cwd=self.cwd,
                              capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def container(installed: Installed, tmp_path: Path) -> Container:
    root = tmp_path / "container"

    def host(value: str) -> str:
        return str(root / value.lstrip("/")) if value.startswith("/") else value

    image_env = RUNTIME.env()
    env = {
        # The base image's PATH, with the venv's bin standing in for /usr/local/bin.
        "PATH": f"{installed.venv / 'bin'}:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin",
        "LANG": "C.UTF-8",
        **{key: host(value) for key, value in image_env.items()},
    }
    volumes = [v for i in RUNTIME.all("VOLUME") for v in json.loads(i.args)]
    for directory in [*volumes, image_env["HOME"], str(RUNTIME.workdir())]:
        Path(host(directory)).mkdir(parents=True, exist_ok=True)
    assert "TELEGRAM_BOT_TOKEN" not in env
    return Container(root, env, Path(host(str(RUNTIME.workdir()))))


def assert_one_line_on_stderr(result: subprocess.CompletedProcess[str]) -> str:
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


@slow
def test_knowledge_base_ships_inside_the_installed_package(container, installed):
    result = subprocess.run(
        ["python", "-c", "from ie_bot.knowledge import default_knowledge_dir as d; print(d())"],
        env=container.env, cwd=container.cwd, capture_output=True, text=True, check=True,
    )
    bundled = Path(result.stdout.strip())
    assert bundled == installed.site_packages / "ie_bot" / "bundled_knowledge"
    shipped = {p.relative_to(bundled).as_posix() for p in bundled.rglob("*.yml")}
    authored = {p.relative_to(ROOT / "knowledge").as_posix()
                for p in (ROOT / "knowledge").rglob("*.yml")}
    assert shipped == authored


@slow
def test_healthcheck_passes_in_the_image_environment(container):
    entrypoint = RUNTIME.last("ENTRYPOINT").exec_form()
    result = container.run(*healthcheck_command()[len(entrypoint):])

    assert (result.returncode, result.stdout, result.stderr) == (0, "ie-bot: healthy\n", "")
    assert Path(container.env["IE_BOT_DB"]).is_file()


@slow
def test_ask_answers_a_question(container):
    result = container.run("ask", NTNU_TUITION, "--json")

    assert result.returncode == 0, result.stderr
    reply = json.loads(result.stdout)
    assert reply["intent"] == "tuition_fee"
    assert "no tuition fee" in reply["text"].lower()


@slow
def test_console_answers_from_stdin_and_keeps_state_on_the_volume(container):
    result = container.run("console", stdin=f"{NTNU_TUITION}\n")

    assert result.returncode == 0, result.stderr
    assert "no tuition fee" in result.stdout.lower()
    database = Path(container.env["IE_BOT_DB"])
    with closing(sqlite3.connect(database)) as db:
        assert db.execute("SELECT COUNT(*) FROM conversations").fetchone()[0] >= 1
        logged = db.execute("SELECT text FROM questions").fetchall()
    assert logged == [(NTNU_TUITION,)]


@slow
def test_healthcheck_fails_when_the_database_is_not_writable(container):
    data = Path(container.env["IE_BOT_DB"]).parent
    shutil.rmtree(data)
    data.write_text("a file where the volume should be", encoding="utf-8")

    result = container.run("healthcheck")

    assert result.returncode == 1
    assert assert_one_line_on_stderr(result).startswith(f"ie-bot: unhealthy: database {data}/")


@slow
def test_a_mounted_knowledge_base_replaces_the_baked_in_one(container):
    mounted = container.path("/knowledge")
    shutil.copytree(ROOT / "knowledge", mounted)
    assert container.run("healthcheck", IE_BOT_KNOWLEDGE=str(mounted)).returncode == 0

    (mounted / "programmes.yml").write_text("version: 1\nprogrammes: [\n", encoding="utf-8")
    result = container.run("healthcheck", IE_BOT_KNOWLEDGE=str(mounted))

    assert result.returncode == 1
    line = assert_one_line_on_stderr(result)
    assert line.startswith(f"ie-bot: unhealthy: knowledge base {mounted}: programmes.yml:")


@slow
def test_healthcheck_fails_when_the_knowledge_mount_is_missing(container):
    result = container.run("healthcheck", IE_BOT_KNOWLEDGE=str(container.path("/knowledge")))

    assert result.returncode == 1
    assert "knowledge directory not found" in assert_one_line_on_stderr(result)


@slow
def test_default_command_without_a_token_says_so_in_one_line(container):
    result = container.run(*RUNTIME.last("CMD").exec_form())

    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN" in assert_one_line_on_stderr(result)


@pytest.fixture
def bot_api() -> Iterator[BotApiServer]:
    server = BotApiServer()
    yield server
    server.close()


@slow
def test_default_command_polls_answers_and_stops_cleanly_on_sigterm(container, bot_api, tmp_path):
    """`docker stop` sends STOPSIGNAL to the entrypoint's process: it must exit 0, state kept."""
    command = [*RUNTIME.last("ENTRYPOINT").exec_form(), *RUNTIME.last("CMD").exec_form()]
    env = {**container.env, "TELEGRAM_BOT_TOKEN": "123456:fake-token-for-tests",
           "TELEGRAM_API_BASE_URL": bot_api.base_url}
    bot_api.api.updates = [_message(NTNU_TUITION)]
    stop = getattr(signal, RUNTIME.last("STOPSIGNAL").args)
    with (tmp_path / "bot.log").open("w+", encoding="utf-8") as log:
        bot = subprocess.Popen(command, env=env, cwd=container.cwd, stdout=log, stderr=log)
        try:
            reply = bot_api.wait_for("sendMessage", timeout=60).params
            assert bot.poll() is None, "the bot stopped by itself"
            bot.send_signal(stop)
            code = bot.wait(timeout=30)
        finally:
            if bot.poll() is None:
                bot.kill()
                bot.wait()
        log.seek(0)
        output = log.read()

    assert code == 0, output
    assert "Traceback" not in output
    assert "no tuition fee" in reply["text"].lower()
    with closing(sqlite3.connect(container.env["IE_BOT_DB"])) as db:
        assert db.execute("SELECT COUNT(*) FROM conversations").fetchone()[0] == 1
        assert db.execute("SELECT text FROM questions").fetchall() == [(NTNU_TUITION,)]
