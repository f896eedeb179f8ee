#!/usr/bin/env bash
# tests/selfeval_doc.sh: the self-evaluation table (项目支出绩效自评表) of
# `jixiao score FILE --format html|pdf|xlsx [-o FILE]`, for the worked
# examples of tests/golden/score (seed1, seed2) and a long case of 40
# indicators with long reasons (tests/golden/selfeval/make_long.py).
# Compared as normalised content, never bytes: the HTML fragment, the text
# of `pdftotext -layout` (trailing blanks dropped) with `pdffonts` and
# `pdfinfo`, the cells of the workbook (tests/xlsx_cells.py) and what
# LibreOffice shows of them; plus exact figures, usage errors and failures
# that leave no file.  The first page of each PDF is kept as
# build/pdf-png/selfeval-NAME.png (80 dpi): look at it after a change to
# the layout.  UPDATE_GOLDEN=1 rewrites the expected files (review the diff!).
set -u
. tests/lib.sh
plan 86
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gold=tests/golden/selfeval
in=tests/golden/score
png=build/pdf-png
mkdir -p "$png"
PY=/usr/bin/python3
usage="用法：jixiao score FILE [--format text|json|html|pdf|xlsx] [-o FILE] [--profile 方案]"

golden() {
	[ "${UPDATE_GOLDEN:-}" = 1 ] && cp "$3" "$2"
	expect_file "$1" "$2" "$3"
}
pdf_text() {
	if [ $# -gt 1 ]; then
		pdftotext -layout -f "$2" -l "$2" "$1" -
	else
		pdftotext -layout "$1" -
	fi | sed 's/[[:space:]]*$//'
}
pages() { pdfinfo "$1" | sed -n 's/^Pages: *//p'; }
# the words of a line of the PDF's text that starts with $2, single-spaced
line_of() { grep -E "^ *$2( |$)" "$1" | head -1 | tr -s ' ' | sed 's/^ //'; }
fonts() {
	local list
	list=$(pdffonts "$2" | awk 'NR > 2 { print $1, $(NF - 4) }')
	expect_eq "$1: a Noto CJK SC font embedded" yes \
		"$(echo "$list" | grep -Eq '^[A-Z]{6}\+Noto(Sans|Serif)CJKsc-[A-Za-z]+ yes$' && echo yes)"
	expect_eq "$1: no font left out, none but Noto CJK SC" "" \
		"$(echo "$list" | grep -Ev '^[A-Z]{6}\+Noto(Sans|Serif)CJKsc-[A-Za-z]+ yes$')"
}
cells() { "$PY" tests/xlsx_cells.py "$1"; }
# nums FILE.cells REF...: "REF=value|…", each number as the shortest decimal
# that gives the same double (the sheet XML may hold 9.359999999999999 for
# the double nearest 9.36, which Excel shows as 9.36)
nums() {
	"$PY" - "$@" <<'PY'
import sys
cells = dict(l.rstrip('\n').split('=', 1) for l in open(sys.argv[1], encoding='utf-8') if '=' in l and not l.startswith(('col ', 'merge ', '== ')))
out = []
for ref in sys.argv[2:]:
    v = cells.get(ref, '')
    num, _, fmt = v.partition(' ')
    try:
        s = repr(float(num))
        s = s[:-2] if s.endswith('.0') else s
        out.append('%s=%s%s' % (ref, s, ' ' + fmt if fmt else ''))
    except ValueError:
        out.append('%s=%s' % (ref, v))
print('|'.join(out))
PY
}

"$PY" "$gold/make_long.py" >"$tmp/long.json"
cp "$in/seed1.json" "$in/seed2.json" "$in/budget_reason.json" "$in/budget_low.json" "$tmp/"

# ---- HTML: a self-contained printable page around selfeval_html() ----------
for n in seed1 seed2; do
	"$JIXIAO" score "$tmp/$n.json" --format html >"$tmp/$n.html" 2>"$tmp/err"
	expect_eq "$n html: exit" "0 " "$? $(cat "$tmp/err")"
	expect_eq "$n html: a whole page" "<!DOCTYPE html>|</html>" "$(head -1 "$tmp/$n.html")|$(tail -1 "$tmp/$n.html")"
	expect_eq "$n html: titled, styles inline, nothing fetched" "1 1 1 0" \
		"$(grep -c '^<title>项目支出绩效自评表</title>$' "$tmp/$n.html") $(grep -c '^<style>$' "$tmp/$n.html") $(grep -c 'table.form.selfeval col.s-reason' "$tmp/$n.html") $(grep -ciE '<link|<script|<img|src=|href=|@import|url\(' "$tmp/$n.html")"
	sed -n '/^<body>$/,/^<\/body>$/p' "$tmp/$n.html" | sed '1d;$d' >"$tmp/$n.body"
	golden "$n html: the table (tests/golden/selfeval/$n.html)" "$gold/$n.html" "$tmp/$n.body"
done
"$JIXIAO" score "$tmp/seed1.json" --format html -o "$tmp/out.html"
expect_eq "html -o FILE: exit, the same page, no temporary file" "0 same " \
	"$? $(cmp -s "$tmp/out.html" "$tmp/seed1.html" && echo same) $(ls "$tmp" | grep '\.tmp$')"
b=$tmp/seed1.body
expect_eq "seed1 html: the funds row" \
	'<tr><th colspan="2">年度资金总额</th><td class="val amount">4,810,000.00</td><td class="val amount">4,810,000.00</td><td class="val amount">4,500,000.00</td><td class="num">10</td><td class="num rate">93.56%</td><td class="num">9.36</td></tr>' \
	"$(grep '>年度资金总额<' "$b")"
expect_eq "seed1 html: 产出指标 merged over its 5 rows, 数量指标 over 2" \
	'<tr><td class="l1" rowspan="5">产出指标</td><td class="l2" rowspan="2">数量指标</td>' \
	"$(grep -o '^<tr><td class="l1" rowspan="5">产出指标</td><td class="l2" rowspan="2">数量指标</td>' "$b")"
expect_eq "seed1 html: total and grade" \
	'<tr><th colspan="6">总分</th><td class="num">100</td><td class="num">91.53</td><td class="val"></td></tr>|<tr><th colspan="6">自评等级</th><td class="grade" colspan="3">优</td></tr>' \
	"$(grep '>总分<' "$b")|$(grep '>自评等级<' "$b")"
expect_eq "seed1 html: a score lost without a reason is noted" 1 \
	"$(grep -c '<td class="reason"><div class="score-flag needs_reason">失分，须说明偏差原因</div>' "$b")"
expect_eq "seed2 html: the not-applicable indicator: 不适用, no points" \
	'<tr class="na"><td class="l2">时效指标</td><td class="l3">下拨党员经常性教育经费</td><td class="target">及时</td><td class="actual">不适用</td><td class="center">—</td><td class="center">—</td><td class="reason">“及时”无法评价，经批准不适用</td></tr>' \
	"$(grep '^<tr class="na">' "$tmp/seed2.body")"

# ---- PDF ---------------------------------------------------------------------
for n in seed1 seed2 long; do
	"$JIXIAO" score "$tmp/$n.json" --format pdf -o "$tmp/$n.pdf" 2>"$tmp/err"
	expect_eq "$n pdf: exit" "0 " "$? $(cat "$tmp/err")"
	pdf_text "$tmp/$n.pdf" >"$tmp/$n.txt"
	golden "$n pdf: pdftotext -layout (tests/golden/selfeval/$n.txt)" "$gold/$n.txt" "$tmp/$n.txt"
	fonts "$n pdf" "$tmp/$n.pdf"
	expect_eq "$n pdf: titled 项目支出绩效自评表, first page starts with it" "项目支出绩效自评表 项目支出绩效自评表" \
		"$(pdfinfo "$tmp/$n.pdf" | sed -n 's/^Title: *//p') $(pdf_text "$tmp/$n.pdf" 1 | grep -v '^$' | head -1 | tr -d ' ')"
	pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$tmp/$n.pdf" "$png/selfeval-$n"
	if [ -s "$png/selfeval-$n.png" ]; then pass "$n pdf: first page as PNG"; else fail "$n pdf: first page as PNG"; fi
done
expect_eq "pdf: no temporary file left" "" "$(ls "$tmp" | grep '\.tmp$')"
expect_eq "pdf: pages (seed1's goal pushes the indicators to a second page; long: six)" "2 1 6" \
	"$(pages "$tmp/seed1.pdf") $(pages "$tmp/seed2.pdf") $(pages "$tmp/long.pdf")"
expect_eq "seed1 pdf: the funds row" "年度资金总额 4,810,000.00 4,810,000.00 4,500,000.00 10 93.56% 9.36" \
	"$(line_of "$tmp/seed1.txt" 年度资金总额)"
expect_eq "seed1 pdf: the sources: 年初预算数 only" "其中：当年财政拨款 4,810,000.00 — — — — —" \
	"$(line_of "$tmp/seed1.txt" '(资金 +)?其中：当年财政拨款' | sed 's/^资金 //')"
expect_eq "seed1 pdf: total and grade" "总分 100 91.53|自评等级 优" \
	"$(line_of "$tmp/seed1.txt" 总分)|$(line_of "$tmp/seed1.txt" 自评等级)"
expect_eq "seed2 pdf: total and grade" "总分 100 86.77|自评等级 良" \
	"$(line_of "$tmp/seed2.txt" 总分)|$(line_of "$tmp/seed2.txt" 自评等级)"
expect_eq "seed1 pdf: what was achieved, against the goal" 1 "$(grep -c '年末问卷调查，居民群众满意度为85%。' "$tmp/seed1.txt")"
n=$(pages "$tmp/long.pdf")
heads=0 rowpages=0 bad=""
for p in $(seq 1 "$n"); do
	t=$(pdf_text "$tmp/long.pdf" "$p")
	h=$(echo "$t" | grep -cE '一级指标 +二级指标 +三级指标 +年度指标值 +实际完成值 +分值 +得分')
	heads=$((heads + h))
	if echo "$t" | grep -qE '^ *第[0-9]+项指标|[^偏差原因]第[0-9]+项指标：'; then
		rowpages=$((rowpages + 1))
		[ "$h" = 1 ] || bad="$bad $p"
	fi
done
expect_eq "long pdf: the indicator header on every page of the table" "" "$bad"
expect_eq "long pdf: header rows = pages of the table (>1: repeated)" "$rowpages yes" \
	"$heads $([ "$rowpages" -gt 1 ] && echo yes)"
expect_eq "long pdf: all 40 indicators" 40 "$(grep -oE '第[0-9]+项指标' "$tmp/long.txt" | sort -u | wc -l)"
expect_eq "long pdf: 2 not applicable, 2 far over their target" "2 2" \
	"$(grep -c '不适用 ' "$tmp/long.txt") $(grep -c '【远超目标' "$tmp/long.txt")"
# in drawing order (pdftotext -raw) a cell's lines come together: every
# reason whole, 18 times in 11 reasons, none cut off at a page break
expect_eq "long pdf: every long reason whole" 18 \
	"$(pdftotext -raw "$tmp/long.pdf" - | tr -d '\n' | grep -oE '第[0-9]+项偏差原因：受社区场地改造和护理人员流动影响，部分服务推迟开展，已与街道协调临时场地并补充招聘护理人员，下一年度按季度跟踪服务人次，确保按计划完成。' | wc -l)"
expect_eq "long pdf: total and grade" "总分 100 87.5|自评等级 良" \
	"$(line_of "$tmp/long.txt" 总分)|$(line_of "$tmp/long.txt" 自评等级)"
echo "     first pages as PNG: $png/selfeval-seed1.png $png/selfeval-seed2.png $png/selfeval-long.png"

# ---- XLSX ----------------------------------------------------------------------
for n in seed1 seed2 long; do
	"$JIXIAO" score "$tmp/$n.json" --format xlsx -o "$tmp/$n.xlsx" 2>"$tmp/err"
	expect_eq "$n xlsx: exit" "0 " "$? $(cat "$tmp/err")"
	cells "$tmp/$n.xlsx" >"$tmp/$n.cells"
	golden "$n xlsx: cells (tests/golden/selfeval/$n.cells)" "$gold/$n.cells" "$tmp/$n.cells"
done
expect_eq "xlsx: no temporary file left" "" "$(ls "$tmp" | grep '\.tmp$')"
c=$tmp/seed1.cells
expect_eq "seed1 xlsx: amounts as numbers in #,##0.00" \
	"D6=4810000 [#,##0.00]|E6=4810000 [#,##0.00]|F6=4500000 [#,##0.00]|D7=4810000 [#,##0.00]" \
	"$(nums "$c" D6 E6 F6 D7)"
expect_eq "seed1 xlsx: budget points, execution rate as 0.00%, budget score" "G6=10|H6=0.9356 [0.00%]|I6=9.36" \
	"$(nums "$c" G6 H6 I6)"
expect_eq "seed1 xlsx: points" "G14=10|G15=10|G16=10|G17=10|G18=10|G19=30|G20=10|G21=100" \
	"$(nums "$c" G14 G15 G16 G17 G18 G19 G20 G21)"
expect_eq "seed1 xlsx: the scores, total and grade" "H14=10|H15=9.67|H16=10|H17=7|H18=10|H19=27|H20=8.5|H21=91.53|G22=优" \
	"$(nums "$c" H14 H15 H16 H17 H18 H19 H20 H21 G22)"
expect_eq "seed1 xlsx: merged 一级 (产出 5 rows), 二级 (数量, 质量 2 rows), the blocks (the goal over 2 rows)" \
	"merge A5:A9|merge A10:A12|merge A13:A20|merge B14:B18|merge C14:C15|merge C16:C17" \
	"$(grep -E '^merge (A5:|A10:|A13:|B14:|C14:|C16:)' "$c" | paste -sd'|')"
expect_eq "seed1 xlsx: the flag noted after no reason" 'I20=【失分，须说明偏差原因】' "$(grep '^I20=' "$c")"
expect_eq "seed2 xlsx: not applicable: 不适用, no points" "F15=不适用|G15=—|H15=—" \
	"$(nums "$tmp/seed2.cells" F15 G15 H15)"
expect_eq "seed2 xlsx: points rescaled, scores, total and grade" \
	"G13=20.45|G14=20.45|G16=36.82|G17=12.27|H13=19.09|H14=18.41|H16=27.61|H17=11.66|H18=86.77|G19=良" \
	"$(nums "$tmp/seed2.cells" G13 G14 G16 G17 H13 H14 H16 H17 H18 G19)"
expect_eq "long xlsx: 40 indicators, 产出 merged over its 30 rows" "40 1" \
	"$(grep -cE '^D[0-9]+=第[0-9]+项指标' "$tmp/long.cells") $(grep -c '^merge B13:B42$' "$tmp/long.cells")"

# LibreOffice opens them and shows the figures as they are meant to be read
mkdir -p "$tmp/lo"
CSV='csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1'
timeout 300 libreoffice --headless "-env:UserInstallation=file://$tmp/lo-profile" \
	--convert-to "$CSV" --outdir "$tmp/lo" "$tmp/seed1.xlsx" "$tmp/seed2.xlsx" >"$tmp/lo.log" 2>&1
for n in seed1 seed2; do
	f=$(ls "$tmp/lo/$n-"*.csv 2>/dev/null | head -1)
	if [ -n "$f" ]; then
		cp "$f" "$tmp/$n.lo.csv"
		golden "LibreOffice shows $n.xlsx (values as displayed)" "$gold/$n.lo.csv" "$tmp/$n.lo.csv"
	else
		fail "LibreOffice: $n.xlsx to CSV" "$(cat "$tmp/lo.log")"
	fi
done
expect_eq "LibreOffice: seed1's funds row and total as displayed" \
	',年度资金总额,,"4,810,000.00","4,810,000.00","4,500,000.00",10,93.56%,9.36|总分,,,,,,100,91.53,' \
	"$(grep -E '^(,年度资金总额|总分)' "$tmp/seed1.lo.csv" | paste -sd'|')"

# ---- budget.reason (issue 12): a row under the funds in every view ------------
# 4,000,000.00 of 4,810,000.00 is 83.16%, below the profile's 90%
n=budget_reason
"$JIXIAO" score "$tmp/$n.json" --format html >"$tmp/$n.html" 2>"$tmp/err"
expect_eq "$n html: exit" "0 " "$? $(cat "$tmp/err")"
sed -n '/^<body>$/,/^<\/body>$/p' "$tmp/$n.html" | sed '1d;$d' >"$tmp/$n.body"
golden "$n html: the table (tests/golden/selfeval/$n.html)" "$gold/$n.html" "$tmp/$n.body"
expect_eq "$n html: the reason under the funds" \
	'<tr><th colspan="2">执行偏差原因</th><td class="reason" colspan="6">部分活动经费由乡镇自筹，专项经费结余40万元已按规定收回。</td></tr>' \
	"$(grep '>执行偏差原因<' "$tmp/$n.body")"
"$JIXIAO" score "$tmp/budget_low.json" --format html >"$tmp/low.html" 2>"$tmp/err"
expect_eq "budget_low html: no reason: the row asks for one" \
	'<tr><th colspan="2">执行偏差原因</th><td class="reason" colspan="6"><div class="score-flag needs_reason">失分，须说明偏差原因</div>' \
	"$(grep '>执行偏差原因<' "$tmp/low.html")"
"$JIXIAO" score "$tmp/$n.json" --format pdf -o "$tmp/$n.pdf" 2>"$tmp/err"
pdf_text "$tmp/$n.pdf" >"$tmp/$n.txt"
golden "$n pdf: pdftotext -layout (tests/golden/selfeval/$n.txt)" "$gold/$n.txt" "$tmp/$n.txt"
expect_eq "$n pdf: the reason under the funds" "执行偏差原因 部分活动经费由乡镇自筹，专项经费结余40万元已按规定收回。" \
	"$(line_of "$tmp/$n.txt" '(资金 +)?执行偏差原因' | sed 's/^资金 //')"
"$JIXIAO" score "$tmp/$n.json" --format xlsx -o "$tmp/$n.xlsx" 2>"$tmp/err"
cells "$tmp/$n.xlsx" >"$tmp/$n.cells"
golden "$n xlsx: cells (tests/golden/selfeval/$n.cells)" "$gold/$n.cells" "$tmp/$n.cells"
expect_eq "$n xlsx: the reason under the funds, the block over 6 rows" \
	"B10=执行偏差原因|D10=部分活动经费由乡镇自筹，专项经费结余40万元已按规定收回。|merge A5:A10" \
	"$(grep -E '^(B10|D10)=' "$tmp/$n.cells" | paste -sd'|')|$(grep -E '^merge A5:' "$tmp/$n.cells")"

# ---- usage and failures: no file is left behind --------------------------------
for f in pdf xlsx; do
	"$JIXIAO" score "$tmp/seed1.json" --format $f >"$tmp/out" 2>"$tmp/err"
	expect_eq "$f without -o: exit, message, nothing on stdout" "2 jixiao score: $f 格式需要用 -o 给出输出文件
$usage 0" "$? $(cat "$tmp/err") $(wc -c <"$tmp/out")"
done
"$JIXIAO" score "$tmp/seed1.json" --format doc 2>"$tmp/err"
expect_eq "an unknown format: exit, message" "2 jixiao score: 不支持的输出格式“doc”（可用 text、json、html、pdf 或 xlsx）
$usage" "$? $(cat "$tmp/err")"
"$JIXIAO" score "$tmp/seed1.json" -o 2>"$tmp/err"
expect_eq "-o without a file: exit, message" "2 jixiao score: -o 需要输出文件名
$usage" "$? $(cat "$tmp/err")"
for f in pdf xlsx html; do
	"$JIXIAO" score "$tmp/seed1.json" --format $f -o "$tmp/none/x.$f" 2>"$tmp/err"
	code=$?
	case $f in
	xlsx) want="jixiao: 无法写出：无法写入 $tmp/none/x.xlsx：No such file or directory" ;;
	*) want="jixiao: 无法写出：无法写入 $tmp/none/x.$f.tmp：No such file or directory" ;;
	esac
	expect_eq "$f into a missing folder: exit, message" "3 $want" "$code $(cat "$tmp/err")"
