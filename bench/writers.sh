#!/usr/bin/env bash
# writers.sh DB ENGINE: the concurrent web writers part of `make bench`
# (bench/bench.sh runs it on each engine's store of the import run).
# Starts `jixiao serve` on DB (a SQLite file or a postgresql:// URI), adds one
# unit user for each of 32 declarations of 32 different 实施单位, logs each in,
# and runs bench/writers.py with 1, 8 and 32 of them, BENCH_WRITERS_SECONDS
# each (default 20): every client saves edits to its own declaration.
# Prints key=value lines writers_ENGINE_N_{rps,p50_ms,p99_ms,max_ms,5xx}.
set -euo pipefail

db=$1
engine=$2
jixiao=${JIXIAO:-./jixiao}
seconds=${BENCH_WRITERS_SECONDS:-20}
tmp=$(mktemp -d /tmp/jixiao-writers.XXXXXX)
NAME=writers.sh
. bench/lib.sh

# 32 declarations of 32 different 实施单位: "id<TAB>implementer"
"$jixiao" list --json --db "$db" | python3 -c '
import json, sys
seen = set()
for d in json.load(sys.stdin):
    if d["implementer"] not in seen:
        seen.add(d["implementer"])
        print(d["id"], d["implementer"], sep="\t")
    if len(seen) == 32:
        break' >"$tmp/decls"
[ "$(wc -l <"$tmp/decls")" = 32 ] || { echo "writers.sh: fewer than 32 实施单位 in $db" >&2; exit 1; }
pw=bench-writer-password-8v4n
k=0
while IFS=$'\t' read -r id unit; do
	k=$((k + 1))
	echo "$pw" | "$jixiao" user add "writer-$$-$k" --role unit --unit "$unit" --db "$db" >/dev/null
done <"$tmp/decls"

port=$(free_port)
"$jixiao" serve --db "$db" --listen "127.0.0.1:$port" >"$tmp/serve.log" 2>&1 &
pids+=($!)
wait_port "$port"
k=0
while IFS=$'\t' read -r id unit; do
	k=$((k + 1))
	json=$(curl -s -D "$tmp/h" -H 'Content-Type: application/json' \
		-d "{\"username\":\"writer-$$-$k\",\"password\":\"$pw\"}" "http://127.0.0.1:$port/api/v1/login")
	token=$(tr -d '\r' <"$tmp/h" | sed -n 's/^Set-Cookie: jx_session=\([0-9a-f]*\);.*/\1/p')
	csrf=$(echo "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])')
	[ -n "$token" ] || { echo "writers.sh: writer $k could not log in" >&2; exit 1; }
	printf '%s\t%s\t%s\n' "$token" "$csrf" "$id"
done <"$tmp/decls" >"$tmp/clients.tsv"

for n in 1 8 32; do
	python3 bench/writers.py --port "$port" --clients "$n" --seconds "$seconds" \
		"$tmp/clients.tsv" >"$tmp/out.$n"
	awk -F= -v p="writers_${engine}_${n}_" '
		$1 ~ /^(rps|p50_ms|p99_ms|max_ms)$/ { print p $1 "=" $2 }
		$1 == "status_200" { print p "200=" $2 }
		$1 ~ /^status_/ && $1 != "status_200" { print p $1 "=" $2 }
		$1 ~ /^status_5/ { e += $2 }
		END { print p "5xx=" e + 0 }' "$tmp/out.$n"
done
