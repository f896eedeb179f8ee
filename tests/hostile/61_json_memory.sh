#!/usr/bin/env bash
# Large JSON in bounded memory (issue 11, defect 11): a 45 MB JSON file took
# `jixiao import` to 968 MB and a 28 MB upload the server to 657 MB, because
# the reader parsed the whole file into one tree.  It now streams one
# declaration at a time (src/parse/json_read.c), each at most 4 MiB and
# 100,000 values.  Peak RSS is measured on the release build ./jixiao
# (AddressSanitizer inflates memory; `make test` builds it): under 64 MiB
# for import (file and standard input) and convert of 45 MB, under 128 MiB
# for the server holding a 28 MB upload.  The caps are checked with the
# sanitizer build, with their exact messages.
# checks: 7
set -u
. tests/lib.sh

tmp=$(mktemp -d)
srv=
trap '[ -n "$srv" ] && kill -TERM "$srv" 2>/dev/null; rm -rf "$tmp"' EXIT
REL=${JIXIAO_RELEASE:-./jixiao}
LIMIT_KB=65536          # 64 MiB
SERVER_LIMIT_KB=131072  # 128 MiB

# peak KB CMD...: the command's output, then "rss=N" its peak RSS in KiB
peak() {
	/usr/bin/time -f 'rss=%M' -o "$tmp/time" "$@"
	tail -1 "$tmp/time"
}
# under LIMIT "rss=N": "under" when N < LIMIT, else "over (N KB)"
under() {
	local kb=${2#rss=}
	if [ -n "$kb" ] && [ "$kb" -lt "$1" ]; then echo under; else echo "over ($kb KB)"; fi
}

if [ ! -x "$REL" ]; then
	for i in 1 2 3 4 5; do fail "json memory: the release build $REL is missing (make jixiao)"; done
else
	cc -std=c17 -O2 -o "$tmp/gen_corpus" bench/gen_corpus.c
	"$tmp/gen_corpus" 12000 5 "$tmp/big.txt" 2>/dev/null
	"$REL" convert "$tmp/big.txt" >"$tmp/big.json"
	size=$(stat -c %s "$tmp/big.json")
	echo "big.json: $size bytes"

	out=$(peak "$REL" import "$tmp/big.json" --db "$tmp/a.db")
	echo "import: ${out##*rss=} KB"
	expect_eq "json memory: import of 45 MB JSON stores all 12000 under 64 MiB" \
		"导入完成：新增 12000 份，更新 0 份，未变 0 份 under" \
		"$(printf '%s\n' "$out" | grep '^导入完成') $(under $LIMIT_KB "$(printf '%s\n' "$out" | tail -1)")"
	out=$(peak "$REL" import - --db "$tmp/b.db" <"$tmp/big.json")
	echo "import -: ${out##*rss=} KB"
	expect_eq "json memory: import of 45 MB JSON from standard input under 64 MiB" \
		"导入完成：新增 12000 份，更新 0 份，未变 0 份 under" \
		"$(printf '%s\n' "$out" | grep '^导入完成') $(under $LIMIT_KB "$(printf '%s\n' "$out" | tail -1)")"
	/usr/bin/time -f 'rss=%M' -o "$tmp/time" "$REL" convert "$tmp/big.json" >"$tmp/again.json"
	echo "convert: $(tail -1 "$tmp/time") KB"
	expect_eq "json memory: convert of 45 MB JSON gives it back under 64 MiB" "same under" \
		"$(cmp -s "$tmp/big.json" "$tmp/again.json" && echo same || echo differs) $(under $LIMIT_KB "$(tail -1 "$tmp/time")")"

	# a declaration just under both caps: 9,000 indicators, some 90,000 values
	python3 - "$tmp/big.json" "$tmp/wide.json" <<'PY'
import json, sys
d = json.loads(open(sys.argv[1], encoding='utf-8').read(200000).split('\n  },\n  {')[0][1:] + '}')
ind = d['indicators'][0]
d['indicators'] = [dict(ind, name='指标%d' % i) for i in range(9000)]
open(sys.argv[2], 'w', encoding='utf-8').write(json.dumps([d], ensure_ascii=False))
PY
	/usr/bin/time -f 'rss=%M' -o "$tmp/time" "$REL" convert "$tmp/wide.json" >"$tmp/wide.out"
	expect_eq "json memory: a declaration of 9000 indicators is read, under 64 MiB" "9000 under" \
		"$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))[0]["indicators"]))' "$tmp/wide.out" 2>&1) $(under $LIMIT_KB "$(tail -1 "$tmp/time")")"

	# the server: a 28 MB upload to /api/v1/import
	"$tmp/gen_corpus" 7500 11 "$tmp/up.txt" 2>/dev/null
	"$REL" convert "$tmp/up.txt" >"$tmp/up.json"
	port=$(free_port)
	"$REL" serve --db "$tmp/s.db" --listen "127.0.0.1:$port" >"$tmp/serve.out" 2>"$tmp/serve.err" &
	srv=$!
	for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/login" && break; sleep 0.1; done
	pw=$(sed -n 's/^首次启动：已创建管理员 admin，一次性密码 \([A-Za-z0-9]*\)$/\1/p' "$tmp/serve.out")
	curl -s -c "$tmp/jar" -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$pw\"}" \
		"http://127.0.0.1:$port/api/v1/login" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])' >"$tmp/csrf"
	code=$(curl -s -o "$tmp/resp" -w '%{http_code}' -b "$tmp/jar" -H "X-CSRF-Token: $(cat "$tmp/csrf")" \
		-H 'Content-Type: application/json' --data-binary @"$tmp/up.json" "http://127.0.0.1:$port/api/v1/import")
	hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB$/\1/p' "/proc/$srv/status")
	kill -TERM "$srv"; wait "$srv"; srv=
	echo "server: upload $(stat -c %s "$tmp/up.json") bytes, peak ${hwm} KB"
	expect_eq "json memory: the server imports a 28 MB JSON upload under 128 MiB" "200 7500 under" \
		"$code $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["imported"]))' "$tmp/resp" 2>&1) $(under $SERVER_LIMIT_KB "rss=$hwm")"
