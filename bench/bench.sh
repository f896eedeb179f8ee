#!/usr/bin/env bash
# bench.sh: jixiao's performance bench, run by `make bench` from the repository root.
#
# Generates a synthetic corpus of declaration forms (bench/gen_corpus), then measures
#   - `jixiao convert corpus.txt > /dev/null`: throughput (best of BENCH_RUNS) and peak RSS;
#   - `jixiao check corpus.txt > /dev/null`: review throughput and peak RSS;
#   - `jixiao import corpus.txt --db DB` into a fresh database: wall time and peak RSS;
#   - the reference: sqlite3 `.import` of the same indicators as CSV into a fresh database;
#   - the web application on that database (bench/http.sh): a declaration's JSON, the list,
#     the overview and searches with wrk, and what users see while `jixiao import` stores
#     BENCH_FORMS more forms (another seed) into it;
# and prints a Markdown table against the targets, with the machine it ran on.
#
# Environment: BENCH_FORMS (100000), BENCH_SEED (1), BENCH_RUNS (3), JIXIAO (./jixiao),
# BENCH_KEEP=1 keeps the temporary directory, BENCH_STRICT=1 exits 1 when a target is missed.
# Progress goes to stderr, the table to stdout.
set -euo pipefail

cd "$(dirname "$0")/.."

forms=${BENCH_FORMS:-100000}
seed=${BENCH_SEED:-1}
runs=${BENCH_RUNS:-3}
jixiao=${JIXIAO:-./jixiao}

# Targets (README "Targets"): convert throughput, import time relative to sqlite3 .import,
# peak resident set of convert and import.
target_mbps=200
target_check_mbps=150
target_json_ratio=0.5
target_list_p99_ms=50
target_overview_p99_ms=100
target_search_p99_ms=50
target_busy_ms=2000
target_ratio=1.5
target_rss_mib=64
target_pg_p99_ms=100
target_pg_share=0.5

die() { echo "bench: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

case $forms in '' | *[!0-9]*) die "BENCH_FORMS \"$forms\" is not a number" ;; esac
case $runs in '' | 0 | *[!0-9]*) die "BENCH_RUNS \"$runs\" is not a positive number" ;; esac
[ -x "$jixiao" ] || die "$jixiao not found or not executable: build it first (make)"
command -v sqlite3 >/dev/null 2>&1 || die "sqlite3 not found: it runs the reference import (apt-get install sqlite3)"

