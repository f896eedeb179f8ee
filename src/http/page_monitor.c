/*
 * page_monitor.c: in-year monitoring (绩效运行监控) of an approved
 * declaration: every round kept, with its execution rate, its light and the
 * indicators at risk, and the form of a new round for the unit (value so
 * far, expected year-end value, deviation reason and likelihood per
 * indicator; the budget executed so far).
 */
#include <stdio.h>
#include <string.h>

#include "../parse/scalar.h"
#include "../score/monitor.h"
#include "../util/err.h"
#include "access.h"
#include "layout.h"

struct rounds {
	struct req *r;
	struct html *h;
	const struct decl *d;
	int n;
};

static void cell(struct html *h, const char *text)
{
	html_open(h, "td", NULL);
	html_text(h, text ? text : "");
	html_close(h);
}

static int item_row(void *ctx, size_t pos, const struct store_monitor_item *it)
{
	struct rounds *rs = ctx;
	struct html *h = rs->h;
	const struct indicator *in = pos < rs->d->n_ind ? &rs->d->ind[pos] : NULL;

	html_open(h, "tr", "class", it->at_risk ? "at-risk" : NULL, NULL);
	cell(h, in ? in->name : "");
	cell(h, in ? in->value : "");
	cell(h, it->so_far);
	cell(h, it->expected);
	cell(h, it->reason);
	cell(h, it->reason_text);
	cell(h, it->likelihood);
	cell(h, it->at_risk ? "有风险" : "");
	html_close(h);
	return 0;
}

static int round_block(void *ctx, const struct store_monitor *m)
{
	struct rounds *rs = ctx;
	struct html *h = rs->h;
	char budget[40], executed[40], rate[32], progress[32], info[320];
	static const char *const heads[] = { "三级指标", "年度指标值", "截至目前", "预计年末",
		                                 "偏差原因", "说明", "完成可能性", "" };

	amount_format_grouped(budget, m->budget_fen);
	amount_format_grouped(executed, m->executed_fen);
	centi_format(rate, m->exec_rate);
	centi_format(progress, m->progress);
	html_open(h, "section", "class", "monitor-round", NULL);
	html_open(h, "h2", NULL);
	html_textf(h, "%s 监控（第 %d 版）", m->as_of, m->rev);
	html_close(h);
	snprintf(info, sizeof(info), "预算 %s 元，已执行 %s 元，执行率 %s%%，时间进度比 %s%%：%s；有风险的指标 %d 个。录入：%s，%s",
	         budget, executed, rate, progress,
	         light_name(strcmp(m->light, "red") == 0      ? LIGHT_RED
	                    : strcmp(m->light, "yellow") == 0 ? LIGHT_YELLOW
	                                                      : LIGHT_GREEN),
	         m->n_at_risk, m->actor, m->created_at);
	html_open(h, "p", "class", "light", "data-light", m->light, NULL);
	html_text(h, info);
	html_close(h);
	html_open(h, "table", "class", "list monitor", NULL);
	page_table_head(h, heads, sizeof(heads) / sizeof(heads[0]));
	html_open(h, "tbody", NULL);
	rs->n++;
	{
		int rc = store_monitor_items(rs->r->store, m->id, item_row, rs);
		if (rc)
			return rc;
	}
	html_close(h);
	html_close(h);
	html_close(h);
	return 0;
}

static void select_of(struct html *h, const char *name, const char *const *options, size_t n,
                      const char *chosen)
{
	html_open(h, "select", "name", name, NULL);
	for (size_t i = 0; i < n; i++) {
		html_open(h, "option", "value", options[i], "selected",
		          chosen && strcmp(chosen, options[i]) == 0 ? "selected" : NULL, NULL);
		html_text(h, *options[i] ? options[i] : "（无）");
		html_close(h);
	}
	html_close(h);
}

