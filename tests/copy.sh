#!/usr/bin/env bash
# tests/copy.sh: `jixiao copy --from DB --to DB` (store_copy.c) between two
# SQLite stores, or in the PostgreSQL pass (tests/run.sh --engine-pass)
# from SQLite to PostgreSQL and back: the source is always an SQLite file,
# the copies are new_db's (tests/lib.sh), and a PostgreSQL copy is read
# through a copy of it back into an SQLite file.  The source is built as people use it: the seed and the
# fixtures imported, users, their sessions and a failed login, the
# declaration workflow (approved, returned), a monitoring round with its
# review, and a self-evaluation through its whole workflow to approved
# (frozen: its revisions must still go in).  The copy must hold the same rows
# (every table, every column, ids included: the dumps of both files),
# export and history the same, let the users log in and keep their
# sessions; it refuses a target that is not empty, a source that is
# missing, and keeps nothing when a table read back differs.
set -u
cd "$(dirname "$0")/.."
. tests/lib.sh
plan 31

tmp=$(mktemp -d)
db=$tmp/a.db
b=$(new_db b)
b2=$(new_db b2)
c=$(new_db c)
port=$(free_port)
base=http://127.0.0.1:$port
trap 'stop_server; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

# --- the source: data, users, sessions, workflows -------------------------------
# 1, 2: 组织部 / 组织部 (the seed); 3..5: 民政局 (multi.txt)
"$JIXIAO" import tests/golden/convert/seed.txt tests/golden/convert/multi.txt --db "$db" >/dev/null
add_user() {    # add_user NAME PASSWORD ARGS...
	local name=$1 pw=$2
	shift 2
	echo "$pw" | "$JIXIAO" user add "$name" "$@" --db "$db" >/dev/null
}
add_user unit_own 'unit-pass-0001' --role unit --unit 组织部
add_user dept_own 'dept-pass-0001' --role department --department 组织部
add_user fin 'finance-pass' --role finance
serve_start "$db" "$port" "$tmp" || { echo "server did not start:"; cat "$tmp/serve.err"; }

login() {       # login NAME PASSWORD: cookie jar $tmp/NAME.jar, CSRF token in $tmp/NAME.csrf
	curl -s -c "$tmp/$1.jar" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"$2\"}" "$base/api/v1/login" |
		python3 -c 'import json,sys; print(json.load(sys.stdin).get("csrf", ""))' >"$tmp/$1.csrf"
}
login unit_own 'unit-pass-0001'
login dept_own 'dept-pass-0001'
login fin 'finance-pass'
login nobody 'not-a-password' 2>/dev/null  # a login failure
decl_act() {    # decl_act USER ID JSON: a declaration workflow action through the API
	curl -s -o /dev/null -b "$tmp/$1.jar" -H "X-CSRF-Token: $(cat "$tmp/$1.csrf")" \
		-H 'Content-Type: application/json' -d "$3" "$base/api/v1/declarations/$2/actions"
}
decl_act unit_own 1 '{"action":"submit","revision":1}'
decl_act dept_own 1 '{"action":"dept_start","revision":1}'
decl_act dept_own 1 '{"action":"dept_pass","revision":1,"verdict":"良"}'
decl_act fin 1 '{"action":"fin_approve","revision":1,"verdict":"优"}'
decl_act unit_own 2 '{"action":"submit","revision":1}'
decl_act dept_own 2 '{"action":"dept_start","revision":1}'
decl_act dept_own 2 '{"action":"dept_return","revision":1,"verdict":"中","comment":"补充成本指标","finding":"category.missing@indicators"}'
# a monitoring round (the worked example's July round) and its review
curl -s -o /dev/null -b "$tmp/unit_own.jar" -F "csrf=$(cat "$tmp/unit_own.csrf")" \
	-F "file=@tests/golden/monitor/july.csv" "$base/d/1/monitor/upload"
curl -s -o /dev/null -b "$tmp/dept_own.jar" --data-urlencode "csrf=$(cat "$tmp/dept_own.csrf")" \
	--data-urlencode "round=1" --data-urlencode "action=accept" "$base/d/1/monitor/review"
