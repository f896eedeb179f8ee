/*
 * test_score.c: the self-evaluation scoring of score.h, one behaviour per
 * row: every kind of target, A = 0, B = 0, a reverse target missed by 2×
 * under both formulas, rounding, band limits, redistribution, the budget,
 * and the refusals with their exact messages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "../../src/parse/value.h"
#include "../../src/review/profile.h"
#include "../../src/score/score.h"
#include "../../src/util/err.h"

/* rows name only the fields they need; the rest are zero on purpose */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define MAX_IND 8

/* An indicator: its 一级 and value; a result for it. */
struct ind_spec {
	const char *level1, *value;
	const char *actual;
	bool na;
	enum score_band band;
	const char *pct, *reason;
	const char *weight;         /* 分值; NULL: the even split */
};

struct row {
	const char *what;
	struct ind_spec ind[MAX_IND];
	int weights[4];                 /* all 0: the defaults */
	long long annual, executed;     /* fen */
	enum reverse_formula reverse;
	int rc;                         /* 0 or JX_EINPUT */
	const char *msg;                /* on rc */
	centi budget, scores[MAX_IND], points[MAX_IND], total;
	centi rate;                     /* the execution rate; 0: not checked */
	unsigned flags[MAX_IND];
	const char *grade;
	const char *budget_reason;
	unsigned budget_flags;
};

static void run(const struct row *r)
{
	struct arena a;
	struct decl d;
	struct score_result_in res[MAX_IND] = { 0 };
	struct score_indicator outi[MAX_IND] = { 0 };
	struct score_output out = { .ind = outi };
	struct score_rules rules = { r->reverse, "1.5", "90", "80", "60", { 10, 50, 30, 10 }, "0.90" };
	struct score_input in = { .decl = &d, .results = res };
	char msg[256] = "";
	int rc;

	arena_init(&a, 4096);
	decl_init(&d);
	d.year = 2023;
	d.funds[FUND_ANNUAL] = (struct amount){ r->annual ? r->annual : 100000, true };
	in.executed = (struct amount){ r->executed ? r->executed : 100000, true };
	memcpy(in.weights, r->weights, sizeof(in.weights));
	in.budget_reason = r->budget_reason;
	for (size_t i = 0; i < MAX_IND && r->ind[i].level1; i++) {
		struct indicator *ind = decl_add_indicator(&d, &a);
		ind->level1 = r->ind[i].level1;
		ind->level2 = "二级";
		ind->name = "指标";
		ind->value = r->ind[i].value;
		assert_int_equal(value_parse(ind->value, strlen(ind->value), 2023, &a, &ind->target), 0);
		res[i] = (struct score_result_in){ r->ind[i].actual, !r->ind[i].na, r->ind[i].band,
			                               r->ind[i].pct, r->ind[i].reason ? r->ind[i].reason : "",
			                               r->ind[i].weight };
		in.n_results++;
	}
	rc = score_compute(&in, &rules, &out, msg, sizeof(msg));
	if (rc != r->rc)
		fail_msg("%s: rc %d, want %d (%s)", r->what, rc, r->rc, msg);
	if (rc) {
		if (strcmp(msg, r->msg) != 0)
			fail_msg("%s: message \"%s\", want \"%s\"", r->what, msg, r->msg);
		arena_release(&a);
		return;
	}
	if (r->rate && out.exec_rate != r->rate)
		fail_msg("%s: execution rate %lld, want %lld", r->what, (long long)out.exec_rate,
		         (long long)r->rate);
	if (out.budget_flags != r->budget_flags)
		fail_msg("%s: budget flags %u, want %u", r->what, out.budget_flags, r->budget_flags);
	if (out.budget_score != r->budget)
		fail_msg("%s: budget score %lld, want %lld", r->what, (long long)out.budget_score,
		         (long long)r->budget);
	for (size_t i = 0; i < d.n_ind; i++) {
		if (outi[i].score != r->scores[i] || outi[i].points != r->points[i] ||
		    outi[i].flags != r->flags[i])
			fail_msg("%s: indicator %zu: points %lld score %lld flags %u, want %lld %lld %u",
			         r->what, i, (long long)outi[i].points, (long long)outi[i].score,
			         outi[i].flags, (long long)r->points[i], (long long)r->scores[i], r->flags[i]);
	}
	if (out.total != r->total || strcmp(out.grade, r->grade) != 0)
		fail_msg("%s: total %lld %s, want %lld %s", r->what, (long long)out.total, out.grade,
		         (long long)r->total, r->grade);
	arena_release(&a);
}

