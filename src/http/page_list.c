/*
 * page_list.c: the declaration list: the ones the user may see, filtered by
 * year, department, unit, state, suggested verdict, errors and text, a page
 * at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../parse/scalar.h"
#include "access.h"
#include "auth.h"
#include "layout.h"

#define PAGE_ROWS 50

struct listing {
	struct html *h;
	int64_t total;
	int rows;
};

static void cell(struct html *h, const char *cls, const char *text)
{
	html_open(h, "td", "class", cls, NULL);
	html_text(h, text);
	html_close(h);
}

static int row(void *ctx, const struct store_summary *s)
{
	struct listing *l = ctx;
	struct html *h = l->h;
	char id[24], href[40], year[16], money[40], counts[48];

	l->total = s->total;
	l->rows++;
	snprintf(id, sizeof(id), "%lld", (long long)s->id);
	snprintf(href, sizeof(href), "/d/%lld", (long long)s->id);
	snprintf(year, sizeof(year), "%d", s->year);
	if (s->annual.set)
		amount_format_grouped(money, s->annual.fen);
	else
		money[0] = '\0';
	snprintf(counts, sizeof(counts), "%d / %d", s->n_error, s->n_warning);
	html_open(h, "tr", "class", s->n_error ? "has-errors" : NULL, NULL);
	cell(h, "num", id);
	cell(h, "num", year);
	cell(h, NULL, s->department);
	cell(h, NULL, s->implementer);
	html_open(h, "td", NULL);
	html_open(h, "a", "href", href, NULL);
	html_text(h, s->name);
	html_close(h);
	html_close(h);
	cell(h, "state", wf_state_name(s->state));
	cell(h, "verdict", s->verdict);
	cell(h, "num", counts);
	cell(h, "num", money);
	html_close(h);
	return 0;
}

static void option(struct html *h, const char *value, const char *label, const char *current)
{
	html_open(h, "option", "value", value, "selected",
	          current && strcmp(current, value) == 0 ? "selected" : NULL, NULL);
	html_text(h, label);
	html_close(h);
}

static void text_input(struct html *h, const char *label, const char *name, const char *value)
{
	html_open(h, "label", NULL);
	html_text(h, label);
	html_void(h, "input", "name", name, "value", value ? value : "", NULL);
	html_close(h);
}

/* The list URL with this page number and the current filters. */
static void page_link(struct req *r, struct html *h, int page, const char *label)
{
	static const char *const keys[] = { "year", "department", "unit", "state", "verdict",
		                                "errors", "q" };
	struct strbuf url = STRBUF_INIT;
	char num[16];

	sb_adds(&url, "/?");
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = req_query(r, keys[i]);
		if (v && *v) {
			sb_addf(&url, "%s=", keys[i]);
			auth_url_encode(&url, v);
			sb_addc(&url, '&');
		}
	}
	snprintf(num, sizeof(num), "%d", page);
	sb_addf(&url, "page=%s", num);
	html_open(h, "a", "href", url.buf, NULL);
	html_text(h, label);
	html_close(h);
	sb_release(&url);
}

int page_list(struct req *r)
{
	struct list_filter f = { 0 };
	struct listing l = { 0 };
	struct html h;
	const char *year = req_query(r, "year"), *state = req_query(r, "state"),
	           *verdict = req_query(r, "verdict"), *q = req_query(r, "q"),
	           *p = req_query(r, "page");
	int page = p ? page_int(p) : 1, rc;
	char info[96];

	if (page < 1 || page > 100000)
		page = 1;
	f.year = year ? page_int(year) : 0;
	f.department = req_query(r, "department");
	f.implementer = req_query(r, "unit");
	if (f.department && !*f.department)
		f.department = NULL;
	if (f.implementer && !*f.implementer)
		f.implementer = NULL;
	f.state = state && *state ? state : NULL;
	f.verdict = verdict && *verdict ? verdict : NULL;
	f.has_errors = req_query(r, "errors") != NULL;
	f.text = q && *q ? q : NULL;
	f.limit = PAGE_ROWS;
	f.offset = (page - 1) * PAGE_ROWS;
	access_filter(r, &f);

	page_begin(r, &h, "申报表");
	html_open(&h, "form", "class", "filters", "method", "get", "action", "/", NULL);
	text_input(&h, "年度", "year", year);
	if (r->user->role == ROLE_FINANCE || r->user->role == ROLE_ADMIN)
		text_input(&h, "主管部门", "department", req_query(r, "department"));
	if (r->user->role != ROLE_UNIT)
		text_input(&h, "实施单位", "unit", req_query(r, "unit"));
	html_open(&h, "label", NULL);
	html_text(&h, "状态");
	html_open(&h, "select", "name", "state", NULL);
	option(&h, "", "全部", state);
	for (int s = 0; s < WS__MAX; s++)
		option(&h, wf_state_id((enum wf_state)s), wf_state_name((enum wf_state)s), state);
	html_close(&h);
	html_close(&h);
	html_open(&h, "label", NULL);
	html_text(&h, "建议评级");
	html_open(&h, "select", "name", "verdict", NULL);
	option(&h, "", "全部", verdict);
	option(&h, "优", "优", verdict);
	option(&h, "良", "良", verdict);
	option(&h, "中", "中", verdict);
	option(&h, "差", "差", verdict);
	html_close(&h);
	html_close(&h);
	html_open(&h, "label", NULL);
	html_void(&h, "input", "type", "checkbox", "name", "errors", "value", "1", "checked",
	          f.has_errors ? "checked" : NULL, NULL);
	html_text(&h, "有错误");
	html_close(&h);
	text_input(&h, "搜索", "q", q);
	html_open(&h, "button", "type", "submit", NULL);
	html_text(&h, "筛选");
	html_close(&h);
	html_close(&h);

	html_open(&h, "table", "class", "list", NULL);
	{
		static const char *const heads[] = { "编号", "年度", "主管部门", "实施单位", "项目名称",
			                                 "状态", "建议评级", "错误 / 警告", "年度资金（元）" };
		page_table_head(&h, heads, sizeof(heads) / sizeof(heads[0]));
	}
	html_open(&h, "tbody", NULL);
	l.h = &h;
	if ((rc = store_list_page(r->store, &f, row, &l)))
		return rc;
	html_close(&h);     /* tbody */
	html_close(&h);     /* table */
	if (!l.rows) {
		page_message(&h, "ok", page > 1 ? "这一页没有申报表。" : "没有符合条件的申报表。");
	} else {
		int64_t last = (l.total + PAGE_ROWS - 1) / PAGE_ROWS;
		html_open(&h, "p", "class", "paging", NULL);
		snprintf(info, sizeof(info), "共 %lld 份，第 %d / %lld 页 ", (long long)l.total, page,
		         (long long)last);
		html_text(&h, info);
		if (page > 1)
			page_link(r, &h, page - 1, "上一页");
		if (page < last)
			page_link(r, &h, page + 1, "下一页");
		html_close(&h);
	}
	return page_end(r, &h, 200);
}
