#!/usr/bin/env bash
# Issue 11, defect 12b: api.c's end_write returned 1 for "already answered",
# which is also JX_ENOMEM, so out of memory while storing a PUT (or an
# action) became an empty, unlogged 500.  SQLite running out of memory is
# injected with a preloaded shim: every statement "INSERT INTO audit_log"
# (the last write of a PUT and of an action) fails with SQLITE_NOMEM, as
# SQLite itself reports it (sqlite3_step and the connection's error code).
# The answer must be the 500 page of resp_store_error, logged, with nothing
# stored.
# checks: 6
set -u
. tests/lib.sh
. tests/hostile/store_lib.bash

tmp=$(mktemp -d)
cleanup() {
	stop_server
	rm -rf "$tmp"
}
trap cleanup EXIT
cat >"$tmp/nomem.c" <<'EOF'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static __thread int failed;

int sqlite3_step(sqlite3_stmt *st)
{
	static int (*real)(sqlite3_stmt *);
	const char *prefix = getenv("JX_FAULT_SQL"), *sql = sqlite3_sql(st);

	if (!real)
		real = (int (*)(sqlite3_stmt *))dlsym(RTLD_NEXT, "sqlite3_step");
	failed = prefix && sql && strncmp(sql, prefix, strlen(prefix)) == 0;
	return failed ? SQLITE_NOMEM : real(st);
}

int sqlite3_extended_errcode(sqlite3 *db)
{
	static int (*real)(sqlite3 *);

	if (!real)
		real = (int (*)(sqlite3 *))dlsym(RTLD_NEXT, "sqlite3_extended_errcode");
	return failed ? SQLITE_NOMEM : real(db);
}

const char *sqlite3_errmsg(sqlite3 *db)
{
	static const char *(*real)(sqlite3 *);

	if (!real)
		real = (const char *(*)(sqlite3 *))dlsym(RTLD_NEXT, "sqlite3_errmsg");
	return failed ? "out of memory" : real(db);
}
EOF
cc -shared -fPIC -o "$tmp/nomem.so" "$tmp/nomem.c" -ldl

db=$tmp/nomem.db
port=$(free_port)
base=http://127.0.0.1:$port
store_seed "$db"
LD_PRELOAD=$tmp/nomem.so JX_FAULT_SQL="INSERT INTO audit_log" serve_start "$db" "$port" "$tmp" ||
	{ fail "out of memory: the server starts" "$(cat "$tmp/serve.err")"; exit 1; }
store_login "$base" "$tmp"
store_decl_json "$tmp/edit.json" "年度目标：第二版"
before=$(sqlite3 "$db" "SELECT count(*) FROM revision; SELECT state FROM declaration WHERE id = 1" | tr '\n' ' ')

expect_eq "out of memory in a PUT: a 500 with its body" '{"error":"服务器内部错误"}500' \
	"$(store_put "$base" "$tmp" 1 1 "$tmp/edit.json")"
expect_eq "out of memory in a PUT: logged" 1 \
	"$(grep -c '^jixiao serve: PUT /api/v1/declarations/1: 内存不足$' "$tmp/serve.err")"
expect_eq "out of memory in an action: a 500 with its body" '{"error":"服务器内部错误"}500' \
	"$(curl -s -m 30 -w '%{http_code}' -b "$tmp/unit.jar" -H "X-CSRF-Token: $(cat "$tmp/unit.csrf")" \
		-H 'Content-Type: application/json' -d '{"action":"submit","revision":1}' \
		"$base/api/v1/declarations/1/actions" | tr -d '\n')"
expect_eq "out of memory in an action: logged" 1 \
	"$(grep -c '^jixiao serve: POST /api/v1/declarations/1/actions: 内存不足$' "$tmp/serve.err")"
expect_eq "out of memory: nothing stored" "$before" \
	"$(sqlite3 "$db" "SELECT count(*) FROM revision; SELECT state FROM declaration WHERE id = 1" | tr '\n' ' ')"
expect_eq "out of memory: the server goes on" "200 fast" "$(store_get "$base" "$tmp" /d/1 | store_fast)"
