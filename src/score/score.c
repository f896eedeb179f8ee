/*
 * score.c: the self-evaluation score (score.h) in exact rational
 * arithmetic.  The rules, in the order FORMAT.md part 2 gives them:
 *
 *   weights  the input's, or the profile's defaults (10/50/30/10): the
 *            defaults live in the profile only.
 *   points   budget: weights.budget.  When every applicable result has its
 *            own weight (分值), those are the points, and with the budget's
 *            they must add up to 100.  Otherwise each 一级's weight is split
 *            evenly over its indicators; the applicable indicators' points
 *            are then scaled to add up to 100 − budget points, which drops
 *            the not-applicable ones and gives a missing 满意度's weight to
 *            产出 and 效益 in proportion to theirs in one step.
 *   budget   min(executed / annual, 1) × budget points; the execution
 *            rate executed / annual × 100, uncapped, for the table.
 *   >= > =   A > 0: B ≥ A → W, else B / A × W (not below 0).  A = 0: `=`
 *            B ≤ 0 → W else 0; `>=`/`>` B ≥ 0 → W else 0.
 *   <= <     B ≤ A → W, else A / B × W, or with the linear formula
 *            (1 − (B − A) / A) × W, 0 from B ≥ 2A.
 *   deadline done by `by` → W, later or never → 0.
 *   quality  score_pct / 100 × W, the percentage inside the band: 达成
 *            80–100, 部分达成 60–<80, 未达成 0–<60 (财预〔2020〕10号).
 *   flags    over_achieved when B ≥ over_ratio × A (or B ≤ A / over_ratio
 *            for a reverse target), keeping its points; needs_reason when
 *            points are lost or the indicator is over_achieved and no
 *            reason is given; on the budget, needs_reason when executed /
 *            annual is below the profile's exec_reason_below and there is
 *            no budget.reason.
 *   rounding each score half-up to two decimals; the total is the sum of
 *            the rounded scores; the grade from the profile's thresholds.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../parse/scalar.h"
#include "../util/err.h"
#include "../util/strbuf.h"
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
	{ FLAG_NEEDS_REASON, "needs_reason", "失分，须说明偏差原因" },  /* over_achieved's note says why */
	{ FLAG_NOT_APPLICABLE, "not_applicable", "不适用，已剔除" },
};

const char *score_flag_note(unsigned flags, unsigned bit)
{
	if (!(flags & bit) || bit == FLAG_NOT_APPLICABLE)
		return NULL;
	if (bit == FLAG_NEEDS_REASON && (flags & FLAG_OVER_ACHIEVED))
		return "须说明原因";
	for (size_t k = 0; k < sizeof(score_flags) / sizeof(score_flags[0]); k++)
		if (score_flags[k].bit == bit)
			return score_flags[k].note;
	return NULL;
}

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
		/* 财预〔2020〕10号: 达成 80–100（含 80）, 部分达成 60–<80（含 60）, 未达成 0–<60 */
		static const int lo[] = { 0, 80, 60, 0 }, hi[] = { 0, 100, 80, 60 };
		struct rat pct;
		if (res->band == BAND_NONE)
			return fail(c, "第 %zu 个指标“%s”是定性指标：需要评价档次 band（achieved、partial 或 missed）",
			            i + 1, ind->name);
		if (!r_decimal(c, res->score_pct, &pct))
			return fail(c, "第 %zu 个指标“%s”：档次内的得分比例 score_pct“%s”不是数字", i + 1,
			            ind->name, res->score_pct ? res->score_pct : "");
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

/* The weights in force: the input's, or the rules' defaults. */
static int weights_of(struct calc *c, const int in_w[1 + SC__MAX], const struct score_rules *rules,
                      int w[1 + SC__MAX])
{
	bool zero_in = true, zero_rules = true;
	int total = 0;

	for (int k = 0; k <= SC__MAX; k++) {
		zero_in = zero_in && in_w[k] == 0;
		zero_rules = zero_rules && rules->weights[k] == 0;
	}
	if (zero_in && zero_rules)
		return fail(c, "评分方案没有默认权重（score.weights）：自评须给出 weights");
	for (int k = 0; k <= SC__MAX; k++) {
		w[k] = zero_in ? rules->weights[k] : in_w[k];
		if (w[k] < 0)
			return fail(c, "权重不能为负数");
		total += w[k];
	}
	if (total != 100)
		return fail(c, "权重之和应为 100，实为 %d", total);
	return 0;
}

