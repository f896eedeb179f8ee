/*
 * score.c: the self-evaluation score (score.h) in exact rational
 * arithmetic.  The rules, in the order FORMAT.md part 2 gives them:
 *
 *   points   budget: weights.budget.  Each 一级's weight is split evenly
 *            over its indicators; the applicable indicators' points are
 *            then scaled to add up to 100 − budget points, which drops the
 *            not-applicable ones and gives a missing 满意度's weight to 产出
 *            and 效益 in proportion to theirs in one step.
 *   budget   min(executed / annual, 1) × budget points; the execution
 *            rate executed / annual × 100, uncapped, for the table.
 *   >= > =   A > 0: B ≥ A → W, else B / A × W (not below 0).  A = 0: `=`
 *            B ≤ 0 → W else 0; `>=`/`>` B ≥ 0 → W else 0.
 *   <= <     B ≤ A → W, else A / B × W, or with the linear formula
 *            (1 − (B − A) / A) × W, 0 from B ≥ 2A.
 *   deadline done by `by` → W, later or never → 0.
 *   quality  score_pct / 100 × W, the percentage inside the band.
 *   flags    over_achieved when B ≥ over_ratio × A (or B ≤ A / over_ratio
 *            for a reverse target); needs_reason when points are lost and
 *            no reason is given.
 *   rounding each score half-up to two decimals; the total is the sum of
 *            the rounded scores; the grade from the profile's thresholds.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../parse/scalar.h"
#include "../util/err.h"
#include "score.h"

#include "rat.h"

static int fail(struct calc *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(struct calc *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->msg, c->size, fmt, ap);
	va_end(ap);
	return JX_EINPUT;
}

const struct score_flag score_flags[3] = {
	{ FLAG_OVER_ACHIEVED, "over_achieved", "远超目标（目标可能定得过低）" },
	{ FLAG_NEEDS_REASON, "needs_reason", "失分，须说明偏差原因" },
	{ FLAG_NOT_APPLICABLE, "not_applicable", "不适用，已剔除" },
};

enum score_class score_class_of(const char *level1)
{
	static const struct {
		const char *name;
		enum score_class cls;
	} classes[] = {
		{ "产出指标", SC_OUTPUT },
		{ "成本指标", SC_OUTPUT },  /* 财预〔2021〕101号: cost is produced, as under 88号's 产出 */
		{ "效益指标", SC_BENEFIT },
		{ "满意度指标", SC_SATISFACTION },
	};

	for (size_t i = 0; level1 && i < sizeof(classes) / sizeof(classes[0]); i++)
		if (strcmp(classes[i].name, level1) == 0)
			return classes[i].cls;
	return SC__MAX;
}

/* The evaluator's bands: the id of FORMAT.md part 2 and the name users read. */
static const struct {
	const char *id, *name;
} bands[] = {
	[BAND_NONE] = { "", "" },
	[BAND_ACHIEVED] = { "achieved", "完成" },
	[BAND_PARTIAL] = { "partial", "部分完成" },
	[BAND_MISSED] = { "missed", "未完成" },
};

enum score_band score_band_by_id(const char *id)
{
	for (int b = BAND_ACHIEVED; id && b <= BAND_MISSED; b++)
		if (strcmp(id, bands[b].id) == 0)
			return (enum score_band)b;
	return BAND_NONE;
}

const char *score_band_id(enum score_band b)
{
	return (unsigned)b <= BAND_MISSED ? bands[b].id : "";
}

const char *score_band_name(enum score_band b)
{
	return (unsigned)b <= BAND_MISSED ? bands[b].name : "";
}

void centi_format(char buf[32], centi c)
{
	long long v = c < 0 ? -c : c;

	if (v % 100 == 0)
		snprintf(buf, 32, "%s%lld", c < 0 ? "-" : "", v / 100);
	else if (v % 10 == 0)
		snprintf(buf, 32, "%s%lld.%lld", c < 0 ? "-" : "", v / 100, (v % 100) / 10);
	else
		snprintf(buf, 32, "%s%lld.%02lld", c < 0 ? "-" : "", v / 100, v % 100);
}