# the self-evaluation of the worked example (tests/golden/score/seed1.json), to approved
achieved=$(printf '专项经费于2023年6月15日下拨，覆盖全区15个乡镇的88个居民区党组织（3个居民区合并）。全年开展服务群众活动14次，部分群众困难未在年内解决。\r\n年末问卷调查，居民群众满意度为85%%。')
curl -s -o /dev/null -b "$tmp/unit_own.jar" --data-urlencode "csrf=$(cat "$tmp/unit_own.csrf")" \
	--data-urlencode "base=0" --data-urlencode "executed=4,500,000.00" --data-urlencode "annual=4810000.00" \
	--data-urlencode "w_budget=10" --data-urlencode "w_output=50" --data-urlencode "w_benefit=30" \
	--data-urlencode "w_satisfaction=10" --data-urlencode "achieved=$achieved" \
	--data-urlencode "r0_actual=15" --data-urlencode "r1_actual=88" --data-urlencode "r1_reason=3个居民区合并，实际88个" \
	--data-urlencode "r2_actual=14" --data-urlencode "r3_band=partial" --data-urlencode "r3_pct=70" \
	--data-urlencode "r3_reason=部分困难未在年内解决" --data-urlencode "r4_actual=2023-06-15" \
	--data-urlencode "r5_band=achieved" --data-urlencode "r5_pct=90" --data-urlencode "r5_reason=活动覆盖面还可扩大" \
	--data-urlencode "r6_band=achieved" --data-urlencode "r6_pct=85" \
	--data-urlencode "r6_reason=问卷样本偏少，明年扩大调查范围" "$base/d/1/selfeval"
se_act() {      # se_act USER ACTION REVISION: a self-evaluation action on declaration 1
	curl -s -o /dev/null -b "$tmp/$1.jar" --data-urlencode "csrf=$(cat "$tmp/$1.csrf")" \
		--data-urlencode "action=$2" --data-urlencode "revision=$3" --data-urlencode "comment=同意" \
		"$base/d/1/selfeval/action"
}
se_act unit_own submit 1
se_act dept_own dept_pass 1
se_act fin fin_approve 1
stop_server
expect_eq "source: approved, returned, a reviewed round, an approved self-evaluation, a login failure" \
	"approved returned 1 1 approved 1" \
	"$(sql "$db" "SELECT group_concat(state, ' ') FROM (SELECT state FROM declaration WHERE id <= 2 ORDER BY id)") $(sql "$db" "SELECT count(*) FROM monitor_round") $(sql "$db" "SELECT count(*) FROM monitor_event") $(sql "$db" "SELECT state FROM selfeval") $(sql "$db" "SELECT count(*) FROM login_failure")"

# --- the copy ----------------------------------------------------------------------------
tables="declaration revision indicator review workflow_event audit_log app_user session login_failure
	monitor_round monitor_item monitor_event selfeval selfeval_revision selfeval_event
	ov_decl ov_rule ov_light ov_selfeval"
expected() {    # what copy prints for the source $db copied to $1, by its own counts
	local t n total=0 k=0
	for t in $tables; do
		n=$(sql "$db" "SELECT count(*) FROM $t")
		echo "表 $t：已复制 $n 行"
		total=$((total + n))
		k=$((k + 1))
	done
	for t in $tables; do echo "表 $t：已校验 $(sql "$db" "SELECT count(*) FROM $t") 行，行数和内容哈希一致"; done
	echo "复制完成：$k 张表共 $total 行，从 $db 到 $1"
}
expected "$b" >"$tmp/copy.want"
"$JIXIAO" copy --from "$db" --to "$b" >"$tmp/copy.out" 2>"$tmp/copy.err"
expect_eq "copy: exit 0, nothing on stderr" "0 " "$? $(cat "$tmp/copy.err")"
expect_file "copy: each table's rows copied and verified, the counts of the source" "$tmp/copy.want" "$tmp/copy.out"
# (on PostgreSQL the target's tables: all but the schema's version)
expect_eq "copy: every table of the schema but the search indexes (src/store/tables.def)" \
	"$(if pg; then sql "$b" "SELECT tablename FROM pg_tables WHERE schemaname = 'public'
		AND tablename <> 'jixiao_schema'"; else sql "$db" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\\'
		AND name NOT LIKE 'decl\_fts%' ESCAPE '\\' AND name NOT LIKE 'decl\_gram%' ESCAPE '\\' AND name <> 'fts_state'"; fi | LC_ALL=C sort)" \
	"$(sed -n 's/^表 \([a-z_]*\)：已复制.*/\1/p' "$tmp/copy.out" | LC_ALL=C sort)"
