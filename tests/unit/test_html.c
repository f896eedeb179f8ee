/*
 * test_html.c: the HTML element writer (escaping, URL policy, balance) and
 * the form view of a declaration, one behaviour per row, plus golden files
 * in tests/golden/html/ (UPDATE_GOLDEN=1 re-blesses them after review).
 * Run from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/parse/parse_text.h"
#include "../../src/parse/reader.h"
#include "../../src/render/form_html.h"
#include "../../src/render/html.h"
#include "../../src/review/profile.h"
#include "../../src/review/review.h"
#include "../../src/util/err.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define SEED "tests/golden/convert/seed.txt"
#define GOLDEN_DIR "tests/golden/html/"

/* ---- the writer ---- */

static void test_text_escaping(void **state)
{
	static const struct {
		const char *in, *want;
	} rows[] = {
		{ "", "" },
		{ "plain 文字", "plain 文字" },
		{ "&", "&amp;" },
		{ "<", "&lt;" },
		{ ">", "&gt;" },
		{ "\"", "&quot;" },
		{ "'", "&#39;" },
		{ "a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&#39;f" },
		{ "&amp;", "&amp;amp;" },
		{ "&#39;", "&amp;#39;" },
		{ "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;" },
		{ "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;" },
		{ "\" onmouseover=\"x", "&quot; onmouseover=&quot;x" },
		{ "</td></tr></table><b>", "&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;b&gt;" },
		{ "<!--", "&lt;!--" },
		{ "≥30个 ＜5", "≥30个 ＜5" },
		{ "line\nbreak\ttab", "line\nbreak\ttab" },
	};
	for (size_t i = 0; i < N(rows); i++) {
		struct strbuf sb = STRBUF_INIT;
		struct html h;

		html_init(&h, &sb);
		html_text(&h, rows[i].in);
		assert_int_equal(html_finish(&h), 0);
		if (strcmp(sb.buf, rows[i].want) != 0)
			fail_msg("html_text(\"%s\") = \"%s\", want \"%s\"", rows[i].in, sb.buf,
			         rows[i].want);
		sb_release(&sb);
	}
}

static void test_textn_and_textf(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct html h;

	html_init(&h, &sb);
	html_textn(&h, "a\0<b>", 5);               /* NUL: U+FFFD */
	html_textn(&h, "<<<", 1);
	html_textn(&h, NULL, 3);
	html_text(&h, NULL);
	html_textf(&h, "[%d%%|%s]", 7, "<\"'&>");
	assert_int_equal(html_finish(&h), 0);
	assert_string_equal(sb.buf, "a\xef\xbf\xbd&lt;b&gt;&lt;[7%|&lt;&quot;&#39;&amp;&gt;]");
	sb_release(&sb);
}

