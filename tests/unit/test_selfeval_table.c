/*
 * test_selfeval_table.c: the self-evaluation table (render/selfeval_table.h
 * and the grid of render/selfeval_layout.h it is drawn from), one behaviour
 * per row: what 实际完成值 says for every kind of target, the notes the
 * score's flags add to a reason, the funds row's figures and execution
 * rate, the grouping and merging of 一级/二级, a table with no indicator,
 * escaping in HTML, and the PDF writer's contract (new pages, mixed with
 * declarations, write failures).  What the pages and sheets show as a
 * whole is tested in tests/selfeval_doc.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/parse/value.h"
#include "../../src/render/selfeval_layout.h"
#include "../../src/render/selfeval_table.h"
#include "../../src/util/err.h"

/* rows name only the fields they need; the rest are zero on purpose */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_IND 8

/* An indicator and its result. */
struct ind_spec {
	const char *level1, *level2, *name, *value;
	const char *actual;
	bool na;
	enum score_band band;
	const char *pct, *reason;
};

/* A self-evaluation built in memory and scored. */
struct fixture {
	struct arena a;
	struct selfeval se;
	struct score_result_in res[MAX_IND];
	struct score_indicator ind[MAX_IND];
	struct score_output out;
	struct se_layout t;
};

static void build(struct fixture *f, const struct ind_spec *spec, long long annual, long long executed)
{
	static const struct score_rules rules = { REVERSE_RATIO, "1.5", "90", "80", "60", { 10, 50, 30, 10 }, "0.90" };
	char msg[256] = "";

	memset(f, 0, sizeof(*f));
	arena_init(&f->a, 4096);
	decl_init(&f->se.decl);
	f->se.decl.year = 2023;
	f->se.decl.name = "测试项目";
	f->se.decl.funds[FUND_ANNUAL] = (struct amount){ annual, true };
	f->se.decl.funds[FUND_ANNUAL_APPROP] = (struct amount){ annual, true };
	f->se.achieved = "";
	f->se.in.decl = &f->se.decl;
	f->se.in.executed = (struct amount){ executed, true };
	f->se.in.results = f->res;
	for (size_t i = 0; i < MAX_IND && spec[i].level1; i++) {
		struct indicator *in = decl_add_indicator(&f->se.decl, &f->a);
		assert_non_null(in);
		in->level1 = spec[i].level1;
		in->level2 = spec[i].level2 ? spec[i].level2 : "数量指标";
		in->name = spec[i].name ? spec[i].name : "指标";
		in->value = spec[i].value;
		assert_int_equal(value_parse(in->value, strlen(in->value), 2023, &f->a, &in->target), 0);
		f->res[i] = (struct score_result_in){ spec[i].actual, !spec[i].na, spec[i].band, spec[i].pct,
			                                  spec[i].reason ? spec[i].reason : "" };
		f->se.in.n_results++;
	}
	f->out.ind = f->ind;
	if (score_compute(&f->se.in, &rules, &f->out, msg, sizeof(msg)))
		fail_msg("score_compute: %s", msg);
	assert_int_equal(se_layout_build(&f->t, &f->se, &f->out), 0);
}

static void release(struct fixture *f)
{
	se_layout_release(&f->t);
	arena_release(&f->a);
}

/* The k-th cell with HTML class cls (0 the first), or fail. */
static const struct se_cell *find(const struct se_layout *t, const char *cls, size_t k)
{
	for (size_t i = 0; i < t->n_cells; i++)
		if (t->cells[i].cls && strcmp(t->cells[i].cls, cls) == 0 && k-- == 0)
			return &t->cells[i];
	fail_msg("no cell of class %s", cls);
	return NULL;
}

/* The row a cell starts in. */
static const struct se_row *row_of(const struct se_layout *t, const struct se_cell *c)
{
	size_t k = (size_t)(c - t->cells);

	for (size_t r = 0; r < t->n_rows; r++)
		if (k >= t->rows[r].cell0 && k < t->rows[r].cell0 + t->rows[r].n_cells)
			return &t->rows[r];
	fail_msg("cell %zu in no row", k);
	return NULL;
}

