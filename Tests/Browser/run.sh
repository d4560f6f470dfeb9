#!/usr/bin/env bash
# Browser and API-contract tests: a real `fascicolo serve` on 127.0.0.1 over a fresh data
# directory (an account, demo pratiche, its operatore, sola_lettura and admin users), driven by
# headless Chromium through Selenium and by plain HTTP. Screenshots go to
# $FASCICOLO_TEST_OUTPUT/screenshots.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=$(realpath "${FASCICOLO_BIN:-$ROOT/.build/debug/fascicolo}")
export FASCICOLO_TEST_OUTPUT=${FASCICOLO_TEST_OUTPUT:-$ROOT/.build/test-output}
source "$ROOT/Tests/Support/fixture-server.sh"
fixture_begin
mkdir -p "$FASCICOLO_TEST_OUTPUT/screenshots"

fixture_data "$DATA" 80
printf 'password-di-prova\n' | "$BIN" user add --root "$ROOT" --data "$DATA" --email lettore@prova.it \
    --name "Lettore Prova" --role sola_lettura --password-stdin >/dev/null
printf 'password-di-prova\n' | "$BIN" user add --root "$ROOT" --data "$DATA" --email admin@prova.it \
    --name "Admin Prova" --role admin --password-stdin >/dev/null
# A second account (a gestore's studio) to share pratiche with.
"$BIN" account add --root "$ROOT" --data "$DATA" --name "Studio Gestore" --kind professionista >/dev/null
GESTORE_ACCOUNT=$("$BIN" account list --root "$ROOT" --data "$DATA" | awk -F'\t' '$2 == "Studio Gestore" { print $1 }')
printf 'password-di-prova\n' | "$BIN" user add --root "$ROOT" --data "$DATA" --account "$GESTORE_ACCOUNT" \
    --email gestore@prova.it --name "Gestore Prova" --role operatore --password-stdin >/dev/null
export FASCICOLO_GESTORE_ACCOUNT="$GESTORE_ACCOUNT"
# An unrelated account, which must see none of the above.
"$BIN" account add --root "$ROOT" --data "$DATA" --name "Altro OCC" >/dev/null
ALTRO_ACCOUNT=$("$BIN" account list --root "$ROOT" --data "$DATA" | awk -F'\t' '$2 == "Altro OCC" { print $1 }')
printf 'password-di-prova\n' | "$BIN" user add --root "$ROOT" --data "$DATA" --account "$ALTRO_ACCOUNT" \
    --email altro@prova.it --name "Altro Operatore" --role operatore --password-stdin >/dev/null
export FASCICOLO_ALTRO_ACCOUNT="$ALTRO_ACCOUNT"

fixture_serve "$DATA" "$PORT" "$FASCICOLO_TEST_OUTPUT/server.log"

export FASCICOLO_URL="http://127.0.0.1:$PORT" FASCICOLO_BIN="$BIN" FASCICOLO_DATA="$DATA" FASCICOLO_ROOT="$ROOT"
cd "$ROOT/Tests/Browser"
python3 -m unittest discover -s . -p 'test_*.py' -v