tmp=$(mktemp -d /tmp/jixiao-bench.XXXXXX)
cleanup() {
	if [ "${BENCH_KEEP:-0}" = 1 ]; then say "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

# Room for the corpus (~2.1 KB/form), its CSV (~1.1 KB/form), two databases (~4 KB/form),
# the second corpus of the web part and what its import adds (~6 KB/form).
need_kb=$((forms * 14))
free_kb=$(df -Pk "$tmp" | awk 'NR == 2 { print $4 }')
if [ -n "$free_kb" ] && [ "$free_kb" -lt "$need_kb" ]; then
	die "$tmp has $((free_kb / 1024)) MiB free, the bench needs about $((need_kb / 1024)) MiB"
fi

now() { date +%s.%N; }
# sub A B: B - A in seconds, 3 decimals.
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# lt A B: true when A < B (decimal numbers).
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

# Peak RSS: GNU time (Debian package `time`) when present, else polling VmHWM.
time_bin=
if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
	time_bin=/usr/bin/time
fi

# measure IN OUT CMD...: runs CMD with stdin IN and stdout OUT, stderr to a log.
# Sets wall (seconds) and rss_kb (peak resident set, KiB). Exits on failure.
measure() {
	local in=$1 out=$2 t0 t1 rc=0 pid key val
	shift 2
	t0=$(now)
	if [ -n "$time_bin" ]; then
		"$time_bin" -f %M -o "$tmp/time.out" "$@" <"$in" >"$out" 2>"$tmp/stderr.log" || rc=$?
		t1=$(now)
		rss_kb=$(tail -n 1 "$tmp/time.out")
	else
		"$@" <"$in" >"$out" 2>"$tmp/stderr.log" &
		pid=$!
		rss_kb=0
		while kill -0 "$pid" 2>/dev/null; do
			{
				while IFS=$' \t:' read -r key val _; do
					if [ "$key" = VmHWM ] && [ "$val" -gt "$rss_kb" ]; then rss_kb=$val; fi
				done <"/proc/$pid/status"
			} 2>/dev/null || true
			sleep 0.01
		done
		wait "$pid" || rc=$?
		t1=$(now)
	fi
	if [ "$rc" -ne 0 ] && [ "$rc" -ne "${allow_rc:-0}" ]; then
		echo "bench: failed (exit $rc): $*" >&2
		tail -n 20 "$tmp/stderr.log" >&2
		exit 1
	fi
	wall=$(sub "$t0" "$t1")
}

# best_of CMD...: runs `measure` BENCH_RUNS times (calling `prepare` before each run);
# sets best (lowest wall) and peak (highest rss_kb).
prepare() { :; }
best_of() {
	local i
	best=''
	peak=0
	for ((i = 1; i <= runs; i++)); do
		prepare
		measure "$@"
		say "  run $i: ${wall} s, peak RSS ${rss_kb} KiB"
		if [ -z "$best" ] || lt "$wall" "$best"; then best=$wall; fi
		if [ "$rss_kb" -gt "$peak" ]; then peak=$rss_kb; fi
	done
}

# --- corpus ---------------------------------------------------------------
gen=bench/gen_corpus
if [ ! -x "$gen" ] || [ bench/gen_corpus.c -nt "$gen" ]; then
	say "building gen_corpus"
	"${CC:-cc}" -std=c17 -O2 -Wall -Wextra -o "$tmp/gen_corpus" bench/gen_corpus.c
	gen=$tmp/gen_corpus
fi
corpus=$tmp/corpus.txt
csv=$tmp/corpus.csv
say "generating $forms forms (seed $seed) in $tmp"
t0=$(now)
"$gen" "$forms" "$seed" "$corpus" "$csv"
gen_s=$(sub "$t0" "$(now)")
bytes=$(wc -c <"$corpus")
rows=$(wc -l <"$csv")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
say "corpus: $mb MB, $rows indicator rows, generated in $gen_s s"

# --- convert --------------------------------------------------------------
say "convert: $jixiao convert corpus.txt > /dev/null (best of $runs)"
best_of /dev/null /dev/null "$jixiao" convert "$corpus"
conv_s=$best conv_rss=$peak
conv_mbps=$(awk -v b="$bytes" -v s="$conv_s" 'BEGIN { printf "%.1f", (s > 0) ? b / 1e6 / s : 0 }')

# --- check ----------------------------------------------------------------
# exit 1 only says that some declaration has an error finding
say "check: $jixiao check corpus.txt > /dev/null (best of $runs)"
allow_rc=1 best_of /dev/null /dev/null "$jixiao" check "$corpus"
chk_s=$best chk_rss=$peak
chk_mbps=$(awk -v b="$bytes" -v s="$chk_s" 'BEGIN { printf "%.1f", (s > 0) ? b / 1e6 / s : 0 }')
chk_findings=$("$jixiao" check "$corpus" --format json 2>/dev/null |
	awk '/"rule":/ { n++ } END { print n + 0 }' || true)

# --- import ---------------------------------------------------------------
db=$tmp/bench.db
prepare() { rm -f "$db" "$db-journal" "$db-wal" "$db-shm"; }
say "import: $jixiao import corpus.txt --db bench.db (fresh database, best of $runs)"
best_of /dev/null /dev/null "$jixiao" import "$corpus" --db "$db"
imp_s=$best imp_rss=$peak
imp_db_mb=$(awk -v b="$(wc -c <"$db")" 'BEGIN { printf "%.1f", b / 1e6 }')

# --- reference: sqlite3 .import -------------------------------------------
ref=$tmp/ref.db
cat >"$tmp/ref.sql" <<EOF
CREATE TABLE ind(year,implementer,name,level1,level2,indicator,value);
.mode csv
.import "$csv" ind
EOF
prepare() { rm -f "$ref" "$ref-journal" "$ref-wal" "$ref-shm"; }
say "reference: sqlite3 .import corpus.csv (fresh database, best of $runs)"
best_of "$tmp/ref.sql" /dev/null sqlite3 "$ref"
ref_s=$best ref_rss=$peak
ref_rows=$(sqlite3 "$ref" 'SELECT count(*) FROM ind;')
[ "$ref_rows" = "$rows" ] || die "sqlite3 .import loaded $ref_rows rows, the CSV has $rows"
ref_db_mb=$(awk -v b="$(wc -c <"$ref")" 'BEGIN { printf "%.1f", b / 1e6 }')
ratio=$(awk -v a="$imp_s" -v b="$ref_s" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')

# --- PostgreSQL: import, psql \copy, jixiao copy, web writers -----------
# in a throwaway cluster of its own (pg_virtualenv), on the same machine
say "PostgreSQL: import, the psql \\copy reference, jixiao copy SQLite → PostgreSQL → SQLite, web writers (bench/pg.sh in pg_virtualenv)"
JIXIAO=$jixiao BENCH_RUNS=$runs pg_virtualenv -v 15 bash bench/pg.sh "$corpus" "$csv" "$db" >"$tmp/pg.out"
pgv() { sed -n "s/^$1=//p" "$tmp/pg.out"; }
pg_import_s=$(pgv pg_import_s) pg_copy_s=$(pgv pg_copy_s) pg_ratio=$(pgv pg_ratio) pg_rows=$(pgv pg_rows)
[ "$pg_rows" = "$rows" ] || die "psql \\copy loaded $pg_rows rows, the CSV has $rows"
copy_to_pg_s=$(pgv copy_to_pg_s) copy_back_s=$(pgv copy_back_s) copy_same=$(pgv copy_same)
copy_mb=$(awk -v b="$(pgv copy_bytes)" 'BEGIN { printf "%.1f", b / 1e6 }')

# --- web writers on SQLite, on the database of the last import run --------
say "web writers on SQLite (bench/writers.sh)"
JIXIAO=$jixiao bash bench/writers.sh "$db" sqlite >"$tmp/writers.out"
wv() { sed -n "s/^writers_$1=//p" "$tmp/writers.out" "$tmp/pg.out"; }
# writers ENGINE N: "R req/s, p50 A ms, p99 B ms" (and the 5xx when any)
writers() {
	local e
	e=$(wv "$1_$2_5xx")
	echo "$(wv "$1_$2_rps") saves/s, p50 $(wv "$1_$2_p50_ms") ms, p99 $(wv "$1_$2_p99_ms") ms$([ "${e:-0}" = 0 ] || echo ", **$e × 5xx**")"
}
pg_sqlite_32=$(awk -v a="$(wv postgresql_32_rps)" -v b="$(wv sqlite_32_rps)" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')

# --- the web application, on the database of the last import run ---------
# the second corpus: as many other forms (the next seed), imported under the running server
corpus2=$tmp/corpus2.txt
"$gen" "$forms" "$((seed + 1))" "$corpus2" 2>/dev/null
say "web: jixiao serve on $forms declarations, wrk against a declaration's JSON, the list page, the overview and searches; nginx serving the same JSON; then requests while $forms more forms are imported (bench/http.sh)"
JIXIAO=$jixiao bash bench/http.sh "$db" "$corpus2" >"$tmp/http.out"
httpv() { sed -n "s/^$1=//p" "$tmp/http.out"; }
json_rps=$(httpv json_rps) json_p99=$(httpv json_p99_ms) list_rps=$(httpv list_rps)
list_p99=$(httpv list_p99_ms) nginx_rps=$(httpv nginx_rps) nginx_p99=$(httpv nginx_p99_ms)
ov_rps=$(httpv overview_rps) ov_p99=$(httpv overview_p99_ms) search_index_s=$(httpv search_index_s)
search_rps=$(httpv search_rps) search_p99=$(httpv search_p99_ms)
search2_rps=$(httpv search2_rps) search2_p99=$(httpv search2_p99_ms)
json_ratio=$(awk -v a="$json_rps" -v b="$nginx_rps" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }')
# errs NAME: ", N errors" after a wrk figure when some requests failed; noerr NAME: 1 when none
errs() { local e; e=$(httpv "$1_errors"); [ "${e:-0}" = 0 ] || echo ", **${e} errors**"; }
noerr() { local e; e=$(httpv "$1_errors"); if [ "${e:-0}" = 0 ]; then echo 1; else echo 0; fi; }
probe_s=$(httpv probe_import_s) probe_rc=$(httpv probe_import_rc) probe_result=$(httpv probe_import_result)
# busy KIND: "n requests, k × 200, max M ms" of the probe; ok_busy_KIND: all 200 in under 2 s
busy() {
	echo "$(httpv "probe_$1_n") requests, $(httpv "probe_$1_200") × 200, max $(httpv "probe_$1_max_ms") ms"
}
busy_ok() {
	awk -v n="$(httpv "probe_$1_n")" -v ok="$(httpv "probe_$1_200")" -v m="$(httpv "probe_$1_max_ms")" \
		-v t="$target_busy_ms" 'BEGIN { print ((n > 0 && ok == n && m < t) ? 1 : 0) }'
}
put_statuses=$(httpv probe_put_statuses) put_500=$(httpv probe_put_500)
put_503_ra=$(httpv probe_put_503_retry_after)
put_503=$(echo "$put_statuses" | tr ',' '\n' | sed -n 's/^503://p')
# a PUT answers 200 or 409, or 503 with Retry-After; never anything else
ok_put=$(echo "$put_statuses" | tr ',' '\n' | awk -F: -v ra="${put_503_ra:-0}" '
	$1 == 200 || $1 == 409 { next } $1 == 503 { if ($2 != ra) bad = 1; next } { bad = 1 }
	END { print (NR > 0 && !bad) ? 1 : 0 }')

# --- report ---------------------------------------------------------------
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
# verdict OK: the "met" cell for a check that passed (1) or not (0).
verdict() { if [ "$1" = 1 ]; then echo yes; else echo "**no**"; fi; }
ok_mbps=$(awk -v v="$conv_mbps" -v t="$target_mbps" 'BEGIN { print ((v >= t) ? 1 : 0) }')
ok_chk=$(awk -v v="$chk_mbps" -v t="$target_check_mbps" 'BEGIN { print ((v >= t) ? 1 : 0) }')
ok_chk_rss=$(awk -v v="$chk_rss" -v t="$target_rss_mib" 'BEGIN { print ((v <= t * 1024) ? 1 : 0) }')
ok_ratio=$(awk -v v="$ratio" -v t="$target_ratio" 'BEGIN { print ((v <= t) ? 1 : 0) }')
ok_conv_rss=$(awk -v v="$conv_rss" -v t="$target_rss_mib" 'BEGIN { print ((v <= t * 1024) ? 1 : 0) }')
ok_imp_rss=$(awk -v v="$imp_rss" -v t="$target_rss_mib" 'BEGIN { print ((v <= t * 1024) ? 1 : 0) }')
v_mbps=$(verdict "$ok_mbps")
v_conv_rss=$(verdict "$ok_conv_rss")
v_ratio=$(verdict "$ok_ratio")
ok_json=$(awk -v v="$json_ratio" -v t="$target_json_ratio" -v e="$(noerr json)" 'BEGIN { print ((v >= t && e) ? 1 : 0) }')
ok_list=$(awk -v v="$list_p99" -v t="$target_list_p99_ms" -v e="$(noerr list)" 'BEGIN { print ((v <= t && e) ? 1 : 0) }')
ok_ov=$(awk -v v="$ov_p99" -v t="$target_overview_p99_ms" -v e="$(noerr overview)" 'BEGIN { print ((v <= t && e) ? 1 : 0) }')
ok_search=$(awk -v v="$search_p99" -v t="$target_search_p99_ms" -v e="$(noerr search)" 'BEGIN { print ((v <= t && e) ? 1 : 0) }')
ok_search2=$(awk -v v="$search2_p99" -v t="$target_search_p99_ms" -v e="$(noerr search2)" 'BEGIN { print ((v <= t && e) ? 1 : 0) }')
ok_busy_list=$(busy_ok list) ok_busy_decl=$(busy_ok decl) ok_busy_me=$(busy_ok me)
v_json=$(verdict "$ok_json")
v_list=$(verdict "$ok_list")
v_chk=$(verdict "$ok_chk")
v_chk_rss=$(verdict "$ok_chk_rss")
v_imp_rss=$(verdict "$ok_imp_rss")
missed=$(( (1 - ok_mbps) + (1 - ok_ratio) + (1 - ok_conv_rss) + (1 - ok_imp_rss) + (1 - ok_chk) + (1 - ok_chk_rss) + (1 - ok_json) + (1 - ok_list) ))
ok_pg_ratio=$(awk -v v="$pg_ratio" -v t="$target_ratio" 'BEGIN { print ((v > 0 && v <= t) ? 1 : 0) }')
ok_pg_writers=$(awk -v e="$(wv postgresql_32_5xx)" -v p="$(wv postgresql_32_p99_ms)" -v t="$target_pg_p99_ms" \
	'BEGIN { print ((e == 0 && p > 0 && p <= t) ? 1 : 0) }')
ok_pg_share=$(awk -v v="$pg_sqlite_32" -v t="$target_pg_share" 'BEGIN { print ((v >= t) ? 1 : 0) }')
ok_copy=$([ "$copy_same" = yes ] && echo 1 || echo 0)
missed=$(( missed + (1 - ok_pg_ratio) + (1 - ok_pg_writers) + (1 - ok_pg_share) + (1 - ok_copy) ))
missed=$(( missed + (1 - ok_ov) + (1 - ok_search) + (1 - ok_search2) + (1 - ok_busy_list) + (1 - ok_busy_decl) + (1 - ok_busy_me) + (1 - ok_put) ))

cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
[ -n "$cpu" ] || cpu=$(uname -m)
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo "?")
rss_how=${time_bin:+GNU time %M}
rss_how=${rss_how:-VmHWM polled every 10 ms}

cat <<EOF
## jixiao bench, $(date -u +%Y-%m-%d)

Corpus: $forms forms (seed $seed), $mb MB, $rows indicator rows (generated in $gen_s s).
Times are wall clock, best of $runs runs; MB = 10^6 bytes, MiB = 2^20 bytes.

| metric | value | target | met |
|---|---|---|---|
| convert throughput | $conv_mbps MB/s ($conv_s s) | ≥ $target_mbps MB/s | $v_mbps |
| convert peak RSS | $(mib "$conv_rss") MiB | ≤ $target_rss_mib MiB | $v_conv_rss |
| check throughput ($chk_findings findings) | $chk_mbps MB/s ($chk_s s) | ≥ $target_check_mbps MB/s | $v_chk |
| check peak RSS | $(mib "$chk_rss") MiB | ≤ $target_rss_mib MiB | $v_chk_rss |
| import wall time | $imp_s s | | |
| sqlite3 .import wall time (reference) | $ref_s s | | |
| import / sqlite3 .import | ${ratio}× | ≤ ${target_ratio}× | $v_ratio |
| import peak RSS | $(mib "$imp_rss") MiB | ≤ $target_rss_mib MiB | $v_imp_rss |
| sqlite3 .import peak RSS (reference) | $(mib "$ref_rss") MiB | | |
| database size: jixiao / reference | $imp_db_mb MB / $ref_db_mb MB | | |
| web: one declaration's JSON | $json_rps req/s, p99 $json_p99 ms$(errs json) | | |
| web: the same bytes from nginx (reference) | $nginx_rps req/s, p99 $nginx_p99 ms | | |
| web: JSON / nginx | ${json_ratio}× | ≥ ${target_json_ratio}× | $v_json |
| web: list page (50 of $forms) | $list_rps req/s, p99 $list_p99 ms$(errs list) | p99 ≤ $target_list_p99_ms ms | $v_list |
| web: /overview (every year and department of $forms) | $ov_rps req/s, p99 $ov_p99 ms$(errs overview) | p99 ≤ $target_overview_p99_ms ms | $(verdict "$ok_ov") |
| web: list search, 3+ characters (4 texts in turn, 1 to 90% of the forms) | $search_rps req/s, p99 $search_p99 ms$(errs search) | p99 ≤ $target_search_p99_ms ms | $(verdict "$ok_search") |
| web: list search, 1–2 characters (4 texts in turn, 1 to 81% of the forms) | $search2_rps req/s, p99 $search2_p99 ms$(errs search2) | p99 ≤ $target_search_p99_ms ms | $(verdict "$ok_search2") |
| web: the first search after the import (builds the search indexes) | $search_index_s s | | |
| web during \`jixiao import\` of $forms more forms ($probe_s s, exit $probe_rc: $probe_result): list page | $(busy list) | 200 in < 2 s every time | $(verdict "$ok_busy_list") |
| web during the import: a declaration's page | $(busy decl) | 200 in < 2 s every time | $(verdict "$ok_busy_decl") |
| web during the import: /api/v1/me | $(busy me) | 200 in < 2 s every time | $(verdict "$ok_busy_me") |
| PostgreSQL import wall time | $pg_import_s s | | |
| psql \\copy of the same rows into one table, same cluster (reference) | $pg_copy_s s | | |
| PostgreSQL import / psql \\copy | ${pg_ratio}× | ≤ ${target_ratio}× | $(verdict "$ok_pg_ratio") |
| \`jixiao copy\` SQLite → PostgreSQL → SQLite ($forms declarations) | $copy_to_pg_s s + $copy_back_s s; \`export --format json\` ($copy_mb MB) identical: $copy_same | identical | $(verdict "$ok_copy") |
| web writers, SQLite, 1 / 8 / 32 clients (each saves its own declaration, $(( ${BENCH_WRITERS_SECONDS:-20} )) s) | $(writers sqlite 1) / $(writers sqlite 8) / $(writers sqlite 32) | | |
| web writers, PostgreSQL, 1 / 8 / 32 clients | $(writers postgresql 1) / $(writers postgresql 8) / $(writers postgresql 32) | 32 clients: no 5xx, p99 ≤ ${target_pg_p99_ms} ms | $(verdict "$ok_pg_writers") |
| web writers at 32 clients: PostgreSQL / SQLite | ${pg_sqlite_32}× | ≥ ${target_pg_share}× | $(verdict "$ok_pg_share") |
| web during the import: PUT of a declaration (statuses) | $put_statuses (503 with Retry-After: ${put_503_ra:-0} of ${put_503:-0}), max $(httpv probe_put_max_ms) ms | 200/409, or 503 with Retry-After; never 500 | $(verdict "$ok_put") |

Machine: $(nproc) CPUs, $cpu, $mem RAM, $(uname -sr); sqlite3 $(sqlite3 --version | cut -d' ' -f1); PostgreSQL $(pg_config --version 2>/dev/null | awk '{ print $2 }') (a pg_virtualenv cluster with its default settings, over TCP on localhost); peak RSS by $rss_how.
EOF

if [ "$missed" -gt 0 ]; then
	say "$missed target(s) missed"
	if [ "${BENCH_STRICT:-0}" = 1 ]; then exit 1; fi
fi