/* The score of one applicable indicator worth w. */
static int score_one(struct calc *c, const struct indicator *ind, const struct score_result_in *res,
                     const struct score_rules *rules, struct rat w, size_t i, struct rat *score,
                     unsigned *flags)
{
	const struct target *t = &ind->target;
	struct rat zero = r_int(0), a, b, over;

	switch (t->kind) {
	case TARGET_NUMERIC:
		if (!r_decimal(c, t->number, &a))
			return fail(c, "第 %zu 个指标“%s”：目标值“%s”不是数字", i + 1, ind->name, t->number);
		if (!res->actual)
			return fail(c, "第 %zu 个指标“%s”：缺少实际完成值", i + 1, ind->name);
		if (!r_decimal(c, res->actual, &b))
			return fail(c, "第 %zu 个指标“%s”：实际完成值“%s”不是数字", i + 1, ind->name,
			            res->actual);
		if (!r_decimal(c, rules->over_ratio ? rules->over_ratio : "1.5", &over))
			over = mk(c, 3, 2);
		if (t->op == OP_LE || t->op == OP_LT) {
			if (r_cmp(c, b, a) <= 0)
				*score = w;
			else if (a.n <= 0)
				*score = zero;
			else if (rules->reverse == REVERSE_LINEAR)
				*score = r_mul(c, r_clamp(c, r_sub(c, r_int(1), r_div(c, r_sub(c, b, a), a)),
				                          zero, r_int(1)),
				               w);
			else
				*score = r_mul(c, r_div(c, a, b), w);
			if (a.n > 0 && r_cmp(c, r_mul(c, b, over), a) <= 0)
				*flags |= FLAG_OVER_ACHIEVED;
		} else if (a.n > 0) {
			*score = r_cmp(c, b, a) >= 0 ? w : r_mul(c, r_clamp(c, r_div(c, b, a), zero, r_int(1)), w);
			if (r_cmp(c, b, r_mul(c, a, over)) >= 0)
				*flags |= FLAG_OVER_ACHIEVED;
		} else if (t->op == OP_EQ && a.n == 0) {
			*score = r_cmp(c, b, zero) <= 0 ? w : zero;
		} else {
			*score = r_cmp(c, b, a) >= 0 ? w : zero;
		}
		return 0;
	case TARGET_DEADLINE: {
		struct date done;
		if (!res->actual) {
			*score = zero;
			return 0;
		}
		if (date_parse(res->actual, strlen(res->actual), &done) || !done.y)
			return fail(c, "第 %zu 个指标“%s”：完成日期“%s”应为 YYYY-MM-DD", i + 1, ind->name,
			            res->actual);
		*score = date_cmp(done, t->by) <= 0 ? w : zero;
		return 0;
	}
	case TARGET_QUALITATIVE: {
		static const int lo[] = { 0, 80, 50, 0 }, hi[] = { 0, 100, 80, 50 };
		struct rat pct;
		if (res->band == BAND_NONE)
			return fail(c, "第 %zu 个指标“%s”是定性指标：需要评价档次 band（achieved、partial 或 missed）",
			            i + 1, ind->name);
		if (!r_decimal(c, res->score_pct, &pct))
			return fail(c, "第 %zu 个指标“%s”：档次内的得分比例 score_pct“%s”不是数字", i + 1,
			            ind->name, res->score_pct ? res->score_pct : "");
		/* achieved 80–100, partial 50–<80, missed 0–<50 */
		if (r_cmp(c, pct, r_int(lo[res->band])) < 0 ||
		    (res->band == BAND_ACHIEVED ? r_cmp(c, pct, r_int(100)) > 0
		                                : r_cmp(c, pct, r_int(hi[res->band])) >= 0))
			return fail(c, "第 %zu 个指标“%s”：得分比例 %s%% 不在所选档次（%d%%–%d%%%s）之内", i + 1,
			            ind->name, res->score_pct, lo[res->band], hi[res->band],
			            res->band == BAND_ACHIEVED ? "" : "，不含上限");
		*score = r_mul(c, r_div(c, pct, r_int(100)), w);
		return 0;
	}
	case TARGET_EMPTY:
		break;
	}
	return fail(c, "第 %zu 个指标“%s”没有年度指标值，无法评分（可标为不适用）", i + 1, ind->name);
}

/* A threshold of the profile in hundredths. */
static centi threshold(struct calc *c, const char *s, int dflt)
{
	struct rat r;

	return s && r_decimal(c, s, &r) ? r_round(c, r) : dflt * 100;
}

