/*
 * test_write_policy.c: the write policy (src/model/write_policy.h) over
 * every combination: role × the declaration the write lands on (none, one
 * of the user's own 主管部门/实施单位, one of another) × every workflow state
 * of workflow.def × the new owner the form gives (the same, another
 * 主管部门, another 实施单位, both other) × whether the form changes the
 * stored content.  The expected answers are written out below, one row per
 * role, declaration and state, not computed: a change of the policy shows
 * here as a change of a row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/model/write_policy.h"

/* The users: a unit bound to 甲单位, a department bound to 甲部门. */
static const struct user users[ROLE__MAX] = {
	[ROLE_UNIT] = { .name = "u", .role = ROLE_UNIT, .unit = "甲单位", .department = "" },
	[ROLE_DEPARTMENT] = { .name = "d", .role = ROLE_DEPARTMENT, .unit = "", .department = "甲部门" },
	[ROLE_FINANCE] = { .name = "f", .role = ROLE_FINANCE, .unit = "", .department = "" },
	[ROLE_ADMIN] = { .name = "a", .role = ROLE_ADMIN, .unit = "", .department = "" },
};

/* The declaration written over: none, 甲部门/甲单位 (the unit's and the
 * department's own), 乙部门/乙单位 (theirs neither). */
enum target { T_NONE, T_OWN, T_OTHER, T__MAX };
static const char *const target_owner[T__MAX][2] = {
	[T_NONE] = { NULL, NULL },
	[T_OWN] = { "甲部门", "甲单位" },
	[T_OTHER] = { "乙部门", "乙单位" },
};

/* The owners a form gives, in the order of the answer columns. */
static const char *const new_owner[4][2] = {
	{ "甲部门", "甲单位" },     /* the same as T_OWN */
	{ "乙部门", "甲单位" },     /* another 主管部门 */
	{ "甲部门", "乙单位" },     /* another 实施单位 */
	{ "乙部门", "乙单位" },     /* both other: the same as T_OTHER */
};

/*
 * Answers, two letters per new owner (the form changes the content, it does
 * not), new owners in the order above:
 *   A add  E edit  R review  U unchanged  H hidden (404)  F foreign (403)
 *   M move (403)  S state (409)
 * T_NONE rows have no state (WS__MAX).
 */
struct row {
	enum role role;
	enum target target;
	enum wf_state state;
	const char *want;
};

