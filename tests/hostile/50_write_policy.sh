#!/usr/bin/env bash
# Issue 11, defect 2: a write that goes past the write policy.  The import
# routes used to check only the 主管部门/实施单位 written in the uploaded form,
# not the declaration its key (year, 实施单位, 项目名称) lands on nor its
# state.  Every path that writes a declaration (API import, the /import
# page, PUT, the page editor, `jixiao import --as`) now asks one function
# (src/model/write_policy.def) and gives the same status and message for
# the same situation; a refusal stores nothing (checked in the database).
# checks: 31
set -u
. tests/lib.sh

tmp=$(mktemp -d)
db=$tmp/p.db
port=$(free_port)
base=http://127.0.0.1:$port
trap 'stop_server; rm -rf "$tmp"' EXIT

# the seed: #1 and #2 of 组织部 / 组织部, in 草稿
"$JIXIAO" import tests/golden/convert/seed.txt --db "$db" >/dev/null
for u in "unit_zz --role unit --unit 组织部" "dept_zz --role department --department 组织部" \
	"dept_mz --role department --department 民政局" "fin --role finance" "adm --role admin"; do
	set -- $u
	echo "Wp50-$1-Kq8vZr3Lm" | "$JIXIAO" user add "$@" --db "$db" >/dev/null
done
serve_start "$db" "$port" "$tmp" || { echo "server did not start:"; cat "$tmp/serve.err"; exit 1; }
for u in unit_zz dept_zz dept_mz fin adm; do
	curl -s -c "$tmp/$u.jar" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$u\",\"password\":\"Wp50-$u-Kq8vZr3Lm\"}" "$base/api/v1/login" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])' >"$tmp/$u.csrf"
done

