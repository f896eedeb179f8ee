#!/usr/bin/env bash
# tests/run.sh: runs every test of `make test` and ends with the line
# "N passed, N failed".  Expects JIXIAO (the sanitizer build), UNIT_DIR,
# UNIT_TESTS and PG_UNIT_TESTS from the Makefile; each of PG_UNIT_TESTS runs
# under pg_virtualenv, on a throwaway PostgreSQL cluster, and so do the
# suites of ENGINE_SUITES a second time, on PostgreSQL (--engine-pass).
#
# Each shell suite declares how many checks it runs (plan, tests/lib.sh); a
# suite that declares none, runs another number, or exits non-zero has
# failed, and so has a unit test binary that crashes or reports no count.
#
#   tests/run.sh --suite FILE   runs one shell suite with those checks, adding
#                               to $RESULTS (tests/hostile/00_runner.sh); with
#                               JX_ENGINE=postgresql inside pg_virtualenv, on
#                               PostgreSQL
set -u
cd "$(dirname "$0")/.."
export JIXIAO=${JIXIAO:-build/asan/jixiao}
JIXIAO=$(realpath "$JIXIAO")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
export RESULTS PLAN_FILE

section() { printf '\n== %s\n' "$1"; }
# pg_env CMD...: CMD inside pg_virtualenv, a throwaway PostgreSQL 15 cluster
# in a directory of its own (-t, even as root) on a free port: other
# clusters on the machine (another checkout's tests) neither clash nor share
pg_env() {
	PGPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') \
		pg_virtualenv -t -v 15 "$@"
}
failed() { echo "FAIL $1"; echo fail >>"$RESULTS"; }

# run_suite FILE: the suite, then its exit status and its count against its plan
run_suite() {
	local suite=$1 code before ran planned name
	name=$(basename "$suite")
	[ "${suite#tests/}" != "$suite" ] && name=$suite
	PLAN_FILE=$(mktemp)
	before=$(grep -c . "$RESULTS")
	bash "$suite"
	code=$?
	ran=$(($(grep -c . "$RESULTS") - before))
	planned=$(cat "$PLAN_FILE")
	rm -f "$PLAN_FILE"
	[ "$code" -eq 0 ] || failed "$name exited with status $code"
	if [ -z "$planned" ]; then
		failed "$name declares no plan (tests/lib.sh: plan N)"
	elif [ "$ran" -ne "$planned" ]; then
		failed "$name ran $ran checks where it plans $planned"
	else
		echo "-- $name: $ran checks, as planned"
	fi
}

if [ "${1:-}" = --suite ]; then
	: "${RESULTS:?RESULTS must name the results file}"
	run_suite "$2"
	exit 0
fi

# The suites that run again on PostgreSQL: every store a database of a
# throwaway cluster (tests/lib.sh: JX_ENGINE, new_db, sql).
ENGINE_SUITES="tests/store_engines.sh tests/cli.sh tests/http.sh tests/selfeval_http.sh tests/copy.sh tests/e2e.sh"
#   tests/run.sh --engine-pass  runs them on PostgreSQL, adding to $RESULTS;
#                               inside pg_virtualenv (PGHOST … set)
if [ "${1:-}" = --engine-pass ]; then
	: "${RESULTS:?RESULTS must name the results file}"
	export JX_ENGINE=postgresql
	for suite in $ENGINE_SUITES; do
		section "$suite on PostgreSQL"
		run_suite "$suite"
	done
	exit 0
fi

RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT

section "unit tests (cmocka)"
for t in ${UNIT_TESTS:-} ${PG_UNIT_TESTS:-}; do
	case " ${PG_UNIT_TESTS:-} " in
	*" $t "*) out=$(pg_env "$UNIT_DIR/$t" 2>&1) ;;
	*) out=$("$UNIT_DIR/$t" 2>&1) ;;
	esac
	code=$?
	echo "$out" | grep -E '^\[  (FAILED|ERROR) |^\[==========\]|^\[  PASSED  \]' || true
	passed=$(echo "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p')
	failed=$(echo "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p')
	for _ in $(seq 1 "${passed:-0}"); do echo pass >>"$RESULTS"; done
	for _ in $(seq 1 "${failed:-0}"); do echo fail >>"$RESULTS"; done
	if [ "$code" -ne 0 ] && [ -z "$failed" ]; then
		failed "$t crashed (exit $code)"
		echo "$out" | tail -20
	elif [ -z "$passed" ] && [ -z "$failed" ]; then
		failed "$t reported no count"
	fi
done

for suite in tests/layers.sh tests/golden.sh tests/cli.sh tests/store.sh tests/store_engines.sh tests/pg.sh tests/schema.sh \
	tests/check.sh tests/score.sh tests/selfeval_doc.sh tests/http.sh tests/selfeval_http.sh tests/copy.sh tests/e2e.sh \
	tests/pdf.sh tests/xlsx.sh tests/hostile.sh; do
	section "$suite"
	run_suite "$suite"
done

# the same suites on PostgreSQL 15, in a cluster of its own that pg_virtualenv
# starts as the postgres user and drops after; a missing PostgreSQL fails
section "PostgreSQL (pg_virtualenv)"
if ! command -v pg_virtualenv >/dev/null; then
	failed "PostgreSQL: pg_virtualenv is missing (make deps installs postgresql)"
elif ! pg_env bash tests/run.sh --engine-pass; then
	failed "PostgreSQL: pg_virtualenv could not run the suites"
fi

p=$(grep -c '^pass$' "$RESULTS")
f=$(grep -c '^fail$' "$RESULTS")
echo
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
