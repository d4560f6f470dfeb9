#!/usr/bin/env bash
# Load benchmark of the web front on 100,000 demo pratiche (loopback only, bounded duration).
# Prints requests/s at 8 connections and p50 latency at 1 connection for the budgeted pages,
# server start-up time and RSS, and the ratio to SQLite's own time for the same queries
# (measured by `fascicolo-bench --queries-only` on the same database). `make bench-web` runs it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
DURATION=${DURATION:-10s}
PORT=${PORT:-18080}
SCRATCH=${SCRATCH:-.build-bench}
command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install wrk" >&2; exit 1; }

swift build -c release --scratch-path "$SCRATCH" --product fascicolo >/dev/null
swift build -c release --scratch-path "$SCRATCH" --product fascicolo-bench >/dev/null
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)

# SQLite's own time for the same queries (this also creates the 100,000 demo pratiche once).
QUERIES=$("$BIN/fascicolo-bench" --root "$ROOT" --queries-only)
echo "$QUERIES"
DATA=${TMPDIR:-/tmp}/fascicolo-bench-100000
read -r GESTORE MONTH DATE < <(echo "$QUERIES" | sed -n 's/.*web-params gestore=\([0-9]*\) month=\([0-9-]*\) date=\([0-9-]*\).*/\1 \2 \3/p')
sqlite_ms() { echo "$QUERIES" | grep "$1" | sed -n 's/.*SQLite alone \([0-9.]*\) ms.*/\1/p'; }

if ! "$BIN/fascicolo" user list --root "$ROOT" --data "$DATA" | grep -q '^bench@fascicolo.local'; then
    printf 'password-bench-web\n' | "$BIN/fascicolo" user add --root "$ROOT" --data "$DATA" --email bench@fascicolo.local \
        --name "Benchmark" --role operatore --password-stdin >/dev/null
fi
TOKEN=$("$BIN/fascicolo" token create --root "$ROOT" --data "$DATA" --user bench@fascicolo.local --label bench)

BASE="http://127.0.0.1:$PORT"
FILTER="tipo=crisi-sovraindebitamento&stato=lavorazione_gestore,attesa_documentazione&filtro=data_apertura%3D01/01/2023..31/12/2025&filtro=gestori.gestore%3D$GESTORE"
PAGE_FILTER="tipo=crisi-sovraindebitamento&f.stato=lavorazione_gestore&f.stato=attesa_documentazione&f.data_apertura.da=2023-01-01&f.data_apertura.a=2025-12-31&f.gestori.gestore=$GESTORE"
LIST_SQL=$(sqlite_ms "list: stato+date range+gestore")
SEARCH_SQL=$(sqlite_ms "search surname")
CALENDAR_SQL=$(sqlite_ms "calendar month")

measure() { # connections, url, header
    wrk -t"$(( $1 < 2 ? 1 : 2 ))" -c"$1" -d"$DURATION" --latency -H "$3" "$2" 2>&1
}
p50() { awk '/50%/ { v = $2; if (v ~ /us$/) { sub("us", "", v); v = v / 1000 } else if (v ~ /ms$/) { sub("ms", "", v) } else if (v ~ /s$/) { sub("s", "", v); v = v * 1000 }; print v; exit }'; }
rps() { awk '/Requests\/sec/ { print $2 }'; }
report() { # label, budget text, url, header, sqlite ms
    local one eight p
    one=$(measure 1 "$3" "$4")
    eight=$(measure 8 "$3" "$4")
    p=$(echo "$one" | p50)
    printf '%-44s p50 %7s ms (1 conn) | %8s req/s (8 conn) | SQLite alone %s ms, ratio %sx | %s\n' "$1" "$p" \
        "$(echo "$eight" | rps)" "${5:-?}" "$(awk -v a="$p" -v b="${5:-0}" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "?" }')" "$2"
}

# One round per setting of the list-page cache: on (the default) and off (every page read anew).
for CACHE in 64 0; do
    START=$(date +%s%N)
    "$BIN/fascicolo" serve --root "$ROOT" --data "$DATA" --port "$PORT" --quiet --list-cache "$CACHE" >/tmp/fascicolo-bench-web.log 2>&1 &
    SERVER=$!
    trap 'kill $SERVER 2>/dev/null || true' EXIT
    until curl -fs "$BASE/health" >/dev/null 2>&1; do sleep 0.01; done
    STARTUP_MS=$(( ($(date +%s%N) - START) / 1000000 ))

    # A browser session for the HTML pages.
    JAR=$(mktemp)
    LOGIN=$(curl -fs -c "$JAR" "$BASE/login" | sed -n 's/.*name="_login" value="\([^"]*\)".*/\1/p')
    curl -fs -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "_login=$LOGIN" --data-urlencode "email=bench@fascicolo.local" \
        --data-urlencode "password=password-bench-web" "$BASE/login"
    COOKIE=$(awk '$6 == "fascicolo_sessione" { print $7 }' "$JAR")
    rm -f "$JAR"

    echo
    echo "== list-page cache: $([ "$CACHE" = 0 ] && echo off || echo "on ($CACHE pages)") =="
    echo "server start-up: ${STARTUP_MS} ms (budget 1000 ms)"
    report "JSON list, stato+date range+gestore" "budget >= 2000 req/s at 8 conn" "$BASE/api/v1/pratiche?$FILTER" "Authorization: Bearer $TOKEN" "$LIST_SQL"
    report "HTML list page, same filters" "budget p50 <= 10 ms" "$BASE/pratiche?$PAGE_FILTER" "Cookie: fascicolo_sessione=$COOKIE" "$LIST_SQL"
    report "HTML search by surname (Rossi)" "budget p50 <= 15 ms" "$BASE/pratiche?tipo=crisi-sovraindebitamento&q=Rossi&ordina=-creata" \
        "Cookie: fascicolo_sessione=$COOKIE" "$SEARCH_SQL"
    report "HTML calendar month ($MONTH, 6-week grid)" "budget p50 <= 100 ms" "$BASE/calendario?tipo=crisi-sovraindebitamento&mese=$MONTH" \
        "Cookie: fascicolo_sessione=$COOKIE" "$CALENDAR_SQL"
    echo "server RSS after the runs: $(awk '/VmRSS/ { printf "%.0f MB", $2 / 1024 }' /proc/$SERVER/status), peak $(awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' /proc/$SERVER/status) (budget 200 MB)"
    kill $SERVER
    wait $SERVER 2>/dev/null || true
done
