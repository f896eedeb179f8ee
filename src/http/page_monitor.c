/*
 * page_monitor.c: in-year monitoring (绩效运行监控) of an approved
 * declaration: every round kept, with its execution rate, the project's
 * light (the worst of the budget's and the indicators'), each indicator's
 * light, the indicators at risk and its review.  The unit enters a new round in a form
 * (value so far, expected year-end value, deviation reason and likelihood
 * per indicator; the budget executed so far) or uploads it as a table whose
 * template it downloads as XLSX or CSV (monitor_template.h, read back by
 * monitor_read.h).  The department and finance accept a round or return it
 * with a reason (model/round_review.def); a returned round stays as it was
 * and the unit enters a corrected round, a new one.
 */
#include <stdio.h>
#include <string.h>

#include "../parse/scalar.h"
#include "../render/monitor_template.h"
#include "../score/monitor.h"
#include "../score/monitor_read.h"
#include "../service/monitor.h"
#include "../service/workflow.h"
#include "../util/err.h"
#include "access.h"
#include "layout.h"

/* A round as the page shows it: the store's row (its strings copied), its
 * place among the declaration's rounds and the state its review left. */
struct round_view {
	struct store_monitor m;
	int nth;
	enum rr_state state;
};

/* Every round of a declaration and every review event, oldest first. */
struct rounds {
	struct arena *a;
	struct round_view *v;
	size_t n, cap;
	struct store_monitor_event *ev;
	size_t n_ev, cap_ev;
};

/* What was wrong with what the user sent, shown above the rounds. */
struct problem {
	const char *message;            /* NULL for none */
	const struct diags *diags;      /* an upload's findings; NULL for none */
	int64_t round;                  /* a refused review: its round keeps the comment typed */
};

/* Grows an arena array of `size`-byte elements to hold one more. */
static void *grow(struct arena *a, void *v, size_t *cap, size_t n, size_t size)
{
	size_t c;

	if (n < *cap)
		return v;
	c = *cap ? *cap * 2 : 8;
	if (!(v = arena_realloc(a, v, *cap * size, c * size)))
		return NULL;
	*cap = c;
	return v;
}

static const char *keep(struct arena *a, const char *s, bool *ok)
{
	char *c = arena_strdup(a, s ? s : "");

	*ok = *ok && c;
	return c ? c : "";
}

static int keep_round(void *ctx, const struct store_monitor *m)
{
	struct rounds *rs = ctx;
	struct round_view *v;
	bool ok = true;

	if (!(rs->v = grow(rs->a, rs->v, &rs->cap, rs->n, sizeof(*rs->v))))
		return JX_ENOMEM;
	v = &rs->v[rs->n];
	v->m = *m;
	v->m.as_of = keep(rs->a, m->as_of, &ok);
	v->m.light = keep(rs->a, m->light, &ok);
	v->m.created_at = keep(rs->a, m->created_at, &ok);
	v->m.actor = keep(rs->a, m->actor, &ok);
	v->nth = (int)++rs->n;
	v->state = RR_PENDING;
	return ok ? 0 : JX_ENOMEM;
}

static int keep_event(void *ctx, const struct store_monitor_event *e)
{
	struct rounds *rs = ctx;
	struct store_monitor_event *c;
	bool ok = true;

	if (!(rs->ev = grow(rs->a, rs->ev, &rs->cap_ev, rs->n_ev, sizeof(*rs->ev))))
		return JX_ENOMEM;
	c = &rs->ev[rs->n_ev++];
	*c = *e;
	c->at = keep(rs->a, e->at, &ok);
	c->actor = keep(rs->a, e->actor, &ok);
	c->comment = keep(rs->a, e->comment, &ok);
	return ok ? 0 : JX_ENOMEM;
}

/* Reads the rounds and their review; each round's state is where its last
 * event left it. */
