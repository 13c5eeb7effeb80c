#!/bin/sh
# The hot-issue page with 1,000,000 appeals on SQLite (issue 5): seeds the appeals in one
# transaction, runs the aggregation job once, then times GET /appeals/hot signed in as the
# office (cached and uncached), the rates page, and the job counting 1,000 new appeals.
# Figures and their reading: docs/benchmarks.md, section "Issue 5: hot issues".
#
#   bench/hot.sh                 # APPEALS=1000000 N=200
#   APPEALS=100000 bench/hot.sh  # a quicker look
set -eu
cd "$(dirname "$0")/.."
APPEALS=${APPEALS:-1000000}
N=${N:-200}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
TONGCHOU_BENCH_APPEALS=$APPEALS go test ./internal/appealstat -run '^$' -bench HotPage -benchtime "${N}x" -timeout 120m -v 2>&1 |
	grep -v 'WARN created a new key file'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