# what the database holds of #1: 主管部门, current revision, state; and the revisions in all
stored() { sqlite3 "$db" "SELECT department || '|' || current_rev || '|' || state FROM declaration WHERE id = 1;
	SELECT count(*) FROM revision;" | tr '\n' ' '; }
# api_import USER FILE: "STATUS|first problem" (or "STATUS|result of the first")
api_import() {
	curl -s -w '\n%{http_code}' -b "$tmp/$1.jar" -H "X-CSRF-Token: $(cat "$tmp/$1.csrf")" \
		-H 'Content-Type: application/octet-stream' --data-binary @"$2" "$base/api/v1/import" |
		python3 -c '
import json, sys
body, code = sys.stdin.read().rsplit("\n", 1)
d = json.loads(body)
print(code + "|" + (d["problems"][0] if "problems" in d else d["imported"][0]["result"]))'
}
# page_import USER FILE: "STATUS|the problems listed"
page_import() {
	curl -s -o "$tmp/page.html" -w '%{http_code}' -b "$tmp/$1.jar" -F "csrf=$(cat "$tmp/$1.csrf")" \
		-F "file=@$2;filename=$(basename "$2")" "$base/import" >"$tmp/page.code"
	printf '%s|%s' "$(cat "$tmp/page.code")" "$(python3 -c '
import html, re, sys
print(" / ".join(html.unescape(m) for m in re.findall(r"<li>([^<]*)</li>", open(sys.argv[1], encoding="utf-8").read())))' "$tmp/page.html")"
}
# put USER FILE: body and status of PUT /api/v1/declarations/1?revision=REV
put() {
	curl -s -w '%{http_code}' -b "$tmp/$1.jar" -H "X-CSRF-Token: $(cat "$tmp/$1.csrf")" -X PUT \
		-H 'Content-Type: application/json' --data-binary @"$2" "$base/api/v1/declarations/1?revision=${3:-1}" | tr -d '\n '
}
# cli_import USER FILE: `jixiao import --as USER`: "exit N|its first line on stderr"
cli_import() {
	"$JIXIAO" import --as "$1" "$2" --db "$db" >/dev/null 2>"$tmp/cli.err"
	echo "exit $?|$(head -1 "$tmp/cli.err")"
}
# page_edit USER [FIELD=VALUE...]: status of POST /d/1/edit with the editor's
# form of #1 as the unit sees it, the fields given changed
curl -s -b "$tmp/unit_zz.jar" "$base/d/1/edit" >"$tmp/editor.html"
page_edit() {
	local user=$1
	shift
	python3 - "$tmp/editor.html" "$(cat "$tmp/$user.csrf")" "$@" >"$tmp/form" <<'PY'
import html, re, sys, urllib.parse
page = open(sys.argv[1], encoding='utf-8').read()
form = page[page.index('<form class="editor"'):]
fields = [(html.unescape(n), html.unescape(v)) for n, v in re.findall(r'<input[^>]* name="([^"]*)" value="([^"]*)"', form)]
fields += [(html.unescape(n), html.unescape(v)) for n, v in re.findall(r'<textarea name="([^"]*)"[^>]*>([^<]*)</textarea>', form)]
change = dict(a.split('=', 1) for a in sys.argv[3:])
out = []
for n, v in fields:
    if n == 'csrf':
        v = sys.argv[2]
    out.append((n, change.pop(n, v)))
print(urllib.parse.urlencode(out), end='')
PY
	curl -s -o "$tmp/edit.html" -w '%{http_code}' -b "$tmp/$user.jar" --data-binary @"$tmp/form" \
		-H 'Content-Type: application/x-www-form-urlencoded' "$base/d/1/edit"
}
act() {         # act USER JSON: the workflow step on #1
	curl -s -o /dev/null -w '%{http_code}' -b "$tmp/$1.jar" -H "X-CSRF-Token: $(cat "$tmp/$1.csrf")" \
		-H 'Content-Type: application/json' -d "$2" "$base/api/v1/declarations/1/actions"
}
# the JSON of #1 with the changes given as Python on d
decl1() {
	"$JIXIAO" export 1 --db "$db" | python3 -c "
import json, sys
d = json.load(sys.stdin)[0]
$1
json.dump(d, open(sys.argv[1], 'w', encoding='utf-8'), ensure_ascii=False)" "$2"
}
name1=居民区党组织服务群众专项经费
before=$(stored)

# --- 1. a department takes over another's declaration by importing it under its own name
sed 's/^主管部门\t组织部/主管部门\t民政局/' tests/golden/convert/seed.txt >"$tmp/seed_mz.txt"
decl1 'd["project"]["department"] = "民政局"' "$tmp/mz.json"
hidden="没有这份申报表：2023 年度，主管部门“民政局”，实施单位“组织部”，项目“$name1”"
expect_eq "takeover: API import answers 404 as PUT does, naming the form" "404|请求体:3: 错误: $hidden" \
	"$(api_import dept_mz "$tmp/seed_mz.txt")"
expect_eq "takeover: the /import page answers the same, both forms listed" \
	"404|seed_mz.txt:3: 错误: $hidden / seed_mz.txt:32: 错误: 没有这份申报表：2023 年度，主管部门“民政局”，实施单位“组织部”，项目“党员经常性教育专项经费”" \
	"$(page_import dept_mz "$tmp/seed_mz.txt")"
expect_eq "takeover: PUT answers 404" '{"error":"没有这份申报表"}404' "$(put dept_mz "$tmp/mz.json")"
expect_eq "takeover: the page editor answers 404" 404 "$(page_edit dept_mz department=民政局)"
expect_eq "takeover: jixiao import --as answers the same (exit 2)" "exit 2|$tmp/seed_mz.txt:3: 错误: $hidden" \
	"$(cli_import dept_mz "$tmp/seed_mz.txt")"
expect_eq "takeover: nothing stored" "$before" "$(stored)"
expect_eq "takeover: 组织部's reviewer still sees #1" 200 \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/dept_zz.jar" "$base/api/v1/declarations/1")"

# --- 2. reviewers and the administrator add revisions to a draft
decl1 'd["goals"]["annual"] += "（修订）"' "$tmp/rev.json"
state="这份申报表当前的状态下您不能修改：2023 年度，主管部门“组织部”，实施单位“组织部”，项目“$name1”，当前状态“草稿”"
for u in fin dept_zz adm; do
	expect_eq "draft: API import by $u answers 409 with the state" "409|请求体: 错误: $state" \
		"$(api_import "$u" "$tmp/rev.json")"
done
expect_eq "draft: the /import page by finance answers the same" "409|rev.json: 错误: $state" \
	"$(page_import fin "$tmp/rev.json")"
for u in fin dept_zz; do
	expect_eq "draft: PUT by $u answers 409 with the state" \
		'{"error":"这份申报表当前的状态下您不能修改","state":"draft"}409' "$(put "$u" "$tmp/rev.json")"
	expect_eq "draft: the page editor by $u answers 409" 409 "$(page_edit "$u" annual_goal=改过的年度目标)"
done
expect_eq "draft: nothing stored" "$before" "$(stored)"
expect_eq "draft: the same form again changes nothing, for anyone who sees it" "200|unchanged" \
	"$(decl1 '' "$tmp/same.json"; api_import fin "$tmp/same.json")"

# --- 3. a unit moves its own declaration to another department
move="您不能把申报表改到其他主管部门或实施单位名下"
expect_eq "move: API import answers 403 as PUT does" "403|请求体:3: 错误: $move：2023 年度，主管部门“民政局”，实施单位“组织部”，项目“$name1”" \
	"$(api_import unit_zz "$tmp/seed_mz.txt")"
expect_eq "move: the /import page answers the same" "403|mz.json: 错误: $move：2023 年度，主管部门“民政局”，实施单位“组织部”，项目“$name1”" \
	"$(page_import unit_zz "$tmp/mz.json")"
expect_eq "move: PUT answers 403" "{\"error\":\"$move\"}403" "$(put unit_zz "$tmp/mz.json")"
expect_eq "move: the page editor answers 403 with the form back" "403|1" \
	"$(page_edit unit_zz department=民政局)|$(grep -c "$move" "$tmp/edit.html")"
expect_eq "move: jixiao import --as answers the same (exit 2)" "exit 2|$tmp/mz.json: 错误: $move：2023 年度，主管部门“民政局”，实施单位“组织部”，项目“$name1”" \
	"$(cli_import unit_zz "$tmp/mz.json")"
expect_eq "move: nothing stored" "$before" "$(stored)"
expect_eq "move: 民政局 still sees nothing" 0 \
	"$(curl -s -b "$tmp/dept_mz.jar" "$base/api/v1/declarations" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')"

# --- 4. a reviewer's edit during its own step: the same answer on every path
act unit_zz '{"action":"submit","revision":1}' >/dev/null
act dept_zz '{"action":"dept_start","revision":1}' >/dev/null
expect_eq "review: the department's import during 主管部门审核 is stored" "200|updated" "$(api_import dept_zz "$tmp/rev.json")"
decl1 'd["goals"]["annual"] += "（再修订）"' "$tmp/rev2.json"
expect_eq "review: so is its PUT" '{"id":1,"revision":3,"changed":true,"verdict":"良"}200' "$(put dept_zz "$tmp/rev2.json" 2)"
expect_eq "review: finance may not, by import" "409|请求体: 错误: 这份申报表当前的状态下您不能修改：2023 年度，主管部门“组织部”，实施单位“组织部”，项目“$name1”，当前状态“主管部门审核”" \
	"$(api_import fin "$tmp/rev.json")"
expect_eq "review: nor by jixiao import --as" "exit 2|$tmp/rev.json: 错误: 这份申报表当前的状态下您不能修改：2023 年度，主管部门“组织部”，实施单位“组织部”，项目“$name1”，当前状态“主管部门审核”" \
	"$(cli_import fin "$tmp/rev.json")"
expect_eq "review: nor the unit, by PUT" '{"error":"这份申报表当前的状态下您不能修改","state":"dept_review"}409' \
	"$(put unit_zz "$tmp/rev.json" 3)"
expect_eq "cli: --as names a web user" "exit 2|jixiao: 没有用户“nobody”" "$(cli_import nobody "$tmp/rev.json")"
expect_eq "review: two revisions by the department, nothing else" "组织部|3|dept_review 4 " "$(stored)"
