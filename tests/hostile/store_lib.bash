# tests/hostile/store_lib.bash: what the store's parts (20–29) share, sourced
# after tests/lib.sh (not a part itself: hostile.sh runs *.sh only).
#
# store_seed DB: the seed and multi.txt (1, 2: 组织部; 3..: 民政局), and a unit
#   user "unit" of 组织部 with the password $unit_pw
# store_login BASE DIR: logs "unit" in: cookie jar DIR/unit.jar, token DIR/unit.csrf
# store_put BASE DIR ID REV FILE: PUT of FILE as declaration ID based on REV;
#   prints the body and the status (and the Retry-After header, when there
#   is one, after a space)
# store_get BASE DIR PATH: prints "STATUS SECONDS" of a GET
# store_decl_json OUT TEXT: the seed declaration as JSON with TEXT as its 年度绩效目标
# store_serve WHAT: serves $db on $port (set base), logs "unit" in; when the
#   server does not start, a failed check "WHAT: the server starts" ends the part
# store_start WHAT DB: db=DB seeded (store_seed), a free port, then store_serve

unit_pw='Qz8#mV2!pL6@wR4t'

store_seed() {
	"$JIXIAO" import tests/golden/convert/seed.txt tests/golden/convert/multi.txt --db "$1" >/dev/null &&
		echo "$unit_pw" | "$JIXIAO" user add unit --role unit --unit 组织部 --db "$1" >/dev/null
}

store_serve() {
	base=http://127.0.0.1:$port
	serve_start "$db" "$port" "$tmp" || { fail "$1: the server starts" "$(cat "$tmp/serve.err")"; exit 1; }
	store_login "$base" "$tmp"
}

store_start() {
	db=$2
	port=$(free_port)
	store_seed "$db"
	store_serve "$1"
}

store_login() {
	curl -s -m 20 -c "$2/unit.jar" -H 'Content-Type: application/json' \
		-d "{\"username\":\"unit\",\"password\":\"$unit_pw\"}" "$1/api/v1/login" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])' >"$2/unit.csrf"
}

store_put() {
	local out
	out=$(curl -s -m 30 -D "$2/put.headers" -w ' %{http_code}' -b "$2/unit.jar" \
		-H "X-CSRF-Token: $(cat "$2/unit.csrf")" -X PUT -H 'Content-Type: application/json' \
		--data-binary @"$5" "$1/api/v1/declarations/$3?revision=$4" | tr -d '\n ')
	printf '%s' "$out"
	sed -n 's/^[Rr]etry-[Aa]fter: *\([^\r]*\)\r*$/ \1/p' "$2/put.headers"
}

store_get() {
	curl -s -m 30 -o /dev/null -w '%{http_code} %{time_total}' -b "$2/unit.jar" "$1$3"
}

store_decl_json() {
	python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open('tests/golden/convert/seed.out', encoding='utf-8'))[0]
d['goals']['annual'] = sys.argv[2]
json.dump(d, open(sys.argv[1], 'w', encoding='utf-8'), ensure_ascii=False)
PY
}

# fast "STATUS SECONDS": "STATUS fast" when under 2 s, else "STATUS slow SECONDS"
store_fast() {
	awk '{ if ($2 < 2) print $1, "fast"; else print $1, "slow", $2 }'
}

# store_load OUT BASE DIR SECONDS PUTTERS IMPORTERS: runs (python3) a
# load of PUTTERS threads editing declaration 1 by the API (each
# based on the current revision, so 409 when another was quicker) and
# IMPORTERS threads importing new declarations of 组织部 through
# /api/v1/import, for SECONDS at most (or until the file OUT.stop exists),
# with the session store_login kept in DIR.  One line per answer
# in OUT: "STATUS put|import [ID REV]..." (ID REV for each stored
# revision), "STATUS put retry-after VALUE" for a 503, "ERR put|import" when
# the connection failed (the load then waits 0.1 s and goes on).
store_load() {
	python3 - "$@" <<'PY'
import json, os, sys, threading, time, urllib.error, urllib.request

out, base, dir = sys.argv[1:4]
seconds, putters, importers = float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
deadline = time.time() + seconds
lock = threading.Lock()
log = open(out, 'w', encoding='utf-8')
seed = json.load(open('tests/golden/convert/seed.out', encoding='utf-8'))[0]
seed_txt = open('tests/golden/convert/seed.txt', encoding='utf-8').read()

def record(line):
    with lock:
        log.write(line + '\n')
        log.flush()

def call(method, path, body=None, headers=None):
    req = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()

# the session of store_login: curl's cookie jar and the token
jar = [l.rstrip('\n').split('\t') for l in open(os.path.join(dir, 'unit.jar'), encoding='utf-8')]
auth = {'Cookie': '; '.join('%s=%s' % (f[5], f[6]) for f in jar if len(f) == 7),
        'X-CSRF-Token': open(os.path.join(dir, 'unit.csrf')).read().strip()}

def putter(t):
    i = 0
    while time.time() < deadline and i < 2000 and not os.path.exists(out + '.stop'):
        i += 1
        decl = 1
        try:
            st, hd, body = call('GET', '/api/v1/declarations/%d' % decl, headers=auth)
            cur = json.loads(body)['current_revision'] if st == 200 else 1
            d = json.loads(json.dumps(seed))
            d['goals']['annual'] = '年度目标：线程 %d 第 %d 次' % (t, i)
            st, hd, body = call('PUT', '/api/v1/declarations/%d?revision=%d' % (decl, cur),
                                json.dumps(d, ensure_ascii=False).encode(),
                                dict(auth, **{'Content-Type': 'application/json'}))
            if st == 200:
                r = json.loads(body)
                record('200 put %d %d' % (r['id'], r['revision']))
            elif st == 503:
                record('503 put retry-after %s' % hd.get('Retry-After'))
            else:
                record('%d put' % st)
        except (OSError, ValueError):
            record('ERR put')
            time.sleep(0.1)

def importer(t):
    i = 0
    while time.time() < deadline and i < 2000 and not os.path.exists(out + '.stop'):
        i += 1
        text = '\n'.join(seed_txt.replace('居民区党组织服务群众专项经费', '专项经费 %d-%d-%d' % (t, i, k))
                         for k in range(3))
        try:
            st, hd, body = call('POST', '/api/v1/import', text.encode(),
                                dict(auth, **{'Content-Type': 'text/plain'}))
            if st == 200:
                record('200 import ' + ' '.join('%d %d' % (x['id'], x['revision'])
                                                for x in json.loads(body)['imported']))
            else:
                record('%d import' % st)
        except (OSError, ValueError):
            record('ERR import')
            time.sleep(0.1)

threads = [threading.Thread(target=putter, args=(t,)) for t in range(putters)]
threads += [threading.Thread(target=importer, args=(t,)) for t in range(importers)]
for th in threads:
    th.start()
for th in threads:
    th.join()
PY
}
