#!/usr/bin/env bash
# The libFuzzer harnesses of the parsers of outside input (docs in SECURITY.md): each is built
# with `swiftc -sanitize=fuzzer,address` from the parser's own sources and run for FUZZ_SECONDS
# (30 by default; `make fuzz` runs longer) from its committed seed corpus in Tests/Fuzz/corpus.
# New inputs go to .build/fuzz/corpus; a crash fails the run and leaves its reproducer in
# .build/fuzz/crashes (turn it into a regression test). Prints the executions per target.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
SECONDS_EACH=${FUZZ_SECONDS:-30}
OUT=.build/fuzz
mkdir -p "$OUT/crashes"
build() { # binary, sources...
    local binary=$1
    shift
    swiftc -sanitize=fuzzer,address -parse-as-library -module-name Fuzz "$@" -o "$OUT/$binary" 2>&1 \
        | grep -v "Cannot export local symbol" || true
    [ -x "$OUT/$binary" ] || { echo "fuzz: could not build $binary" >&2; exit 1; }
}
build core $(find Sources/FascicoloCore -name '*.swift' | sort) Tests/Fuzz/CoreHarness.swift
build multipart Sources/FascicoloWeb/Support/MultipartReader.swift Tests/Fuzz/MultipartHarness.swift
build xml Sources/FascicoloDocuments/Docx/XMLTree.swift Sources/FascicoloDocuments/Docx/Placeholder.swift \
    Sources/FascicoloDocuments/Docx/ExternalContent.swift Sources/FascicoloDocuments/Docx/TemplateCompiler.swift \
    Sources/FascicoloDocuments/Docx/TemplateValue.swift Sources/FascicoloDocuments/Docx/TemplateWalkers.swift Tests/Fuzz/XMLHarness.swift
build form Sources/FascicoloWeb/Support/FormData.swift Tests/Fuzz/FormHarness.swift
build forwarded Sources/FascicoloWeb/Support/TrustedProxies.swift Tests/Fuzz/ForwardedHarness.swift
# FascicoloSchema imports FascicoloCore: build Core as a module of its own first.
swiftc -sanitize=fuzzer,address -parse-as-library -module-name FascicoloCore -emit-module -emit-module-path "$OUT/FascicoloCore.swiftmodule" \
    -emit-library -static -o "$OUT/libFascicoloCore.a" $(find Sources/FascicoloCore -name '*.swift' | sort)
build type-yaml -I "$OUT" -L "$OUT" -lFascicoloCore -I Sources/CYAML $(find Sources/FascicoloSchema -name '*.swift' | sort) Tests/Fuzz/TypeYAMLHarness.swift

run() { # label, binary, corpus name, [FASCICOLO_FUZZ]
    local work="$OUT/corpus/$3" log="$OUT/$3.log"
    mkdir -p "$work"
    # (Swift's own backtracer is off: under ASan it reports itself.)
    if ! SWIFT_BACKTRACE=enable=no FASCICOLO_FUZZ=${4:-} "$OUT/$2" "$work" "Tests/Fuzz/corpus/$3" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$OUT/crashes/$3-" >"$log" 2>&1; then
        echo "fuzz: $1 FAILED — see $log and $OUT/crashes/" >&2
        tail -40 "$log" >&2
        exit 1
    fi
    printf 'fuzz: %-34s %10s executions in %s s, no crash\n' "$1" "$(awk '/number_of_executed_units/ { print $2 }' "$log")" "$SECONDS_EACH"
}
run "JSON bodies (JSONParser)" core json json
run "codice fiscale" core codice-fiscale codice-fiscale
run "partita IVA" core partita-iva partita-iva
run "dates (Italian and ISO)" core date date
run "amounts (Italian and plain)" core amount amount
run "CSV tables" core csv csv
run "filter expressions and the search box" core list-syntax list-syntax
run "multipart uploads (MultipartReader)" multipart multipart
run ".docx parts and templates (XMLTree, PartCompiler)" xml xml
run "forms and query strings (FormData)" form form
run "forwarding headers (TrustedProxies)" forwarded forwarded
run "pratica types in YAML (TypeLoader)" type-yaml type-yaml
run "roles in YAML (RoleLoader)" type-yaml role-yaml roles
