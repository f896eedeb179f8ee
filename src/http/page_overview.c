/*
 * page_overview.c: the overview (概览) per year and 主管部门 of what the
 * user may see (render/overview.h): declarations by state and suggested
 * verdict with the funds requested and approved, the lights of the latest
 * monitoring rounds with their budget and execution, and the grades of the
 * self-evaluations with the year's budget and execution; the review rules
 * that fire most often; bar charts drawn by the server as inline SVG (no
 * script, no outside file).  GET /overview.xlsx gives the same table as a
 * workbook.
 */
#include <stdio.h>
#include <string.h>

#include "../model/selfeval_workflow.h"
#include "../parse/scalar.h"
#include "../render/overview.h"
#include "../render/xlsx_write.h"
#include "../review/rules.h"
#include "../score/monitor.h"
#include "../score/score.h"
#include "../util/err.h"
#include "access.h"
#include "layout.h"

#define MAX_DEPTS 64
#define MAX_RULES 10

struct overview {
	struct req *r;
	struct ov_row rows[MAX_DEPTS];
	size_t n_rows;
	bool truncated;
	struct {
		const char *rule;
		int64_t count;
	} rules[MAX_RULES];
	size_t n_rules;
	struct ov_row total;
};

static int light_index(const char *id)
{
	for (int l = LIGHT_GREEN; l <= LIGHT_RED; l++)
		if (strcmp(id, light_id((enum light)l)) == 0)
			return l;
	return -1;
}

/* The row of o's year and department, added when new; NULL when the table
 * is full (ov->truncated) or on no memory (*rc). */