static const struct row rows[] = {
	/* 填报人 of 甲单位: creates under any 主管部门, only for 甲单位; edits
	 * its own while 草稿, 已退回, 调整中, 调整已退回; never moves one to another 主管部门 */
	{ ROLE_UNIT, T_NONE, WS__MAX, "AA AA FF FF" },
	{ ROLE_UNIT, T_OWN, WS_DRAFT, "EU MM MM MM" },
	{ ROLE_UNIT, T_OWN, WS_SUBMITTED, "SU MM MM MM" },
	{ ROLE_UNIT, T_OWN, WS_DEPT_REVIEW, "SU MM MM MM" },
	{ ROLE_UNIT, T_OWN, WS_FINANCE_REVIEW, "SU MM MM MM" },
	{ ROLE_UNIT, T_OWN, WS_APPROVED, "SU MM MM MM" },
	{ ROLE_UNIT, T_OWN, WS_RETURNED, "EU MM MM MM" },
	{ ROLE_UNIT, T_OWN, WS_REJECTED, "SU MM MM MM" },
	{ ROLE_UNIT, T_OWN, WS_ADJUSTING, "EU MM MM MM" },
	{ ROLE_UNIT, T_OWN, WS_ADJ_SUBMITTED, "SU MM MM MM" },
	{ ROLE_UNIT, T_OWN, WS_ADJ_DEPT_REVIEW, "SU MM MM MM" },
	{ ROLE_UNIT, T_OWN, WS_ADJ_FINANCE_REVIEW, "SU MM MM MM" },
	{ ROLE_UNIT, T_OWN, WS_ADJ_RETURNED, "EU MM MM MM" },
	{ ROLE_UNIT, T_OTHER, WS_DRAFT, "HH HH HH HH" },
	{ ROLE_UNIT, T_OTHER, WS_SUBMITTED, "HH HH HH HH" },
	{ ROLE_UNIT, T_OTHER, WS_DEPT_REVIEW, "HH HH HH HH" },
	{ ROLE_UNIT, T_OTHER, WS_FINANCE_REVIEW, "HH HH HH HH" },
	{ ROLE_UNIT, T_OTHER, WS_APPROVED, "HH HH HH HH" },
	{ ROLE_UNIT, T_OTHER, WS_RETURNED, "HH HH HH HH" },
	{ ROLE_UNIT, T_OTHER, WS_REJECTED, "HH HH HH HH" },
	{ ROLE_UNIT, T_OTHER, WS_ADJUSTING, "HH HH HH HH" },
	{ ROLE_UNIT, T_OTHER, WS_ADJ_SUBMITTED, "HH HH HH HH" },
	{ ROLE_UNIT, T_OTHER, WS_ADJ_DEPT_REVIEW, "HH HH HH HH" },
	{ ROLE_UNIT, T_OTHER, WS_ADJ_FINANCE_REVIEW, "HH HH HH HH" },
	{ ROLE_UNIT, T_OTHER, WS_ADJ_RETURNED, "HH HH HH HH" },
	/* 主管部门审核人 of 甲部门: creates and keeps declarations in 甲部门 (any
	 * 实施单位); edits only during 主管部门审核 (of a declaration or of an
	 * adjustment) */
	{ ROLE_DEPARTMENT, T_NONE, WS__MAX, "AA FF AA FF" },
	{ ROLE_DEPARTMENT, T_OWN, WS_DRAFT, "SU MM SU MM" },
	{ ROLE_DEPARTMENT, T_OWN, WS_SUBMITTED, "SU MM SU MM" },
	{ ROLE_DEPARTMENT, T_OWN, WS_DEPT_REVIEW, "RU MM RU MM" },
	{ ROLE_DEPARTMENT, T_OWN, WS_FINANCE_REVIEW, "SU MM SU MM" },
	{ ROLE_DEPARTMENT, T_OWN, WS_APPROVED, "SU MM SU MM" },
	{ ROLE_DEPARTMENT, T_OWN, WS_RETURNED, "SU MM SU MM" },
	{ ROLE_DEPARTMENT, T_OWN, WS_REJECTED, "SU MM SU MM" },
	{ ROLE_DEPARTMENT, T_OWN, WS_ADJUSTING, "SU MM SU MM" },
	{ ROLE_DEPARTMENT, T_OWN, WS_ADJ_SUBMITTED, "SU MM SU MM" },
	{ ROLE_DEPARTMENT, T_OWN, WS_ADJ_DEPT_REVIEW, "RU MM RU MM" },
	{ ROLE_DEPARTMENT, T_OWN, WS_ADJ_FINANCE_REVIEW, "SU MM SU MM" },
	{ ROLE_DEPARTMENT, T_OWN, WS_ADJ_RETURNED, "SU MM SU MM" },
	{ ROLE_DEPARTMENT, T_OTHER, WS_DRAFT, "HH HH HH HH" },
	{ ROLE_DEPARTMENT, T_OTHER, WS_SUBMITTED, "HH HH HH HH" },
	{ ROLE_DEPARTMENT, T_OTHER, WS_DEPT_REVIEW, "HH HH HH HH" },
	{ ROLE_DEPARTMENT, T_OTHER, WS_FINANCE_REVIEW, "HH HH HH HH" },
	{ ROLE_DEPARTMENT, T_OTHER, WS_APPROVED, "HH HH HH HH" },
	{ ROLE_DEPARTMENT, T_OTHER, WS_RETURNED, "HH HH HH HH" },
	{ ROLE_DEPARTMENT, T_OTHER, WS_REJECTED, "HH HH HH HH" },
	{ ROLE_DEPARTMENT, T_OTHER, WS_ADJUSTING, "HH HH HH HH" },
	{ ROLE_DEPARTMENT, T_OTHER, WS_ADJ_SUBMITTED, "HH HH HH HH" },
	{ ROLE_DEPARTMENT, T_OTHER, WS_ADJ_DEPT_REVIEW, "HH HH HH HH" },
	{ ROLE_DEPARTMENT, T_OTHER, WS_ADJ_FINANCE_REVIEW, "HH HH HH HH" },
	{ ROLE_DEPARTMENT, T_OTHER, WS_ADJ_RETURNED, "HH HH HH HH" },
	/* 财政审核人: sees and owns everything; edits only during 财政审核 (of a
	 * declaration or of an adjustment) */
	{ ROLE_FINANCE, T_NONE, WS__MAX, "AA AA AA AA" },
	{ ROLE_FINANCE, T_OWN, WS_DRAFT, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OWN, WS_SUBMITTED, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OWN, WS_DEPT_REVIEW, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OWN, WS_FINANCE_REVIEW, "RU RU RU RU" },
	{ ROLE_FINANCE, T_OWN, WS_APPROVED, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OWN, WS_RETURNED, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OWN, WS_REJECTED, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OWN, WS_ADJUSTING, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OWN, WS_ADJ_SUBMITTED, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OWN, WS_ADJ_DEPT_REVIEW, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OWN, WS_ADJ_FINANCE_REVIEW, "RU RU RU RU" },
	{ ROLE_FINANCE, T_OWN, WS_ADJ_RETURNED, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OTHER, WS_DRAFT, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OTHER, WS_SUBMITTED, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OTHER, WS_DEPT_REVIEW, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OTHER, WS_FINANCE_REVIEW, "RU RU RU RU" },
	{ ROLE_FINANCE, T_OTHER, WS_APPROVED, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OTHER, WS_RETURNED, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OTHER, WS_REJECTED, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OTHER, WS_ADJUSTING, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OTHER, WS_ADJ_SUBMITTED, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OTHER, WS_ADJ_DEPT_REVIEW, "SU SU SU SU" },
	{ ROLE_FINANCE, T_OTHER, WS_ADJ_FINANCE_REVIEW, "RU RU RU RU" },
	{ ROLE_FINANCE, T_OTHER, WS_ADJ_RETURNED, "SU SU SU SU" },
	/* 管理员: creates anywhere; changes no existing declaration */
	{ ROLE_ADMIN, T_NONE, WS__MAX, "AA AA AA AA" },
	{ ROLE_ADMIN, T_OWN, WS_DRAFT, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OWN, WS_SUBMITTED, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OWN, WS_DEPT_REVIEW, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OWN, WS_FINANCE_REVIEW, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OWN, WS_APPROVED, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OWN, WS_RETURNED, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OWN, WS_REJECTED, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OWN, WS_ADJUSTING, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OWN, WS_ADJ_SUBMITTED, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OWN, WS_ADJ_DEPT_REVIEW, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OWN, WS_ADJ_FINANCE_REVIEW, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OWN, WS_ADJ_RETURNED, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OTHER, WS_DRAFT, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OTHER, WS_SUBMITTED, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OTHER, WS_DEPT_REVIEW, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OTHER, WS_FINANCE_REVIEW, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OTHER, WS_APPROVED, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OTHER, WS_RETURNED, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OTHER, WS_REJECTED, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OTHER, WS_ADJUSTING, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OTHER, WS_ADJ_SUBMITTED, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OTHER, WS_ADJ_DEPT_REVIEW, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OTHER, WS_ADJ_FINANCE_REVIEW, "SU SU SU SU" },
	{ ROLE_ADMIN, T_OTHER, WS_ADJ_RETURNED, "SU SU SU SU" },
};
#define N_ROWS (sizeof(rows) / sizeof(rows[0]))