static void test_attribute_escaping(void **state)
{
	static const struct {
		const char *in, *want;
	} rows[] = {
		{ "form", "<span title=\"form\"></span>" },
		{ "", "<span title=\"\"></span>" },
		{ "a&b", "<span title=\"a&amp;b\"></span>" },
		{ "<>", "<span title=\"&lt;&gt;\"></span>" },
		{ "\" onmouseover=\"x", "<span title=\"&quot; onmouseover=&quot;x\"></span>" },
		{ "' onfocus='x", "<span title=\"&#39; onfocus=&#39;x\"></span>" },
		{ "\"><script>alert(1)</script>",
		  "<span title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"></span>" },
		{ NULL, "<span></span>" },
	};
	for (size_t i = 0; i < N(rows); i++) {
		struct strbuf sb = STRBUF_INIT;
		struct html h;

		html_init(&h, &sb);
		html_open(&h, "span", "title", rows[i].in, NULL);
		html_close(&h);
		assert_int_equal(html_finish(&h), 0);
		if (strcmp(sb.buf, rows[i].want) != 0)
			fail_msg("title=\"%s\": got %s, want %s", rows[i].in ? rows[i].in : "(null)",
			         sb.buf, rows[i].want);
		sb_release(&sb);
	}
}

static void test_urls(void **state)
{
	static const struct {
		const char *url;
		bool ok;
		const char *want;       /* the <a> written */
	} rows[] = {
		{ "/", true, "<a href=\"/\">x</a>" },
		{ "/decl/12?rev=2", true, "<a href=\"/decl/12?rev=2\">x</a>" },
		{ "?page=2&sort=name", true, "<a href=\"?page=2&amp;sort=name\">x</a>" },
		{ "#f-funds", true, "<a href=\"#f-funds\">x</a>" },
		{ "/a\"onmouseover=\"x", true, "<a href=\"/a&quot;onmouseover=&quot;x\">x</a>" },
		{ "javascript:alert(1)", false, "<a href=\"#\">x</a>" },
		{ "JAVASCRIPT:alert(1)", false, "<a href=\"#\">x</a>" },
		{ " javascript:alert(1)", false, "<a href=\"#\">x</a>" },
		{ "java\tscript:alert(1)", false, "<a href=\"#\">x</a>" },
		{ "vbscript:msgbox(1)", false, "<a href=\"#\">x</a>" },
		{ "data:text/html,<script>alert(1)</script>", false, "<a href=\"#\">x</a>" },
		{ "//evil.example/", false, "<a href=\"#\">x</a>" },
		{ "/\\evil.example/", false, "<a href=\"#\">x</a>" },
		{ "/\t/evil.example/", false, "<a href=\"#\">x</a>" },
		{ "/\n/evil.example/", false, "<a href=\"#\">x</a>" },
		{ "/a b", false, "<a href=\"#\">x</a>" },
		{ "/a\\b", false, "<a href=\"#\">x</a>" },
		{ "https://example.org/", false, "<a href=\"#\">x</a>" },
		{ "decl/1", false, "<a href=\"#\">x</a>" },
		{ "", false, "<a href=\"#\">x</a>" },
	};
	for (size_t i = 0; i < N(rows); i++) {
		struct strbuf sb = STRBUF_INIT;
		struct html h;

		if (html_url_ok(rows[i].url) != rows[i].ok)
			fail_msg("html_url_ok(\"%s\") != %d", rows[i].url, rows[i].ok);
		html_init(&h, &sb);
		html_open(&h, "a", "href", rows[i].url, NULL);
		html_text(&h, "x");
		assert_int_equal(html_finish(&h), 0);
		if (strcmp(sb.buf, rows[i].want) != 0)
			fail_msg("href \"%s\": got %s, want %s", rows[i].url, sb.buf, rows[i].want);
		sb_release(&sb);
	}
}

/* Every URL-valued attribute goes through the same policy. */
static void test_url_attributes(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct html h;

	html_init(&h, &sb);
	html_open(&h, "form", "action", "javascript:alert(1)", "method", "post", NULL);
	html_void(&h, "input", "type", "submit", "formaction", "//evil.example", NULL);
	html_close(&h);
	html_open(&h, "p", "cite", "data:x", NULL);
	html_close(&h);
	html_void(&h, "link", "rel", "stylesheet", "href", "/static/jixiao.css", NULL);
	assert_int_equal(html_finish(&h), 0);
	assert_string_equal(sb.buf,
	                    "<form action=\"#\" method=\"post\">\n"
	                    "<input type=\"submit\" formaction=\"#\"></form>\n"
	                    "<p cite=\"#\"></p>\n"
	                    "<link rel=\"stylesheet\" href=\"/static/jixiao.css\">\n");
	sb_release(&sb);
}

static void test_names(void **state)
{
	static const struct {
		const char *name;
		bool ok;
	} rows[] = {
		{ "td", true },        { "data-rule", true }, { "h1", true },
		{ "colspan", true },   { "", false },         { NULL, false },
		{ "TD", false },       { "a b", false },      { "x\"", false },
		{ "on-", true },       { "data_x", false },   { "é", false },
		{ "a=b", false },      { "a>", false },       { "a/", false },
	};
	for (size_t i = 0; i < N(rows); i++)
		if (html_name_ok(rows[i].name) != rows[i].ok)
			fail_msg("html_name_ok(\"%s\") != %d", rows[i].name ? rows[i].name : "(null)",
			         rows[i].ok);
}

static void test_balance(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct html h;
	int depth;

	html_init(&h, &sb);
	html_open(&h, "table", "class", "form", NULL);
	html_open(&h, "tr", NULL);
	depth = h.depth;
	html_open(&h, "td", "rowspan", "2", "colspan", NULL, NULL);
	html_open(&h, "span", NULL);
	html_text(&h, "a");
	html_close_to(&h, depth);
	assert_int_equal(h.depth, 2);
	html_open(&h, "td", NULL);
	html_void(&h, "br", NULL);
	html_open(&h, "div", "class", "finding", NULL);
	html_close_all(&h);
	assert_int_equal(h.depth, 0);
	assert_int_equal(html_finish(&h), 0);
	assert_string_equal(sb.buf, "<table class=\"form\">\n"
	                            "<tr><td rowspan=\"2\"><span>a</span></td><td><br>\n"
	                            "<div class=\"finding\"></div>\n"
	                            "</td></tr>\n"
	                            "</table>\n");
	/* html_finish closes what is left */
	sb_reset(&sb);
	html_init(&h, &sb);
	html_doctype(&h);
	html_open(&h, "html", "lang", "zh-CN", NULL);
	html_open(&h, "body", NULL);
	html_open(&h, "p", NULL);
	assert_int_equal(html_finish(&h), 0);
	assert_string_equal(sb.buf, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<body>\n<p></p>\n"
	                            "</body>\n</html>\n");
	sb_release(&sb);
}

static void test_paras(void **state)
{
	static const struct {
		const char *in, *want;
	} rows[] = {
		{ "", "" },
		{ "一、目的", "<p>一、目的</p>\n" },
		{ "一\n二", "<p>一</p>\n<p>二</p>\n" },
		{ "\n\n一\n \n二\n", "<p>一</p>\n<p>二</p>\n" },
		{ "<p>x</p>\n&", "<p>&lt;p&gt;x&lt;/p&gt;</p>\n<p>&amp;</p>\n" },
		{ NULL, "" },
	};
	for (size_t i = 0; i < N(rows); i++) {
		struct strbuf sb = STRBUF_INIT;
		struct html h;

		html_init(&h, &sb);
		html_paras(&h, rows[i].in);
		assert_int_equal(html_finish(&h), 0);
		assert_string_equal(sb.buf, rows[i].want);
		sb_release(&sb);
	}
}

/* A size cap on the buffer comes out of html_finish (the cap is checked
 * when the buffer grows: write well past its first allocation). */
static void test_sticky_error(void **state)
{
	struct strbuf sb;
	struct html h;

	sb_init(&sb, 16);
	html_init(&h, &sb);
	html_open(&h, "p", NULL);
	for (int i = 0; i < 20; i++)
		html_text(&h, "a text longer than the cap");
	assert_int_equal(html_finish(&h), JX_ETOOBIG);
	sb_release(&sb);
}

/* ---- golden files ---- */

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t got;

	if (!f)
		return NULL;
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(&sb, buf, got);
	fclose(f);
	return sb_detach(&sb, n);
}

