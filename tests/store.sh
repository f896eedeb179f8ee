#!/usr/bin/env bash
# tests/store.sh: what is the SQLite engine's own, through the command line:
# the overview's sums kept by its bulk mode, references checked at commit,
# the rollback journal of a bulk import killed halfway, WAL mode, migrations
# of old files, storage failures.  What every engine does (imports,
# revisions, the audit log, stored reviews, history) is tests/store_engines.sh.
set -u
. tests/lib.sh
plan 63
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
seed=tests/golden/convert/seed.txt
db="$tmp/j.db"
# ovcheck DB: the overview's sums of migration 8 against the queries they stand for
ovcheck() { sqlite3 "$1" <tests/fixtures/overview_check.sql | tr '\n' ' '; }
ov_exact="ov_decl|0 ov_rule|0 ov_light|0 ov_selfeval|0 "
# ovtriggers DB: the overview's triggers in the schema
ovtriggers() { sqlite3 "$1" "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ov\_%' ESCAPE '\'"; }
# the seed, then its first form changed: revision 2 (tests/store_engines.sh checks them)
sed 's/=15个/=12个/' "$seed" >"$tmp/changed.txt"
"$JIXIAO" import "$seed" --db "$db" >/dev/null
"$JIXIAO" import "$tmp/changed.txt" --db "$db" >/dev/null
"$JIXIAO" import tests/golden/convert/multi.txt "$seed" --db "$tmp/mix.db" >/dev/null
"$JIXIAO" import "$seed" tests/golden/convert/multi.txt "$tmp/changed.txt" "$seed" --db "$tmp/mix.db" >/dev/null

# a changed 主管部门 moves the declaration to the other department's sums
sed '8s/^主管部门\t组织部/主管部门\t宣传部/' "$seed" >"$tmp/moved.txt"
"$JIXIAO" import "$tmp/moved.txt" --db "$tmp/mix.db" >/dev/null
expect_eq "another 主管部门: the sums move" "${ov_exact}2023|宣传部|1 2023|组织部|1" \
	"$(ovcheck "$tmp/mix.db")$(sqlite3 "$tmp/mix.db" "SELECT year, department, sum(n) FROM ov_decl
	WHERE year = 2023 GROUP BY 1, 2 ORDER BY 2" | tr '\n' ' ' | sed 's/ $//')"
# a bulk import that revises and moves a declaration it added: its update triggers
# change sums it is still adding up itself
"$JIXIAO" import "$seed" "$tmp/changed.txt" "$tmp/moved.txt" --db "$tmp/bulkrev.db" >/dev/null
expect_eq "bulk import with revisions: the sums are exact" "${ov_exact}2023|宣传部|1 2023|组织部|1" \
	"$(ovcheck "$tmp/bulkrev.db")$(sqlite3 "$tmp/bulkrev.db" "SELECT year, department, sum(n) FROM ov_decl
	GROUP BY 1, 2 ORDER BY 2" | tr '\n' ' ' | sed 's/ $//')"

# several files are one transaction: a good file next to a bad one is not stored
db2="$tmp/two.db"
"$JIXIAO" import tests/golden/convert/multi.txt tests/golden/reject/bad_values.txt --db "$db2" >/dev/null 2>&1
expect_eq "good + bad file: exit" 2 $?
expect_eq "good + bad file: nothing stored" 0 "$(sqlite3 "$db2" 'SELECT count(*) FROM declaration')"
expect_eq "good + bad file: no sums, the overview's triggers back" "0 10" \
	"$(sqlite3 "$db2" 'SELECT count(*) FROM ov_decl') $(ovtriggers "$db2")"

# a corpus large enough to cross the import queue in many batches (bench/gen_corpus.c)
cc -std=c17 -O2 -o "$tmp/gen_corpus" bench/gen_corpus.c
# the generator writes only what the parser reads as written: every indicator of its CSV,
# in order (seed 6 puts a page break after an indicator without a value in form 528)
"$tmp/gen_corpus" 700 6 "$tmp/gen.txt" "$tmp/gen.csv" 2>/dev/null
expect_eq "gen_corpus: convert reads every indicator it wrote" "5292 True" \
	"$("$JIXIAO" convert "$tmp/gen.txt" | python3 -c '
import csv, json, sys
got = [[str(d["year"]), d["project"]["implementer"], d["project"]["name"],
        i["level1"], i["level2"], i["name"], i["value"]]
       for d in json.load(sys.stdin) for i in d["indicators"]]
