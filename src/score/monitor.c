/*
 * monitor.c: one monitoring round (monitor.h): execution rate, progress
 * against the days elapsed with its light, each indicator's light and
 * whether it is at risk, and the project's light, the worst of them.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../parse/scalar.h"
#include "../util/err.h"
#include "monitor.h"
#include "rat.h"

static const char *const deviations[DEV__MAX] = { "", "经费保障", "制度保障", "人员保障",
	                                              "硬件条件保障", "其他" };
static const char *const likelihoods[LIKELY__MAX] = { "确定能", "有可能", "完全不可能" };
/* The best light an indicator can have with each likelihood: 有可能 at
 * least yellow, 完全不可能 red.  Local (DOMAIN.md §5 gives the likelihoods,
 * not their colours): docs/score.md. */
static const enum light likely_light[LIKELY__MAX] = { LIGHT_GREEN, LIGHT_YELLOW, LIGHT_RED };
static const char *const light_ids[LIGHT__MAX] = { "green", "yellow", "red" };

const char *light_name(enum light l)
{
	static const char *const names[LIGHT__MAX] = { "绿灯", "黄灯", "红灯" };
	return (unsigned)l < LIGHT__MAX ? names[l] : "?";
}

const char *light_id(enum light l)
{
	return (unsigned)l < LIGHT__MAX ? light_ids[l] : "?";
}

enum light light_by_id(const char *id)
{
	for (int l = 0; l < LIGHT__MAX; l++)
		if (id && strcmp(light_ids[l], id) == 0)
			return (enum light)l;
	return LIGHT__MAX;
}

int monitor_elapsed(struct date d, int *of)
{
	struct date jan1 = { d.y, 1, 1 }, next = { d.y + 1, 1, 1 };

	*of = (int)(date_serial(next) - date_serial(jan1));
	return (int)(date_serial(d) - date_serial(jan1));
}

const char *deviation_name(enum deviation d)
{
	return (unsigned)d < DEV__MAX ? deviations[d] : "";
}

enum deviation deviation_by_name(const char *s)
{
	for (int d = 0; d < DEV__MAX; d++)
		if (s && strcmp(deviations[d], s) == 0)
			return (enum deviation)d;
	return DEV__MAX;
}

const char *likelihood_name(enum likelihood l)
{
	return (unsigned)l < LIKELY__MAX ? likelihoods[l] : "";
}

enum likelihood likelihood_by_name(const char *s)
{
	for (int l = 0; l < LIKELY__MAX; l++)
		if (s && strcmp(likelihoods[l], s) == 0)
			return (enum likelihood)l;
	return LIKELY__MAX;
}

static int refuse(char *msg, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int refuse(char *msg, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, n, fmt, ap);
	va_end(ap);
	return JX_EINPUT;
}

/* Does an expected year-end value miss a numeric target? */
static bool misses(struct calc *c, const struct target *t, const char *expected)
{
	struct rat a, b;

	if (t->kind != TARGET_NUMERIC || !expected || !*expected || !r_decimal(c, t->number, &a) ||
	    !r_decimal(c, expected, &b))
		return false;
	switch (t->op) {
	case OP_GE:
	case OP_EQ:
		return r_cmp(c, b, a) < 0;
	case OP_GT:
		return r_cmp(c, b, a) <= 0;
	case OP_LE:
		return r_cmp(c, b, a) > 0;
	case OP_LT:
		return r_cmp(c, b, a) >= 0;
	}
	return false;
}

static enum light worst(enum light a, enum light b)
{
	return a > b ? a : b;
}

/* The light of a progress (percent) on the lines red and yellow. */
static enum light light_of(struct calc *c, struct rat progress, struct rat red, struct rat yellow)
{
	return r_cmp(c, progress, red) < 0      ? LIGHT_RED
	       : r_cmp(c, progress, yellow) < 0 ? LIGHT_YELLOW
	                                        : LIGHT_GREEN;
}