static int load_rounds(struct req *r, int64_t id, struct rounds *rs)
{
	int rc;

	memset(rs, 0, sizeof(*rs));
	rs->a = r->arena;
	if ((rc = store_monitor_rounds(r->store, id, keep_round, rs)) ||
	    (rc = store_monitor_events(r->store, id, keep_event, rs)))
		return rc;
	for (size_t i = 0; i < rs->n_ev; i++)
		for (size_t k = 0; k < rs->n; k++)
			if (rs->v[k].m.id == rs->ev[i].round_id && rs->ev[i].to < RR__MAX)
				rs->v[k].state = rs->ev[i].to;
	return 0;
}

/* ---- the page ---------------------------------------------------------------- */

static void cell(struct html *h, const char *text)
{
	html_open(h, "td", NULL);
	html_text(h, text ? text : "");
	html_close(h);
}

/* A light as a cell: its name, its id for styles and scripts; empty for a
 * row stored before indicators had lights. */
static void light_cell(struct html *h, const char *id)
{
	enum light l = light_by_id(id);

	html_open(h, "td", "class", "light", "data-light", l < LIGHT__MAX ? light_id(l) : NULL, NULL);
	html_text(h, l < LIGHT__MAX ? light_name(l) : "");
	html_close(h);
}

struct items_ctx {
	struct html *h;
	const struct decl *d;
};

static int item_row(void *ctx, size_t pos, const struct store_monitor_item *it)
{
	struct items_ctx *ic = ctx;
	struct html *h = ic->h;
	const struct indicator *in = pos < ic->d->n_ind ? &ic->d->ind[pos] : NULL;

	html_open(h, "tr", "class", it->at_risk ? "at-risk" : NULL, NULL);
	cell(h, in ? in->name : "");
	cell(h, in ? in->value : "");
	cell(h, it->so_far);
	cell(h, it->expected);
	cell(h, it->reason);
	cell(h, it->reason_text);
	cell(h, it->likelihood);
	cell(h, it->at_risk ? "有风险" : "");
	light_cell(h, it->light);
	html_close(h);
	return 0;
}

/* The review actions r->user may take on a round in state s. */
static bool may_review(const struct req *r, enum rr_state s)
{
	for (int a = 0; a < RA__MAX; a++) {
		const struct rr_action_info *ai = rr_action((enum rr_action)a);
		if ((ai->roles & (1u << r->user->role)) && (ai->from & (1u << s)))
			return true;
	}
	return false;
}

static void review_form(struct req *r, struct html *h, int64_t id, const struct round_view *v,
                        const struct problem *p)
{
	char action[64], round[24];

	snprintf(action, sizeof(action), "/d/%lld/monitor/review", (long long)id);
	snprintf(round, sizeof(round), "%lld", (long long)v->m.id);
	html_open(h, "form", "class", "monitor-review", "method", "post", "action", action, NULL);
	page_csrf(r, h);
	html_void(h, "input", "type", "hidden", "name", "round", "value", round, NULL);
	html_open(h, "label", NULL);
	html_text(h, "审核意见（退回时必填）");
	html_open(h, "textarea", "name", "comment", "rows", "2", NULL);
	if (p && p->round == v->m.id)
		html_text(h, req_form(r, "comment"));
	html_close(h);
	html_close(h);
	html_open(h, "p", "class", "buttons", NULL);
	for (int a = 0; a < RA__MAX; a++) {
		const struct rr_action_info *ai = rr_action((enum rr_action)a);
		if (!(ai->roles & (1u << r->user->role)) || !(ai->from & (1u << v->state)))
			continue;
		html_open(h, "button", "type", "submit", "name", "action", "value", ai->id, NULL);
		html_text(h, ai->name);
		html_close(h);
	}
	html_close(h);
	html_close(h);
}

/* The review events of one round, if it has any. */
static void events_list(struct html *h, const struct rounds *rs, int64_t round)
{
	bool open = false;

	for (size_t i = 0; i < rs->n_ev; i++) {
		const struct store_monitor_event *e = &rs->ev[i];
		const struct rr_action_info *ai = rr_action(e->action);
		if (e->round_id != round)
			continue;
		if (!open)
			html_open(h, "ul", "class", "round-events", NULL);
		open = true;
		html_open(h, "li", NULL);
		html_textf(h, "%s %s %s", e->at, e->actor, ai ? ai->name : "?");
		if (*e->comment)
			html_textf(h, "：%s", e->comment);
		html_close(h);
	}
	if (open)
		html_close(h);
}

