/*
 * page_selfeval.c: the year-end self-evaluation (绩效自评) of an approved
 * declaration, and its JSON read.
 *
 * The unit of the declaration enters it on GET /d/ID/selfeval: 全年预算数,
 * 全年执行数, the weights, 实际完成情况, and per indicator the actual value
 * (a date for a deadline), 不适用, the band and percentage of a qualitative
 * target and the deviation explanation.  A save builds the
 * jixiao.selfeval/1 document of FORMAT.md part 2, reads it back with
 * selfeval_read (so what is stored can always be read and scored again),
 * scores it with the engine (score.c) and stores it as a new revision; a
 * document the engine refuses is shown again with its message next to the
 * indicator and nothing is stored.  The workflow is selfeval_workflow.def:
 * the unit submits, the department passes or returns, finance approves or
 * returns; an approved self-evaluation is frozen.  The self-evaluation
 * table (render/selfeval_table.h) shows on the page and downloads as PDF
 * and XLSX.  Every handler checks that the user may see the declaration
 * (access.c): 404 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../parse/scalar.h"
#include "../parse/selfeval_read.h"
#include "../render/selfeval_json.h"
#include "../service/selfeval.h"
#include "../service/workflow.h"
#include "../render/selfeval_table.h"
#include "../util/err.h"
#include "access.h"
#include "layout.h"

/* The flags of a scored indicator as the page names them. */
static const struct {
	unsigned bit;
	const char *name;
} flag_names[] = {
	{ FLAG_OVER_ACHIEVED, "远超目标" },
	{ FLAG_NEEDS_REASON, "失分须说明原因" },
	{ FLAG_NOT_APPLICABLE, "不适用" },
};

/* The weight fields, in score_input.weights order: form name and label.
 * The defaults are the profile's (score.weights), the one place they live. */
static const struct {
	const char *field, *label;
} weights[1 + SC__MAX] = {
	{ "w_budget", "预算执行率" },
	{ "w_output", "产出指标" },
	{ "w_benefit", "效益指标" },
	{ "w_satisfaction", "满意度指标" },
};

/* The entry form's values as text: from the request, or from the stored
 * revision and the defaults. */
struct row_fv {
	const char *actual, *band, *pct, *reason, *weight;
	bool na;
};
struct form_fv {
	const char *annual, *executed, *achieved, *budget_reason;
	const char *w[1 + SC__MAX];
	struct row_fv *rows;        /* one per indicator of the current declaration */
};

/* What went wrong with a save: the message, and the indicator it concerns
 * (-1: the form as a whole). */
struct problem {
	const char *msg;
	long row;
};


/* Path parameter 0 as a declaration the user may see (404 otherwise). */
static bool decl_of(struct req *r, int64_t *id, struct store_meta *m)
{
	if (!req_param_id(r, 0, id)) {
		resp_error(r, 404, "没有这份申报表");
		return false;
	}
	return access_decl(r, *id, m);
}

/* May the user enter (save) the self-evaluation now?  NULL when so, else
 * why not. */
static const char *entry_refusal(const struct req *r, const struct store_meta *m,
                                 enum se_state state)
{
	if (r->user->role != ROLE_UNIT || !user_may_see(r->user, m->department, m->implementer))
		return "只有填报单位能填写绩效自评";
	if (state == SES_APPROVED)
		return "绩效自评已批复，不能再修改";
	if (state != SES__MAX && !se_state_editable(state))
		return "绩效自评正在审核，不能修改";
	if (!wf_state_in_force(m->state))
		return "申报表批复后才能开展绩效自评";
	return NULL;
}

static void a_link(struct html *h, const char *href, const char *text)
{
	html_open(h, "a", "href", href, NULL);
	html_text(h, text);
	html_close(h);
}

static void cell(struct html *h, const char *cls, const char *text)
{
	html_open(h, "td", "class", cls, NULL);
	html_text(h, text ? text : "");
	html_close(h);
}

static void flags_text(char *buf, size_t n, unsigned flags)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t k = 0; k < sizeof(flag_names) / sizeof(flag_names[0]); k++)
		if (flags & flag_names[k].bit) {
			/* far over the target: nothing lost, the reason is still due */
			const char *name = flag_names[k].bit == FLAG_NEEDS_REASON && (flags & FLAG_OVER_ACHIEVED)
			                       ? "须说明原因"
			                       : flag_names[k].name;
			int w = snprintf(buf + len, n - len, "%s%s", len ? "；" : "", name);
			if (w < 0 || (size_t)w >= n - len)
				break;
			len += (size_t)w;
		}
}

/* The score of a revision: total and grade, the budget line, and the
 * indicators with a flag. */
