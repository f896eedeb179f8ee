#!/usr/bin/env bash
# The test runner fails loudly: a suite that dies, runs fewer checks than it
# plans or plans none, and a golden loop over no input, each count as failed.
# checks: 4
set -u
. tests/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# run_suite BODY: runs a suite of that body as tests/run.sh does, and prints
# its verdict line
run_suite() {
	printf '#!/usr/bin/env bash\nset -u\n. tests/lib.sh\n%s\n' "$1" >"$tmp/suite.sh"
	RESULTS=$tmp/results bash tests/run.sh --suite "$tmp/suite.sh" 2>&1 |
		grep -E '^(FAIL|-- )' | sed "s|$tmp/||g"
	: >"$tmp/results"
}
expect_eq "runner: a suite that runs its plan passes" "-- suite.sh: 2 checks, as planned" \
	"$(run_suite 'plan 2; pass a; pass b')"
expect_eq "runner: fewer checks than planned fail" "FAIL suite.sh ran 1 checks where it plans 2" \
	"$(run_suite 'plan 2; pass a')"
expect_eq "runner: a suite that dies fails" "FAIL suite.sh exited with status 3
-- suite.sh: 1 checks, as planned" \
	"$(run_suite 'plan 1; pass a; exit 3')"
expect_eq "runner: a golden loop over no file fails" "FAIL no input matches none/*.txt
FAIL suite.sh ran 1 checks where it plans 0" \
	"$(run_suite "plan 0; for f in \$(inputs $tmp/none/*.txt); do pass \$f; done")"
