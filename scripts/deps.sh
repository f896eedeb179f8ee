#!/bin/sh
# deps.sh: installs the Debian packages jixiao needs that are missing.
# Asks dpkg-query first, so a machine that has everything never touches the
# package registry; otherwise one `apt-get update`, then one install.
# Usage: scripts/deps.sh [GROUP...]   groups: build (default), test, bench
set -eu

build="make gcc pkg-config libjansson-dev libsqlite3-dev libsodium-dev libutf8proc-dev libmicrohttpd-dev sqlite3 libcairo2-dev libpango1.0-dev fonts-noto-cjk"
build="$build libxlsxwriter-dev libzip-dev libexpat1-dev"
# the password rule: cracklib and its dictionary (cracklib-runtime builds
# /var/cache/cracklib/cracklib_dict from its word list when installed)
build="$build libcrack2-dev cracklib-runtime"
# PostgreSQL: libpq to build; the server, pg_virtualenv (postgresql-common)
# and pg_trgm (postgresql-contrib) for a store on it and for the tests
build="$build libpq-dev postgresql postgresql-common postgresql-contrib"
# test: chromium, fonts-noto-cjk (the pages are Chinese), nodejs and npm for
# the browser tests (tests/e2e.sh); poppler-utils (pdftotext, pdffonts,
# pdfinfo, pdftoppm) for tests/pdf.sh
test="clang libclang-rt-14-dev llvm libcmocka-dev python3 python3-jsonschema curl chromium fonts-noto-cjk nodejs npm poppler-utils"
# test: LibreOffice opens the XLSX workbooks (tests/xlsx.sh)
test="$test libreoffice-calc-nogui"
bench="time wrk nginx-light"

want=""
[ $# -eq 0 ] && set -- build
for g in "$@"; do
	case "$g" in
	build) want="$want $build" ;;
	test) want="$want $build $test" ;;
	bench) want="$want $build $bench" ;;
	*) echo "deps.sh: unknown group $g" >&2; exit 2 ;;
	esac
done

missing=""
for p in $want; do
	# a nodejs that brings its own npm (NodeSource's provides and conflicts
	# with Debian's npm package): the command is what the tests need
	if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then
		continue
	fi
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) case " $missing " in *" $p "*) ;; *) missing="$missing $p" ;; esac ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing" >&2
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: these Debian packages are missing:$missing; run 'make deps' as root" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
