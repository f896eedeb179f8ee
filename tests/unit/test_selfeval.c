/*
 * test_selfeval.c: the self-evaluation's workflow table
 * (selfeval_workflow.def), one row per action, role and state, and the
 * jixiao.selfeval/1 document written by selfeval_json.c: read back by
 * selfeval_read it is the same document (the worked example of
 * tests/golden/score/seed1.json), and it scores the same.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "../../src/model/selfeval_workflow.h"
#include "../../src/parse/selfeval_read.h"
#include "../../src/render/selfeval_json.h"
#include "../../src/util/err.h"

static void test_refusals(void **state)
{
	static const struct {
		const char *action;
		enum se_state from;
		enum role role;
		const char *comment;
		const char *why;        /* NULL: allowed */
	} rows[] = {
		{ "submit", SES_DRAFT, ROLE_UNIT, NULL, NULL },
		{ "submit", SES_RETURNED, ROLE_UNIT, NULL, NULL },
		{ "submit", SES_SUBMITTED, ROLE_UNIT, NULL, "绩效自评当前的状态不能执行此操作" },
		{ "submit", SES_APPROVED, ROLE_UNIT, NULL, "绩效自评当前的状态不能执行此操作" },
		{ "submit", SES__MAX, ROLE_UNIT, NULL, "绩效自评当前的状态不能执行此操作" },  /* none yet */
		{ "submit", SES_DRAFT, ROLE_DEPARTMENT, NULL, "您的角色不能执行此操作" },
		{ "dept_pass", SES_SUBMITTED, ROLE_DEPARTMENT, NULL, NULL },
		{ "dept_pass", SES_SUBMITTED, ROLE_FINANCE, NULL, "您的角色不能执行此操作" },
		{ "dept_pass", SES_DRAFT, ROLE_DEPARTMENT, NULL, "绩效自评当前的状态不能执行此操作" },
		{ "dept_return", SES_SUBMITTED, ROLE_DEPARTMENT, "请说明", NULL },
		{ "dept_return", SES_SUBMITTED, ROLE_DEPARTMENT, NULL, "退回须写明理由" },
		{ "dept_return", SES_SUBMITTED, ROLE_DEPARTMENT, " \t\r\n", "退回须写明理由" },
		{ "dept_return", SES_FINANCE_REVIEW, ROLE_DEPARTMENT, "x", "绩效自评当前的状态不能执行此操作" },
		{ "fin_approve", SES_FINANCE_REVIEW, ROLE_FINANCE, NULL, NULL },
		{ "fin_approve", SES_SUBMITTED, ROLE_FINANCE, NULL, "绩效自评当前的状态不能执行此操作" },
		{ "fin_approve", SES_FINANCE_REVIEW, ROLE_ADMIN, NULL, "您的角色不能执行此操作" },
		{ "fin_return", SES_FINANCE_REVIEW, ROLE_FINANCE, "补充材料", NULL },
		{ "fin_return", SES_FINANCE_REVIEW, ROLE_FINANCE, "", "退回须写明理由" },
		{ "fin_return", SES_APPROVED, ROLE_FINANCE, "x", "绩效自评当前的状态不能执行此操作" },
		{ "approve", SES_FINANCE_REVIEW, ROLE_FINANCE, NULL, "没有这个操作" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct user u = { .name = "x", .role = rows[i].role, .unit = "", .department = "" };
		const char *why = se_refusal(se_action_by_id(rows[i].action), rows[i].from, &u,
		                             rows[i].comment);
		if (!rows[i].why)
			assert_null(why);
		else
			assert_string_equal(why, rows[i].why);
	}
	/* nobody logged in */
	assert_string_equal(se_refusal(SEA_SUBMIT, SES_DRAFT, NULL, NULL), "您的角色不能执行此操作");
}

/* Every state: editable ones are exactly 草稿 and 已退回; nothing leaves 已批复. */
static void test_table(void **state)
{
	(void)state;
	for (int s = 0; s < SES__MAX; s++) {
		assert_int_equal(se_state_by_id(se_state_id((enum se_state)s)), s);
		assert_int_equal(se_state_editable((enum se_state)s), s == SES_DRAFT || s == SES_RETURNED);
	}
	for (int a = 0; a < SEA__MAX; a++) {
		const struct se_action_info *ai = se_action((enum se_action)a);
		assert_int_equal(se_action_by_id(ai->id), a);
		assert_false(ai->from & (1u << SES_APPROVED));
	}
	assert_string_equal(se_state_name(SES_FINANCE_REVIEW), "财政审核");
	assert_int_equal(se_state_by_id("bogus"), SES__MAX);
	assert_int_equal(se_state_by_id(NULL), SES__MAX);
	assert_int_equal(se_action_by_id(NULL), SEA__MAX);
	assert_null(se_action(SEA__MAX));
}