print(len(got), got == list(csv.reader(open(sys.argv[1], newline=""))))' "$tmp/gen.csv")"
"$tmp/gen_corpus" 3000 7 "$tmp/big.txt" 2>/dev/null
"$tmp/gen_corpus" 500 8 "$tmp/big8.txt" 2>/dev/null
out=$("$JIXIAO" import "$tmp/big.txt" --db "$tmp/big.db")
expect_eq "big import: exit" 0 $?
expect_eq "big import: report" "新增 #1 第1版 2025 区动物疫病预防控制中心 农田水利设施维护专项经费第1号
……另有 2980 份未逐一列出
导入完成：新增 3000 份，更新 0 份，未变 0 份" "$(echo "$out" | sed -n '1p;21,$p')"
expect_eq "big import: rows" "3000|3000|22656|3000" "$(sqlite3 "$tmp/big.db" "SELECT
	(SELECT count(*) FROM declaration), (SELECT count(*) FROM revision),
	(SELECT count(*) FROM indicator), (SELECT count(*) FROM audit_log)")"
"$JIXIAO" convert "$tmp/big.txt" >"$tmp/big.json"
"$JIXIAO" export --format json --db "$tmp/big.db" >"$tmp/big_export.json"
expect_file "big import: export equals convert" "$tmp/big.json" "$tmp/big_export.json"
expect_eq "big import: every reference holds" "ok|0" "$(sqlite3 "$tmp/big.db" "SELECT
	(SELECT group_concat(integrity_check) FROM pragma_integrity_check),
	(SELECT count(*) FROM pragma_foreign_key_check)")"
# a bulk import adds the overview's sums up itself and creates the triggers again
expect_eq "big import: the overview's sums are exact, the triggers back" "${ov_exact}3000 10" \
	"$(ovcheck "$tmp/big.db")$(sqlite3 "$tmp/big.db" 'SELECT sum(n) FROM ov_decl') $(ovtriggers "$tmp/big.db")"
expect_eq "big import again: nothing changes" "导入完成：新增 0 份，更新 0 份，未变 3000 份" \
	"$("$JIXIAO" import "$tmp/big.txt" --db "$tmp/big.db" | tail -1)"
for target in new big; do
	"$JIXIAO" import "$tmp/big.txt" tests/golden/reject/one_bad_form.txt "$tmp/big8.txt" \
		--db "$tmp/$target.db" >"$tmp/out" 2>"$tmp/err"
	expect_eq "big import, bad form in the middle ($target database): exit" 2 $?
	expect_eq "big import, bad form in the middle ($target database): message" \
		"tests/golden/reject/one_bad_form.txt:29: 错误: 项目资金总额: 无法识别的金额 \"一百万\"
jixiao: 共 1 处错误，未导入任何内容" "$(cat "$tmp/err")"
	expect_eq "big import, bad form in the middle ($target database): no output" "" "$(cat "$tmp/out")"
done
expect_eq "big import, bad form in the middle: nothing stored" "0 3000|3000" \
	"$(sqlite3 "$tmp/new.db" 'SELECT count(*) FROM declaration') $(sqlite3 "$tmp/big.db" 'SELECT
	(SELECT count(*) FROM revision), (SELECT count(*) FROM audit_log)')"

# more indicators than one statement stores at once (40): stored in order, exported the same
python3 tests/golden/pdf/make_long.py >"$tmp/long.json"
"$JIXIAO" import "$tmp/long.json" --db "$tmp/long.db" >/dev/null
expect_eq "40 indicators: stored" "40|39|40" "$(sqlite3 "$tmp/long.db" "SELECT count(*), max(pos),
	count(DISTINCT name) FROM indicator")"
"$JIXIAO" convert "$tmp/long.json" >"$tmp/long_convert.json"
"$JIXIAO" export --format json --db "$tmp/long.db" >"$tmp/long_export.json"
expect_file "40 indicators: export equals convert" "$tmp/long_convert.json" "$tmp/long_export.json"

# targets of every kind, with units and notes that hold the packing's separator (0x1F),
# digits, or nothing, read back exactly
python3 - tests/golden/convert/seed_export.json >"$tmp/targets.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
targets = [
    {"kind": "numeric", "op": "<", "value": "-1.5", "unit": "\u001f3\u001f", "note": "a\u001fb"},
    {"kind": "numeric", "op": ">", "value": "0", "unit": "", "note": ""},
    {"kind": "numeric", "op": "<=", "value": "12", "unit": "12个"},
    {"kind": "qualitative", "text": ""},
    {"kind": "deadline", "by": "2023-02-28"},
    {"kind": "empty"},
]
for i, t in zip(d[0]["indicators"], targets):
    i["target"] = t
