#!/usr/bin/env bash
# Issue 11, defect 3: read-only pages took the write lock (BEGIN IMMEDIATE),
# so while another connection wrote they waited 5 s and then answered a bare
# 500; a write that could not get the lock was a 500 too, and the CLI said
# "database is locked".  Here another connection holds the write lock: reads
# answer at once, a PUT is 503 with Retry-After and the store's reason, the
# CLI names the database and exits 3.
# checks: 15
set -u
. tests/lib.sh
. tests/hostile/store_lib.bash

tmp=$(mktemp -d)
holder=
cleanup() {
	touch "$tmp/release"
	[ -n "$holder" ] && wait "$holder" 2>/dev/null
	stop_server
	rm -rf "$tmp"
}
trap cleanup EXIT
store_start busy "$tmp/busy.db"
store_decl_json "$tmp/edit.json" "年度目标：第二版"
# warm the pool: the server's connections are open before the lock is taken
store_get "$base" "$tmp" /d/1 >/dev/null

# another connection takes the write lock and holds it until $tmp/release (30 s at most)
python3 - "$db" "$tmp/locked" "$tmp/release" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
for _ in range(600):
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.05)
c.execute("ROLLBACK")
PY
holder=$!
for _ in $(seq 1 100); do [ -e "$tmp/locked" ] && break; sleep 0.1; done

expect_eq "busy: a declaration page while another connection writes: 200 at once" "200 fast" \
	"$(store_get "$base" "$tmp" /d/1 | store_fast)"
expect_eq "busy: /api/v1/me while another connection writes: 200 at once" "200 fast" \
	"$(store_get "$base" "$tmp" /api/v1/me | store_fast)"
expect_eq "busy: the overview while another connection writes: 200 at once" "200 fast" \
	"$(store_get "$base" "$tmp" /overview | store_fast)"
expect_eq "busy: a PUT that cannot get the lock: 503, the reason, Retry-After" \
	'{"error":"数据库正忙，请稍后重试"}503 1' "$(store_put "$base" "$tmp" 1 1 "$tmp/edit.json")"
expect_eq "busy: the server logs the store's reason" 1 \
	"$(grep -c '^jixiao serve: PUT /api/v1/declarations/1: 数据库正忙，请稍后重试：另一个连接正在写入，等待 500 毫秒后仍未轮到（BEGIN IMMEDIATE: database is locked）$' "$tmp/serve.err")"
# a search whose index is behind (the seed was imported by the CLI) would
# bring it up to date, which writes: with the lock taken it reads the
# revisions instead, at once, and finds what the index finds afterwards
search() {  # search Q: "STATUS fast|slow" and the declarations listed
	curl -s -m 20 -o "$tmp/search.html" -w '%{http_code} %{time_total}' -b "$tmp/unit.jar" \
		"$base/?q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1")" |
		store_fast
	grep -o 'href="/d/[0-9]*"' "$tmp/search.html" | sort -u | tr '\n' ' '
}
busy_long=$(search 覆盖乡镇)
busy_short=$(search 覆盖)
expect_eq "busy: a login that cannot record its attempt: 503 with the reason, not 500" \
	'{"error":"数据库正忙，请稍后重试"}503' \
	"$(curl -s -m 20 -w '%{http_code}' -H 'Content-Type: application/json' \
		-d "{\"username\":\"unit\",\"password\":\"$unit_pw\"}" "$base/api/v1/login" | tr -d '\n ')"
start=$(date +%s.%N)
"$JIXIAO" import tests/golden/convert/seed.txt --db "$db" >"$tmp/cli.out" 2>"$tmp/cli.err"
code=$?
expect_eq "busy: the CLI import exits 3" 3 "$code"
expect_eq "busy: the CLI says the database is busy, naming it, on one line" \
	"jixiao: 数据库 $db：数据库正忙，请稍后重试：另一个连接正在写入，等待 5000 毫秒后仍未轮到（BEGIN IMMEDIATE: database is locked）；未导入任何内容" \
	"$(cat "$tmp/cli.err")"
expect_eq "busy: the CLI waited the busy timeout, not for ever" yes \
	"$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print (b - a >= 4.5 && b - a < 15) ? "yes" : "no " b - a }')"

touch "$tmp/release"
wait "$holder"
holder=
expect_eq "busy: once the lock is released the PUT is stored" '{"id":1,"revision":2,"changed":true,"verdict":"良"}200' \
	"$(store_put "$base" "$tmp" 1 1 "$tmp/edit.json")"
expect_eq "busy: a search of four characters while another connection writes: 200 at once, the seed found" \
	"200 fast, lists /d/1" "$(echo "$busy_long" | head -1), $(echo "$busy_long" | tail -1 | grep -q 'href="/d/1"' && echo lists /d/1)"
expect_eq "busy: a search of two characters while another connection writes: 200 at once, the seed found" \
	"200 fast, lists /d/1" "$(echo "$busy_short" | head -1), $(echo "$busy_short" | tail -1 | grep -q 'href="/d/1"' && echo lists /d/1)"
expect_eq "busy: the four-character search finds what the index finds afterwards" \
	"$(search 覆盖乡镇 | tail -1)" "$(echo "$busy_long" | tail -1)"
expect_eq "busy: the two-character search finds what the index finds afterwards" \
	"$(search 覆盖 | tail -1)" "$(echo "$busy_short" | tail -1)"
expect_eq "busy: nothing else was stored meanwhile" "2|2" \
	"$(sqlite3 "$db" "SELECT max(rev), count(*) FROM revision WHERE declaration_id = 1")"
