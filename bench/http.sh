#!/usr/bin/env bash
# http.sh DB [CORPUS2]: the web application's part of `make bench` (bench/bench.sh
# runs it on the database of its import run, 100,000 declarations by default).
# Starts `jixiao serve` on a free loopback port, logs in as a finance user
# (who sees everything), and loads with wrk (BENCH_HTTP_SECONDS, default 10;
# 2 threads, 32 connections):
#   - one declaration's JSON (/api/v1/declarations/1),
#   - the list page (/), the first page of 50,
#   - the overview (/overview) of every year and department,
#   - the list searched (/?q=…) for four texts of three characters or more in
#     turn, then for four of one or two characters (bench/search.lua), after
#     one search has brought the indexes up to date (timed);
# and, as the reference, the same JSON bytes served as a static file by nginx
# (2 workers).  With CORPUS2, last, while `jixiao import CORPUS2` stores it
# into DB under the running server, bench/import_probe.py sends one request
# to the list, a declaration's page and /api/v1/me every 0.2 s and a PUT of a
# declaration by its unit every 0.5 s.  Prints key=value lines: json_rps,
# json_p99_ms, list_rps, list_p99_ms, overview_rps, overview_p99_ms,
# search_index_s, search_rps, search_p99_ms, search2_rps, search2_p99_ms,
# nginx_rps, nginx_p99_ms, json_bytes, and the probe's probe_* lines.
set -euo pipefail

db=$1
jixiao=${JIXIAO:-./jixiao}
seconds=${BENCH_HTTP_SECONDS:-10}
tmp=$(mktemp -d /tmp/jixiao-http.XXXXXX)
chmod 755 "$tmp"
NAME=http.sh
. bench/lib.sh
# load URL ARGS...: requests/s and p99 in ms from wrk
load() {
	local url=$1 out
	shift
	out=$(wrk -t2 -c32 -d"${seconds}s" --latency "$@" "$url")
	rps=$(echo "$out" | awk '/^Requests\/sec:/ { print $2 }')
	p99=$(echo "$out" | awk '$1 == "99%" {
		v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
		else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.2f", v }')
	# answers other than 2xx and 3xx, and requests wrk gave up on (2 s): counted,
	# shown next to the figures and a missed target
	errors=$(echo "$out" | awk '/^  Non-2xx or 3xx responses:/ { n += $NF }
		/Socket errors:/ { gsub(",", ""); for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) n += $i }
		END { print n + 0 }')
	if [ "$errors" != 0 ]; then
		echo "http.sh: $url: $errors errors:" >&2
		echo "$out" >&2
	fi
}

user=bench-$$
pw=bench-password-7k2q
echo "$pw" | "$jixiao" user add "$user" --role finance --db "$db" >/dev/null
port=$(free_port)
"$jixiao" serve --db "$db" --listen "127.0.0.1:$port" >"$tmp/serve.log" 2>&1 &
pids+=($!)
wait_port "$port"
token=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
	-d "{\"username\":\"$user\",\"password\":\"$pw\"}" "http://127.0.0.1:$port/api/v1/login" |
	tr -d '\r' | sed -n 's/^Set-Cookie: jx_session=\([0-9a-f]*\);.*/\1/p')
[ -n "$token" ] || { echo "http.sh: login failed" >&2; exit 1; }
cookie="Cookie: jx_session=$token"

mkdir -p "$tmp/www"
curl -s -H "$cookie" "http://127.0.0.1:$port/api/v1/declarations/1" >"$tmp/www/d1.json"
chmod 644 "$tmp/www/d1.json"
echo "json_bytes=$(wc -c <"$tmp/www/d1.json")"

load "http://127.0.0.1:$port/api/v1/declarations/1" -H "$cookie"
echo "json_rps=$rps"
echo "json_p99_ms=$p99"
echo "json_errors=$errors"
load "http://127.0.0.1:$port/" -H "$cookie"
echo "list_rps=$rps"
echo "list_p99_ms=$p99"
echo "list_errors=$errors"
load "http://127.0.0.1:$port/overview" -H "$cookie"
echo "overview_rps=$rps"
echo "overview_p99_ms=$p99"
echo "overview_errors=$errors"
# the first search after an import brings the index up to date
t0=$(date +%s.%N)
curl -s -o /dev/null -H "$cookie" "http://127.0.0.1:$port/?q=%E6%BB%A1%E6%84%8F%E5%BA%A6"
echo "search_index_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
load "http://127.0.0.1:$port/" -H "$cookie" -s bench/search.lua
echo "search_rps=$rps"
echo "search_p99_ms=$p99"
echo "search_errors=$errors"
JX_SEARCH=short load "http://127.0.0.1:$port/" -H "$cookie" -s bench/search.lua
echo "search2_rps=$rps"
echo "search2_p99_ms=$p99"
echo "search2_errors=$errors"

nport=$(free_port)
cat >"$tmp/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $tmp/nginx.pid;
error_log $tmp/nginx.err;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $tmp;
	proxy_temp_path $tmp;
	fastcgi_temp_path $tmp;
	uwsgi_temp_path $tmp;
	scgi_temp_path $tmp;
	server {
		listen 127.0.0.1:$nport;
		root $tmp/www;
		location / { default_type application/json; }
	}
}
CONF
nginx -c "$tmp/nginx.conf" -e "$tmp/nginx.err" &
pids+=($!)
wait_port "$nport"
load "http://127.0.0.1:$nport/d1.json"
echo "nginx_rps=$rps"
echo "nginx_p99_ms=$p99"
echo "nginx_errors=$errors"

# --- while an import writes --------------------------------------------------
[ -n "${2:-}" ] || exit 0
kill "${pids[1]}" 2>/dev/null || true      # nginx is done
unit_of_1=$(sqlite3 "$db" 'SELECT implementer FROM declaration WHERE id = 1')
rev_of_1=$(sqlite3 "$db" 'SELECT current_rev FROM declaration WHERE id = 1')
upw=bench-unit-password-5m3x
echo "$upw" | "$jixiao" user add "bench-unit-$$" --role unit --unit "$unit_of_1" --db "$db" >/dev/null
login_json=$(curl -s -D "$tmp/unit.h" -H 'Content-Type: application/json' \
	-d "{\"username\":\"bench-unit-$$\",\"password\":\"$upw\"}" "http://127.0.0.1:$port/api/v1/login")
utoken=$(tr -d '\r' <"$tmp/unit.h" | sed -n 's/^Set-Cookie: jx_session=\([0-9a-f]*\);.*/\1/p')
ucsrf=$(echo "$login_json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
[ -n "$utoken" ] || { echo "http.sh: the unit's login failed" >&2; exit 1; }
curl -s -H "Cookie: jx_session=$utoken" "http://127.0.0.1:$port/api/v1/declarations/1" >"$tmp/put.json"
"$jixiao" import "$2" --db "$db" >"$tmp/import2.out" 2>"$tmp/import2.err" &
ipid=$!
python3 bench/import_probe.py --port "$port" --cookie "jx_session=$token" \
	--put-cookie "jx_session=$utoken" --csrf "$ucsrf" --decl 1 --rev "$rev_of_1" \
	--put-json "$tmp/put.json" --pid "$ipid"
irc=0
wait "$ipid" || irc=$?
echo "probe_import_rc=$irc"
echo "probe_import_result=$(tail -n 1 "$tmp/import2.out" "$tmp/import2.err" | grep -v '^==>' | grep . | tail -n 1)"