static char letter(enum wp_decision d)
{
	static const char letters[WP__MAX + 1] = {
		[WP_ADD] = 'A', [WP_EDIT] = 'E', [WP_REVIEW] = 'R', [WP_UNCHANGED] = 'U',
		[WP_HIDDEN] = 'H', [WP_FOREIGN] = 'F', [WP_MOVE] = 'M', [WP_STATE] = 'S',
		[WP__MAX] = '?',
	};
	return letters[(unsigned)d < WP__MAX ? d : WP__MAX];
}

/* What wp_decide answers for the row's role, declaration and state, in the
 * layout of struct row's `want`. */
static void answers(const struct row *r, char out[12])
{
	struct wp_target old = { target_owner[r->target][0], target_owner[r->target][1], r->state };
	size_t k = 0;

	for (int o = 0; o < 4; o++) {
		if (o)
			out[k++] = ' ';
		for (int changes = 1; changes >= 0; changes--)
			out[k++] = letter(wp_decide(&users[r->role], r->target == T_NONE ? NULL : &old,
			                            new_owner[o][0], new_owner[o][1], changes));
	}
	out[k] = '\0';
}

/* Every row's answers, exactly. */
static void test_matrix(void **state)
{
	char got[12];

	(void)state;
	for (size_t i = 0; i < N_ROWS; i++) {
		answers(&rows[i], got);
		if (strcmp(got, rows[i].want) != 0)
			print_error("%s / %s / %s: got \"%s\", want \"%s\"\n", role_id(rows[i].role),
			            rows[i].target == T_NONE ? "none" : rows[i].target == T_OWN ? "own" : "other",
			            rows[i].state == WS__MAX ? "-" : wf_state_id(rows[i].state), got, rows[i].want);
		assert_string_equal(got, rows[i].want);
	}
}