fi

# the caps, with their exact messages; nothing is stored
python3 - "$tmp" <<'PY'
import sys
t = sys.argv[1]
small = '{"schema": "jixiao.declaration/1", "year": 2024, "project": {"name": "甲", "department": "民政局", "implementer": "区民政局"}, "funds": {}, "goals": {}, "indicators": []}'
big = small.replace('"goals": {}', '"goals": {"overall": "' + '长' * (1400 * 1024) + '"}')
open(t + '/over_bytes.json', 'w', encoding='utf-8').write('[\n' + small + ',\n' + big + '\n]\n')
many = small.replace('"indicators": []', '"indicators": [' + ','.join(['{}'] * 60000) + ']')
open(t + '/over_values.json', 'w', encoding='utf-8').write('[\n' + small + ',\n' + small + ',\n\n' + many + '\n]\n')
PY
out=$("$JIXIAO" import "$tmp/over_bytes.json" --db "$tmp/c.db" 2>&1)
expect_eq "json cap: a declaration over 4 MiB is refused with its number, line and the cap" \
	"$tmp/over_bytes.json:3: 错误: 第 2 份申报表的 JSON 超过 4 MiB，未读入（每份申报表至多 4 MiB），文件其后的内容也未读
jixiao: 共 1 处错误，未导入任何内容|exit 2|0" \
	"$out|exit $("$JIXIAO" import "$tmp/over_bytes.json" --db "$tmp/c.db" >/dev/null 2>&1; echo $?)|$("$JIXIAO" list --db "$tmp/c.db" 2>/dev/null | grep -c 甲)"
out=$("$JIXIAO" convert "$tmp/over_values.json" 2>&1)
expect_eq "json cap: a declaration over 100,000 values is refused with its number, line and the cap" \
	"$tmp/over_values.json:5: 错误: 第 3 份申报表的 JSON 超过 100000 个值，未读入（每份申报表至多 100000 个值），文件其后的内容也未读
jixiao: 共 1 处错误，未输出任何内容" "$out"
