/*
 * test_monitor.c: monitoring rounds (monitor.h), one behaviour per row: the
 * execution rate, progress against time, the light at and around its
 * lines, and the indicators at risk.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/parse/value.h"
#include "../../src/score/monitor.h"
#include "../../src/util/err.h"

static void test_lights(void **state)
{
	static const struct {
		int month;
		long long budget, executed;     /* fen */
		centi rate, progress;
		enum light light;
	} rows[] = {
		{ 7, 481000000, 200000000, 4158, 7128, LIGHT_YELLOW },   /* 41.58% in July */
		{ 7, 481000000, 150000000, 3119, 5346, LIGHT_RED },
		{ 7, 481000000, 250000000, 5198, 8910, LIGHT_GREEN },
		{ 6, 120000000, 36000000, 3000, 6000, LIGHT_YELLOW },    /* exactly 60: yellow */
		{ 6, 120000000, 35999999, 3000, 6000, LIGHT_RED },       /* 59.99998…: red, shown 60 */
		{ 6, 120000000, 48000000, 4000, 8000, LIGHT_GREEN },     /* exactly 80: green */
		{ 12, 100000, 120000, 12000, 12000, LIGHT_GREEN },       /* over the budget */
		{ 1, 100000, 0, 0, 0, LIGHT_RED },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct decl d;
		struct monitor_input in = { .decl = &d };
		struct monitor_output out = { 0 };
		struct monitor_rules rules = { "60", "80" };
		char msg[128];

		decl_init(&d);
		d.year = 2023;
		in.as_of = (struct date){ 2023, rows[i].month, 28 };
		in.budget = (struct amount){ rows[i].budget, true };
		in.executed = (struct amount){ rows[i].executed, true };
		assert_int_equal(monitor_compute(&in, &rules, &out, msg, sizeof(msg)), 0);
		if (out.exec_rate != rows[i].rate || out.progress != rows[i].progress ||
		    out.light != rows[i].light)
			fail_msg("row %zu: rate %lld progress %lld light %d, want %lld %lld %d", i,
			         (long long)out.exec_rate, (long long)out.progress, out.light,
			         (long long)rows[i].rate, (long long)rows[i].progress, rows[i].light);
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
		struct indicator *ind;
		char msg[128];

		arena_init(&a, 1024);
		decl_init(&d);
		d.year = 2023;
		ind = decl_add_indicator(&d, &a);
		ind->level1 = "产出指标";
		ind->name = "指标";
		ind->value = rows[i].value;
		value_parse(ind->value, strlen(ind->value), 2023, &a, &ind->target);
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
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lights),
		cmocka_unit_test(test_at_risk),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
