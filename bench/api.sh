#!/usr/bin/env bash
# Load scenarios of issue 3 for docs/benchmarks.md, driven by wrk with the
# Lua scripts in bench/wrk/. Each scenario runs beside a bare net/http
# handler (bench/ceiling) measured in the same run with the same wrk
# settings: the ceiling of this machine, load tool and loopback.
#
#   b  GET  /api/v1/campaigns/{id}/tasks          first page of 50, 20 000 tasks
#   a  POST /api/v1/campaigns/{id}/tasks          create, 16 and 64 clients
#   d  POST /api/v1/tasks/{id}/reports            submit, 64 clients, many tasks
#   e  the server's VmHWM / VmRSS after each scenario (/proc/PID/status)
#   c  board filtered first page, API list with a filter and the unit
#      comparison on 100 000 tasks / 1 000 000 reports
#
# Data comes from bench/seed (no HTTP, no argon2 per row) and is kept in
# $DATA (default /tmp/tongchou-bench-data) so a rerun skips the seeding;
# each run serves a fresh copy. SQLite with synchronous=FULL (production).
# Traffic goes to 127.0.0.1 only; every scenario is bounded in time.
# Usage: bench/api.sh [scenario…]   (default: b a d c)
#        DURATION=15s DATA=/tmp/tongchou-bench-data BIG_TASKS=100000 BIG_REPORTS=1000000 BIN_DIR=
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
duration=${DURATION:-15s}
data=${DATA:-/tmp/tongchou-bench-data}
big_tasks=${BIG_TASKS:-100000}
big_reports=${BIG_REPORTS:-1000000}
port=${PORT:-18081}
cport=${CEILING_PORT:-18090}
password=Bench-2026-pw!
scenarios=${*:-b a d c}
export BENCH_WRK=$root/bench/wrk

