/*
 * page_edit.c: the editor of one declaration: every field and indicator
 * row (add, remove, reorder), as a plain form that works without
 * JavaScript; static/jixiao.js adds findings while typing through
 * /api/v1/check.  Saving makes a new revision based on the one the form
 * was opened from; if someone saved in between, nothing is lost: the
 * answer is 409 and the form comes back with what was typed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../parse/scalar.h"
#include "../parse/value.h"
#include "../render/review_json.h"
#include "../review/review.h"
#include "../service/save.h"
#include "../util/err.h"
#include "../util/text.h"
#include "access.h"
#include "layout.h"

/* Empty indicator rows offered for adding. */
#define NEW_ROWS 3
#define MAX_ROWS 200

/* The text fields of the form: name, label, and where they live in a decl. */
static const struct {
	const char *name, *label, *key;     /* form name, label, FORMAT.md key */
	size_t off;
} texts[] = {
	{ "name", "项目名称", "project.name", offsetof(struct decl, name) },
	{ "category", "项目类别", "project.category", offsetof(struct decl, category) },
	{ "department", "主管部门", "project.department", offsetof(struct decl, department) },
	{ "implementer", "实施单位", "project.implementer", offsetof(struct decl, implementer) },
};

static const struct {
	const char *name, *label, *key;
	enum fund f;
} funds[] = {
	{ "total", "项目资金总额", "funds.total", FUND_TOTAL },
	{ "total_fiscal", "其中：财政资金", "funds.total_fiscal", FUND_TOTAL_FISCAL },
	{ "total_other", "其他资金（项目）", "funds.total_other", FUND_TOTAL_OTHER },
	{ "annual", "年度资金申请总额", "funds.annual", FUND_ANNUAL },
	{ "annual_appropriation", "其中：当年财政拨款", "funds.annual_appropriation", FUND_ANNUAL_APPROP },
	{ "annual_carryover", "上年结转资金", "funds.annual_carryover", FUND_ANNUAL_CARRY },
	{ "annual_other", "其他资金（年度）", "funds.annual_other", FUND_ANNUAL_OTHER },
};

/* A form field, trimmed, copied into the arena; "" when absent. */
static const char *field(struct req *r, const char *name)
{
	const char *v = req_form(r, name);
	size_t n;

	if (!v)
		return "";
	n = strlen(v);
	text_trim(&v, &n);
	return arena_strndup(r->arena, v, n);
}

