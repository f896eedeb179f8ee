#!/usr/bin/env bash
# pg.sh CORPUS CSV DB: the PostgreSQL part of `make bench`.  bench/bench.sh runs
# it inside `pg_virtualenv`, which starts a throwaway PostgreSQL cluster and
# sets PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE for it.
#   - times `jixiao import CORPUS --db postgresql:///jx_bench` into a fresh
#     database (best of BENCH_RUNS);
#   - times the reference on the same cluster: psql `\copy` of the same
#     indicators, flattened as CSV, into one table of a fresh database;
#   - copies the SQLite store DB (the import of CORPUS) to PostgreSQL and back
#     with `jixiao copy`, and compares `export --format json` of both ends;
#   - runs the web writers (bench/writers.sh) on the imported store.
# Prints key=value lines: pg_import_s, pg_copy_s, pg_ratio, pg_rows,
# copy_to_pg_s, copy_back_s, copy_same and writers_postgresql_*.
set -euo pipefail

corpus=$1
csv=$2
sqlite_db=$3
jixiao=${JIXIAO:-./jixiao}
runs=${BENCH_RUNS:-3}
now() { date +%s.%N; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
say() { echo "bench: $*" >&2; }
fresh() { dropdb --if-exists "$1" && createdb "$1"; }

best_import=
for _ in $(seq 1 "$runs"); do
	fresh jx_bench
	t0=$(now)
	"$jixiao" import "$corpus" --db postgresql:///jx_bench >/dev/null
	s=$(sub "$t0" "$(now)")
	say "PostgreSQL import: $s s"
	best_import=$(awk -v a="${best_import:-$s}" -v b="$s" 'BEGIN { print (b < a) ? b : a }')
done

best_copy=
for _ in $(seq 1 "$runs"); do
	fresh jx_ref
	psql -q -d jx_ref -c 'CREATE TABLE ind (year text, implementer text, name text, level1 text, level2 text, indicator text, value text)'
	t0=$(now)
	psql -q -d jx_ref -c "\\copy ind FROM '$csv' WITH (FORMAT csv)"
	s=$(sub "$t0" "$(now)")
	say "psql \\copy: $s s"
	best_copy=$(awk -v a="${best_copy:-$s}" -v b="$s" 'BEGIN { print (b < a) ? b : a }')
done
rows=$(psql -Atq -d jx_ref -c 'SELECT count(*) FROM ind')

echo "pg_import_s=$best_import"
echo "pg_copy_s=$best_copy"
echo "pg_rows=$rows"
awk -v a="$best_import" -v b="$best_copy" 'BEGIN { printf "pg_ratio=%.2f\n", (b > 0) ? a / b : 0 }'
say "jixiao copy: SQLite → PostgreSQL → SQLite"
fresh jx_copy
tmpd=$(mktemp -d /tmp/jixiao-copy.XXXXXX)
t0=$(now)
"$jixiao" copy --from "$sqlite_db" --to postgresql:///jx_copy >/dev/null
echo "copy_to_pg_s=$(sub "$t0" "$(now)")"
t0=$(now)
"$jixiao" copy --from postgresql:///jx_copy --to "$tmpd/back.db" >/dev/null
echo "copy_back_s=$(sub "$t0" "$(now)")"
"$jixiao" export --format json --db "$sqlite_db" >"$tmpd/a.json"
"$jixiao" export --format json --db "$tmpd/back.db" >"$tmpd/b.json"
if cmp -s "$tmpd/a.json" "$tmpd/b.json"; then echo "copy_same=yes"; else echo "copy_same=no"; fi
echo "copy_bytes=$(wc -c <"$tmpd/a.json")"
rm -rf "$tmpd"
dropdb jx_copy
say "web writers on PostgreSQL (bench/writers.sh)"
JIXIAO=$jixiao bash bench/writers.sh postgresql:///jx_bench postgresql
