#!/usr/bin/env bash
# Appeal intake under load (issue 5, "Done when"): wrk POSTs the public appeal
# form at 64 concurrent clients against `tongchou serve --demo` on SQLite with
# synchronous=FULL (each appeal durable before the 303 answer), from
# 127.0.0.1, which --public-allow exempts from the per-IP limit and the
# challenge. Target: >= 2,000 accepted appeals/s on the 2-core machine.
# Also run at 16 clients, and once against a bare net/http handler
# (bench/ceiling) with the same wrk settings: the ceiling of machine, tool and
# loopback.
# Usage: bench/appeal.sh        DURATION=20s CONNS="16 64" PORT=18082 BIN_DIR= SYNC=FULL
# (SYNC=NORMAL only to measure what the per-commit fsync costs: not durable.)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
duration=${DURATION:-20s}
conns_list=${CONNS:-16 64}
port=${PORT:-18082}
cport=${CEILING_PORT:-18091}
export BENCH_WRK=$root/bench/wrk

command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "needs curl" >&2; exit 1; }
work=$(mktemp -d /tmp/tongchou-appeal-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "== build"
if [ -n "${BIN_DIR:-}" ]; then
	cp "$BIN_DIR"/tongchou "$BIN_DIR"/ceiling "$work"/
else
	go build -o "$work/tongchou" ./cmd/tongchou
	go build -o "$work/ceiling" ./bench/ceiling
fi

echo "== serve --demo (SQLite, synchronous=FULL), --public-allow 127.0.0.1"
TONGCHOU_DEMO_PASSWORD=Bench-2026-pw! "$work/tongchou" serve --demo --public-allow 127.0.0.1 \
	--addr "127.0.0.1:$port" --db "sqlite:$work/t.db" --key-file "$work/key" --files-dir "$work/files" --sqlite-sync "${SYNC:-FULL}" \
	--log-level warn >"$work/serve.log" 2>&1 &
pids+=($!)
srv=$!
for _ in $(seq 300); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$work/serve.log" >&2; exit 1; }

# The first category and the first village the form offers.
page=$(curl -fsS "http://127.0.0.1:$port/public/appeal" | tr '\n' ' ')
export CATEGORY=$(sed -E 's/.*id="category"[^>]*>[^<]*<option value="">[^<]*<\/option>[^<]*<option value="([0-9]+)".*/\1/' <<<"$page")
export REGION=$(sed -E 's/.*id="region"[^>]*>[^<]*<option value="">[^<]*<\/option>[^<]*<option value="([0-9]+)".*/\1/' <<<"$page")
[[ "$CATEGORY" =~ ^[0-9]+$ && "$REGION" =~ ^[0-9]+$ ]] || { echo "could not read the form's choices" >&2; exit 1; }
echo "   category $CATEGORY, village $REGION"

"$work/ceiling" -addr "127.0.0.1:$cport" >/dev/null 2>&1 &
pids+=($!)
sleep 0.5

echo "== machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(go version | cut -d' ' -f3)"
for c in $conns_list; do
	echo "-- appeal intake, $c clients, $duration"
	wrk -t2 -c"$c" -d"$duration" --timeout 30s -s "$BENCH_WRK/appeal.lua" "http://127.0.0.1:$port" | grep -E '^RESULT|Non-2xx'
	echo "-- ceiling (bare handler), $c clients, $duration"
	wrk -t2 -c"$c" -d"$duration" --timeout 30s -s "$BENCH_WRK/get.lua" "http://127.0.0.1:$cport/" | grep '^RESULT' || true
done
echo "== server memory: $(grep -E 'VmHWM|VmRSS' /proc/$srv/status | tr -s ' \n' ' ')"
echo "== warnings and errors in the server log: $(grep -ciE 'level=(error|warn)' "$work/serve.log" || true)"
grep -iE 'level=(error|warn)' "$work/serve.log" | head -3 | cut -c1-300 || true