json.dump(d, sys.stdout, ensure_ascii=False, indent=1)
PY
"$JIXIAO" import "$tmp/targets.json" --db "$tmp/targets.db" >/dev/null
"$JIXIAO" convert "$tmp/targets.json" >"$tmp/targets_convert.json"
"$JIXIAO" export --format json --db "$tmp/targets.db" >"$tmp/targets_export.json"
expect_file "targets of every kind: export equals convert" "$tmp/targets_convert.json" \
	"$tmp/targets_export.json"
expect_eq "targets of every kind: stored packed" "numeric|<^_-1.5^_3^_^_3^_^_a^_b" \
	"$(sqlite3 "$tmp/targets.db" "SELECT kind, replace(target, char(31), '^_') FROM indicator
	WHERE revision_id = 1 AND pos = 0")"

# a bulk import checks its references all at once before it commits: a row that
# refers to nothing makes it fail and store nothing
"$JIXIAO" list --db "$tmp/orphan.db" >/dev/null
sqlite3 "$tmp/orphan.db" "CREATE TRIGGER orphan AFTER INSERT ON review WHEN NEW.revision_id = 2
	BEGIN INSERT INTO indicator (revision_id, pos, level1, level2, name, value, kind)
	VALUES (999, 0, '', '', '', '', 'empty'); END"
"$JIXIAO" import "$seed" --db "$tmp/orphan.db" >"$tmp/out" 2>"$tmp/err"
expect_eq "bulk import, a row that refers to nothing: exit" 3 $?
expect_eq "bulk import, a row that refers to nothing: message" \
	"jixiao: 数据库错误：foreign key check: 1 rows refer to no row；未导入任何内容" "$(cat "$tmp/err")"
expect_eq "bulk import, a row that refers to nothing: nothing stored, WAL mode" "0|0|wal" \
	"$(sqlite3 "$tmp/orphan.db" "SELECT (SELECT count(*) FROM declaration),
	(SELECT count(*) FROM indicator), (SELECT * FROM pragma_journal_mode)")"
expect_eq "bulk import, a row that refers to nothing: no sums, the overview's triggers back" "0 0 10" \
	"$(sqlite3 "$tmp/orphan.db" 'SELECT count(*) FROM ov_decl; SELECT count(*) FROM ov_rule' | tr '\n' ' ')$(ovtriggers "$tmp/orphan.db")"

# a storage failure in the middle of a big import stops it and stores nothing
"$JIXIAO" import "$seed" --db "$tmp/fail.db" >/dev/null
sqlite3 "$tmp/fail.db" "CREATE TRIGGER fail_later BEFORE INSERT ON revision
	WHEN NEW.declaration_id = 1000 BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
"$JIXIAO" import "$tmp/big.txt" --db "$tmp/fail.db" >"$tmp/out" 2>"$tmp/err"
expect_eq "storage failure: exit" 3 $?
expect_eq "storage failure: message" "jixiao: 数据库错误：INSERT_REV: disk on fire；未导入任何内容" "$(cat "$tmp/err")"
expect_eq "storage failure: no output" "" "$(cat "$tmp/out")"
expect_eq "storage failure: nothing stored" "2|2|2" "$(sqlite3 "$tmp/fail.db" "SELECT
	(SELECT count(*) FROM declaration), (SELECT count(*) FROM revision), (SELECT count(*) FROM audit_log)")"
expect_eq "storage failure: the overview's sums rolled back with it" "${ov_exact}2" \
	"$(ovcheck "$tmp/fail.db")$(sqlite3 "$tmp/fail.db" 'SELECT sum(n) FROM ov_decl')"

# into an empty store an import writes through a rollback journal (bulk mode): killed
# halfway, after it has written pages into the file, it leaves the store as it was
"$tmp/gen_corpus" 8000 9 "$tmp/crash.txt" 2>/dev/null
mkfifo "$tmp/crash.in"
"$JIXIAO" import - --db "$tmp/crash.db" <"$tmp/crash.in" >/dev/null 2>&1 &
pid=$!
exec 4>"$tmp/crash.in"
cat "$tmp/crash.txt" >&4
exec 4>&-    # standard input is read whole before the import stores anything
written=no
for _ in $(seq 300); do
	if [ -e "$tmp/crash.db-journal" ] && [ "$(stat -c %s "$tmp/crash.db")" -gt 4000000 ]; then
		written=yes
		break
	fi
	sleep 0.1
