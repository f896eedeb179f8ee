/*
 * test_monitor.c: monitoring rounds (monitor.h), one behaviour per row: the
 * days elapsed, the execution rate, progress against time, the budget's
 * light at and around its lines, each indicator's light, the project's
 * light (the worst of them) and the indicators at risk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/parse/value.h"
#include "../../src/score/monitor.h"
#include "../../src/util/err.h"

/* The days before the round's date over the days of its year. */
static void test_elapsed(void **state)
{
	static const struct {
		struct date d;
		int days, of;
	} rows[] = {
		{ { 2023, 1, 1 }, 0, 365 },     /* the first day: nothing elapsed yet */
		{ { 2023, 1, 2 }, 1, 365 },
		{ { 2023, 3, 1 }, 59, 365 },
		{ { 2023, 7, 1 }, 181, 365 },   /* not 7/12 */
		{ { 2023, 7, 31 }, 211, 365 },
		{ { 2023, 12, 31 }, 364, 365 },
		{ { 2024, 3, 1 }, 60, 366 },    /* a leap year */
		{ { 2024, 7, 1 }, 182, 366 },
		{ { 2024, 12, 31 }, 365, 366 },
		{ { 2000, 3, 1 }, 60, 366 },    /* divisible by 400: leap */
		{ { 2100, 3, 1 }, 59, 365 },    /* by 100 only: not */
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int of = 0, days = monitor_elapsed(rows[i].d, &of);
		if (days != rows[i].days || of != rows[i].of)
			fail_msg("row %zu (%d-%02d-%02d): %d/%d, want %d/%d", i, rows[i].d.y, rows[i].d.m,
			         rows[i].d.d, days, of, rows[i].days, rows[i].of);
	}
}

/* The budget's light (no indicators: the project's is the budget's). */
static void test_lights(void **state)
{
	static const struct {
		struct date as_of;
		long long budget, executed;     /* fen */
		centi rate, progress;
		enum light light;
	} rows[] = {
		{ { 2023, 7, 31 }, 481000000, 200000000, 4158, 7193, LIGHT_YELLOW },  /* 41.58% over 211/365 */
		{ { 2023, 7, 31 }, 481000000, 150000000, 3119, 5395, LIGHT_RED },
		{ { 2023, 7, 31 }, 481000000, 250000000, 5198, 8991, LIGHT_GREEN },
		{ { 2023, 7, 1 }, 481000000, 250000000, 5198, 10481, LIGHT_GREEN },   /* 181/365 */
		{ { 2023, 7, 1 }, 36500000, 10860000, 2975, 6000, LIGHT_YELLOW },     /* exactly 60: yellow */
		{ { 2023, 7, 1 }, 36500000, 10859999, 2975, 6000, LIGHT_RED },        /* 59.99999…: red, shown 60 */
		{ { 2023, 7, 1 }, 36500000, 14480000, 3967, 8000, LIGHT_GREEN },      /* exactly 80: green */
		{ { 2023, 12, 31 }, 100000, 120000, 12000, 12033, LIGHT_GREEN },      /* over the budget, 364/365 */
		{ { 2023, 1, 2 }, 100000, 0, 0, 0, LIGHT_RED },                       /* 1/365 */
		{ { 2024, 7, 1 }, 481000000, 250000000, 5198, 10452, LIGHT_GREEN },   /* leap year: 182/366 */
		{ { 2024, 12, 31 }, 100000, 100000, 10000, 10027, LIGHT_GREEN },      /* 365/366 */
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct decl d;
		struct monitor_input in = { .decl = &d };
		struct monitor_output out = { 0 };
		struct monitor_rules rules = { "60", "80" };
		char msg[128];

		decl_init(&d);
		d.year = rows[i].as_of.y;
		in.as_of = rows[i].as_of;
		in.budget = (struct amount){ rows[i].budget, true };
		in.executed = (struct amount){ rows[i].executed, true };
		assert_int_equal(monitor_compute(&in, &rules, &out, msg, sizeof(msg)), 0);
		if (out.exec_rate != rows[i].rate || out.progress != rows[i].progress ||
		    out.light != rows[i].light || out.budget_light != rows[i].light)
			fail_msg("row %zu: rate %lld progress %lld light %d, want %lld %lld %d", i,
			         (long long)out.exec_rate, (long long)out.progress, out.light,
			         (long long)rows[i].rate, (long long)rows[i].progress, rows[i].light);
	}
}

/* One indicator's light at 2023-07-31 (211/365 elapsed), the budget green:
 * the project's light is the indicator's. */
/* d: a 2023 declaration of one 产出 indicator whose target is `value`, in a. */
static void one_indicator(struct decl *d, struct arena *a, const char *value)
{
	struct indicator *ind;

	arena_init(a, 1024);
	decl_init(d);
	d->year = 2023;
	ind = decl_add_indicator(d, a);
	ind->level1 = "产出指标";
	ind->name = "指标";
	ind->value = value;
	value_parse(ind->value, strlen(ind->value), 2023, a, &ind->target);
}

