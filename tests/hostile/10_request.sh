#!/usr/bin/env bash
# What one request can do to the request layer (src/http/server.c): a
# multipart part without a name (it crashed the server, issue 11 #1), a
# chunked body past its limit (strbuf's fast path let it reach twice the
# limit, #6), hundreds of query arguments (MHD ran out of connection memory
# and hung for 30 s, #9), very long URLs and many headers.  Every answer is
# immediate, exact, and the server lives on.
# checks: 14
set -u
. tests/lib.sh

tmp=$(mktemp -d)
db=$tmp/r.db
port=$(free_port)
base=http://127.0.0.1:$port
trap 'stop_server; rm -rf "$tmp"' EXIT
pw='Kq7#vLp2-Zt9!wXe'

"$JIXIAO" import tests/golden/convert/seed.txt --db "$db" >/dev/null
echo "$pw" | "$JIXIAO" user add req_unit --role unit --unit 组织部 --db "$db" >/dev/null
serve_start "$db" "$port" "$tmp" || { echo "server did not start"; cat "$tmp/serve.err"; }
curl -s -c "$tmp/jar" -H 'Content-Type: application/json' \
	-d "{\"username\":\"req_unit\",\"password\":\"$pw\"}" "$base/api/v1/login" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])' >"$tmp/csrf" 2>/dev/null

# post_statuses BODY_FILE: "PATH STATUS" of a multipart POST to each route that
# reads forms, anonymous then (/import) with the session; 000 when no answer
post_statuses() {
	local p
	for p in /login /api/v1/login /import; do
		printf '%s %s|' "$p" "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST \
			-H 'Content-Type: multipart/form-data; boundary=BOUNDARY' --data-binary @"$1" "$base$p")"
	done
	printf 'session /import %s' "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST \
		-b "$tmp/jar" -H "X-CSRF-Token: $(cat "$tmp/csrf")" \
		-H 'Content-Type: multipart/form-data; boundary=BOUNDARY' --data-binary @"$1" "$base/import")"
}

# --- #1: a part without a name is ignored ------------------------------------
printf -- '--BOUNDARY\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--BOUNDARY\r\n\r\nabc\r\n--BOUNDARY--\r\n' \
	>"$tmp/noname.bin"
printf -- '--BOUNDARY\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--BOUNDARY\r\nContent-Disposition: form-data; filename="x.txt"\r\nContent-Type: text/plain\r\n\r\nabc\r\n--BOUNDARY--\r\n' \
	>"$tmp/filename.bin"
printf -- '--BOUNDARY\r\nContent-Disposition: form-data; name=""\r\n\r\nx\r\n--BOUNDARY\r\nContent-Disposition: form-data\r\n\r\n\r\n--BOUNDARY--\r\n' \
	>"$tmp/empty.bin"
expect_eq "multipart: a part without a name is ignored (login, API login, import)" \
	"/login 401|/api/v1/login 400|/import 303|session /import 422" "$(post_statuses "$tmp/noname.bin")"
expect_eq "multipart: a file part without a name is ignored" \
	"/login 401|/api/v1/login 400|/import 303|session /import 422" "$(post_statuses "$tmp/filename.bin")"
expect_eq "multipart: an empty name and an empty part are ignored" \
	"/login 401|/api/v1/login 400|/import 303|session /import 422" "$(post_statuses "$tmp/empty.bin")"
expect_eq "multipart: the server lives on" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$base/login")"