static void score_summary(struct html *h, const struct scored *sc)
{
	const struct selfeval *se = &sc->se;
	const struct score_output *o = &sc->o;
	struct amount annual = se->in.annual.set ? se->in.annual : se->decl.funds[FUND_ANNUAL];
	char total[32], a[40], b[40], p[32], s[32], flags[160];
	bool any = false;

	centi_format(total, o->total);
	html_open(h, "p", "class", "score-total", "data-grade", o->grade, NULL);
	html_textf(h, "总分 %s，等级 %s", total, o->grade);
	html_close(h);
	amount_format_grouped(a, se->in.executed.fen);
	amount_format_grouped(b, annual.fen);
	centi_format(p, o->budget_points);
	centi_format(s, o->budget_score);
	html_open(h, "p", "class", "score-budget", NULL);
	html_textf(h, "预算执行率：全年执行数 %s / 全年预算数 %s，分值 %s，得分 %s", a, b, p, s);
	html_close(h);
	if (se->in.budget_reason && *se->in.budget_reason) {
		html_open(h, "p", "class", "score-budget-reason", NULL);
		html_textf(h, "预算执行偏差原因：%s", se->in.budget_reason);
		html_close(h);
	}
	if (o->budget_flags & FLAG_NEEDS_REASON) {
		html_open(h, "ul", "class", "score-flags budget", NULL);
		html_open(h, "li", NULL);
		html_text(h, "预算执行率：执行率偏低，须说明偏差原因");
		html_close(h);
		html_close(h);
	}
	for (size_t i = 0; i < se->decl.n_ind; i++) {
		if (!(o->ind[i].flags & (FLAG_OVER_ACHIEVED | FLAG_NEEDS_REASON)))
			continue;
		if (!any)
			html_open(h, "ul", "class", "score-flags", NULL);
		any = true;
		flags_text(flags, sizeof(flags), o->ind[i].flags & ~(unsigned)FLAG_NOT_APPLICABLE);
		html_open(h, "li", NULL);
		html_textf(h, "%s：%s", se->decl.ind[i].name, flags);
		html_close(h);
	}
	if (any)
		html_close(h);
}

/* The form's values from the stored revision (matched to the current
 * declaration's indicators by position and name) or the defaults. */
static int fv_from_store(struct req *r, const struct decl *d, const struct scored *sc,
                         struct form_fv *fv)
{
	const struct score_input *in = sc->have && !sc->problem ? &sc->se.in : NULL;
	struct score_rules rules = profile_score_rules(r->profile);
	int w[1 + SC__MAX];
	centi *even;
	bool custom = false, split;
	char buf[32], msg[256];

	memset(fv, 0, sizeof(*fv));
	if (!(fv->rows = arena_zalloc(r->arena, (d->n_ind + 1) * sizeof(*fv->rows))))
		return JX_ENOMEM;
	if (in && in->annual.set)
		amount_format(buf, in->annual.fen);
	else if (d->funds[FUND_ANNUAL].set)
		amount_format(buf, d->funds[FUND_ANNUAL].fen);
	else
		buf[0] = '\0';
	fv->annual = arena_strdup(r->arena, buf);
	if (in && in->executed.set)
		amount_format(buf, in->executed.fen);
	else
		buf[0] = '\0';
	fv->executed = arena_strdup(r->arena, buf);
	fv->achieved = in && sc->se.achieved ? sc->se.achieved : "";
	fv->budget_reason = in && in->budget_reason ? in->budget_reason : "";
	for (int k = 0; in && k <= SC__MAX; k++)
		custom = custom || in->weights[k];
	for (int k = 0; k <= SC__MAX; k++) {
		w[k] = custom ? in->weights[k] : 0;
		snprintf(buf, sizeof(buf), "%d", custom ? in->weights[k] : r->profile->weights[k]);
		fv->w[k] = arena_strdup(r->arena, buf);
	}
	/* 分值 starts from the even split under the weights shown */
	if (!(even = arena_zalloc(r->arena, (d->n_ind + 1) * sizeof(*even))))
		return JX_ENOMEM;
	split = !score_even_split(d, w, &rules, even, msg, sizeof(msg));
	for (size_t i = 0; i < d->n_ind; i++) {
		struct row_fv *row = &fv->rows[i];
		const struct score_result_in *res;
		row->actual = row->band = row->pct = row->reason = "";
		/* no split (an 一级 the weights do not know): blank, the engine says why */
		buf[0] = '\0';
		if (split)
			centi_format(buf, even[i]);
		row->weight = arena_strdup(r->arena, buf);
		if (!in || i >= in->n_results || i >= sc->se.decl.n_ind ||
		    strcmp(sc->se.decl.ind[i].name, d->ind[i].name) != 0)
			continue;
		res = &in->results[i];
		if (res->weight)
			row->weight = res->weight;
		row->actual = res->actual ? res->actual : "";
		row->band = score_band_id(res->band);
		row->pct = res->score_pct ? res->score_pct : "";
		row->reason = res->reason ? res->reason : "";
		row->na = !res->applicable;
	}
	return r->arena->err ? JX_ENOMEM : 0;
}

static const char *form_or(struct req *r, const char *key, const char *dflt)
{
	const char *v = req_form(r, key);

	return v ? v : dflt;
}

/* The form's values as the request sent them. */
static int fv_from_request(struct req *r, const struct decl *d, struct form_fv *fv)
{
	char key[48];

	memset(fv, 0, sizeof(*fv));
	if (!(fv->rows = arena_zalloc(r->arena, (d->n_ind + 1) * sizeof(*fv->rows))))
		return JX_ENOMEM;
	fv->annual = form_or(r, "annual", "");
	fv->executed = form_or(r, "executed", "");
	fv->achieved = form_or(r, "achieved", "");
	fv->budget_reason = form_or(r, "budget_reason", "");
	for (int k = 0; k <= SC__MAX; k++)
		fv->w[k] = form_or(r, weights[k].field, "");
	for (size_t i = 0; i < d->n_ind; i++) {
		struct row_fv *row = &fv->rows[i];
		snprintf(key, sizeof(key), "r%zu_actual", i);
		row->actual = form_or(r, key, "");
		snprintf(key, sizeof(key), "r%zu_band", i);
		row->band = form_or(r, key, "");
		snprintf(key, sizeof(key), "r%zu_pct", i);
		row->pct = form_or(r, key, "");
		snprintf(key, sizeof(key), "r%zu_reason", i);
		row->reason = form_or(r, key, "");
		snprintf(key, sizeof(key), "r%zu_weight", i);
		row->weight = form_or(r, key, "");
		snprintf(key, sizeof(key), "r%zu_na", i);
		row->na = req_form(r, key) != NULL;
	}
	return 0;
}

