#!/usr/bin/env bash
# Runs the whole test suite the way CI does, installing what it needs on first use:
#   - the Python reference peers into .venv (see scripts/requirements-test.txt);
#   - python3-venv from Debian when the interpreter cannot create virtual environments.
# Tests that talk to a peer fail (instead of skipping) under this script: SPANKIT_REQUIRE_PEERS=1.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*" >&2; }

ensure_venv() { scripts/ensure-venv.sh .venv scripts/requirements-test.txt; }

# Starts Phoenix on 127.0.0.1 with a temporary working directory; stopped when the script exits.
start_phoenix() {
    local ports
    ports=$(.venv/bin/python -c 'import socket
def free():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p
print(free(), free())')
    read -r PHOENIX_TEST_PORT PHOENIX_TEST_GRPC_PORT <<<"$ports"
    PHOENIX_TEST_DIR=$(mktemp -d)
    log "starting Phoenix on 127.0.0.1:$PHOENIX_TEST_PORT (working directory $PHOENIX_TEST_DIR)"
    PHOENIX_WORKING_DIR="$PHOENIX_TEST_DIR" PHOENIX_HOST=127.0.0.1 PHOENIX_PORT="$PHOENIX_TEST_PORT" \
        PHOENIX_GRPC_PORT="$PHOENIX_TEST_GRPC_PORT" PHOENIX_TELEMETRY_ENABLED=false \
        .venv/bin/phoenix serve >"$PHOENIX_TEST_DIR/phoenix.log" 2>&1 &
    PHOENIX_TEST_PID=$!
    trap stop_phoenix EXIT
    for _ in $(seq 1 180); do
        if .venv/bin/python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PHOENIX_TEST_PORT/healthz', timeout=2)" 2>/dev/null; then
            export SPANKIT_PHOENIX_URL="http://127.0.0.1:$PHOENIX_TEST_PORT"
            return 0
        fi
        if ! kill -0 "$PHOENIX_TEST_PID" 2>/dev/null; then break; fi
        sleep 1
    done
    echo "Phoenix did not start; its log:" >&2
    tail -50 "$PHOENIX_TEST_DIR/phoenix.log" >&2
    exit 1
}

stop_phoenix() {
    if [ -n "${PHOENIX_TEST_PID:-}" ]; then
        kill "$PHOENIX_TEST_PID" 2>/dev/null || true
        wait "$PHOENIX_TEST_PID" 2>/dev/null || true
        rm -rf "$PHOENIX_TEST_DIR"
    fi
}

ensure_venv
start_phoenix

log "building every target with warnings as errors"
swift build --build-tests -Xswiftc -warnings-as-errors


log "checking the documentation"
scripts/check-docs.sh

log "building the benchmarks and running them briefly (timings are not checked)"
Benchmarks/run.sh --smoke

export SPANKIT_REQUIRE_PEERS=1 SPANKIT_PYTHON="$PWD/.venv/bin/python"

log "running the test suite under ThreadSanitizer"
swift build --build-tests --sanitize=thread --scratch-path .build-tsan
TSAN_OPTIONS="halt_on_error=1" SPANKIT_SANITIZER=thread swift test --skip-build --sanitize=thread --scratch-path .build-tsan

log "running the test suite"
swift test --skip-build

# Its own package (swift-distributed-tracing, swift-log; Hummingbird and AsyncHTTPClient for the
# example and tests): the first build takes a few minutes. Its tests also read the Phoenix above.
log "building and testing Integrations/SpanKitTracing (server-side Swift)"
swift build --package-path Integrations/SpanKitTracing --build-tests
swift test --package-path Integrations/SpanKitTracing --skip-build
log "testing Integrations/SpanKitTracing under ThreadSanitizer"
swift build --package-path Integrations/SpanKitTracing --build-tests --sanitize=thread --scratch-path Integrations/SpanKitTracing/.build-tsan
TSAN_OPTIONS="halt_on_error=1" swift test --package-path Integrations/SpanKitTracing --skip-build --sanitize=thread \
    --scratch-path Integrations/SpanKitTracing/.build-tsan
