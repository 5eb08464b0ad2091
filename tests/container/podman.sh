#!/usr/bin/env bash
# Build the project's Dockerfile, unchanged, with rootful podman: no Docker engine needed.
#
#   bash tests/container/podman.sh build [TAG]   # build the image (default tag ie-bot:test)
#   bash tests/container/podman.sh env           # KEY=VALUE lines: run podman with these
#
# tests/container/test_image.py calls both, then runs and checks the image. Needs root and
# Debian's packages: podman buildah runc debootstrap containernetworking-plugins uidmap
# fuse-overlayfs catatonit (.ci/run installs them).
#
# Podman gets a private configuration and storage under $IE_BOT_PODMAN_DIR (default
# /var/cache/ie-bot-podman), kept between runs so that a re-run reuses the base image; its
# run-time state goes to /run/ie-bot-podman. What it took on a sandbox without Docker Hub or systemd:
# - The base image is a stand-in, since Docker Hub cannot be reached: Debian bookworm made
#   with `debootstrap --variant=minbase`, Debian's python3 + venv + pip, /usr/local/bin/python3
#   and pip linked to them, the EXTERNALLY-MANAGED marker removed. It differs from the
#   official python:3.11.x-slim-bookworm in that Python is Debian's 3.11.2 in /usr (packages
#   go to /usr/local/lib/python3.11/dist-packages, not site-packages) and pip is Debian's.
#   The image is passed with --build-arg PYTHON_IMAGE; its rootfs tarball is cached, keyed by
#   a hash of the recipe below (edit make_base and it is made anew).
# - No CAP_SYS_RESOURCE: default_ulimits are lowered to what the sandbox allows.
# - crun refuses the hybrid cgroup v1/v2 layout: runtime = "runc", cgroupfs.
# - No systemd, so HEALTHCHECK is not scheduled: run it with `podman healthcheck run`.
# - `--format docker` keeps HEALTHCHECK (the OCI format has no such field).
# - `--network host` for the build; its pip trusts the machine's CA bundle ($PIP_CERT or
#   /etc/ssl/certs/ca-certificates.crt), bind-mounted with a pip.conf that names it.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${IE_BOT_PODMAN_DIR:-/var/cache/ie-bot-podman}
SUITE=bookworm
MIRROR=${IE_BOT_DEBIAN_MIRROR:-http://deb.debian.org/debian}

say() { printf 'podman.sh: %s\n' "$*" >&2; }

# The stand-in base image's root filesystem, in directory $1.
make_base() {
    local rootfs=$1
    debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,ca-certificates \
        "$SUITE" "$rootfs" "$MIRROR" >&2
    ln -sf /usr/bin/python3 "$rootfs/usr/local/bin/python3"
    ln -sf /usr/bin/python3 "$rootfs/usr/local/bin/python"
    ln -sf /usr/bin/pip3 "$rootfs/usr/local/bin/pip"
    rm -f "$rootfs"/usr/lib/python3.*/EXTERNALLY-MANAGED
    rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin \
        "$rootfs"/var/cache/apt/archives/*.deb
}

BASE_KEY=$(declare -f make_base | cat - <(echo "$SUITE") | sha256sum | cut -c1-12)
BASE_TAG=localhost/ie-bot-stand-in/python:3.11-$SUITE-$BASE_KEY

# Write $1 from stdin, atomically: another run's podman may be reading it.
put() {
    cat >"$1.$$" && mv -f "$1.$$" "$1"
}

configure() {
    # Images and the cache under $WORK; run-time state where podman keeps it, under /run.
    local run=${IE_BOT_PODMAN_RUN:-/run/ie-bot-podman}
    mkdir -p "$WORK/storage" "$WORK/base" "$run/storage" "$run/libpod"
    put "$WORK/containers.conf" <<CONF
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
tmp_dir = "$run/libpod"
CONF
    put "$WORK/storage.conf" <<CONF
[storage]
driver = "overlay"
graphroot = "$WORK/storage"
runroot = "$run/storage"
CONF
    local ca=${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}
    if [ -f "$ca" ]; then
        put "$WORK/ca.crt" <"$ca"
        printf '[global]\ncert = /run/ie-bot-build/ca.crt\n' | put "$WORK/pip.conf"
    else
        : | put "$WORK/ca.crt"
        printf '[global]\n' | put "$WORK/pip.conf"
    fi
    export CONTAINERS_CONF=$WORK/containers.conf CONTAINERS_STORAGE_CONF=$WORK/storage.conf
}

ensure_base() {
    if podman image exists "$BASE_TAG"; then
        return
    fi
    local tarball=$WORK/base/$SUITE-$BASE_KEY.tar
    if [ ! -s "$tarball" ]; then
        say "making the stand-in base image with debootstrap (about 2 minutes, once)"
        local rootfs=$WORK/base/rootfs
        rm -rf "$rootfs" && mkdir -p "$rootfs"
        make_base "$rootfs"
        tar --numeric-owner -C "$rootfs" -cf "$tarball.part" .
        mv "$tarball.part" "$tarball"
        rm -rf "$rootfs"
        find "$WORK/base" -name "$SUITE-*.tar" ! -name "${tarball##*/}" -delete
    fi
    say "importing $tarball as $BASE_TAG"
    podman import \
        --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["python3"]' \
        "$tarball" "$BASE_TAG" >/dev/null
}

build() {
    local tag=${1:-ie-bot:test}
    ensure_base
    say "building $ROOT/Dockerfile as $tag"
    # --layers=false: podman's layer cache cannot be trusted with this Dockerfile. The
    # runtime stage's `RUN --mount=type=bind,from=build` is cached without regard to what
    # the build stage made (buildah issue 6609), so a cached build can install an old wheel;
    # and podman 4.3 cannot mount a build stage that came from the cache (podman issue
    # 16281). Both stages are built every time: the base image is what is worth caching.
    podman build --quiet --layers=false --format docker --pull=never --network host \
        --build-arg "PYTHON_IMAGE=$BASE_TAG" \
        --volume "$WORK/pip.conf:/etc/pip.conf:ro" \
        --volume "$WORK/ca.crt:/run/ie-bot-build/ca.crt:ro" \
        --tag "$tag" "$ROOT" >/dev/null
    # Untagged images older than two days: earlier builds whose tags were taken over.
    podman image prune --force --filter until=48h >/dev/null
}

main() {
    if [ "$(id -u)" -ne 0 ]; then
        echo "podman.sh: needs root (rootful podman; the storage is under $WORK)" >&2
        exit 2
    fi
    case ${1:-} in
        build)
            mkdir -p "$WORK"
            exec 9>"$WORK/lock"
            flock 9  # one build at a time: shared storage, and only two cores
            configure
            build "${2:-}"
            ;;
        env)
            mkdir -p "$WORK"
            configure
            printf 'CONTAINERS_CONF=%s\nCONTAINERS_STORAGE_CONF=%s\n' \
                "$CONTAINERS_CONF" "$CONTAINERS_STORAGE_CONF"
            ;;
        *)
            echo "usage: $0 build [TAG] | env" >&2
            exit 2
            ;;
    esac
}

main "$@"