/* The engine's and the reader's messages about one indicator start with
 * "第 N 个指标": its row (0-based), or -1. */
static long row_of_message(const char *msg)
{
	static const char head[] = "第 ", tail[] = " 个指标";
	const char *p = msg;
	long n = 0;

	if (strncmp(p, head, sizeof(head) - 1) != 0)
		return -1;
	p += sizeof(head) - 1;
	if (*p < '1' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9' && n < 100000)
		n = n * 10 + (*p++ - '0');
	return strncmp(p, tail, sizeof(tail) - 1) == 0 ? n - 1 : -1;
}

static void weight_inputs(struct html *h, const struct form_fv *fv)
{
	html_open(h, "fieldset", "class", "weights", NULL);
	html_open(h, "legend", NULL);
	html_text(h, "权重（分，合计 100；各一级指标的分值平均分配到其下的指标，除非逐项设定分值）");
	html_close(h);
	for (int k = 0; k <= SC__MAX; k++) {
		html_open(h, "label", NULL);
		html_text(h, weights[k].label);
		html_void(h, "input", "type", "number", "min", "0", "max", "100", "step", "1", "name",
		          weights[k].field, "value", fv->w[k], "required", "required", NULL);
		html_close(h);
	}
	html_close(h);
}

/* One indicator's row of the entry form, with its score when known. */
static void entry_row(struct html *h, size_t i, const struct indicator *in, const struct row_fv *fv,
                      const struct score_indicator *score, const struct problem *pb)
{
	static const char *const kinds[] = { "empty", "numeric", "deadline", "qualitative" };
	char key[48], pos[24], p[32], s[32], flags[160];

	snprintf(pos, sizeof(pos), "%zu", i);
	html_open(h, "tr", "data-pos", pos, "data-kind", kinds[in->target.kind], "class",
	          pb && pb->row == (long)i ? "problem" : NULL, NULL);
	cell(h, "l1", in->level1);
	cell(h, "l2", in->level2);
	cell(h, "l3", in->name);
	cell(h, "target", in->value);
	html_open(h, "td", "class", "actual", NULL);
	snprintf(key, sizeof(key), "r%zu_actual", i);
	if (in->target.kind == TARGET_DEADLINE) {
		html_void(h, "input", "type", "date", "name", key, "value", fv->actual, "aria-label",
		          "完成日期", NULL);
	} else if (in->target.kind == TARGET_QUALITATIVE) {
		snprintf(key, sizeof(key), "r%zu_band", i);
		html_open(h, "select", "name", key, "aria-label", "评价档次", NULL);
		html_open(h, "option", "value", "", NULL);
		html_text(h, "评价档次");
		html_close(h);
		for (enum score_band b = BAND_ACHIEVED; b <= BAND_MISSED; b++) {
			html_open(h, "option", "value", score_band_id(b), "selected",
			          strcmp(fv->band, score_band_id(b)) == 0 ? "selected" : NULL, NULL);
			html_text(h, score_band_name(b));
			html_close(h);
		}
		html_close(h);
		snprintf(key, sizeof(key), "r%zu_pct", i);
		html_void(h, "input", "name", key, "value", fv->pct, "inputmode", "decimal", "size", "4",
		          "placeholder", "得分比例%", "aria-label", "档次内的得分比例（%）", NULL);
	} else {
		html_void(h, "input", "name", key, "value", fv->actual, "inputmode", "decimal",
		          "aria-label", "实际完成值", NULL);
		if (in->target.unit && *in->target.unit) {
			html_open(h, "span", "class", "unit", NULL);
			html_text(h, in->target.unit);
			html_close(h);
		}
	}
	html_close(h);
	html_open(h, "td", "class", "na", NULL);
	snprintf(key, sizeof(key), "r%zu_na", i);
	html_void(h, "input", "type", "checkbox", "name", key, "value", "1", "checked",
	          fv->na ? "checked" : NULL, "aria-label", "不适用", NULL);
	html_close(h);
	html_open(h, "td", "class", "weight", NULL);
	snprintf(key, sizeof(key), "r%zu_weight", i);
	html_void(h, "input", "name", key, "value", fv->weight, "inputmode", "decimal", "size", "5",
	          "aria-label", "分值", NULL);
	html_close(h);
	html_open(h, "td", "class", "reason", NULL);
	snprintf(key, sizeof(key), "r%zu_reason", i);
	html_open(h, "textarea", "name", key, "rows", "2", "aria-label", "偏差原因分析及改进措施", NULL);
	html_text(h, fv->reason);
	html_close(h);
	html_close(h);
	if (score) {
		centi_format(p, score->points);
		centi_format(s, score->score);
		flags_text(flags, sizeof(flags), score->flags);
	}
	cell(h, "points num", score && !(score->flags & FLAG_NOT_APPLICABLE) ? p : "");
	cell(h, "score num", score && !(score->flags & FLAG_NOT_APPLICABLE) ? s : "");
	cell(h, "flags", score ? flags : "");
	html_close(h);
	if (pb && pb->row == (long)i) {
		html_open(h, "tr", "class", "problem-note", NULL);
		html_open(h, "td", "colspan", "12", NULL);
		page_message(h, "error", pb->msg);
		html_close(h);
		html_close(h);
	}
}

/* The entry form; scores shown from sc when it is the revision the values
 * come from (not after a refused save). */
static void entry_form(struct req *r, struct html *h, int64_t id, const struct decl *d,
                       const struct form_fv *fv, const struct scored *sc, bool show_scores,
                       const struct problem *pb)
{
	static const char *const heads[] = { "一级指标", "二级指标", "三级指标", "年度指标值",
		                                 "实际完成值", "不适用", "设定分值", "偏差原因分析及改进措施",
		                                 "分值", "得分", "标记" };
	char action[48], base[16];

	snprintf(action, sizeof(action), "/d/%lld/selfeval", (long long)id);
	snprintf(base, sizeof(base), "%d", sc->have ? sc->row.current_rev : 0);
	html_open(h, "form", "class", "selfeval", "method", "post", "action", action, NULL);
	html_open(h, "h2", NULL);
	html_text(h, sc->have ? "修改绩效自评" : "填写绩效自评");
	html_close(h);
	page_csrf(r, h);
	html_void(h, "input", "type", "hidden", "name", "base", "value", base, NULL);
	html_open(h, "fieldset", "class", "budget", NULL);
	html_open(h, "legend", NULL);
	html_text(h, "预算执行");
	html_close(h);
	html_open(h, "label", NULL);
	html_text(h, "全年预算数（元）");
	html_void(h, "input", "name", "annual", "value", fv->annual, "inputmode", "decimal", NULL);
	html_close(h);
	html_open(h, "label", NULL);
	html_text(h, "全年执行数（元）");
	html_void(h, "input", "name", "executed", "value", fv->executed, "inputmode", "decimal",
	          "required", "required", NULL);
	html_close(h);
	html_open(h, "label", "class", "budget-reason", NULL);
	html_text(h, "预算执行偏差原因（执行率偏低时必填）");
	html_open(h, "textarea", "name", "budget_reason", "rows", "2", NULL);
	html_text(h, fv->budget_reason);
	html_close(h);
	html_close(h);
	html_close(h);
	weight_inputs(h, fv);
	html_open(h, "label", "class", "achieved", NULL);
	html_text(h, "实际完成情况（对照年度目标）");
	html_open(h, "textarea", "name", "achieved", "rows", "4", NULL);
	html_text(h, fv->achieved);
	html_close(h);
	html_close(h);
	html_open(h, "table", "class", "list selfeval-entry", NULL);
	page_table_head(h, heads, sizeof(heads) / sizeof(heads[0]));
	html_open(h, "tbody", NULL);
	for (size_t i = 0; i < d->n_ind; i++) {
		const struct score_indicator *score = NULL;
		if (show_scores && sc->have && !sc->problem && i < sc->se.decl.n_ind &&
		    strcmp(sc->se.decl.ind[i].name, d->ind[i].name) == 0)
			score = &sc->o.ind[i];
		entry_row(h, i, &d->ind[i], &fv->rows[i], score, pb);
	}
	html_close(h);
	html_close(h);
	page_message(h, "hint", "定量指标填实际完成值（按指标的计量单位），时效指标填完成日期（未完成留空），定性指标选评价档次并填档次内的得分比例：完成 80–100，部分完成 60–80（不含 80），未完成 0–60（不含 60）。设定分值默认按权重平均分配，可按指标的重要程度调整（全部适用指标的分值加预算执行率的权重须为 100）。失分或远超目标的指标须说明原因，执行率偏低须说明预算执行偏差原因；不适用的指标不计分，其余指标按比例折算。");
	html_open(h, "p", "class", "buttons", NULL);
	html_open(h, "button", "type", "submit", NULL);
	html_text(h, "保存并评分");
	html_close(h);
	html_close(h);
	html_close(h);
}

/* The workflow actions this user could take in this state. */
static void action_form(struct req *r, struct html *h, int64_t id, const struct scored *sc)
{
	char action[48], rev[16];
	bool any = false, review = false;

	if (!sc->have)
		return;
	for (int a = 0; a < SEA__MAX; a++) {
		const struct se_action_info *ai = se_action((enum se_action)a);
		if (ai->role == r->user->role && (ai->from & (1u << sc->row.state))) {
			any = true;
			review = review || ai->role != ROLE_UNIT;
		}
	}
	if (!any)
		return;
	snprintf(action, sizeof(action), "/d/%lld/selfeval/action", (long long)id);
	snprintf(rev, sizeof(rev), "%d", sc->row.current_rev);
	html_open(h, "form", "class", "actions", "method", "post", "action", action, NULL);
	html_open(h, "h2", NULL);
	html_text(h, review ? "审核意见" : "流转");
	html_close(h);
	page_csrf(r, h);
	html_void(h, "input", "type", "hidden", "name", "revision", "value", rev, NULL);
	page_comment(r, h);
	html_open(h, "p", "class", "buttons", NULL);
	for (int a = 0; a < SEA__MAX; a++) {
		const struct se_action_info *ai = se_action((enum se_action)a);
		if (ai->role != r->user->role || !(ai->from & (1u << sc->row.state)))
			continue;
		html_open(h, "button", "type", "submit", "name", "action", "value", ai->id, NULL);
		html_text(h, ai->name);
		html_close(h);
	}
	html_close(h);
	if (review)
		page_message(h, "hint", "退回修改须写明理由；批复后的绩效自评不能再修改。");
	html_close(h);
}

struct hist {
	struct html *h;
	int64_t id;
};

static int hist_row(void *ctx, const struct store_selfeval_history *e)
{
	struct hist *hs = ctx;
	struct html *h = hs->h;
	char rev[32], href[64], total[32];

	snprintf(rev, sizeof(rev), "第 %d 版", e->rev);
	html_open(h, "tr", "class", e->is_event ? "event" : "revision", NULL);
	html_open(h, "td", NULL);
	snprintf(href, sizeof(href), "/d/%lld/selfeval?revision=%d", (long long)hs->id, e->rev);
	a_link(h, href, rev);
	html_close(h);
	cell(h, NULL, e->at);
	cell(h, NULL, e->actor);
	html_open(h, "td", NULL);
	if (!e->is_event) {
		centi_format(total, e->total);
		html_textf(h, "保存（评价申报表第 %d 版）：总分 %s，等级 %s", e->decl_rev, total, e->grade);
	} else {
		const struct se_action_info *ai = se_action(se_action_by_id(e->action));
		html_textf(h, "%s：%s → %s", ai ? ai->name : e->action, se_state_name(e->from),
		           se_state_name(e->to));
		if (e->comment && *e->comment) {
			html_open(h, "div", "class", "comment", NULL);
			html_text(h, e->comment);
			html_close(h);
		}
	}
	html_close(h);
	html_close(h);
	return 0;
}

/*
 * The page: the current revision (or ?revision=N) with its score, the entry
 * form for the unit while it may enter (values from fv when given: a
 * refused save), the actions and the history.
 */
static int selfeval_page(struct req *r, int64_t id, const struct store_meta *m, int rev,
                         const struct form_fv *typed, const struct problem *pb, int status)
{
	static const char *const heads[] = { "版本", "时间（UTC）", "操作人", "内容" };
	struct scored sc;
	struct form_fv fv;
	struct decl d;
	struct html h;
	struct hist hs;
	char title[200], href[64];
	int rc;
	bool current;

	if ((rc = store_get(r->store, id, m->approved_rev, r->arena, &d, NULL)))
		return rc;
	if ((rc = selfeval_load_scored(r->store, r->profile, r->arena, id, rev, &sc)))
		return rc;
	if (rev && !sc.have) {
		resp_error(r, 404, "没有这一版绩效自评");
		return 0;
	}
	current = !sc.have || sc.row.rev == sc.row.current_rev;
	snprintf(title, sizeof(title), "绩效自评：%s", d.name);
	page_begin(r, &h, title);
	if (pb && pb->row >= 0)
		page_message(&h, "error", "未保存：请按指标旁的说明修改后再保存");
	else if (pb)
		page_message(&h, "error", pb->msg);
	html_open(&h, "p", "class", "meta", NULL);
	if (sc.have)
		html_textf(&h, "绩效自评第 %d 版%s，评价申报表第 %d 版，状态：%s。", sc.row.rev,
		           current ? "（当前）" : "（历史版本）", sc.row.decl_rev,
		           se_state_name(sc.row.state));
	else
		html_text(&h, "尚未填写绩效自评。");
	snprintf(href, sizeof(href), "/d/%lld", (long long)id);
	a_link(&h, href, "返回申报表");
	if (sc.have && !sc.problem) {
		const char *q = current ? "" : "?revision=";
		char n[16] = "";
		if (!current)
			snprintf(n, sizeof(n), "%d", sc.row.rev);
		snprintf(href, sizeof(href), "/d/%lld/selfeval/pdf%s%s", (long long)id, q, n);
		a_link(&h, href, "下载 PDF");
		snprintf(href, sizeof(href), "/d/%lld/selfeval/xlsx%s%s", (long long)id, q, n);
		a_link(&h, href, "下载 Excel");
	}
	html_close(&h);
	if (sc.have && sc.problem) {
		page_message(&h, "error", sc.problem);
	} else if (sc.have) {
		score_summary(&h, &sc);
		selfeval_html(&h, &sc.se, &sc.o);
	}
	else if (!wf_state_in_force(m->state))
		page_message(&h, "ok", "申报表批复后才能开展绩效自评。");
	else if (r->user->role != ROLE_UNIT)
		page_message(&h, "ok", "填报单位还没有填写绩效自评。");
	if (current && !entry_refusal(r, m, sc.row.state)) {
		if (typed) {
			fv = *typed;
		} else if ((rc = fv_from_store(r, &d, &sc, &fv))) {
			return rc;
		}
		entry_form(r, &h, id, &d, &fv, &sc, !typed, pb);
	}
	if (current)
		action_form(r, &h, id, &sc);
	if (sc.have) {
		html_open(&h, "h2", NULL);
		html_text(&h, "自评记录");
		html_close(&h);
		html_open(&h, "table", "class", "history", NULL);
		page_table_head(&h, heads, sizeof(heads) / sizeof(heads[0]));
		html_open(&h, "tbody", NULL);
		hs = (struct hist){ &h, id };
		if ((rc = store_selfeval_history(r->store, id, hist_row, &hs)))
			return rc;
		html_close(&h);
		html_close(&h);
	}
	return page_end(r, &h, status);
}

int page_selfeval(struct req *r)
{
	struct store_meta m;
	const char *rev_q = req_query(r, "revision");
	int64_t id;

	if (!decl_of(r, &id, &m))
		return 0;
	return selfeval_page(r, id, &m, rev_q ? page_int(rev_q) : 0, NULL, NULL, 200);
}

/* A textarea's text with its line breaks as LF (browsers send CRLF), in r's
 * arena. */
static const char *lf_lines(struct req *r, const char *s)
{
	char *out = arena_strdup(r->arena, s), *w = out;

	for (const char *p = s; out && *p; p++)
		if (!(p[0] == '\r' && p[1] == '\n'))
			*w++ = *p;
	if (w)
		*w = '\0';
	return out ? out : "";
}

/* Text without surrounding ASCII blanks, in r's arena; NULL when empty. */
static const char *trimmed(struct req *r, const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	return n ? arena_strndup(r->arena, s, n) : NULL;
}

/* A weight: an integer 0..100 written with at most three digits. */
static bool weight_parse(const char *s, int *out)
{
	int v = 0, n = 0;

	for (; *s >= '0' && *s <= '9' && n < 3; s++, n++)
		v = v * 10 + (*s - '0');
	if (!n || *s || v > 100)
		return false;
	*out = v;
	return true;
}

/* A refusal of the typed form: the message in r's arena. */
static struct problem refuse(struct req *r, long row, const char *fmt, const char *seen)
{
	struct strbuf sb = STRBUF_INIT;
	struct problem pb = { "输入有误", row };

	sb_addf(&sb, fmt, seen);
	if (!sb.err)
		pb.msg = arena_strdup(r->arena, sb.buf);
	sb_release(&sb);
	return pb;
}

/* The self-evaluation the form describes, for the current declaration d.
 * Returns true, or false with *pb saying what is wrong. */
static bool from_form(struct req *r, const struct decl *d, const struct form_fv *fv,
                      struct selfeval *se, struct problem *pb)
{
	struct score_rules rules = profile_score_rules(r->profile);
	struct score_result_in *res;
	const char *s;
	centi *even;
	char msg[256];
	int w[1 + SC__MAX];
	bool dflt = true, split;

	memset(se, 0, sizeof(*se));
	se->decl = *d;
	se->in.decl = &se->decl;
	se->achieved = lf_lines(r, fv->achieved);
	if ((s = trimmed(r, fv->annual)) &&
	    (amount_parse(s, strlen(s), &se->in.annual) || !se->in.annual.set)) {
		*pb = refuse(r, -1, "全年预算数“%s”不是金额（如 4810000.00）", fv->annual);
		return false;
	}
	/* the declaration's 年度资金申请总额 is written as null, as FORMAT.md has it */
	if (se->in.annual.set && d->funds[FUND_ANNUAL].set &&
	    se->in.annual.fen == d->funds[FUND_ANNUAL].fen)
		se->in.annual.set = false;
	if (!(s = trimmed(r, fv->executed))) {
		*pb = (struct problem){ "请填写全年执行数", -1 };
		return false;
	}
	if (amount_parse(s, strlen(s), &se->in.executed) || !se->in.executed.set) {
		*pb = refuse(r, -1, "全年执行数“%s”不是金额（如 4500000.00）", fv->executed);
		return false;
	}
	for (int k = 0; k <= SC__MAX; k++) {
		if (!weight_parse(fv->w[k], &w[k])) {
			struct strbuf sb = STRBUF_INIT;
			sb_addf(&sb, "%s的权重“%s”应为 0 至 100 的整数", weights[k].label, fv->w[k]);
			*pb = (struct problem){ sb.err ? "权重有误" : arena_strdup(r->arena, sb.buf), -1 };
			sb_release(&sb);
			return false;
		}
		dflt = dflt && w[k] == r->profile->weights[k];
	}
	/* the defaults are written as null, as FORMAT.md has them */
	for (int k = 0; k <= SC__MAX; k++)
		se->in.weights[k] = dflt ? 0 : w[k];
	se->in.budget_reason = trimmed(r, lf_lines(r, fv->budget_reason));
	if (!(res = arena_zalloc(r->arena, (d->n_ind + 1) * sizeof(*res))))
		return false;
	if (!(even = arena_zalloc(r->arena, (d->n_ind + 1) * sizeof(*even))))
		return false;
	/* 分值 as the form started them (the even split) are no choice: null */
	split = !score_even_split(d, se->in.weights, &rules, even, msg, sizeof(msg));
	for (size_t i = 0; i < d->n_ind; i++) {
		const struct row_fv *row = &fv->rows[i];
		char e[32];
		centi_format(e, even[i]);
		s = trimmed(r, row->weight ? row->weight : "");
		split = split && (row->na || !s || strcmp(s, e) == 0);
	}
	for (size_t i = 0; i < d->n_ind; i++) {
		const struct row_fv *row = &fv->rows[i];
		const struct target *t = &d->ind[i].target;
		res[i].applicable = !row->na;
		res[i].reason = lf_lines(r, row->reason);
		res[i].weight = split || row->na ? NULL : trimmed(r, row->weight ? row->weight : "");
		if (t->kind == TARGET_QUALITATIVE) {
			if (*row->band && (res[i].band = score_band_by_id(row->band)) == BAND_NONE) {
				*pb = refuse(r, (long)i, "评价档次“%s”应从列表中选择", row->band);
				return false;
			}
			res[i].score_pct = trimmed(r, row->pct);
		} else {
			res[i].actual = trimmed(r, row->actual);
		}
	}
	se->in.results = res;
	se->in.n_results = d->n_ind;
	return true;
}

int page_selfeval_save(struct req *r)
{
	struct store_meta m;
	struct store_selfeval row = { 0 };
	struct selfeval typed, back;
	struct score_output o;
	struct form_fv fv;
	struct problem pb;
	struct store_selfeval cur = { 0 };
	struct strbuf doc = STRBUF_INIT;
	struct decl d;
	struct jw w;
	const char *why;
	char msg[512], to[48];
	int64_t id;
	int rc, decl_rev, rev, base = page_int(form_or(r, "base", ""));
	bool changed;

	if (!decl_of(r, &id, &m))
		return 0;
	if ((rc = store_get(r->store, id, m.approved_rev, r->arena, &d, &decl_rev)))
		return rc;
	if ((rc = fv_from_request(r, &d, &fv)))
		return rc;
	rc = store_selfeval_get(r->store, id, 0, r->arena, &cur);
	if (rc == JX_ENOTFOUND)
		cur.state = SES__MAX;
	else if (rc)
		return rc;
	if ((why = entry_refusal(r, &m, cur.state))) {
		pb = (struct problem){ why, -1 };
		return selfeval_page(r, id, &m, 0, NULL, &pb, 409);
	}
	if (!from_form(r, &d, &fv, &typed, &pb)) {
		if (r->arena->err)
			return JX_ENOMEM;
		return selfeval_page(r, id, &m, 0, &fv, &pb, 422);
	}
	/* the document as it will be stored, read back and scored */
	jw_init(&w, &doc, false, 0);
	selfeval_json_write(&w, &typed);
	if (doc.err) {
		rc = doc.err;
		goto out;
	}
	if ((rc = selfeval_read_scored(r->profile, r->arena, doc.buf, doc.len, &back, &o, &why,
	                               msg, sizeof(msg))))
		goto out;
	if (why) {
		pb = (struct problem){ why, row_of_message(why) };
		rc = selfeval_page(r, id, &m, 0, &fv, &pb, 422);
		goto out;
	}
	row.decl_rev = decl_rev;
	row.document = doc.buf;
	row.total = o.total;
	row.grade = o.grade;
	row.profile = r->profile->name;
	row.actor = r->user->name;
	if ((rc = store_begin(r->store, 0)))
		goto out;
	rc = page_commit(r, store_selfeval_put(r->store, id, &row, base, &rev, &changed));
	if (rc) {
		if (rc == JX_ECONFLICT) {
			pb = (struct problem){ arena_strdup(r->arena, store_errmsg(r->store)), -1 };
			rc = selfeval_page(r, id, &m, 0, &fv, &pb, 409);
		}
		goto out;
	}
	snprintf(to, sizeof(to), "/d/%lld/selfeval", (long long)id);
	resp_redirect(r, to);
out:
	sb_release(&doc);
	return rc;
}

int page_selfeval_action(struct req *r)
{
	struct store_meta m;
	struct problem pb;
	struct store_selfeval cur = { 0 };
	const char *action = req_form(r, "action"), *comment = req_form(r, "comment");
	enum se_action a;
	enum se_state state = SES__MAX;
	struct step st;
	char to[48];
	int64_t id;
	int rc, base = page_int(form_or(r, "revision", ""));

	if (!decl_of(r, &id, &m))
		return 0;
	rc = store_selfeval_get(r->store, id, 0, r->arena, &cur);
	if (rc && rc != JX_ENOTFOUND)
		return rc;
	if (!rc)
		state = cur.state;
	a = se_action_by_id(action);
	if ((rc = store_begin(r->store, 0)))
		return rc;
	rc = step_selfeval(r->store, r->profile, r->arena, r->user, id, state, cur.current_rev, a, base,
	                   comment, &st);
	if (!rc && st.status) {
		store_rollback(r->store);
		pb = (struct problem){ st.stale ? "绩效自评在您打开之后已被修改：请看过新的内容后再操作" : st.why, -1 };
		return selfeval_page(r, id, &m, 0, NULL, &pb, st.status);
	}
	if ((rc = page_commit(r, rc))) {
		if (rc != JX_ECONFLICT)
			return rc;
		pb = (struct problem){ arena_strdup(r->arena, store_errmsg(r->store)), -1 };
		return selfeval_page(r, id, &m, 0, NULL, &pb, 409);
	}
	snprintf(to, sizeof(to), "/d/%lld/selfeval", (long long)id);
	resp_redirect(r, to);
	return 0;
}

/* --- downloads -------------------------------------------------------------- */

/* The revision a download asks for (?revision=N, else the current one),
 * read and scored.  Returns 0 with *ok false when the answer is already set
 * (404 for a revision that does not exist; 409 when there is nothing to
 * download yet), or a JX_ code. */
static int download_of(struct req *r, int64_t *id, struct scored *sc, bool *ok)
{
	struct store_meta m;
	const char *rev_q = req_query(r, "revision");
	int rc, rev = rev_q ? page_int(rev_q) : 0;

	*ok = false;
	if (!decl_of(r, id, &m))
		return 0;
	if ((rc = selfeval_load_scored(r->store, r->profile, r->arena, *id, rev, sc)))
		return rc;
	if (!sc->have && rev)
		resp_error(r, 404, "没有这一版绩效自评");
	else if (!sc->have)
		resp_error(r, 409, "还没有填写绩效自评，没有可下载的自评表");
	else if (sc->problem)
		resp_error(r, 409, sc->problem);
	else
		*ok = true;
	return 0;
}

static void attachment(struct req *r, int64_t id, int rev, const char *ext, const char *type)
{
	char name[64];

	snprintf(name, sizeof(name), "selfeval-%lld-%d.%s", (long long)id, rev, ext);
	page_attachment(r, name, type);
}

/* The self-evaluation table as PDF (form_pdf_selfeval). */
int page_selfeval_pdf(struct req *r)
{
	struct form_pdf *w = NULL;
	struct scored sc;
	int64_t id;
	int rc, end;
	bool ok;

	if ((rc = download_of(r, &id, &sc, &ok)) || !ok)
		return rc;
	sb_reset(&r->out);
	if ((rc = form_pdf_begin_stream(page_pdf_sink, &r->out, &w, NULL)))
		return rc;
	rc = form_pdf_selfeval(w, &sc.se, &sc.o);
	end = form_pdf_end(w);
	if (rc || (rc = end))
		return rc;
	attachment(r, id, sc.row.rev, "pdf", "application/pdf");
	return r->out.err;
}

static int fill_selfeval(struct xlsx_out *x, void *ctx)
{
	const struct scored *sc = ctx;

	return xlsx_out_selfeval(x, &sc->se, &sc->o);
}

/* The self-evaluation table as an XLSX workbook (xlsx_out_selfeval). */
int page_selfeval_xlsx(struct req *r)
{
	struct scored sc;
	int64_t id;
	int rc;
	bool ok;

	if ((rc = download_of(r, &id, &sc, &ok)) || !ok)
		return rc;
	if ((rc = page_xlsx(r, XLSX_SELFEVAL, fill_selfeval, &sc)))
		return rc;
	attachment(r, id, sc.row.rev, "xlsx",
	           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	return 0;
}

/* --- JSON ------------------------------------------------------------------- */

/*
 * GET /api/v1/declarations/ID/selfeval[?revision=N]: the stored
 * jixiao.selfeval/1 document of the current (or N-th) revision with its
 * state and what it scored when saved, and the score under the server's
 * profile as `jixiao score --format json` prints it.  With no
 * self-evaluation yet, state, document and score are null.
 */
int api_selfeval(struct req *r)
{
	struct store_meta m;
	struct scored sc;
	struct jw w;
	const char *rev_q = req_query(r, "revision");
	char total[32];
	int64_t id;
	int rc, rev = rev_q ? page_int(rev_q) : 0;

	if (!decl_of(r, &id, &m))
		return 0;
	if ((rc = selfeval_load_scored(r->store, r->profile, r->arena, id, rev, &sc)))
		return rc;
	if (rev && !sc.have) {
		resp_error(r, 404, "没有这一版绩效自评");
		return 0;
	}
	sb_reset(&r->out);
	jw_init(&w, &r->out, true, 0);
	jw_obj_begin(&w);
	jw_key(&w, "id");
	jw_int(&w, id);
	jw_key(&w, "declaration_state");
	jw_str(&w, wf_state_id(m.state));
	jw_key(&w, "state");
	if (sc.have)
		jw_str(&w, se_state_id(sc.row.state));
	else
		jw_null(&w);
	jw_key(&w, "revision");
	jw_int(&w, sc.have ? sc.row.rev : 0);
	jw_key(&w, "current_revision");
	jw_int(&w, sc.have ? sc.row.current_rev : 0);
	if (sc.have) {
		jw_key(&w, "declaration_revision");
		jw_int(&w, sc.row.decl_rev);
		jw_key(&w, "created_at");
		jw_str(&w, sc.row.created_at);
		jw_key(&w, "actor");
		jw_str(&w, sc.row.actor);
		jw_key(&w, "stored");
		jw_obj_begin(&w);
		jw_key(&w, "profile");
		jw_str(&w, sc.row.profile);
		jw_key(&w, "total");
		centi_format(total, sc.row.total);
		jw_raw_number(&w, total);
		jw_key(&w, "grade");
		jw_str(&w, sc.row.grade);
		jw_obj_end(&w);
	}
	jw_key(&w, "document");
	if (sc.have)
		jw_raw_value(&w, sc.row.document, strlen(sc.row.document));
	else
		jw_null(&w);
	jw_key(&w, "score");
	if (sc.have && !sc.problem)
		score_json_write(&w, &sc.se, &sc.o);
	else
		jw_null(&w);
	if (sc.have && sc.problem) {
		jw_key(&w, "problem");
		jw_str(&w, sc.problem);
	}
	jw_obj_end(&w);
	sb_addc(&r->out, '\n');
	if (r->out.err)
		return r->out.err;
	resp_json(r, 200);
	return 0;
}