/* 实际完成值, 分值/得分 and the reason with its notes, one indicator a row. */
static void test_indicator_cells(void **state)
{
	static const struct {
		const char *what;
		struct ind_spec ind;
		const char *actual, *points, *score, *noted;
		unsigned flags;
	} rows[] = {
		{ "positive short, no reason", { "产出指标", .value = ">=30个", .actual = "28" },
		  "28个", "90", "84", "【失分，须说明偏差原因】", FLAG_NEEDS_REASON },
		{ "positive short, a reason", { "产出指标", .value = ">=30个", .actual = "28", .reason = "两个党委合并" },
		  "28个", "90", "84", "两个党委合并", 0 },
		{ "= far over, no reason", { "产出指标", .value = "=20个", .actual = "30" },
		  "30个", "90", "90", "【远超目标（目标可能定得过低）】\n【须说明原因】",
		  FLAG_OVER_ACHIEVED | FLAG_NEEDS_REASON },
		{ "= far over, a reason", { "产出指标", .value = "=20个", .actual = "30", .reason = "需求增加" },
		  "30个", "90", "90", "需求增加\n【远超目标（目标可能定得过低）】", FLAG_OVER_ACHIEVED },
		{ "reverse met, a compound unit", { "产出指标", .value = "<=8元/餐", .actual = "7.5" },
		  "7.5元/餐", "90", "90", "", 0 },
		{ "a percentage", { "产出指标", .value = ">=95%", .actual = "96.5" }, "96.5%", "90", "90", "", 0 },
		{ "deadline met", { "产出指标", .value = "2023年7月前", .actual = "2023-06-15" },
		  "2023-06-15", "90", "90", "", 0 },
		{ "deadline never", { "产出指标", .value = "2023年7月前", .reason = "资金未到位" },
		  "未完成", "90", "0", "资金未到位", 0 },
		{ "qualitative achieved", { "产出指标", .value = "提升", .band = BAND_ACHIEVED, .pct = "100" },
		  "完成（100%）", "90", "90", "", 0 },
		{ "qualitative partial", { "产出指标", .value = "提升", .band = BAND_PARTIAL, .pct = "70", .reason = "部分未完成" },
		  "部分完成（70%）", "90", "63", "部分未完成", 0 },
		{ "qualitative missed, with a description", { "产出指标", .value = "常态化", .actual = "仅开展2次", .band = BAND_MISSED, .pct = "20", .reason = "人员不足" },
		  "仅开展2次（未完成 20%）", "90", "18", "人员不足", 0 },
		{ "not applicable", { "产出指标", .value = "及时", .na = true, .reason = "无法评价" },
		  "不适用", "—", "—", "无法评价", FLAG_NOT_APPLICABLE },
	};
	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		struct ind_spec spec[2] = { rows[i].ind };
		const struct se_cell *actual, *reason, *points, *score;
		struct fixture f;
		size_t k;

		build(&f, spec, 100000, 100000);
		actual = find(&f.t, "actual", 0);
		reason = find(&f.t, "reason", 0);
		k = (size_t)(actual - f.t.cells);
		points = &f.t.cells[k + 1];
		score = &f.t.cells[k + 2];
		if (strcmp(actual->text, rows[i].actual) != 0 || strcmp(points->text, rows[i].points) != 0 ||
		    strcmp(score->text, rows[i].score) != 0 || strcmp(reason->noted, rows[i].noted) != 0 ||
		    reason->flags != rows[i].flags)
			fail_msg("%s: actual \"%s\" points \"%s\" score \"%s\" reason \"%s\" flags %u; want "
			         "\"%s\" \"%s\" \"%s\" \"%s\" %u",
			         rows[i].what, actual->text, points->text, score->text, reason->noted,
			         reason->flags, rows[i].actual, rows[i].points, rows[i].score, rows[i].noted,
			         rows[i].flags);
		assert_int_equal(points->kind, rows[i].ind.na ? SE_CENTER : SE_SCORE);
		assert_string_equal(reason->text, rows[i].ind.reason ? rows[i].ind.reason : "");
		assert_string_equal(row_of(&f.t, actual)->cls ? row_of(&f.t, actual)->cls : "",
		                    rows[i].ind.na ? "na" : "");
		release(&f);
	}
}

/* The 年度资金总额 row: amounts, points, the execution rate (uncapped,
 * half-up) and the budget score (capped). */
