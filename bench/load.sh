#!/usr/bin/env bash
# Load scenario for docs/benchmarks.md: builds tongchou, serves the demo on a
# fresh SQLite file (synchronous=FULL, the production default) on 127.0.0.1,
# signs in as ducha, then measures with hey:
#   1. GET /healthz             (no database read beyond a ping)
#   2. GET /  signed in         (session load + save, principal, home page)
#   3. POST /login              (argon2id: deliberately slow)
# Traffic goes to 127.0.0.1 only; every run is bounded in time or count.
# Usage: bench/load.sh            (DURATION=10s CONC=16 LOGINS=40 PORT=18080)
set -euo pipefail
cd "$(dirname "$0")/.."

duration=${DURATION:-10s}
conc=${CONC:-16}
logins=${LOGINS:-40}
port=${PORT:-18080}
password=Bench-2026-pw!
base=http://127.0.0.1:$port

command -v curl >/dev/null || { echo "needs curl: apt-get install -y curl" >&2; exit 1; }
work=$(mktemp -d /tmp/tongchou-bench.XXXXXX)
pid=
cleanup() { [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "== build"
go build -o "$work/tongchou" ./cmd/tongchou
GOBIN="$work" go install github.com/rakyll/hey@v0.1.5
hey="$work/hey"

TONGCHOU_DEMO_PASSWORD=$password "$work/tongchou" serve --demo --addr "127.0.0.1:$port" \
	--db "sqlite:$work/bench.db" --key-file "$work/key" --log-level warn >"$work/serve.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
	curl -fsS "$base/healthz" >/dev/null 2>&1 && break
	sleep 0.2
done
curl -fsS "$base/healthz" >/dev/null || { cat "$work/serve.log" >&2; exit 1; }

# The session cookie is Secure; curl would not send it back over http, so
# take it from the Set-Cookie header and pass it by hand.
cookie=$(curl -sS -o /dev/null -D - --data-urlencode username=ducha --data-urlencode "password=$password" \
	"$base/login" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(tongchou_session=[^;]*\).*/\1/p' | tail -n 1)
[ -n "$cookie" ] || { echo "login failed" >&2; exit 1; }
curl -fsS -H "Cookie: $cookie" "$base/" | grep -q 'id="logout"' || { echo "home page not signed in" >&2; exit 1; }

summary() { grep -E 'Requests/sec|Average:|Slowest:| (50|90|99)%+ in|\[[0-9]+\][[:space:]]+[0-9]+ responses' | sed 's/%%/%/' || true; }

echo "== machine: $(nproc) cores, $(go version | cut -d' ' -f3), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== GET /healthz: $conc connections, $duration"
"$hey" -z "$duration" -c "$conc" "$base/healthz" | summary
echo "== GET / signed in as ducha (reads and writes the database): $conc connections, $duration"
"$hey" -z "$duration" -c "$conc" -H "Cookie: $cookie" "$base/" | summary
echo "== POST /login as ducha (argon2id): $logins requests, 2 connections"
"$hey" -n "$logins" -c 2 -m POST -T application/x-www-form-urlencoded -disable-redirects \
	-d "username=ducha&password=$password" "$base/login" | summary
