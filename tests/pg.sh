#!/usr/bin/env bash
# tests/pg.sh: the command line on a PostgreSQL target (--db postgresql://…
# or JIXIAO_DB): a server that cannot be reached, a wrong password and a
# missing database each end the command with exit 3 and one line naming the
# server, its port and database and what failed.  Runs itself under
# pg_virtualenv (a throwaway cluster) unless PGHOST is set; a missing
# PostgreSQL fails it.
set -u
if [ -z "${PGHOST:-}" ]; then
	exec pg_virtualenv -v 15 bash "$0" "$@"
fi
. tests/lib.sh
plan 10

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

# a password written in the URI is never shown
expect_eq "password in the URI: not shown" \
	"jixiao: 无法打开数据库 postgresql://jx:***@127.0.0.1:1/x?password=***&sslmode=disable：无法连接 PostgreSQL 服务器 127.0.0.1 端口 1 上的数据库 x：服务器不可达，该地址和端口上没有数据库服务器在监听（Connection refused）" \
	"$("$JIXIAO" list --db 'postgresql://jx:s3cret@127.0.0.1:1/x?password=s3cret&sslmode=disable' 2>&1)"
expect_eq "password in the URI: not shown by copy" \
	"jixiao: 无法打开源数据库 postgresql://u:***@127.0.0.1:1/a：无法连接 PostgreSQL 服务器 127.0.0.1 端口 1 上的数据库 a：服务器不可达，该地址和端口上没有数据库服务器在监听（Connection refused）" \
	"$("$JIXIAO" copy --from 'postgresql://u:s3cret@127.0.0.1:1/a' --to "$(mktemp -u)" 2>&1)"
