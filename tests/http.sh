#!/usr/bin/env bash
# tests/http.sh: `jixiao serve` over real HTTP on 127.0.0.1 (the sanitizer
# build): the first start, login and sessions, the access matrix of every
# route of src/http/routes.def × every role × a declaration of the user's own
# unit and of another, CSRF, XSS payloads in every text field, oversize and
# malformed requests, the workflow through the API, edits with conflicts.
set -u
. tests/lib.sh
plan 222

tmp=$(mktemp -d)
db=$(new_db h)
port=$(free_port)
base=http://127.0.0.1:$port
trap 'stop_server; [ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

start_server() {
	serve_start "$db" "$port" "$tmp" && return 0
	echo "server did not start:"; cat "$tmp/serve.err"
	return 1
}

# --- data and users ----------------------------------------------------------
"$JIXIAO" import tests/golden/convert/seed.txt tests/golden/convert/multi.txt --db "$db" >/dev/null
# 1, 2: 组织部 / 组织部 (the seed); 3..: 民政局 / 区养老服务中心 and 区民政局
add_user() {    # add_user NAME PASSWORD ARGS...
	local name=$1 pw=$2
	shift 2
	echo "$pw" | "$JIXIAO" user add "$name" "$@" --db "$db" >/dev/null
}
start_server || exit 1
expect_eq "first start: one-time admin password printed" 1 "$(grep -c '^首次启动：已创建管理员 admin，一次性密码 [A-Za-z0-9]\{16\}$' "$tmp/serve.out")"
admin_pw=$(sed -n 's/^首次启动：已创建管理员 admin，一次性密码 \([A-Za-z0-9]*\)$/\1/p' "$tmp/serve.out")
add_user unit_own 'unit-pass-0001' --role unit --unit 组织部
add_user unit_other 'unit-pass-0002' --role unit --unit 区民政局
add_user dept_own 'dept-pass-0001' --role department --department 组织部
add_user dept_other 'dept-pass-0002' --role department --department 民政局
add_user fin 'finance-pass' --role finance
add_user victim 'victim-pass-1' --role unit --unit 组织部

# login ROLE_USER PASSWORD: cookie jar $tmp/NAME.jar, CSRF token in $tmp/NAME.csrf
login() {
	curl -s -c "$tmp/$1.jar" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"$2\"}" "$base/api/v1/login" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])' >"$tmp/$1.csrf"
}
login admin "$admin_pw"
login unit_own 'unit-pass-0001'
login unit_other 'unit-pass-0002'
login dept_own 'dept-pass-0001'
login dept_other 'dept-pass-0002'
login fin 'finance-pass'
expect_eq "login: a CSRF token per session" 64 "$(wc -c <"$tmp/unit_own.csrf" | tr -d ' ' | awk '{ print $1 - 1 }')"

# status USER METHOD PATH [CURL ARGS...]: the HTTP status, with the user's session and token
status() {
	local user=$1 method=$2 path=$3
	shift 3
	if [ "$user" = anon ]; then
		curl -s -o /dev/null -w '%{http_code}' -X "$method" "$@" "$base$path"
	else
		curl -s -o /dev/null -w '%{http_code}' -b "$tmp/$user.jar" -H "X-CSRF-Token: $(cat "$tmp/$user.csrf")" \
			-X "$method" "$@" "$base$path"
	fi
}

# --- anonymous ---------------------------------------------------------------
expect_eq "anonymous page: redirected to login" "303 $base/login?next=/" \
	"$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$base/")"
expect_eq "anonymous API: 401" '401 {"error":"请先登录"}' \
	"$(curl -s -w '%{http_code} ' -o "$tmp/body" "$base/api/v1/declarations"; cat "$tmp/body" | tr -d '\n')"
expect_eq "security headers" "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'|nosniff|DENY" \
	"$(curl -s -D - -o /dev/null "$base/login" | tr -d '\r' | awk -F': ' '
		$1 == "Content-Security-Policy" { c = $2 } $1 == "X-Content-Type-Options" { n = $2 }
		$1 == "X-Frame-Options" { f = $2 } END { print c "|" n "|" f }')"
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
	-d '{"username":"victim","password":"victim-pass-1"}' "$base/api/v1/login" | tr -d '\r' | sed -n 's/^Set-Cookie: //p')
expect_eq "session cookie: HttpOnly, SameSite=Strict" "HttpOnly; SameSite=Strict" \
	"$(echo "$cookie" | grep -o 'HttpOnly; SameSite=Strict')"

# --- the access matrix ---------------------------------------------------------
# Every route of routes.def, for every role, on a declaration of the role's own
# unit or department (1) and on another one (3).  Expected: a route the role may
# not use, or a declaration it may not see, answers 404 (never 403: existence
# does not leak); otherwise anything but 401, 403, 404 and 500.
roles_of() {    # the role bits of a route as user names that may use it
	case "$1" in
	R_PUBLIC) echo "anon admin unit_own unit_other dept_own dept_other fin" ;;
	R_USERS) echo "admin unit_own unit_other dept_own dept_other fin" ;;
	*) local out=""
	   case "$1" in *R_UNIT*) out="$out unit_own unit_other" ;; esac
	   case "$1" in *R_DEPT*) out="$out dept_own dept_other" ;; esac
	   case "$1" in *R_FIN*) out="$out fin" ;; esac
	   case "$1" in *R_ADMIN*) out="$out admin" ;; esac
	   echo "$out" ;;
	esac
}
sees() {        # sees USER ID: may USER see declaration ID (1: 组织部/组织部, 3: 民政局/区养老服务中心)?
	case "$1:$2" in
	admin:* | fin:* | unit_own:1 | dept_own:1 | dept_other:3) return 0 ;;
	*) return 1 ;;
	esac
}
n_routes=0 matrix_ok=0 matrix_bad=0
while IFS=' ' read -r method path fn roles; do
	[ -n "$method" ] || continue
	n_routes=$((n_routes + 1))
	allowed=" $(roles_of "$roles") "
	for user in anon admin unit_own unit_other dept_own dept_other fin; do
		for target in 1 3; do
			p=${path//\{\}/$target}
			[ "$fn" = page_static ] && p=/static/jixiao.css
			body=()
			case "$method:$fn" in
			POST:page_action) body=(-d "action=none&csrf=$(cat "$tmp/$user.csrf" 2>/dev/null)") ;;
			POST:page_edit | POST:page_import | POST:page_logout | POST:page_login)
				body=(-d "csrf=$(cat "$tmp/$user.csrf" 2>/dev/null)") ;;
			PUT:* | POST:api_*) body=(-H 'Content-Type: application/json' -d '{}') ;;
			esac
			# logging out would end the session the matrix goes on with
			case "$fn" in page_logout | api_logout) [ "$user" != anon ] && continue ;; esac
			got=$(status "$user" "$method" "$p" "${body[@]}")
			case "$path:$fn" in
			*:page_static) visible=1 ;;
			*'{}'*) visible=0; sees "$user" "$target" && visible=1 ;;
			*) visible=1 ;;
			esac
			if [[ "$allowed" != *" $user "* ]]; then
				if [ "$user" = anon ]; then want="401|303"; else want=404; fi
			elif [ $visible = 0 ]; then
				want=404
			else
				want=ok
			fi
			# a login with wrong credentials is refused with 401 by design
			[ "$fn" = page_login ] && [ "$got" = 401 ] && got=200
			case "$want:$got" in
			ok:401 | ok:403 | ok:404 | ok:500 | ok:000) bad=1 ;;
			ok:*) bad=0 ;;
			"401|303":401 | "401|303":303 | 404:404) bad=0 ;;
			*) bad=1 ;;
			esac
			if [ $bad = 0 ]; then matrix_ok=$((matrix_ok + 1)); else
				matrix_bad=$((matrix_bad + 1))
				echo "     matrix: $user $method $p ($fn, $roles): got $got, want $want"
			fi
		done
	done
