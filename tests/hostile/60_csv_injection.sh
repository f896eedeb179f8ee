#!/usr/bin/env bash
# Formula injection through the monitoring template (issue 11, defect 7):
# an indicator named =cmd|' /C calc'!A0 came back in template.csv as a
# formula cell.  Every CSV cell the program writes goes through one writer
# (src/util/csv_cell.c) that prefixes a quote to a cell beginning with
# = + - @, a tab or a CR (plain numbers like -5% stay data) and quotes it;
# the CSV reader takes that quote off again, so the filled template still
# finds its indicators by name; the XLSX template holds them as strings.
# checks: 6
set -u
. tests/lib.sh

tmp=$(mktemp -d)
trap 'stop_server; rm -rf "$tmp"' EXIT
db=$tmp/db
port=$(free_port)
base=http://127.0.0.1:$port

# the seed's first form, its project and indicators renamed as an attacker would
"$JIXIAO" convert data/seed/000_9689327832df0943.txt | python3 -c '
import json, sys
d = json.load(sys.stdin)
f = d[0]
f["project"]["name"] = "=HYPERLINK(\"http://evil.example/\",\"点击\")"
for ind, name in zip(f["indicators"], ["=cmd|'"'"' /C calc'"'"'!A0", "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1+1", "'"'"'=引号"]):
    ind["name"] = name
f["indicators"][6]["value"] = "-5%"
f["indicators"][6].pop("target")
json.dump(d, sys.stdout, ensure_ascii=False)' >"$tmp/hostile.json"
"$JIXIAO" import "$tmp/hostile.json" --db "$db" >/dev/null
add_user() { echo "$2" | "$JIXIAO" user add "$1" "${@:3}" --db "$db" >/dev/null; }
add_user h_unit 'Qv7#tLm2xRp9wK' --role unit --unit 组织部
add_user h_dept 'Zr4!nBy8cHs3jD' --role department --department 组织部
add_user h_fin 'Wm6%pXa1gTe5uF' --role finance
serve_start "$db" "$port" "$tmp" || { cat "$tmp/serve.err"; exit 1; }
login() {
	curl -s -c "$tmp/$1.jar" -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"$2\"}" "$base/api/v1/login" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf"])' >"$tmp/$1.csrf"
}
act() {
	curl -s -o /dev/null -w '%{http_code}' -b "$tmp/$1.jar" -H "X-CSRF-Token: $(cat "$tmp/$1.csrf")" \
		-H 'Content-Type: application/json' -d "$2" "$base/api/v1/declarations/1/actions"
}
login h_unit 'Qv7#tLm2xRp9wK'
login h_dept 'Zr4!nBy8cHs3jD'
login h_fin 'Wm6%pXa1gTe5uF'
expect_eq "csv injection: the declaration approved" "200 200 200 200" \
	"$(act h_unit '{"action":"submit","revision":1}') $(act h_dept '{"action":"dept_start","revision":1}') $(act h_dept '{"action":"dept_pass","revision":1,"verdict":"良"}') $(act h_fin '{"action":"fin_approve","revision":1,"verdict":"优"}')"

curl -s -o "$tmp/t.csv" -b "$tmp/h_unit.jar" "$base/d/1/monitor/template.csv"
printf '\357\273\277项目支出绩效运行监控表\r
项目名称,"'"'"'=HYPERLINK(""http://evil.example/"",""点击"")"\r
监控日期,2023-07-31\r
预算数（元）,4810000.00\r
截至目前预算执行数（元）,\r
\r
一级指标,二级指标,三级指标,年度指标值,截至目前完成值,预计年末完成值,偏差原因,偏差说明,完成可能性\r
产出指标,数量指标,"'"'"'=cmd|'"'"' /C calc'"'"'!A0","'"'"'=15个",,,,,\r
产出指标,数量指标,"'"'"'+1+2","'"'"'=91个",,,,,\r
产出指标,质量指标,"'"'"'-2+3","常态化,不少于12次",,,,,\r
产出指标,质量指标,"'"'"'@SUM(A1:A9)",常态化,,,,,\r
产出指标,时效指标,"'"'"'=1+1",2023年7月前,,,,,\r
效益指标,社会效益指标,"'"''"'=引号",提升,,,,,\r
满意度指标,服务对象满意度指标,居民区群众满意度,-5%%,,,,,\r
' >"$tmp/want.csv"
expect_file "csv injection: template.csv, every formula-like cell quoted and neutralised" "$tmp/want.csv" "$tmp/t.csv"
expect_eq "csv injection: no cell of template.csv starts a formula (numbers aside)" "" \
	"$(python3 -c '
import csv, re, sys
for row in csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")):
    for c in row:
        if c[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"[+-]?[0-9][0-9,]*(\.[0-9]+)?%?", c):
            print(repr(c))' "$tmp/t.csv")"

curl -s -o "$tmp/t.xlsx" -b "$tmp/h_unit.jar" "$base/d/1/monitor/template.xlsx"
expect_eq "csv injection: template.xlsx holds the names as strings, no formula anywhere" \
	"formulas 0
C2 s =HYPERLINK(\"http://evil.example/\",\"点击\")
C8 s =cmd|' /C calc'!A0
C9 s +1+2
C10 s -2+3
C11 s @SUM(A1:A9)
C12 s =1+1
C13 s '=引号
D14 s -5%" \
	"$(python3 -c '
import re, sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
m = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
ss = ["".join(t.text or "" for t in si.iter(m + "t")) for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(m + "si")]
sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
print("formulas", sum(len(ET.fromstring(z.read(n)).findall(".//" + m + "f")) for n in sheets))
for c in ET.fromstring(z.read("xl/worksheets/sheet1.xml")).iter(m + "c"):
    if c.get("r") in ("C2", "C8", "C9", "C10", "C11", "C12", "C13", "D14"):
        print(c.get("r"), c.get("t"), ss[int(c.find(m + "v").text)] if c.get("t") == "s" else c.find(m + "v").text)' "$tmp/t.xlsx")"

# the template filled in and uploaded: every indicator found by its name
python3 - "$tmp/t.csv" "$tmp/filled.csv" <<'PY'
import sys
lines = open(sys.argv[1], encoding='utf-8', newline='').read().split('\r\n')
out = []
for l in lines:
    if l.startswith('截至目前预算执行数（元）,'):
        l += '3000000.00'
    elif l.endswith(',,,,,'):
        l += '有可能'
    out.append(l)
open(sys.argv[2], 'w', encoding='utf-8', newline='').write('\r\n'.join(out))
PY
expect_eq "csv injection: the filled template uploads, its rows matched to the indicators" "303 $base/d/1/monitor" \
	"$(curl -s -o "$tmp/up.html" -w '%{http_code} %{redirect_url}' -b "$tmp/h_unit.jar" \
		-F "csrf=$(cat "$tmp/h_unit.csrf")" -F "file=@$tmp/filled.csv" "$base/d/1/monitor/upload")"
expect_eq "csv injection: the round stored with a likelihood on all 7 rows" "1|7" \
	"$(sqlite3 "$db" "SELECT (SELECT count(*) FROM monitor_round), (SELECT count(*) FROM monitor_item WHERE likelihood = '有可能')")"
