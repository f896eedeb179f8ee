/*
 * monitor.c: one monitoring round (monitor.h): execution rate, progress
 * against the time elapsed with its light, and the indicators at risk.
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

const char *light_name(enum light l)
{
	static const char *const names[] = { "绿灯", "黄灯", "红灯" };
	return (unsigned)l < 3 ? names[l] : "?";
}

const char *light_id(enum light l)
{
	static const char *const ids[] = { "green", "yellow", "red" };
	return (unsigned)l < 3 ? ids[l] : "?";
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

int monitor_compute(const struct monitor_input *in, const struct monitor_rules *rules,
                    struct monitor_output *out, char *msg, size_t n)
{
	const struct decl *d = in->decl;
	struct amount budget = in->budget.set ? in->budget : d->funds[FUND_ANNUAL];
	struct calc c = { .msg = msg, .size = n };
	struct rat rate, progress, red, yellow;

	if (in->n_items != d->n_ind)
		return refuse(msg, n, "监控表有 %zu 行，申报表有 %zu 个指标：应一一对应", in->n_items, d->n_ind);
	if (!budget.set || budget.fen <= 0)
		return refuse(msg, n, "缺少预算数（或申报表的年度资金申请总额）");
	if (!in->executed.set || in->executed.fen < 0)
		return refuse(msg, n, "缺少截至监控日的执行数");
	if (!in->as_of.y || in->as_of.y != d->year)
		return refuse(msg, n, "监控日期应在申报年度 %d 年之内", d->year);
	rate = r_mul(&c, r_div(&c, r_fen(&c, in->executed.fen), r_fen(&c, budget.fen)), r_int(100));
	progress = r_div(&c, rate, mk(&c, in->as_of.m, 12));
	out->exec_rate = r_round(&c, rate);
	out->progress = r_round(&c, progress);
	if (!r_decimal(&c, rules->red_below ? rules->red_below : "60", &red))
		red = r_int(60);
	if (!r_decimal(&c, rules->yellow_below ? rules->yellow_below : "80", &yellow))
		yellow = r_int(80);
	out->light = r_cmp(&c, progress, red) < 0      ? LIGHT_RED
	             : r_cmp(&c, progress, yellow) < 0 ? LIGHT_YELLOW
	                                               : LIGHT_GREEN;
	out->n_at_risk = 0;
	for (size_t i = 0; i < d->n_ind; i++) {
		const struct monitor_item_in *it = &in->items[i];
		out->at_risk[i] = it->likelihood != LIKELY_SURE || misses(&c, &d->ind[i].target, it->expected);
		out->n_at_risk += out->at_risk[i];
	}
	if (c.overflow)
		return refuse(msg, n, "数值过大，无法精确计算");
	return 0;
}
