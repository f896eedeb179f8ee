#!/usr/bin/env bash
# tests/run.sh: runs every test of `make test` and ends with the line
# "N passed, N failed".  Expects JIXIAO (the sanitizer build), UNIT_DIR and
# UNIT_TESTS from the Makefile.
set -u
cd "$(dirname "$0")/.."
export JIXIAO=${JIXIAO:-build/asan/jixiao}
JIXIAO=$(realpath "$JIXIAO")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}
export RESULTS
RESULTS=$(mktemp)
trap 'rm -f "$RESULTS"' EXIT

section() { printf '\n== %s\n' "$1"; }

section "unit tests (cmocka)"
for t in ${UNIT_TESTS:-}; do
	out=$("$UNIT_DIR/$t" 2>&1)
	code=$?
	echo "$out" | grep -E '^\[  (FAILED|ERROR) |^\[==========\]|^\[  PASSED  \]' || true
	passed=$(echo "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p')
	failed=$(echo "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p')
	for _ in $(seq 1 "${passed:-0}"); do echo pass >>"$RESULTS"; done
	for _ in $(seq 1 "${failed:-0}"); do echo fail >>"$RESULTS"; done
	if [ "$code" -ne 0 ] && [ -z "$failed" ]; then
		echo "FAIL $t crashed (exit $code)"
		echo "$out" | tail -20
		echo fail >>"$RESULTS"
	fi
done

for suite in tests/golden.sh tests/cli.sh tests/store.sh tests/schema.sh tests/check.sh tests/score.sh tests/selfeval_doc.sh tests/http.sh tests/selfeval_http.sh tests/e2e.sh tests/pdf.sh tests/xlsx.sh; do
	section "$suite"
	bash "$suite"
done

p=$(grep -c '^pass$' "$RESULTS")
f=$(grep -c '^fail$' "$RESULTS")
echo
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