command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "needs curl: apt-get install -y curl" >&2; exit 1; }
work=$(mktemp -d /tmp/tongchou-api-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "== build"
# BIN_DIR: binaries built beforehand (tongchou, ceiling, seed), for a shared
# tree that does not always compile.
if [ -n "${BIN_DIR:-}" ]; then
	cp "$BIN_DIR"/tongchou "$BIN_DIR"/ceiling "$BIN_DIR"/seed "$work"/
else
	go build -o "$work/tongchou" ./cmd/tongchou
	go build -o "$work/ceiling" ./bench/ceiling
	go build -o "$work/seed" ./bench/seed
fi

# seed DIR TASKS REPORTS SUBMIT_TASKS: build the data set once.
seed() {
	if [ ! -f "$1/done" ]; then
		rm -rf "$1" && mkdir -p "$1"
		echo "== seed $1: $2 tasks, $3 reports"
		/usr/bin/time -f "   seeding took %es, max RSS %MkB" "$work/seed" -db "$1/bench.db" -key "$1/key" \
			-tasks "$2" -reports "$3" -submit-tasks "$4" -out "$1" -password "$password"
		touch "$1/done"
	fi
}

# serve DIR: a fresh copy of DIR's database on $port; sets srv.
serve() {
	local run=$work/run-$(basename "$1")
	rm -rf "$run" && mkdir -p "$run" && cp "$1"/bench.db "$1"/key "$run"/
	"$work/tongchou" serve --addr "127.0.0.1:$port" --db "sqlite:$run/bench.db" --key-file "$run/key" \
		--files-dir "$run/files" --log-level warn >"$run/serve.log" 2>&1 &
	srv=$!
	pids+=("$srv")
	for _ in $(seq 300); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
	curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null || { cat "$run/serve.log" >&2; exit 1; }
}

stop() { kill "$srv" 2>/dev/null || true; wait "$srv" 2>/dev/null || true; }

rss() { echo "   RSS: $(grep -E 'VmHWM|VmRSS' /proc/"$srv"/status | tr -s ' \t' ' ' | tr '\n' ' ')"; }
load() { echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg)"; }

# run NAME CONNS SCRIPT URL [wrk args]: one wrk run, its RESULT line.
run() {
	local name=$1 conns=$2 script=$3 url=$4
	shift 4
	printf '%-44s c=%-3s ' "$name" "$conns"
	wrk -t2 -c"$conns" -d"$duration" --timeout 30s -s "$BENCH_WRK/$script" "$@" "$url" | grep '^RESULT' | sed 's/^RESULT //'
}

"$work/ceiling" -addr "127.0.0.1:$cport" &
pids+=("$!")
ceiling=http://127.0.0.1:$cport
echo "== machine: $(nproc) cores, $(go version | cut -d' ' -f3), wrk $(wrk -v 2>&1 | head -1 | cut -d' ' -f2)"
load

for sc in $scenarios; do
	case $sc in
	a | b | d)
		seed "$data/20k" 20000 100000 3000
		d=$data/20k
		serve "$d"
		base=http://127.0.0.1:$port
		c=$(cat "$d/campaign")
		unit=$(cat "$d/unit" 2>/dev/null || echo 11)
		case $sc in
		b)
			echo "== (b) API first page of 50 in a campaign of 20 000 tasks, $duration"
			for n in 16 64; do
				TOKEN= run "ceiling GET" "$n" get.lua "$ceiling/"
				TOKEN=$(cat "$d/ducha.token") run "GET /api/v1/campaigns/$c/tasks" "$n" get.lua "$base/api/v1/campaigns/$c/tasks"
			done
			;;
		a)
			echo "== (a) task creation through the API, $duration"
			for n in 16 64; do
				TOKEN=x CAMPAIGN=$c UNIT=$unit run "ceiling POST" "$n" create.lua "$ceiling"
				before=$(curl -fsS -H "Authorization: Bearer $(cat "$d/ducha.token")" "$base/api/v1/campaigns/$c/tasks?per_page=1" | sed 's/.*"total":\([0-9]*\).*/\1/')
				TOKEN=$(cat "$d/ducha.token") CAMPAIGN=$c UNIT=$unit run "POST /api/v1/campaigns/$c/tasks" "$n" create.lua "$base"
				after=$(curl -fsS -H "Authorization: Bearer $(cat "$d/ducha.token")" "$base/api/v1/campaigns/$c/tasks?per_page=1" | sed 's/.*"total":\([0-9]*\).*/\1/')
				echo "   tasks in the campaign: $before -> $after (+$((after - before)))"
			done
			;;
		d)
			echo "== (d) report submission, 64 clients, $(cut -d' ' -f1 "$d/submit.txt" | sort -u | wc -l) tasks, $duration"
			TOKEN=x SUBMIT=$d/submit.txt THREADS=2 run "ceiling POST" 64 submit.lua "$ceiling"
			TOKEN=$(cat "$d/jiaoyu.token") SUBMIT=$d/submit.txt THREADS=2 run "POST /api/v1/tasks/{id}/reports" 64 submit.lua "$base"
			;;
		esac
		rss
		load
		stop
		;;
	c)
		seed "$data/big" "$big_tasks" "$big_reports" 0
		d=$data/big
		serve "$d"
		base=http://127.0.0.1:$port
		c=$(cat "$d/campaign")
		rss
		# The session cookie is Secure; take it from Set-Cookie by hand (one argon2 sign-in).
		cookie=$(curl -sS -o /dev/null -D - --data-urlencode username=ducha --data-urlencode "password=$password" \
			"$base/login" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(tongchou_session=[^;]*\).*/\1/p' | tail -n 1)
		[ -n "$cookie" ] || { echo "login failed" >&2; exit 1; }
		echo "== (c) $big_tasks tasks / $big_reports reports, $duration"
		TOKEN= run "ceiling GET" 8 get.lua "$ceiling/"
		COOKIE=$cookie run "GET /campaigns/$c/tasks?state=in_progress" 8 get.lua "$base/campaigns/$c/tasks?state=in_progress"
		TOKEN=$(cat "$d/ducha.token") run "GET /api/v1/campaigns/$c/tasks?state=in_progress" 8 get.lua \
			"$base/api/v1/campaigns/$c/tasks?state=in_progress"
		COOKIE=$cookie run "GET /campaigns/$c/units" 2 get.lua "$base/campaigns/$c/units"
		rss
		load
		stop
		;;
	*) echo "unknown scenario $sc" >&2; exit 2 ;;
	esac
done
