#!/usr/bin/env bash
# tests/xlsx.sh: XLSX and CSV out and in.  Exported workbooks are compared as
# normalised content (tests/xlsx_cells.py: sheets, widths, merges, cell
# values), never as bytes; round trips must give the JSON export byte for
# byte; LibreOffice opens what we write and shows the right values; edited
# and broken copies (tests/xlsx_edit.py) import with the findings they
# deserve or are refused with exact messages (tests/golden/xlsx/*.err).
# UPDATE_GOLDEN=1 rewrites the expected files (review the diff!).
set -u
. tests/lib.sh
plan 63
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
G=tests/golden/xlsx
PY=/usr/bin/python3

# golden NAME EXPECTED ACTUAL: the file, re-blessed under UPDATE_GOLDEN=1
golden() {
	[ "${UPDATE_GOLDEN:-}" = 1 ] && cp "$3" "$2"
	expect_file "$1" "$2" "$3"
}
cells() { "$PY" tests/xlsx_cells.py "$1"; }
edit() { "$PY" tests/xlsx_edit.py "$@"; }

# ---- the seed: export and read back -------------------------------------
db=$tmp/seed.db
"$JIXIAO" import tests/golden/convert/seed.txt --db "$db" >/dev/null
"$JIXIAO" export --db "$db" >"$tmp/seed.json"
for f in xlsx xlsx-flat; do
	"$JIXIAO" export --format "$f" -o "$tmp/seed-$f.xlsx" --db "$db"
	expect_eq "export --format $f: exit" 0 $?
	"$JIXIAO" convert "$tmp/seed-$f.xlsx" >"$tmp/back.json"
	expect_file "seed: export --format $f, then convert: the JSON export" "$tmp/seed.json" "$tmp/back.json"
	rm -f "$tmp/again.db"
	"$JIXIAO" import "$tmp/seed-$f.xlsx" --db "$tmp/again.db" >/dev/null
	"$JIXIAO" export --db "$tmp/again.db" >"$tmp/back.json"
	expect_file "seed: $f imported into a new store exports the same JSON" "$tmp/seed.json" "$tmp/back.json"
done
"$JIXIAO" convert - <"$tmp/seed-xlsx.xlsx" >"$tmp/back.json"
expect_file "seed: xlsx from standard input" "$tmp/seed.json" "$tmp/back.json"
"$JIXIAO" export --format xlsx-summary -o "$tmp/summary.xlsx" --db "$db" --year 2023 --department 组织部
expect_eq "export --format xlsx-summary: exit" 0 $?
for n in seed-xlsx seed-xlsx-flat summary; do
	cells "$tmp/$n.xlsx" >"$tmp/$n.cells"
	golden "$n.xlsx: cells" "$G/$n.cells" "$tmp/$n.cells"
done
"$JIXIAO" export --format xlsx-summary -o "$tmp/none.xlsx" --db "$db" --year 2024
expect_eq "summary of a year with no declaration: only the head" "$(printf 'A1=2024年度 项目支出绩效目标汇总\nQ2=警告')" \
	"$(cells "$tmp/none.xlsx" | grep -E '^(A1|Q2)=')"
expect_eq "export: ids and --year together" "exit 2" \
	"exit $("$JIXIAO" export 1 --year 2023 --format xlsx -o "$tmp/x.xlsx" --db "$db" 2>/dev/null; echo $?)"

edit "$tmp/seed-xlsx-flat.xlsx" "$tmp/titled.xlsx" insert:1:1 text:1:A1:2023年度指标明细
"$JIXIAO" convert "$tmp/titled.xlsx" >"$tmp/back.json"
expect_file "flat workbook with a title row above its header reads the same" "$tmp/seed.json" "$tmp/back.json"