static void new_round_form(struct req *r, struct html *h, int64_t id, const struct decl *d)
{
	const char *reasons[DEV__MAX], *likely[LIKELY__MAX];
	char action[48], key[48];

	for (int i = 0; i < DEV__MAX; i++)
		reasons[i] = deviation_name((enum deviation)i);
	for (int i = 0; i < LIKELY__MAX; i++)
		likely[i] = likelihood_name((enum likelihood)i);
	snprintf(action, sizeof(action), "/d/%lld/monitor", (long long)id);
	html_open(h, "form", "class", "monitor-new", "method", "post", "action", action, NULL);
	html_open(h, "h2", NULL);
	html_text(h, "新的监控");
	html_close(h);
	page_csrf(r, h);
	html_open(h, "label", NULL);
	html_text(h, "监控日期");
	html_void(h, "input", "type", "date", "name", "as_of", "required", "required", "value",
	          req_form(r, "as_of"), NULL);
	html_close(h);
	html_open(h, "label", NULL);
	html_text(h, "预算数（元，空白即年度资金申请总额）");
	html_void(h, "input", "name", "budget", "value", req_form(r, "budget"), NULL);
	html_close(h);
	html_open(h, "label", NULL);
	html_text(h, "截至监控日的执行数（元）");
	html_void(h, "input", "name", "executed", "required", "required", "value",
	          req_form(r, "executed"), NULL);
	html_close(h);
	html_open(h, "table", "class", "list monitor", NULL);
	html_open(h, "tbody", NULL);
	for (size_t i = 0; i < d->n_ind; i++) {
		html_open(h, "tr", NULL);
		cell(h, d->ind[i].name);
		cell(h, d->ind[i].value);
		html_open(h, "td", NULL);
		snprintf(key, sizeof(key), "m%zu_so_far", i);
		html_void(h, "input", "name", key, "placeholder", "截至目前", "value", req_form(r, key), NULL);
		html_close(h);
		html_open(h, "td", NULL);
		snprintf(key, sizeof(key), "m%zu_expected", i);
		html_void(h, "input", "name", key, "placeholder", "预计年末", "value", req_form(r, key), NULL);
		html_close(h);
		html_open(h, "td", NULL);
		snprintf(key, sizeof(key), "m%zu_reason", i);
		select_of(h, key, reasons, DEV__MAX, req_form(r, key));
		snprintf(key, sizeof(key), "m%zu_reason_text", i);
		html_void(h, "input", "name", key, "placeholder", "说明", "value", req_form(r, key), NULL);
		html_close(h);
		html_open(h, "td", NULL);
		snprintf(key, sizeof(key), "m%zu_likelihood", i);
		select_of(h, key, likely, LIKELY__MAX, req_form(r, key));
		html_close(h);
		html_close(h);
	}
	html_close(h);
	html_close(h);
	html_open(h, "button", "type", "submit", NULL);
	html_text(h, "保存这次监控");
	html_close(h);
	html_close(h);
}

/* Who may enter a round: the unit, on its approved declaration. */
static bool may_enter(const struct req *r, const struct store_meta *m)
{
	return r->user->role == ROLE_UNIT && m->state == WS_APPROVED &&
	       user_may_see(r->user, m->department, m->implementer);
}

static int monitor_page(struct req *r, int64_t id, const struct store_meta *m, const char *problem,
                        int status)
{
	struct rounds rs = { .r = r };
	struct decl d;
	struct html h;
	char title[200], back[48];
	int rc;

	if ((rc = store_get(r->store, id, 0, r->arena, &d, NULL)))
		return rc;
	snprintf(title, sizeof(title), "运行监控：%s", d.name);
	page_begin(r, &h, title);
	if (problem)
		page_message(&h, "error", problem);
	html_open(&h, "p", NULL);
	snprintf(back, sizeof(back), "/d/%lld", (long long)id);
	html_open(&h, "a", "href", back, NULL);
	html_text(&h, "返回申报表");
	html_close(&h);
	html_close(&h);
	rs.h = &h;
	rs.d = &d;
	if ((rc = store_monitor_rounds(r->store, id, round_block, &rs)))
		return rc;
	if (!rs.n)
		page_message(&h, "ok", m->state == WS_APPROVED ? "还没有监控记录。" : "申报表批复后才能开展运行监控。");
	if (may_enter(r, m))
		new_round_form(r, &h, id, &d);
	return page_end(r, &h, status);
}

int page_monitor(struct req *r)
{
	struct store_meta m;
	int64_t id;

	if (!req_param_id(r, 0, &id)) {
		resp_error(r, 404, "没有这份申报表");
		return 0;
	}
	if (!access_decl(r, id, &m))
		return 0;
	return monitor_page(r, id, &m, NULL, 200);
}