/* An indicator's light by its value so far: a numeric target of =, >= or >
 * above 0 against the days elapsed, on the budget's lines; red for a
 * deadline done after it; green when there is nothing to judge by (a
 * blank value is one not known yet, not a zero). */
static enum light pace_light(struct calc *c, const struct target *t, const char *so_far,
                             struct rat elapsed, struct rat red, struct rat yellow)
{
	struct rat a, b;
	struct date done;

	if (!so_far || !*so_far)
		return LIGHT_GREEN;
	switch (t->kind) {
	case TARGET_NUMERIC:
		if (t->op == OP_LE || t->op == OP_LT || !r_decimal(c, t->number, &a) || a.n <= 0 ||
		    !r_decimal(c, so_far, &b))
			return LIGHT_GREEN;
		return light_of(c, r_div(c, r_mul(c, r_div(c, b, a), r_int(100)), elapsed), red, yellow);
	case TARGET_DEADLINE:
		if (date_parse(so_far, strlen(so_far), &done) || !done.y || !t->by.y)
			return LIGHT_GREEN;
		return date_cmp(done, t->by) > 0 ? LIGHT_RED : LIGHT_GREEN;
	case TARGET_EMPTY:
	case TARGET_QUALITATIVE:
		break;
	}
	return LIGHT_GREEN;
}

int monitor_compute(const struct monitor_input *in, const struct monitor_rules *rules,
                    struct monitor_output *out, char *msg, size_t n)
{
	const struct decl *d = in->decl;
	struct amount budget = in->budget.set ? in->budget : d->funds[FUND_ANNUAL];
	struct calc c = { .msg = msg, .size = n };
	struct rat rate, progress, red, yellow, elapsed;
	int days, of;

	if (in->n_items != d->n_ind)
		return refuse(msg, n, "监控表有 %zu 行，申报表有 %zu 个指标：应一一对应", in->n_items, d->n_ind);
	if (!budget.set || budget.fen <= 0)
		return refuse(msg, n, "缺少预算数（或申报表的年度资金申请总额）");
	if (!in->executed.set || in->executed.fen < 0)
		return refuse(msg, n, "缺少截至监控日的执行数");
	if (!in->as_of.y || in->as_of.y != d->year)
		return refuse(msg, n, "监控日期应在申报年度 %d 年之内", d->year);
	if ((days = monitor_elapsed(in->as_of, &of)) == 0)
		return refuse(msg, n, "监控日期不能是 %d 年 1 月 1 日：年度还没有经过的天数，无法与时间进度比较",
		              d->year);
	elapsed = mk(&c, days, of);
	rate = r_mul(&c, r_div(&c, r_fen(&c, in->executed.fen), r_fen(&c, budget.fen)), r_int(100));
	progress = r_div(&c, rate, elapsed);
	out->exec_rate = r_round(&c, rate);
	out->progress = r_round(&c, progress);
	if (!r_decimal(&c, rules->red_below ? rules->red_below : "60", &red))
		red = r_int(60);
	if (!r_decimal(&c, rules->yellow_below ? rules->yellow_below : "80", &yellow))
		yellow = r_int(80);
	out->budget_light = out->light = light_of(&c, progress, red, yellow);
	out->n_at_risk = 0;
	for (size_t i = 0; i < d->n_ind; i++) {
		const struct monitor_item_in *it = &in->items[i];
		const struct target *t = &d->ind[i].target;
		bool missed = misses(&c, t, it->expected);
		enum light l = pace_light(&c, t, it->so_far, elapsed, red, yellow);

		l = worst(l, (unsigned)it->likelihood < LIKELY__MAX ? likely_light[it->likelihood] : LIGHT_RED);
		if (missed)
			l = worst(l, LIGHT_YELLOW);
		if (out->lights)
			out->lights[i] = l;
		out->light = worst(out->light, l);
		out->at_risk[i] = it->likelihood != LIKELY_SURE || missed;
		out->n_at_risk += out->at_risk[i];
	}
	if (c.overflow)
		return refuse(msg, n, "数值过大，无法精确计算");
	return 0;
}
