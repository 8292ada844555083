#!/usr/bin/env bash
# Runs the whole test suite the way CI does, installing what it needs on first use:
#   - the Python reference peers into .venv (see scripts/requirements-test.txt);
#   - python3-venv from Debian when the interpreter cannot create virtual environments.
# Tests that talk to a peer fail (instead of skipping) under this script: SPANKIT_REQUIRE_PEERS=1.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*" >&2; }

ensure_venv() {
    local requirements=scripts/requirements-test.txt stamp=.venv/.requirements-installed
    if [ ! -x .venv/bin/python ]; then
        log "creating .venv"
        if ! python3 -m venv .venv 2>/dev/null; then
            rm -rf .venv
            if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
                log "installing python3-venv from Debian"
                apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
                python3 -m venv .venv
            else
                echo "python3 cannot create a virtual environment; install python3-venv" >&2
                exit 1
            fi
        fi
    fi
    if [ ! -f "$stamp" ] || ! cmp -s "$requirements" "$stamp"; then
        log "installing Python reference peers"
        .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$requirements"
        cp "$requirements" "$stamp"
    fi
}

ensure_venv

log "building every target with warnings as errors"
swift build --build-tests -Xswiftc -warnings-as-errors

export SPANKIT_REQUIRE_PEERS=1 SPANKIT_PYTHON="$PWD/.venv/bin/python"

log "running the test suite under ThreadSanitizer"
swift build --build-tests --sanitize=thread --scratch-path .build-tsan
TSAN_OPTIONS="halt_on_error=1" swift test --skip-build --sanitize=thread --scratch-path .build-tsan

log "running the test suite"
swift test --skip-build
