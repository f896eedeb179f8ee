/*
 * page_decl.c: one declaration: the form in the official layout with the
 * findings stored with its revision next to the fields, the workflow
 * actions the user may take, and its history.
 */
#include <stdio.h>
#include <string.h>

#include "../render/decl_diff.h"
#include "../service/history.h"
#include "../service/workflow.h"
#include "../render/form_html.h"
#include "../render/form_pdf.h"
#include "../review/review.h"
#include "../util/err.h"
#include "access.h"
#include "layout.h"

static void a_link(struct html *h, const char *href, const char *text)
{
	html_open(h, "a", "href", href, NULL);
	html_text(h, text);
	html_close(h);
}

/* The actions of the table this user could take in this state. */
static void action_forms(struct req *r, struct html *h, const struct store_meta *m,
                         const struct review *rv)
{
	char action[48];
	bool any = false, review_step = false;

	for (int a = 0; a < WA__MAX; a++) {
		const struct wf_action_info *ai = wf_action((enum wf_action)a);
		if (ai->role == r->user->role && (ai->from & (1u << m->state))) {
			any = true;
			if (ai->needs & (A_PASS | A_RETURN | A_REJECT))
				review_step = true;
		}
	}
	if (!any)
		return;
	snprintf(action, sizeof(action), "/d/%lld/action", (long long)m->id);
	html_open(h, "form", "class", "actions", "method", "post", "action", action, NULL);
	html_open(h, "h2", NULL);
	html_text(h, review_step ? "审核意见" : "流转");
	html_close(h);
	page_csrf(r, h);
	html_void(h, "input", "type", "hidden", "name", "revision", "value",
	          (snprintf(action, sizeof(action), "%d", m->rev), action), NULL);
	if (review_step) {
		html_open(h, "label", NULL);
		html_text(h, "评级");
		html_open(h, "select", "name", "verdict", NULL);
		const char *chosen = req_form(r, "verdict");
		html_open(h, "option", "value", "", NULL);
		html_text(h, "请选择");
		html_close(h);
		for (int v = WV_EXCELLENT; v <= WV_POOR; v++) {
			const char *name = wf_verdict_name((enum wf_verdict)v);
			html_open(h, "option", "value", name, "selected",
			          chosen && strcmp(chosen, name) == 0 ? "selected" : NULL, NULL);
			html_text(h, wf_verdict_name((enum wf_verdict)v));
			html_close(h);
		}
		html_close(h);
		html_close(h);
	}
	if (review_step && rv && rv->n) {
		html_open(h, "label", NULL);
		html_text(h, "意见针对");
		html_open(h, "select", "name", "finding", NULL);
		html_open(h, "option", "value", "", NULL);
		html_text(h, "整份申报表");
		html_close(h);
		for (size_t i = 0; i < rv->n; i++) {
			struct strbuf key = STRBUF_INIT;
			sb_addf(&key, "%s@%s", rule_info(rv->v[i].rule)->id, rv->v[i].field);
			html_open(h, "option", "value", key.buf, "selected",
			          req_form(r, "finding") && strcmp(req_form(r, "finding"), key.buf) == 0
			                  ? "selected"
			                  : NULL,
			          NULL);
			html_text(h, rv->v[i].msg);
			html_close(h);
			sb_release(&key);
		}
		html_close(h);
		html_close(h);
	}
	page_comment(r, h);
	html_open(h, "p", "class", "buttons", NULL);
	for (int a = 0; a < WA__MAX; a++) {
		const struct wf_action_info *ai = wf_action((enum wf_action)a);
		if (ai->role != r->user->role || !(ai->from & (1u << m->state)))
			continue;
		html_open(h, "button", "type", "submit", "name", "action", "value", ai->id, NULL);
		html_text(h, ai->name);
		html_close(h);
	}
	html_close(h);
	if (review_step)
		page_message(h, "hint", "评级为“优”或“良”可通过，“中”退回修改，“差”不予通过；退回和不予通过须写明理由。");
	html_close(h);
}

/* The page of declaration id (rev 0: current), with a refusal to show
 * above the form when there is one. */
