#!/usr/bin/env bash
# HTTP load of the pratiche list with the list cache off, every request a different filter:
# random URLs drawn from the data (every filter kind alone and in pairs, three orders) replayed by
# wrk through Tests/Load/mixed-urls.lua. Prints p50 at 1 connection and requests/s at 8 for the
# JSON list, the HTML list, the search by surname and the calendar month.
#   DATA=/path/to/data bash Tests/Load/list-load.sh   (default: 100,000 demo pratiche, made once)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
DURATION=${DURATION:-10s}
PORT=${PORT:-18081}
SCRATCH=${SCRATCH:-.build-bench}
command -v wrk >/dev/null || { echo "wrk is missing: sudo apt-get install wrk" >&2; exit 1; }

swift build -c release --scratch-path "$SCRATCH" --product fascicolo >/dev/null
swift build -c release --scratch-path "$SCRATCH" --product fascicolo-bench >/dev/null
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)
DATA=${DATA:-${TMPDIR:-/tmp}/fascicolo-bench-100000}
if [ ! -f "$DATA/fascicolo.sqlite" ]; then
    "$BIN/fascicolo" init --root "$ROOT" --data "$DATA" >/dev/null
    "$BIN/fascicolo" demo --root "$ROOT" --data "$DATA" --pratiche 100000 >/dev/null
fi
if ! "$BIN/fascicolo" user list --root "$ROOT" --data "$DATA" | grep -q '^bench@fascicolo.local'; then
    printf 'password-bench-web\n' | "$BIN/fascicolo" user add --root "$ROOT" --data "$DATA" --email bench@fascicolo.local \
        --name "Benchmark" --role operatore --password-stdin >/dev/null
fi
TOKEN=$("$BIN/fascicolo" token create --root "$ROOT" --data "$DATA" --user bench@fascicolo.local --label bench)
WORK=$(mktemp -d)
for FRONT in json html search calendar; do
    "$BIN/fascicolo-bench" --urls 3000 --for "$FRONT" --data "$DATA" > "$WORK/$FRONT.txt"
done

BASE="http://127.0.0.1:$PORT"
"$BIN/fascicolo" serve --root "$ROOT" --data "$DATA" --port "$PORT" --quiet --list-cache 0 >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
until curl -fs "$BASE/health" >/dev/null 2>&1; do sleep 0.05; done
JAR="$WORK/jar"
LOGIN=$(curl -fs -c "$JAR" "$BASE/login" | sed -n 's/.*name="_login" value="\([^"]*\)".*/\1/p')
curl -fs -b "$JAR" -c "$JAR" -o /dev/null --data-urlencode "_login=$LOGIN" --data-urlencode "email=bench@fascicolo.local" \
    --data-urlencode "password=password-bench-web" "$BASE/login"
COOKIE=$(awk '$6 == "fascicolo_sessione" { print $7 }' "$JAR")

p50() { awk '/50%/ { v = $2; if (v ~ /us$/) { sub("us", "", v); v = v / 1000 } else if (v ~ /ms$/) { sub("ms", "", v) } else if (v ~ /s$/) { sub("s", "", v); v = v * 1000 }; print v; exit }'; }
field() { awk -v key="$1" '$0 ~ key { print $2; exit }'; }
run() { # label, front, header, budget
    local one eight
    one=$(wrk -t1 -c1 -d"$DURATION" --latency -H "$3" -s Tests/Load/mixed-urls.lua "$BASE" -- "$WORK/$2.txt" 2>&1)
    eight=$(wrk -t2 -c8 -d"$DURATION" --latency -H "$3" -s Tests/Load/mixed-urls.lua "$BASE" -- "$WORK/$2.txt" 2>&1)
    printf '%-40s p50 %8s ms (1 conn) | %8s req/s, p99 %s (8 conn) | non-2xx: %s | %s\n' "$1" "$(echo "$one" | p50)" \
        "$(echo "$eight" | field 'Requests/sec')" "$(echo "$eight" | awk '/99%/ { print $2; exit }')" \
        "$(echo "$eight" | awk '/Non-2xx/ { print $NF; exit }' | sed 's/^$/0/')" "$4"
}
echo "Mixed URLs, list cache off, $DURATION per run, on $(nproc) cores"
run "JSON list, random filters" json "Authorization: Bearer $TOKEN" "budget >= 2000 req/s at 8 conn"
run "HTML list, random filters" html "Cookie: fascicolo_sessione=$COOKIE" "budget >= 600 req/s at 8 conn"
run "HTML search by surname, random" search "Cookie: fascicolo_sessione=$COOKIE" "budget p50 <= 15 ms"
run "HTML calendar month, random" calendar "Cookie: fascicolo_sessione=$COOKIE" "budget p50 <= 100 ms"
echo "server RSS: $(awk '/VmRSS/ { printf "%.0f MB", $2 / 1024 }' /proc/$SERVER/status), peak $(awk '/VmHWM/ { printf "%.0f MB", $2 / 1024 }' /proc/$SERVER/status)"