#define O "产出指标"
#define B "效益指标"
#define S "满意度指标"
/* one output indicator worth 50 + one benefit (30, met) + one satisfaction (10, met) */
#define REST { B, ">=90%", "95" }, { S, ">=90%", "92" }

static void test_targets(void **state)
{
	static const struct row rows[] = {
		{ "positive met", { { O, ">=30个", "30" }, REST }, .budget = 1000,
		  .points = { 5000, 3000, 1000 }, .scores = { 5000, 3000, 1000 }, .total = 10000, .grade = "优" },
		{ "positive short: B/A×W", { { O, ">=30个", "24" }, REST }, .budget = 1000,
		  .points = { 5000, 3000, 1000 }, .scores = { 4000, 3000, 1000 }, .flags = { FLAG_NEEDS_REASON },
		  .total = 9000, .grade = "优" },
		{ "positive short with a reason", { { O, ">=30个", "24", .reason = "资金晚到" }, REST }, .budget = 1000,
		  .points = { 5000, 3000, 1000 }, .scores = { 4000, 3000, 1000 }, .total = 9000, .grade = "优" },
		{ "B = 0", { { O, ">=30个", "0", .reason = "未开展" }, REST }, .budget = 1000,
		  .points = { 5000, 3000, 1000 }, .scores = { 0, 3000, 1000 }, .total = 5000, .grade = "差" },
		{ "= over: full points, flagged at 1.5×, a reason needed", { { O, "=20个", "30" }, REST }, .budget = 1000,
		  .points = { 5000, 3000, 1000 }, .scores = { 5000, 3000, 1000 },
		  .flags = { FLAG_OVER_ACHIEVED | FLAG_NEEDS_REASON }, .total = 10000, .grade = "优" },
		{ "= over with a reason: still flagged over_achieved", { { O, "=20个", "30", .reason = "需求增加" }, REST },
		  .budget = 1000, .points = { 5000, 3000, 1000 }, .scores = { 5000, 3000, 1000 },
		  .flags = { FLAG_OVER_ACHIEVED }, .total = 10000, .grade = "优" },
		{ "= just under 1.5×: no flag", { { O, "=20个", "29.99" }, REST }, .budget = 1000,
		  .points = { 5000, 3000, 1000 }, .scores = { 5000, 3000, 1000 }, .total = 10000, .grade = "优" },
		{ "=0 met", { { O, "=0起", "0" }, REST }, .budget = 1000,
		  .points = { 5000, 3000, 1000 }, .scores = { 5000, 3000, 1000 }, .total = 10000, .grade = "优" },
		{ "=0 missed", { { O, "=0起", "1", .reason = "发生1起" }, REST }, .budget = 1000,
		  .points = { 5000, 3000, 1000 }, .scores = { 0, 3000, 1000 }, .total = 5000, .grade = "差" },
		{ ">=0 (A = 0) met", { { O, ">=0个", "0" }, REST }, .budget = 1000,
		  .points = { 5000, 3000, 1000 }, .scores = { 5000, 3000, 1000 }, .total = 10000, .grade = "优" },
		{ "reverse met", { { O, "<=800元/人", "800" }, REST }, .budget = 1000,
		  .points = { 5000, 3000, 1000 }, .scores = { 5000, 3000, 1000 }, .total = 10000, .grade = "优" },
		{ "reverse far under: flagged, a reason needed", { { O, "<=800元/人", "500" }, REST }, .budget = 1000,
		  .points = { 5000, 3000, 1000 }, .scores = { 5000, 3000, 1000 },
		  .flags = { FLAG_OVER_ACHIEVED | FLAG_NEEDS_REASON }, .total = 10000, .grade = "优" },
		{ "reverse missed by 2×, ratio: A/B×W", { { O, "<=800元/人", "1600", .reason = "涨价" }, REST },
		  .budget = 1000, .points = { 5000, 3000, 1000 }, .scores = { 2500, 3000, 1000 }, .total = 7500, .grade = "中" },
		{ "reverse missed by 2×, linear: 0", { { O, "<=800元/人", "1600", .reason = "涨价" }, REST },
		  .reverse = REVERSE_LINEAR, .budget = 1000, .points = { 5000, 3000, 1000 }, .scores = { 0, 3000, 1000 },
		  .total = 5000, .grade = "差" },
		{ "reverse missed by 1.5×, linear: W/2", { { O, "<=800元/人", "1200", .reason = "涨价" }, REST },
		  .reverse = REVERSE_LINEAR, .budget = 1000, .points = { 5000, 3000, 1000 }, .scores = { 2500, 3000, 1000 },
		  .total = 7500, .grade = "中" },
		{ "deadline met", { { O, "2023年7月前", "2023-06-30" }, REST }, .budget = 1000,
		  .points = { 5000, 3000, 1000 }, .scores = { 5000, 3000, 1000 }, .total = 10000, .grade = "优" },
		{ "deadline a day late", { { O, "2023年7月前", "2023-07-01", .reason = "晚了" }, REST }, .budget = 1000,
		  .points = { 5000, 3000, 1000 }, .scores = { 0, 3000, 1000 }, .total = 5000, .grade = "差" },
		{ "deadline never", { { O, "2023年7月前", NULL }, REST }, .budget = 1000,
		  .points = { 5000, 3000, 1000 }, .scores = { 0, 3000, 1000 }, .flags = { FLAG_NEEDS_REASON },
		  .total = 5000, .grade = "差" },
		{ "qualitative achieved 100", { { O, "提升", .band = BAND_ACHIEVED, .pct = "100" }, REST }, .budget = 1000,
		  .points = { 5000, 3000, 1000 }, .scores = { 5000, 3000, 1000 }, .total = 10000, .grade = "优" },
		{ "qualitative achieved 80 (lower limit)", { { O, "提升", .band = BAND_ACHIEVED, .pct = "80", .reason = "x" }, REST },
		  .budget = 1000, .points = { 5000, 3000, 1000 }, .scores = { 4000, 3000, 1000 }, .total = 9000, .grade = "优" },
		{ "qualitative partial 60 (lower limit, 10号)", { { O, "提升", .band = BAND_PARTIAL, .pct = "60", .reason = "x" }, REST },
		  .budget = 1000, .points = { 5000, 3000, 1000 }, .scores = { 3000, 3000, 1000 }, .total = 8000, .grade = "良" },
		{ "qualitative missed 59.99", { { O, "提升", .band = BAND_MISSED, .pct = "59.99", .reason = "x" }, REST },
		  .budget = 1000, .points = { 5000, 3000, 1000 }, .scores = { 3000, 3000, 1000 }, .total = 8000, .grade = "良" },
		{ "qualitative missed 0", { { O, "提升", .band = BAND_MISSED, .pct = "0", .reason = "x" }, REST },
		  .budget = 1000, .points = { 5000, 3000, 1000 }, .scores = { 0, 3000, 1000 }, .total = 5000, .grade = "差" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		run(&rows[i]);
}

static void test_points_and_rounding(void **state)
{
	static const struct row rows[] = {
		{ "three outputs: 50/3 each, 2/3 of one: 11.11",
		  { { O, ">=3个", "2", .reason = "x" }, { O, ">=3个", "3" }, { O, ">=3个", "3" }, REST },
		  .budget = 1000, .points = { 1667, 1667, 1667, 3000, 1000 },
		  .scores = { 1111, 1667, 1667, 3000, 1000 }, .total = 9445, .grade = "优" },
		{ "half-up: 1/8 of 1 point is 0.13",
		  { { O, ">=8个", "1", .reason = "x" }, REST }, .weights = { 10, 1, 79, 10 },
		  .budget = 1000, .points = { 100, 7900, 1000 }, .scores = { 13, 7900, 1000 }, .total = 9913, .grade = "优" },
		{ "no 满意度: its 10 go to 产出 and 效益 in proportion (56.25, 33.75)",
		  { { O, ">=1个", "1" }, { B, ">=1个", "1" } }, .budget = 1000,
		  .points = { 5625, 3375 }, .scores = { 5625, 3375 }, .total = 10000, .grade = "优" },
		{ "not applicable: dropped, the others rescaled to 90",
		  { { O, ">=1个", "1", .na = true }, { O, ">=1个", "1" }, REST }, .budget = 1000,
		  .points = { 0, 3462, 4154, 1385 }, .scores = { 0, 3462, 4154, 1385 },
		  .flags = { FLAG_NOT_APPLICABLE }, .total = 10001, .grade = "优" },
		{ "budget: execution above the budget is capped (the rate is not)", { { O, ">=1个", "1" }, REST },
		  .annual = 100000, .executed = 150000, .budget = 1000, .rate = 15000, .points = { 5000, 3000, 1000 },
		  .scores = { 5000, 3000, 1000 }, .total = 10000, .grade = "优" },
		{ "budget: 9.36 for 4,500,000 of 4,810,000", { { O, ">=1个", "1" }, REST },
		  .annual = 481000000, .executed = 450000000, .budget = 936, .rate = 9356, .points = { 5000, 3000, 1000 },
		  .scores = { 5000, 3000, 1000 }, .total = 9936, .grade = "优" },
		{ "grade limits: 80 is 良", { { O, ">=10个", "6", .reason = "x" }, REST },
		  .budget = 1000, .points = { 5000, 3000, 1000 }, .scores = { 3000, 3000, 1000 }, .total = 8000, .grade = "良" },
		{ "grade limits: 79.99 is 中", { { O, ">=5000个", "2999", .reason = "x" }, REST },
		  .budget = 1000, .points = { 5000, 3000, 1000 }, .scores = { 2999, 3000, 1000 }, .total = 7999, .grade = "中" },
		{ "own 分值 replace the even split (60/20/10 + 10)",
		  { { O, ">=30个", "24", .reason = "x", .weight = "60" }, { B, ">=90%", "95", .weight = "20" },
		    { S, ">=90%", "92", .weight = "10" } },
		  .budget = 1000, .points = { 6000, 2000, 1000 }, .scores = { 4800, 2000, 1000 }, .total = 8800, .grade = "良" },
		{ "own 分值 with decimals; a not-applicable one needs none",
		  { { O, ">=3个", "2", .reason = "x", .weight = "44.5" }, { O, ">=1个", "1", .na = true },
		    { B, ">=90%", "95", .weight = "35.5" }, { S, ">=90%", "92", .weight = "10" } },
		  .budget = 1000, .points = { 4450, 0, 3550, 1000 }, .scores = { 2967, 0, 3550, 1000 },
		  .flags = { 0, FLAG_NOT_APPLICABLE }, .total = 8517, .grade = "良" },
		{ "budget below 90%: needs_reason", { { O, ">=1个", "1" }, REST },
		  .annual = 100000, .executed = 89999, .budget = 900, .rate = 9000, .budget_flags = FLAG_NEEDS_REASON,
		  .points = { 5000, 3000, 1000 }, .scores = { 5000, 3000, 1000 }, .total = 9900, .grade = "优" },
		{ "budget below 90% with budget.reason: no flag", { { O, ">=1个", "1" }, REST },
		  .annual = 100000, .executed = 89999, .budget = 900, .rate = 9000, .budget_reason = "结余收回",
		  .points = { 5000, 3000, 1000 }, .scores = { 5000, 3000, 1000 }, .total = 9900, .grade = "优" },
		{ "budget at 90%: no flag", { { O, ">=1个", "1" }, REST },
		  .annual = 100000, .executed = 90000, .budget = 900, .rate = 9000,
		  .points = { 5000, 3000, 1000 }, .scores = { 5000, 3000, 1000 }, .total = 9900, .grade = "优" },
		{ "差 below 60", { { O, ">=5000个", "1", .reason = "x" }, { B, ">=90%", "50", .reason = "x" }, { S, ">=90%", "92" } },
		  .budget = 1000, .points = { 5000, 3000, 1000 }, .scores = { 1, 1667, 1000 }, .total = 3668, .grade = "差" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		run(&rows[i]);
}

static void test_refusals(void **state)
{
	static const struct row rows[] = {
		{ "weights must add up to 100", { { O, ">=1个", "1" }, REST }, .weights = { 10, 50, 30, 20 },
		  .rc = JX_EINPUT, .msg = "权重之和应为 100，实为 110" },
		{ "a numeric target needs a number", { { O, ">=1个", "一个" }, REST },
		  .rc = JX_EINPUT, .msg = "第 1 个指标“指标”：实际完成值“一个”不是数字" },
		{ "a numeric target needs an actual", { { O, ">=1个", NULL }, REST },
		  .rc = JX_EINPUT, .msg = "第 1 个指标“指标”：缺少实际完成值" },
		{ "partial excludes 80", { { O, "提升", .band = BAND_PARTIAL, .pct = "80" }, REST },
		  .rc = JX_EINPUT, .msg = "第 1 个指标“指标”：得分比例 80% 不在所选档次（60%–80%，不含上限）之内" },
		{ "partial starts at 60 (10号; not 50)", { { O, "提升", .band = BAND_PARTIAL, .pct = "59.9" }, REST },
		  .rc = JX_EINPUT, .msg = "第 1 个指标“指标”：得分比例 59.9% 不在所选档次（60%–80%，不含上限）之内" },
		{ "missed excludes 60", { { O, "提升", .band = BAND_MISSED, .pct = "60" }, REST },
		  .rc = JX_EINPUT, .msg = "第 1 个指标“指标”：得分比例 60% 不在所选档次（0%–60%，不含上限）之内" },
		{ "分值: all or none", { { O, ">=1个", "1", .weight = "80" }, REST },
		  .rc = JX_EINPUT, .msg = "第 2 个指标“指标”没有分值：分值须每个适用指标都填或都不填（3 个适用指标中 1 个已填）" },
		{ "分值 and the budget add up to 100", { { O, ">=1个", "1", .weight = "60" },
		    { B, ">=90%", "95", .weight = "20" }, { S, ">=90%", "92", .weight = "20" } },
		  .rc = JX_EINPUT, .msg = "各指标分值之和 100 加预算执行率分值 10 为 110，应为 100" },
		{ "分值 is a number of at most two decimals", { { O, ">=1个", "1", .weight = "60.125" },
		    { B, ">=90%", "95", .weight = "20" }, { S, ">=90%", "92", .weight = "10" } },
		  .rc = JX_EINPUT, .msg = "第 1 个指标“指标”：分值“60.125”应为不小于 0、最多两位小数的数" },
		{ "achieved starts at 80", { { O, "提升", .band = BAND_ACHIEVED, .pct = "79.9" }, REST },
		  .rc = JX_EINPUT, .msg = "第 1 个指标“指标”：得分比例 79.9% 不在所选档次（80%–100%）之内" },
		{ "a qualitative target needs a band", { { O, "提升" }, REST },
		  .rc = JX_EINPUT, .msg = "第 1 个指标“指标”是定性指标：需要评价档次 band（achieved、partial 或 missed）" },
		{ "a deadline needs a date", { { O, "2023年7月前", "七月" }, REST },
		  .rc = JX_EINPUT, .msg = "第 1 个指标“指标”：完成日期“七月”应为 YYYY-MM-DD" },
		{ "an unknown 一级", { { "投入指标", ">=1个", "1" }, REST },
		  .rc = JX_EINPUT, .msg = "第 1 个指标的一级指标“投入指标”不在评分权重之中（产出、成本、效益、满意度）" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		run(&rows[i]);
}

/* The profile's score block: the built-in one's defaults and sources, and
 * a profile file's mistakes refused with the key. */
static void test_profile_rules(void **state)
{
	static const struct {
		const char *what, *key, *value;     /* score.KEY set to the JSON VALUE; NULL: deleted */
		const char *err;                    /* NULL: loads */
	} rows[] = {
		{ "the built-in block loads", NULL, NULL, NULL },
		{ "weights must add up to 100", "weights",
		  "{\"budget\": 10, \"output\": 50, \"benefit\": 30, \"satisfaction\": 0}",
		  "方案文件 t.json：score.weights：之和应为 100 \"{\"budget\":10,\"output\":50,\"benefit\":30,\"satisfaction\":0}\"" },
		{ "weights name all four", "weights", "{\"budget\": 10, \"output\": 90}",
		  "方案文件 t.json：score.weights：应为对象 {\"budget\": 10, \"output\": 50, \"benefit\": 30, \"satisfaction\": 10} \"{\"budget\":10,\"output\":90}\"" },
		{ "execution_reason_below is a decimal string", "execution_reason_below", "1",
		  "方案文件 t.json：score.execution_reason_below：应为写成字符串的非负数，如 \"85\" \"1\"" },
		{ "a source starts with its tag", "sources",
		  "{\"reverse_formula\": \"地方：x\", \"over_achieved_ratio\": \"本系统的选择\", \"grades\": \"中央：y\", "
		  "\"weights\": \"中央：z\", \"execution_reason_below\": \"地方：w\"}",
		  "方案文件 t.json：score.sources.over_achieved_ratio：应以“中央：”“地方：”或“待核实：”开头，说明来源 \"本系统的选择\"" },
		{ "every score key has a source", "sources", "{\"reverse_formula\": \"地方：x\"}",
		  "方案文件 t.json：score.sources.over_achieved_ratio：缺少此项：每项评分设置都须注明出处（以“中央：”“地方：”或“待核实：”开头）" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct strbuf err = STRBUF_INIT;
		struct profile *p = NULL;
		json_t *root = json_load_file("profiles/shanghai-2023.json", 0, NULL), *score;
		char *text;
		int rc;

		assert_non_null(root);
		score = json_object_get(root, "score");
		if (rows[i].key)
			json_object_set_new(score, rows[i].key, json_loads(rows[i].value, JSON_DECODE_ANY, NULL));
		text = json_dumps(root, 0);
		rc = profile_parse(text, strlen(text), "t.json", &p, &err);
		if (!rows[i].err) {
			struct score_rules r;
			if (rc)
				fail_msg("%s: %s", rows[i].what, err.buf);
			r = profile_score_rules(p);
			assert_int_equal(r.weights[0], 10);
			assert_int_equal(r.weights[1], 50);
			assert_int_equal(r.weights[2], 30);
			assert_int_equal(r.weights[3], 10);
			assert_string_equal(r.exec_reason_below, "0.90");
			assert_string_equal(r.over_ratio, "1.5");
		} else if (rc != JX_EINPUT || strcmp(err.buf, rows[i].err) != 0) {
			fail_msg("%s: rc %d \"%s\", want \"%s\"", rows[i].what, rc, err.buf, rows[i].err);
		}
		profile_free(p);
		free(text);
		json_decref(root);
		sb_release(&err);
	}
}

/* A profile without default weights: the input must give its own. */
static void test_no_default_weights(void **state)
{
	struct arena a;
	struct decl d;
	struct score_result_in res[1] = { { "1", true, BAND_NONE, NULL, "", NULL } };
	struct score_indicator outi[1];
	struct score_output out = { .ind = outi };
	struct score_rules rules = { REVERSE_RATIO, "1.5", "90", "80", "60", { 0 }, NULL };
	struct score_input in = { .decl = &d, .results = res, .n_results = 1 };
	struct indicator *ind;
	char msg[256] = "";

	(void)state;
	arena_init(&a, 4096);
	decl_init(&d);
	d.funds[FUND_ANNUAL] = (struct amount){ 100000, true };
	in.executed = (struct amount){ 100000, true };
	ind = decl_add_indicator(&d, &a);
	ind->level1 = O;
	ind->level2 = "二级";
	ind->name = "指标";
	ind->value = ">=1个";
	assert_int_equal(value_parse(ind->value, strlen(ind->value), 2023, &a, &ind->target), 0);
	assert_int_equal(score_compute(&in, &rules, &out, msg, sizeof(msg)), JX_EINPUT);
	assert_string_equal(msg, "评分方案没有默认权重（score.weights）：自评须给出 weights");
	in.weights[0] = 10, in.weights[1] = 90;
	assert_int_equal(score_compute(&in, &rules, &out, msg, sizeof(msg)), 0);
	assert_int_equal(out.total, 10000);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_points_and_rounding),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_profile_rules),
		cmocka_unit_test(test_no_default_weights),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