/* Reads the posted form into d; problems go to `problems`, one per line. */
static void read_form(struct req *r, struct decl *d, struct strbuf *problems)
{
	char key[48];
	const char *s;
	struct row {
		struct indicator ind;
		int order;
	} rows[MAX_ROWS];
	int n = 0;

	decl_init(d);
	s = field(r, "year");
	if ((d->year = year_parse(s, strlen(s))) <= 0)
		sb_addf(problems, "年度“%s”应为四位数年份\n", s);
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		s = field(r, texts[i].name);
		if (!*s && i != 1)
			sb_addf(problems, "%s不能为空\n", texts[i].label);
		*(const char **)((char *)d + texts[i].off) = s;
	}
	s = field(r, "start");
	if (*s && date_parse(s, strlen(s), &d->start))
		sb_addf(problems, "计划开始日期“%s”无法识别\n", s);
	s = field(r, "end");
	if (*s && date_parse(s, strlen(s), &d->end))
		sb_addf(problems, "计划完成日期“%s”无法识别\n", s);
	for (size_t i = 0; i < sizeof(funds) / sizeof(funds[0]); i++) {
		s = field(r, funds[i].name);
		if (amount_parse(s, strlen(s), &d->funds[funds[i].f]))
			sb_addf(problems, "%s“%s”不是金额\n", funds[i].label, s);
	}
	s = field(r, "overall_from");
	d->overall_from = *s ? year_parse(s, strlen(s)) : 0;
	s = field(r, "overall_to");
	d->overall_to = *s ? year_parse(s, strlen(s)) : 0;
	if (d->overall_from < 0 || d->overall_to < 0)
		sb_adds(problems, "项目总目标的起止年度应为四位数年份\n");
	d->overall = field(r, "overall");
	d->annual_goal = field(r, "annual_goal");
	for (int i = 0; i < MAX_ROWS; i++) {
		const char *l1, *l2, *name, *value, *order;
		snprintf(key, sizeof(key), "ind%d_name", i);
		if (!req_form(r, key))
			break;
		name = field(r, key);
		snprintf(key, sizeof(key), "ind%d_value", i);
		value = field(r, key);
		snprintf(key, sizeof(key), "ind%d_l1", i);
		l1 = field(r, key);
		snprintf(key, sizeof(key), "ind%d_l2", i);
		l2 = field(r, key);
		snprintf(key, sizeof(key), "ind%d_order", i);
		order = field(r, key);
		snprintf(key, sizeof(key), "ind%d_delete", i);
		if (req_form(r, key) || (!*name && !*value))
			continue;
		if (!*name || !*l1 || !*l2) {
			sb_addf(problems, "第 %d 行指标：一级指标、二级指标和三级指标都要填写\n", i + 1);
			continue;
		}
		memset(&rows[n], 0, sizeof(rows[n]));
		rows[n].ind.level1 = l1;
		rows[n].ind.level2 = l2;
		rows[n].ind.name = name;
		rows[n].ind.value = value;
		rows[n].order = *order ? page_int(order) : (i + 1) * 10;
		n++;
	}
	/* reorder by the order column, stable */
	for (int i = 1; i < n; i++) {
		for (int j = i; j > 0 && rows[j - 1].order > rows[j].order; j--) {
			struct row t = rows[j];
			rows[j] = rows[j - 1];
			rows[j - 1] = t;
		}
	}
	for (int i = 0; i < n; i++) {
		struct indicator *ind = decl_add_indicator(d, r->arena);
		if (!ind)
			break;
		*ind = rows[i].ind;
		if (value_parse(ind->value, strlen(ind->value), d->year, r->arena, &ind->target))
			break;
	}
}

/* A labelled input; data-field is the FORMAT.md key findings name. */
static void input(struct html *h, const char *label, const char *name, const char *key,
                  const char *value, const char *type)
{
	html_open(h, "label", NULL);
	html_text(h, label);
	html_void(h, "input", "type", type, "name", name, "value", value ? value : "", "data-field",
	          key, NULL);
	html_close(h);
}

