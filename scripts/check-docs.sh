#!/usr/bin/env bash
# Documentation check, for CI and before a release:
#
#   1. builds the library targets (with the flags scripts/test.sh uses, so the build is shared)
#      and extracts the public symbol graphs of SpanKit, OpenInference and SpanKitTesting;
#   2. fails, listing them, when public symbols declared in Sources/ have no doc comment;
#   3. converts the DocC catalogs Sources/SpanKit/SpanKit.docc and
#      Sources/OpenInference/OpenInference.docc (and SpanKitTesting's doc comments) with
#      `docc convert --analyze --warnings-as-errors`, and fails on any warning (an unresolved
#      ``link``, an ambiguous symbol reference, a parameter that does not exist…) and on any
#      top-level symbol or article that the module page's topic groups do not curate;
#   4. prints the number of hand-written public symbols of SpanKit + SpanKitTesting and fails
#      above the budget (PUBLIC_SYMBOL_BUDGET, 300).
#
# What counts as "a public symbol without a doc comment": a public or open declaration written in
# Sources/ (it has a source location in the symbol graph) whose own doc comment is missing, empty,
# or has no summary (it starts with a `- Parameter`-style list). Not counted:
#   - declarations the compiler synthesizes (`hashValue`, `hash(into:)`, `init(rawValue:)`, `!=`):
#     they have no source location;
#   - members a type inherits from a protocol extension or superclass (`::SYNTHESIZED::`
#     identifiers): they are documented where they are declared;
#   - implementations of a protocol requirement and overrides of a superclass member that have no
#     doc comment of their own but inherit one (from the requirement or the overridden member,
#     including standard-library protocols such as `CustomStringConvertible.description`).
#
# Usage: scripts/check-docs.sh            (DOCC=/path/to/docc to choose the docc binary)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*" >&2; }

# The same build flags as scripts/test.sh, so that running after it rebuilds nothing.
BUILD_FLAGS=(-Xswiftc -warnings-as-errors)
MODULES=(OpenInference SpanKit SpanKitTesting)

