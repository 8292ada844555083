#!/usr/bin/env bash
# SpanKit's benchmarks in one command: builds the harness in release mode, installs the Python
# OpenTelemetry reference into Benchmarks/.venv on first use, runs every benchmark and the
# reference side by side, and prints the results tables (Markdown) on standard output.
#
#   Benchmarks/run.sh                 full run (about 2.5 minutes after the build)
#   Benchmarks/run.sh --smoke         every benchmark briefly: checks they execute (CI)
#   Benchmarks/run.sh --no-reference  without the Python reference
#   Benchmarks/run.sh --only spans,memory,calibration,encoding,llmsizes,e2e  (and --filter ID)
#   Benchmarks/run.sh --swift-otel    also swift-otel 1.6.0 side by side (builds Benchmarks/SwiftOTelPeer,
#                                     about 7 minutes the first time; never part of --smoke)
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '==> %s\n' "$*" >&2; }

reference=1
swift_otel=0
arguments=()
for argument in "$@"; do
    case "$argument" in
        --no-reference) reference=0 ;;
        --swift-otel) swift_otel=1 ;;
        *) arguments+=("$argument") ;;
    esac
done

ensure_venv() { ../scripts/ensure-venv.sh .venv reference/requirements.txt; }

log "building spankit-bench (release)"
swift build -c release --product spankit-bench >&2

if [ "$swift_otel" = 1 ]; then
    log "building the swift-otel 1.6.0 peer (release; its own package)"
    swift build -c release --package-path SwiftOTelPeer --product swift-otel-peer >&2
    arguments+=(--swift-otel SwiftOTelPeer/.build/release/swift-otel-peer)
fi

if [ "$reference" = 1 ]; then
    ensure_venv
    arguments+=(--python .venv/bin/python --reference-script reference/otel_reference.py)
fi

log "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg); $(swift --version 2>/dev/null | head -1)"
exec .build/release/spankit-bench "${arguments[@]}"