/* Compares `got` with the golden file; UPDATE_GOLDEN=1 writes it instead. */
static void golden(const char *name, const struct strbuf *got)
{
	char path[256];
	char *want;
	size_t n, line = 1, i;
	const char *update = getenv("UPDATE_GOLDEN");

	snprintf(path, sizeof(path), GOLDEN_DIR "%s", name);
	if (update && strcmp(update, "1") == 0) {
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		assert_int_equal(fwrite(got->buf, 1, got->len, f), got->len);
		assert_int_equal(fclose(f), 0);
		return;
	}
	want = slurp(path, &n);
	if (!want)
		fail_msg("%s: missing (run with UPDATE_GOLDEN=1 from the repository root)", path);
	for (i = 0; i < n && i < got->len && want[i] == got->buf[i]; i++)
		line += want[i] == '\n';
	if (i < n || i < got->len) {
		free(want);
		fail_msg("%s: differs from line %zu on (UPDATE_GOLDEN=1 re-blesses)", path, line);
	}
	free(want);
}

/* ---- the form view ---- */

/* The span attribute `name` ("rowspan=\"") inside the start tag [p, end), or 1. */
static int span_of(const char *p, const char *end, const char *name)
{
	const char *a = strstr(p, name);

	return a && a < end ? (int)strtol(a + strlen(name), NULL, 10) : 1;
}

