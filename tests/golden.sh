#!/usr/bin/env bash
# tests/golden.sh: input → output golden tests of `jixiao convert`.
# For every input tests/golden/{convert,reject}/NAME.{txt,json} the expected
# standard output is NAME.out and the expected standard error NAME.err; the
# exit status must be 2 when NAME.err is not empty, else 0.  Run from the
# input's folder, so messages name the file as NAME.txt.
# UPDATE_GOLDEN=1 rewrites the expected files (review the diff!).
set -u
. tests/lib.sh

# three checks per input; every input has its expected NAME.err (maybe empty)
plan $((3 * $(ls tests/golden/convert/*.err tests/golden/reject/*.err | wc -l)))

for dir in tests/golden/convert tests/golden/reject; do
	for in in $(inputs "$dir"/*.txt "$dir"/*.json); do
		base=${in%.*}
		name=$(basename "$in")
		out=$(mktemp) err=$(mktemp)
		(cd "$dir" && "$JIXIAO" convert "$name" >"$out" 2>"$err")
		code=$?
		if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
			cp "$out" "$base.out"
			cp "$err" "$base.err"
		fi
		want=0
		[ -s "$base.err" ] && want=2
		expect_eq "$in: exit status" "exit $want" "exit $code"
		expect_file "$in: stdout" "$base.out" "$out"
		expect_file "$in: stderr" "$base.err" "$err"
		rm -f "$out" "$err"
	done
done
