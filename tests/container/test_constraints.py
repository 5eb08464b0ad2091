"""constraints.txt, the image's pinned dependencies, stays in step with pyproject.toml.

It is made by ``bash tests/container/lock.sh``, which records the dependency list it was
made from; when [project].dependencies change, these tests fail until it is run again.
(tests/container/test_image.py checks that the image installs exactly these pins.)
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.container.recipe import ROOT, constraints_file

CONSTRAINTS = ROOT / "constraints.txt"
REGENERATE = "out of step with pyproject.toml: run `bash tests/container/lock.sh`, commit it"
PIN = re.compile(r"(?P<name>[a-z0-9][a-z0-9-]*)==(?P<version>[0-9][0-9A-Za-z.+!-]*)")


def dependencies() -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["dependencies"]


def lines() -> list[str]:
    return CONSTRAINTS.read_text(encoding="utf-8").splitlines()


def pins() -> dict[str, str]:
    found = [PIN.fullmatch(line) for line in lines() if line and not line.startswith("#")]
    return {match["name"]: match["version"] for match in found if match}


def test_the_dockerfile_builds_with_these_pins():
    assert constraints_file() == CONSTRAINTS.name


def test_it_was_made_from_the_current_dependencies():
    text = lines()
    start = text.index("# Made by `bash tests/container/lock.sh` from [project].dependencies, "
                       "which were:") + 1
    recorded = []
    for line in text[start:]:
        if not line.startswith("#   "):
            break
        recorded.append(line.removeprefix("#   "))
    assert recorded == dependencies(), REGENERATE


def test_every_line_pins_one_package_once_by_its_normalised_name():
    entries = [line for line in lines() if line and not line.startswith("#")]
    assert entries, "constraints.txt pins nothing"
    for line in entries:
        match = PIN.fullmatch(line)
        assert match, f"not a `name==version` pin: {line!r}"
        assert canonicalize_name(match["name"]) == match["name"], line
    names = [PIN.fullmatch(line)["name"] for line in entries]
    assert names == sorted(set(names))


@pytest.mark.parametrize("requirement", dependencies())
def test_each_dependency_is_pinned_within_its_range(requirement: str):
    parsed = Requirement(requirement)
    pinned = pins().get(canonicalize_name(parsed.name))
    assert pinned is not None, f"{parsed.name} is not pinned; {REGENERATE}"
    assert parsed.specifier.contains(pinned, prereleases=True), (
        f"{parsed.name}=={pinned} is outside {parsed.specifier}; {REGENERATE}")


def test_what_a_pinned_package_requires_is_pinned_too():
    """Checked for the packages installed here at their pinned version (their metadata)."""
    extras = {canonicalize_name(r.name): r.extras for r in map(Requirement, dependencies())}
    pinned, checked = pins(), 0
    for name, version in pinned.items():
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if distribution.version != version:
            continue
        checked += 1
        for line in distribution.requires or []:
            requirement = Requirement(line)
            wanted = extras.get(name) or {""}
            if requirement.marker and not any(
                    requirement.marker.evaluate({"extra": extra}) for extra in wanted):
                continue
            assert canonicalize_name(requirement.name) in pinned, (
                f"{name} {version} requires {requirement}, which is not pinned; {REGENERATE}")
    if not checked:
        pytest.skip("no pinned package is installed here at its pinned version")