expect_eq "copy: every table of the source holds rows" 0 \
	"$(for t in $tables; do sql "$db" "SELECT count(*) FROM $t"; done | grep -c '^0$')"
# dump DB: every row of every table, ids included, but the search indexes (rebuilt)
# (sorted: a session's rowid, which no one reads, follows the order it was inserted in);
# a PostgreSQL store is copied back into an SQLite file first
dump() {
	local f=$1
	if [ "${f#postgresql://}" != "$f" ]; then
		f=$tmp/${1##*/}.back.db
		"$JIXIAO" copy --from "$1" --to "$f" >/dev/null || echo "copy back of $1 failed"
	fi
	sqlite3 "$f" .dump | grep '^INSERT INTO' | grep -v -e '^INSERT INTO decl_fts' -e '^INSERT INTO decl_gram' -e '^INSERT INTO fts_state' -e '^INSERT INTO sqlite_' | LC_ALL=C sort
}
dump "$db" >"$tmp/a.dump"
dump "$b" >"$tmp/b.dump"
expect_file "copy: the same rows in every table, every column, ids included (.dump)" "$tmp/a.dump" "$tmp/b.dump"
"$JIXIAO" copy --from "$b" --to "$b2" >/dev/null
dump "$b2" >"$tmp/b2.dump"
expect_file "copy of the copy: the same rows again" "$tmp/a.dump" "$tmp/b2.dump"
expect_eq "copy: the dump is not empty" 1 "$([ "$(wc -l <"$tmp/a.dump")" -gt 100 ] && echo 1)"
"$JIXIAO" export --format json --db "$db" >"$tmp/a.json"
"$JIXIAO" export --format json --db "$b" >"$tmp/b.json"
expect_file "copy: export --format json identical" "$tmp/a.json" "$tmp/b.json"
for id in 1 2; do
	"$JIXIAO" history $id --db "$db" >"$tmp/a.hist"
	"$JIXIAO" history $id --db "$b" >"$tmp/b.hist"
	expect_file "copy: history $id identical" "$tmp/a.hist" "$tmp/b.hist"
done
expect_eq "copy: the history holds the workflow" 1 "$(grep -c '批复' "$tmp/a.hist" | grep -c '^[0-9]')"
"$JIXIAO" user list --db "$db" >"$tmp/a.users"
"$JIXIAO" user list --db "$b" >"$tmp/b.users"
expect_file "copy: user list identical" "$tmp/a.users" "$tmp/b.users"
expect_eq "copy: the overview's sums as the queries they stand for" "ov_decl|0 ov_rule|0 ov_light|0 ov_selfeval|0 " \
	"$(if pg; then psql -X -q -At -F '|' -d "$b" <tests/fixtures/overview_check_pg.sql
	else sqlite3 "$b" <tests/fixtures/overview_check.sql; fi | tr '\n' ' ')"
expect_eq "copy: the approved self-evaluation is still frozen" \
	"refused: an approved self-evaluation is frozen" \
	"$(sql "$b" "UPDATE selfeval SET state = 'draft'")"
expect_eq "copy: the audit log is still append-only" "refused: audit_log is append-only" \
	"$(sql "$b" "DELETE FROM audit_log")"

>"$tmp/serve.out"
# the copy serves: the old sessions still hold (their secret hashes), passwords log in,
# new rows take ids after the copied ones, a search rebuilds its index
serve_start "$b" "$port" "$tmp" || { echo "server did not start:"; cat "$tmp/serve.err"; }
expect_eq "copy serves: a session of the source still holds" 200 \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/unit_own.jar" "$base/api/v1/me")"
login dept_own 'dept-pass-0001'
expect_eq "copy serves: a user logs in with the password" 64 "$(tr -d '\n' <"$tmp/dept_own.csrf" | wc -c | tr -d ' ')"
expect_eq "copy serves: a wrong password still fails" "" "$(login fin 'not-the-password-2'; cat "$tmp/fin.csrf")"
expect_eq "copy serves: no first-start admin (the users came along)" 0 "$(grep -c '^首次启动' "$tmp/serve.out")"
expect_eq "copy serves: the search finds by the copied text" 200 \
	"$(curl -s -o "$tmp/list.html" -w '%{http_code}' -b "$tmp/unit_own.jar" "$base/?q=%E5%B1%85%E6%B0%91%E5%8C%BA")"
