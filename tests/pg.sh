#!/usr/bin/env bash
# tests/pg.sh: the command line on a PostgreSQL target (--db postgresql://…
# or JIXIAO_DB): a server that cannot be reached, a wrong password and a
# missing database each end the command with exit 3 and one line naming the
# server, its port and database and what failed; `jixiao serve` through a
# server restart: the request in flight gets 503, the next ones are served
# (the pool's connections made again).  Runs itself under
# pg_virtualenv (a throwaway cluster) unless PGHOST is set; a missing
# PostgreSQL fails it.
set -u
if [ -z "${PGHOST:-}" ]; then
	PGPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') \
		exec pg_virtualenv -t -v 15 bash "$0" "$@"
fi
. tests/lib.sh
JX_ENGINE=postgresql
plan 15

base="postgresql://$PGUSER@$PGHOST"
server="无法连接 PostgreSQL 服务器 $PGHOST"

# check NAME EXPECTED-STDERR-LINE CMD...: exit 3, the one line
check() {
	local name=$1 want=$2 err code
	shift 2
	err=$("$@" 2>&1 >/dev/null)
	code=$?
	expect_eq "$name: exit" "exit 3" "exit $code"
	expect_eq "$name: message" "$want" "$err"
}

check "unreachable" \
	"jixiao: 无法打开数据库 $base:1/$PGDATABASE：$server 端口 1 上的数据库 $PGDATABASE：服务器不可达，该地址和端口上没有数据库服务器在监听（Connection refused）" \
	"$JIXIAO" list --db "$base:1/$PGDATABASE"
check "wrong password" \
	"jixiao: 无法打开数据库 $base:$PGPORT/$PGDATABASE：$server 端口 $PGPORT 上的数据库 $PGDATABASE：用户名或密码错误（password authentication failed for user \"$PGUSER\"）" \
	env PGPASSWORD=wrong-password "$JIXIAO" list --db "$base:$PGPORT/$PGDATABASE"
check "missing database" \
	"jixiao: 无法打开数据库 $base:$PGPORT/jx_missing：$server 端口 $PGPORT 上的数据库 jx_missing：数据库不存在（database \"jx_missing\" does not exist）" \
	"$JIXIAO" list --db "$base:$PGPORT/jx_missing"
check "JIXIAO_DB" \
	"jixiao: 无法打开数据库 postgres://$PGUSER@$PGHOST:$PGPORT/jx_missing：$server 端口 $PGPORT 上的数据库 jx_missing：数据库不存在（database \"jx_missing\" does not exist）" \
	env JIXIAO_DB="postgres://$PGUSER@$PGHOST:$PGPORT/jx_missing" "$JIXIAO" list

# --- jixiao serve through a server restart -------------------------------------
tmp=$(mktemp -d)
trap 'stop_server; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
db=$(new_db restart)
port=$(free_port)
web=http://127.0.0.1:$port
echo 'finance-pass' | "$JIXIAO" user add fin --role finance --db "$db" >/dev/null
# a failed login's row takes slow.s seconds to write: such a request stays in flight
sql "$db" "CREATE TABLE slow (s float NOT NULL); INSERT INTO slow VALUES (1);
	CREATE FUNCTION slow() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN
	PERFORM pg_sleep((SELECT s FROM slow)); RETURN NEW; END \$\$;
	CREATE TRIGGER slow BEFORE INSERT ON login_failure FOR EACH ROW EXECUTE FUNCTION slow()" >/dev/null
serve_start "$db" "$port" "$tmp" || { echo "server did not start:"; cat "$tmp/serve.err"; }
curl -s -c "$tmp/fin.jar" -o /dev/null -H 'Content-Type: application/json' \
	-d '{"username":"fin","password":"finance-pass"}' "$web/api/v1/login"
me() { curl -s -o /dev/null -w '%{http_code}' -b "$tmp/fin.jar" "$web/api/v1/me"; }
# failed_logins NAME...: one failed login per name, at the same time; their codes
failed_logins() {
	local n pids=
	for n in "$@"; do
		curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
			-d "{\"username\":\"$n\",\"password\":\"not-the-password\"}" "$web/api/v1/login" >"$tmp/code.$n" &
		pids="$pids $!"
	done
	wait $pids
	for n in "$@"; do cat "$tmp/code.$n"; echo; done | tr '\n' ' ' | sed 's/ $//'
}
# two requests at once (the server's two threads): two stores in the pool, each connected
failed_logins x1 x2 >/dev/null
sql "$db" "UPDATE slow SET s = 30" >/dev/null
curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
	-d '{"username":"fin","password":"not-the-password"}' "$web/api/v1/login" >"$tmp/inflight.code" &
inflight=$!
for _ in $(seq 1 100); do
	[ "$(sql "$db" "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'")" = 1 ] && break
	sleep 0.1
done
pg_ctlcluster 15 regress restart -m fast
wait "$inflight"
sql "$db" "UPDATE slow SET s = 1" >/dev/null
expect_eq "restart: the request in flight gets 503" 503 "$(cat "$tmp/inflight.code")"
expect_eq "restart: the server's log says the connection was lost" \
	"jixiao serve: POST /api/v1/login: 数据库连接中断，请稍后重试：与 PostgreSQL 服务器的连接已断开" \
	"$(grep '^jixiao serve: POST /api/v1/login: ' "$tmp/serve.err" | sed 's/（.*//')"
expect_eq "restart: two requests at once after it are answered, each pooled connection made again" \
	"401 401" "$(failed_logins y1 y2)"
expect_eq "restart: the next requests are served" \
	"200 200 200 200 200 200" "$(for _ in 1 2 3 4 5 6; do me; echo; done | tr '\n' ' ' | sed 's/ $//')"
expect_eq "restart: the lost request wrote nothing, the four others their failure" 4 \
	"$(sql "$db" "SELECT count(*) FROM login_failure")"

# a password written in the URI is never shown
expect_eq "password in the URI: not shown" \
	"jixiao: 无法打开数据库 postgresql://jx:***@127.0.0.1:1/x?password=***&sslmode=disable：无法连接 PostgreSQL 服务器 127.0.0.1 端口 1 上的数据库 x：服务器不可达，该地址和端口上没有数据库服务器在监听（Connection refused）" \
	"$("$JIXIAO" list --db 'postgresql://jx:s3cret@127.0.0.1:1/x?password=s3cret&sslmode=disable' 2>&1)"
expect_eq "password in the URI: not shown by copy" \
	"jixiao: 无法打开源数据库 postgresql://u:***@127.0.0.1:1/a：无法连接 PostgreSQL 服务器 127.0.0.1 端口 1 上的数据库 a：服务器不可达，该地址和端口上没有数据库服务器在监听（Connection refused）" \
	"$("$JIXIAO" copy --from 'postgresql://u:s3cret@127.0.0.1:1/a' --to "$(mktemp -u)" 2>&1)"