done
kill -9 "$pid"
wait "$pid" 2>/dev/null
expect_eq "crash: killed while writing through a journal" yes "$written"
expect_eq "crash: the store is as before" "编号  年度  主管部门  实施单位  项目名称  版本  年度资金(元)" \
	"$("$JIXIAO" list --db "$tmp/crash.db")"
expect_eq "crash: consistent, empty, in WAL mode" "ok|0|0|wal" "$(sqlite3 "$tmp/crash.db" "SELECT
	(SELECT group_concat(integrity_check) FROM pragma_integrity_check),
	(SELECT count(*) FROM declaration), (SELECT count(*) FROM indicator), (SELECT * FROM pragma_journal_mode)")"
expect_eq "crash: journal gone" no "$([ -e "$tmp/crash.db-journal" ] && echo yes || echo no)"
expect_eq "crash: then the import succeeds" "导入完成：新增 8000 份，更新 0 份，未变 0 份" \
	"$("$JIXIAO" import "$tmp/crash.txt" --db "$tmp/crash.db" | tail -1)"
expect_eq "crash: WAL mode after a bulk import" wal "$(sqlite3 "$tmp/crash.db" 'PRAGMA journal_mode')"

# with another connection open on the empty store, the import stays in WAL mode and
# does not wait; the other connection reads before and after
"$JIXIAO" list --db "$tmp/open.db" >/dev/null
mkfifo "$tmp/open.in"
sqlite3 "$tmp/open.db" <"$tmp/open.in" >"$tmp/open.out" &
pid=$!
exec 5>"$tmp/open.in"
echo "SELECT count(*) FROM declaration;" >&5
for _ in $(seq 100); do [ -s "$tmp/open.out" ] && break; sleep 0.1; done
out=$("$JIXIAO" import "$seed" --db "$tmp/open.db" | tail -1)
expect_eq "other connection open: import" "导入完成：新增 2 份，更新 0 份，未变 0 份" "$out"
expect_eq "other connection open: WAL file in use" yes "$([ -e "$tmp/open.db-wal" ] && echo yes || echo no)"
echo "SELECT count(*) FROM declaration;" >&5
exec 5>&-
wait "$pid"
expect_eq "other connection open: it reads before and after" "0 2" "$(echo $(cat "$tmp/open.out"))"

# storage failures exit 3
"$JIXIAO" list --db "$tmp/no/such/dir/x.db" >/dev/null 2>"$tmp/err"
expect_eq "unopenable database: exit" 3 $?
expect_eq "unopenable database: message" "jixiao: 无法打开数据库 $tmp/no/such/dir/x.db：$tmp/no/such/dir/x.db: unable to open database file" "$(cat "$tmp/err")"

# a newer schema than this program knows is refused, not damaged
sqlite3 "$tmp/future.db" 'PRAGMA user_version = 99'
"$JIXIAO" list --db "$tmp/future.db" >/dev/null 2>"$tmp/err"
expect_eq "future schema: exit" 3 $?
expect_eq "future schema: message" "jixiao: 无法打开数据库 $tmp/future.db：数据库结构版本 99 高于本程序支持的版本，请升级 jixiao" "$(cat "$tmp/err")"

# the store is in WAL mode with foreign keys
expect_eq "WAL journal" wal "$(sqlite3 "$db" 'PRAGMA journal_mode')"
expect_eq "16 KiB pages in a new database" 16384 "$(sqlite3 "$db" 'PRAGMA page_size')"
expect_eq "schema version" 11 "$(sqlite3 "$db" 'PRAGMA user_version')"
sqlite3 "$db" "INSERT INTO indicator (revision_id, pos, level1, level2, name, value, kind)
	VALUES (1, 99, '', '', '', '', 'bogus')" 2>"$tmp/err"
expect_eq "indicator kind is checked" "Error: stepping, CHECK constraint failed: kind = 'empty' OR kind = 'numeric' OR kind = 'deadline' OR kind = 'qualitative' (19)" "$(cat "$tmp/err")"

