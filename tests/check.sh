#!/usr/bin/env bash
# tests/check.sh: the review (`jixiao check`, `jixiao rules`).
#
# Golden cases in tests/golden/check: every input NAME.txt or NAME.json is
# checked with `jixiao check NAME.txt` plus the arguments in NAME.args when
# present; every NAME.cmd holds a whole argument list (to check an input
# again with other options).  Expected: NAME.out (stdout), NAME.err (stderr),
# NAME.exit (the exit status).  UPDATE_GOLDEN=1 rewrites them; review the diff.
#
# Then the self-test of the catalogue: every rule of `jixiao rules` has a case
# RULE.fire*.{txt,json} whose output names it and a case RULE.quiet*.{txt,json}
# whose output does not; docs/rules.md is what `make docs` generates.
set -u
. tests/lib.sh

dir=tests/golden/check
n_rules=28
# three checks per case (every case has its NAME.exit), the catalogue's size,
# two per rule, and the 30 checks of the seed and the stored reviews below
plan $((3 * $(ls "$dir"/*.exit | wc -l) + 1 + 2 * n_rules + 30))

run_case() {        # run_case BASE ARGS...
	local base=$1 out err code
	shift
	out=$(mktemp) err=$(mktemp)
	(cd "$dir" && "$JIXIAO" check "$@" >"$out" 2>"$err")
	code=$?
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$out" "$base.out"
		cp "$err" "$base.err"
		echo "$code" >"$base.exit"
	fi
	expect_eq "check $(basename "$base"): exit status" "$(cat "$base.exit" 2>/dev/null)" "$code"
	expect_file "check $(basename "$base"): stdout" "$base.out" "$out"
	expect_file "check $(basename "$base"): stderr" "$base.err" "$err"
	rm -f "$out" "$err"
}

for in in $(inputs "$dir"/*.txt "$dir"/*.json); do
	base=${in%.*}
	args=()
	[ -e "$base.args" ] && read -r -a args <"$base.args"
	run_case "$base" "$(basename "$in")" "${args[@]}"
done
for cmd in $(inputs "$dir"/*.cmd); do
	read -r -a args <"$cmd"
	run_case "${cmd%.cmd}" "${args[@]}"
done

# --- every rule has a firing and a quiet golden case -----------------------
ids=$("$JIXIAO" rules --format json | sed -n 's/^ *"id": "\(.*\)",$/\1/p')
n_ids=$(echo "$ids" | grep -c .)
expect_eq "rules: the catalogue lists $n_rules rules" "$n_rules" "$n_ids"
for id in $ids; do
	fired='' quiet=''
	for in in "$dir/$id".fire*.txt "$dir/$id".fire*.json; do
		[ -e "$in" ] || continue
		if grep -qF "[$id]" "${in%.*}.out"; then fired=$in; else fired=''; break; fi
	done
	for in in "$dir/$id".quiet*.txt "$dir/$id".quiet*.json; do
		[ -e "$in" ] || continue
		if grep -qF "[$id]" "${in%.*}.out"; then quiet=''; break; else quiet=$in; fi
	done
	if [ -n "$fired" ]; then pass "rule $id: fires on its .fire cases"
	else fail "rule $id: no .fire golden case, or one that does not fire it"; fi
	if [ -n "$quiet" ]; then pass "rule $id: quiet on its .quiet cases"
	else fail "rule $id: no .quiet golden case, or one that fires it"; fi
done

# --- the seed (the issue's "Done when") -------------------------------------
seed=$(cd "$dir" && "$JIXIAO" check ../convert/seed.txt --format json)
count() {   # count FORM RULE [TEXT]: findings of RULE on form FORM (0-based) mentioning TEXT
	printf '%s' "$seed" | python3 -c '
import json, sys
d = json.load(sys.stdin)[int(sys.argv[1])]
print(sum(1 for f in d["findings"] if f["rule"] == sys.argv[2] and sys.argv[3] in f["message"]))' "$@" ""
}
for form in 0 1; do
	n=$((form + 1))
	expect_eq "seed form $n: no errors" 0 "$(printf '%s' "$seed" | python3 -c "import json,sys; print(json.load(sys.stdin)[$form]['counts']['error'])")"
	expect_eq "seed form $n: category.missing names 成本指标" 1 "$(count $form category.missing 成本指标)"
	expect_eq "seed form $n: indicator.unquantified_satisfaction" 1 "$(count $form indicator.unquantified_satisfaction)"
	expect_eq "seed form $n: funds.single_year_mismatch" 1 "$(count $form funds.single_year_mismatch)"
	# approved and published forms: 良 (no error), never 中 or 差
	expect_eq "seed form $n: verdict 良, single_year_mismatch only info" "良 info" \
		"$(printf '%s' "$seed" | python3 -c "import json,sys; d=json.load(sys.stdin)[$form]; print(d['verdict'], *[f['severity'] for f in d['findings'] if f['rule'] == 'funds.single_year_mismatch'])")"
done
expect_eq "seed form 1: input_as_output on 下拨…专项经费 2023年7月前" 1 \
	"$(count 0 indicator.input_as_output '"下拨居民区党组织服务群众专项经费" 的指标值 "2023年7月前"')"
expect_eq "seed form 1: input_as_output nowhere else" 1 "$(count 0 indicator.input_as_output)"
expect_eq "seed form 2: input_as_output on 下拨党员经常性教育经费 及时" 1 \
	"$(count 1 indicator.input_as_output '"下拨党员经常性教育经费" 的指标值 "及时"')"
expect_eq "seed form 2: not on 下拨党员经常性教育经费覆盖党委数 >=30个" 1 "$(count 1 indicator.input_as_output)"
expect_eq "seed form 1: quantity_as_quality on 不少于12次" 1 \
	"$(count 0 indicator.quantity_as_quality '"常态化,不少于12次"')"
expect_eq "seed form 2: no quantity_as_quality" 0 "$(count 1 indicator.quantity_as_quality)"
expect_eq "seed: no deadline_outside_year (2023年7月前 in 2023)" 00 \
	"$(count 0 indicator.deadline_outside_year)$(count 1 indicator.deadline_outside_year)"
expect_eq "seed form 1: vague 提升" 1 "$(count 0 indicator.vague_value '"提升"')"
expect_eq "seed form 1: vague 常态化" 1 "$(count 0 indicator.vague_value '"常态化"')"
expect_eq "seed form 2: vague 及时" 1 "$(count 1 indicator.vague_value '"及时"')"
expect_eq "seed form 2: vague 增强" 1 "$(count 1 indicator.vague_value '"增强"')"
expect_eq "seed form 1: no goal.indicator_mismatch (15个乡镇 = 15个)" 0 "$(count 0 goal.indicator_mismatch)"

# --- docs/rules.md is generated from the table ------------------------------
gen=$(mktemp)
{ cat docs/src/rules.head.md; "$JIXIAO" rules --format markdown; } >"$gen"
expect_file "docs/rules.md is generated (make docs)" docs/rules.md "$gen"
rm -f "$gen"

# --- stored declarations: check --db [ID...] ----------------------------------
tmp=$(mktemp -d)
"$JIXIAO" import tests/golden/convert/seed.txt --db "$tmp/t.db" >/dev/null 2>&1
out=$("$JIXIAO" check --db "$tmp/t.db" 2)
code=$?
expect_eq "check --db 2: exit status" 0 "$code"
expect_eq "check --db 2: findings located by id and revision" \
	'#2（第1版）: 提示: 计划期间在 2023 年之内，年度资金申请总额 "2,770,000.00" 少于项目资金总额 "3,070,000.00"，且没有上年结转资金说明差额：核对是否为预算压减 [funds.single_year_mismatch]' \
	"$(echo "$out" | head -1)"
expect_eq "check --db 2: verdict line" \
	'#2（第1版）: 结论: 党员经常性教育专项经费（2023年度，组织部）建议评级“良”：无错误，6 条警告：审核人可与单位沟通修改后通过' \
	"$(echo "$out" | sed -n 8p)"
# the stored declaration reviews exactly like the file it came from
from_file=$(cd tests/golden/convert && "$JIXIAO" check seed.txt --format json | sed '/"file"\|"line": [0-9]*,$/d')
from_db=$("$JIXIAO" check --db "$tmp/t.db" --format json | sed '/"id"\|"revision"/d')
from_file_findings=$(echo "$from_file" | grep -v '"line"')
from_db_findings=$(echo "$from_db" | grep -v '"line"')
expect_eq "check --db: same findings as the file" "$from_file_findings" "$from_db_findings"
expect_eq "check --db: every declaration by default" 2 \
	"$("$JIXIAO" check --db "$tmp/t.db" --format json | grep -c '"revision"')"
"$JIXIAO" check --db "$tmp/t.db" 9 >/dev/null 2>"$tmp/err"
code=$?
expect_eq "check --db 9: unknown id exits 2" 2 "$code"
expect_eq "check --db 9: message" "jixiao: 没有编号为 9 的申报表" "$(cat "$tmp/err")"
rm -rf "$tmp"