static int view(struct req *r, int64_t id, const struct store_meta *m, int rev,
                const char *problem, int status)
{
	struct store_review sr;
	struct review rv;
	struct decl d;
	struct html h;
	int rc;
	bool have_review = false;
	char href[48], info[160];

	rc = store_get(r->store, id, rev, r->arena, &d, &rev);
	if (rc == JX_ENOTFOUND) {
		resp_error(r, 404, "没有这一版");
		return 0;
	}
	if (rc)
		return rc;
	review_init(&rv);
	rc = store_get_review(r->store, id, rev, r->arena, &sr);
	if (rc == 0)
		have_review = review_load(&rv, sr.findings, sr.verdict) == 0;
	else if (rc != JX_ENOTFOUND)
		goto out;
	rc = 0;
	page_begin(r, &h, d.name);
	if (problem)
		page_message(&h, "error", problem);
	html_open(&h, "p", "class", "meta", NULL);
	snprintf(info, sizeof(info), "编号 %lld，第 %d 版%s，状态：%s。", (long long)id, rev,
	         rev == m->rev ? "（当前）" : "（历史版本）", wf_state_name(m->state));
	html_text(&h, info);
	if (m->approved_rev && (m->state != WS_APPROVED || rev != m->approved_rev)) {
		/* the revision monitoring and the self-evaluation follow, unless
		 * the page shows it as 已批复: while an adjustment is drafted or
		 * reviewed, or beside an earlier revision */
		html_text(&h, "执行中的批复版本：");
		snprintf(href, sizeof(href), "/d/%lld?revision=%d", (long long)id, m->approved_rev);
		snprintf(info, sizeof(info), "第 %d 版", m->approved_rev);
		a_link(&h, href, info);
		html_text(&h, "。");
	}
	snprintf(href, sizeof(href), "/d/%lld/history", (long long)id);
	a_link(&h, href, "历史记录");
	html_text(&h, " ");
	if (rev == m->rev)
		snprintf(href, sizeof(href), "/d/%lld/pdf", (long long)id);
	else
		snprintf(href, sizeof(href), "/d/%lld/pdf?revision=%d", (long long)id, rev);
	a_link(&h, href, "下载 PDF");
	if (wf_state_in_force(m->state)) {
		html_text(&h, " ");
		snprintf(href, sizeof(href), "/d/%lld/monitor", (long long)id);
		a_link(&h, href, "运行监控");
		html_text(&h, " ");
		snprintf(href, sizeof(href), "/d/%lld/selfeval", (long long)id);
		a_link(&h, href, "绩效自评");
	}
	if (rev == m->rev && access_may_edit(r, m)) {
		html_text(&h, " ");
		snprintf(href, sizeof(href), "/d/%lld/edit", (long long)id);
		a_link(&h, href, "编辑");
	}
	html_close(&h);
	if (have_review) {
		html_open(&h, "p", "class", "review-summary", NULL);
		snprintf(info, sizeof(info), "自动审核（方案 %s）：建议评级“%s”，错误 %d 条，警告 %d 条，提示 %d 条。",
		         sr.profile, sr.verdict, sr.n_error, sr.n_warning, sr.n_info);
		html_text(&h, info);
		html_close(&h);
	}
	form_html(&h, &d, r->profile, have_review ? &rv : NULL);
	if (rev == m->rev)
		action_forms(r, &h, m, have_review ? &rv : NULL);
	rc = page_end(r, &h, status);
out:
	review_release(&rv);
	return rc;
}

int page_view(struct req *r)
{
	struct store_meta m;
	const char *rev_q = req_query(r, "revision");
	int64_t id;

	if (!req_param_id(r, 0, &id)) {
		resp_error(r, 404, "没有这份申报表");
		return 0;
	}
	if (!access_decl(r, id, &m))
		return 0;
	return view(r, id, &m, rev_q ? page_int(rev_q) : 0, NULL, 200);
}

struct hist {
	struct req *r;
	struct html *h;
	int64_t id;
	int err;
};

/* What revision rev changed against rev - 1, as a list. */
static int changes(struct hist *hs, int rev)
{
	struct decl_change *v;
	size_t n;
	int rc;

	if (rev < 2)
		return 0;
	if ((rc = decl_diff_stored(hs->r->store, hs->id, rev, hs->r->arena, &v, &n)))
		return rc;
	html_open(hs->h, "ul", "class", "diff", NULL);
	if (!n) {
		html_open(hs->h, "li", NULL);
		html_text(hs->h, "内容与上一版相同");
		html_close(hs->h);
	}
	for (size_t i = 0; i < n; i++) {
		html_open(hs->h, "li", "data-field", v[i].key, NULL);
		html_open(hs->h, "strong", NULL);
		html_text(hs->h, v[i].label);
		html_close(hs->h);
		html_text(hs->h, "：");
		html_open(hs->h, "del", NULL);
		html_text(hs->h, *v[i].before ? v[i].before : "（空）");
		html_close(hs->h);
		html_text(hs->h, " → ");
		html_open(hs->h, "ins", NULL);
		html_text(hs->h, *v[i].after ? v[i].after : "（空）");
		html_close(hs->h);
		html_close(hs->h);
	}
	html_close(hs->h);
	return 0;
}

