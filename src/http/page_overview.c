/*
 * page_overview.c: the overview (概览) per year and department of what the
 * user may see: declarations by state and by suggested verdict, the annual
 * funds requested, and the review rules that fire most often, with bar
 * charts drawn by the server as inline SVG (no script, no outside file).
 */
#include <stdio.h>
#include <string.h>

#include "../parse/scalar.h"
#include "../review/rules.h"
#include "../util/err.h"
#include "access.h"
#include "layout.h"

#define MAX_DEPTS 64
#define MAX_RULES 10

struct dept_row {
	int year;
	const char *department;         /* in the request's arena */
	int64_t by_state[WS__MAX];
	int64_t by_verdict[5];          /* 优 良 中 差, none */
	int64_t count, annual_fen;
};

struct overview {
	struct req *r;
	struct dept_row rows[MAX_DEPTS];
	size_t n_rows;
	bool truncated;
	struct {
		const char *rule;
		int64_t count;
	} rules[MAX_RULES];
	size_t n_rules;
	int64_t state_total[WS__MAX];
	int64_t total;
};

static int verdict_index(const char *v)
{
	static const char *const names[] = { "优", "良", "中", "差" };

	for (int i = 0; v && i < 4; i++)
		if (strcmp(v, names[i]) == 0)
			return i;
	return 4;
}

static int collect(void *ctx, const struct store_overview *o)
{
	struct overview *ov = ctx;
	struct dept_row *row = NULL;

	if (o->rule) {
		if (ov->n_rules < MAX_RULES) {
			ov->rules[ov->n_rules].rule = arena_strdup(ov->r->arena, o->rule);
			ov->rules[ov->n_rules++].count = o->count;
		}
		return 0;
	}
	for (size_t i = 0; i < ov->n_rows; i++)
		if (ov->rows[i].year == o->year && strcmp(ov->rows[i].department, o->department) == 0)
			row = &ov->rows[i];
	if (!row) {
		if (ov->n_rows == MAX_DEPTS) {
			ov->truncated = true;
			return 0;
		}
		row = &ov->rows[ov->n_rows++];
		memset(row, 0, sizeof(*row));
		row->year = o->year;
		if (!(row->department = arena_strdup(ov->r->arena, o->department)))
			return JX_ENOMEM;
	}
	if ((unsigned)o->state < WS__MAX) {
		row->by_state[o->state] += o->count;
		ov->state_total[o->state] += o->count;
	}
	row->by_verdict[verdict_index(o->verdict)] += o->count;
	row->count += o->count;
	row->annual_fen += o->annual_fen;
	ov->total += o->count;
	return 0;
}

static void num(struct html *h, const char *tag, int64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	html_open(h, tag, "class", "num", NULL);
	html_text(h, buf);
	html_close(h);
}

