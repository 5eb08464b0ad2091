"""The container recipe, read: the Dockerfile's stages, the build context, compose.yaml.

The tests parse these files rather than restate them, so the recipe and its tests cannot
drift. ``.dockerignore`` is read as BuildKit reads it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
NTNU_TUITION = "how much is tuition at NTNU?"

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


def constraints_file() -> str:
    """The file the build stage's ``pip wheel --constraint`` names, relative to its WORKDIR."""
    (wheel,) = [i.args for i in BUILD.all("RUN") if "pip wheel" in i.args]
    found = re.search(r"(?:--constraint|-c)[= ](\S+)", wheel)
    assert found, f"the build's pip wheel pins nothing: {wheel}"
    return found.group(1)


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


# --- compose.yaml ---------------------------------------------------------------------------


def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def compose_service() -> dict[str, Any]:
    (service,) = compose()["services"].values()
    return service


#: Service keys that say how to build, name, restart or stop the container, not how it runs.
COMPOSE_NOT_RUN_OPTIONS = {"build", "image", "command", "env_file", "volumes", "restart",
                           "stop_grace_period"}


def compose_run_options(service: dict[str, Any]) -> list[str]:
    """The service's hardening as ``podman run`` options (``docker run`` spells them alike).

    ``--read-only-tmpfs=false``: podman would otherwise mount its own tmpfs on /tmp, /run and
    /var/tmp, which Docker does not, and hide a missing ``tmpfs:`` entry.
    """
    unknown = set(service) - COMPOSE_NOT_RUN_OPTIONS - {"read_only", "tmpfs", "cap_drop",
                                                       "cap_add", "security_opt"}
    assert not unknown, f"compose.yaml: translate {sorted(unknown)} into run options here"
    options: list[str] = []
    if service.get("read_only"):
        options += ["--read-only", "--read-only-tmpfs=false"]
    for key, flag in [("tmpfs", "--tmpfs"), ("cap_drop", "--cap-drop"),
                      ("cap_add", "--cap-add"), ("security_opt", "--security-opt")]:
        values = service.get(key, [])
        for value in [values] if isinstance(values, str) else values:
            options += [flag, value]
    return options