static void test_funds_row(void **state)
{
	static const struct {
		long long annual, executed;
		const char *annual_text, *rate;
		long long rate_num;
		const char *score;
	} rows[] = {
		{ 481000000, 450000000, "4,810,000.00", "93.56%", 9356, "9.36" },
		{ 100000, 110000, "1,000.00", "110.00%", 11000, "10" },
		{ 300, 100, "3.00", "33.33%", 3333, "3.33" },
		{ 300, 200, "3.00", "66.67%", 6667, "6.67" },
		{ 800, 1, "8.00", "0.13%", 13, "0.01" },
		{ 100000, 0, "1,000.00", "0.00%", 0, "0" },
	};
	static const struct ind_spec spec[] = { { "产出指标", .value = "=1个", .actual = "1" }, { 0 } };
	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		struct fixture f;
		const struct se_row *r = NULL;
		const struct se_cell *c;

		build(&f, spec, rows[i].annual, rows[i].executed);
		for (size_t k = 0; k < f.t.n_rows && !r; k++)
			if (strcmp(f.t.cells[f.t.rows[k].cell0].text, "年度资金总额") == 0)
				r = &f.t.rows[k];
		assert_non_null(r);
		assert_int_equal(r->n_cells, 7);
		c = &f.t.cells[r->cell0];
		assert_int_equal(c[1].kind, SE_AMOUNT);
		assert_string_equal(c[1].text, rows[i].annual_text);     /* 年初预算数 */
		assert_int_equal(c[1].num, rows[i].annual);
		assert_string_equal(c[2].text, rows[i].annual_text);     /* 全年预算数 */
		assert_int_equal(c[3].num, rows[i].executed);             /* 全年执行数 */
		assert_string_equal(c[4].text, "10");                     /* 分值 */
		assert_int_equal(c[5].kind, SE_RATE);
		if (strcmp(c[5].text, rows[i].rate) != 0 || c[5].num != rows[i].rate_num ||
		    strcmp(c[6].text, rows[i].score) != 0)
			fail_msg("%lld / %lld: rate \"%s\" (%lld), score \"%s\"; want \"%s\" (%lld), \"%s\"",
			         rows[i].executed, rows[i].annual, c[5].text, (long long)c[5].num, c[6].text,
			         rows[i].rate, rows[i].rate_num, rows[i].score);
		/* the sources: 年初预算数 from the declaration, the rest "—" */
		c = &f.t.cells[r->cell0 + r->n_cells];
		assert_string_equal(c[0].text, "其中：当年财政拨款");
		assert_string_equal(c[1].text, rows[i].annual_text);
		for (int k = 2; k < 7; k++)
			assert_string_equal(c[k].text, "—");
		release(&f);
	}
}

/* Rows by 一级 then 二级 in the order they first appear; 一级 and 二级
 * merged down their runs; each row still shows its own indicator's result. */
static void test_grouping(void **state)
{
	static const struct ind_spec spec[] = {
		{ "产出指标", "数量指标", "甲", "=1个", "1" },
		{ "效益指标", "社会效益指标", "乙", "=1个", "1" },
		{ "产出指标", "质量指标", "丙", "=1个", "1" },
		{ "产出指标", "数量指标", "丁", "=4个", "2", .reason = "未完成" },
		{ "满意度指标", "服务对象满意度指标", "戊", ">=90%", "95" },
		{ 0 },
	};
	static const char *const names[] = { "甲", "丁", "丙", "乙", "戊" };
	static const char *const actual[] = { "1个", "2个", "1个", "1个", "95%" };
	static const struct {
		const char *text;
		unsigned rows;
	} l1[] = { { "产出指标", 3 }, { "效益指标", 1 }, { "满意度指标", 1 } },
	  l2[] = { { "数量指标", 2 }, { "质量指标", 1 }, { "社会效益指标", 1 }, { "服务对象满意度指标", 1 } };
	struct fixture f;

	(void)state;
	build(&f, spec, 100000, 100000);
	for (size_t i = 0; i < N(names); i++) {
		assert_string_equal(find(&f.t, "l3", i)->text, names[i]);
		assert_string_equal(find(&f.t, "actual", i)->text, actual[i]);
		assert_true(row_of(&f.t, find(&f.t, "l3", i))->flags & SE_ROW_BODY);
	}
	for (size_t i = 0; i < N(l1); i++) {
		assert_string_equal(find(&f.t, "l1", i)->text, l1[i].text);
		assert_int_equal(find(&f.t, "l1", i)->rows, l1[i].rows);
	}
	for (size_t i = 0; i < N(l2); i++) {
		assert_string_equal(find(&f.t, "l2", i)->text, l2[i].text);
		assert_int_equal(find(&f.t, "l2", i)->rows, l2[i].rows);
	}
	/* 丁 lost points and says why: no note */
	assert_string_equal(find(&f.t, "reason", 1)->noted, "未完成");
	release(&f);
}