static int hist_row(void *ctx, const struct store_history *e)
{
	struct hist *hs = ctx;
	struct html *h = hs->h;
	char rev[64], href[64], counts[96];

	snprintf(rev, sizeof(rev), "第 %d 版", e->rev);
	html_open(h, "tr", NULL);
	html_open(h, "td", NULL);
	snprintf(href, sizeof(href), "/d/%lld?revision=%d", (long long)hs->id, e->rev);
	a_link(h, href, rev);
	html_close(h);
	html_open(h, "td", NULL);
	html_text(h, e->at);
	html_close(h);
	html_open(h, "td", NULL);
	html_text(h, e->actor);
	html_close(h);
	html_open(h, "td", NULL);
	if (!e->is_event) {
		html_textf(h, "保存新版本（来源 %s）", e->source);
		if (*e->verdict) {
			snprintf(counts, sizeof(counts), "；自动审核建议“%s”，错误 %d、警告 %d、提示 %d",
			         e->verdict, e->n_error, e->n_warning, e->n_info);
			html_text(h, counts);
		}
		if ((hs->err = changes(hs, e->rev)))
			return hs->err;
	} else {
		const struct wf_action_info *ai = wf_action(wf_action_by_id(e->action));
		html_textf(h, "%s：%s → %s", ai ? ai->name : e->action, wf_state_name(e->from),
		           wf_state_name(e->to));
		if (e->verdict && *e->verdict)
			html_textf(h, "；评级“%s”", e->verdict);
		if (e->comment && *e->comment) {
			html_open(h, "div", "class", "comment", "data-finding",
			          e->finding && *e->finding ? e->finding : NULL, NULL);
			if (e->finding && *e->finding)
				html_textf(h, "（针对 %s）", e->finding);
			html_text(h, e->comment);
			html_close(h);
		}
	}
	html_close(h);
	html_close(h);
	return 0;
}

int page_history(struct req *r)
{
	struct store_meta m;
	struct html h;
	struct hist hs;
	int64_t id;
	int rc;
	char title[160], href[48];

	if (!req_param_id(r, 0, &id)) {
		resp_error(r, 404, "没有这份申报表");
		return 0;
	}
	if (!access_decl(r, id, &m))
		return 0;
	snprintf(title, sizeof(title), "历史记录：%s", m.name);
	page_begin(r, &h, title);
	html_open(&h, "p", NULL);
	snprintf(href, sizeof(href), "/d/%lld", (long long)id);
	a_link(&h, href, "返回申报表");
	html_close(&h);
	html_open(&h, "table", "class", "history", NULL);
	{
		static const char *const heads[] = { "版本", "时间（UTC）", "操作人", "内容" };
		page_table_head(&h, heads, sizeof(heads) / sizeof(heads[0]));
	}
	html_open(&h, "tbody", NULL);
	hs.r = r;
	hs.h = &h;
	hs.id = id;
	hs.err = 0;
	if ((rc = store_history(r->store, id, hist_row, &hs)))
		return rc;
	html_close(&h);
	html_close(&h);
	return page_end(r, &h, 200);
}

/* Takes a workflow action; the answer to a refusal is the message. */
int page_action(struct req *r)
{
	struct store_meta m;
	const char *action = req_form(r, "action"), *comment = req_form(r, "comment"),
	           *verdict = req_form(r, "verdict");
	enum wf_action a;
	struct step st;
	int64_t id;
	int rc, base = page_int(req_form(r, "revision") ? req_form(r, "revision") : "");
	char back[48];

	if (!req_param_id(r, 0, &id)) {
		resp_error(r, 404, "没有这份申报表");
		return 0;
	}
	if (!access_decl(r, id, &m))
		return 0;
	a = wf_action_by_id(action ? action : "");
	if ((rc = store_begin(r->store, 0)))
		return rc;
	rc = step_declaration(r->store, r->user, &m, a, base ? base : -1, wf_verdict_by_name(verdict),
	                      comment, req_form(r, "finding"), &st);
	/* a refusal shows the page again with what was chosen and typed */
	if (!rc && st.status) {
		store_rollback(r->store);
		return view(r, id, &m, 0, st.stale ? "申报表在您打开之后已被修改：请看过新的内容后再操作" : st.why,
		            st.status);
	}
	if ((rc = page_commit(r, rc))) {
		if (rc == JX_ECONFLICT)
			return view(r, id, &m, 0, store_errmsg(r->store), 409);
		return rc;
	}
	snprintf(back, sizeof(back), "/d/%lld", (long long)id);
	resp_redirect(r, back);
	return 0;
}

/* The declaration (or ?revision=N) as the official form in PDF. */
int page_pdf(struct req *r)
{
	struct store_meta m;
	struct form_pdf *w = NULL;
	struct decl d;
	int64_t id;
	int rc, end, rev = 0;
	const char *rev_q = req_query(r, "revision");
	char disp[80];

	if (!req_param_id(r, 0, &id)) {
		resp_error(r, 404, "没有这份申报表");
		return 0;
	}
	if (!access_decl(r, id, &m))
		return 0;
	rc = store_get(r->store, id, rev_q ? page_int(rev_q) : 0, r->arena, &d, &rev);
	if (rc == JX_ENOTFOUND) {
		resp_error(r, 404, "没有这一版");
		return 0;
	}
	if (rc)
		return rc;
	sb_reset(&r->out);
	if ((rc = form_pdf_begin_stream(page_pdf_sink, &r->out, &w, NULL)))
		return rc;
	rc = form_pdf_decl(w, &d, r->profile);
	end = form_pdf_end(w);
	if (rc || (rc = end))
		return rc;
	snprintf(disp, sizeof(disp), "attachment; filename=\"declaration-%lld-%d.pdf\"", (long long)id, rev);
	r->disposition = arena_strdup(r->arena, disp);
	r->content_type_out = "application/pdf";
	r->status = 200;
	return r->out.err;
}