expect_eq "copy serves: the declaration found" 1 "$(grep -c '居民区党组织服务群众专项经费' "$tmp/list.html" | grep -c '^[1-9]')"
decl_act dept_own 3 '{"action":"dept_start","revision":1}' # not submitted: refused, nothing written
stop_server
echo 'Li-Si-copy-pass-1' | "$JIXIAO" user add lisi --role finance --db "$b" >/dev/null
expect_eq "copy: a new user's id follows the copied ones" "$(( $(sql "$db" "SELECT max(id) FROM app_user") + 1 ))" \
	"$(sql "$b" "SELECT id FROM app_user WHERE name = 'lisi'")"
if pg; then     # PostgreSQL has no index to rebuild: its sequences moved past the copied ids
	expect_eq "copy: every sequence continues after the copied ids" "1 1 1 1 1 1 1 1 1 1" \
		"$(for t in declaration revision workflow_event audit_log app_user login_failure \
			monitor_round monitor_event selfeval_revision selfeval_event; do
			sql "$b" "SELECT nextval(pg_get_serial_sequence('$t', 'id')) - coalesce((SELECT max(id) FROM $t), 0)"
		done | tr '\n' ' ' | sed 's/ $//')"
else
	expect_eq "copy: the search index rebuilt whole" "$(sql "$db" "SELECT count(*) FROM declaration")" \
		"$(sql "$b" "SELECT count(*) FROM decl_fts")"
fi

# --- refusals ----------------------------------------------------------------------------
out=$("$JIXIAO" copy --from "$db" --to "$b" 2>&1)
expect_eq "not empty: refused, exit 2, the target named" \
	"2|jixiao: 无法复制到 $b：目标数据库不是空的（表 declaration 已有数据），只能复制到新建的空数据库" "$?|$out"
expect_eq "not empty: the target unchanged" "$(( $(sql "$db" "SELECT count(*) FROM app_user") + 1 ))" \
	"$(sql "$b" "SELECT count(*) FROM app_user")"
# made: whether the store $1 was made (the file; on PostgreSQL, its tables)
made() {
	if [ "${1#postgresql://}" != "$1" ]; then
		[ "$(sql "$1" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" != 0 ]
	else
		[ -e "$1" ]
	fi && echo yes || echo no
}
out=$("$JIXIAO" copy --to "$c" 2>&1)
expect_eq "no --from: usage, exit 2" "2|jixiao copy: 缺少 --from（复制哪个数据库）
用法：jixiao copy --from DB --to DB" "$?|$out"
out=$("$JIXIAO" copy --from "$tmp/missing.db" --to "$c" 2>&1)
expect_eq "missing source: refused, exit 2, neither store created" \
	"2|jixiao: 源数据库 $tmp/missing.db 不存在|no no" \
	"$?|$out|$(made "$tmp/missing.db") $(made "$c")"
out=$("$JIXIAO" copy --from "$db" --to "$c" --db "$db" 2>&1)
expect_eq "--db: usage, exit 2" "2|jixiao copy: copy 不使用 --db：用 --from 和 --to 给出两个数据库
用法：jixiao copy --from DB --to DB" "$?|$out"

# a target whose rows come back other than they went in: nothing kept, the table named
"$JIXIAO" list --db "$c" >/dev/null
if pg; then
	sql "$c" "CREATE FUNCTION skew() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN
		UPDATE login_failure SET at = at + 1 WHERE id = NEW.id; RETURN NULL; END \$\$;
		CREATE TRIGGER skew AFTER INSERT ON login_failure FOR EACH ROW EXECUTE FUNCTION skew()" >/dev/null
else
	sql "$c" "CREATE TRIGGER skew AFTER INSERT ON login_failure BEGIN
		UPDATE login_failure SET at = at + 1 WHERE id = NEW.id; END" >/dev/null
fi
out=$("$JIXIAO" copy --from "$db" --to "$c" 2>&1 >/dev/null)
expect_eq "verification: a table read back differs: exit 3, named, rolled back" \
	"3|jixiao: 复制失败（目标数据库 $c）：复制后校验不一致：表 login_failure 的 1 行读回后内容哈希不同" \
	"$?|${out%%（目标 *}"
expect_eq "verification: nothing kept in the target" "0 0 0" \
	"$(sql "$c" "SELECT count(*) FROM declaration") $(sql "$c" "SELECT count(*) FROM audit_log") $(sql "$c" "SELECT count(*) FROM ov_decl")"