static void editor(struct req *r, struct html *h, int64_t id, int base, const struct decl *d,
                   const char *problems)
{
	char action[48], buf[48], key[48];
	size_t rows = d->n_ind + NEW_ROWS;

	if (problems && *problems) {
		html_open(h, "div", "class", "problems", "role", "alert", NULL);
		html_paras(h, problems);
		html_close(h);
	}
	snprintf(action, sizeof(action), "/d/%lld/edit", (long long)id);
	html_open(h, "form", "class", "editor", "method", "post", "action", action, "data-check",
	          "/api/v1/check", NULL);
	page_csrf(r, h);
	snprintf(buf, sizeof(buf), "%d", base);
	html_void(h, "input", "type", "hidden", "name", "revision", "value", buf, NULL);
	html_open(h, "fieldset", NULL);
	html_open(h, "legend", NULL);
	html_text(h, "项目");
	html_close(h);
	snprintf(buf, sizeof(buf), "%d", d->year);
	input(h, "年度", "year", "year", buf, "number");
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		input(h, texts[i].label, texts[i].name, texts[i].key,
		      *(const char *const *)((const char *)d + texts[i].off), "text");
	buf[0] = '\0';
	if (d->start.y)
		date_format(buf, d->start);
	input(h, "计划开始日期", "start", "project.start", buf, "date");
	buf[0] = '\0';
	if (d->end.y)
		date_format(buf, d->end);
	input(h, "计划完成日期", "end", "project.end", buf, "date");
	html_close(h);
	html_open(h, "fieldset", NULL);
	html_open(h, "legend", NULL);
	html_text(h, "项目资金（元）");
	html_close(h);
	for (size_t i = 0; i < sizeof(funds) / sizeof(funds[0]); i++) {
		char money[40] = "";
		if (d->funds[funds[i].f].set)
			amount_format(money, d->funds[funds[i].f].fen);
		input(h, funds[i].label, funds[i].name, funds[i].key, money, "text");
	}
	html_close(h);
	html_open(h, "fieldset", NULL);
	html_open(h, "legend", NULL);
	html_text(h, "项目绩效目标");
	html_close(h);
	snprintf(buf, sizeof(buf), "%d", d->overall_from);
	input(h, "项目总目标起始年度", "overall_from", "goals.overall_from", d->overall_from ? buf : "",
	      "number");
	snprintf(buf, sizeof(buf), "%d", d->overall_to);
	input(h, "项目总目标终止年度", "overall_to", "goals.overall_to", d->overall_to ? buf : "",
	      "number");
	html_open(h, "label", NULL);
	html_text(h, "项目总目标");
	html_open(h, "textarea", "name", "overall", "rows", "6", "data-field", "goals.overall", NULL);
	html_text(h, d->overall);
	html_close(h);
	html_close(h);
	html_open(h, "label", NULL);
	html_text(h, "年度总目标");
	html_open(h, "textarea", "name", "annual_goal", "rows", "6", "data-field", "goals.annual", NULL);
	html_text(h, d->annual_goal);
	html_close(h);
	html_close(h);
	html_close(h);
	html_open(h, "fieldset", NULL);
	html_open(h, "legend", NULL);
	html_text(h, "绩效指标（清空三级指标和指标值或勾选“删除”即删除该行；“序号”决定顺序）");
	html_close(h);
	html_open(h, "table", "class", "indicators", NULL);
	{
		static const char *const heads[] = { "序号", "一级指标", "二级指标", "三级指标",
			                                 "年度指标值", "删除" };
		page_table_head(h, heads, sizeof(heads) / sizeof(heads[0]));
	}
	html_open(h, "tbody", NULL);
	for (size_t i = 0; i < rows && i < MAX_ROWS; i++) {
		const struct indicator *ind = i < d->n_ind ? &d->ind[i] : NULL;
		static const char *const cols[] = { "l1", "l2", "name", "value" };
		const char *vals[4] = { ind ? ind->level1 : "", ind ? ind->level2 : "",
			                    ind ? ind->name : "", ind ? ind->value : "" };
		html_open(h, "tr", "data-row", (snprintf(buf, sizeof(buf), "%zu", i), buf), NULL);
		html_open(h, "td", NULL);
		snprintf(key, sizeof(key), "ind%zu_order", i);
		snprintf(buf, sizeof(buf), "%zu", (i + 1) * 10);
		html_void(h, "input", "type", "number", "name", key, "value", buf, "class", "order", NULL);
		html_close(h);
		for (size_t c = 0; c < 4; c++) {
			html_open(h, "td", NULL);
			snprintf(key, sizeof(key), "ind%zu_%s", i, cols[c]);
			snprintf(buf, sizeof(buf), "indicators[%zu].%s", i,
			         c == 0 ? "level1" : c == 1 ? "level2" : c == 2 ? "name" : "value");
			html_void(h, "input", "name", key, "value", vals[c], "data-field", buf, NULL);
			html_close(h);
		}
		html_open(h, "td", NULL);
		snprintf(key, sizeof(key), "ind%zu_delete", i);
		html_void(h, "input", "type", "checkbox", "name", key, "value", "1", NULL);
		html_close(h);
		html_close(h);
	}
	html_close(h);
	html_close(h);
	html_close(h);
	html_open(h, "div", "class", "live-findings", "aria-live", "polite", NULL);
	html_close(h);
	html_open(h, "button", "type", "submit", NULL);
	html_text(h, "保存为新版本");
	html_close(h);
	html_close(h);
}

