#!/usr/bin/env bash
# Behind a reverse proxy (`jixiao serve --trust-proxy`, off by default): the
# client is the rightmost X-Forwarded-For address, the one the proxy added
# (the items before it are whatever the client sent), and a request the
# proxy received over TLS (X-Forwarded-Proto: https) counts as secure (its
# answer carries Strict-Transport-Security).  Without the option both
# headers are ignored: a client cannot pick the address the login throttle
# counts, nor claim TLS.  Every connection then comes from the proxy: the
# server does not cap connections per address.
# checks: 7
set -u
. tests/lib.sh

tmp=$(mktemp -d)
port=$(free_port)
base=http://127.0.0.1:$port
trap 'stop_server; rm -rf "$tmp"' EXIT

# start [OPTION]: a server on a fresh store (a fresh throttle)
start() {
	stop_server
	rm -f "$tmp"/p.db*
	"$JIXIAO" import tests/golden/convert/seed.txt --db "$tmp/p.db" >/dev/null
	"$JIXIAO" serve --db "$tmp/p.db" --listen "127.0.0.1:$port" "$@" >>"$tmp/serve.out" 2>>"$tmp/serve.err" &
	server_pid=$!
	for _ in $(seq 1 100); do
		curl -s -o /dev/null "$base/login" && return 0
		sleep 0.1
	done
}
# hsts PROTO: the Strict-Transport-Security of an answer to a request that
# says it came over PROTO
hsts() {
	curl -s -D - -o /dev/null -H "X-Forwarded-Proto: $1" "$base/login" | tr -d '\r' |
		sed -n 's/^Strict-Transport-Security: //p'
}
# fail_until_429 XFF: failed logins of made-up users with that
# X-Forwarded-For until the throttle answers 429 (at most 60); prints 429 or
# the last status
fail_until_429() {
	local i code=
	for i in $(seq 1 60); do
		code=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: ${1//N/$i}" \
			-H 'Content-Type: application/json' -d "{\"username\":\"nobody$i\",\"password\":\"wrong-password-$i\"}" \
			"$base/api/v1/login")
		[ "$code" = 429 ] && break
	done
	echo "$code"
}
# login_status XFF: the status of one more failed login
login_status() {
	curl -s -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: $1" -H 'Content-Type: application/json' \
		-d '{"username":"someone-else","password":"wrong-password-x"}' "$base/api/v1/login"
}

start
expect_eq "no proxy trusted: X-Forwarded-Proto https is not believed" "" "$(hsts https)"
expect_eq "no proxy trusted: the throttle counts the peer, whatever X-Forwarded-For says" "429 429" \
	"$(fail_until_429 '198.51.100.N') $(login_status 203.0.113.50)"
start --trust-proxy
expect_eq "--trust-proxy: a request that came over TLS is answered with HSTS" "max-age=31536000" "$(hsts https)"
expect_eq "--trust-proxy: one that came over plain HTTP is not" "" "$(hsts http)"
expect_eq "--trust-proxy: the throttle counts the rightmost X-Forwarded-For address" 429 \
	"$(fail_until_429 '10.0.0.N, 198.51.100.7')"
expect_eq "--trust-proxy: another client behind the same proxy is not throttled" "401 429" \
	"$(login_status '198.51.100.7, 198.51.100.8') $(login_status '203.0.113.9, 198.51.100.7')"
expect_eq "--trust-proxy: 100 connections from the proxy's address are all served" "held: 100" \
	"$(python3 - "$port" <<'EOF'
import socket, sys, time
conns = [socket.create_connection(("127.0.0.1", int(sys.argv[1]))) for _ in range(100)]
for s in conns:
    s.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\n")
time.sleep(1)
held = 0
for s in conns:
    s.setblocking(False)
    try:
        held += s.recv(1) != b""
    except BlockingIOError:
        held += 1
    except OSError:
        pass
print("held: %d" % held)
EOF
)"
