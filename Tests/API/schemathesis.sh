#!/usr/bin/env bash
# API fuzzing with schemathesis (PyPI) against a real `fascicolo serve` over a fresh data
# directory with demo pratiche: every phase (examples, coverage, fuzzing, stateful through the
# document's OpenAPI links) and every check, once with a bearer token and once with a cookie
# session and its CSRF token. Any failure (a 5xx, a response the document does not describe, a
# schema-valid request refused, a crash) fails the run.
#   ST_MAX_EXAMPLES  examples per operation and phase (default 25)
#   ST_SEED          the seed (default 2026, so CI runs are repeatable)
#   ST_MAX_TIME      optional time budget in seconds for the whole run of each identity
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$(realpath "${FASCICOLO_BIN:-$ROOT/.build/debug/fascicolo}")
OUT=${FASCICOLO_TEST_OUTPUT:-$ROOT/.build/test-output}/schemathesis
MAX_EXAMPLES=${ST_MAX_EXAMPLES:-25}
SEED=${ST_SEED:-2026}
source "$ROOT/Tests/Support/fixture-server.sh"
fixture_begin
mkdir -p "$OUT"

fixture_data "$DATA" 60
TOKEN=$("$BIN" token create --root "$ROOT" --data "$DATA" --user operatore@prova.it --label schemathesis | tail -n 1)
fixture_serve "$DATA" "$PORT" "$OUT/server.log"
URL="http://127.0.0.1:$PORT"

# The cookie session: the login form, then the CSRF token of a signed-in page.
mapfile -t session < <(FASCICOLO_URL="$URL" python3 "$ROOT/Tests/API/session_headers.py" operatore@prova.it password-di-prova)

# Credentials go through the document's own security schemes, so that the ignored-auth check
# removes and forges them itself. $2 is the identity's [auth.openapi.*] block.
run() {
    local name=$1 auth=$2
    echo "schemathesis ($name): seed $SEED, $MAX_EXAMPLES examples per operation"
    mkdir -p "$OUT/$name"
    { printf '%s\n\n' "$auth"; cat "$ROOT/Tests/API/schemathesis.toml"; } >"$OUT/$name/schemathesis.toml"
    st --config-file "$OUT/$name/schemathesis.toml" run "$URL/api/openapi.json" \
        --phases examples,coverage,fuzzing,stateful \
        --seed "$SEED" --max-examples "$MAX_EXAMPLES" ${ST_MAX_TIME:+--max-time "$ST_MAX_TIME"} \
        --workers 1 --request-timeout 30 --suppress-health-check all \
        --report junit --report-dir "$OUT/$name" --no-color
}

status=0
run bearer "$(printf '[auth.openapi.bearer]\nbearer = "%s"' "$TOKEN")" || status=1
run cookie "$(printf '[auth.openapi.sessione]\napi_key = "%s"\n\n[auth.openapi.csrf]\napi_key = "%s"' "${session[0]}" "${session[1]}")" || status=1
kill -0 "$SERVER" || { echo "the server is not running any more" >&2; status=1; }
exit $status