static void test_indicator_lights(void **state)
{
	static const struct {
		const char *value, *so_far, *expected;
		enum likelihood likely;
		enum light light;
	} rows[] = {
		{ "=15个", "15", "15", LIKELY_SURE, LIGHT_GREEN },      /* pace 172.99 */
		{ "=91个", "60", "91", LIKELY_SURE, LIGHT_GREEN },      /* 60/91 / (211/365): 114.06 */
		{ "=91个", "40", "91", LIKELY_SURE, LIGHT_YELLOW },     /* 76.04 */
		{ "=91个", "30", "91", LIKELY_SURE, LIGHT_RED },        /* 57.03 */
		{ ">=365个", "126.6", "365", LIKELY_SURE, LIGHT_YELLOW },  /* exactly 60 */
		{ ">=365个", "126.5", "365", LIKELY_SURE, LIGHT_RED },     /* 59.95 */
		{ ">=365个", "168.8", "365", LIKELY_SURE, LIGHT_GREEN },   /* exactly 80 */
		{ ">=12次", "7", "12", LIKELY_SURE, LIGHT_GREEN },      /* 100.91 */
		{ ">=90%", "85", "92", LIKELY_SURE, LIGHT_GREEN },      /* 163.38 */
		{ "=91个", "60", "88", LIKELY_SURE, LIGHT_YELLOW },     /* expected misses the target */
		{ "=91个", "60", "88", LIKELY_MAYBE, LIGHT_YELLOW },
		{ "=91个", "60", "91", LIKELY_MAYBE, LIGHT_YELLOW },    /* 有可能: at least yellow */
		{ "=91个", "30", "91", LIKELY_MAYBE, LIGHT_RED },       /* and red by its pace */
		{ "=91个", "60", "91", LIKELY_NO, LIGHT_RED },          /* 完全不可能: red */
		{ "=91个", "", "", LIKELY_SURE, LIGHT_GREEN },          /* blank: not known yet */
		{ "提升", "", "", LIKELY_SURE, LIGHT_GREEN },
		{ "提升", "已提升", "", LIKELY_MAYBE, LIGHT_YELLOW },
		{ "提升", "", "", LIKELY_NO, LIGHT_RED },
		{ "2023年7月前", "2023-05-20", "", LIKELY_SURE, LIGHT_GREEN },
		{ "2023年7月前", "2023-06-30", "", LIKELY_SURE, LIGHT_GREEN },  /* the last day that meets it */
		{ "2023年7月前", "2023-07-03", "", LIKELY_SURE, LIGHT_RED },    /* done late */
		{ "2023年7月前", "", "", LIKELY_SURE, LIGHT_GREEN },
		{ "<=800元/人", "900", "790", LIKELY_SURE, LIGHT_GREEN },   /* no pace for a ceiling */
		{ "<=800元/人", "", "820", LIKELY_SURE, LIGHT_YELLOW },     /* expected over it */
		{ "=0起", "0", "0", LIKELY_SURE, LIGHT_GREEN },              /* no pace for a zero */
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct arena a;
		struct decl d;
		struct monitor_item_in item = { rows[i].so_far, rows[i].expected, DEV_NONE, "", rows[i].likely };
		struct monitor_input in = { .decl = &d, .items = &item, .n_items = 1 };
		bool risk = false;
		enum light light = LIGHT__MAX;
		struct monitor_output out = { .at_risk = &risk, .lights = &light };
		struct monitor_rules rules = { "60", "80" };
		char msg[128];

		one_indicator(&d, &a, rows[i].value);
		in.as_of = (struct date){ 2023, 7, 31 };
		in.budget = (struct amount){ 100, true };
		in.executed = (struct amount){ 100, true };
		assert_int_equal(monitor_compute(&in, &rules, &out, msg, sizeof(msg)), 0);
		if (light != rows[i].light || out.light != rows[i].light || out.budget_light != LIGHT_GREEN)
			fail_msg("row %zu (%s, so far %s, expected %s): light %d project %d, want %d", i,
			         rows[i].value, rows[i].so_far, rows[i].expected, light, out.light, rows[i].light);
		arena_release(&a);
	}
}

