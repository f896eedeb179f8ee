#!/usr/bin/env bash
# tests/score.sh: `jixiao score` on FORMAT.md part 2 files.  Every input
# tests/golden/score/NAME.json is scored as text (expected NAME.out, NAME.err,
# NAME.exit) and as JSON (NAME.json.out).  The seed's two forms are worked
# examples whose every number was computed by hand first (docs/score.md);
# reject_* inputs carry their exact messages.  UPDATE_GOLDEN=1 rewrites them.
set -u
. tests/lib.sh

dir=tests/golden/score
# four checks per case (each has its NAME.exit) and three on the seed
plan $((4 * $(ls "$dir"/*.exit | wc -l) + 3))
for in in $(inputs "$dir"/*.json); do
	base=${in%.json}
	name=$(basename "$in")
	out=$(mktemp) err=$(mktemp) jout=$(mktemp)
	(cd "$dir" && "$JIXIAO" score "$name" >"$out" 2>"$err")
	code=$?
	(cd "$dir" && "$JIXIAO" score "$name" --format json >"$jout" 2>/dev/null)
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$out" "$base.out"
		cp "$err" "$base.err"
		cp "$jout" "$base.json.out"
		echo "$code" >"$base.exit"
	fi
	expect_eq "score $name: exit status" "$(cat "$base.exit")" "$code"
	expect_file "score $name: text" "$base.out" "$out"
	expect_file "score $name: stderr" "$base.err" "$err"
	expect_file "score $name: json" "$base.json.out" "$jout"
	rm -f "$out" "$err" "$jout"
done

# the worked examples, as computed by hand (docs/score.md)
expect_eq "worked example 1: total and grade" "总分 91.53，等级 优" "$(tail -1 "$dir/seed1.out")"
expect_eq "worked example 2: total and grade" "总分 86.77，等级 良" "$(tail -1 "$dir/seed2.out")"
expect_eq "worked example 1: the budget score of FORMAT.md" '"budget_score": 9.36,' "$(grep budget_score "$dir/seed1.json.out" | tr -d ' ' | sed 's/:/: /')"
