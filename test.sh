#!/usr/bin/env bash
# Runs every test, as CI does (.ci/run calls this script).
#  1. Installs what the tests need from Debian when run as root (PostgreSQL,
#     Chromium, CJK fonts, LibreOffice, poppler); otherwise stops with the apt-get line to run.
#  2. Starts a throwaway PostgreSQL on 127.0.0.1 in a temporary folder (as the
#     postgres user when run as root) and exports TONGCHOU_TEST_PG.
#  3. gofmt check, go vet, the CGO_ENABLED=0 builds for amd64/arm64/loong64,
#     then go test ./... on both engines with the browser journey in headless
#     Chromium. (The race detector is not run here: building modernc SQLite
#     with -race takes ~4 minutes of CPU on 2 cores. Run it by hand:
#     CGO_ENABLED=1 go test -race ./internal/app/ ./internal/store/)
# Arguments go to the final go test (e.g. ./test.sh -run Journey -v).
set -euo pipefail
cd "$(dirname "$0")"

packages="postgresql chromium fonts-noto-cjk fonts-wqy-microhei libreoffice-writer-nogui poppler-utils"
need_install() {
	command -v chromium >/dev/null || return 0
	command -v soffice >/dev/null || return 0   # internal/docx converts DOCX to PDF
	command -v pdftotext >/dev/null || return 0 # poppler-utils: pdfinfo, pdftotext
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || return 0
	[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || return 0
	ls /usr/share/fonts/opentype/noto/NotoSansCJK* >/dev/null 2>&1 || return 0
	return 1
}
if need_install; then
	if [ "$(id -u)" = 0 ]; then
		echo "== installing $packages"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends $packages >/dev/null
	else
		echo "missing test dependencies; run as root:" >&2
		echo "  apt-get update && apt-get install -y --no-install-recommends $packages" >&2
		exit 1
	fi
fi

# A throwaway PostgreSQL: its own folder and port, no fsync, removed on exit.
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/tongchou-pg.XXXXXX)
port=${TONGCHOU_TEST_PG_PORT:-55432}
if [ "$(id -u)" = 0 ]; then
	chown postgres "$pgdir" # initdb refuses to run as root
	as_pg() { su postgres -s /bin/sh -c "$*"; }
else
	as_pg() { sh -c "$*"; }
fi
stop_pg() {
	as_pg "$bindir/pg_ctl -D $pgdir/data -m immediate stop" >/dev/null 2>&1 || true
	rm -rf "$pgdir"
}
trap stop_pg EXIT
echo "== PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
as_pg "$bindir/initdb -D $pgdir/data -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >$pgdir/initdb.log 2>&1" ||
	{ cat "$pgdir/initdb.log" >&2; exit 1; }
as_pg "$bindir/pg_ctl -D $pgdir/data -o '-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300' -l $pgdir/log -w start >/dev/null" ||
	{ cat "$pgdir/log" >&2; exit 1; }
export TONGCHOU_TEST_PG="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
export TONGCHOU_CHROMIUM=${TONGCHOU_CHROMIUM:-$(command -v chromium)}

echo "== gofmt [${SECONDS}s]"
unformatted=$(gofmt -l cmd internal)
[ -z "$unformatted" ] || { echo "gofmt needed: $unformatted" >&2; exit 1; }
echo "== go vet [${SECONDS}s]"
go vet ./...
echo "== cross builds (CGO_ENABLED=0: amd64, arm64, loong64) [${SECONDS}s]"
for arch in amd64 arm64 loong64; do
	CGO_ENABLED=0 GOOS=linux GOARCH=$arch go build -o /dev/null ./cmd/tongchou
done
echo "== go test (SQLite and PostgreSQL on $port, Chromium $TONGCHOU_CHROMIUM) [${SECONDS}s]"
go test -count=1 -p 2 "$@" ./...
echo "== done [${SECONDS}s]"