# migration 10: the approved revision in force, back-filled on a version 9 database: an
# approved declaration's current revision; one being adjusted, the revision of its last 批复
"$JIXIAO" import "$seed" tests/golden/convert/multi.txt --db "$tmp/v9.db" >/dev/null
sqlite3 "$tmp/v9.db" "DROP INDEX declaration_in_adjustment; ALTER TABLE declaration DROP COLUMN approved_rev;
	UPDATE declaration SET state = 'approved' WHERE id = 1;
	UPDATE declaration SET state = 'adjusting' WHERE id = 2;
	CREATE TEMP TABLE r2 AS SELECT * FROM revision WHERE declaration_id = 2;
	UPDATE r2 SET id = NULL, rev = 2; INSERT INTO revision SELECT * FROM r2;
	UPDATE declaration SET current_rev = 2 WHERE id = 2;
	INSERT INTO workflow_event (declaration_id, revision, at, actor, action, from_state, to_state, verdict,
	comment, finding) VALUES (2, 1, 'now', 'fin', 'fin_approve', 'finance_review', 'approved', '优', '', '');
	PRAGMA user_version = 9" 2>&1
"$JIXIAO" list --db "$tmp/v9.db" >/dev/null
expect_eq "v9 database: migrated to version 10, the revisions in force back-filled" "10 1|approved|1|1 2|adjusting|2|1 3|draft|1|" \
	"$(sqlite3 "$tmp/v9.db" 'PRAGMA user_version') $(sqlite3 "$tmp/v9.db" "SELECT id || '|' || state || '|' || current_rev || '|' || coalesce(approved_rev, '') FROM declaration WHERE id <= 3" | tr '\n' ' ' | sed 's/ $//')"

# a database of schema version 1 (the seed stored by the first release) migrates intact
sqlite3 "$tmp/v1.db" <tests/fixtures/store_v1_seed.sql
"$JIXIAO" export --format json --db "$tmp/v1.db" >"$tmp/v1.json"
expect_eq "v1 database: migrated to version 11" 11 "$(sqlite3 "$tmp/v1.db" 'PRAGMA user_version')"
expect_file "v1 database: export after migration" tests/golden/convert/seed.out "$tmp/v1.json"
expect_eq "v1 database: rows kept" "2|2|12|2" "$(sqlite3 "$tmp/v1.db" "SELECT (SELECT count(*) FROM declaration),
	(SELECT count(*) FROM revision), (SELECT count(*) FROM indicator), (SELECT count(*) FROM audit_log)")"
expect_eq "v1 database: the monitoring tables of migrations 4 and 5, empty" "0|0|0" \
	"$(sqlite3 "$tmp/v1.db" "SELECT (SELECT count(*) FROM monitor_round), (SELECT count(*) FROM monitor_item),
	(SELECT count(*) FROM monitor_event)")"
expect_eq "v1 database: consistent" "ok" "$(sqlite3 "$tmp/v1.db" 'PRAGMA integrity_check; PRAGMA foreign_key_check')"
# migration 11: each indicator's light in a round; '' for rows stored without one, checked
cp "$tmp/v1.db" "$tmp/v11.db"
expect_eq "v1 database: monitor_item.light of migration 11, '' when none" "|" \
	"$(sqlite3 "$tmp/v11.db" "INSERT INTO monitor_item (round_id, pos, so_far, expected, reason, reason_text,
	likelihood, at_risk) VALUES (1, 0, '', '', '', '', '确定能', 0); SELECT light || '|' FROM monitor_item")"
expect_eq "v1 database: monitor_item.light is checked" "Error: stepping, CHECK constraint failed: light = '' OR light = 'green' OR light = 'yellow' OR light = 'red' (19)" \
	"$(sqlite3 "$tmp/v11.db" "INSERT INTO monitor_item VALUES (1, 1, '', '', '', '', '确定能', 0, 'blue')" 2>&1)"
expect_eq "v1 database: the overview's sums back-filled (migration 8)" "${ov_exact}2023|组织部|draft||2|758000000" \
	"$(ovcheck "$tmp/v1.db")$(sqlite3 "$tmp/v1.db" 'SELECT * FROM ov_decl')"
sqlite3 "$tmp/v1.db" "DELETE FROM indicator WHERE revision_id = 2" 2>"$tmp/err"
expect_eq "v1 database: indicators still immutable (delete)" "Error: stepping, revisions are immutable (19)" "$(cat "$tmp/err")"
sqlite3 "$tmp/v1.db" "UPDATE indicator SET value = 'x'" 2>"$tmp/err"
expect_eq "v1 database: indicators still immutable (update)" "Error: stepping, revisions are immutable (19)" "$(cat "$tmp/err")"
expect_eq "v1 database: same content is unchanged" "导入完成：新增 0 份，更新 0 份，未变 2 份" \
	"$("$JIXIAO" import "$seed" --db "$tmp/v1.db" | tail -1)"
expect_eq "v1 database: keeps its page size" 4096 "$(sqlite3 "$tmp/v1.db" 'PRAGMA page_size')"

