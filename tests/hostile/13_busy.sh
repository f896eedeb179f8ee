#!/usr/bin/env bash
# A writer that cannot get the store's lock in time is told so (issue 11
# #3): 503 with Retry-After and the store's busy message, never a bare 500;
# and a read-only route (RF_READ, a WAL read transaction) answers while
# another process holds the write lock.  The lock is held by a python
# sqlite3 connection (BEGIN IMMEDIATE) for longer than the store's busy
# timeout; the checks assert the answers, not how long they took.
# checks: 2
set -u
. tests/lib.sh

tmp=$(mktemp -d)
db=$tmp/b.db
port=$(free_port)
base=http://127.0.0.1:$port
holder=
trap '[ -n "$holder" ] && kill "$holder" 2>/dev/null; stop_server; rm -rf "$tmp"' EXIT
pw='Kq7#vLp2-Zt9!wXe'

"$JIXIAO" import tests/golden/convert/seed.txt --db "$db" >/dev/null
echo "$pw" | "$JIXIAO" user add busy_unit --role unit --unit 组织部 --db "$db" >/dev/null
serve_start "$db" "$port" "$tmp" || { echo "server did not start"; cat "$tmp/serve.err"; }
curl -s -c "$tmp/jar" -H 'Content-Type: application/json' \
	-d "{\"username\":\"busy_unit\",\"password\":\"$pw\"}" "$base/api/v1/login" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])' >"$tmp/csrf" 2>/dev/null

python3 - "$db" >"$tmp/holder.out" <<'EOF' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
c.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(40)
c.execute("ROLLBACK")
EOF
holder=$!
for _ in $(seq 1 100); do
	grep -q locked "$tmp/holder.out" && break
	sleep 0.1
done

expect_eq "store locked by another process: a read-only route answers" 200 \
	"$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -b "$tmp/jar" "$base/api/v1/me")"
expect_eq "store locked by another process: an import is answered 503, Retry-After, the reason" \
	'503 5 {"error":"数据库正忙，请稍后重试"}' \
	"$(curl -s -D "$tmp/head" -o "$tmp/body" -w '%{http_code} ' --max-time 30 -b "$tmp/jar" \
		-H "X-CSRF-Token: $(cat "$tmp/csrf")" -H 'Content-Type: text/plain' \
		--data-binary @tests/golden/convert/seed.txt "$base/api/v1/import"
	   tr -d '\r' <"$tmp/head" | sed -n 's/^Retry-After: //p' | tr '\n' ' '; tr -d '\n' <"$tmp/body")"
