#!/usr/bin/env bash
# Slow clients do not starve others (issue 11 #5): one client address holds
# at most 64 connections (HTTP_PER_ADDR_MAX), and a request whose headers
# have not arrived 10 s after the connection opened (HTTP_HEADER_SECONDS) is
# cut off, however steadily its bytes drip in (MHD's own timeout is an idle
# timeout that every byte resets).  1000 connections from 127.0.0.2 drip
# header bytes while 127.0.0.1 asks for the login page 40 times.
# checks: 3
set -u
. tests/lib.sh

tmp=$(mktemp -d)
db=$tmp/s.db
port=$(free_port)
trap 'stop_server; rm -rf "$tmp"' EXIT

"$JIXIAO" import tests/golden/convert/seed.txt --db "$db" >/dev/null
serve_start "$db" "$port" "$tmp" || { echo "server did not start"; cat "$tmp/serve.err"; }

python3 - "$port" >"$tmp/slow.out" <<'EOF'
import select, socket, sys, time, urllib.request
port = int(sys.argv[1])
start = time.time()
conns = []
for _ in range(1000):
    s = socket.socket()
    s.bind(("127.0.0.2", 0))
    try:
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /login HTTP/1.1\r\nHost: x\r\n")
        conns.append(s)
    except OSError:
        s.close()

def still_open():
    """the connections the server has not closed (drips one byte into each)"""
    alive = []
    for s in conns:
        r, _, _ = select.select([s], [], [], 0)
        if r:
            try:
                if not s.recv(4096, socket.MSG_DONTWAIT):
                    continue
            except OSError:
                continue
        try:
            s.send(b"X")
            alive.append(s)
        except OSError:
            pass
    return alive

time.sleep(1)
conns = still_open()
print("held after 1 s: %d" % len(conns))
ok = 0
for i in range(40):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/login" % port, timeout=5) as r:
            ok += r.status == 200
    except Exception:
        pass
    conns = still_open()
    time.sleep(0.1)
print("127.0.0.1: %d of 40 answered 200" % ok)
while time.time() - start < 14:
    conns = still_open()
    time.sleep(0.5)
print("held after 14 s: %d" % len(still_open()))
EOF
expect_eq "slow clients: one address holds at most 64 connections" "held after 1 s: 64" "$(sed -n 1p "$tmp/slow.out")"
expect_eq "slow clients: every request of another address answered" "127.0.0.1: 40 of 40 answered 200" \
	"$(sed -n 2p "$tmp/slow.out")"
expect_eq "slow clients: dripping headers are cut off by their deadline" "held after 14 s: 0" \
	"$(sed -n 3p "$tmp/slow.out")"
