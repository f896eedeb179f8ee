#!/usr/bin/env bash
# Issue 11: kill -9 of the server while it writes.  Concurrent PUTs (each
# based on the current revision) and API imports run against the server;
# it is killed with SIGKILL half-way, then started again.  The store must be
# intact, every revision whole (as many indicator rows as it says), every
# current revision stored, an audit row for each revision, and every
# revision the server answered 200 for still there.
# checks: 9
set -u
. tests/lib.sh
. tests/hostile/store_lib.bash

tmp=$(mktemp -d)
cleanup() {
	stop_server
	rm -rf "$tmp"
}
trap cleanup EXIT
store_start kill "$tmp/kill.db"
store_load "$tmp/load.out" "$base" "$tmp" 8 3 2 &
load=$!
sleep 3
kill -9 "$server_pid"
wait "$server_pid" 2>/dev/null
server_pid=
wait "$load"

expect_eq "kill: PUTs and imports were stored before the kill" yes \
	"$(grep -q '^200 put' "$tmp/load.out" && grep -q '^200 import' "$tmp/load.out" && echo yes)"
expect_eq "kill: requests were in flight or refused after the kill" yes \
	"$(grep -q '^ERR' "$tmp/load.out" && echo yes)"
expect_eq "kill: no answer was a 500" "" "$(grep -v '^\(200\|409\|503\|ERR\) ' "$tmp/load.out" | sort | uniq -c)"
store_serve "kill, again"
expect_eq "kill: after the restart a page answers" "200 fast" "$(store_get "$base" "$tmp" /d/1 | store_fast)"
stop_server
expect_eq "kill: the store is intact" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"
expect_eq "kill: every revision is whole (its indicator rows)" 0 "$(sqlite3 "$db" "SELECT count(*) FROM revision r
	WHERE n_ind != (SELECT count(*) FROM indicator WHERE revision_id = r.id)")"
expect_eq "kill: every declaration's current revision is its last stored one" 0 "$(sqlite3 "$db" "SELECT count(*)
	FROM declaration d WHERE current_rev != (SELECT max(rev) FROM revision WHERE declaration_id = d.id)")"
expect_eq "kill: an audit row for each revision" 0 "$(sqlite3 "$db" "SELECT count(*) FROM revision r
	WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.declaration_id = r.declaration_id AND a.revision = r.rev
	                  AND a.action IN ('import.add', 'import.revise'))")"
sqlite3 "$db" "SELECT declaration_id || ' ' || rev FROM revision" | sort >"$tmp/stored"
sed -n 's/^200 \(put\|import\) //p' "$tmp/load.out" | tr ' ' '\n' | paste -d' ' - - | sort -u >"$tmp/answered"
expect_eq "kill: every revision answered 200 is stored ($(wc -l <"$tmp/answered") answered)" "" \
	"$(comm -23 "$tmp/answered" "$tmp/stored")"