int page_monitor_add(struct req *r)
{
	struct store_monitor_item items[256];
	struct monitor_item_in in_items[256];
	bool at_risk[256];
	struct store_meta m;
	struct store_monitor sm = { 0 };
	struct monitor_input in = { 0 };
	struct monitor_output out = { .at_risk = at_risk };
	struct monitor_rules rules = { r->profile->red_below, r->profile->yellow_below };
	struct decl d;
	const char *s;
	char key[48], msg[256], back[48];
	int64_t id, round;
	int rc;

	if (!req_param_id(r, 0, &id)) {
		resp_error(r, 404, "没有这份申报表");
		return 0;
	}
	if (!access_decl(r, id, &m))
		return 0;
	if (!may_enter(r, &m))
		return monitor_page(r, id, &m, "只有填报单位能在申报表批复后录入运行监控", 409);
	if ((rc = store_get(r->store, id, 0, r->arena, &d, &sm.rev)))
		return rc;
	if (d.n_ind > sizeof(items) / sizeof(items[0]))
		return monitor_page(r, id, &m, "指标过多", 422);
	s = req_form(r, "as_of");
	if (!s || date_parse(s, strlen(s), &in.as_of) || !in.as_of.y)
		return monitor_page(r, id, &m, "监控日期应为 YYYY-MM-DD", 422);
	s = req_form(r, "budget");
	if (s && *s && (amount_parse(s, strlen(s), &in.budget) || !in.budget.set))
		return monitor_page(r, id, &m, "预算数不是金额", 422);
	s = req_form(r, "executed");
	if (!s || amount_parse(s, strlen(s), &in.executed) || !in.executed.set)
		return monitor_page(r, id, &m, "执行数不是金额", 422);
	for (size_t i = 0; i < d.n_ind; i++) {
		snprintf(key, sizeof(key), "m%zu_so_far", i);
		items[i].so_far = in_items[i].so_far = req_form(r, key) ? req_form(r, key) : "";
		snprintf(key, sizeof(key), "m%zu_expected", i);
		items[i].expected = in_items[i].expected = req_form(r, key) ? req_form(r, key) : "";
		snprintf(key, sizeof(key), "m%zu_reason", i);
		in_items[i].reason = deviation_by_name(req_form(r, key) ? req_form(r, key) : "");
		if (in_items[i].reason == DEV__MAX)
			return monitor_page(r, id, &m, "偏差原因应从列表中选择", 422);
		items[i].reason = deviation_name(in_items[i].reason);
		snprintf(key, sizeof(key), "m%zu_reason_text", i);
		items[i].reason_text = in_items[i].reason_text = req_form(r, key) ? req_form(r, key) : "";
		snprintf(key, sizeof(key), "m%zu_likelihood", i);
		in_items[i].likelihood = likelihood_by_name(req_form(r, key));
		if (in_items[i].likelihood == LIKELY__MAX)
			return monitor_page(r, id, &m, "完成可能性应从列表中选择", 422);
		items[i].likelihood = likelihood_name(in_items[i].likelihood);
	}
	in.decl = &d;
	in.items = in_items;
	in.n_items = d.n_ind;
	if (monitor_compute(&in, &rules, &out, msg, sizeof(msg)))
		return monitor_page(r, id, &m, msg, 422);
	for (size_t i = 0; i < d.n_ind; i++)
		items[i].at_risk = at_risk[i];
	sm.as_of = req_form(r, "as_of");
	sm.budget_fen = (in.budget.set ? in.budget : d.funds[FUND_ANNUAL]).fen;
	sm.executed_fen = in.executed.fen;
	sm.exec_rate = out.exec_rate;
	sm.progress = out.progress;
	sm.light = light_id(out.light);
	sm.n_at_risk = (int)out.n_at_risk;
	sm.items = items;
	sm.n_items = d.n_ind;
	if ((rc = store_begin(r->store, 0)))
		return rc;
	rc = store_monitor_add(r->store, id, &sm, r->user->name, &round);
	if (!rc)
		rc = store_commit(r->store);
	if (rc) {
		store_rollback(r->store);
		return rc;
	}
	snprintf(back, sizeof(back), "/d/%lld/monitor", (long long)id);
	resp_redirect(r, back);
	return 0;
}
