#!/usr/bin/env bash
# Regenerate constraints.txt, the image's pinned dependencies, from pyproject.toml:
#
#   bash tests/container/lock.sh
#
# Run it after any change to [project].dependencies (tests/container/test_constraints.py
# fails until you do), and commit constraints.txt. It resolves the project's runtime
# dependencies (not the test extras) against PyPI alone, the index the image's build uses,
# with `pip install --dry-run --report` on a Python 3.11 (the image's minor version), and
# pins every package of the result. The machine's pip configuration is ignored except for
# its CA bundle ($PIP_CERT or /etc/ssl/certs/ca-certificates.crt).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    echo "lock.sh: needs Python 3.11, the image's; set PYTHON=/path/to/python3.11" >&2
    exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$PYTHON" -m venv "$tmp/venv"
ca=${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}
cert=()
[ -f "$ca" ] && cert=(--cert "$ca")

# No PIP_* variable and no pip.conf: only PyPI, as in the image's build.
unset_pip=()
for name in $(compgen -e | grep '^PIP_' || true); do unset_pip+=(-u "$name"); done
env "${unset_pip[@]}" PIP_CONFIG_FILE=/dev/null \
    "$tmp/venv/bin/python" -m pip install --quiet --disable-pip-version-check "${cert[@]}" \
    --dry-run --ignore-installed --report "$tmp/report.json" "$ROOT"

"$tmp/venv/bin/python" - "$tmp/report.json" "$ROOT" >"$tmp/constraints.txt" <<'PY'
import json
import re
import sys
import tomllib
from pathlib import Path

report, root = json.loads(Path(sys.argv[1]).read_text()), Path(sys.argv[2])
project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


pins = sorted(
    (canonical(item["metadata"]["name"]), item["metadata"]["version"])
    for item in report["install"]
    if canonical(item["metadata"]["name"]) != canonical(project["name"])
)
print("# The image's dependencies, pinned: the Dockerfile builds the wheels with")
print("# `pip wheel --constraint constraints.txt`, so every build gets these versions.")
print("# Made by `bash tests/container/lock.sh` from [project].dependencies, which were:")
for requirement in project["dependencies"]:
    print(f"#   {requirement}")
print(f"# for Python {sys.version_info.major}.{sys.version_info.minor} on Linux.")
print("# Do not edit by hand; tests/container/test_constraints.py checks it is in step.")
for name, version in pins:
    print(f"{name}=={version}")
PY
mv "$tmp/constraints.txt" "$ROOT/constraints.txt"
echo "lock.sh: wrote $ROOT/constraints.txt" >&2