/* Loads declaration ID of the path when the user may see it (else 404). */
static bool load(struct req *r, int64_t *id, struct store_meta *m)
{
	if (!req_param_id(r, 0, id)) {
		resp_error(r, 404, "没有这份申报表");
		return false;
	}
	return access_decl(r, *id, m);
}

/* May the user change it as it is (the write policy, for a changed form
 * under the same owner)?  Otherwise answers the policy's refusal. */
static bool load_editable(struct req *r, int64_t *id, struct store_meta *m)
{
	enum wp_decision wd;

	if (!load(r, id, m))
		return false;
	if (!wp_allowed(wd = access_edit_decision(r, m))) {
		resp_error(r, wp_status(wd), wp_message(wd));
		return false;
	}
	return true;
}

int page_edit_form(struct req *r)
{
	struct store_meta m;
	struct decl d;
	struct html h;
	int64_t id;
	int rc, rev;
	char title[200];

	if (!load_editable(r, &id, &m))
		return 0;
	if ((rc = store_get(r->store, id, 0, r->arena, &d, &rev)))
		return rc;
	snprintf(title, sizeof(title), "编辑：%s", d.name);
	page_begin(r, &h, title);
	editor(r, &h, id, rev, &d, NULL);
	return page_end(r, &h, 200);
}

int page_edit(struct req *r)
{
	struct store_meta m;
	struct strbuf problems = STRBUF_INIT, json = STRBUF_INIT;
	struct review rv;
	struct decl d;
	struct html h;
	struct save_req rq = { 0 };
	struct save_prep pp;
	struct save_result sv;
	int64_t id;
	int rc, status = 200;
	char back[48];

	if (!load(r, &id, &m))
		return 0;
	rq.base_rev = page_int(req_form(r, "revision") ? req_form(r, "revision") : "");
	review_init(&rv);
	read_form(r, &d, &problems);
	if (problems.len) {
		status = 422;
		goto again;
	}
	if ((rc = save_prepare(r->profile, &d, &rv, &json, &pp)))
		goto out;
	rq.user = r->user;
	rq.actor = r->user->name;
	rq.source = "网页编辑";
	rq.id = id;
	if (!rq.base_rev) {
		sb_adds(&problems, "表单缺少所依据的版本号，请重新打开编辑页面\n");
		status = 422;
		goto again;
	}
	if ((rc = store_begin(r->store, 0)))
		goto out;
	/* decided in the write transaction, on what the put will write over:
	 * a move is answered with the form back, the rest as the editor's GET */
	rc = save_store(r->store, &rq, &d, &pp, r->arena, &sv);
	if (!rc && !sv.stored) {
		store_rollback(r->store);
		if (wp_status(sv.decision) != 403) {
			resp_error(r, wp_status(sv.decision), wp_message(sv.decision));
			goto out;
		}
		sb_addf(&problems, "%s\n", wp_message(sv.decision));
		status = 403;
		goto again;
	}
	rc = page_commit(r, rc);
	if (rc) {
		if (rc != JX_ECONFLICT)
			goto out;
		sb_addf(&problems, "没有保存：%s\n", store_errmsg(r->store));
		status = 409;
		goto again;
	}
	snprintf(back, sizeof(back), "/d/%lld", (long long)id);
	resp_redirect(r, back);
	rc = 0;
	goto out;
again:
	page_begin(r, &h, "编辑：请修改后重新保存");
	editor(r, &h, id, rq.base_rev ? rq.base_rev : m.rev, &d, problems.buf);
	rc = page_end(r, &h, status);
out:
	review_release(&rv);
	sb_release(&problems);
	sb_release(&json);
	return rc;
}
