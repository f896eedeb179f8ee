/*
 * test_xlsx.c: the XLSX reader's pieces, one row each: sheet numbers as
 * decimal text (the writer's doubles read back to the fen), serial dates,
 * cell references, label keys, the flat header, and a workbook given as
 * parts (shared and inline strings, phonetic runs, escapes, merges, styles,
 * the 1904 date system, a DOCTYPE refused, a size cap).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/parse/cellval.h"
#include "../../src/parse/flat.h"
#include "../../src/parse/scalar.h"
#include "../../src/parse/xlsx_book.h"
#include "../../src/util/err.h"

static void test_number_text(void **state)
{
	static const struct {
		const char *in;
		int shift;
		const char *out;    /* NULL: not a number */
	} rows[] = {
		{ "0.07000000000000001", 0, "0.07" },
		{ "7.0000000000000007E-2", 0, "0.07" },
		{ "0.069999999999999993", 0, "0.07" },
		{ "5350000", 0, "5350000" },
		{ "5350000.0700000003", 0, "5350000.07" },
		{ "9999999999999.99", 0, "9999999999999.99" },
		{ "99999999999999.99", 0, "100000000000000" },
		{ "-0.01", 0, "-0.01" },
		{ "-0", 0, "0" },
		{ "0", 0, "0" },
		{ "000123.4500", 0, "123.45" },
		{ "1E+21", 0, "1E+21" },
		{ "1.5E-30", 0, "1.5E-30" },
		{ "1E5", 0, "100000" },
		{ "+3", 0, "3" },
		{ ".5", 0, "0.5" },
		{ "0.85", 2, "85" },
		{ "0.855", 2, "85.5" },
		{ "1", 2, "100" },
		{ "abc", 0, NULL },
		{ "", 0, NULL },
		{ "1e", 0, NULL },
		{ "1.2.3", 0, NULL },
		{ "--1", 0, NULL },
		{ "1 ", 0, NULL },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		bool ok = cell_number_text(&sb, rows[i].in, strlen(rows[i].in), rows[i].shift);
		assert_int_equal(ok, rows[i].out != NULL);
		if (ok)
			assert_string_equal(sb.buf, rows[i].out);
		sb_release(&sb);
	}
}

/* Every amount the writer gives libxlsxwriter (fen / 100.0, printed with
 * "%.16G") or Excel keeps (17 digits) reads back to the same fen. */
static void test_amount_roundtrip(void **state)
{
	static const int64_t bases[] = {
		0, 100, 535000000LL, 99999999999900LL, 123456789012345LL, AMOUNT_MAX_FEN - 100000,
	};
	uint64_t x = 88172645463325252ULL;

	for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
		for (int64_t k = 0; k < 20000; k++) {
			int64_t fen = bases[b] + k;
			const char *fmts[] = { "%.16G", "%.17G", "%.15G" };
			if (k >= 10000) {   /* and some at random below the cap */
				x ^= x << 13, x ^= x >> 7, x ^= x << 17;
				fen = (int64_t)(x % (uint64_t)AMOUNT_MAX_FEN);
			}
			for (size_t f = 0; f < 3; f++) {
				char buf[40];
				struct xlsx_cell c = { 1, 0, XT_NUMBER, XF_GENERAL, buf, 0 };
				struct amount a = { -1, false };
				snprintf(buf, sizeof(buf), fmts[f], (double)fen / 100.0);
				c.n = strlen(buf);
				assert_int_equal(cell_amount(&c, &a), 0);
				assert_true(a.set);
				if (a.fen != fen)
					fail_msg("%lld fen written as %s read as %lld", (long long)fen, buf,
					         (long long)a.fen);
			}
		}
	}
}