static struct ov_row *row_of(struct overview *ov, const struct store_overview *o, int *rc)
{
	struct ov_row *row;

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

/* Adds a row of the store's overview into row. */
static void add(struct ov_row *row, const struct store_overview *o)
{
	int i;

	switch (o->kind) {
	case OV_RULE:
		break;
	case OV_LIGHT:
		if ((i = light_index(o->light)) >= 0)
			row->by_light[i] += o->count;
		row->mon_budget_fen += o->annual_fen;
		row->mon_executed_fen += o->executed_fen;
		break;
	case OV_SELFEVAL:
		row->se_count += o->count;
		if (se_state_by_id(o->se_state) == SES_APPROVED)
			row->se_approved += o->count;
		if ((i = ov_grade_index(o->grade)) < OV_GRADES)
			row->by_grade[i] += o->count;
		row->se_budget_fen += o->annual_fen;
		row->se_executed_fen += o->executed_fen;
		break;
	case OV_GROUP:
		if ((unsigned)o->state < WS__MAX)
			row->by_state[o->state] += o->count;
		if (o->state == WS_APPROVED)
			row->approved_fen += o->annual_fen;
		row->by_verdict[ov_grade_index(o->verdict)] += o->count;
		row->count += o->count;
		row->annual_fen += o->annual_fen;
		break;
	}
}

/* The total takes every row, also those of departments past MAX_DEPTS,
 * which the table leaves out. */
static int collect(void *ctx, const struct store_overview *o)
{
	struct overview *ov = ctx;
	struct ov_row *row;
	int rc = 0;

	if (o->kind == OV_RULE) {
		if (ov->n_rules < MAX_RULES) {
			ov->rules[ov->n_rules].rule = arena_strdup(ov->r->arena, o->rule);
			ov->rules[ov->n_rules++].count = o->count;
		}
		return 0;
	}
	add(&ov->total, o);
	if ((row = row_of(ov, o, &rc)))
		add(row, o);
	return rc;
}

/* Reads the overview the request's user may see, for ?year=. */
static int load(struct req *r, struct overview *ov)
{
	static struct overview zero;
	struct list_filter f = { 0 };
	const char *year = req_query(r, "year");

	*ov = zero;
	ov->r = r;
	f.year = year ? page_int(year) : 0;
	access_filter(r, &f);
	return store_overview(r->store, &f, collect, ov);
}

static void cell(struct html *h, const struct ov_row *row, enum ov_column c)
{
	struct ov_value v = ov_value(row, c);
	char buf[40], pct[32];

	buf[0] = 0;
	if (!v.blank) {
		switch (ov_columns[c].kind) {
		case OVK_TEXT:
			break;
		case OVK_INT:
			snprintf(buf, sizeof(buf), "%lld", (long long)v.n);
			break;
		case OVK_MONEY:
			amount_format_grouped(buf, v.n);
			break;
		case OVK_RATE:
			centi_format(pct, v.n);
			snprintf(buf, sizeof(buf), "%s%%", pct);
			break;
		}
	}
	html_open(h, "td", "class", ov_columns[c].kind == OVK_TEXT ? NULL : "num", NULL);
	html_text(h, ov_columns[c].kind == OVK_TEXT ? v.text : buf);
	html_close(h);
}

/* The table of one group of columns, with the key columns first and the
 * total row last. */
static void group_table(struct html *h, const struct overview *ov, enum ov_group g)
{
	const char *titles[OVC__MAX];
	size_t n = 0;

	html_open(h, "h2", NULL);
	html_text(h, ov_group_name(g));
	html_close(h);
	html_open(h, "table", "class", "list overview", "data-group", ov_group_name(g), NULL);
	for (int c = 0; c < OVC__MAX; c++)
		if (ov_columns[c].group == OVG_KEY || ov_columns[c].group == g)
			titles[n++] = ov_columns[c].title;
	page_table_head(h, titles, n);
	html_open(h, "tbody", NULL);
	for (size_t i = 0; i <= ov->n_rows; i++) {
		const struct ov_row *row = i < ov->n_rows ? &ov->rows[i] : &ov->total;
		html_open(h, "tr", "class", i < ov->n_rows ? NULL : "total", NULL);
		for (int c = 0; c < OVC__MAX; c++)
			if (ov_columns[c].group == OVG_KEY || ov_columns[c].group == g)
				cell(h, row, (enum ov_column)c);
		html_close(h);
	}
	html_close(h);
	html_close(h);
}

/* A horizontal bar chart: one bar per label with a value above 0, the
 * label on a line of its own above its bar (labels may be long: a rule's
 * title), bars scaled to the largest value; classes[i] (NULL: "bar")
 * colours bar i. */
static void bars(struct html *h, const char *title, const char *const *labels,
                 const int64_t *values, const char *const *classes, size_t n)
{
	enum { ROW = 40, WIDTH = 560 };
	int64_t max = 1;
	char vb[48], y[24], w[24], ty[24], vx[24], count[24];
	size_t shown = 0;

	for (size_t i = 0; i < n; i++)
		if (values[i] > max)
			max = values[i];
	for (size_t i = 0; i < n; i++)
		shown += values[i] > 0;
	snprintf(vb, sizeof(vb), "0 0 640 %zu", shown * ROW + 4);
	html_open(h, "figure", "class", "chart", NULL);
	html_open(h, "figcaption", NULL);
	html_text(h, title);
	html_close(h);
	html_open(h, "svg", "viewbox", vb, "role", "img", "aria-label", title, NULL);
	shown = 0;
	for (size_t i = 0; i < n; i++) {
		int64_t len = values[i] * WIDTH / max + 1;
		if (values[i] <= 0)
			continue;
		snprintf(ty, sizeof(ty), "%zu", shown * ROW + 14);
		snprintf(y, sizeof(y), "%zu", shown * ROW + 19);
		snprintf(w, sizeof(w), "%lld", (long long)len);
		snprintf(vx, sizeof(vx), "%lld", (long long)len + 6);
		snprintf(count, sizeof(count), "%lld", (long long)values[i]);
		html_open(h, "g", NULL);
		html_open(h, "text", "x", "0", "y", ty, "class", "label", NULL);
		html_text(h, labels[i]);
		html_close(h);
		html_open(h, "rect", "x", "0", "y", y, "width", w, "height", "16", "class",
		          classes && classes[i] ? classes[i] : "bar", NULL);
		html_close(h);
		snprintf(y, sizeof(y), "%zu", shown * ROW + 32);
		html_open(h, "text", "x", vx, "y", y, "class", "value", NULL);
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
	struct overview *ov = arena_alloc(r->arena, sizeof(*ov));
	struct html h;
	const char *year = req_query(r, "year");
	const char *state_names[WS__MAX], *rule_names[MAX_RULES];
	const char *light_names[OV_LIGHTS], *grade_names[OV_GRADES] = { "优", "良", "中", "差" };
	static const char *const light_classes[OV_LIGHTS] = { "bar green", "bar yellow", "bar red" };
	int64_t rule_counts[MAX_RULES];
	char xlsx[64];
	int rc;

	if (!ov)
		return JX_ENOMEM;
	if ((rc = load(r, ov)))
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
	if (!ov->total.count) {
		page_message(&h, "ok", "没有可统计的申报表。");
		return page_end(r, &h, 200);
	}
	if (year && page_int(year))
		snprintf(xlsx, sizeof(xlsx), "/overview.xlsx?year=%d", page_int(year));
	else
		snprintf(xlsx, sizeof(xlsx), "/overview.xlsx");
	html_open(&h, "p", "class", "actions", NULL);
	html_open(&h, "a", "href", xlsx, "download", "", NULL);
	html_text(&h, "下载 XLSX");
	html_close(&h);
	html_close(&h);
	for (int s = 0; s < WS__MAX; s++)
		state_names[s] = wf_state_name((enum wf_state)s);
	bars(&h, "申报表按状态", state_names, ov->total.by_state, NULL, WS__MAX);
	for (size_t i = 0; i < ov->n_rules; i++) {
		enum rule_id id = rule_by_id(ov->rules[i].rule);
		rule_names[i] = id < RULE__MAX ? rule_info(id)->title : ov->rules[i].rule;
		rule_counts[i] = ov->rules[i].count;
	}
	if (ov->n_rules)
		bars(&h, "自动审核最常见的问题（条数）", rule_names, rule_counts, NULL, ov->n_rules);
	for (int l = LIGHT_GREEN; l <= LIGHT_RED; l++)
		light_names[l] = light_name((enum light)l);
	if (ov->total.by_light[LIGHT_GREEN] + ov->total.by_light[LIGHT_YELLOW] + ov->total.by_light[LIGHT_RED])
		bars(&h, "运行监控（最近一次监控的预警）", light_names, ov->total.by_light, light_classes,
		     OV_LIGHTS);
	if (ov->total.se_count)
		bars(&h, "绩效自评等级", grade_names, ov->total.by_grade, NULL, OV_GRADES);

	for (enum ov_group g = OVG_DECL; g < OVG__MAX; g++)
		group_table(&h, ov, g);
	if (ov->truncated)
		page_message(&h, "hint", "主管部门较多，只列出前 64 个（合计含全部）；请按年度筛选。");
	page_message(&h, "hint", "申报的优、良、中、差为自动审核的建议评级；运行监控各栏取每个项目最近一次监控；绩效自评各栏取每个项目自评的当前版本，等级由评分规则得出。");
	return page_end(r, &h, 200);
}

static int fill_overview(struct xlsx_out *x, void *ctx)
{
	const struct overview *ov = ctx;

	return xlsx_out_overview(x, ov->rows, ov->n_rows, &ov->total);
}

/* GET /overview.xlsx[?year=Y]: the overview's table as a workbook. */
int page_overview_xlsx(struct req *r)
{
	struct overview *ov = arena_alloc(r->arena, sizeof(*ov));
	int rc;

	if (!ov)
		return JX_ENOMEM;
	if ((rc = load(r, ov)))
		return rc;
	if ((rc = page_xlsx(r, XLSX_OVERVIEW, fill_overview, ov)))
		return rc;
	page_attachment(r, "overview.xlsx",
	                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	return 0;
}