/*
 * Lays the table's cells out on the five-column grid with their rowspans and
 * colspans, as a browser does: every row must come out exactly full, no two
 * cells overlapping, no rowspan reaching past the last row.  (Our markup
 * only: user text cannot contain a '<'.)
 */
static void check_grid(const char *html)
{
	enum { COLS = 5, ROWS = 256 };
	static bool occ[ROWS + 1][COLS];
	const char *p = html, *end;
	int row = -1, col = 0, cs, rs, r, k;

	memset(occ, 0, sizeof(occ));
	for (; (p = strchr(p, '<')); p++) {
		bool cell = strncmp(p, "<td", 3) == 0 || strncmp(p, "<th", 3) == 0;
		if (p[1] == 't' && (p[3] == '>' || p[3] == ' ') && strncmp(p, "<tr", 3) == 0) {
			row++;
			col = 0;
			assert_true(row < ROWS);
			continue;
		}
		if (!cell || (p[3] != '>' && p[3] != ' '))
			continue;
		assert_true(row >= 0);
		end = strchr(p, '>');
		cs = span_of(p, end, "colspan=\"");
		rs = span_of(p, end, "rowspan=\"");
		while (col < COLS && occ[row][col])
			col++;
		if (col + cs > COLS || row + rs > ROWS)
			fail_msg("row %d: a cell of colspan %d at column %d overflows", row, cs, col);
		for (r = row; r < row + rs; r++)
			for (k = col; k < col + cs; k++) {
				if (occ[r][k])
					fail_msg("row %d column %d: cells overlap", r, k);
				occ[r][k] = true;
			}
		col += cs;
	}
	for (r = 0; r <= row; r++)
		for (k = 0; k < COLS; k++)
			if (!occ[r][k])
				fail_msg("row %d column %d: no cell", r, k);
	for (k = 0; k < COLS; k++)
		if (occ[row + 1][k])
			fail_msg("a rowspan reaches past the last row");
}