/* No indicator: one blank row under the header, and the totals. */
static void test_no_indicators(void **state)
{
	static const struct ind_spec spec[] = { { 0 } };
	struct fixture f;
	const struct se_cell *block = NULL;

	(void)state;
	build(&f, spec, 100000, 50000);
	for (size_t i = 0; i < f.t.n_cells && !block; i++)
		if (strcmp(f.t.cells[i].text, "绩效\n指标") == 0)
			block = &f.t.cells[i];
	assert_non_null(block);
	assert_int_equal(block->rows, 2);
	assert_true(row_of(&f.t, block)->flags & SE_ROW_HEAD);
	assert_string_equal(find(&f.t, "grade", 0)->text, "差");
	assert_string_equal(f.t.title, "项目支出绩效自评表");
	assert_string_equal(f.t.year, "(2023年度)");
	release(&f);
}

/* HTML: user text escaped, line breaks as <br>, the flag notes after the
 * reason, the writer balanced. */
static void test_html(void **state)
{
	static const struct ind_spec spec[] = {
		{ "产出指标", "数量指标", "<b>名称</b>", ">=30个", "28", .reason = "甲\n<script>乙</script>" },
		{ "产出指标", "数量指标", "指标", "=20个", "30" },
		{ 0 },
	};
	struct strbuf sb = STRBUF_INIT;
	struct fixture f;
	struct html h;

	(void)state;
	build(&f, spec, 100000, 100000);
	html_init(&h, &sb);
	selfeval_html(&h, &f.se, &f.out);
	assert_int_equal(html_finish(&h), 0);
	assert_int_equal(strncmp(sb.buf, "<table class=\"form selfeval\">\n", 30), 0);
	assert_non_null(strstr(sb.buf, "<td class=\"l3\">&lt;b&gt;名称&lt;/b&gt;</td>"));
	assert_non_null(strstr(sb.buf, "<td class=\"reason\">甲<br>\n&lt;script&gt;乙&lt;/script&gt;</td>"));
	assert_non_null(strstr(sb.buf, "<td class=\"reason\"><div class=\"score-flag over_achieved\">"
	                               "远超目标（目标可能定得过低）</div>\n"
	                               "<div class=\"score-flag needs_reason\">须说明原因</div>\n</td>"));
	assert_null(strstr(sb.buf, "<script"));
	assert_string_equal(sb.buf + sb.len - 9, "</table>\n");
	sb_release(&sb);
	release(&f);
}

static int to_strbuf(void *closure, const unsigned char *data, size_t n)
{
	struct strbuf *sb = closure;

	sb_add(sb, data, n);
	return sb->err;
}

static int refuse(void *closure, const unsigned char *data, size_t n)
{
	(void)closure, (void)data, (void)n;
	return -1;
}

/* The PDF writer: each table from a new page, after a declaration too;
 * output that cannot be written is JX_EIO. */
static void test_pdf(void **state)
{
	static const struct ind_spec spec[] = { { "产出指标", .value = ">=30个", .actual = "28" }, { 0 } };
	struct strbuf pdf = STRBUF_INIT;
	struct form_pdf *w = NULL;
	struct fixture f;
	struct decl d;

	(void)state;
	build(&f, spec, 100000, 90000);
	decl_init(&d);
	assert_int_equal(form_pdf_begin_stream(to_strbuf, &pdf, &w, NULL), 0);
	assert_int_equal(form_pdf_selfeval(w, &f.se, &f.out), 0);
	assert_int_equal(form_pdf_pages(w), 1);
	assert_int_equal(form_pdf_decl(w, &d, NULL), 0);
	assert_int_equal(form_pdf_pages(w), 2);
	assert_int_equal(form_pdf_selfeval(w, &f.se, &f.out), 0);
	assert_int_equal(form_pdf_pages(w), 3);
	assert_int_equal(form_pdf_end(w), 0);
	assert_true(pdf.len > 100 && memcmp(pdf.buf, "%PDF-1.", 7) == 0);
	assert_non_null(memmem(pdf.buf, pdf.len, "/Title", 6));
	sb_release(&pdf);

	assert_int_equal(form_pdf_begin_stream(refuse, NULL, &w, NULL), 0);
	form_pdf_selfeval(w, &f.se, &f.out);
	assert_int_equal(form_pdf_end(w), JX_EIO);
	release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_indicator_cells),
		cmocka_unit_test(test_funds_row),
		cmocka_unit_test(test_grouping),
		cmocka_unit_test(test_no_indicators),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_pdf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