/* The even split: each 一级's weight over its indicators, the applicable
 * ones (all when applicable is NULL) scaled to 100 − budget points. */
static int even_points(struct calc *c, const struct decl *d, const struct score_result_in *res,
                       const int w[1 + SC__MAX], struct rat *pts)
{
	int count[SC__MAX] = { 0 };
	struct rat sum = r_int(0), scale;

	for (size_t i = 0; i < d->n_ind; i++) {
		enum score_class cls = score_class_of(d->ind[i].level1);
		if (cls == SC__MAX)
			return fail(c, "第 %zu 个指标的一级指标“%s”不在评分权重之中（产出、成本、效益、满意度）",
			            i + 1, d->ind[i].level1);
		count[cls]++;
	}
	for (size_t i = 0; i < d->n_ind; i++) {
		enum score_class cls = score_class_of(d->ind[i].level1);
		pts[i] = mk(c, w[1 + cls], count[cls]);
		if (!res || res[i].applicable)
			sum = r_add(c, sum, pts[i]);
	}
	scale = sum.n ? r_div(c, r_int(100 - w[0]), sum) : r_int(0);
	for (size_t i = 0; i < d->n_ind; i++)
		pts[i] = r_mul(c, pts[i], scale);
	return 0;
}

/* The unit's own 分值: all applicable results carry one or none does; with
 * the budget's points they add up to 100.  *given false when none does. */
static int own_points(struct calc *c, const struct score_input *in, int budget, struct rat *pts,
                      bool *given)
{
	const struct decl *d = in->decl;
	size_t n_app = 0, n_w = 0, missing = 0;
	struct rat sum = r_int(0);
	char a[32], b[32];

	*given = false;
	for (size_t i = 0; i < d->n_ind; i++) {
		if (!in->results[i].applicable)
			continue;
		n_app++;
		if (in->results[i].weight)
			n_w++;
		else if (!missing)
			missing = i + 1;
	}
	if (!n_w)
		return 0;
	if (n_w < n_app)
		return fail(c, "第 %zu 个指标“%s”没有分值：分值须每个适用指标都填或都不填（%zu 个适用指标中 %zu 个已填）",
		            missing, d->ind[missing - 1].name, n_app, n_w);
	for (size_t i = 0; i < d->n_ind; i++) {
		const char *wt = in->results[i].weight;
		pts[i] = r_int(0);
		if (!in->results[i].applicable)
			continue;
		if (!r_decimal(c, wt, &pts[i]) || pts[i].n < 0 || (pts[i].n * 100) % pts[i].d != 0)
			return fail(c, "第 %zu 个指标“%s”：分值“%s”应为不小于 0、最多两位小数的数", i + 1,
			            d->ind[i].name, wt);
		sum = r_add(c, sum, pts[i]);
	}
	if (r_cmp(c, r_add(c, sum, r_int(budget)), r_int(100)) != 0) {
		centi_format(a, r_round(c, sum));
		centi_format(b, r_round(c, r_add(c, sum, r_int(budget))));
		return fail(c, "各指标分值之和 %s 加预算执行率分值 %d 为 %s，应为 100", a, budget, b);
	}
	*given = true;
	return 0;
}

int score_even_split(const struct decl *d, const int weights[1 + SC__MAX],
                     const struct score_rules *rules, centi *points, char *msg, size_t n)
{
	struct calc c = { .msg = msg, .size = n };
	struct rat pts[1024];
	int w[1 + SC__MAX], rc;

	if (d->n_ind > sizeof(pts) / sizeof(pts[0]))
		return fail(&c, "指标过多（%zu 个）", d->n_ind);
	if ((rc = weights_of(&c, weights, rules, w)) || (rc = even_points(&c, d, NULL, w, pts)))
		return rc;
	for (size_t i = 0; i < d->n_ind; i++)
		points[i] = r_round(&c, pts[i]);
	return c.overflow ? fail(&c, "数值过大，无法精确评分") : 0;
}

int score_compute(const struct score_input *in, const struct score_rules *rules,
                  struct score_output *out, char *msg, size_t n)
{
	const struct decl *d = in->decl;
	struct calc c = { .msg = msg, .size = n };
	struct rat pts[1024], annual, executed, ratio, below;
	int w[1 + SC__MAX], rc;
	bool own;
	struct amount a = in->annual.set ? in->annual : d->funds[FUND_ANNUAL];