# ---- every golden input, and a tricky one, both layouts -------------------
all=$tmp/all.db
"$JIXIAO" import tests/golden/convert/*.txt tests/golden/convert/*.json "$G/tricky.json" --db "$all" >/dev/null
"$JIXIAO" export --db "$all" >"$tmp/all.json"
for f in xlsx xlsx-flat; do
	"$JIXIAO" export --format "$f" -o "$tmp/all-$f.xlsx" --db "$all"
	"$JIXIAO" convert "$tmp/all-$f.xlsx" >"$tmp/back.json"
	expect_file "all golden inputs and tricky.json: $f round trip" "$tmp/all.json" "$tmp/back.json"
done
rm -f "$tmp/t.db"
"$JIXIAO" import "$G/tricky.json" --db "$tmp/t.db" >/dev/null
"$JIXIAO" export --format xlsx -o "$tmp/tricky.xlsx" --db "$tmp/t.db"
cells "$tmp/tricky.xlsx" >"$tmp/tricky.cells"
golden "tricky.xlsx: cells (sheet names, _x escapes, 0.07, blank and 0.00, extra categories)" \
	"$G/tricky.cells" "$tmp/tricky.cells"

# ---- LibreOffice opens them and shows the values ---------------------------
lo() {
	local out=$1
	shift
	timeout 300 libreoffice --headless "-env:UserInstallation=file://$tmp/lo-profile" \
		--convert-to "$out" --outdir "$tmp/lo" "$@" >>"$tmp/lo.log" 2>&1
}
CSV='csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1'
mkdir -p "$tmp/lo"
lo "$CSV" "$tmp/seed-xlsx.xlsx" "$tmp/seed-xlsx-flat.xlsx" "$tmp/summary.xlsx"
for n in seed-xlsx seed-xlsx-flat summary; do
	ls "$tmp/lo/$n-"*.csv >/dev/null 2>&1 || { fail "LibreOffice: $n.xlsx to CSV" "$(cat "$tmp/lo.log")"; continue; }
	for f in "$tmp/lo/$n-"*.csv; do
		printf '== %s\n' "${f#"$tmp/lo/$n-"}"
		cat "$f"
	done >"$tmp/$n.lo.csv"
	golden "LibreOffice shows $n.xlsx (values as displayed)" "$G/$n.lo.csv" "$tmp/$n.lo.csv"
done
"$JIXIAO" convert "$tmp/lo/seed-xlsx-flat-"*.csv >"$tmp/back.json"
expect_file "flat workbook saved as CSV by LibreOffice: convert gives the JSON export" "$tmp/seed.json" "$tmp/back.json"
# re-saved by LibreOffice (its own shared strings, styles and numbers)
mkdir -p "$tmp/lo/resaved"
(cd "$tmp/lo" && timeout 300 libreoffice --headless "-env:UserInstallation=file://$tmp/lo-profile" \
	--convert-to xlsx --outdir resaved "$tmp/seed-xlsx.xlsx" "$tmp/all-xlsx-flat.xlsx" >>"$tmp/lo.log" 2>&1)
"$JIXIAO" convert "$tmp/lo/resaved/seed-xlsx.xlsx" >"$tmp/back.json"
expect_file "official workbook re-saved by LibreOffice reads the same" "$tmp/seed.json" "$tmp/back.json"
"$JIXIAO" convert "$tmp/lo/resaved/all-xlsx-flat.xlsx" >"$tmp/back.json"
expect_file "flat workbook re-saved by LibreOffice reads the same" "$tmp/all.json" "$tmp/back.json"

# ---- CSV as other tools write it -------------------------------------------
"$PY" - "$tmp/lo/seed-xlsx-flat-"*.csv "$tmp" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8', newline='')))
# Excel: a byte order mark, CRLF, quotes only where needed
with open(sys.argv[2] + '/bom_crlf.csv', 'w', encoding='utf-8-sig', newline='') as f:
    csv.writer(f, lineterminator='\r\n').writerows(rows)
# a Chinese Windows: GB18030, semicolons, every field quoted
with open(sys.argv[2] + '/gb_semicolon.csv', 'w', encoding='gb18030', newline='') as f:
    csv.writer(f, delimiter=';', quoting=csv.QUOTE_ALL).writerows(rows)
# rows sorted by indicator name: the declarations still come together
with open(sys.argv[2] + '/sorted.csv', 'w', encoding='utf-8', newline='') as f:
    csv.writer(f).writerows([rows[0]] + sorted(rows[1:], key=lambda r: r[21]))
PY
for n in bom_crlf gb_semicolon; do
	"$JIXIAO" convert "$tmp/$n.csv" >"$tmp/back.json"
	expect_file "CSV $n: the JSON export" "$tmp/seed.json" "$tmp/back.json"
done
"$JIXIAO" convert "$tmp/sorted.csv" >"$tmp/back.json"
expect_eq "CSV with its rows sorted by 三级指标: the same declarations" same "$("$PY" - "$tmp/seed.json" "$tmp/back.json" <<'PY'
import json, sys
def norm(path):
    ds = json.load(open(path, encoding='utf-8'))
    for d in ds:
        d['indicators'].sort(key=lambda i: i['name'])
    return sorted(ds, key=lambda d: d['project']['name'])
print('same' if norm(sys.argv[1]) == norm(sys.argv[2]) else 'different')
PY
)"

# ---- an edited copy: what it deserves ---------------------------------------
# E14 "=15个" → "=12个" (the goal says 15 个乡镇), C6 an amount typed as text
# below the annual total, a row added to 数量指标, all as inline strings
edit "$tmp/seed-xlsx.xlsx" "$tmp/edited.xlsx" text:1:E14:=12个 text:1:C6:4,000,000.00 \
	insert:1:16 text:1:D16:培训居民区党组织书记人次 text:1:E16:提升
for cmd in convert check; do
	(cd "$tmp" && "$JIXIAO" $cmd edited.xlsx >"$tmp/edited.$cmd.out" 2>"$tmp/edited.$cmd.err"
	 echo "exit $?" >>"$tmp/edited.$cmd.err")
	golden "edited.xlsx: $cmd stdout" "$G/edited.$cmd.out" "$tmp/edited.$cmd.out"
	golden "edited.xlsx: $cmd stderr and exit" "$G/edited.$cmd.err" "$tmp/edited.$cmd.err"
done

# ---- broken copies: refused with exact messages -------------------------------
edit "$tmp/seed-xlsx.xlsx" "$tmp/bad_values.xlsx" text:1:C6:约五百万元 text:1:E7:4,810,000.001 \
	text:1:B5:2023-13-01 text:2:E6:2770000元整
edit "$tmp/seed-xlsx.xlsx" "$tmp/formula.xlsx" error:1:E14:15个
edit "$tmp/seed-xlsx.xlsx" "$tmp/missing_sheet.xlsx" drop:xl/worksheets/sheet2.xml
edit "$tmp/seed-xlsx.xlsx" "$tmp/no_workbook.xlsx" drop:xl/workbook.xml
edit "$tmp/seed-xlsx.xlsx" "$tmp/doctype.xlsx" doctype:xl/worksheets/sheet1.xml
edit "$tmp/seed-xlsx.xlsx" "$tmp/bomb.xlsx" bomb:xl/styles.xml:17
edit "$tmp/seed-xlsx.xlsx" "$tmp/truncated.xlsx" truncate:3000
edit - "$tmp/garbage.xlsx" garbage
edit - "$tmp/old.xls" ole
cp "$tmp/summary.xlsx" "$tmp/not_a_form.xlsx"
printf '%s\n' '编号,年度,主管部门,实施单位,项目名称,三级指标,一级指标,二级指标,年度指标值' \
	'1,2023,组织部,组织部,甲,指标一,产出指标,数量指标,=1个' \
	'1,2023,宣传部,组织部,甲,指标二,产出指标,数量指标,=2个' \
	',2023,组织部,,乙,指标三,产出指标,数量指标,=3个' \
	'2,2023,组织部,组织部,丙,,产出指标,,"未闭合的引号' >"$tmp/bad_rows.csv"
printf '%s\n' '年度,实施单位,项目名称,三级指标,年度指标值,备注' '2023,组织部,甲,指标一,=1个,x' >"$tmp/bad_head.csv"
for n in bad_values.xlsx formula.xlsx missing_sheet.xlsx no_workbook.xlsx doctype.xlsx bomb.xlsx \
	truncated.xlsx garbage.xlsx old.xls not_a_form.xlsx bad_rows.csv bad_head.csv; do
	(cd "$tmp" && "$JIXIAO" convert "$n" >"$tmp/out" 2>"$tmp/err"; echo "exit $?" >>"$tmp/err")
	expect_eq "$n: nothing written" 0 "$(wc -c <"$tmp/out")"
	golden "$n: messages and exit" "$G/${n%.*}.err" "$tmp/err"
done

# ---- export failures leave nothing behind -------------------------------------
"$JIXIAO" export --format xlsx --db "$db" 2>"$tmp/err"
expect_eq "xlsx without -o: exit" 2 $?
expect_eq "xlsx without -o: message" "jixiao export: xlsx 格式需要用 -o 给出输出文件" "$(head -1 "$tmp/err")"
"$JIXIAO" export --format xlsx -o "$tmp/nodir/x.xlsx" --db "$db" 2>"$tmp/err"
expect_eq "xlsx into a missing folder: exit" 3 $?
expect_eq "xlsx into a missing folder: message" \
	"jixiao: 无法写出：无法写入 $tmp/nodir/x.xlsx：No such file or directory" "$(cat "$tmp/err")"
"$PY" -c 'import json; print(json.dumps([{"schema":"jixiao.declaration/1","year":2023,
  "project":{"name":"长目标","department":"甲","implementer":"乙"},"funds":{},
  "goals":{"overall":"目"*40000,"annual":""},"indicators":[]}]))' >"$tmp/long.json"
"$JIXIAO" import "$tmp/long.json" --db "$tmp/long.db" >/dev/null
mkdir -p "$tmp/dest"
echo kept >"$tmp/dest/long.xlsx"
"$JIXIAO" export --format xlsx -o "$tmp/dest/long.xlsx" --db "$tmp/long.db" 2>"$tmp/err"
expect_eq "goal over 32767 characters: exit" 3 $?
expect_eq "goal over 32767 characters: message" \
	"jixiao: “项目总目标”超过 Excel 单元格 32767 个字符的上限（申报表 1：长目标）" "$(cat "$tmp/err")"
expect_eq "goal over 32767 characters: the old file kept, no temporary left" "long.xlsx kept" \
	"$(ls "$tmp/dest") $(cat "$tmp/dest/long.xlsx")"
"$JIXIAO" export --format xlsx-flat -o "$tmp/dest/long-flat.xlsx" --db "$tmp/long.db" 2>/dev/null
expect_eq "the same goal in the flat layout: exit" 3 $?
"$JIXIAO" export 99 --format xlsx -o "$tmp/dest/none.xlsx" --db "$db" 2>/dev/null
expect_eq "unknown id: exit, no file" "exit 2: long.xlsx" "exit $?: $(ls "$tmp/dest" | tr '\n' ' ' | sed 's/ $//')"
