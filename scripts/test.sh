#!/usr/bin/env bash
# Runs the whole test suite the way CI does, installing what it needs on first use:
#   - the Python reference peers into .venv (see scripts/requirements-test.txt), and MLflow into
#     .venv-mlflow (scripts/requirements-mlflow.txt): both servers are started on 127.0.0.1;
#   - python3-venv from Debian when the interpreter cannot create virtual environments.
# Tests that talk to a peer fail (instead of skipping) under this script: SPANKIT_REQUIRE_PEERS=1.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*" >&2; }

ensure_venv() { scripts/ensure-venv.sh .venv scripts/requirements-test.txt; }
# MLflow in an environment of its own: its pins never move Phoenix's.
ensure_mlflow_venv() { scripts/ensure-venv.sh .venv-mlflow scripts/requirements-mlflow.txt; }

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
    trap stop_peers EXIT
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

# Starts an MLflow tracking server on 127.0.0.1 with a sqlite store in a temporary directory;
# stopped when the script exits. The examples export to its OTLP endpoint, the tests read back
# through its Python client.
start_mlflow() {
    local port
    port=$(.venv-mlflow/bin/python -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    MLFLOW_TEST_DIR=$(mktemp -d)
    log "starting MLflow on 127.0.0.1:$port (store $MLFLOW_TEST_DIR)"
    (cd "$MLFLOW_TEST_DIR" && MLFLOW_TELEMETRY_DISABLED=true DO_NOT_TRACK=true exec "$OLDPWD/.venv-mlflow/bin/mlflow" server \
        --backend-store-uri "sqlite:///$MLFLOW_TEST_DIR/mlflow.db" --default-artifact-root "$MLFLOW_TEST_DIR/artifacts" \
        --host 127.0.0.1 --port "$port" --workers 1 >"$MLFLOW_TEST_DIR/mlflow.log" 2>&1) &
    MLFLOW_TEST_PID=$!
    for _ in $(seq 1 120); do
        if .venv-mlflow/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/health', timeout=2)" 2>/dev/null; then
            export SPANKIT_MLFLOW_URL="http://127.0.0.1:$port" SPANKIT_MLFLOW_PYTHON="$PWD/.venv-mlflow/bin/python"
            return
        fi
        if ! kill -0 "$MLFLOW_TEST_PID" 2>/dev/null; then break; fi
        sleep 1
    done
    echo "MLflow did not start; its log:" >&2
    tail -50 "$MLFLOW_TEST_DIR/mlflow.log" >&2
    exit 1
}

stop_mlflow() {
    if [ -n "${MLFLOW_TEST_PID:-}" ]; then
        kill "$MLFLOW_TEST_PID" 2>/dev/null || true
        wait "$MLFLOW_TEST_PID" 2>/dev/null || true
        rm -rf "$MLFLOW_TEST_DIR"
    fi
}

stop_peers() { stop_phoenix; stop_mlflow; }

stop_phoenix() {
    if [ -n "${PHOENIX_TEST_PID:-}" ]; then
        kill "$PHOENIX_TEST_PID" 2>/dev/null || true
        wait "$PHOENIX_TEST_PID" 2>/dev/null || true
        rm -rf "$PHOENIX_TEST_DIR"
    fi
}

ensure_venv
ensure_mlflow_venv
start_phoenix
start_mlflow

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
