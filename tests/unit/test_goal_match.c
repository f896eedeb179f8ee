/*
 * test_goal_match.c: quantities in goal text against indicators
 * (goal.indicator_mismatch) and decimal comparison, one row each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/review/goal_match.h"

static void test_decimal_cmp(void **state)
{
	static const struct {
		const char *a, *b;
		int want;
	} rows[] = {
		{ "15", "15", 0 },
		{ "15", "15.0", 0 },
		{ "015", "15", 0 },
		{ "15.50", "15.5", 0 },
		{ "0", "-0", 0 },
		{ "0.0", "0", 0 },
		{ "12", "15", -1 },
		{ "100", "99.99", 1 },
		{ "100.01", "100", 1 },
		{ "9", "10", -1 },
		{ "-1", "1", -1 },
		{ "-2", "-1", -1 },
		{ "-1.5", "-1.25", -1 },
		{ "85", "85.0001", -1 },
		{ "1200", "1200", 0 },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int got = decimal_cmp(rows[i].a, rows[i].b);
		if (got != rows[i].want)
			fail_msg("decimal_cmp(%s, %s) = %d, want %d", rows[i].a, rows[i].b, got,
			         rows[i].want);
	}
}

static void test_goal_match(void **state)
{
	static const struct {
		const char *goal, *name, *unit, *value;
		enum goal_match want;
		const char *frag;       /* on GOAL_DIFFERS */
	} rows[] = {
		/* the example, and the seed's agreeing case */
		{ "推动该经费覆盖至15个乡镇每个居民区党组织。", "覆盖乡镇数", "个", "12", GOAL_DIFFERS,
		  "覆盖至15个乡镇每个" },
		{ "推动该经费覆盖至15个乡镇每个居民区党组织。", "居民区党组织服务群众专项经费覆盖乡镇数",
		  "个", "15", GOAL_AGREES, NULL },
		/* the seed's second indicator: 91 居民区 is not the 15 乡镇 */
		{ "推动该经费覆盖至15个乡镇每个居民区党组织。", "居民区党组织服务群众专项经费覆盖居民区数量",
		  "个", "91", GOAL_UNRELATED, NULL },
		/* two quantities of one unit: each indicator finds its own */
		{ "新建3个养老中心，改造5个养老站点。", "改造养老站点数", "个", "5", GOAL_AGREES, NULL },
		{ "新建3个养老中心，改造5个养老站点。", "新建养老中心数", "个", "3", GOAL_AGREES, NULL },
		{ "新建3个养老中心，改造5个养老站点。", "改造养老站点数", "个", "6", GOAL_DIFFERS,
		  "改造5个养老站点" },
		/* nothing after the unit: two words before the number decide */
		{ "全年培训养老护理员300人次。", "培训养老护理员人次", "人次", "500", GOAL_DIFFERS,
		  "护理员300人次" },
		{ "全年培训养老护理员300人次。", "培训养老护理员人次", "人次", "300", GOAL_AGREES, NULL },
		{ "全年完成300人次。", "完成体检人次", "人次", "500", GOAL_UNRELATED, NULL },
		/* another unit, a bare number, a year */
		{ "为全区1200名老人发放补贴。", "补贴发放人数", "人", "1000", GOAL_UNRELATED, NULL },
		{ "覆盖至15个乡镇。", "覆盖乡镇数", "", "12", GOAL_UNRELATED, NULL },
		{ "2023年完成建设任务。", "建设年限", "年", "3", GOAL_UNRELATED, NULL },
		/* full-width digits and percent, a space before the unit, decimals */
		{ "覆盖至１５个乡镇。", "覆盖乡镇数", "个", "15", GOAL_AGREES, NULL },
		{ "群众满意度达到９０％以上的目标。", "群众满意度", "%", "85", GOAL_UNRELATED, NULL },
		{ "资金到位率100 %的目标", "资金到位率", "%", "100", GOAL_UNRELATED, NULL },
		{ "新增绿地2.5万平方米绿化面积。", "新增绿化面积", "万平方米", "2.50", GOAL_AGREES, NULL },
		{ "新增绿地2.5万平方米绿化面积。", "新增绿化面积", "万平方米", "3", GOAL_DIFFERS,
		  "增绿地2.5万平方米绿化面积" },
		/* digits inside a code are not a quantity */
		{ "通过ISO9001个认证体系审核。", "认证体系数", "个", "2", GOAL_UNRELATED, NULL },
		{ "", "覆盖乡镇数", "个", "12", GOAL_UNRELATED, NULL },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct goal_scan gs = { 0 };
		const char *frag = NULL;
		size_t flen = 0;
		enum goal_match got;

		assert_int_equal(goal_scan(&gs, rows[i].goal, strlen(rows[i].goal)), 0);
		got = goal_match(&gs, rows[i].name, rows[i].unit, rows[i].value, &frag, &flen);
		if (got != rows[i].want)
			fail_msg("row %zu (%s / %s): got %d, want %d", i, rows[i].goal, rows[i].name, got,
			         rows[i].want);
		if (got == GOAL_DIFFERS) {
			if (flen != strlen(rows[i].frag) || memcmp(frag, rows[i].frag, flen) != 0)
				fail_msg("row %zu: fragment \"%.*s\", want \"%s\"", i, (int)flen, frag,
				         rows[i].frag);
		}
		goal_scan_release(&gs);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decimal_cmp),
		cmocka_unit_test(test_goal_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