# A toolchain tool: on the PATH, next to `swift`, or through xcrun.
find_tool() {
    local name=$1 candidate
    if candidate=$(command -v "$name" 2>/dev/null); then echo "$candidate"; return 0; fi
    candidate="$(dirname "$(command -v swift)")/$name"
    if [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
    if command -v xcrun >/dev/null && candidate=$(xcrun --find "$name" 2>/dev/null); then echo "$candidate"; return 0; fi
    echo "cannot find $name in the Swift toolchain" >&2
    return 1
}
DOCC=${DOCC:-$(find_tool docc)}
EXTRACT=$(find_tool swift-symbolgraph-extract)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

log "building the library targets"
if ! swift build --target SpanKitTesting "${BUILD_FLAGS[@]}" >"$work/build.log" 2>&1; then
    cat "$work/build.log" >&2
    exit 1
fi
bin=$(swift build --show-bin-path "${BUILD_FLAGS[@]}")
triple=$(swiftc -print-target-info | python3 -c 'import json, sys; print(json.load(sys.stdin)["target"]["triple"])')
sdk_flags=()
if [ "$(uname)" = Darwin ]; then sdk_flags=(-sdk "$(xcrun --sdk macosx --show-sdk-path)"); fi

log "extracting symbol graphs"
for module in "${MODULES[@]}"; do
    for variant in own inherited; do
        mkdir -p "$work/$variant/$module"
        extra=(-emit-extension-block-symbols)
        # "own": each symbol's own doc comment only, for the coverage check and for DocC.
        # "inherited": doc comments inherited from protocol requirements and overridden members.
        if [ "$variant" = own ]; then extra+=(-skip-inherited-docs); fi
        "$EXTRACT" -module-name "$module" -target "$triple" "${sdk_flags[@]}" \
            -I "$bin/Modules" -I Sources/CZlib -minimum-access-level public \
            -output-dir "$work/$variant/$module" "${extra[@]}"
    done
done

log "checking that every public symbol has a doc comment"
python3 - "$work" "$PWD" "${MODULES[@]}" <<'PY'
import glob, json, os, sys
from urllib.parse import unquote, urlparse

work, root, modules = sys.argv[1], sys.argv[2], sys.argv[3:]

def symbols(variant, module):
    for path in sorted(glob.glob(os.path.join(work, variant, module, "*.symbols.json"))):
        with open(path) as file:
            yield from json.load(file)["symbols"]

def text(doc):
    return [line["text"] for line in (doc or {}).get("lines", [])]

missing, inheriting, documented = [], 0, 0
for module in modules:
    inherited = {s["identifier"]["precise"]: s.get("docComment") for s in symbols("inherited", module)}
    for symbol in symbols("own", module):
        precise = symbol["identifier"]["precise"]
        kind = symbol["kind"]["identifier"]
        location = symbol.get("location")
        if location is None or "::SYNTHESIZED::" in precise or kind == "swift.extension":
            continue
        lines = [line.strip() for line in text(symbol.get("docComment")) if line.strip()]
        if lines and not lines[0].startswith("- "):
            documented += 1
            continue
        if not lines and [line for line in text(inherited.get(precise)) if line.strip()]:
            inheriting += 1
            continue
        path = os.path.relpath(unquote(urlparse(location["uri"]).path), root)
        line = location["position"]["line"] + 1
        reason = "has no summary" if lines else "has no doc comment"
        name = ".".join(symbol["pathComponents"])
        missing.append(f"{path}:{line}: {kind.removeprefix('swift.')} {module}.{name} {reason}")

print(f"{documented} public symbols documented, {inheriting} inherit their documentation, {len(missing)} missing",
      file=sys.stderr)
if missing:
    print("\n".join(sorted(missing)), file=sys.stderr)
    sys.exit(1)
PY

log "counting the public API of SpanKit and SpanKitTesting"
# Hand-written public symbols only, counted the way the doc-coverage check above selects them:
# declarations with a source location, not synthesized, not extension blocks. The budget keeps
# the public surface to the API a user calls; machinery stays internal (issue 15).
PUBLIC_SYMBOL_BUDGET=${PUBLIC_SYMBOL_BUDGET:-300}
python3 - "$work" "$PUBLIC_SYMBOL_BUDGET" <<'PY'
import glob, json, os, sys
work, budget = sys.argv[1], int(sys.argv[2])
counts = {}
for module in ("SpanKit", "SpanKitTesting"):
    symbols = []
    for path in sorted(glob.glob(os.path.join(work, "own", module, "*.symbols.json"))):
        with open(path) as file:
            symbols += json.load(file)["symbols"]
    counts[module] = sum(
        1 for s in symbols
        if s.get("location") and "::SYNTHESIZED::" not in s["identifier"]["precise"]
        and s["kind"]["identifier"] != "swift.extension")
total = sum(counts.values())
print(f"public symbols: {total} (SpanKit {counts['SpanKit']}, SpanKitTesting {counts['SpanKitTesting']}); budget {budget}",
      file=sys.stderr)
if total > budget:
    print(f"the public API is {total - budget} symbols over its budget of {budget}", file=sys.stderr)
    sys.exit(1)
PY

# Converts one catalog (or, with an empty catalog, a module's doc comments alone), failing on
# warnings; then checks the module page's curation when asked to.
convert() {
    local module=$1 catalog=$2 curation=$3 output="$work/archives/$1.doccarchive" status=0
    log "docc convert $catalog"
    "$DOCC" convert "$catalog" --additional-symbol-graph-dir "$work/own/$module" \
        --output-dir "$output" --fallback-display-name "$module" --fallback-bundle-identifier "$module" \
        --analyze --warnings-as-errors >"$work/$module.docc.log" 2>&1 || status=$?
    if [ "$status" -ne 0 ] || grep -Eq '^(warning|error):' "$work/$module.docc.log"; then
        cat "$work/$module.docc.log" >&2
        echo "docc reported problems in $catalog" >&2
        return 1
    fi
    grep -E '^note:' "$work/$module.docc.log" >&2 || true
    if [ "$curation" = curated ]; then
        python3 - "$output" "$module" <<'PY'
import json, os, sys
output, module = sys.argv[1], sys.argv[2]
with open(os.path.join(output, "data", "documentation", module.lower() + ".json")) as file:
    page = json.load(file)
# DocC files what the topic groups leave out under generated sections ("Structures",
# "Articles"…). Extended standard-library and Foundation types are listed per platform, so they
# are left to DocC.
loose = [
    (section["title"], identifier.rsplit("/", 1)[-1])
    for section in page.get("topicSections", [])
    if section.get("generated") and section.get("title") != "Extended Modules"
    for identifier in section["identifiers"]
]
if loose:
    print(f"{module}: not curated in the module page's topic groups:", file=sys.stderr)
    for title, name in loose:
        print(f"  {name} (DocC put it under '{title}')", file=sys.stderr)
    sys.exit(1)
PY
    fi
}

mkdir -p "$work/archives" "$work/SpanKitTesting.docc"
failed=0
convert SpanKit Sources/SpanKit/SpanKit.docc curated || failed=1
convert OpenInference Sources/OpenInference/OpenInference.docc curated || failed=1
convert SpanKitTesting "$work/SpanKitTesting.docc" uncurated || failed=1
if [ "$failed" -ne 0 ]; then
    echo "documentation check failed" >&2
    exit 1
fi
log "documentation check passed (${SECONDS}s)"