/* A horizontal bar chart: one bar per label, scaled to the largest value. */
static void bars(struct html *h, const char *title, const char *const *labels,
                 const int64_t *values, size_t n)
{
	int64_t max = 1;
	char vb[48], y[24], w[24], ty[24], count[24];
	size_t shown = 0;

	for (size_t i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	for (size_t i = 0; i < n; i++)
		shown += values[i] > 0;
	snprintf(vb, sizeof(vb), "0 0 640 %zu", shown * 28 + 8);
	html_open(h, "figure", "class", "chart", NULL);
	html_open(h, "figcaption", NULL);
	html_text(h, title);
	html_close(h);
	html_open(h, "svg", "viewbox", vb, "role", "img", "aria-label", title, NULL);
	shown = 0;
	for (size_t i = 0; i < n; i++) {
		if (values[i] <= 0)
			continue;
		snprintf(y, sizeof(y), "%zu", shown * 28 + 4);
		snprintf(ty, sizeof(ty), "%zu", shown * 28 + 22);
		snprintf(w, sizeof(w), "%lld", (long long)(values[i] * 380 / max + 1));
		snprintf(count, sizeof(count), "%lld", (long long)values[i]);
		html_open(h, "g", NULL);
		html_open(h, "text", "x", "0", "y", ty, "class", "label", NULL);
		html_text(h, labels[i]);
		html_close(h);
		html_open(h, "rect", "x", "200", "y", y, "width", w, "height", "22", "class", "bar", NULL);
		html_close(h);
		snprintf(y, sizeof(y), "%lld", (long long)(values[i] * 380 / max + 208));
		html_open(h, "text", "x", y, "y", ty, "class", "value", NULL);
		html_text(h, count);
		html_close(h);
		html_close(h);
		shown++;
	}
	html_close(h);     /* svg */
	html_close(h);     /* figure */
}

int page_overview(struct req *r)
{
	static struct overview zero;
	struct overview *ov = arena_alloc(r->arena, sizeof(*ov));
	struct list_filter f = { 0 };
	struct html h;
	const char *year = req_query(r, "year");
	const char *state_names[WS__MAX], *rule_names[MAX_RULES];
	int64_t rule_counts[MAX_RULES];
	int rc;

	if (!ov)
		return JX_ENOMEM;
	*ov = zero;
	ov->r = r;
	f.year = year ? page_int(year) : 0;
	access_filter(r, &f);
	if ((rc = store_overview(r->store, &f, collect, ov)))
		return rc;

	page_begin(r, &h, "概览");
	html_open(&h, "form", "class", "filters", "method", "get", "action", "/overview", NULL);
	html_open(&h, "label", NULL);
	html_text(&h, "年度");
	html_void(&h, "input", "name", "year", "value", year ? year : "", NULL);
	html_close(&h);
	html_open(&h, "button", "type", "submit", NULL);
	html_text(&h, "查看");
	html_close(&h);
	html_close(&h);
	if (!ov->total) {
		page_message(&h, "ok", "没有可统计的申报表。");
		return page_end(r, &h, 200);
	}
	for (int s = 0; s < WS__MAX; s++)
		state_names[s] = wf_state_name((enum wf_state)s);
	bars(&h, "申报表按状态", state_names, ov->state_total, WS__MAX);
	for (size_t i = 0; i < ov->n_rules; i++) {
		enum rule_id id = rule_by_id(ov->rules[i].rule);
		rule_names[i] = id < RULE__MAX ? rule_info(id)->title : ov->rules[i].rule;
		rule_counts[i] = ov->rules[i].count;
	}
	if (ov->n_rules)
		bars(&h, "自动审核最常见的问题（条数）", rule_names, rule_counts, ov->n_rules);

	html_open(&h, "table", "class", "list overview", NULL);
	{
		static const char *const heads[] = { "年度", "主管部门", "申报表", "草稿", "审核中",
			                                 "已批复", "已退回", "优", "良", "中", "差",
			                                 "年度资金申请（元）" };
		page_table_head(&h, heads, sizeof(heads) / sizeof(heads[0]));
	}
	html_open(&h, "tbody", NULL);
	for (size_t i = 0; i < ov->n_rows; i++) {
		const struct dept_row *row = &ov->rows[i];
		char money[40];
		html_open(&h, "tr", NULL);
		num(&h, "td", row->year);
		html_open(&h, "td", NULL);
		html_text(&h, row->department);
		html_close(&h);
		num(&h, "td", row->count);
		num(&h, "td", row->by_state[WS_DRAFT] + row->by_state[WS_ADJUSTING]);
		num(&h, "td", row->by_state[WS_SUBMITTED] + row->by_state[WS_DEPT_REVIEW] +
		                  row->by_state[WS_FINANCE_REVIEW]);
		num(&h, "td", row->by_state[WS_APPROVED]);
		num(&h, "td", row->by_state[WS_RETURNED] + row->by_state[WS_REJECTED]);
		for (int v = 0; v < 4; v++)
			num(&h, "td", row->by_verdict[v]);
		amount_format_grouped(money, row->annual_fen);
		html_open(&h, "td", "class", "num", NULL);
		html_text(&h, money);
		html_close(&h);
		html_close(&h);
	}
	html_close(&h);
	html_close(&h);
	if (ov->truncated)
		page_message(&h, "hint", "主管部门较多，只列出前 64 个；请按年度筛选。");
	page_message(&h, "hint", "建议评级来自自动审核；运行监控和绩效自评的统计将随这两项功能加入。");
	return page_end(r, &h, 200);
}
