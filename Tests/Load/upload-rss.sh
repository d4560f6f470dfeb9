#!/usr/bin/env bash
# Upload benchmark: a 20 MB file sent to a release `fascicolo serve` through the JSON API must
# stream to disk, so the server's peak resident memory grows by at most 10 MB (issue budget).
# Prints the server's RSS before, its peak (VmHWM) after, the growth, and the upload time.
# `make bench-upload` runs it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PORT=${PORT:-18081}
SCRATCH=${SCRATCH:-.build-bench}
SIZE_MB=${SIZE_MB:-20}

swift build -c release --scratch-path "$SCRATCH" --product fascicolo >/dev/null
BIN=$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)
WORK=$(mktemp -d)
trap 'kill "${SERVER:-0}" 2>/dev/null || true; wait "${SERVER:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

"$BIN/fascicolo" init --root "$ROOT" --data "$WORK/data" --name "OCC Benchmark" >/dev/null
"$BIN/fascicolo" demo --root "$ROOT" --data "$WORK/data" --pratiche 10 >/dev/null
printf 'password-bench-upload\n' | "$BIN/fascicolo" user add --root "$ROOT" --data "$WORK/data" --email bench@fascicolo.local \
    --name "Benchmark" --role operatore --password-stdin >/dev/null
TOKEN=$("$BIN/fascicolo" token create --root "$ROOT" --data "$WORK/data" --user bench@fascicolo.local --label bench)
{ printf '%%PDF-1.4\n'; head -c $((SIZE_MB * 1024 * 1024)) /dev/urandom; } > "$WORK/grande.pdf"

"$BIN/fascicolo" serve --root "$ROOT" --data "$WORK/data" --port "$PORT" --quiet &
SERVER=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.1; done
# Warm up the route (first request, allocator pools) with a small file.
printf '%%PDF-1.4 piccolo\n' > "$WORK/piccolo.pdf"
curl -fs -H "Authorization: Bearer $TOKEN" -F "file=@$WORK/piccolo.pdf;type=application/pdf" \
    "http://127.0.0.1:$PORT/api/v1/pratiche/1/attachments" >/dev/null
kb() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$SERVER/status"; }
# Reset the peak to the current resident size, so that start-up peaks do not count.
echo 5 > "/proc/$SERVER/clear_refs" || { echo "cannot reset the server's peak RSS (/proc/$SERVER/clear_refs)" >&2; exit 1; }
BEFORE=$(kb VmRSS)
START=$(date +%s%N)
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -F "file=@$WORK/grande.pdf;type=application/pdf" \
    "http://127.0.0.1:$PORT/api/v1/pratiche/1/attachments")
END=$(date +%s%N)
PEAK=$(kb VmHWM)
[ "$STATUS" = 201 ] || { echo "upload failed: HTTP $STATUS" >&2; exit 1; }
STORED=$(find "$WORK/data/allegati" -type f -size +1M | wc -l)
GROWTH=$((PEAK - BEFORE))
VERDICT=$([ "$GROWTH" -le 10240 ] && echo OK || echo OVER)
printf 'upload of %d MB: HTTP %s in %d ms; server RSS before %d KB, peak after %d KB, growth %d KB (budget 10240 KB): %s; %d stored file(s)\n' \
    "$SIZE_MB" "$STATUS" $(((END - START) / 1000000)) "$BEFORE" "$PEAK" "$GROWTH" "$VERDICT" "$STORED"
[ "$VERDICT" = OK ]
