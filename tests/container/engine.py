"""Rootful podman, configured by tests/container/podman.sh, driven from the tests.

``Podman`` runs podman with the script's private configuration and storage; ``Volume`` and
``Running`` are a named volume and a detached container that clean up after themselves.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from tests.container.recipe import ROOT

SCRIPT = ROOT / "tests" / "container" / "podman.sh"
TIMEOUT = 120
_names = itertools.count(1)


def why_podman_cannot_run() -> str | None:
    """None where the image can be built and run here, else the reason in one line."""
    if os.geteuid() != 0:
        return "needs root: rootful podman builds and runs the image (see .ci/run)"
    for tool in ("podman", "runc", "debootstrap"):
        if shutil.which(tool) is None:
            return f"{tool} not installed: apt-get install it as .ci/run does"
    return None


def unique(prefix: str) -> str:
    return f"{prefix}-{os.getpid()}-{next(_names)}"


@dataclass
class Podman:
    """podman with the script's containers.conf and storage.conf; ``image`` is the build."""

    image: str
    env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def configured(cls, image: str) -> Podman:
        lines = subprocess.run(["bash", str(SCRIPT), "env"], capture_output=True, text=True,
                               check=True, timeout=60).stdout.splitlines()
        return cls(image, {**os.environ, **dict(line.split("=", 1) for line in lines)})

    def build(self, timeout: float) -> None:
        subprocess.run(["bash", str(SCRIPT), "build", self.image], env=self.env, check=True,
                       timeout=timeout)

    def __call__(self, *args: str, stdin: str | None = None,
                 timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["podman", *args], input=stdin, env=self.env, text=True,
                              capture_output=True, timeout=timeout, check=False)

    def ok(self, *args: str, timeout: float = TIMEOUT) -> str:
        """stdout of a podman command that must succeed."""
        result = self(*args, timeout=timeout)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result.stdout

    def run(self, options: list[str], command: list[str], stdin: str | None = None,
            ) -> subprocess.CompletedProcess[str]:
        """A one-off container (removed after), its healthcheck off: nothing would run it."""
        return self("run", "--rm", "--no-healthcheck", *(["-i"] if stdin is not None else []),
                    *options, self.image, *command, stdin=stdin)


@dataclass
class Volume:
    podman: Podman
    name: str

    @classmethod
    def create(cls, podman: Podman) -> Volume:
        name = unique("ie-bot-test-data")
        podman.ok("volume", "create", name)
        return cls(podman, name)

    @property
    def path(self) -> Path:
        """Where the volume's files are on the host (rootful podman: readable by root)."""
        return Path(self.podman.ok("volume", "inspect", "--format", "{{.Mountpoint}}",
                                   self.name).strip())

    def remove(self) -> None:
        self.podman("volume", "rm", "--force", self.name)


@dataclass
class Running:
    """A detached container, kept after it stops (to read its exit code and logs).

    Its HEALTHCHECK is the image's, run on demand (``podman healthcheck run``): with
    ``--health-interval=disable`` podman does not ask systemd, absent here, for a timer.
    """

    podman: Podman
    name: str

    @classmethod
    def start(cls, podman: Podman, options: list[str], command: list[str]) -> Running:
        name = unique("ie-bot-test")
        podman.ok("run", "--detach", "--name", name, "--health-interval=disable", *options,
                  podman.image, *command)
        return cls(podman, name)

    def inspect(self, template: str) -> str:
        return self.podman.ok("inspect", "--format", template, self.name).strip()

    def exec(self, *command: str) -> subprocess.CompletedProcess[str]:
        return self.podman("exec", self.name, *command)

    def logs(self) -> str:
        result = self.podman("logs", self.name)
        return result.stdout + result.stderr

    def remove(self) -> None:
        self.podman("rm", "--force", "--time", "0", self.name)
