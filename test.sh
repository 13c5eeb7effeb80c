#!/usr/bin/env bash
# Runs every test: installs what the tests need when run as root (PostgreSQL,
# Chromium, fonts, LibreOffice tools), starts a throwaway PostgreSQL on
# 127.0.0.1, then go vet, the cross builds and go test ./... on both engines.
set -euo pipefail
cd "$(dirname "$0")"

packages="postgresql chromium fonts-noto-cjk fonts-wqy-microhei"
need_install() {
	command -v chromium >/dev/null || return 0
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || return 0
	[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || return 0
	return 1
}
if need_install; then
	if [ "$(id -u)" = 0 ]; then
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		apt-get install -y -qq --no-install-recommends $packages >/dev/null
	else
		echo "missing test dependencies; run as root:" >&2
		echo "  apt-get install -y --no-install-recommends $packages" >&2
		exit 1
	fi
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgdir=$(mktemp -d /tmp/tongchou-pg.XXXXXX)
port=${TONGCHOU_TEST_PG_PORT:-55432}
as_pg() { if [ "$(id -u)" = 0 ]; then chown -R postgres "$pgdir"; su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
as_pg "$bindir/initdb -D $pgdir/data -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >$pgdir/initdb.log"
as_pg "$bindir/pg_ctl -D $pgdir/data -o '-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300' -l $pgdir/log -w start >/dev/null"
trap 'as_pg "$bindir/pg_ctl -D $pgdir/data -m immediate stop" >/dev/null 2>&1; rm -rf "$pgdir"' EXIT
export TONGCHOU_TEST_PG="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
export TONGCHOU_CHROMIUM=${TONGCHOU_CHROMIUM:-$(command -v chromium)}

echo "== gofmt"
unformatted=$(gofmt -l cmd internal)
[ -z "$unformatted" ] || { echo "gofmt needed: $unformatted" >&2; exit 1; }
echo "== go vet"
go vet ./...
echo "== cross builds (CGO_ENABLED=0: amd64, arm64, loong64)"
for arch in amd64 arm64 loong64; do
	CGO_ENABLED=0 GOOS=linux GOARCH=$arch go build -o /dev/null ./cmd/tongchou
done
echo "== go test (SQLite and PostgreSQL $port, Chromium $TONGCHOU_CHROMIUM)"
go test -count=1 "$@" ./...