	if (in->n_results != d->n_ind)
		return fail(&c, "评分结果有 %zu 条，申报表有 %zu 个指标：应一一对应", in->n_results, d->n_ind);
	if (d->n_ind > sizeof(pts) / sizeof(pts[0]))
		return fail(&c, "指标过多（%zu 个）", d->n_ind);
	if ((rc = weights_of(&c, in->weights, rules, w)))
		return rc;
	if (!a.set || a.fen <= 0)
		return fail(&c, "缺少全年预算数（budget.annual 或申报表的年度资金申请总额）");
	if (!in->executed.set || in->executed.fen < 0)
		return fail(&c, "缺少全年执行数 budget.executed");

	if ((rc = even_points(&c, d, in->results, w, pts)))
		return rc;
	if ((rc = own_points(&c, in, w[0], pts, &own)))
		return rc;

	annual = r_fen(&c, a.fen);
	executed = r_fen(&c, in->executed.fen);
	ratio = r_div(&c, executed, annual);
	out->exec_rate = r_round(&c, r_mul(&c, ratio, r_int(100)));
	out->budget_flags = 0;
	if (rules->exec_reason_below && r_decimal(&c, rules->exec_reason_below, &below) &&
	    r_cmp(&c, ratio, below) < 0 && (!in->budget_reason || !*in->budget_reason))
		out->budget_flags = FLAG_NEEDS_REASON;
	if (r_cmp(&c, ratio, r_int(1)) > 0)
		ratio = r_int(1);
	out->budget_points = w[0] * 100;
	out->budget_score = r_round(&c, r_mul(&c, ratio, r_int(w[0])));
	out->total = out->budget_score;
	for (size_t i = 0; i < d->n_ind; i++) {
		const struct score_result_in *res = &in->results[i];
		struct score_indicator *o = &out->ind[i];
		struct rat wi, s = r_int(0);
		bool unexplained = !res->reason || !*res->reason;

		o->flags = 0;
		if (!res->applicable) {
			o->points = 0;
			o->score = 0;
			o->flags = FLAG_NOT_APPLICABLE;
			continue;
		}
		wi = pts[i];
		if ((rc = score_one(&c, &d->ind[i], res, rules, wi, i, &s, &o->flags)))
			return rc;
		if ((r_cmp(&c, s, wi) < 0 || (o->flags & FLAG_OVER_ACHIEVED)) && unexplained)
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

/* The refusals of a submission, one per kind of unexplained flag: lost
 * points (the message of issue 6), far over the target, the budget. */
void score_submit_refusal(const struct score_input *in, const struct score_rules *rules,
                          const struct score_output *o, struct strbuf *why)
{
	static const struct {
		const char *head;
		bool over;              /* the over_achieved ones, else the ones that lost points */
	} kinds[] = {
		{ "以下指标失分，须填写偏差原因分析及改进措施后才能提交：", false },
		{ "以下指标远超目标（目标可能定得过低），须填写原因后才能提交：", true },
	};
	const struct decl *d = in->decl;
	struct calc c = { 0 };
	struct rat below;
	char rate[32], floor[32] = "";

	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		size_t n = 0;
		for (size_t i = 0; i < in->n_results && i < d->n_ind; i++) {
			unsigned f = o->ind[i].flags;
			if (!(f & FLAG_NEEDS_REASON) || !(f & FLAG_OVER_ACHIEVED) != !kinds[k].over)
				continue;
			if (!n++)
				sb_addf(why, "%s%s", why->len ? "；" : "", kinds[k].head);
			else
				sb_adds(why, "、");
			sb_adds(why, d->ind[i].name);
		}
	}
	if (o->budget_flags & FLAG_NEEDS_REASON) {
		snprintf(rate, sizeof(rate), "%lld.%02lld%%", (long long)(o->exec_rate / 100),
		         (long long)(o->exec_rate % 100));
		if (rules->exec_reason_below && r_decimal(&c, rules->exec_reason_below, &below))
			centi_format(floor, r_round(&c, r_mul(&c, below, r_int(100))));
		sb_addf(why, "%s预算执行率 %s 低于 %s%%，须填写预算执行偏差原因后才能提交",
		        why->len ? "；" : "", rate, floor);
	}
}