static void test_cell_amount(void **state)
{
	static const struct {
		unsigned char type;
		const char *in;
		int rc;
		long long fen;
	} rows[] = {
		{ XT_STRING, "5,350,000.00", 0, 535000000LL },
		{ XT_STRING, "约五百万", -1, 0 },
		{ XT_NUMBER, "1234.567", -1, 0 },
		{ XT_NUMBER, "1E+30", -1, 0 },
		{ XT_NUMBER, "-12.5", 0, -1250 },
		{ XT_BOOL, "TRUE", -1, 0 },
		{ XT_ERROR, "#N/A", -1, 0 },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct xlsx_cell c = { 1, 0, rows[i].type, XF_GENERAL, rows[i].in, strlen(rows[i].in) };
		struct amount a = { 0, false };
		assert_int_equal(cell_amount(&c, &a), rows[i].rc);
		if (!rows[i].rc)
			assert_int_equal(a.fen, rows[i].fen);
	}
}

static void test_serial_dates(void **state)
{
	static const struct {
		long serial;
		bool date1904;
		const char *out;    /* NULL: none */
	} rows[] = {
		{ 1, false, "1900-01-01" },     { 59, false, "1900-02-28" }, { 60, false, NULL },
		{ 61, false, "1900-03-01" },    { 44927, false, "2023-01-01" },
		{ 45291, false, "2023-12-31" }, { 2958465, false, "9999-12-31" },
		{ 2958466, false, NULL },       { 0, false, NULL },          { -1, false, NULL },
		{ 0, true, "1904-01-01" },      { 43465, true, "2023-01-01" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct date d = { 0, 0, 0 };
		char buf[11];
		bool ok = cell_serial_date(rows[i].serial, rows[i].date1904, &d);
		assert_int_equal(ok, rows[i].out != NULL);
		if (ok) {
			date_format(buf, d);
			assert_string_equal(buf, rows[i].out);
		}
	}
}

static void test_cell_text(void **state)
{
	static const struct {
		unsigned char type, fmt;
		const char *in, *out;
	} rows[] = {
		{ XT_NUMBER, XF_GENERAL, "15", "15" },
		{ XT_NUMBER, XF_PERCENT, "0.9", "90%" },
		{ XT_NUMBER, XF_DATE, "44927", "2023-01-01" },
		{ XT_NUMBER, XF_DATE, "44927.75", "2023-01-01" },
		{ XT_NUMBER, XF_DATE, "60", "60" },
		{ XT_STRING, XF_GENERAL, "=15个", "=15个" },
		{ XT_BOOL, XF_GENERAL, "TRUE", "TRUE" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		struct xlsx_cell c = { 1, 0, rows[i].type, rows[i].fmt, rows[i].in, strlen(rows[i].in) };
		cell_text(&sb, &c, false);
		assert_string_equal(sb.buf, rows[i].out);
		sb_release(&sb);
	}
}

static void test_refs(void **state)
{
	static const struct {
		const char *sheet;
		uint32_t row, col;
		const char *out;
	} rows[] = {
		{ NULL, 5, 2, "C5" },
		{ "Sheet1", 5, 2, "Sheet1!C5" },
		{ "汇总", 1, 25, "汇总!Z1" },
		{ "1 居民区", 1, 26, "'1 居民区'!AA1" },
		{ "it's", 3, 16383, "'it''s'!XFD3" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		xlsx_cell_ref(&sb, rows[i].sheet, rows[i].row, rows[i].col);
		assert_string_equal(sb.buf, rows[i].out);
		sb_release(&sb);
	}
}

static void test_label_key(void **state)
{
	static const struct {
		const char *in, *out;
	} rows[] = {
		{ "其中：财政资金（元）", "财政资金" },
		{ "项目资金 （元）", "项目资金" },
		{ " 项目 名称 ", "项目名称" },
		{ "项目总目标 (2023年 - 2023年)", "项目总目标(2023年-2023年)" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		cell_label_key(&sb, rows[i].in, strlen(rows[i].in));
		assert_string_equal(sb.buf, rows[i].out);
		sb_release(&sb);
	}
}

static void test_flat_header(void **state)
{
	static const char *const yes[] = { "年度", "实施单位", "项目名称", "三级指标", "年度指标值" };
	static const char *const no[] = { "项目名称", "经常性项目", "项目类别" };
	struct xlsx_cell c[5];

	for (size_t i = 0; i < 5; i++)
		c[i] = (struct xlsx_cell){ 1, (uint32_t)i, XT_STRING, 0, yes[i], strlen(yes[i]) };
	assert_true(flat_is_header(c, 5));
	assert_false(flat_is_header(c, 4));
	for (size_t i = 0; i < 3; i++)
		c[i] = (struct xlsx_cell){ 1, (uint32_t)i, XT_STRING, 0, no[i], strlen(no[i]) };
	assert_false(flat_is_header(c, 3));
	/* every column's title is recognised */
	for (int i = 0; i < FC__MAX; i++)
		for (int k = 0; k < FC__MAX; k++)
			assert_true(i == k || strcmp(flat_columns[i].title, flat_columns[k].title) != 0);
}

/* A workbook as parts. */
#define RELS_ROOT                                                                              \
	"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/" \
	"2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/" \
	"officeDocument/2006/relationships/officeDocument\" Target=\"x/book.xml\"/></Relationships>"
#define RELS_BOOK                                                                              \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"   \
	"<Relationship Id=\"a\" Type=\"http://x/worksheet\" Target=\"s/one.xml\"/>"               \
	"<Relationship Id=\"b\" Type=\"http://x/worksheet\" Target=\"/x/s/two.xml\"/>"            \
	"<Relationship Id=\"c\" Type=\"http://x/sharedStrings\" Target=\"strings.xml\"/>"         \
	"<Relationship Id=\"d\" Type=\"http://x/styles\" Target=\"../x/styles.xml\"/>"            \
	"<Relationship Id=\"e\" Type=\"http://x/chartsheet\" Target=\"c/c.xml\"/></Relationships>"
#define BOOK                                                                                   \
	"<x:workbook xmlns:x=\"m\" xmlns:r=\"r\"><x:workbookPr date1904=\"1\"/><x:sheets>"        \
	"<x:sheet name=\"第一\" r:id=\"a\"/><x:sheet name=\"图\" r:id=\"e\"/>"                      \
	"<x:sheet name=\"Two\" r:id=\"b\"/></x:sheets></x:workbook>"
#define STRINGS                                                                                \
	"<sst><si><t>甲</t></si><si><r><t>乙</t></r><r><t>丙</t></r><rPh><t>ヨミ</t></rPh></si>"   \
	"<si><t>a_x000D_b_x005F_x0041_</t></si></sst>"
#define STYLES                                                                                 \
	"<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月" \
	"&quot;\"/><numFmt numFmtId=\"165\" formatCode=\"#,##0.00&quot;元&quot;\"/></numFmts>"    \
	"<cellStyleXfs><xf numFmtId=\"9\"/></cellStyleXfs><cellXfs><xf numFmtId=\"0\"/>"          \
	"<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"10\"/></cellXfs></styleSheet>"
#define SHEET_ONE                                                                              \
	"<worksheet><sheetData><row r=\"2\"><c r=\"B2\" t=\"s\"><v>1</v></c><c t=\"s\"><v>2</v>"  \
	"</c><c r=\"E2\" t=\"inlineStr\"><is><t>内</t><rPh><t>x</t></rPh></is></c></row>"         \
	"<row><c r=\"A3\" s=\"1\"><v>0</v></c><c s=\"2\"><v>5.5</v></c><c s=\"3\"><v>0.25</v>"    \
	"</c><c t=\"b\"><v>1</v></c><c t=\"e\"><v>#N/A</v></c><c t=\"str\"><f>A1</f><v>式</v>"   \
	"</c><c/><c t=\"s\"><v>0</v></c></row></sheetData><mergeCells><mergeCell ref=\"B2:C3\"/>" \
	"</mergeCells></worksheet>"

static int read_book(const struct xlsx_mem_part *parts, size_t n, struct xlsx_book **book,
                     struct strbuf *err)
{
	struct xlsx_parts p;

	assert_int_equal(xlsx_parts_mem(&p, parts, n), 0);
	return xlsx_book_open(book, &p, err);
}

struct offered {
	int rows;
	size_t cells;
};

static int take_row2(void *ctx, const struct xlsx_cell *cells, size_t n)
{
	struct offered *o = ctx;

	o->rows++;
	o->cells += n;
	for (size_t i = 1; i < n; i++)
		assert_true(cells[i - 1].col < cells[i].col);
	return cells[0].row == 2 ? XLSX_ROW_TAKEN : XLSX_ROW_KEEP;
}

static void test_book(void **state)
{
	static const struct xlsx_mem_part parts[] = {
		{ "_rels/.rels", RELS_ROOT, sizeof(RELS_ROOT) - 1 },
		{ "x/_rels/book.xml.rels", RELS_BOOK, sizeof(RELS_BOOK) - 1 },
		{ "x/book.xml", BOOK, sizeof(BOOK) - 1 },
		{ "x/strings.xml", STRINGS, sizeof(STRINGS) - 1 },
		{ "x/styles.xml", STYLES, sizeof(STYLES) - 1 },
		{ "X/S/ONE.XML", SHEET_ONE, sizeof(SHEET_ONE) - 1 },
	};
	static const char *const want[] = {
		"B2 s 乙丙", "C2 s a\rb_x0041_", "E2 s 内", "A3 n 0 date", "B3 n 5.5", "C3 n 0.25 pct",
		"D3 b TRUE", "E3 e #N/A", "F3 s 式", "H3 s 甲",
	};
	struct xlsx_book *book = NULL;
	struct strbuf err = STRBUF_INIT, got = STRBUF_INIT;
	struct xlsx_grid g;

	assert_int_equal(read_book(parts, 6, &book, &err), 0);
	assert_int_equal(xlsx_book_sheets(book), 2);
	assert_string_equal(xlsx_book_sheet_name(book, 0), "第一");
	assert_string_equal(xlsx_book_sheet_name(book, 1), "Two");
	assert_true(xlsx_book_date1904(book));
	assert_int_equal(xlsx_book_read_sheet(book, 0, NULL, NULL, &g, &err), 0);
	assert_int_equal(g.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < g.n; i++) {
		static const char types[] = "snbe";
		const struct xlsx_cell *c = &g.cells[i];
		sb_reset(&got);
		xlsx_cell_ref(&got, NULL, c->row, c->col);
		sb_addf(&got, " %c %.*s%s", types[c->type], (int)c->n, c->s,
		        c->fmt == XF_DATE ? " date" : c->fmt == XF_PERCENT ? " pct" : "");
		assert_string_equal(got.buf, want[i]);
	}
	assert_non_null(xlsx_grid_merge_at(&g, 2, 1));
	assert_null(xlsx_grid_merge_at(&g, 2, 2));
	xlsx_grid_release(&g);
	/* rows offered as they are read: row 2 taken, row 3 kept */
	{
		struct offered o = { 0, 0 };
		assert_int_equal(xlsx_book_read_sheet(book, 0, take_row2, &o, &g, &err), 0);
		assert_int_equal(o.rows, 2);
		assert_int_equal(o.cells, 3 + 7);
		assert_int_equal(g.n, 7);
		assert_int_equal(g.cells[0].row, 3);
		assert_string_equal(g.cells[6].s, "甲");
		xlsx_grid_release(&g);
	}
	/* the second sheet's part is missing */
	sb_reset(&err);
	assert_int_equal(xlsx_book_read_sheet(book, 1, NULL, NULL, &g, &err), JX_EINPUT);
	assert_string_equal(err.buf, "工作簿缺少工作表“Two”的部件 x/s/two.xml");
	xlsx_grid_release(&g);
	xlsx_book_free(book);
	sb_release(&err);
	sb_release(&got);
}

static void test_book_refused(void **state)
{
	static const char doctype[] = "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><workbook/>";
	static const char bad_xml[] = "<workbook><sheets></workbook>";
	static const char rels[] =
		"<Relationships><Relationship Id=\"a\" Type=\"x/worksheet\" Target=\"s.xml\"/></Relationships>";
	static const char bad_cell[] = "<worksheet><sheetData><row><c r=\"A0\"><v>1</v></c></row>"
	                               "</sheetData></worksheet>";
	static const char bad_sst[] = "<worksheet><sheetData><row><c r=\"A1\" t=\"s\"><v>7</v></c>"
	                              "</row></sheetData></worksheet>";
	static const char book[] = "<workbook><sheets><sheet name=\"S\" id=\"a\"/></sheets></workbook>";
	const struct {
		struct xlsx_mem_part parts[3];
		int open_rc, sheet_rc;
		const char *msg;
	} rows[] = {
		{ { { "xl/workbook.xml", doctype, sizeof(doctype) - 1 },
		    { "xl/_rels/workbook.xml.rels", rels, sizeof(rels) - 1 } },
		  JX_EINPUT, 0, "部件 xl/workbook.xml 含有 DOCTYPE，不是 XLSX 的 XML" },
		{ { { "xl/workbook.xml", bad_xml, sizeof(bad_xml) - 1 },
		    { "xl/_rels/workbook.xml.rels", rels, sizeof(rels) - 1 } },
		  JX_EINPUT, 0, "部件 xl/workbook.xml 不是有效的 XML（第 1 行：mismatched tag）" },
		{ { { "xl/workbook.xml", book, sizeof(book) - 1 } },
		  JX_EINPUT, 0, "不是有效的 XLSX 文件：缺少部件 xl/_rels/workbook.xml.rels" },
		{ { { "xl/workbook.xml", book, sizeof(book) - 1 },
		    { "xl/_rels/workbook.xml.rels", rels, sizeof(rels) - 1 },
		    { "xl/s.xml", bad_cell, sizeof(bad_cell) - 1 } },
		  0, JX_EINPUT, "单元格 S!A1：单元格位置无效 \"A0\"" },
		{ { { "xl/workbook.xml", book, sizeof(book) - 1 },
		    { "xl/_rels/workbook.xml.rels", rels, sizeof(rels) - 1 },
		    { "xl/s.xml", bad_sst, sizeof(bad_sst) - 1 } },
		  0, JX_EINPUT, "单元格 S!A1：共享字符串编号无效 \"7\"" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct xlsx_book *b = NULL;
		struct strbuf err = STRBUF_INIT;
		size_t n = rows[i].parts[2].name ? 3 : rows[i].parts[1].name ? 2 : 1;
		int rc = read_book(rows[i].parts, n, &b, &err);
		assert_int_equal(rc, rows[i].open_rc);
		if (!rc) {
			struct xlsx_grid g;
			assert_int_equal(xlsx_book_read_sheet(b, 0, NULL, NULL, &g, &err), rows[i].sheet_rc);
			xlsx_grid_release(&g);
			xlsx_book_free(b);
		}
		assert_string_equal(err.buf, rows[i].msg);
		sb_release(&err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_number_text),  cmocka_unit_test(test_amount_roundtrip),
		cmocka_unit_test(test_cell_amount),  cmocka_unit_test(test_serial_dates),
		cmocka_unit_test(test_cell_text),    cmocka_unit_test(test_refs),
		cmocka_unit_test(test_label_key),    cmocka_unit_test(test_flat_header),
		cmocka_unit_test(test_book),         cmocka_unit_test(test_book_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