/* The round entered after round k was returned (its correction); NULL
 * while there is none. */
static const struct round_view *correction(const struct rounds *rs, size_t k)
{
	const char *returned = NULL;

	for (size_t i = 0; i < rs->n_ev; i++)
		if (rs->ev[i].round_id == rs->v[k].m.id && rs->ev[i].to == RR_RETURNED)
			returned = rs->ev[i].at;
	for (size_t i = k + 1; returned && i < rs->n; i++)
		if (strcmp(rs->v[i].m.created_at, returned) >= 0)
			return &rs->v[i];
	return NULL;
}

static int round_section(struct req *r, struct html *h, int64_t id, const struct decl *d,
                         const struct rounds *rs, size_t k, const struct problem *p)
{
	static const char *const heads[] = { "三级指标", "年度指标值", "截至目前", "预计年末",
		                                 "偏差原因", "说明", "完成可能性", "", "预警" };
	const struct round_view *v = &rs->v[k];
	const struct store_monitor *m = &v->m;
	struct items_ctx ic = { h, d };
	char budget[40], executed[40], rate[32], progress[32], info[320], anchor[32];
	int rc;

	amount_format_grouped(budget, m->budget_fen);
	amount_format_grouped(executed, m->executed_fen);
	centi_format(rate, m->exec_rate);
	centi_format(progress, m->progress);
	snprintf(anchor, sizeof(anchor), "round-%lld", (long long)m->id);
	html_open(h, "section", "class", "monitor-round", "id", anchor, NULL);
	html_open(h, "h2", NULL);
	html_textf(h, "%s 监控（第 %d 版）", m->as_of, m->rev);
	html_close(h);
	snprintf(info, sizeof(info), "预算 %s 元，已执行 %s 元，执行率 %s%%，时间进度比 %s%%；项目预警：%s；有风险的指标 %d 个。录入：%s，%s",
	         budget, executed, rate, progress, light_name(light_by_id(m->light)), m->n_at_risk,
	         m->actor, m->created_at);
	html_open(h, "p", "class", "light", "data-light", m->light, NULL);
	html_text(h, info);
	html_close(h);
	html_open(h, "p", "class", "round-state", "data-state", rr_state_id(v->state), NULL);
	html_textf(h, "第 %d 次监控，审核状态：%s", v->nth, rr_state_name(v->state));
	html_close(h);
	html_open(h, "table", "class", "list monitor", NULL);
	page_table_head(h, heads, sizeof(heads) / sizeof(heads[0]));
	html_open(h, "tbody", NULL);
	if ((rc = store_monitor_items(r->store, m->id, item_row, &ic)))
		return rc;
	html_close(h);
	html_close(h);
	events_list(h, rs, m->id);
	if (v->state == RR_RETURNED) {
		const struct round_view *fix = correction(rs, k);
		char note[96];
		if (fix) {
			snprintf(note, sizeof(note), "已退回，已由第 %d 次监控更正。", fix->nth);
			page_message(h, "hint", note);
		} else {
			page_message(h, "hint", "已退回：请填报单位按退回理由录入更正后的监控（新的一次监控）。");
		}
	}
	if (may_review(r, v->state))
		review_form(r, h, id, v, p);
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

/* Upload a round as a table, with the links to its templates. */
static void upload_form(struct req *r, struct html *h, int64_t id)
{
	char action[48], xlsx[64], csv[64];

	snprintf(action, sizeof(action), "/d/%lld/monitor/upload", (long long)id);
	snprintf(xlsx, sizeof(xlsx), "/d/%lld/monitor/template.xlsx", (long long)id);
	snprintf(csv, sizeof(csv), "/d/%lld/monitor/template.csv", (long long)id);
	html_open(h, "form", "class", "monitor-upload", "method", "post", "action", action, "enctype",
	          "multipart/form-data", NULL);
	html_open(h, "h2", NULL);
	html_text(h, "上传监控表");
	html_close(h);
	html_open(h, "p", NULL);
	html_text(h, "先下载本申报表的监控表模板（");
	html_open(h, "a", "href", xlsx, NULL);
	html_text(h, "Excel 模板 .xlsx");
	html_close(h);
	html_text(h, "，或 ");
	html_open(h, "a", "href", csv, NULL);
	html_text(h, "CSV 模板");
	html_close(h);
	html_text(h, "），在表头上方填写监控日期和截至目前预算执行数，在每个指标的行里填写截至目前完成值、"
	             "预计年末完成值、偏差原因、偏差说明和完成可能性，再上传。指标按三级指标的名称对应；"
	             "任何一处有错误，就什么都不保存。");
	html_close(h);
	page_csrf(r, h);
	html_open(h, "label", NULL);
	html_text(h, "监控表文件（.xlsx 或 .csv）");
	html_void(h, "input", "type", "file", "name", "file", "required", "required", "accept",
	          ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	          NULL);
	html_close(h);
	html_open(h, "button", "type", "submit", NULL);
	html_text(h, "上传并保存");
	html_close(h);
	html_close(h);
}

/* The findings of an upload, all of them. */
static void problems(struct html *h, const struct diags *dg)
{
	struct strbuf line = STRBUF_INIT;
	char msg[96];

	snprintf(msg, sizeof(msg), "监控表有 %zu 处问题，什么都没有保存：", dg->n_error);
	page_message(h, "error", msg);
	html_open(h, "ul", "class", "problems", NULL);
	for (size_t i = 0; i < dg->n; i++) {
		sb_reset(&line);
		diag_format(&line, &dg->v[i]);
		html_open(h, "li", NULL);
		html_text(h, line.buf);
		html_close(h);
	}
	html_close(h);
	sb_release(&line);
}

/* Who may enter a round: the unit, on its approved declaration. */
static bool may_enter(const struct req *r, const struct store_meta *m)
{
	return r->user->role == ROLE_UNIT && wf_state_in_force(m->state) &&
	       user_may_see(r->user, m->department, m->implementer);
}

static int monitor_page(struct req *r, int64_t id, const struct store_meta *m,
                        const struct problem *p, int status)
{
	struct rounds rs;
	struct decl d;
	struct html h;
	char title[200], back[48];
	int rc;

	if ((rc = store_get(r->store, id, m->approved_rev, r->arena, &d, NULL)) ||
	    (rc = load_rounds(r, id, &rs)))
		return rc;
	snprintf(title, sizeof(title), "运行监控：%s", d.name);
	page_begin(r, &h, title);
	if (p && p->message)
		page_message(&h, "error", p->message);
	if (p && p->diags && p->diags->n_error)
		problems(&h, p->diags);
	html_open(&h, "p", NULL);
	snprintf(back, sizeof(back), "/d/%lld", (long long)id);
	html_open(&h, "a", "href", back, NULL);
	html_text(&h, "返回申报表");
	html_close(&h);
	html_close(&h);
	for (size_t k = 0; k < rs.n; k++)
		if ((rc = round_section(r, &h, id, &d, &rs, k, p)))
			return rc;
	if (!rs.n)
		page_message(&h, "ok", wf_state_in_force(m->state) ? "还没有监控记录。" : "申报表批复后才能开展运行监控。");
	if (may_enter(r, m)) {
		upload_form(r, &h, id);
		new_round_form(r, &h, id, &d);
	}
	return page_end(r, &h, status);
}

static int refuse(struct req *r, int64_t id, const struct store_meta *m, const char *message,
                  int status)
{
	struct problem p = { .message = message };

	return monitor_page(r, id, m, &p, status);
}

/* The declaration of the request's path when r->user may see it; false
 * when the answer (404) is already set. */
static bool decl_of(struct req *r, int64_t *id, struct store_meta *m)
{
	if (!req_param_id(r, 0, id)) {
		resp_error(r, 404, "没有这份申报表");
		return false;
	}
	return access_decl(r, *id, m);
}

/* The declaration a round is entered for and its current revision, when
 * the unit may enter one (may_enter).  Else false, with what the handler
 * returns in *rc: 0 or refuse's code with the answer set, or the store's. */
static bool entry_decl(struct req *r, int64_t *id, struct store_meta *m, struct decl *d,
                       int *rev, int *rc)
{
	*rc = 0;
	if (!decl_of(r, id, m))
		return false;
	if (!may_enter(r, m)) {
		*rc = refuse(r, *id, m, "只有填报单位能在申报表批复后录入运行监控", 409);
		return false;
	}
	*rc = store_get(r->store, *id, m->approved_rev, r->arena, d, rev);
	return *rc == 0;
}

int page_monitor(struct req *r)
{
	struct store_meta m;
	int64_t id;

	if (!decl_of(r, &id, &m))
		return 0;
	return monitor_page(r, id, &m, NULL, 200);
}

/*
 * Computes the round in `in` (its items one per indicator of d) and stores
 * it with its rows and the audit log, then sends the user back to the page;
 * a round that does not compute (a date outside the year, no budget) is
 * refused with the reason.
 */
static int add_round(struct req *r, int64_t id, const struct store_meta *m, const struct decl *d,
                     int rev, struct monitor_input *in)
{
	const char *problem;
	char msg[256], back[48];
	int64_t round;
	int rc;

	if ((rc = store_begin(r->store, 0)))
		return rc;
	rc = monitor_save(r->store, r->profile, r->arena, r->user->name, id, d, rev, in, &problem, msg,
	                  sizeof(msg), &round);
	if (!rc && problem) {
		store_rollback(r->store);
		return refuse(r, id, m, problem, 422);
	}
	if ((rc = page_commit(r, rc)))
		return rc;
	snprintf(back, sizeof(back), "/d/%lld/monitor", (long long)id);
	resp_redirect(r, back);
	return 0;
}

/* A round entered in the page's form. */
int page_monitor_add(struct req *r)
{
	struct monitor_item_in *items;
	struct store_meta m;
	struct monitor_input in = { 0 };
	struct decl d;
	const char *s;
	char key[48];
	int64_t id;
	int rc, rev;

	if (!entry_decl(r, &id, &m, &d, &rev, &rc))
		return rc;
	if (!(items = arena_zalloc(r->arena, (d.n_ind ? d.n_ind : 1) * sizeof(*items))))
		return JX_ENOMEM;
	s = req_form(r, "as_of");
	if (!s || date_parse(s, strlen(s), &in.as_of) || !in.as_of.y)
		return refuse(r, id, &m, "监控日期应为 YYYY-MM-DD", 422);
	s = req_form(r, "budget");
	if (s && *s && (amount_parse(s, strlen(s), &in.budget) || !in.budget.set))
		return refuse(r, id, &m, "预算数不是金额", 422);
	s = req_form(r, "executed");
	if (!s || amount_parse(s, strlen(s), &in.executed) || !in.executed.set)
		return refuse(r, id, &m, "执行数不是金额", 422);
	for (size_t i = 0; i < d.n_ind; i++) {
		snprintf(key, sizeof(key), "m%zu_so_far", i);
		items[i].so_far = req_form(r, key) ? req_form(r, key) : "";
		snprintf(key, sizeof(key), "m%zu_expected", i);
		items[i].expected = req_form(r, key) ? req_form(r, key) : "";
		snprintf(key, sizeof(key), "m%zu_reason", i);
		items[i].reason = deviation_by_name(req_form(r, key) ? req_form(r, key) : "");
		if (items[i].reason == DEV__MAX)
			return refuse(r, id, &m, "偏差原因应从列表中选择", 422);
		snprintf(key, sizeof(key), "m%zu_reason_text", i);
		items[i].reason_text = req_form(r, key) ? req_form(r, key) : "";
		snprintf(key, sizeof(key), "m%zu_likelihood", i);
		items[i].likelihood = likelihood_by_name(req_form(r, key));
		if (items[i].likelihood == LIKELY__MAX)
			return refuse(r, id, &m, "完成可能性应从列表中选择", 422);
	}
	in.items = items;
	return add_round(r, id, &m, &d, rev, &in);
}

/* A round uploaded as a table (monitor_read.h): all or nothing. */
int page_monitor_upload(struct req *r)
{
	struct monitor_upload up;
	struct monitor_input in = { 0 };
	struct store_meta m;
	struct diags dg;
	struct decl d;
	const char *data = req_form(r, "file"), *name = req_form_filename(r, "file");
	int64_t id;
	int rc, rev;

	if (!entry_decl(r, &id, &m, &d, &rev, &rc))
		return rc;
	diags_init(&dg);
	rc = monitor_read(data ? data : "", data ? req_form_len(r, "file") : 0,
	                  name && *name ? name : "上传的文件", &d, r->arena, &dg, &up);
	if (!rc && dg.n_error) {
		struct problem p = { .diags = &dg };
		rc = monitor_page(r, id, &m, &p, 422);
		diags_release(&dg);
		return rc;
	}
	diags_release(&dg);
	if (rc)
		return rc;
	in.as_of = up.as_of;
	in.budget = up.budget;
	in.executed = up.executed;
	in.items = up.items;
	return add_round(r, id, &m, &d, rev, &in);
}

/* The department's or finance's decision on a round (round_review.def). */
int page_monitor_review(struct req *r)
{
	struct store_meta m;
	struct rounds rs;
	struct problem p = { 0 };
	const struct round_view *v = NULL;
	const char *comment = req_form(r, "comment");
	enum rr_action a = rr_action_by_id(req_form(r, "action"));
	struct step st;
	char back[64];
	int64_t id, round = page_int(req_form(r, "round"));
	int rc;

	if (!decl_of(r, &id, &m))
		return 0;
	if (round <= 0)
		return refuse(r, id, &m, "请选择要审核的那一次监控", 422);
	if ((rc = load_rounds(r, id, &rs)))
		return rc;
	for (size_t k = 0; k < rs.n && !v; k++)
		if (rs.v[k].m.id == round)
			v = &rs.v[k];
	if (!v) {
		resp_error(r, 404, "没有这一次监控");
		return 0;
	}
	p.round = round;
	if (a == RA__MAX) {
		p.message = "请选择审核通过或退回";
		return monitor_page(r, id, &m, &p, 422);
	}
	if ((rc = store_begin(r->store, 0)))
		return rc;
	rc = step_monitor_round(r->store, r->user, id, round, v->state, a, comment, &st);
	if (!rc && st.status) {
		store_rollback(r->store);
		p.message = st.why;
		return monitor_page(r, id, &m, &p, st.status);
	}
	if ((rc = page_commit(r, rc))) {
		if (rc != JX_ECONFLICT)
			return rc;
		p.message = store_errmsg(r->store);
		return monitor_page(r, id, &m, &p, 409);
	}
	snprintf(back, sizeof(back), "/d/%lld/monitor#round-%lld", (long long)id, (long long)round);
	resp_redirect(r, back);
	return 0;
}

/* The blank table of an approved declaration, to fill in and upload. */
static int monitor_template(struct req *r, bool xlsx)
{
	struct store_meta m;
	struct decl d;
	char disp[96], err[160];
	int64_t id;
	int rc, rev;

	if (!decl_of(r, &id, &m))
		return 0;
	if (!wf_state_in_force(m.state))
		return refuse(r, id, &m, "申报表批复后才能下载监控表模板", 409);
	if ((rc = store_get(r->store, id, m.approved_rev, r->arena, &d, &rev)))
		return rc;
	sb_reset(&r->out);
	rc = xlsx ? monitor_template_xlsx(&r->out, &d, err, sizeof(err))
	          : monitor_template_csv(&r->out, &d);
	if (rc) {
		if (xlsx)
			fprintf(stderr, "jixiao serve: %s\n", err);
		return rc;
	}
	snprintf(disp, sizeof(disp), "attachment; filename=\"monitor-%lld-%d.%s\"", (long long)id, rev,
	         xlsx ? "xlsx" : "csv");
	r->disposition = arena_strdup(r->arena, disp);
	r->content_type_out = xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	                           : "text/csv; charset=utf-8";
	r->status = 200;
	return r->out.err;
}

int page_monitor_template_xlsx(struct req *r)
{
	return monitor_template(r, true);
}

int page_monitor_template_csv(struct req *r)
{
	return monitor_template(r, false);
}