static const char *dup(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

struct first_decl {
	struct arena arena;
	struct decl d;
	int seen;
};

/* The parser resets its arena after each call: keep a deep copy of the first. */
static int keep_first(void *ctx, const struct decl *src)
{
	struct first_decl *fd = ctx;
	struct decl *d = &fd->d;

	if (fd->seen++)
		return 0;
	*d = *src;
	d->name = dup(&fd->arena, src->name);
	d->category = dup(&fd->arena, src->category);
	d->department = dup(&fd->arena, src->department);
	d->implementer = dup(&fd->arena, src->implementer);
	d->overall = dup(&fd->arena, src->overall);
	d->annual_goal = dup(&fd->arena, src->annual_goal);
	d->file = dup(&fd->arena, src->file);
	d->ind = NULL;
	d->n_ind = d->cap_ind = 0;
	for (size_t i = 0; i < src->n_ind; i++) {
		struct indicator *in = decl_add_indicator(d, &fd->arena);
		if (!in)
			return JX_ENOMEM;
		*in = src->ind[i];
		in->level1 = dup(&fd->arena, in->level1);
		in->level2 = dup(&fd->arena, in->level2);
		in->name = dup(&fd->arena, in->name);
		in->value = dup(&fd->arena, in->value);
		in->target.number = dup(&fd->arena, in->target.number);
		in->target.unit = dup(&fd->arena, in->target.unit);
		in->target.note = dup(&fd->arena, in->target.note);
		in->target.text = dup(&fd->arena, in->target.text);
	}
	return fd->arena.err ? JX_ENOMEM : 0;
}

struct fixture {
	struct first_decl fd;
	struct profile *p;
	struct review rv;
};

static int setup(void **state)
{
	static struct fixture fx;
	struct parse_opts opts = { keep_first, &fx.fd, NULL, NULL };
	struct reader *r = NULL;
	struct diags diags;
	struct strbuf err = STRBUF_INIT;
	int rc;

	memset(&fx, 0, sizeof(fx));
	arena_init(&fx.fd.arena, 64 * 1024);
	review_init(&fx.rv);
	diags_init(&diags);
	rc = reader_open(&r, SEED);
	if (!rc)
		rc = parse_text(r, SEED, &diags, &opts);
	if (!rc && (diags.n_error || !fx.fd.seen))
		rc = JX_EINPUT;
	if (!rc)
		rc = profile_load("shanghai-2023", &fx.p, &err);
	if (!rc)
		rc = review_decl(fx.p, &fx.fd.d, &fx.rv);
	if (r)
		reader_close(r);
	diags_release(&diags);
	sb_release(&err);
	*state = &fx;
	return rc;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	review_release(&fx->rv);
	profile_free(fx->p);
	arena_release(&fx->fd.arena);
	return 0;
}

static void render(struct strbuf *sb, const struct decl *d, const struct profile *p,
                   const struct review *rv)
{
	struct html h;

	html_init(&h, sb);
	form_html(&h, d, p, rv);
	assert_int_equal(h.depth, 0);
	assert_int_equal(html_finish(&h), 0);
}

static void test_seed_golden(void **state)
{
	struct fixture *fx = *state;
	struct strbuf sb = STRBUF_INIT;

	render(&sb, &fx->fd.d, fx->p, NULL);
	check_grid(sb.buf);
	golden("seed1.html", &sb);
	sb_reset(&sb);
	assert_true(fx->rv.n > 0);
	render(&sb, &fx->fd.d, fx->p, &fx->rv);
	check_grid(sb.buf);
	golden("seed1_review.html", &sb);
	sb_release(&sb);
}

/* Screenshot-free sanity: every name a reader looks for is on the page. */
static void test_seed_contains(void **state)
{
	static const char *const texts[] = {
		"财政项目支出绩效目标申报表", "(2023年度)", "项目资金（元）", "项目资金总额",
		"其中：财政资金", "年度资金申请总额", "其中：当年财政拨款", "上年结转资金",
		"其他资金", "项目总目标 (2023年 - 2023年)", "年度总目标",
		">5,350,000.00<", ">4,810,000.00<", ">2023-01-01<", ">2023-12-31<",
	};
	struct fixture *fx = *state;
	const struct decl *d = &fx->fd.d;
	const struct profile *p = fx->p;
	struct strbuf sb = STRBUF_INIT;
	size_t i, k;

	render(&sb, d, p, NULL);
	assert_int_equal(d->n_ind, 7);
	for (i = 0; i < d->n_ind; i++) {
		if (!strstr(sb.buf, d->ind[i].name))
			fail_msg("indicator %s missing", d->ind[i].name);
		if (!strstr(sb.buf, d->ind[i].value))
			fail_msg("value %s missing", d->ind[i].value);
	}
	assert_int_equal(p->n_tree, 3);
	for (i = 0; i < p->n_tree; i++) {
		if (!strstr(sb.buf, p->tree[i].name))
			fail_msg("category %s missing", p->tree[i].name);
		for (k = 0; k < p->tree[i].n_level2; k++)
			if (!strstr(sb.buf, p->tree[i].level2[k]))
				fail_msg("category %s missing", p->tree[i].level2[k]);
	}
	for (i = 0; i < N(texts); i++)
		if (!strstr(sb.buf, texts[i]))
			fail_msg("\"%s\" missing", texts[i]);
	/* the seed's blank amounts stay blank, none becomes 0.00 */
	assert_null(strstr(sb.buf, ">0.00<"));
	sb_release(&sb);
}

/* A declaration built by hand: user text full of markup, indicators outside
 * the tree, and findings at every kind of key. */
static void crafted(struct arena *a, struct decl *d, struct review *rv)
{
	static const struct {
		const char *l1, *l2, *name, *value;
	} inds[] = {
		{ "产出指标", "数量指标", "<script>alert(1)</script>", "=15个" },
		{ "产出指标", "自定义指标", "\" onmouseover=\"x", ">=1次" },
		{ "其他指标", "杂项", "不在指标体系中", "" },
		{ "产出指标", "数量指标", "第二个数量指标", "≥2个" },
		{ "其他指标", "杂项", "同组第二行", "提升" },
		{ "其他指标", "另一项", "另一二级", "=1项" },
		{ "满意度指标", "服务对象满意度指标", "满意度", "≥90%" },
	};
	static const struct {
		const char *field;
		enum diag_sev sev;
		enum rule_id rule;
		const char *msg;
	} finds[] = {
		{ "funds.total", DIAG_ERROR, R_FUNDS_TOTAL_SUM, "项目资金总额 \"<1>\" 不等" },
		{ "funds.annual_carryover", DIAG_INFO, R_FUNDS_ANNUAL_SUM, "结转" },
		{ "funds", DIAG_WARNING, R_FUNDS_MISSING, "资金块" },
		{ "project.start", DIAG_WARNING, R_DATES_MISSING, "开始日期未填写" },
		{ "goals.overall_to", DIAG_WARNING, R_GOALS_PERIOD_MISMATCH, "年度不符" },
		{ "goals.annual", DIAG_ERROR, R_GOALS_MISSING, "年度总目标未填写" },
		{ "indicators", DIAG_WARNING, R_CATEGORY_MISSING, "缺少成本指标" },
		{ "indicators[1].level2", DIAG_ERROR, R_INDICATOR_UNKNOWN_CATEGORY, "二级不在体系中" },
		{ "indicators[2].level1", DIAG_ERROR, R_INDICATOR_UNKNOWN_CATEGORY, "一级不在体系中" },
		{ "indicators[2].value", DIAG_ERROR, R_INDICATOR_MISSING_VALUE, "没有年度指标值" },
		{ "indicators[4].target.op", DIAG_WARNING, R_INDICATOR_VAGUE_VALUE, "\"提升\" 无法衡量" },
		{ "indicators[0]", DIAG_INFO, R_INDICATOR_DUPLICATE, "整行" },
		{ "year", DIAG_INFO, R_DATES_YEAR, "年度" },
		{ "indicators[99].value", DIAG_ERROR, R_INDICATOR_MISSING_VALUE, "越界" },
		{ "indicators[x].value", DIAG_ERROR, R_INDICATOR_MISSING_VALUE, "坏下标" },
		{ "indicators[1]x", DIAG_ERROR, R_INDICATOR_MISSING_VALUE, "坏后缀" },
		{ "indicators[1].weight", DIAG_ERROR, R_INDICATOR_MISSING_VALUE, "未知成员" },
		{ "nowhere", DIAG_WARNING, R_INDICATOR_TOO_FEW, "<b>无处安放</b>" },
		{ NULL, DIAG_INFO, R_INDICATOR_TOO_FEW, "没有字段" },
	};

	decl_init(d);
	d->year = 2024;
	d->name = "<script>alert('名')</script>";
	d->category = "一次性项目 & 其他";
	d->department = "\" onmouseover=\"alert(1)";
	d->implementer = "";
	d->start = (struct date){ 0, 0, 0 };
	d->end = (struct date){ 2024, 12, 31 };
	d->funds[FUND_TOTAL] = (struct amount){ 123456789, true };
	d->funds[FUND_TOTAL_OTHER] = (struct amount){ 0, true };
	d->funds[FUND_ANNUAL] = (struct amount){ -5, true };
	d->overall_from = 2024;
	d->overall_to = 2026;
	d->overall = "第一段 <p>\n\n第二段 javascript:alert(1)";
	d->annual_goal = NULL;
	for (size_t i = 0; i < N(inds); i++) {
		struct indicator *in = decl_add_indicator(d, a);
		assert_non_null(in);
		in->level1 = inds[i].l1;
		in->level2 = inds[i].l2;
		in->name = inds[i].name;
		in->value = inds[i].value;
	}
	for (size_t i = 0; i < N(finds); i++) {
		if (rv->n == rv->cap) {
			rv->cap = rv->cap ? 2 * rv->cap : 32;
			rv->v = realloc(rv->v, rv->cap * sizeof(*rv->v));
			assert_non_null(rv->v);
		}
		rv->v[rv->n++] = (struct finding){ finds[i].rule, finds[i].sev, finds[i].field, 0,
			                           finds[i].msg };
	}
}

static void test_crafted(void **state)
{
	/* fragments of the output, each once, in this order */
	static const char *const order[] = {
		"<div class=\"findings\">",
		"data-rule=\"indicator.missing_value\"><span class=\"sev\">错误：</span>越界</div>",
		"坏下标", "坏后缀", "未知成员", "&lt;b&gt;无处安放&lt;/b&gt;", "没有字段",
		"<table class=\"form\">",
		"<div class=\"form-year\" data-flag=\"info\">(2024年度)"
		"<div class=\"finding info\" data-rule=\"dates.year\"><span class=\"sev\">提示：</span>年度</div>",
		"<td class=\"val\" colspan=\"2\">&lt;script&gt;alert(&#39;名&#39;)&lt;/script&gt;</td>",
		"一次性项目 &amp; 其他",
		"&quot; onmouseover=&quot;alert(1)",
		"<td class=\"val\" colspan=\"2\" data-flag=\"warning\"><div class=\"finding warning\" "
		"data-rule=\"dates.missing\"><span class=\"sev\">警告：</span>开始日期未填写</div>\n</td>",
		">2024-12-31<",
		"<tr class=\"notes\"><td class=\"notes\" colspan=\"5\" data-flag=\"warning\">"
		"<div class=\"finding warning\" data-rule=\"funds.missing\"><span class=\"sev\">警告："
		"</span>资金块</div>\n</td></tr>\n<tr><th class=\"block\" rowspan=\"4\">项目资金（元）</th>"
		"<th>项目资金总额</th>",
		"<td class=\"val amount\" data-flag=\"error\">1,234,567.89<div class=\"finding error\" "
		"data-rule=\"funds.total_sum\"><span class=\"sev\">错误：</span>项目资金总额 "
		"&quot;&lt;1&gt;&quot; 不等</div>",
		"<td class=\"val amount\">-0.05</td>",
		"<th rowspan=\"2\">其他资金</th><td class=\"val amount\" rowspan=\"2\">0.00</td>"
		"<th>上年结转资金</th><td class=\"val amount\" data-flag=\"info\">",
		"<th>其他资金</th><td class=\"val amount\"></td>",
		"<th colspan=\"2\" data-flag=\"warning\">项目总目标 (2024年 - 2026年)<div ",
		"<td class=\"goal\" colspan=\"2\"><p>第一段 &lt;p&gt;</p>\n<p>第二段 javascript:alert(1)</p>\n</td>",
		"<td class=\"goal\" colspan=\"2\" data-flag=\"error\"><div class=\"finding error\" "
		"data-rule=\"goals.missing\">",
		"<tr class=\"notes\"><td class=\"notes\" colspan=\"5\" data-flag=\"warning\">"
		"<div class=\"finding warning\" data-rule=\"category.missing\">",
		"<tr><th class=\"block\" rowspan=\"15\">绩效指标</th><th>一级指标</th>",
		"<tr><td class=\"l1\" rowspan=\"5\">产出指标</td><td class=\"l2\" rowspan=\"2\">数量指标</td>"
		"<td class=\"l3\" data-flag=\"info\">&lt;script&gt;alert(1)&lt;/script&gt;<div ",
		"<tr><td class=\"l3\">第二个数量指标</td><td class=\"target\">≥2个</td></tr>",
		"<tr><td class=\"l2\">成本指标</td><td class=\"l3\"></td><td class=\"target\"></td></tr>",
		"<td class=\"l2\">可持续影响指标</td>",
		"<tr><td class=\"l1\">满意度指标</td><td class=\"l2\">服务对象满意度指标</td>"
		"<td class=\"l3\">满意度</td><td class=\"target\">≥90%</td></tr>",
		"<tr class=\"extra\"><td class=\"l1\">产出指标</td><td class=\"l2\" data-flag=\"error\">"
		"自定义指标<div class=\"finding error\" data-rule=\"indicator.unknown_category\">",
		"<td class=\"l3\">&quot; onmouseover=&quot;x</td><td class=\"target\">&gt;=1次</td></tr>",
		"<tr class=\"extra\"><td class=\"l1\" rowspan=\"3\" data-flag=\"error\">其他指标<div "
		"class=\"finding error\" data-rule=\"indicator.unknown_category\"><span class=\"sev\">"
		"错误：</span>一级不在体系中</div>\n</td><td class=\"l2\" rowspan=\"2\">杂项</td>"
		"<td class=\"l3\">不在指标体系中</td><td class=\"target\" data-flag=\"error\">",
		"<tr class=\"extra\"><td class=\"l3\">同组第二行</td><td class=\"target\" "
		"data-flag=\"warning\">提升<div ",
		"<tr class=\"extra\"><td class=\"l2\">另一项</td><td class=\"l3\">另一二级</td>",
		"</table>",
	};
	static const char *const extra_rows[] = {
		"<tr class=\"extra\"><td class=\"l1\" rowspan=\"3\">产出指标</td><td class=\"l2\" "
		"rowspan=\"2\">数量指标</td><td class=\"l3\">&lt;script&gt;alert(1)&lt;/script&gt;</td>",
		"<tr class=\"extra\"><td class=\"l3\">第二个数量指标</td>",
		"<tr class=\"extra\"><td class=\"l2\">自定义指标</td><td class=\"l3\">&quot; "
		"onmouseover=&quot;x</td>",
		"<td class=\"l1\" rowspan=\"3\">其他指标</td>",
		"<td class=\"l3\">不在指标体系中</td>",
		"<td class=\"l3\">同组第二行</td>",
		"<td class=\"l2\">另一项</td><td class=\"l3\">另一二级</td>",
		"<tr class=\"extra\"><td class=\"l1\">满意度指标</td>",
	};
	struct arena a;
	struct decl d;
	struct review rv;
	struct strbuf sb = STRBUF_INIT;
	struct fixture *fx = *state;
	const char *at;

	memset(&rv, 0, sizeof(rv));
	arena_init(&a, 4096);
	crafted(&a, &d, &rv);
	render(&sb, &d, fx->p, &rv);
	check_grid(sb.buf);
	golden("crafted.html", &sb);
	at = sb.buf;
	for (size_t i = 0; i < N(order); i++) {
		const char *got = strstr(at, order[i]);
		if (!got)
			fail_msg("not found after offset %td: %s", at - sb.buf, order[i]);
		if (strstr(got + 1, order[i]))
			fail_msg("more than once: %s", order[i]);
		at = got + strlen(order[i]);
	}
	/* nothing of the user's markup survives as markup */
	assert_null(strstr(sb.buf, "<script"));
	assert_null(strstr(sb.buf, "\" onmouseover"));
	assert_null(strstr(sb.buf, "<b>"));
	assert_null(strstr(sb.buf, "href"));
	/* with no profile, every indicator is an extra row, none dropped */
	sb_reset(&sb);
	render(&sb, &d, NULL, NULL);
	check_grid(sb.buf);
	for (size_t i = 0; i < N(extra_rows); i++)
		if (!strstr(sb.buf, extra_rows[i]))
			fail_msg("no profile: not found: %s", extra_rows[i]);
	assert_non_null(strstr(sb.buf, "<th class=\"block\" rowspan=\"8\">绩效指标</th>"));
	assert_null(strstr(sb.buf, "成本指标"));
	assert_null(strstr(sb.buf, "finding"));
	free(rv.v);
	arena_release(&a);
	sb_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_escaping),
		cmocka_unit_test(test_textn_and_textf),
		cmocka_unit_test(test_attribute_escaping),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_url_attributes),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_balance),
		cmocka_unit_test(test_paras),
		cmocka_unit_test(test_sticky_error),
		cmocka_unit_test(test_seed_golden),
		cmocka_unit_test(test_seed_contains),
		cmocka_unit_test(test_crafted),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
