#!/usr/bin/env bash
# Issue 11, "done when": while `jixiao import` of many forms runs into a
# store that already holds declarations (one write transaction for the whole
# import), the list page, a declaration page and /api/v1/me answer 200 in
# under 2 s every time, and a PUT gets 200, 409 or 503 with Retry-After,
# never 500.  The corpus (bench/gen_corpus, STORE_IMPORT_FORMS forms,
# default 60,000) is sized so that the sanitizer build imports for 10–20 s;
# the figures are printed.
# checks: 7
set -u
. tests/lib.sh
. tests/hostile/store_lib.bash

forms=${STORE_IMPORT_FORMS:-60000}
tmp=$(mktemp -d)
import_pid=
cleanup() {
	touch "$tmp/put.out.stop"
	[ -n "$import_pid" ] && kill "$import_pid" 2>/dev/null && wait "$import_pid" 2>/dev/null
	stop_server
	rm -rf "$tmp"
}
trap cleanup EXIT
cc -std=c17 -O2 -o "$tmp/gen_corpus" bench/gen_corpus.c
"$tmp/gen_corpus" "$forms" 13 "$tmp/corpus.txt" 2>/dev/null
store_start reads "$tmp/reads.db"
store_get "$base" "$tmp" /d/1 >/dev/null

t0=$(date +%s.%N)
"$JIXIAO" import "$tmp/corpus.txt" --db "$db" >"$tmp/import.out" 2>"$tmp/import.err" &
import_pid=$!
store_load "$tmp/put.out" "$base" "$tmp" 300 1 0 &
load=$!
: >"$tmp/reads"
# reads while the import runs: bounded by 600 rounds and 300 s
for _ in $(seq 1 600); do
	kill -0 "$import_pid" 2>/dev/null || break
	for path in / /d/1 /api/v1/me; do
		echo "$path $(store_get "$base" "$tmp" "$path")" >>"$tmp/reads"
	done
	awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { exit !(b - a > 300) }' && break
done
wait "$import_pid"
code=$?
import_pid=
t1=$(date +%s.%N)
touch "$tmp/put.out.stop"
wait "$load"

# summary PATH: "N answers, all 200 under 2 s" or what went wrong; prints the figures
summary() {
	awk -v p="$1" '$1 == p { n++; if ($3 > max) max = $3; if ($2 != 200) bad[$2]++; if ($3 >= 2) slow++ }
		END {
			printf "reads: %s: %d answers, max %.3f s\n", p, n, max > "/dev/stderr"
			s = n >= 10 ? "at least 10 answers" : "only " n " answers"
			for (c in bad) s = s ", " bad[c] " answered " c
			if (slow) s = s ", " slow " took 2 s or more"
			print s
		}' "$tmp/reads"
}
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "reads: the import of '"$forms"' forms took %.1f s\n", b - a }' >&2
expect_eq "reads: the import stored every form" "0 导入完成：新增 $forms 份，更新 0 份，未变 0 份" \
	"$code $(tail -n 1 "$tmp/import.out")"
expect_eq "reads: the list page during the import" "at least 10 answers" "$(summary /)"
expect_eq "reads: a declaration page during the import" "at least 10 answers" "$(summary /d/1)"
expect_eq "reads: /api/v1/me during the import" "at least 10 answers" "$(summary /api/v1/me)"
sed "s/^\(200 put\) .*/\1/" "$tmp/put.out" | uniq -c | sed 's/^/reads: PUT answers: /' >&2
expect_eq "reads: PUTs during the import: 200, 409 or 503 with Retry-After only" "" \
	"$(grep -v '^\(200 put\|409 put\|503 put retry-after [0-9][0-9]*\)' "$tmp/put.out" | sort | uniq -c)"
expect_eq "reads: a PUT during the import waited for it: 503" yes \
	"$(grep -q '^503 put retry-after' "$tmp/put.out" && echo yes)"
expect_eq "reads: the store is intact after the import" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"
