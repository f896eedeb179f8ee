/*
 * test_csv_cell.c: the CSV cell writer and its reading rule (csv_cell.h),
 * one behaviour per row: what a cell is written as (formula triggers
 * neutralised, plain numbers left alone, quoting), that every text read
 * back through the CSV reader (csv_read.h) is the text written, which cells
 * the reader strips a quote from, and the monitoring template of a
 * declaration whose indicators look like formulas, byte for byte and read
 * back by the monitoring table's reader with every indicator matched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/parse/csv_read.h"
#include "../../src/parse/value.h"
#include "../../src/render/monitor_template.h"
#include "../../src/score/monitor_read.h"
#include "../../src/util/csv_cell.h"
#include "../../src/util/err.h"

/* A cell's text and what csv_cell_add writes for it. */
static const struct {
	const char *text;
	const char *csv;
} cells[] = {
	{ "=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\"" },
	{ "=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" },
	{ "=", "\"'=\"" },
	{ "=15个", "\"'=15个\"" },
	{ "+1+2", "\"'+1+2\"" },
	{ "-1+2", "\"'-1+2\"" },
	{ "-", "\"'-\"" },
	{ "--5", "\"'--5\"" },
	{ "-1e5", "\"'-1e5\"" },
	{ "-.5", "\"'-.5\"" },
	{ "-5.", "\"'-5.\"" },
	{ "@SUM(A1:A2)", "\"'@SUM(A1:A2)\"" },
	{ "\tTAB", "\"'\tTAB\"" },
	{ "\rCR", "\"'\rCR\"" },
	{ "'=already quoted", "\"''=already quoted\"" },
	{ "''+x", "\"'''+x\"" },
	{ "'-5%", "\"''-5%\"" },
	/* numbers are data: a spreadsheet reads them as numbers, never runs them */
	{ "-5%", "-5%" },
	{ "+3", "+3" },
	{ "-5", "-5" },
	{ "+3.25%", "+3.25%" },
	{ "-1,234.50", "\"-1,234.50\"" },
	/* not triggers */
	{ "'quoted text", "'quoted text" },
	{ "a=b", "a=b" },
	{ "1-2", "1-2" },
	{ "≥95%", "≥95%" },
	{ "＝全角", "＝全角" },
	{ "居民区群众满意度", "居民区群众满意度" },
	/* quoting as before */
	{ "", "" },
	{ "a,b", "\"a,b\"" },
	{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
	{ "two\nlines", "\"two\nlines\"" },
	{ " lead", "\" lead\"" },
	{ "trail ", "\"trail \"" },
};
#define N_CELLS (sizeof(cells) / sizeof(cells[0]))

static void test_write(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	for (size_t i = 0; i < N_CELLS; i++) {
		sb_reset(&sb);
		csv_cell_add(&sb, cells[i].text, true, ',');
		assert_string_equal(sb.buf, cells[i].csv);
		assert_int_equal(csv_cell_guarded(cells[i].text, strlen(cells[i].text)),
		                 cells[i].csv[0] == '"' && cells[i].csv[1] == '\'');
	}
	/* NULL is an empty cell; the separator goes before every cell but the first */
	sb_reset(&sb);
	csv_cell_add(&sb, "a", true, ';');
	csv_cell_add(&sb, NULL, false, ';');
	csv_cell_add(&sb, "b;c", false, ';');
	csv_cell_add(&sb, "=d", false, ';');
	assert_string_equal(sb.buf, "a;;\"b;c\";\"'=d\"");
	sb_release(&sb);
}

/* Every text, written as the cells of one record and read back through
 * csv_rows, is itself; with each separator the reader knows. */
static void test_round_trip(void **state)
{
	static const char seps[] = { ',', ';', '\t' };
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	for (size_t k = 0; k < sizeof(seps); k++) {
		struct reader *rd = NULL;
		struct csv_rows *rows = NULL;
		const struct xlsx_cell *got;
		struct diags dg;
		size_t n;
		int line;

		sb_reset(&sb);
		for (size_t i = 0; i < N_CELLS; i++)
			csv_cell_add(&sb, cells[i].text, i == 0, seps[k]);
		sb_adds(&sb, "\r\n");
		diags_init(&dg);
		assert_int_equal(reader_open_mem(&rd, sb.buf, sb.len), 0);
		assert_int_equal(csv_rows_open(&rows, rd, seps[k], "t.csv", &dg, 0), 0);
		assert_int_equal(csv_rows_next(rows, &got, &n, &line), 1);
		assert_int_equal(n, N_CELLS);
		for (size_t i = 0; i < N_CELLS; i++) {
			/* the reader ends lines at LF and drops a CR before it, nothing else */
			assert_int_equal(got[i].n, strlen(cells[i].text));
			assert_memory_equal(got[i].s, cells[i].text, got[i].n);
		}
		assert_int_equal(csv_rows_next(rows, &got, &n, &line), 0);
		assert_int_equal(dg.n, 0);
		csv_rows_close(rows);
		reader_close(rd);
		diags_release(&dg);
	}
	sb_release(&sb);
}

/* What the reader strips: one quote before the quotes and trigger of a
 * cell, whoever wrote it. */
static void test_unguard(void **state)
{
	static const struct {
		const char *cell;
		size_t skip;
	} rows[] = {
		{ "'=cmd", 1 }, { "''=cmd", 1 }, { "'+1", 1 }, { "'-5%", 1 }, { "'@x", 1 },
		{ "'\tx", 1 }, { "'\rx", 1 }, { "=cmd", 0 }, { "'abc", 0 }, { "'", 0 },
		{ "''", 0 }, { "", 0 }, { "a'=b", 0 }, { "-5%", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(csv_cell_unguard(rows[i].cell, strlen(rows[i].cell)), rows[i].skip);
}

/* A declaration whose project and indicators look like formulas. */
static const char *const hostile[][4] = {
	{ "产出指标", "数量指标", "=cmd|' /C calc'!A0", "=15个" },
	{ "产出指标", "质量指标", "+服务质量", "+3" },
	{ "产出指标", "时效指标", "-完成时间", "2023年7月前" },
	{ "效益指标", "社会效益指标", "@效果", "-5%" },
	{ "满意度指标", "服务对象满意度指标", "'=满意度", "提升" },
};
#define N_HOSTILE (sizeof(hostile) / sizeof(hostile[0]))

static const char template_csv[] =
	"\xef\xbb\xbf项目支出绩效运行监控表\r\n"
	"项目名称,\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"
	"监控日期,2023-07-31\r\n"
	"预算数（元）,4810000.00\r\n"
	"截至目前预算执行数（元）,\r\n"
	"\r\n"
	"一级指标,二级指标,三级指标,年度指标值,截至目前完成值,预计年末完成值,偏差原因,偏差说明,完成可能性\r\n"
	"产出指标,数量指标,\"'=cmd|' /C calc'!A0\",\"'=15个\",,,,,\r\n"
	"产出指标,质量指标,\"'+服务质量\",+3,,,,,\r\n"
	"产出指标,时效指标,\"'-完成时间\",2023年7月前,,,,,\r\n"
	"效益指标,社会效益指标,\"'@效果\",-5%,,,,,\r\n"
	"满意度指标,服务对象满意度指标,\"''=满意度\",提升,,,,,\r\n";

static void test_template(void **state)
{
	struct strbuf csv = STRBUF_INIT, filled = STRBUF_INIT;
	struct monitor_upload up;
	struct diags dg;
	struct arena a;
	struct decl d;
	const char *p, *eol;

	(void)state;
	arena_init(&a, 4096);
	decl_init(&d);
	d.year = 2023;
	d.name = "=HYPERLINK(\"http://x\")";
	d.funds[FUND_ANNUAL] = (struct amount){ 481000000, true };
	for (size_t i = 0; i < N_HOSTILE; i++) {
		struct indicator *in = decl_add_indicator(&d, &a);
		assert_non_null(in);
		in->level1 = hostile[i][0];
		in->level2 = hostile[i][1];
		in->name = hostile[i][2];
		in->value = hostile[i][3];
		assert_int_equal(value_parse(in->value, strlen(in->value), d.year, &a, &in->target), 0);
	}
	assert_int_equal(monitor_template_csv(&csv, &d), 0);
	assert_string_equal(csv.buf, template_csv);

	/* filled in as a unit would (the amount, a likelihood per row) and read
	 * back: the project and every indicator are found by their names */
	for (p = csv.buf; *p; p = eol + 1) {
		eol = strchr(p, '\n');
		if (strncmp(p, "截至目前预算执行数（元）,", strlen("截至目前预算执行数（元）,")) == 0) {
			sb_add(&filled, p, (size_t)(eol - 1 - p));
			sb_adds(&filled, "3000000.00\r\n");
		} else if (eol - p > 6 && memcmp(eol - 6, ",,,,,\r", 6) == 0) {
			sb_add(&filled, p, (size_t)(eol - 1 - p));
			sb_adds(&filled, "有可能\r\n");
		} else {
			sb_add(&filled, p, (size_t)(eol + 1 - p));
		}
	}
	diags_init(&dg);
	assert_int_equal(monitor_read(filled.buf, filled.len, "filled.csv", &d, &a, &dg, &up), 0);
	for (size_t i = 0; i < dg.n; i++)
		print_message("%s\n", dg.v[i].msg);
	assert_int_equal(dg.n, 0);
	assert_int_equal(up.n_items, N_HOSTILE);
	assert_int_equal(up.executed.fen, 300000000);
	for (size_t i = 0; i < N_HOSTILE; i++)
		assert_int_equal(up.items[i].likelihood, LIKELY_MAYBE);
	diags_release(&dg);
	sb_release(&filled);
	sb_release(&csv);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_unguard),
		cmocka_unit_test(test_template),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
