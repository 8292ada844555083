#!/usr/bin/env bash
# Creates a Python virtual environment and installs a requirements file into it, once per change
# of the file. Installs Debian's python3-venv when the interpreter cannot create environments.
#
#   scripts/ensure-venv.sh <venv directory> <requirements file>
set -euo pipefail
venv=$1 requirements=$2 stamp=$1/.requirements-installed
log() { printf '==> %s\n' "$*" >&2; }

if [ ! -x "$venv/bin/python" ]; then
    log "creating $venv"
    if ! python3 -m venv "$venv" 2>/dev/null; then
        rm -rf "$venv"
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            log "installing python3-venv from Debian"
            apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
            python3 -m venv "$venv"
        else
            echo "python3 cannot create a virtual environment; install python3-venv" >&2
            exit 1
        fi
    fi
fi
if [ ! -f "$stamp" ] || ! cmp -s "$requirements" "$stamp"; then
    log "installing $requirements into $venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$stamp"
fi
