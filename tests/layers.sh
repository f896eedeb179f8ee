#!/usr/bin/env bash
# tests/layers.sh: the include rules of scripts/layers.sh hold on src/, and
# the checker fails, naming the file and line, on each kind of forbidden
# include planted in a copy of src/.
set -u
. tests/lib.sh
plan 6

res=$(scripts/layers.sh src 2>&1)
expect_eq "src/: every include allowed" "0:" "$?:$res"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# plant LINE at the top of FILE in a fresh copy of src/; the checker's output
plant() {
	rm -rf "$tmp/src"
	cp -r src "$tmp/src"
	{ printf '%s\n' "$2"; cat "src/$1"; } >"$tmp/src/$1"
	scripts/layers.sh "$tmp/src" 2>&1
	echo "exit $?"
}

expect_eq "a database header outside the store" \
	"src/http/page_list.c:1: includes <sqlite3.h> outside src/store/
exit 1" "$(plant http/page_list.c '#include <sqlite3.h>')"
expect_eq "libpq outside the store" \
	"src/service/save.c:1: includes <libpq-fe.h> outside src/store/
exit 1" "$(plant service/save.c '#include <libpq-fe.h>')"
expect_eq "the engine interface outside the store" \
	"src/cli/cmd_list.c:1: includes the store's private engine.h outside src/store/
exit 1" "$(plant cli/cmd_list.c '#include "../store/engine.h"')"
expect_eq "an engine that includes a workflow header" \
	"src/store/store_sqlite.c:1: an engine includes ../model/workflow.h: only engine.h, its .def files and src/util/
exit 1" "$(plant store/store_sqlite.c '#include "../model/workflow.h"')"
expect_eq "render that reaches into the store" \
	"src/render/overview.c:1: src/render/ includes src/store/ (../store/store.h)
exit 1" "$(plant render/overview.c '#include "../store/store.h"')"