/* The matrix is complete: every role × (no declaration, or own and other ×
 * every state) has exactly one row. */
static void test_matrix_complete(void **state)
{
	int seen[ROLE__MAX][T__MAX][WS__MAX + 1];

	(void)state;
	memset(seen, 0, sizeof(seen));
	for (size_t i = 0; i < N_ROWS; i++) {
		assert_true(rows[i].role < ROLE__MAX);
		assert_true(rows[i].target == T_NONE ? rows[i].state == WS__MAX : rows[i].state < WS__MAX);
		seen[rows[i].role][rows[i].target][rows[i].state]++;
	}
	for (int r = 0; r < ROLE__MAX; r++) {
		assert_int_equal(seen[r][T_NONE][WS__MAX], 1);
		for (int s = 0; s < WS__MAX; s++) {
			assert_int_equal(seen[r][T_OWN][s], 1);
			assert_int_equal(seen[r][T_OTHER][s], 1);
		}
	}
	assert_int_equal(N_ROWS, ROLE__MAX * (1 + 2 * WS__MAX));
}

/* Each answer's id, status and message, exactly (docs/web.md shows them). */
static void test_answers(void **state)
{
	static const struct {
		enum wp_decision d;
		const char *id;
		bool allowed;
		int status;
		const char *message;
	} want[] = {
		{ WP_ADD, "add", true, 200, "" },
		{ WP_EDIT, "edit", true, 200, "" },
		{ WP_REVIEW, "review", true, 200, "" },
		{ WP_UNCHANGED, "unchanged", true, 200, "" },
		{ WP_HIDDEN, "hidden", false, 404, "没有这份申报表" },
		{ WP_FOREIGN, "foreign", false, 403, "您不能在其他主管部门或实施单位名下新建申报表" },
		{ WP_MOVE, "move", false, 403, "您不能把申报表改到其他主管部门或实施单位名下" },
		{ WP_STATE, "state", false, 409, "这份申报表当前的状态下您不能修改" },
	};

	(void)state;
	assert_int_equal(sizeof(want) / sizeof(want[0]), WP__MAX);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		assert_string_equal(wp_id(want[i].d), want[i].id);
		assert_int_equal(wp_allowed(want[i].d), want[i].allowed);
		assert_int_equal(wp_status(want[i].d), want[i].status);
		assert_string_equal(wp_message(want[i].d), want[i].message);
	}
	assert_false(wp_allowed(WP__MAX));
	assert_string_equal(wp_id(WP__MAX), "?");
}

/* Nobody, a disabled user, a state not in the table, a role not bound. */
static void test_edges(void **state)
{
	struct wp_target own = { "甲部门", "甲单位", WS_DRAFT };
	struct wp_target odd = { "甲部门", "甲单位", WS__MAX };
	struct user disabled = users[ROLE_UNIT];
	struct user unbound = { .name = "x", .role = ROLE_UNIT, .unit = "", .department = "" };

	(void)state;
	disabled.disabled = true;
	assert_int_equal(wp_decide(NULL, NULL, "甲部门", "甲单位", true), WP_FOREIGN);
	assert_int_equal(wp_decide(NULL, &own, "甲部门", "甲单位", true), WP_HIDDEN);
	assert_int_equal(wp_decide(&disabled, NULL, "甲部门", "甲单位", true), WP_FOREIGN);
	assert_int_equal(wp_decide(&disabled, &own, "甲部门", "甲单位", true), WP_HIDDEN);
	assert_int_equal(wp_decide(&users[ROLE_UNIT], &odd, "甲部门", "甲单位", true), WP_STATE);
	assert_int_equal(wp_decide(&unbound, NULL, "甲部门", "", true), WP_FOREIGN);
	assert_int_equal(wp_decide(&users[ROLE_UNIT], NULL, NULL, NULL, true), WP_FOREIGN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_matrix),
		cmocka_unit_test(test_matrix_complete),
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_edges),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