int score_compute(const struct score_input *in, const struct score_rules *rules,
                  struct score_output *out, char *msg, size_t n)
{
	static const int dflt[1 + SC__MAX] = { 10, 50, 30, 10 };
	const struct decl *d = in->decl;
	struct calc c = { .msg = msg, .size = n };
	struct rat pts[1024], sum = r_int(0), scale, annual, executed, ratio;
	int w[1 + SC__MAX], count[SC__MAX] = { 0 }, total_w = 0, rc;
	bool zero_weights = true;
	struct amount a = in->annual.set ? in->annual : d->funds[FUND_ANNUAL];

	if (in->n_results != d->n_ind)
		return fail(&c, "评分结果有 %zu 条，申报表有 %zu 个指标：应一一对应", in->n_results, d->n_ind);
	if (d->n_ind > sizeof(pts) / sizeof(pts[0]))
		return fail(&c, "指标过多（%zu 个）", d->n_ind);
	for (int k = 0; k <= SC__MAX; k++)
		zero_weights = zero_weights && in->weights[k] == 0;
	for (int k = 0; k <= SC__MAX; k++) {
		w[k] = zero_weights ? dflt[k] : in->weights[k];
		if (w[k] < 0)
			return fail(&c, "权重不能为负数");
		total_w += w[k];
	}
	if (total_w != 100)
		return fail(&c, "权重之和应为 100，实为 %d", total_w);
	if (!a.set || a.fen <= 0)
		return fail(&c, "缺少全年预算数（budget.annual 或申报表的年度资金申请总额）");
	if (!in->executed.set || in->executed.fen < 0)
		return fail(&c, "缺少全年执行数 budget.executed");

	/* points: each 一级's weight split evenly, then the applicable scaled to 100 − budget */
	for (size_t i = 0; i < d->n_ind; i++) {
		enum score_class cls = score_class_of(d->ind[i].level1);
		if (cls == SC__MAX)
			return fail(&c, "第 %zu 个指标的一级指标“%s”不在评分权重之中（产出、成本、效益、满意度）",
			            i + 1, d->ind[i].level1);
		count[cls]++;
	}
	for (size_t i = 0; i < d->n_ind; i++) {
		enum score_class cls = score_class_of(d->ind[i].level1);
		pts[i] = mk(&c, w[1 + cls], count[cls]);
		if (in->results[i].applicable)
			sum = r_add(&c, sum, pts[i]);
	}
	scale = sum.n ? r_div(&c, r_int(100 - w[0]), sum) : r_int(0);

	annual = r_fen(&c, a.fen);
	executed = r_fen(&c, in->executed.fen);
	ratio = r_div(&c, executed, annual);
	out->exec_rate = r_round(&c, r_mul(&c, ratio, r_int(100)));
	if (r_cmp(&c, ratio, r_int(1)) > 0)
		ratio = r_int(1);
	out->budget_points = w[0] * 100;
	out->budget_score = r_round(&c, r_mul(&c, ratio, r_int(w[0])));
	out->total = out->budget_score;
	for (size_t i = 0; i < d->n_ind; i++) {
		const struct score_result_in *res = &in->results[i];
		struct score_indicator *o = &out->ind[i];
		struct rat wi, s = r_int(0);

		o->flags = 0;
		if (!res->applicable) {
			o->points = 0;
			o->score = 0;
			o->flags = FLAG_NOT_APPLICABLE;
			continue;
		}
		wi = r_mul(&c, pts[i], scale);
		if ((rc = score_one(&c, &d->ind[i], res, rules, wi, i, &s, &o->flags)))
			return rc;
		if (r_cmp(&c, s, wi) < 0 && (!res->reason || !*res->reason))
			o->flags |= FLAG_NEEDS_REASON;
		o->points = r_round(&c, wi);
		o->score = r_round(&c, s);
		out->total += o->score;
	}
	if (c.overflow)
		return fail(&c, "数值过大，无法精确评分");
	out->grade = out->total >= threshold(&c, rules->grade_excellent, 90) ? "优"
	             : out->total >= threshold(&c, rules->grade_good, 80)    ? "良"
	             : out->total >= threshold(&c, rules->grade_fair, 60)    ? "中"
	                                                                    : "差";
	return 0;
}
