#!/usr/bin/env bash
# tests/store_engines.sh: import, revisions, export, the audit log, stored
# reviews and history through the command line, on the engine of the pass
# (tests/lib.sh: JX_ENGINE): SQLite, then PostgreSQL.  What is SQLite's own
# (journal modes, a crash halfway, migrations of old files) is in
# tests/store.sh.
set -u
. tests/lib.sh
plan 50
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
seed=tests/golden/convert/seed.txt
db=$(new_db j)
mix=$(new_db mix)
env_db=$(new_db env)
# ovcheck DB: the overview's sums of migration 8 against the queries they stand for
ovcheck() {
	if pg; then
		psql -X -q -At -F '|' -d "${1#postgresql:///}" <tests/fixtures/overview_check_pg.sql | tr '\n' ' '
	else
		sqlite3 "$1" <tests/fixtures/overview_check.sql | tr '\n' ' '
	fi
}
ov_exact="ov_decl|0 ov_rule|0 ov_light|0 ov_selfeval|0 "

out=$("$JIXIAO" import "$seed" --db "$db")
expect_eq "import seed: exit" 0 $?
expect_eq "import seed: report" "新增 #1 第1版 2023 组织部 居民区党组织服务群众专项经费
新增 #2 第1版 2023 组织部 党员经常性教育专项经费
导入完成：新增 2 份，更新 0 份，未变 0 份" "$out"

"$JIXIAO" export --format json --db "$db" >"$tmp/export.json"
expect_file "export equals convert" tests/golden/convert/seed.out "$tmp/export.json"

out=$("$JIXIAO" --db "$db" import "$seed" | tail -1)
expect_eq "import twice adds nothing" "导入完成：新增 0 份，更新 0 份，未变 2 份" "$out"
expect_eq "import twice: revisions" 2 "$(sql "$db" 'SELECT count(*) FROM revision')"
expect_eq "import twice: audit rows" 2 "$(sql "$db" 'SELECT count(*) FROM audit_log')"

# a changed form becomes revision 2; revision 1 stays as it was
sed 's/=15个/=12个/' "$seed" >"$tmp/changed.txt"
out=$("$JIXIAO" import "$tmp/changed.txt" --db "$db")
expect_eq "changed form: report" "更新 #1 第2版 2023 组织部 居民区党组织服务群众专项经费
未变 #2 第1版 2023 组织部 党员经常性教育专项经费
导入完成：新增 0 份，更新 1 份，未变 1 份" "$out"
v1=$("$JIXIAO" show 1 --revision 1 --json --db "$db" | grep -c '"=15个"')
v2=$("$JIXIAO" show 1 --json --db "$db" | grep -c '"=12个"')
expect_eq "revision 1 kept, revision 2 current" "1 1" "$v1 $v2"
expect_eq "list shows revision 2" "2" "$("$JIXIAO" list --json --db "$db" | sed -n 's/.*"revision": \([0-9]*\).*/\1/p' | head -1)"
expect_eq "audit log: import.revise" "import.revise|1|2" \
	"$(sql "$db" "SELECT action, declaration_id, revision FROM audit_log ORDER BY id DESC LIMIT 1")"