static char *slurp(const char *path, size_t *n)
{
	static char buf[1 << 16];
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	*n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[*n] = '\0';
	return buf;
}

/* Reads text into se and writes it again (compact). */
static void round_trip(const char *text, size_t n, struct arena *a, struct selfeval *se,
                       struct strbuf *out)
{
	struct diags diags;
	struct jw w;

	diags_init(&diags);
	assert_int_equal(selfeval_read(text, n, "t.json", &diags, a, se), 0);
	assert_int_equal(diags.n_error, 0);
	diags_release(&diags);
	jw_init(&w, out, false, 0);
	selfeval_json_write(&w, se);
	assert_int_equal(out->err, 0);
}

static void test_document_round_trip(void **state)
{
	struct strbuf one = STRBUF_INIT, two = STRBUF_INIT, score = STRBUF_INIT;
	struct score_rules rules = { REVERSE_RATIO, "1.5", "90", "80", "60", { 10, 50, 30, 10 }, "0.90" };
	struct score_indicator ind[16];
	struct score_output o = { .ind = ind };
	struct selfeval se1, se2;
	struct arena a;
	json_t *want, *got;
	char msg[256];
	size_t n;
	const char *text = slurp("tests/golden/score/seed1.json", &n);
	struct jw w;

	(void)state;
	arena_init(&a, 64 * 1024);
	round_trip(text, n, &a, &se1, &one);
	round_trip(one.buf, one.len, &a, &se2, &two);
	assert_string_equal(one.buf, two.buf);
	want = json_loads(text, 0, NULL);
	got = json_loads(one.buf, 0, NULL);
	assert_non_null(want);
	assert_non_null(got);
	assert_true(json_equal(want, got));
	json_decref(want);
	json_decref(got);
	/* the worked example scores the same after the round trip */
	assert_int_equal(score_compute(&se2.in, &rules, &o, msg, sizeof(msg)), 0);
	assert_int_equal(o.total, 9153);
	assert_string_equal(o.grade, "优");
	jw_init(&w, &score, false, 0);
	score_json_write(&w, &se2, &o);
	assert_string_equal(score.buf,
	                    "{\"budget_points\":10,\"budget_score\":9.36,\"budget_flags\":[],\"indicators\":["
	                    "{\"points\":10,\"score\":10,\"flags\":[]},{\"points\":10,\"score\":9.67,\"flags\":[]},"
	                    "{\"points\":10,\"score\":10,\"flags\":[]},{\"points\":10,\"score\":7,\"flags\":[]},"
	                    "{\"points\":10,\"score\":10,\"flags\":[]},{\"points\":30,\"score\":27,\"flags\":[]},"
	                    "{\"points\":10,\"score\":8.5,\"flags\":[\"needs_reason\"]}],"
	                    "\"total\":91.53,\"grade\":\"优\"}");
	/* weights other than the defaults are written out; the defaults as null */
	se2.in.weights[0] = 20, se2.in.weights[1] = 40, se2.in.weights[2] = 30, se2.in.weights[3] = 10;
	sb_reset(&two);
	jw_init(&w, &two, false, 0);
	selfeval_json_write(&w, &se2);
	assert_non_null(strstr(two.buf, "\"weights\":{\"budget\":20,\"output\":40,\"benefit\":30,\"satisfaction\":10}"));
	assert_non_null(strstr(one.buf, "\"weights\":null"));
	sb_release(&one);
	sb_release(&two);
	sb_release(&score);
	arena_release(&a);
}

/* Issue 12's keys survive the round trip: each result's weight (分值) and
 * budget.reason. */
static void test_round_trip_weights_reason(void **state)
{
	static const char *const files[] = { "tests/golden/score/weights.json",
		                                  "tests/golden/score/budget_reason.json" };
	(void)state;
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		struct strbuf one = STRBUF_INIT;
		struct selfeval se;
		struct arena a;
		json_t *want, *got;
		size_t n;
		const char *text = slurp(files[f], &n);

		arena_init(&a, 64 * 1024);
		round_trip(text, n, &a, &se, &one);
		want = json_loads(text, 0, NULL);
		got = json_loads(one.buf, 0, NULL);
		assert_non_null(want);
		assert_non_null(got);
		if (!json_object_get(want, "achieved"))     /* written as "" */
			json_object_del(got, "achieved");
		assert_true(json_equal(want, got));
		json_decref(want);
		json_decref(got);
		if (f == 0) {
			assert_string_equal(se.in.results[0].weight, "28");
			assert_null(se.in.results[2].weight);
		} else {
			assert_string_equal(se.in.budget_reason, "部分活动经费由乡镇自筹，专项经费结余40万元已按规定收回。");
		}
		sb_release(&one);
		arena_release(&a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_document_round_trip),
		cmocka_unit_test(test_round_trip_weights_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
