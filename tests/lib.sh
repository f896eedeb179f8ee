# tests/lib.sh: the tiny harness of the shell tests.  Each check prints
# "ok" or "FAIL" with its name; counts go to $RESULTS (one line per check)
# so that tests/run.sh can total them.
: "${RESULTS:?RESULTS must name the results file}"

pass() { echo "ok   $1"; echo pass >>"$RESULTS"; }
fail() { echo "FAIL $1"; shift; for l in "$@"; do echo "     $l"; done; echo fail >>"$RESULTS"; }

# expect_eq NAME EXPECTED ACTUAL
expect_eq() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected: $2" "actual:   $3"; fi
}

# expect_file NAME EXPECTED_FILE ACTUAL_FILE: exact bytes, a diff on failure
expect_file() {
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1" "$(diff -u "$2" "$3" | head -40)"
	fi
}

# expect_code NAME CODE CMD...: the command's exit status
expect_code() {
	local name=$1 want=$2 got
	shift 2
	"$@" >/dev/null 2>&1
	got=$?
	expect_eq "$name" "exit $want" "exit $got"
}
