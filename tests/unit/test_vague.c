/*
 * test_vague.c: vague words matched as words, not substrings
 * (indicator.vague_value, src/review/vague.c), and what counts as a number
 * with a unit, under the built-in default profile; one row each.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/review/profile.h"
#include "../../src/review/vague.h"

static void test_vague_word(void **state)
{
	static const struct {
		const char *value;
		const char *want;       /* the vague word found; NULL for none */
	} rows[] = {
		/* the seed's values */
		{ "提升", "提升" },
		{ "常态化", "常态化" },
		{ "及时", "及时" },
		{ "增强", "增强" },
		/* the longer vague word wins over a shorter one inside it */
		{ "明显改善", "明显" },
		{ "有效促进", "有效" },
		{ "持续提升", "持续" },
		/* words, not substrings: a not-vague word is read whole */
		{ "可持续", NULL },
		{ "可持续性", NULL },
		{ "无明显增加", NULL },
		{ "不明显", NULL },
		{ "有效期内", NULL },
		/* … and what follows it is still read */
		{ "可持续，持续提升", "持续" },
		{ "无明显下降，稳步提高", "稳步" },
		{ "可持续提升", "提升" },
		/* a number with a unit beside the word */
		{ "明显扩大，覆盖1200人", NULL },
		{ "常态化,不少于12次", NULL },
		{ "提升至95%", NULL },
		{ "提升至９５％", NULL },
		{ "提高 2 个百分点", NULL },
		/* a bare number is not a quantity */
		{ "提升 2", "提升" },
		{ "符合国家标准", NULL },
		{ "较高", NULL },
		{ "", NULL },
	};
	struct strbuf err = STRBUF_INIT;
	struct profile *p = NULL;

	(void)state;
	assert_int_equal(profile_load("shanghai-2023", &p, &err), 0);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const char *got = vague_word(p, rows[i].value);
		if (got == rows[i].want)
			continue;
		if (!got || !rows[i].want || strcmp(got, rows[i].want) != 0)
			fail_msg("vague_word(\"%s\") = %s, want %s", rows[i].value, got ? got : "NULL",
			         rows[i].want ? rows[i].want : "NULL");
	}
	profile_free(p);
	sb_release(&err);
}

static void test_has_quantity(void **state)
{
	static const struct {
		const char *s;
		bool want;
	} rows[] = {
		{ "12次", true },
		{ "不少于12 次", true },
		{ "95%", true },
		{ "1.5万元", true },
		{ "３个", true },
		{ "Level 3", false },
		{ "3", false },
		{ "3，", false },
		{ "提升", false },
		{ "", false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (vague_has_quantity(rows[i].s) != rows[i].want)
			fail_msg("vague_has_quantity(\"%s\") = %d, want %d", rows[i].s, !rows[i].want,
			         rows[i].want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vague_word),
		cmocka_unit_test(test_has_quantity),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