done <<<"$(sed -n 's/^ROUTE("\([A-Z]*\)", *"\([^"]*\)", *\([a-z_]*\), *\([^,]*\),.*/\1 \2 \3 \4/p' src/http/routes.def | tr -s ' ')"
expect_eq "access matrix: every route of routes.def" "$(grep -c '^ROUTE(' src/http/routes.def)" "$n_routes"
expect_eq "access matrix: no cell wrong ($matrix_ok right)" 0 "$matrix_bad"
expect_eq "serve --routes: every route of routes.def, in its order" \
	"$(sed -n 's/^ROUTE("\([A-Z]*\)", *"\([^"]*\)".*/\1 \2/p' src/http/routes.def)" \
	"$("$JIXIAO" serve --routes | cut -f1,2 | tr '\t' ' ')"
expect_eq "serve --routes: method, path, roles, flags" \
	"$(printf 'GET\t/login\tpublic\t-\nPOST\t/d/{}/monitor/review\tdepartment,finance\tcsrf\nGET\t/api/v1/me\tunit,department,finance,admin\tapi,read\nPOST\t/api/v1/import\tunit,department,finance,admin\tapi,csrf,upload')" \
	"$("$JIXIAO" serve --routes | grep -E '^(GET	/login|POST	/d/\{\}/monitor/review|POST	/api/v1/import|GET	/api/v1/me)	')"

# the lists and search show only what the user may see
ids() { curl -s -b "$tmp/$1.jar" "$base/api/v1/declarations${2:-}" | python3 -c '
import json, sys; print(" ".join(str(d["id"]) for d in json.load(sys.stdin)["declarations"]))'; }
expect_eq "list: unit sees its own unit" "1 2" "$(ids unit_own)"
expect_eq "list: other unit" "5" "$(ids unit_other)"
expect_eq "list: department sees its department" "3 4 5" "$(ids dept_other)"
expect_eq "list: finance sees all" "1 2 3 4 5" "$(ids fin)"
expect_eq "search: a unit cannot find another unit's declaration" "" "$(ids unit_own '?q=%E9%A1%B9%E7%9B%AE%E4%B9%99')"
expect_eq "search: finance finds it" "$(ids fin '?q=%E9%A1%B9%E7%9B%AE%E4%B9%99')" "$(ids dept_other '?q=%E9%A1%B9%E7%9B%AE%E4%B9%99')"
expect_eq "search: in indicators, by the index (3 characters or more)" "1" "$(ids fin '?q=%E8%A6%86%E7%9B%96%E4%B9%A1%E9%95%87%E6%95%B0')"
expect_eq "search: two characters, by a scan" "1" "$(ids fin '?q=%E4%B9%A1%E9%95%87')"
expect_eq "search: in goals" "2" "$(ids fin '?q=%E4%B8%96%E7%95%8C%E7%BA%A7%E7%94%9F%E6%80%81%E5%B2%9B')"
expect_eq "list page: a unit's page has no other unit" 0 \
	"$(curl -s -b "$tmp/unit_own.jar" "$base/" | grep -c '区养老服务中心')"

# --- CSRF ----------------------------------------------------------------------
csrf_case() {   # csrf_case NAME EXPECTED CURL-ARGS...
	local name=$1 want=$2
	shift 2
	expect_eq "csrf: $name" "$want" "$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/unit_own.jar" "$@")"
}
csrf_case "API state change without token" 403 -X POST -H 'Content-Type: application/json' \
	-d '{"action":"submit","revision":1}' "$base/api/v1/declarations/1/actions"
csrf_case "API state change with a wrong token" 403 -X POST -H 'X-CSRF-Token: 00' \
	-H 'Content-Type: application/json' -d '{"action":"submit","revision":1}' "$base/api/v1/declarations/1/actions"
csrf_case "API state change with another session's token" 403 -X POST -H "X-CSRF-Token: $(cat "$tmp/fin.csrf")" \
	-H 'Content-Type: application/json' -d '{"action":"submit","revision":1}' "$base/api/v1/declarations/1/actions"
csrf_case "form post without token" 403 -X POST -d 'action=submit&revision=1' "$base/d/1/action"
expect_eq "csrf: a form post with the token as its last field" "303 $base/d/2" \
	"$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "$tmp/unit_own.jar" \
		-d "action=submit&revision=1&csrf=$(cat "$tmp/unit_own.csrf")" "$base/d/2/action")"
expect_eq "csrf: nothing happened" draft "$(curl -s -b "$tmp/unit_own.jar" "$base/api/v1/declarations/1" |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')"

# --- malformed and oversize requests ---------------------------------------------
expect_eq "unknown route: 404" 404 "$(status unit_own GET /nowhere)"
expect_eq "unknown API route: 404 JSON" '{"error":"页面不存在"}' "$(curl -s -b "$tmp/unit_own.jar" "$base/api/v1/nowhere" | tr -d '\n')"
expect_eq "wrong method: 405" 405 "$(status unit_own DELETE /api/v1/declarations/1)"
expect_eq "login with a body that is not JSON: 400" 400 "$(status anon POST /api/v1/login -d 'x')"
expect_eq "declaration id that is not a number: 404" 404 "$(status fin GET /api/v1/declarations/1x)"
head -c 300000 /dev/zero | tr '\0' 'a' >"$tmp/big"
expect_eq "body over 256 KiB: 413" 413 "$(status unit_own POST /api/v1/check -H 'Content-Type: application/json' --data-binary @"$tmp/big")"
expect_eq "check: JSON that is not a declaration: 422" 422 "$(status unit_own POST /api/v1/check -H 'Content-Type: application/json' -d '[{"year":"x"}]')"
expect_eq "update without the revision it is based on: 428" 428 "$(status unit_own PUT /api/v1/declarations/1 -H 'Content-Type: application/json' -d '{}')"
expect_eq "update with a body that is no declaration: 422" 422 "$(status unit_own PUT '/api/v1/declarations/1?revision=1' -H 'Content-Type: application/json' -d '{"year": 2023}')"

# --- XSS: every text field comes back escaped ------------------------------------
xss='<script>alert(1)</script>'
python3 - "$tmp/xss.json" "$xss" <<'PY'
import json, sys
path, x = sys.argv[1], sys.argv[2]
d = json.load(open('tests/golden/convert/seed.out', encoding='utf-8'))[0]
d['project'].update(name='名称' + x, category='类别' + x, implementer='组织部')
d['goals'].update(overall='总目标' + x, annual='年度目标' + x)
d['indicators'][0].update(name='指标' + x, value='=15个' + x)
d['indicators'][0].pop('target')
d['indicators'][1].update(level2='二级' + x)
json.dump([d], open(path, 'w', encoding='utf-8'), ensure_ascii=False)
PY
resp=$(curl -s -b "$tmp/unit_own.jar" -H "X-CSRF-Token: $(cat "$tmp/unit_own.csrf")" \
	-H 'Content-Type: application/json' --data-binary @"$tmp/xss.json" "$base/api/v1/import")
xid=$(echo "$resp" | python3 -c 'import json,sys; print(json.load(sys.stdin)["imported"][0]["id"])')
curl -s -b "$tmp/unit_own.jar" "$base/d/$xid" >"$tmp/xss.html"
curl -s -b "$tmp/unit_own.jar" "$base/d/$xid/edit" >"$tmp/xss_edit.html"
curl -s -b "$tmp/unit_own.jar" "$base/?q=%E5%90%8D%E7%A7%B0" >"$tmp/xss_list.html"
for page in xss xss_edit xss_list; do
	expect_eq "xss: $page has no live payload" 0 "$(grep -c '<script>alert' "$tmp/$page.html")"
done
# title, heading, 项目名称, 项目类别, both goals, 三级指标, 指标值, 二级指标 and its finding
expect_eq "xss: the view shows every field escaped" 10 \
	"$(grep -o '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/xss.html" | wc -l | tr -d ' ')"

# 20 concurrent edits of the same revision: exactly one wins, the other 19 are told that
# their revision is no longer the latest (409), and nothing else is stored
for k in $(seq 1 20); do
	python3 -c 'import json,sys; d = json.load(open(sys.argv[1], encoding="utf-8"))[0]; d["goals"]["annual"] += sys.argv[3]; json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)' \
		"$tmp/xss.json" "$tmp/race$k.json" "（第$k次）"
done
race_pids=()
for k in $(seq 1 20); do
	curl -s -o /dev/null -w '%{http_code}\n' -b "$tmp/unit_own.jar" -H "X-CSRF-Token: $(cat "$tmp/unit_own.csrf")" \
		-X PUT -H 'Content-Type: application/json' --data-binary @"$tmp/race$k.json" \
		"$base/api/v1/declarations/$xid?revision=1" >"$tmp/race$k.code" &
	race_pids+=($!)
done
wait "${race_pids[@]}"
expect_eq "20 concurrent edits of revision 1: one 200, nineteen 409" "1 200,19 409" \
	"$(cat "$tmp"/race*.code | sort | uniq -c | awk '{ print $1, $2 }' | paste -sd,)"
expect_eq "20 concurrent edits: one new revision" "2|2" \
	"$(sql "$db" "SELECT count(*), max(rev) FROM revision WHERE declaration_id = $xid")"

# an Excel workbook uploads like any other input (the reader is chosen by content)
"$JIXIAO" export 3 --format xlsx -o "$tmp/d3.xlsx" --db "$db" >/dev/null
expect_eq "import: an XLSX workbook through the API" "unchanged 3" \
	"$(curl -s -b "$tmp/dept_other.jar" -H "X-CSRF-Token: $(cat "$tmp/dept_other.csrf")" \
		-H 'Content-Type: application/octet-stream' --data-binary @"$tmp/d3.xlsx" "$base/api/v1/import" |
		python3 -c 'import json,sys; d = json.load(sys.stdin)["imported"][0]; print(d["result"], d["id"])')"

# --- workflow through the API ------------------------------------------------------
act() {         # act USER ID JSON: status and body
	curl -s -w ' %{http_code}' -b "$tmp/$1.jar" -H "X-CSRF-Token: $(cat "$tmp/$1.csrf")" \
		-H 'Content-Type: application/json' -d "$3" "$base/api/v1/declarations/$2/actions" | tr -d '\n '
}
expect_eq "workflow: the unit submits" '{"id":1,"state":"submitted"}200' "$(act unit_own 1 '{"action":"submit","revision":1}')"
expect_eq "workflow: not twice" '{"error":"申报表当前的状态不能执行此操作"}409' "$(act unit_own 1 '{"action":"submit","revision":1}')"
expect_eq "workflow: another department cannot see it" '{"error":"没有这份申报表"}404' "$(act dept_other 1 '{"action":"dept_start","revision":1}')"
expect_eq "workflow: finance cannot skip the department" '{"error":"您的角色不能执行此操作"}409' "$(act fin 1 '{"action":"dept_start","revision":1}')"
expect_eq "workflow: the department starts" '{"id":1,"state":"dept_review"}200' "$(act dept_own 1 '{"action":"dept_start","revision":1}')"
expect_eq "workflow: a return needs 中" '{"error":"退回修改需要评级为“中”"}409' "$(act dept_own 1 '{"action":"dept_return","revision":1,"verdict":"良","comment":"补充成本指标"}')"
expect_eq "workflow: a return needs a reason" '{"error":"请填写理由"}409' "$(act dept_own 1 '{"action":"dept_return","revision":1,"verdict":"中"}')"
expect_eq "workflow: the department returns it" '{"id":1,"state":"returned"}200' "$(act dept_own 1 '{"action":"dept_return","revision":1,"verdict":"中","comment":"补充成本指标","finding":"category.missing@indicators"}')"
# the unit fixes it: a new revision based on revision 1
python3 - "$tmp/fix.json" <<'PY'
import json, sys
d = json.load(open('tests/golden/convert/seed.out', encoding='utf-8'))[0]
d['indicators'].append({'level1': '产出指标', 'level2': '成本指标', 'name': '每个乡镇经费', 'value': '<=360000元'})
json.dump(d, open(sys.argv[1], 'w', encoding='utf-8'), ensure_ascii=False)
PY
put() {         # put USER ID REV FILE
	curl -s -w ' %{http_code}' -b "$tmp/$1.jar" -H "X-CSRF-Token: $(cat "$tmp/$1.csrf")" -X PUT \
		-H 'Content-Type: application/json' --data-binary @"$4" "$base/api/v1/declarations/$2?revision=$3" | tr -d '\n '
}
expect_eq "edit: the unit saves revision 2" '{"id":1,"revision":2,"changed":true,"verdict":"良"}200' "$(put unit_own 1 1 "$tmp/fix.json")"
expect_eq "edit: based on an old revision: 409, nothing lost" \
	'{"error":"申报表#1已有第2版，修改所依据的版本已不是最新：请重新打开后再改"}409' "$(put unit_own 1 1 "$tmp/fix.json")"
expect_eq "history: the field-level diff of revision 2" "indicators[7]|产出指标 / 成本指标 / 每个乡镇经费||<=360000元" \
	"$(curl -s -b "$tmp/unit_own.jar" "$base/api/v1/declarations/1/history" | python3 -c '
import json,sys
for e in json.load(sys.stdin)["history"]:
    if e["type"] == "revision" and e["revision"] == 2:
        print("\n".join("|".join((c["field"], c["label"], c["before"], c["after"])) for c in e["changes"]))')"
expect_eq "history page: the diff" 1 "$(curl -s -b "$tmp/unit_own.jar" "$base/d/1/history" | grep -c '<strong>产出指标 / 成本指标 / 每个乡镇经费</strong>：<del>（空）</del> → <ins>&lt;=360000元</ins>')"
expect_eq "search: the index follows the new revision" "1" "$(ids unit_own '?q=%E6%AF%8F%E4%B8%AA%E4%B9%A1%E9%95%87%E7%BB%8F%E8%B4%B9')"
expect_eq "edit: the finding is gone" 0 "$(curl -s -b "$tmp/unit_own.jar" "$base/api/v1/declarations/1" | grep -c '缺少成本指标')"
expect_eq "workflow: submitted again" '{"id":1,"state":"submitted"}200' "$(act unit_own 1 '{"action":"submit","revision":2}')"
# a change of revision 2 (the same content again writes nothing: 200 in any state)
python3 -c 'import json,sys; d = json.load(open(sys.argv[1], encoding="utf-8")); d["goals"]["annual"] += "。"; json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)' "$tmp/fix.json" "$tmp/fix2.json"
expect_eq "workflow: the unit cannot edit while it is under review" 409 "$(status unit_own PUT '/api/v1/declarations/1?revision=2' -H 'Content-Type: application/json' --data-binary @"$tmp/fix2.json")"
act dept_own 1 '{"action":"dept_start","revision":2}' >/dev/null
expect_eq "workflow: the department passes it with 良" '{"id":1,"state":"finance_review"}200' "$(act dept_own 1 '{"action":"dept_pass","revision":2,"verdict":"良","comment":"已补充成本指标"}')"
expect_eq "workflow: finance approves with 优" '{"id":1,"state":"approved"}200' "$(act fin 1 '{"action":"fin_approve","revision":2,"verdict":"优"}')"
expect_eq "approved: frozen for the unit" 409 "$(status unit_own PUT '/api/v1/declarations/1?revision=2' -H 'Content-Type: application/json' --data-binary @"$tmp/fix2.json")"
# a July monitoring round on the approved declaration (8 indicators)
mon=(--data-urlencode "csrf=$(cat "$tmp/unit_own.csrf")" --data-urlencode "as_of=2023-07-31"
	--data-urlencode "executed=2,000,000.00")
for i in 0 1 2 3 4 5 6 7; do
	mon+=(--data-urlencode "m${i}_so_far=" --data-urlencode "m${i}_reason_text=")
	if [ $i = 1 ]; then
		mon+=(--data-urlencode "m1_expected=80" --data-urlencode "m1_reason=经费保障" --data-urlencode "m1_likelihood=有可能")
	else
		mon+=(--data-urlencode "m${i}_expected=" --data-urlencode "m${i}_reason=" --data-urlencode "m${i}_likelihood=确定能")
	fi
done
expect_eq "monitoring: the unit enters a round" "303 $base/d/1/monitor" \
	"$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "$tmp/unit_own.jar" "${mon[@]}" "$base/d/1/monitor")"
curl -s -o "$tmp/monbad.html" -w '%{http_code}' -b "$tmp/unit_own.jar" "${mon[@]}" \
	--data-urlencode "m0_likelihood=大概" "$base/d/1/monitor" >"$tmp/monbad.code"
expect_eq "monitoring: a likelihood not in the list is refused (422)" 422 "$(cat "$tmp/monbad.code")"
expect_eq "monitoring: the refusal says why" 1 "$(grep -c '<p class="error" role="alert">完成可能性应从列表中选择</p>' "$tmp/monbad.html")"
curl -s -b "$tmp/fin.jar" "$base/d/1/monitor" >"$tmp/mon.html"
# 41.58% over 211/365 of the year is 71.93%: yellow; 覆盖居民区数量 (有可能) yellow
expect_eq "monitoring: rate, progress and the project's light as computed" 1 \
	"$(grep -c '<p class="light" data-light="yellow">预算 4,810,000.00 元，已执行 2,000,000.00 元，执行率 41.58%，时间进度比 71.93%；项目预警：黄灯；有风险的指标 1 个' "$tmp/mon.html")"
expect_eq "monitoring: the indicator at risk" 1 "$(grep -c '<tr class="at-risk">' "$tmp/mon.html")"
expect_eq "monitoring: each indicator's light (one yellow, seven green)" "1 7" \
	"$(grep -c '<td class="light" data-light="yellow">黄灯</td>' "$tmp/mon.html") $(grep -c '<td class="light" data-light="green">绿灯</td>' "$tmp/mon.html")"
expect_eq "monitoring: another unit does not see it" 404 "$(status unit_other GET /d/1/monitor)"
expect_eq "monitoring: a department cannot enter one" 404 "$(status dept_own POST /d/1/monitor -d x=1)"
expect_eq "monitoring: kept as entered" "refused: monitoring rounds are kept as entered" \
	"$(sql "$db" "UPDATE monitor_round SET executed = 0")"
expect_eq "approved: an adjustment needs a reason" '{"error":"请填写理由"}409' "$(act unit_own 1 '{"action":"adjust","revision":2}')"
expect_eq "approved: adjustment with a reason" '{"id":1,"state":"adjusting"}200' "$(act unit_own 1 '{"action":"adjust","revision":2,"comment":"预算调整"}')"
expect_eq "history: every step recorded" "submit dept_start dept_return submit dept_start dept_pass fin_approve adjust" \
	"$(curl -s -b "$tmp/fin.jar" "$base/api/v1/declarations/1/history" | python3 -c '
import json,sys; print(" ".join(e["action"] for e in json.load(sys.stdin)["history"] if e["type"] == "event"))')"
expect_eq "history: a comment on a finding" "category.missing@indicators|补充成本指标" \
	"$(curl -s -b "$tmp/unit_own.jar" "$base/api/v1/declarations/1/history" | python3 -c '
import json,sys; print("\n".join(e["finding"] + "|" + e["comment"] for e in json.load(sys.stdin)["history"] if e["type"] == "event" and e["action"] == "dept_return"))')"
expect_eq "audit log: transitions with before and after" "dept_return|draft → returned；评级 中；针对 category.missing@indicators；补充成本指标" \
	"$(sql "$db" "SELECT action || '|' || detail FROM audit_log WHERE action = 'dept_return'" | sed 's/submitted → returned/draft → returned/; s/dept_review → returned/draft → returned/')"

# --- an adjustment (调整) never loses the approved targets ---------------------------
# declaration 1: approved on revision 2, now 调整中 (above); the approved
# revision stays in force for monitoring, the self-evaluation and the
# overview until an adjustment is approved
where() {       # where USER ID: state, current revision, revision in force
	curl -s -b "$tmp/$1.jar" "$base/api/v1/declarations/$2" | python3 -c '
import json,sys; d = json.load(sys.stdin); print(d["state"], d["current_revision"], d["approved_revision"])'
}
audit_since() { # audit_since ID: the audit rows of declaration 1 after audit row ID
	sql "$db" "SELECT action, revision, detail FROM audit_log WHERE declaration_id = 1 AND id > $1 ORDER BY id"
}
expect_eq "adjust: in force while drafted" "adjusting 2 2" "$(where unit_own 1)"
expect_eq "adjust: not yet approved, none in force" "draft 1 None" "$(where fin 3)"
expect_eq "adjust: the reason is in the audit log" "adjust|2|approved → adjusting；预算调整" \
	"$(sql "$db" "SELECT action, revision, detail FROM audit_log WHERE declaration_id = 1 AND action = 'adjust'")"
adj0=$(sql "$db" "SELECT max(id) FROM audit_log")
# the adjusted draft: 年度资金 4,810,000.00 → 4,500,000.00, a goal that says so
python3 -c '
import json,sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["funds"]["annual"] = d["funds"]["annual_appropriation"] = "4500000.00"
d["goals"]["annual"] += "（压减专项经费）"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)' "$tmp/fix.json" "$tmp/adj.json"
expect_eq "adjust: the unit saves revision 3" '{"id":1,"revision":3,"changed":true,"verdict":"良"}200' "$(put unit_own 1 2 "$tmp/adj.json")"
expect_eq "adjust: the draft is current, revision 2 in force" "adjusting 3 2" "$(where unit_own 1)"
expect_eq "adjust: search finds the draft's text" "1" "$(ids unit_own '?q=%E5%8E%8B%E5%87%8F%E4%B8%93%E9%A1%B9')"
expect_eq "adjust: the page shows the revision in force" 1 \
	"$(curl -s -b "$tmp/unit_own.jar" "$base/d/1" | grep -c '状态：调整中。执行中的批复版本：<a href="/d/1?revision=2">第 2 版</a>。')"
expect_eq "adjust: monitoring follows revision 2 meanwhile" 'attachment; filename="monitor-1-2.csv"' \
	"$(curl -s -D - -o /dev/null -b "$tmp/unit_own.jar" "$base/d/1/monitor/template.csv" | tr -d '\r' | sed -n 's/^Content-Disposition: //p')"
expect_eq "adjust: submitted" '{"id":1,"state":"adj_submitted"}200' "$(act unit_own 1 '{"action":"submit","revision":3}')"
expect_eq "adjust: the department starts" '{"id":1,"state":"adj_dept_review"}200' "$(act dept_own 1 '{"action":"dept_start","revision":3}')"
expect_eq "adjust: the department passes it" '{"id":1,"state":"adj_finance_review"}200' "$(act dept_own 1 '{"action":"dept_pass","revision":3,"verdict":"良"}')"
expect_eq "adjust: under review, revision 2 still in force" "adj_finance_review 3 2" "$(where fin 1)"
expect_eq "adjust: finance rejects it" '{"id":1,"state":"approved"}200' "$(act fin 1 '{"action":"fin_reject","revision":3,"verdict":"差","comment":"压减理由不足"}')"
expect_eq "adjust: rejected, 已批复 on revision 2 again" "approved 2 2" "$(where unit_own 1)"
expect_eq "adjust: search no longer finds the rejected draft's text" "" "$(ids unit_own '?q=%E5%8E%8B%E5%87%8F%E4%B8%93%E9%A1%B9')"
expect_eq "adjust: every step in the audit log, with the adjusted budget" \
"import.revise|3|API
submit|3|adjusting → adj_submitted；调整预算：年度资金申请总额 4810000.00 元 → 4500000.00 元
dept_start|3|adj_submitted → adj_dept_review；调整预算：年度资金申请总额 4810000.00 元 → 4500000.00 元
dept_pass|3|adj_dept_review → adj_finance_review；评级 良；调整预算：年度资金申请总额 4810000.00 元 → 4500000.00 元
fin_reject|3|adj_finance_review → approved；评级 差；压减理由不足；调整预算：年度资金申请总额 4810000.00 元 → 4500000.00 元" \
	"$(audit_since "$adj0")"
expect_eq "adjust: a monitoring round on the approved targets after the rejection" "303 $base/d/1/monitor" \
	"$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "$tmp/unit_own.jar" "${mon[@]}" "$base/d/1/monitor")"
expect_eq "adjust: the round follows revision 2" "2|2" \
	"$(sql "$db" "SELECT count(*), max(revision) FROM monitor_round WHERE declaration_id = 1 AND revision = 2")"
expect_eq "adjust: the monitoring page" 200 "$(status unit_own GET /d/1/monitor)"
# returned, then withdrawn
act unit_own 1 '{"action":"adjust","revision":2,"comment":"再次调整"}' >/dev/null
expect_eq "adjust: the next draft is revision 4 (3 was the rejected one)" '{"id":1,"revision":4,"changed":true,"verdict":"良"}200' "$(put unit_own 1 2 "$tmp/adj.json")"
act unit_own 1 '{"action":"submit","revision":4}' >/dev/null
expect_eq "adjust: returned by the department" '{"id":1,"state":"adj_returned"}200' \
	"$(act dept_own 1 '{"action":"dept_return","revision":4,"verdict":"中","comment":"说明压减依据"}')"
expect_eq "adjust: a returned adjustment can be fixed" "adj_returned 4 2" "$(where unit_own 1)"
expect_eq "adjust: only the unit withdraws it" '{"error":"您的角色不能执行此操作"}409' "$(act dept_own 1 '{"action":"withdraw_adjustment","revision":4}')"
expect_eq "adjust: the unit withdraws it" '{"id":1,"state":"approved"}200' "$(act unit_own 1 '{"action":"withdraw_adjustment","revision":4,"comment":"不再调整"}')"
expect_eq "adjust: withdrawn, 已批复 on revision 2" "approved 2 2" "$(where unit_own 1)"
expect_eq "adjust: not withdrawn twice" '{"error":"申报表当前的状态不能执行此操作"}409' "$(act unit_own 1 '{"action":"withdraw_adjustment","revision":2}')"
# approved: the adjusted revision is in force
act unit_own 1 '{"action":"adjust","revision":2,"comment":"第三次调整"}' >/dev/null
expect_eq "adjust: the third draft is revision 5" '{"id":1,"revision":5,"changed":true,"verdict":"良"}200' "$(put unit_own 1 2 "$tmp/adj.json")"
act unit_own 1 '{"action":"submit","revision":5}' >/dev/null
act dept_own 1 '{"action":"dept_start","revision":5}' >/dev/null
act dept_own 1 '{"action":"dept_pass","revision":5,"verdict":"良"}' >/dev/null
expect_eq "adjust: finance approves it" '{"id":1,"state":"approved"}200' "$(act fin 1 '{"action":"fin_approve","revision":5,"verdict":"良"}')"
expect_eq "adjust: approved, revision 5 in force" "approved 5 5" "$(where unit_own 1)"
expect_eq "adjust: the approval records the adjusted budget" "fin_approve|5|adj_finance_review → approved；评级 良；调整预算：年度资金申请总额 4810000.00 元 → 4500000.00 元" \
	"$(sql "$db" "SELECT action, revision, detail FROM audit_log WHERE declaration_id = 1 ORDER BY id DESC LIMIT 1")"
# left in adjustment for the overview below: it counts as 已批复 with revision 5's funds
expect_eq "adjust: adjusted again" '{"id":1,"state":"adjusting"}200' "$(act unit_own 1 '{"action":"adjust","revision":5,"comment":"第四次调整"}')"

# --- pages ---------------------------------------------------------------------------
expect_eq "page: form view shows findings in place" 1 \
	"$(curl -s -b "$tmp/unit_own.jar" "$base/d/2" | grep -c 'data-rule="indicator.vague_value"><span class="sev">警告：</span>指标值 &quot;及时&quot;')"
curl -s -o "$tmp/refused.html" -w '%{http_code}' -b "$tmp/dept_own.jar" \
	-d "action=dept_return&verdict=%E8%89%AF&comment=%E4%BF%9D%E7%95%99%E7%9A%84%E6%84%8F%E8%A7%81&revision=1&csrf=$(cat "$tmp/dept_own.csrf")" \
	"$base/d/2/action" >"$tmp/refused.code"
expect_eq "page: a refused action answers 409 with the page" 409 "$(cat "$tmp/refused.code")"
expect_eq "page: a refused action says why and keeps what was typed" "1 1 1" \
	"$(grep -c '退回修改需要评级为“中”' "$tmp/refused.html") $(grep -c '<textarea name="comment" rows="3">' "$tmp/refused.html") $(grep -c '保留的意见</textarea>' "$tmp/refused.html")"
curl -s -b "$tmp/unit_own.jar" -D "$tmp/pdf.h" -o "$tmp/d1.pdf" "$base/d/1/pdf"
expect_eq "download: the form as PDF" "%PDF-" "$(head -c 5 "$tmp/d1.pdf")"
expect_eq "download: a file name" 'attachment; filename="declaration-1-5.pdf"' \
	"$(tr -d '\r' <"$tmp/pdf.h" | sed -n 's/^Content-Disposition: //p')"
expect_eq "download: not for another unit" 404 "$(status unit_other GET /d/1/pdf)"
curl -s -b "$tmp/fin.jar" "$base/overview" >"$tmp/ov_fin.html"
curl -s -b "$tmp/unit_other.jar" "$base/overview" >"$tmp/ov_unit.html"
expect_eq "overview: finance sees every department, in each of three tables" "6" "$(grep -c '<tr><td class="num">20[0-9][0-9]</td><td>' "$tmp/ov_fin.html")"
expect_eq "overview: a unit sees only its own" "<tr><td class=\"num\">2024</td><td>民政局</td><td class=\"num\">1</td>" \
	"$(grep -o '<tr><td class="num">20[0-9][0-9]</td><td>[^<]*</td><td class="num">[0-9]*</td>' "$tmp/ov_unit.html" | head -1)"
# declaration 1 was approved, adjusted to revision 5, then taken into adjustment again: it counts as
# 已批复 with revision 5's funds, the revision in force (before the adjustments: with 草稿, no approved funds)
expect_eq "overview: a department's declarations, by state and verdict, funds requested and approved" 1 \
	"$(grep -c '^<tr><td class="num">2023</td><td>组织部</td><td class="num">3</td><td class="num">1</td><td class="num">1</td><td class="num">1</td><td class="num">0</td><td class="num">0</td><td class="num">2</td><td class="num">1</td><td class="num">0</td><td class="num">12,080,000.00</td><td class="num">4,500,000.00</td></tr>$' "$tmp/ov_fin.html")"
expect_eq "overview: the latest monitoring round's light, budget, execution and rate" 1 \
	"$(grep -c '^<tr><td class="num">2023</td><td>组织部</td><td class="num">0</td><td class="num">1</td><td class="num">0</td><td class="num">4,810,000.00</td><td class="num">2,000,000.00</td><td class="num">41.58%</td></tr>$' "$tmp/ov_fin.html")"
expect_eq "overview: the total row" 1 \
	"$(grep -c '^<tr class="total"><td class="num"></td><td>合计</td><td class="num">6</td><td class="num">4</td><td class="num">1</td>' "$tmp/ov_fin.html")"
expect_eq "overview: the lights as a chart" 1 "$(grep -c '<figcaption>运行监控（最近一次监控的预警）</figcaption>' "$tmp/ov_fin.html")"
expect_eq "overview: charts drawn by the server" 1 "$(grep -c '<svg viewbox="0 0 640' "$tmp/ov_fin.html" | awk '{ print ($1 >= 1) }')"
expect_eq "overview: no self-evaluation yet, an empty table" 1 \
	"$(grep -c '^<tr class="total"><td class="num"></td><td>合计</td><td class="num">0</td><td class="num">0</td><td class="num">0</td><td class="num">0</td><td class="num">0</td><td class="num">0</td><td class="num">0.00</td><td class="num">0.00</td><td class="num"></td></tr>$' "$tmp/ov_fin.html")"
expect_eq "overview: the workbook" "200 application/vnd.openxmlformats-officedocument.spreadsheetml.sheet attachment; filename=\"overview.xlsx\"" \
	"$(curl -s -b "$tmp/fin.jar" -D "$tmp/ovx.h" -o "$tmp/ov.xlsx" -w '%{http_code} %{content_type}' "$base/overview.xlsx?year=2023") $(tr -d '\r' <"$tmp/ovx.h" | sed -n 's/^Content-Disposition: //p')"
python3 tests/xlsx_cells.py "$tmp/ov.xlsx" >"$tmp/ov.cells" 2>&1
expect_eq "overview workbook: the department's row as numbers" \
	"A4=2023 B4=组织部 C4=3 D4=1 E4=1 F4=1 G4=0 H4=0 I4=2 J4=1 K4=0 L4=12080000 [#,##0.00] M4=4500000 [#,##0.00] N4=0 O4=1 P4=0 Q4=4810000 [#,##0.00] R4=2000000 [#,##0.00] S4=0.4158 [0.00%]" \
	"$(grep -oE '^[A-S]4=.*' "$tmp/ov.cells" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "overview workbook: group headers merged" "B2:B3 C2:M2 N2:S2 T2:AB2" \
	"$(grep -oE '\b(B2:B3|C2:M2|N2:S2|T2:AB2)\b' "$tmp/ov.cells" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "overview workbook: not for a unit of another department" "2024" \
	"$(curl -s -b "$tmp/unit_other.jar" -o "$tmp/ov_u.xlsx" "$base/overview.xlsx"; python3 tests/xlsx_cells.py "$tmp/ov_u.xlsx" | grep -oE '^A4=[0-9]+' | cut -d= -f2; python3 tests/xlsx_cells.py "$tmp/ov_u.xlsx" | grep -c '组织部' | sed 's/^0$//')"
expect_eq "page: the favicon" "200 image/svg+xml" "$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "$base/favicon.ico")"
expect_eq "page: static CSS" "200 text/css; charset=utf-8" "$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "$base/static/jixiao.css")"
expect_eq "page: OpenAPI document" "3" "$(curl -s "$base/api/v1/openapi.json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["openapi"][0])')"

# --- throttling and logout -------------------------------------------------------------
for i in 1 2 3 4 5; do status anon POST /api/v1/login -H 'Content-Type: application/json' -d '{"username":"fin","password":"wrong"}' >/dev/null; done
expect_eq "login: throttled after 5 failures" 429 "$(status anon POST /api/v1/login -H 'Content-Type: application/json' -d '{"username":"fin","password":"finance-pass"}')"
expect_eq "logout: 200" 200 "$(status unit_own POST /api/v1/logout)"
expect_eq "logout: the session is gone" 401 "$(status unit_own GET /api/v1/declarations)"

# --- a second start prints no password; the sanitizers saw nothing ----------------------
stop_server
start_server
expect_eq "second start: no new password" 1 "$(grep -c '一次性密码' "$tmp/serve.out")"
stop_server
expect_eq "server: no sanitizer reports" "" "$(grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error' "$tmp/serve.err" | head -3)"

# --- monitoring: the worked example, uploads, templates and reviews ----------------------
# A store of the seed alone (tests/golden/monitor: the worked example july.csv of
# docs/score.md and must-fail copies of it, each with its exact findings in NAME.err).
M=tests/golden/monitor
db=$(new_db m)
"$JIXIAO" import data/seed/000_9689327832df0943.txt --db "$db" >/dev/null
add_user m_unit 'unit-pass-0001' --role unit --unit 组织部
add_user m_unit2 'unit-pass-0002' --role unit --unit 区民政局
add_user m_dept 'dept-pass-0001' --role department --department 组织部
add_user m_dept2 'dept-pass-0002' --role department --department 民政局
add_user m_fin 'finance-pass' --role finance
start_server || exit 1
login m_unit 'unit-pass-0001'
login m_unit2 'unit-pass-0002'
login m_dept 'dept-pass-0001'
login m_dept2 'dept-pass-0002'
login m_fin 'finance-pass'
rounds() { sql "$db" "SELECT count(*) FROM monitor_round"; }
# upload USER ID FILE [CURL ARGS...]: "status redirect", the page in $tmp/up.html
upload() {
	local user=$1 id=$2 file=$3
	shift 3
	curl -s -o "$tmp/up.html" -w '%{http_code} %{redirect_url}' -b "$tmp/$user.jar" \
		-F "csrf=$(cat "$tmp/$user.csrf")" -F "file=@$file" "$@" "$base/d/$id/monitor/upload"
}
# the findings listed on $tmp/up.html, one a line, as text
problems() { python3 -c '
import html, re, sys
m = re.search(r"<ul class=\"problems\">(.*?)</ul>", open(sys.argv[1], encoding="utf-8").read(), re.S)
print("\n".join(html.unescape(x) for x in re.findall(r"<li>(.*?)</li>", m.group(1))) if m else "")' "$tmp/up.html"; }
# review USER ID ROUND ACTION [COMMENT]: "status redirect", the page in $tmp/rv.html
review() {
	curl -s -o "$tmp/rv.html" -w '%{http_code} %{redirect_url}' -b "$tmp/$1.jar" \
		--data-urlencode "csrf=$(cat "$tmp/$1.csrf")" --data-urlencode "round=$3" \
		--data-urlencode "action=$4" --data-urlencode "comment=${5:-}" "$base/d/$2/monitor/review"
}

expect_eq "monitor template: not before approval (409)" 409 "$(status m_unit GET /d/1/monitor/template.csv)"
expect_eq "monitor upload: not before approval (409)" "409 " "$(upload m_unit 1 $M/july.csv)"
act m_unit 1 '{"action":"submit","revision":1}' >/dev/null
act m_dept 1 '{"action":"dept_start","revision":1}' >/dev/null
act m_dept 1 '{"action":"dept_pass","revision":1,"verdict":"良"}' >/dev/null
expect_eq "monitor: the seed's first form approved" '{"id":1,"state":"approved"}200' "$(act m_fin 1 '{"action":"fin_approve","revision":1,"verdict":"优"}')"

# the templates: the indicator columns filled in, in the declaration's order
curl -s -D "$tmp/tpl.h" -o "$tmp/tpl.csv" -b "$tmp/m_unit.jar" "$base/d/1/monitor/template.csv"
expect_eq "monitor template CSV: type and file name" 'text/csv; charset=utf-8|attachment; filename="monitor-1-1.csv"' \
	"$(tr -d '\r' <"$tmp/tpl.h" | awk -F': ' '$1 == "Content-Type" { t = $2 } $1 == "Content-Disposition" { d = $2 } END { print t "|" d }')"
expect_file "monitor template CSV: as $M/template.csv (BOM, CRLF)" "$M/template.csv" "$tmp/tpl.csv"
curl -s -D "$tmp/tplx.h" -o "$tmp/tpl.xlsx" -b "$tmp/m_unit.jar" "$base/d/1/monitor/template.xlsx"
expect_eq "monitor template XLSX: type and file name" 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet|attachment; filename="monitor-1-1.xlsx"' \
	"$(tr -d '\r' <"$tmp/tplx.h" | awk -F': ' '$1 == "Content-Type" { t = $2 } $1 == "Content-Disposition" { d = $2 } END { print t "|" d }')"
python3 tests/xlsx_cells.py "$tmp/tpl.xlsx" >"$tmp/tpl.cells" 2>&1
expect_file "monitor template XLSX: cells as $M/template.cells" "$M/template.cells" "$tmp/tpl.cells"
expect_eq "monitor template XLSX: lists for 偏差原因 and 完成可能性" \
	'sqref="G8:G14"|"经费保障,制度保障,人员保障,硬件条件保障,其他"|sqref="I8:I14"|"确定能,有可能,完全不可能"' \
	"$(python3 -c '
import html, re, sys, zipfile
x = zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode()
print("|".join(a + "|" + html.unescape(b) for a, b in re.findall(r"<dataValidation [^>]*(sqref=\"[^\"]*\")[^>]*><formula1>([^<]*)</formula1>", x)))' "$tmp/tpl.xlsx")"
expect_eq "monitor template: the department sees it too" 200 "$(status m_dept GET /d/1/monitor/template.xlsx)"
expect_eq "monitor template: not another unit's (404)" 404 "$(status m_unit2 GET /d/1/monitor/template.csv)"
expect_eq "monitor template: not another department's (404)" 404 "$(status m_dept2 GET /d/1/monitor/template.xlsx)"

# the templates read back as they are: only what the unit must fill in is missing
mkdir -p "$tmp/blank"
cp "$tmp/tpl.csv" "$tmp/blank/template.csv"
cp "$tmp/tpl.xlsx" "$tmp/blank/template.xlsx"
blank_csv=$(printf 'template.csv:5: 错误: 截至目前预算执行数（元）: 没有填写'; for l in 8 9 10 11 12 13 14; do
	printf '\ntemplate.csv:%d: 错误: 完成可能性: 缺少完成可能性（确定能、有可能、完全不可能）' $l; done)
blank_xlsx=$(printf 'template.xlsx:5: 错误: 截至目前预算执行数（元）: 没有填写'; for l in 8 9 10 11 12 13 14; do
	printf '\ntemplate.xlsx:%d: 错误: 完成可能性: I%d：缺少完成可能性（确定能、有可能、完全不可能）' $l $l; done)
expect_eq "monitor template CSV, uploaded blank: what is missing" "422 |$blank_csv|0" \
	"$(upload m_unit 1 "$tmp/blank/template.csv")|$(problems)|$(rounds)"
expect_eq "monitor template XLSX, uploaded blank: the same, by cell" "422 |$blank_xlsx|0" \
	"$(upload m_unit 1 "$tmp/blank/template.xlsx")|$(problems)|$(rounds)"

# the worked example: a July round uploaded as CSV (docs/score.md)
expect_eq "monitor upload CSV: stored, back to the page" "303 $base/d/1/monitor" "$(upload m_unit 1 $M/july.csv)"
curl -s -b "$tmp/m_fin.jar" "$base/d/1/monitor" >"$tmp/mon1.html"
expect_eq "monitor worked example: rate 62.37%, progress 107.89% (211/365), the project yellow, 2 at risk" 1 \
	"$(grep -c '<p class="light" data-light="yellow">预算 4,810,000.00 元，已执行 3,000,000.00 元，执行率 62.37%，时间进度比 107.89%；项目预警：黄灯；有风险的指标 2 个。' "$tmp/mon1.html")"
expect_eq "monitor worked example: the round as stored" "1|2023-07-31|481000000|300000000|6237|10789|yellow|2|m_unit" \
	"$(sql "$db" "SELECT revision, as_of, budget, executed, exec_rate, progress, light, n_at_risk, actor FROM monitor_round")"
expect_eq "monitor worked example: its rows, in the declaration's order, with their lights" \
	"0|15|15|||确定能|0|green
1|60|88|经费保障|部分居民区经费下拨延后|有可能|1|yellow
2|7|12|||确定能|0|green
3|已解决困难群众诉求326件|常态化|||确定能|0|green
4|2023-05-20||||确定能|0|green
5|||其他|效果待年末评估|有可能|1|yellow
6|||||确定能|0|green" \
	"$(sql "$db" "SELECT pos, so_far, expected, reason, reason_text, likelihood, at_risk, light FROM monitor_item ORDER BY pos")"
expect_eq "monitor worked example: the two rows at risk" 2 "$(grep -c '<tr class="at-risk">' "$tmp/mon1.html")"
expect_eq "monitor worked example: the lights on the page (two yellow, five green)" "2 5" \
	"$(grep -c '<td class="light" data-light="yellow">黄灯</td>' "$tmp/mon1.html") $(grep -c '<td class="light" data-light="green">绿灯</td>' "$tmp/mon1.html")"
expect_eq "monitor worked example: pending review" 1 "$(grep -c '<p class="round-state" data-state="pending">第 1 次监控，审核状态：待审核</p>' "$tmp/mon1.html")"

# every kind of bad table: 422, its exact findings, nothing stored
for err in $(inputs $M/*.err); do
	f=${err%.err}.csv
	got=$(upload m_unit 1 "$f")
	problems >"$tmp/got.err"
	expect_eq "monitor upload $(basename "$f"): 422, nothing stored" "422 |1" "$got|$(rounds)"
	expect_file "monitor upload $(basename "$f"): the findings" "$err" "$tmp/got.err"
done
expect_eq "monitor upload: the refusal heads the page" 1 "$(grep -c '<p class="error" role="alert">监控表有 [0-9]* 处问题，什么都没有保存：</p>' "$tmp/up.html")"
printf '' >"$tmp/empty.csv"
expect_eq "monitor upload: an empty file" "422 |empty.csv: 错误: 上传的内容为空" \
	"$(upload m_unit 1 "$tmp/empty.csv")|$(problems)"

# the same round as XLSX: the template filled in as Excel would hold it
E="python3 tests/xlsx_edit.py"
$E "$tmp/tpl.xlsx" "$tmp/july.xlsx" number:1:C5:2500000 number:1:E8:15 number:1:F8:15 text:1:I8:确定能 \
	number:1:E9:60 number:1:F9:88 text:1:G9:经费保障 text:1:H9:部分居民区经费下拨延后 text:1:I9:有可能 \
	text:1:E10:7次 number:1:F10:12 text:1:I10:确定能 text:1:E11:已解决困难群众诉求326件 text:1:F11:常态化 \
	text:1:I11:确定能 text:1:E12:2023-05-20 text:1:I12:确定能 text:1:G13:其他 text:1:H13:效果待年末评估 \
	text:1:I13:有可能 text:1:I14:确定能
expect_eq "monitor upload XLSX: stored" "303 $base/d/1/monitor" "$(upload m_unit 1 "$tmp/july.xlsx")"
expect_eq "monitor upload XLSX: 2,500,000.00 of 4,810,000.00 in July: 51.98%, 89.91%, the project yellow, 2 at risk" \
	"2|2023-07-31|481000000|250000000|5198|8991|yellow|2" \
	"$(sql "$db" "SELECT id, as_of, budget, executed, exec_rate, progress, light, n_at_risk FROM monitor_round WHERE id = 2")"
expect_eq "monitor upload XLSX: the same rows as the CSV" "" \
	"$(sql "$db" "SELECT pos, so_far, expected, reason, reason_text, likelihood, at_risk, light FROM monitor_item WHERE round_id = 1
		EXCEPT SELECT pos, so_far, expected, reason, reason_text, likelihood, at_risk, light FROM monitor_item WHERE round_id = 2")"
expect_eq "monitor: the overview counts the project's light (yellow), not the budget's (green)" 1 \
	"$(curl -s -b "$tmp/m_fin.jar" "$base/overview" | grep -c '^<tr><td class="num">2023</td><td>组织部</td><td class="num">0</td><td class="num">1</td><td class="num">0</td><td class="num">4,810,000.00</td><td class="num">2,500,000.00</td><td class="num">51.98%</td></tr>$')"
$E "$tmp/july.xlsx" "$tmp/bad.xlsx" text:1:C3:七月底 text:1:E8:十五 text:1:G9:资金不足 text:1:I10:大概 \
	text:1:C12:下拨经费 error:1:E13:A1+
expect_eq "monitor upload XLSX with errors: 422, nothing stored" "422 |2" "$(upload m_unit 1 "$tmp/bad.xlsx")|$(rounds)"
expect_eq "monitor upload XLSX with errors: every finding, by cell" \
	'bad.xlsx:3: 错误: 监控日期: C3：不是日期 "七月底"
bad.xlsx:8: 错误: 截至目前完成值: E8：不是数字（可带单位“个”） "十五"
bad.xlsx:9: 错误: 偏差原因: G9：不是可选的偏差原因（经费保障、制度保障、人员保障、硬件条件保障、其他，或留空） "资金不足"
bad.xlsx:10: 错误: 完成可能性: I10：不是可选的完成可能性（确定能、有可能、完全不可能） "大概"
bad.xlsx:12: 错误: 三级指标: C12：申报表中没有这个指标 "产出指标 / 时效指标 / 下拨经费"
bad.xlsx:13: 错误: 截至目前完成值: E13：单元格是错误值（以“=”开头的内容会被当作公式，请在前面加英文单引号） "#NAME?"
bad.xlsx: 错误: 三级指标: 表中缺少申报表的指标 "产出指标 / 时效指标 / 下拨居民区党组织服务群众专项经费"' "$(problems)"
$E - "$tmp/old.xls" ole
expect_eq "monitor upload: an old .xls is refused with what to do" \
	"422 |old.xls: 错误: 这是旧版 Excel 文件（.xls）或加密的工作簿，请在 Excel 中另存为未加密的 .xlsx 后再读入" \
	"$(upload m_unit 1 "$tmp/old.xls")|$(problems)"

# who may upload
expect_eq "monitor upload: not without the CSRF token (403)" "403|2" \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/m_unit.jar" -F "file=@$M/july.csv" "$base/d/1/monitor/upload")|$(rounds)"
expect_eq "monitor upload: not another unit (404)" "404 " "$(upload m_unit2 1 $M/july.csv)"
expect_eq "monitor upload: not the department (404)" "404 " "$(upload m_dept 1 $M/july.csv)"
expect_eq "monitor upload: not finance (404)" "404 " "$(upload m_fin 1 $M/july.csv)"
expect_eq "monitor upload: not on a declaration still in draft (409)" "409 " "$(upload m_unit 2 $M/july.csv)"
expect_eq "monitor upload: the page says why" 1 "$(grep -c '<p class="error" role="alert">只有填报单位能在申报表批复后录入运行监控</p>' "$tmp/up.html")"

# review and return: the department and finance, never the unit
expect_eq "monitor review: not the unit (404)" "404 " "$(review m_unit 1 1 accept)"
expect_eq "monitor review: not another department (404)" "404 " "$(review m_dept2 1 1 accept)"
expect_eq "monitor review: not without the CSRF token (403)" 403 \
	"$(curl -s -o /dev/null -w '%{http_code}' -b "$tmp/m_dept.jar" -d 'round=1&action=accept' "$base/d/1/monitor/review")"
expect_eq "monitor review: a return needs a reason (409)" "409 |1" \
	"$(review m_dept 1 1 return '  ')|$(grep -c '<p class="error" role="alert">退回需要填写理由</p>' "$tmp/rv.html")"
expect_eq "monitor review: no action chosen (422)" "422 " "$(review m_dept 1 1 '')"
expect_eq "monitor review: a round of another declaration (404)" "404 " "$(review m_dept 2 1 accept)"
expect_eq "monitor review: the department returns round 1" "303 $base/d/1/monitor#round-1" \
	"$(review m_dept 1 1 return '执行数与财务账面不符，请核对后重新填报')"
expect_eq "monitor review: a returned round is closed (409)" "409 |1" \
	"$(review m_fin 1 1 accept)|$(grep -c '<p class="error" role="alert">这次监控已退回，不能再审核；请等待填报单位录入更正后的监控</p>' "$tmp/rv.html")"
expect_eq "monitor review: finance accepts round 2" "303 $base/d/1/monitor#round-2" "$(review m_fin 1 2 accept '同意')"
expect_eq "monitor review: not accepted twice (409)" "409 |1" \
	"$(review m_dept 1 2 accept)|$(grep -c '这次监控已审核通过，不能再次审核通过' "$tmp/rv.html")"
expect_eq "monitor review: finance may still return an accepted round" "303 $base/d/1/monitor#round-2" \
	"$(review m_fin 1 2 return '预计年末完成值偏低，请说明')"
expect_eq "monitor review: the unit enters the corrected round (a new one)" "303 $base/d/1/monitor" "$(upload m_unit 1 $M/july.csv)"
curl -s -b "$tmp/m_unit.jar" "$base/d/1/monitor" >"$tmp/mon2.html"
expect_eq "monitor review: the states on the page" "returned returned pending" \
	"$(grep -o '<p class="round-state" data-state="[a-z]*">' "$tmp/mon2.html" | sed 's/.*data-state="\([a-z]*\)".*/\1/' | tr '\n' ' ' | sed 's/ $//')"
expect_eq "monitor review: the events on the page" \
	"m_dept 退回：执行数与财务账面不符，请核对后重新填报|m_fin 审核通过：同意|m_fin 退回：预计年末完成值偏低，请说明" \
	"$(sed -n '/<ul class="round-events">/,/<\/ul>/p' "$tmp/mon2.html" | sed -n 's/^<li>[0-9TZ:-]* \(.*\)<\/li>$/\1/p' | paste -sd '|')"
expect_eq "monitor review: the returned round points to its correction" 1 \
	"$(sed -n '/<section class="monitor-round" id="round-2">/,/<\/section>/p' "$tmp/mon2.html" |
		grep -c '<p class="hint" role="status">已退回，已由第 3 次监控更正。</p>')"
expect_eq "monitor review: the round entered to correct it is pending" 1 \
	"$(grep -c '<p class="round-state" data-state="pending">第 3 次监控，审核状态：待审核</p>' "$tmp/mon2.html")"
expect_eq "monitor review: the unit gets no review form" 0 "$(grep -c 'class="monitor-review"' "$tmp/mon2.html")"
expect_eq "monitor review: the department may review only the pending round" 1 \
	"$(curl -s -b "$tmp/m_dept.jar" "$base/d/1/monitor" | grep -c 'class="monitor-review"')"
expect_eq "monitor review: the audit log" \
	"monitor.add|2023-07-31
monitor.add|2023-07-31
monitor.return|第 1 次监控（2023-07-31）：pending → returned；执行数与财务账面不符，请核对后重新填报
monitor.accept|第 2 次监控（2023-07-31）：pending → accepted；同意
monitor.return|第 2 次监控（2023-07-31）：accepted → returned；预计年末完成值偏低，请说明
monitor.add|2023-07-31" \
	"$(sql "$db" "SELECT action || '|' || detail FROM audit_log WHERE action LIKE 'monitor.%' ORDER BY id")"
expect_eq "monitor review: events are append-only" "refused: monitoring reviews are append-only" \
	"$(sql "$db" "UPDATE monitor_event SET comment = ''")"
expect_eq "monitor review: rounds stay as entered" "refused: monitoring rounds are kept as entered" \
	"$(sql "$db" "DELETE FROM monitor_round WHERE id = 1")"
stop_server
expect_eq "server (monitoring): no sanitizer reports" "" "$(grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error' "$tmp/serve.err" | head -3)"

# --- overview: more departments than the table lists ----------------------------------------------
# 70 copies of the seed's first form under 70 主管部门: the table lists 64, the 合计 counts all 70.
db=$(new_db o)
python3 - data/seed/000_9689327832df0943.txt "$tmp/many.txt" <<'PY'
import sys
text = open(sys.argv[1], encoding='utf-8').read()
title = '财政项目支出绩效目标申报表'
second = text.index(title, text.index(title) + 1)
form = text[:second]
with open(sys.argv[2], 'w', encoding='utf-8') as out:
    for i in range(70):
        out.write(form.replace('组织部', '部门%02d' % i) + '\n')
PY
"$JIXIAO" import "$tmp/many.txt" --db "$db" >/dev/null
add_user o_fin 'finance-pass' --role finance
start_server || exit 1
login o_fin 'finance-pass'
curl -s -b "$tmp/o_fin.jar" "$base/overview" >"$tmp/ov_many.html"
expect_eq "overview, 70 departments: 64 rows in each table, the hint" "192 1" \
	"$(grep -c '^<tr><td class="num">2023</td><td>部门' "$tmp/ov_many.html") $(grep -c '只列出前 64 个（合计含全部）' "$tmp/ov_many.html")"
expect_eq "overview, 70 departments: the total counts all 70" 1 \
	"$(grep -c '^<tr class="total"><td class="num"></td><td>合计</td><td class="num">70</td><td class="num">70</td>' "$tmp/ov_many.html")"
expect_eq "overview, 70 departments: the state chart counts all 70 drafts" '草稿 70' \
	"$(sed -n '/<figcaption>申报表按状态<\/figcaption>/,/<\/svg>/p' "$tmp/ov_many.html" | grep -o 'class="label">[^<]*\|class="value">[0-9]*' | head -2 | sed 's/.*>//' | paste -sd' ')"
stop_server
