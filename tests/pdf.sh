#!/usr/bin/env bash
# tests/pdf.sh: `jixiao export --format pdf` and `--format html`.
# PDFs are compared by their normalised content, never their bytes: the
# text of `pdftotext -layout` (trailing blanks dropped) against
# tests/golden/pdf/NAME.txt, the fonts of `pdffonts`, the page count of
# `pdfinfo`.  A PNG of each PDF's first page is kept in build/pdf-png/ for
# people to look at.  UPDATE_GOLDEN=1 rewrites the expected texts (look at
# the PNGs and review the diff!).
set -u
. tests/lib.sh
plan 51
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gold=tests/golden/pdf
png=build/pdf-png
mkdir -p "$png"
db=$tmp/pdf.db
usage="用法：jixiao export [ID...] [--format json|pdf|html|xlsx|xlsx-flat|xlsx-summary] [-o FILE] [--year Y] [--department D] [--db PATH]"

# the text of a PDF (or of its page $2), trailing blanks dropped
pdf_text() {
	if [ $# -gt 1 ]; then
		pdftotext -layout -f "$2" -l "$2" "$1" -
	else
		pdftotext -layout "$1" -
	fi | sed 's/[[:space:]]*$//'
}
pages() { pdfinfo "$1" | sed -n 's/^Pages: *//p'; }

# golden NAME FILE.pdf: its text against $gold/NAME.txt, its first page kept as a PNG
golden() {
	pdf_text "$2" >"$tmp/$1.txt"
	[ "${UPDATE_GOLDEN:-}" = 1 ] && cp "$tmp/$1.txt" "$gold/$1.txt"
	expect_file "$1: pdftotext -layout" "$gold/$1.txt" "$tmp/$1.txt"
	pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$2" "$png/$1"
	if [ -s "$png/$1.png" ]; then pass "$1: first page as PNG"; else fail "$1: first page as PNG"; fi
}

# fonts NAME FILE.pdf: every font embedded, and they are the Simplified
# Chinese faces of Noto CJK (the Japanese ones would mean a wrong language)
fonts() {
	local list
	list=$(pdffonts "$2" | awk 'NR > 2 { print $1, $(NF - 4) }')
	expect_eq "$1: a Noto CJK SC font embedded" yes \
		"$(echo "$list" | grep -Eq '^[A-Z]{6}\+Noto(Sans|Serif)CJKsc-[A-Za-z]+ yes$' && echo yes)"
	expect_eq "$1: no font left out, none but Noto CJK SC" "" \
		"$(echo "$list" | grep -Ev '^[A-Z]{6}\+Noto(Sans|Serif)CJKsc-[A-Za-z]+ yes$')"
}

"$JIXIAO" import tests/golden/convert/seed.txt --db "$db" >/dev/null
expect_eq "import the seed" 0 $?

# ---- the seed's two forms ----
"$JIXIAO" export 1 2 --format pdf -o "$tmp/seed.pdf" --db "$db" 2>"$tmp/err"
expect_eq "seed: exit" "0 " "$? $(cat "$tmp/err")"
expect_eq "seed: no temporary file left" "" "$(ls "$tmp" | grep '\.tmp$')"
golden seed "$tmp/seed.pdf"
fonts seed "$tmp/seed.pdf"
expect_eq "seed: pages (the first form's goals run onto a second page)" 3 "$(pages "$tmp/seed.pdf")"
for p in 1 3; do
	expect_eq "seed: page $p starts a form" 财政项目支出绩效目标申报表 \
		"$(pdf_text "$tmp/seed.pdf" $p | grep -v '^$' | head -1 | tr -d ' ')"
done
expect_eq "seed: page 2 continues the form" "" \
	"$(pdf_text "$tmp/seed.pdf" 2 | grep 财政项目支出绩效目标申报表)"
# every category of the tree, empty ones too, in each form
for c in 数量指标 质量指标 时效指标 成本指标 经济效益指标 社会效益指标 生态效益指标 可持续影响指标 服务对象满意度指标; do
	expect_eq "seed: category $c in both forms" 2 "$(grep -c "$c" "$tmp/seed.txt")"
done
expect_eq "seed: amounts grouped" 2 "$(grep -c '5,350,000\.00' "$tmp/seed.txt")"
"$JIXIAO" export --format pdf -o "$tmp/all.pdf" --db "$db"
expect_eq "export all = export 1 2" "$(cat "$tmp/seed.txt")" "$(pdf_text "$tmp/all.pdf")"

# ---- a form longer than a page: goals of thousands of characters, 40 indicators ----
python3 "$gold/make_long.py" >"$tmp/long.json"
"$JIXIAO" import "$tmp/long.json" --db "$db" >/dev/null
expect_eq "long: import" 0 $?
"$JIXIAO" export 3 --format pdf -o "$tmp/long.pdf" --db "$db"
expect_eq "long: exit" 0 $?
golden long "$tmp/long.pdf"
fonts long "$tmp/long.pdf"
n=$(pages "$tmp/long.pdf")
expect_eq "long: pages" 6 "$n"
# each page with indicator rows starts the table with its header row
heads=0 rowpages=0 bad=""
for p in $(seq 1 "$n"); do
	t=$(pdf_text "$tmp/long.pdf" "$p")
	h=$(echo "$t" | grep -cE '一级指标 +二级指标 +三级指标 +年度指标值')
	heads=$((heads + h))
	if echo "$t" | grep -qE '第[0-9]+项指标|制度建设第'; then
		rowpages=$((rowpages + 1))
		[ "$h" = 1 ] || bad="$bad $p"
	fi
done
expect_eq "long: the indicator header on every page of the table" "" "$bad"
expect_eq "long: header rows = pages of the table (>1: repeated)" "$rowpages yes" \
	"$heads $([ "$rowpages" -gt 1 ] && echo yes)"
expect_eq "long: all 36 indicators of the tree" 36 \
	"$(grep -oE '第[0-9]+项指标' "$tmp/long.txt" | sort -u | wc -l)"
expect_eq "long: the 4 outside the tree" 4 "$(grep -oE '制度建设第[0-9]项' "$tmp/long.txt" | sort -u | wc -l)"
expect_eq "long: both goals to their last paragraph" "2 1" \
	"$(grep -o '580名' "$tmp/long.txt" | wc -l) $(grep -o '820名' "$tmp/long.txt" | wc -l)"

echo "     first pages as PNG: $png/seed.png $png/long.png"

# ---- usage and failures: no file is left behind ----
"$JIXIAO" export --format pdf --db "$db" 2>"$tmp/err" >"$tmp/out"
expect_eq "pdf without -o: exit" 2 $?
expect_eq "pdf without -o: message" "jixiao export: pdf 格式需要用 -o 给出输出文件
$usage" "$(cat "$tmp/err")"
expect_eq "pdf without -o: nothing on stdout" 0 "$(wc -c <"$tmp/out")"

"$JIXIAO" export 1 7 --format pdf -o "$tmp/x.pdf" --db "$db" 2>"$tmp/err"
expect_eq "pdf of an unknown id: exit" 2 $?
expect_eq "pdf of an unknown id: message" "jixiao: 没有编号为 7 的申报表" "$(cat "$tmp/err")"
expect_eq "pdf of an unknown id: no file" "" "$(ls "$tmp" | grep '^x\.pdf')"
printf 'kept\n' >"$tmp/k.pdf"
"$JIXIAO" export 7 --format pdf -o "$tmp/k.pdf" --db "$db" 2>/dev/null
expect_eq "pdf of an unknown id: an existing file as it was" "kept" "$(cat "$tmp/k.pdf" 2>&1; ls "$tmp" | grep '\.tmp$')"
"$JIXIAO" export 1 --format pdf -o "$tmp/none/x.pdf" --db "$db" 2>"$tmp/err"
expect_eq "pdf into a missing folder: exit" 3 $?
expect_eq "pdf into a missing folder: message" \
	"jixiao: 无法写出：无法写入 $tmp/none/x.pdf.tmp：No such file or directory" "$(cat "$tmp/err")"
"$JIXIAO" export --format pdf -o "$tmp/empty.pdf" --db "$tmp/empty.db"
expect_eq "pdf of an empty database: exit, one blank page" "0 1" "$? $(pages "$tmp/empty.pdf")"

# ---- printable HTML: one self-contained page ----
"$JIXIAO" export 1 --format html --db "$db" >"$tmp/one.html"
expect_eq "html: exit" 0 $?
expect_eq "html: a whole page" "<!DOCTYPE html>|</html>" "$(head -1 "$tmp/one.html")|$(tail -1 "$tmp/one.html")"
expect_eq "html: styles inline, nothing fetched" "1 1 0" \
	"$(grep -c '^<style>$' "$tmp/one.html") $(grep -c 'size: A4 portrait' "$tmp/one.html") $(grep -ciE '<link|<script|<img|src=|href=|@import|url\(' "$tmp/one.html")"
sed -n '/^<body>$/,/^<\/body>$/p' "$tmp/one.html" | sed '1d;$d' >"$tmp/one.body"
expect_file "html: the form is form_html's (tests/golden/html/seed1.html)" \
	tests/golden/html/seed1.html "$tmp/one.body"
"$JIXIAO" export --format html -o "$tmp/all.html" --db "$db"
expect_eq "html -o FILE: exit, one table per declaration" "0 3" \
	"$? $(grep -c '^<table class="form">' "$tmp/all.html")"
"$JIXIAO" export 1 7 --format html --db "$db" >"$tmp/out" 2>/dev/null
expect_eq "html of an unknown id: exit, no output" "2 0" "$? $(wc -c <"$tmp/out")"
"$JIXIAO" export 1 7 --format html -o "$tmp/y.html" --db "$db" 2>/dev/null
expect_eq "html -o of an unknown id: no file" "" "$(ls "$tmp" | grep '^y\.html')"
