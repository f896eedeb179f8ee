#!/usr/bin/env bash
# pg.sh CORPUS CSV: the PostgreSQL part of `make bench`.  bench/bench.sh runs
# it inside `pg_virtualenv`, which starts a throwaway PostgreSQL cluster and
# sets PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE for it.
#   - times `jixiao import CORPUS --db postgresql:///jx_bench` into a fresh
#     database (best of BENCH_RUNS);
#   - times the reference on the same cluster: psql `\copy` of the same
#     indicators, flattened as CSV, into one table of a fresh database;
#   - runs the web writers (bench/writers.sh) on the imported store.
# Prints key=value lines: pg_import_s, pg_copy_s, pg_ratio, pg_rows and
# writers_postgresql_*.
set -euo pipefail

corpus=$1
csv=$2
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
say "web writers on PostgreSQL (bench/writers.sh)"
JIXIAO=$jixiao bash bench/writers.sh postgresql:///jx_bench postgresql