done
# a rejected input: nothing written, an existing file as it was
for f in pdf xlsx html; do
	printf 'kept\n' >"$tmp/k.$f"
	(cd "$in" && "$JIXIAO" score reject_band.json --format $f -o "$tmp/k.$f" 2>"$tmp/err")
	code=$?
	expect_eq "$f of a rejected input: exit, message, the file as it was" \
		"2 $(cat "$in/reject_band.err") kept" "$code $(cat "$tmp/err") $(cat "$tmp/k.$f")"
done
expect_eq "rejected inputs: no temporary file left" "" "$(ls "$tmp" | grep '\.tmp$')"
# a reason longer than an Excel cell holds: the workbook fails whole, no file
"$PY" - "$tmp/seed1.json" "$tmp/huge.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding='utf-8'))
d['results'][1]['reason'] = '原因' * 20000
json.dump(d, open(sys.argv[2], 'w', encoding='utf-8'), ensure_ascii=False)
PY
printf 'kept\n' >"$tmp/huge.xlsx"
"$JIXIAO" score "$tmp/huge.json" --format xlsx -o "$tmp/huge.xlsx" 2>"$tmp/err"
expect_eq "xlsx of a reason over 32767 characters: exit, message" \
	"3 jixiao: 无法写出：“第 2 个指标的偏差原因分析及改进措施”超过 Excel 单元格 32767 个字符的上限（自评表：居民区党组织服务群众专项经费）" \
	"$? $(cat "$tmp/err")"
expect_eq "xlsx of a reason over 32767 characters: the file as it was, no temporary file" "kept " \
	"$(cat "$tmp/huge.xlsx") $(ls "$tmp" | grep '\.tmp$')"
# standard output that cannot be written
if [ -w /dev/full ]; then
	"$JIXIAO" score "$tmp/seed1.json" --format html >/dev/full 2>"$tmp/err"
	expect_eq "html to a full disk: exit, message" "3 jixiao: 无法写出：无法写入标准输出" "$? $(cat "$tmp/err")"
fi
