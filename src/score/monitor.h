/*
 * monitor.h: in-year monitoring (绩效运行监控, DOMAIN.md §5): budget
 * execution and target achievement watched together, for one round (a
 * date, by default the end of July).  A pure function, exact like score.h.
 *
 *   elapsed          the days of the year before the round's date over the
 *                    days of the year: 07-01 is 181/365 (366 in a leap year)
 *   execution rate   executed / budget × 100
 *   progress         execution rate / elapsed
 *   budget light     red below the profile's red line (60), yellow below
 *                    its yellow line (80), green from there
 *   indicator light  the worst of: its pace (value so far / target /
 *                    elapsed × 100 on the same lines, for a numeric target
 *                    of =, >= or > above 0; red for a deadline done after
 *                    it), its likelihood (确定能 green, 有可能 yellow, 完全不
 *                    可能 red) and yellow when its expected year-end value
 *                    misses the target
 *   light            the project's: the worst of the budget light and the
 *                    indicator lights
 *   at risk          an indicator whose likelihood is not 确定能, or whose
 *                    expected year-end value misses its target
 */
#ifndef JX_MONITOR_H
#define JX_MONITOR_H

#include <stdbool.h>
#include <stddef.h>

#include "../model/decl.h"
#include "score.h"

/* In order of gravity: the worst of two lights is the greater. */
enum light { LIGHT_GREEN, LIGHT_YELLOW, LIGHT_RED, LIGHT__MAX };
/* 绿灯, 黄灯, 红灯 */
const char *light_name(enum light l);
/* "green", "yellow", "red" */
const char *light_id(enum light l);
/* The light of an id ("green"…); LIGHT__MAX when unknown or "". */
enum light light_by_id(const char *id);

/* The deviation reasons and likelihoods of a monitoring table. */
enum deviation { DEV_NONE, DEV_FUNDS, DEV_RULES, DEV_STAFF, DEV_HARDWARE, DEV_OTHER, DEV__MAX };
enum likelihood { LIKELY_SURE, LIKELY_MAYBE, LIKELY_NO, LIKELY__MAX };
/* 经费保障, 制度保障, 人员保障, 硬件条件保障, 其他 ("" for none) */
const char *deviation_name(enum deviation d);
enum deviation deviation_by_name(const char *s);     /* DEV__MAX when unknown */
/* 确定能, 有可能, 完全不可能 */
const char *likelihood_name(enum likelihood l);
enum likelihood likelihood_by_name(const char *s);   /* LIKELY__MAX when unknown */

struct monitor_item_in {
	const char *so_far;         /* value so far (numeric: decimal; deadline: a date or "") */
	const char *expected;       /* expected year-end value (numeric: decimal) */
	enum deviation reason;
	const char *reason_text;
	enum likelihood likelihood;
};

struct monitor_rules {
	const char *red_below, *yellow_below;   /* percentages, "60", "80" */
};

struct monitor_input {
	const struct decl *decl;
	struct date as_of;          /* the round's date */
	struct amount budget;       /* not set: the declaration's funds.annual */
	struct amount executed;
	const struct monitor_item_in *items;    /* one per indicator */
	size_t n_items;
};

struct monitor_output {
	centi exec_rate;            /* percent, hundredths: 62.37% is 6237 */
	centi progress;             /* percent of the pace the date asks for */
	enum light budget_light;    /* of the progress */
	enum light light;           /* the project's: worst of budget_light and lights */
	bool *at_risk;              /* n_items, caller-provided */
	enum light *lights;         /* n_items, caller-provided; NULL when not wanted */
	size_t n_at_risk;
};

/* The days of d's year before d (0 on 01-01, 181 on 07-01 of 2023), and in
 * *of the days of that year (365, or 366 in a leap year). */
int monitor_elapsed(struct date d, int *of);

/* Computes the round; JX_EINPUT with a Chinese message in msg for input
 * that does not fit (counts, no budget, a date outside the year or on its
 * first day, when no time has elapsed to compare with). */
int monitor_compute(const struct monitor_input *in, const struct monitor_rules *rules,
                    struct monitor_output *out, char *msg, size_t n);

#endif