/* The project's light: the worst of the budget's and the indicators'. */
static void test_project_light(void **state)
{
	static const struct {
		long long executed;             /* of 100,000.00 at 2023-07-31 */
		enum likelihood a, b;
		enum light budget, project;
	} rows[] = {
		{ 10000000, LIKELY_SURE, LIKELY_SURE, LIGHT_GREEN, LIGHT_GREEN },
		{ 10000000, LIKELY_SURE, LIKELY_MAYBE, LIGHT_GREEN, LIGHT_YELLOW },
		{ 10000000, LIKELY_NO, LIKELY_MAYBE, LIGHT_GREEN, LIGHT_RED },
		{ 4000000, LIKELY_SURE, LIKELY_SURE, LIGHT_YELLOW, LIGHT_YELLOW },     /* 69.19 */
		{ 4000000, LIKELY_SURE, LIKELY_NO, LIGHT_YELLOW, LIGHT_RED },
		{ 3000000, LIKELY_MAYBE, LIKELY_SURE, LIGHT_RED, LIGHT_RED },          /* 51.90 */
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct arena a;
		struct decl d;
		struct monitor_item_in items[2] = { { "", "", DEV_NONE, "", rows[i].a },
			                                 { "", "", DEV_NONE, "", rows[i].b } };
		struct monitor_input in = { .decl = &d, .items = items, .n_items = 2 };
		bool risk[2];
		enum light lights[2];
		struct monitor_output out = { .at_risk = risk, .lights = lights };
		struct monitor_rules rules = { "60", "80" };
		char msg[128];

		arena_init(&a, 1024);
		decl_init(&d);
		d.year = 2023;
		for (int k = 0; k < 2; k++) {
			struct indicator *ind = decl_add_indicator(&d, &a);
			ind->level1 = "效益指标";
			ind->name = "指标";
			ind->value = "提升";
			value_parse(ind->value, strlen(ind->value), 2023, &a, &ind->target);
		}
		in.as_of = (struct date){ 2023, 7, 31 };
		in.budget = (struct amount){ 10000000, true };
		in.executed = (struct amount){ rows[i].executed, true };
		assert_int_equal(monitor_compute(&in, &rules, &out, msg, sizeof(msg)), 0);
		if (out.budget_light != rows[i].budget || out.light != rows[i].project)
			fail_msg("row %zu: budget %d project %d, want %d %d", i, out.budget_light, out.light,
			         rows[i].budget, rows[i].project);
		arena_release(&a);
	}
}

static void test_at_risk(void **state)
{
	static const struct {
		const char *value, *expected;
		enum likelihood likely;
		bool risk;
	} rows[] = {
		{ "=15个", "15", LIKELY_SURE, false },
		{ "=15个", "12", LIKELY_SURE, true },     /* expected short of the target */
		{ ">=30个", "31", LIKELY_SURE, false },
		{ ">30个", "30", LIKELY_SURE, true },
		{ "<=800元/人", "820", LIKELY_SURE, true },
		{ "<=800元/人", "800", LIKELY_SURE, false },
		{ "=15个", "15", LIKELY_MAYBE, true },     /* 有可能 is at risk */
		{ "提升", "", LIKELY_SURE, false },
		{ "提升", "", LIKELY_NO, true },
		{ "2023年7月前", "", LIKELY_SURE, false },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct arena a;
		struct decl d;
		struct monitor_item_in item = { "", rows[i].expected, DEV_NONE, "", rows[i].likely };
		struct monitor_input in = { .decl = &d, .items = &item, .n_items = 1 };
		bool risk = false;
		struct monitor_output out = { .at_risk = &risk };
		struct monitor_rules rules = { "60", "80" };
		char msg[128];

		one_indicator(&d, &a, rows[i].value);
		in.as_of = (struct date){ 2023, 7, 31 };
		in.budget = (struct amount){ 100, true };
		in.executed = (struct amount){ 50, true };
		assert_int_equal(monitor_compute(&in, &rules, &out, msg, sizeof(msg)), 0);
		if (risk != rows[i].risk || out.n_at_risk != (size_t)rows[i].risk)
			fail_msg("row %zu (%s, expected %s): at risk %d, want %d", i, rows[i].value,
			         rows[i].expected, risk, rows[i].risk);
		arena_release(&a);
	}
}

static void test_refusals(void **state)
{
	struct decl d;
	struct monitor_input in = { .decl = &d };
	struct monitor_output out = { 0 };
	struct monitor_rules rules = { "60", "80" };
	char msg[128];

	decl_init(&d);
	d.year = 2023;
	in.as_of = (struct date){ 2024, 1, 31 };
	in.budget = (struct amount){ 100, true };
	in.executed = (struct amount){ 50, true };
	assert_int_equal(monitor_compute(&in, &rules, &out, msg, sizeof(msg)), JX_EINPUT);
	assert_string_equal(msg, "监控日期应在申报年度 2023 年之内");
	in.as_of.y = 2023;
	in.budget.set = false;
	assert_int_equal(monitor_compute(&in, &rules, &out, msg, sizeof(msg)), JX_EINPUT);
	assert_string_equal(msg, "缺少预算数（或申报表的年度资金申请总额）");
	in.budget.set = true;
	in.as_of = (struct date){ 2023, 1, 1 };
	assert_int_equal(monitor_compute(&in, &rules, &out, msg, sizeof(msg)), JX_EINPUT);
	assert_string_equal(msg, "监控日期不能是 2023 年 1 月 1 日：年度还没有经过的天数，无法与时间进度比较");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elapsed),
		cmocka_unit_test(test_lights),
		cmocka_unit_test(test_indicator_lights),
		cmocka_unit_test(test_project_light),
		cmocka_unit_test(test_at_risk),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
