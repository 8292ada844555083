#!/usr/bin/env bash
# Runs the reliability suite (collector faults, load, hostile input, spool faults, secrets) and
# prints each observed outcome as a Markdown table row — the figures in RELIABILITY.md.
set -euo pipefail
cd "$(dirname "$0")/.."
output=$(mktemp)
trap 'rm -f "$output"' EXIT
SPANKIT_PYTHON="${SPANKIT_PYTHON:-$PWD/.venv/bin/python}" swift test --filter 'FaultAccountingTests|LoadTests|BadInputTests|SpoolFaultTests|SecretsTests|ProcessShutdownTests|ExitFlushProcessTests' 2>&1 | tee "$output" | grep -E "✘|Test run" || true
echo
echo "| Case | Observed outcome |"
echo "|---|---|"
grep '^RELIABILITY | ' "$output" | sed 's/^RELIABILITY | /| /; s/$/ |/' | sort
grep -q "✘" "$output" && exit 1 || exit 0
