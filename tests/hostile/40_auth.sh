#!/usr/bin/env bash
# Login throttling cannot be flushed (issue 11, defect 4): the per-user
# failures are kept in the store, the per-address ones in slots that no
# other traffic can take, so a flood of junk user names between guesses on
# one user neither unlocks that user nor resets the flooding address.  The
# counts are exact: 5 failures per name, 20 checked attempts per address
# within 15 minutes.  Clients on 127.0.0.2-6 (curl --interface and Python's
# source_address), the server on 127.0.0.1.
# checks: 14
set -u
. tests/lib.sh

tmp=$(mktemp -d)
db=$tmp/t.db
port=$(free_port)
trap 'stop_server; rm -rf "$tmp"' EXIT
echo 'victim-pass-1' | "$JIXIAO" user add victim --role finance --db "$db" >/dev/null
echo 'racer-pass-01' | "$JIXIAO" user add racer --role finance --db "$db" >/dev/null
serve_start "$db" "$port" "$tmp" || fail "throttle: the server starts" "$(tail -5 "$tmp/serve.err")"

# logins FROM N NAME PASSWORD: N logins in one keep-alive connection from
# address FROM; prints each status, or with N > 1 the count of each status
cat >"$tmp/logins.py" <<'PY'
import collections, http.client, json, sys
src, n, name, pw, port = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
c = http.client.HTTPConnection('127.0.0.1', port, timeout=30, source_address=(src, 0))
seen = collections.Counter()
for i in range(n):
    user = name.replace('{}', str(i))
    c.request('POST', '/api/v1/login', json.dumps({'username': user, 'password': pw}),
              {'Content-Type': 'application/json'})
    r = c.getresponse()
    r.read()
    seen[r.status] += 1
print(' '.join('%d:%d' % kv for kv in sorted(seen.items())))
PY
logins() { python3 "$tmp/logins.py" "$1" "$2" "$3" "$4" "$port"; }
# login FROM NAME PASSWORD: one login with curl; prints its status
login() {
	curl -s -o /dev/null -w '%{http_code}' --interface "$1" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$2\",\"password\":\"$3\"}" "http://127.0.0.1:$port/api/v1/login"
}

expect_eq "throttle: 5 wrong guesses on victim are checked" "401:5" "$(logins 127.0.0.2 5 victim wrong)"
expect_eq "throttle: the 6th is refused" 429 "$(login 127.0.0.2 victim wrong)"
# the flood: 600 junk names from one address; 20 are checked, the rest refused
expect_eq "throttle: a junk flood gets 20 checked attempts per address" "401:20 429:580" \
	"$(logins 127.0.0.3 600 'junk{}' wrong)"
expect_eq "throttle: after the flood, victim still locked (wrong password)" 429 \
	"$(login 127.0.0.4 victim wrong)"
expect_eq "throttle: after the flood, victim still locked (right password)" 429 \
	"$(login 127.0.0.4 victim victim-pass-1)"
expect_eq "throttle: after the flood, the flooding address still locked" 429 \
	"$(login 127.0.0.3 victim victim-pass-1)"
# a name without an account is throttled the same way: nothing tells it exists
expect_eq "throttle: 5 wrong guesses on an unknown name are checked" "401:5" \
	"$(logins 127.0.0.5 5 nobody-here wrong)"
expect_eq "throttle: the 6th on the unknown name is refused as for victim" 429 \
	"$(login 127.0.0.5 nobody-here wrong)"
# 20 concurrent guesses on one user: still exactly 5 checked
args=()
for _ in $(seq 1 20); do args+=(-o /dev/null "http://127.0.0.1:$port/api/v1/login"); done
expect_eq "throttle: 20 concurrent guesses, 5 checked" "5 401|15 429" \
	"$(curl -s --no-progress-meter -Z --parallel-max 20 --interface 127.0.0.6 -w '%{http_code}\n' \
		-H 'Content-Type: application/json' -d '{"username":"racer","password":"wrong"}' "${args[@]}" |
		sort | uniq -c | awk '{ print $1 " " $2 }' | paste -sd '|')"
# the failures are in the store: victim's and racer's 5, the flood's 20, the unknown name's 5
expect_eq "throttle: failures in the store (known|unknown names)" "10|25" \
	"$(sqlite3 "$db" 'SELECT (SELECT count(*) FROM login_failure WHERE known = 1),
		(SELECT count(*) FROM login_failure WHERE known = 0)')"
stop_server
serve_start "$db" "$port" "$tmp" || fail "throttle: the server restarts" "$(tail -5 "$tmp/serve.err")"
expect_eq "throttle: a restart keeps victim locked" 429 "$(login 127.0.0.4 victim victim-pass-1)"
# 15 minutes later (the records aged by the window) victim may log in again
sqlite3 "$db" 'UPDATE login_failure SET at = at - 900'
expect_eq "throttle: once the window has passed, victim logs in" 200 \
	"$(login 127.0.0.4 victim victim-pass-1)"
expect_eq "throttle: the login forgot victim's failures, the window the others" "0|0" \
	"$(sqlite3 "$db" 'SELECT (SELECT count(*) FROM login_failure WHERE known = 1),
		(SELECT count(*) FROM login_failure WHERE known = 0)')"
# the session cookie over plain HTTP: no Secure, whatever the headers say
# (only --trust-proxy makes X-Forwarded-Proto count)
expect_eq "throttle: the session cookie over plain HTTP is not Secure" \
	"Path=/; HttpOnly; SameSite=Strict; Max-Age=28800" \
	"$(curl -s -D - -o /dev/null --interface 127.0.0.2 -H 'X-Forwarded-Proto: https' \
		-H 'Content-Type: application/json' -d '{"username":"victim","password":"victim-pass-1"}' \
		"http://127.0.0.1:$port/api/v1/login" | tr -d '\r' | sed -n 's/^Set-Cookie: jx_session=[0-9a-f]*; //p')"