# --- #6: one limit on every byte, chunked or not -----------------------------
# chunked PATH BYTES CHUNK TYPE: "STATUS BODY" of a POST with the session whose
# body is BYTES of "a" sent in chunks of CHUNK bytes (a chunk ending exactly
# on the limit used to double the buffer past it)
chunked() {
	python3 - "$port" "$1" "$2" "$3" "$4" "$(sed -n 's/.*\tjx_session\t//p' "$tmp/jar")" \
		"$(cat "$tmp/csrf")" <<'EOF'
import socket, sys
port, path, total, chunk, ctype, token, csrf = sys.argv[1:8]
total, chunk = int(total), int(chunk)
s = socket.create_connection(("127.0.0.1", int(port)))
s.settimeout(60)
s.sendall(("POST %s HTTP/1.1\r\nHost: x\r\nCookie: jx_session=%s\r\nX-CSRF-Token: %s\r\n"
           "Content-Type: %s\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
           % (path, token, csrf, ctype)).encode())
piece = b"%x\r\n" % chunk + b"a" * chunk + b"\r\n"
try:
    for _ in range(total // chunk):
        s.sendall(piece)
    s.sendall(b"0\r\n\r\n")
except OSError:
    pass            # the server answered and closed before the end
data = b""
try:
    while True:
        got = s.recv(65536)
        if not got:
            break
        data += got
except OSError:
    pass
head, _, body = data.partition(b"\r\n\r\n")
print(head[9:12].decode() or "000", body.decode(errors="replace").strip())
EOF
}
expect_eq "chunked: 500 KiB to /api/v1/check (limit 256 KiB): 413" '413 {"error":"请求内容过大"}' \
	"$(chunked /api/v1/check 512000 1024 application/json)"
expect_eq "chunked: 256 KiB + 16 bytes in chunks of 16: 413" '413 {"error":"请求内容过大"}' \
	"$(chunked /api/v1/check 262160 16 application/json)"
expect_eq "chunked: 33 MiB import (limit 32 MiB): 413" '413 {"error":"请求内容过大"}' \
	"$(chunked /api/v1/import $((33 * 1024 * 1024)) 4096 application/octet-stream)"

# --- #9: many query arguments, long URLs, many headers: answered at once -----
query() { python3 -c "import sys; print('&'.join(sys.argv[1].replace('%d', str(i)) for i in range(int(sys.argv[2]))))" "$1" "$2"; }
too_long='{"error":"网址过长或查询参数过多（网址最长 8192 字节，查询参数最多 128 个）"}'
expect_eq "query: 454 arguments: 414 at once" "414 $too_long" \
	"$(curl -s -o "$tmp/body" -w '%{http_code} ' --max-time 5 -b "$tmp/jar" \
		"$base/api/v1/me?$(query 'a%d=1' 454)"; tr -d '\n' <"$tmp/body")"
expect_eq "query: 5000 bare arguments: 414 at once" "414 $too_long" \
	"$(curl -s -o "$tmp/body" -w '%{http_code} ' --max-time 5 "$base/api/v1/me?$(query 'a' 5000)"; tr -d '\n' <"$tmp/body")"
expect_eq "query: 129 arguments on a page: 414 at once" 414 \
	"$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base/login?$(query 'a%d=1' 129)")"
expect_eq "query: 128 arguments are served" 200 \
	"$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base/login?$(query 'a%d=1' 128)")"
expect_eq "URL: a path of 9000 bytes: 414" 414 \
	"$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$base/$(head -c 9000 /dev/zero | tr '\0' a)")"
# raw requests: status of the answer and whether it came within 5 s
raw() {
	python3 - "$port" "$1" <<'EOF'
import socket, sys, time
port, kind = int(sys.argv[1]), sys.argv[2]
head = b"GET /login HTTP/1.1\r\nHost: x\r\n"
if kind == "headers":
    head += b"".join(b"X-%d: 1\r\n" % i for i in range(5000))
elif kind == "cookies":
    head += b"Cookie: " + b"; ".join(b"c%d=1" % i for i in range(5000)) + b"\r\n"
else:
    head += b"X-Long: " + b"a" * 100000 + b"\r\n"
s = socket.create_connection(("127.0.0.1", port))
s.settimeout(5)
t = time.time()
s.sendall(head + b"Connection: close\r\n\r\n")
data = b""
try:
    while len(data) < 12:
        got = s.recv(4096)
        if not got:
            break
        data += got
except OSError:
    pass
print(data[9:12].decode() or "no answer", "at once" if time.time() - t < 5 else "late")
EOF
}
expect_eq "headers: 5000 headers, 5000 cookies, one of 100 KB: 431 at once" \
	"431 at once|431 at once|431 at once" "$(raw headers)|$(raw cookies)|$(raw long)"
expect_eq "the server lives on, nothing reported" "200 0" \
	"$(curl -s -o /dev/null -w '%{http_code}' "$base/login") $(grep -c 'ERROR: AddressSanitizer\|runtime error' "$tmp/serve.err")"
