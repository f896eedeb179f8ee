#!/usr/bin/env bash
# Issue 11, defect 3 (bulk mode): an import into an empty store writes
# through a rollback journal and holds the file exclusively, so a reader
# cannot read beside it; it used to say only "database is locked".  Here
# another connection holds the file as a bulk import does (rollback
# journal, exclusive lock): a reader waits its busy timeout, then says the
# database is busy, naming it, and exits 3; once the lock is gone it reads.
# checks: 4
set -u
. tests/lib.sh
. tests/hostile/store_lib.bash

tmp=$(mktemp -d)
holder=
cleanup() {
	touch "$tmp/release"
	[ -n "$holder" ] && wait "$holder" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
db=$tmp/bulk.db
store_seed "$db"
python3 - "$db" "$tmp/locked" "$tmp/release" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
c.execute("PRAGMA journal_mode = DELETE")
c.execute("BEGIN EXCLUSIVE")
open(sys.argv[2], "w").close()
for _ in range(600):
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.05)
c.execute("ROLLBACK")
c.execute("PRAGMA journal_mode = WAL")
PY
holder=$!
for _ in $(seq 1 100); do [ -e "$tmp/locked" ] && break; sleep 0.1; done

"$JIXIAO" list --db "$db" >/dev/null 2>"$tmp/err"
expect_eq "bulk: a reader beside a bulk import exits 3" 3 $?
expect_eq "bulk: it says the database is busy, naming it" \
	"jixiao: 无法打开数据库 $db：数据库正忙，请稍后重试：另一个连接正在写入，等待 5000 毫秒后仍未轮到（database is locked）" \
	"$(cat "$tmp/err")"
touch "$tmp/release"
wait "$holder"
holder=
expect_eq "bulk: afterwards it reads" "0 6" "$("$JIXIAO" list --db "$db" >"$tmp/list" 2>&1; echo $? "$(wc -l <"$tmp/list")")"
expect_eq "bulk: the store is intact, in WAL mode" "ok wal" \
	"$(sqlite3 "$db" 'PRAGMA integrity_check; PRAGMA journal_mode' | tr '\n' ' ' | sed 's/ $//')"
