/*
 * page_overview.c: the overview (概览) per year and department of what the
 * user may see: declarations by state and by suggested verdict, the annual
 * funds requested and approved, the review rules that fire most often, and
 * the lights of the latest monitoring rounds with the budget executed so
 * far, with bar charts drawn by the server as inline SVG (no script, no
 * outside file).
 */
#include <stdio.h>
#include <string.h>

#include "../parse/scalar.h"
#include "../review/rules.h"
#include "../score/monitor.h"
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
	int64_t count, annual_fen, approved_fen;
	int64_t by_light[3];            /* green yellow red, of the latest rounds */
	int64_t budget_fen, executed_fen;   /* of the latest rounds */
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
	int64_t light_total[3];
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

static int light_index(const char *id)
{
	for (int l = LIGHT_GREEN; l <= LIGHT_RED; l++)
		if (strcmp(id, light_id((enum light)l)) == 0)
			return l;
	return -1;
}

/* The row of o's year and department, added when new; NULL when the table
 * is full (ov->truncated) or on no memory (*rc). */
static struct dept_row *row_of(struct overview *ov, const struct store_overview *o, int *rc)
{
	struct dept_row *row;

	for (size_t i = 0; i < ov->n_rows; i++)
		if (ov->rows[i].year == o->year && strcmp(ov->rows[i].department, o->department) == 0)
			return &ov->rows[i];
	if (ov->n_rows == MAX_DEPTS) {
		ov->truncated = true;
		return NULL;
	}
	row = &ov->rows[ov->n_rows];
	memset(row, 0, sizeof(*row));
	row->year = o->year;
	if (!(row->department = arena_strdup(ov->r->arena, o->department))) {
		*rc = JX_ENOMEM;
		return NULL;
	}
	ov->n_rows++;
	return row;
}

static int collect(void *ctx, const struct store_overview *o)
{
	struct overview *ov = ctx;
	struct dept_row *row;
	int rc = 0, l;

	if (o->kind == OV_RULE) {
		if (ov->n_rules < MAX_RULES) {
			ov->rules[ov->n_rules].rule = arena_strdup(ov->r->arena, o->rule);
			ov->rules[ov->n_rules++].count = o->count;
		}
		return 0;
	}
	if (!(row = row_of(ov, o, &rc)))
		return rc;
	if (o->kind == OV_LIGHT) {
		if ((l = light_index(o->light)) >= 0) {
			row->by_light[l] += o->count;
			ov->light_total[l] += o->count;
		}
		row->budget_fen += o->annual_fen;
		row->executed_fen += o->executed_fen;
		return 0;
	}
	if ((unsigned)o->state < WS__MAX) {
		row->by_state[o->state] += o->count;
		ov->state_total[o->state] += o->count;
	}
	if (o->state == WS_APPROVED)
		row->approved_fen += o->annual_fen;
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

static void money(struct html *h, int64_t fen)
{
	char buf[40];

	amount_format_grouped(buf, fen);
	html_open(h, "td", "class", "num", NULL);
	html_text(h, buf);
	html_close(h);
}

/* executed / budget as a percentage with two decimals, "" without a budget. */
static void rate(struct html *h, int64_t executed, int64_t budget)
{
	char pct[32], buf[40] = "";

	if (budget > 0) {
		__int128 hundredths = ((__int128)executed * 10000 * 2 + budget) / (2 * budget);
		centi_format(pct, (centi)hundredths);
		snprintf(buf, sizeof(buf), "%s%%", pct);
	}
	html_open(h, "td", "class", "num", NULL);
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
	if (ov->light_total[LIGHT_GREEN] + ov->light_total[LIGHT_YELLOW] + ov->light_total[LIGHT_RED]) {
		const char *light_names[3];
		for (int l = LIGHT_GREEN; l <= LIGHT_RED; l++)
			light_names[l] = light_name((enum light)l);
		bars(&h, "运行监控（最近一次监控的预警）", light_names, ov->light_total, 3);
	}

	html_open(&h, "table", "class", "list overview", NULL);
	{
		static const char *const heads[] = { "年度", "主管部门", "申报表", "草稿", "审核中",
			                                 "已批复", "已退回", "优", "良", "中", "差",
			                                 "年度资金申请（元）", "已批复资金（元）",
			                                 "绿灯", "黄灯", "红灯", "监控预算（元）",
			                                 "监控已执行（元）", "执行率" };
		page_table_head(&h, heads, sizeof(heads) / sizeof(heads[0]));
	}
	html_open(&h, "tbody", NULL);
	for (size_t i = 0; i < ov->n_rows; i++) {
		const struct dept_row *row = &ov->rows[i];
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
		money(&h, row->annual_fen);
		money(&h, row->approved_fen);
		for (int l = LIGHT_GREEN; l <= LIGHT_RED; l++)
			num(&h, "td", row->by_light[l]);
		money(&h, row->budget_fen);
		money(&h, row->executed_fen);
		rate(&h, row->executed_fen, row->budget_fen);
		html_close(&h);
	}
	html_close(&h);
	html_close(&h);
	if (ov->truncated)
		page_message(&h, "hint", "主管部门较多，只列出前 64 个；请按年度筛选。");
	page_message(&h, "hint", "优、良、中、差为自动审核的建议评级；监控各栏取每个项目最近一次运行监控。");
	return page_end(r, &h, 200);
}