# new, changed and unchanged forms in one import, in any order, and a form met twice
out=$("$JIXIAO" import tests/golden/convert/multi.txt "$seed" "$seed" --db "$mix")
expect_eq "mixed import: report" "新增 #1 第1版 2024 区养老服务中心 项目甲
新增 #2 第1版 2024 区养老服务中心 项目乙
新增 #3 第1版 2024 区民政局 项目丙
新增 #4 第1版 2023 组织部 居民区党组织服务群众专项经费
新增 #5 第1版 2023 组织部 党员经常性教育专项经费
未变 #4 第1版 2023 组织部 居民区党组织服务群众专项经费
未变 #5 第1版 2023 组织部 党员经常性教育专项经费
导入完成：新增 5 份，更新 0 份，未变 2 份" "$out"
out=$("$JIXIAO" import "$seed" tests/golden/convert/multi.txt "$tmp/changed.txt" "$seed" --db "$mix")
expect_eq "mixed import again: report" "未变 #4 第1版 2023 组织部 居民区党组织服务群众专项经费
未变 #5 第1版 2023 组织部 党员经常性教育专项经费
未变 #1 第1版 2024 区养老服务中心 项目甲
未变 #2 第1版 2024 区养老服务中心 项目乙
未变 #3 第1版 2024 区民政局 项目丙
更新 #4 第2版 2023 组织部 居民区党组织服务群众专项经费
未变 #5 第1版 2023 组织部 党员经常性教育专项经费
更新 #4 第3版 2023 组织部 居民区党组织服务群众专项经费
未变 #5 第1版 2023 组织部 党员经常性教育专项经费
导入完成：新增 0 份，更新 2 份，未变 7 份" "$out"
expect_eq "mixed import again: the overview's sums are exact" "$ov_exact" "$(ovcheck "$mix")"
expect_eq "mixed import: current revisions and their hashes" "1|1|1|1
2|1|1|1
3|1|1|1
4|3|3|1
5|1|1|1" "$(sql "$mix" "SELECT d.id, d.current_rev, count(r.id),
	max(CASE WHEN r.rev = d.current_rev AND r.hash = d.current_hash THEN 1 ELSE 0 END) FROM declaration d
	JOIN revision r ON r.declaration_id = d.id GROUP BY d.id ORDER BY d.id")"
expect_eq "mixed import: audit log" "import.add 1 1,import.add 2 1,import.add 3 1,import.add 4 1,import.add 5 1,import.revise 4 2,import.revise 4 3" \
	"$(sql "$mix" "SELECT action || ' ' || declaration_id || ' ' || revision FROM audit_log ORDER BY id" | paste -sd,)"
expect_eq "mixed import: revision 3 is revision 1 again" 1 \
	"$(sql "$mix" "SELECT count(DISTINCT hash) FROM revision WHERE declaration_id = 4 AND rev IN (1, 3)")"

# the audit log and revisions cannot be changed
sql "$db" "UPDATE audit_log SET actor = 'x'" >"$tmp/err"
expect_eq "audit log is append-only (update)" "refused: audit_log is append-only" "$(cat "$tmp/err")"
sql "$db" "DELETE FROM audit_log" >"$tmp/err"
expect_eq "audit log is append-only (delete)" "refused: audit_log is append-only" "$(cat "$tmp/err")"
sql "$db" "DELETE FROM revision" >"$tmp/err"
expect_eq "revisions are immutable" "refused: revisions are immutable" "$(cat "$tmp/err")"


# a file with one bad form stores nothing and names the line
before=$(sql "$db" 'SELECT count(*) FROM revision')
"$JIXIAO" import tests/golden/reject/one_bad_form.txt --db "$db" >"$tmp/out" 2>"$tmp/err"
expect_eq "bad form: exit" 2 $?
expect_eq "bad form: message" "tests/golden/reject/one_bad_form.txt:29: 错误: 项目资金总额: 无法识别的金额 \"一百万\"
jixiao: 共 1 处错误，未导入任何内容" "$(cat "$tmp/err")"
expect_eq "bad form: nothing on stdout" "" "$(cat "$tmp/out")"
expect_eq "bad form: nothing stored" "$before" "$(sql "$db" 'SELECT count(*) FROM revision')"


# what people read: the list table and the form
expect_eq "list table" "编号  年度  主管部门  实施单位  项目名称                      版本  年度资金(元)
   1  2023  组织部    组织部    居民区党组织服务群众专项经费     2  4,810,000.00
   2  2023  组织部    组织部    党员经常性教育专项经费           1  2,770,000.00" "$("$JIXIAO" list --db "$db")"
"$JIXIAO" show 2 --db "$db" >"$tmp/show.txt"
expect_eq "show: heading" "财政项目支出绩效目标申报表（2023年度）  编号 2  第 1 版" "$(head -1 "$tmp/show.txt")"
expect_eq "show: funds" "  项目资金总额：3,070,000.00
  其中：财政资金：3,070,000.00
  其他资金：（空）" "$(sed -n '/^项目资金（元）/,+3p' "$tmp/show.txt" | tail -3)"
expect_eq "show: an indicator" "      下拨党员经常性教育经费覆盖党委数：>=30个" "$(grep '覆盖党委数' "$tmp/show.txt")"


# the review is stored with each revision (issue 3) and never changes
# (revision 2 of #1 says =12个 where its goal says 15个乡镇: goal.indicator_mismatch)
expect_eq "review stored per revision" "1|1|shanghai-2023|良|0|6|1
1|2|shanghai-2023|良|0|7|1
2|1|shanghai-2023|良|0|6|1" "$(sql "$db" "SELECT r.declaration_id, r.rev, v.profile, v.verdict, v.n_error,
	v.n_warning, v.n_info FROM review v JOIN revision r ON r.id = v.revision_id ORDER BY r.declaration_id, r.rev")"
expect_eq "review findings are the check JSON" "funds.single_year_mismatch" \
	"$(sql "$db" "$(if pg; then echo "SELECT findings::json->0->>'rule'"; else echo "SELECT json_extract(findings, '\$[0].rule')"; fi) FROM review WHERE revision_id = 1")"
sql "$db" "UPDATE review SET verdict = '优'" >"$tmp/err"
expect_eq "reviews are immutable" "refused: reviews are immutable" "$(cat "$tmp/err")"
expect_eq "show: the stored review" "审核（方案 shanghai-2023，保存于本版）：建议评级“良”；错误 0 条，警告 6 条，提示 1 条" \
	"$(grep '^审核' "$tmp/show.txt")"
expect_eq "show: stored findings" "  第 48 行：警告：指标值 \"及时\" 无法衡量：只有“及时”，没有数量、比例、时限或分级标准（三级指标 \"下拨党员经常性教育经费\"） [indicator.vague_value]
  第 48 行：警告：产出指标 \"下拨党员经常性教育经费\" 的指标值 \"及时\" 衡量的是拨付资金本身（“下拨”“经费”）：资金是投入，不是产出 [indicator.input_as_output]" \
	"$(grep '及时' "$tmp/show.txt" | grep 行)"
"$JIXIAO" history 1 --db "$db" | sed 's/  20[0-9-]*T[0-9:]*Z  [^ ]*  /  TIME  ACTOR  /' >"$tmp/history.txt"
expect_eq "history: heading" "#1 2023年度 组织部 居民区党组织服务群众专项经费：当前第2版，状态“草稿”" "$(head -1 "$tmp/history.txt")"
expect_eq "history: revisions with their review" "第1版  TIME  ACTOR  来源 $seed:3  审核：建议评级“良”，错误 0 条，警告 6 条，提示 1 条
第2版  TIME  ACTOR  来源 $tmp/changed.txt:3  审核：建议评级“良”，错误 0 条，警告 7 条，提示 1 条
    产出指标 / 数量指标 / 居民区党组织服务群众专项经费覆盖乡镇数：=15个 → =12个" "$(tail -n +2 "$tmp/history.txt")"
"$JIXIAO" history 9 --db "$db" 2>"$tmp/err"
expect_eq "history: unknown id" "jixiao: 没有编号为 9 的申报表" "$(cat "$tmp/err")"

# JSON in, and --db from the environment
JIXIAO_DB="$env_db" "$JIXIAO" import tests/golden/convert/seed_export.json >/dev/null
expect_eq "JIXIAO_DB and JSON import" 2 "$(sql "$env_db" 'SELECT count(*) FROM declaration')"
JIXIAO_DB="$env_db" "$JIXIAO" export --format json >"$tmp/env.json"
expect_file "JSON import then export" tests/golden/convert/seed.out "$tmp/env.json"

# export of named ids, and of an unknown one
"$JIXIAO" export 2 --format json --db "$env_db" >"$tmp/two.json"
expect_eq "export by id" 1 "$(grep -c '"name": "党员经常性教育专项经费"' "$tmp/two.json")"
"$JIXIAO" export 2 7 --format json --db "$env_db" >"$tmp/out" 2>"$tmp/err"
expect_eq "export unknown id: exit" 2 $?
expect_eq "export unknown id: message" "jixiao: 没有编号为 7 的申报表" "$(cat "$tmp/err")"
expect_eq "export unknown id: no output" "" "$(cat "$tmp/out")"

# list filters
expect_eq "list --year 2024 is empty" "编号  年度  主管部门  实施单位  项目名称  版本  年度资金(元)" \
	"$("$JIXIAO" list --year 2024 --db "$env_db")"
expect_eq "list --department" 2 "$("$JIXIAO" list --department 组织部 --json --db "$env_db" | grep -c '"id"')"

# a corpus large enough to go through the engine's bulk path in many batches
cc -std=c17 -O2 -o "$tmp/gen_corpus" bench/gen_corpus.c
"$tmp/gen_corpus" 1500 7 "$tmp/big.txt" "$tmp/big.csv" 2>/dev/null
big=$(new_db big)
expect_eq "big import: report" "导入完成：新增 1500 份，更新 0 份，未变 0 份" \
	"$("$JIXIAO" import "$tmp/big.txt" --db "$big" | tail -1)"
expect_eq "big import: rows" "1500|1500|$(wc -l <"$tmp/big.csv")|1500" "$(sql "$big" "SELECT
	(SELECT count(*) FROM declaration), (SELECT count(*) FROM revision),
	(SELECT count(*) FROM indicator), (SELECT count(*) FROM audit_log)")"
"$JIXIAO" convert "$tmp/big.txt" >"$tmp/big.json"
"$JIXIAO" export --format json --db "$big" >"$tmp/big_export.json"
expect_file "big import: export equals convert" "$tmp/big.json" "$tmp/big_export.json"
expect_eq "big import: the overview's sums are exact" "$ov_exact" "$(ovcheck "$big")"
new=$(new_db new)
for target in new big; do
	"$JIXIAO" import "$tmp/big.txt" tests/golden/reject/one_bad_form.txt --db "${!target}" >"$tmp/out" 2>"$tmp/err"
	expect_eq "big import, a bad form after it ($target store): exit and message" "2 tests/golden/reject/one_bad_form.txt:29: 错误: 项目资金总额: 无法识别的金额 \"一百万\"
jixiao: 共 1 处错误，未导入任何内容" "$? $(cat "$tmp/err")"
done
expect_eq "big import, a bad form after it: nothing stored" "0 1500|1500" \
	"$(sql "$new" 'SELECT count(*) FROM declaration') $(sql "$big" 'SELECT
	(SELECT count(*) FROM revision), (SELECT count(*) FROM audit_log)')"
