/*
 * test_password.c: the rule a new password must pass (password_policy): one
 * password per row with the exact reason, cracklib's reasons in Chinese,
 * and random passwords that pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/util/err.h"
#include "../../src/util/password.h"

static const struct {
	const char *password, *user;
	const char *why;            /* "" when the password may be set */
} policy_rows[] = {
	{ "        ", "zhang", "密码至少 12 个字符" },
	{ "12345678", "zhang", "密码至少 12 个字符" },
	{ "Zk8#mq2Lp9v", "zhang", "密码至少 12 个字符" },
	/* characters, not bytes: eleven ideographs are 33 bytes and too short */
	{ "一二三四五六七八九十甲", "zhang", "密码至少 12 个字符" },
	{ "一二三四五六七八九十甲乙", "zhang", "" },
	{ "            ", "zhang", "密码不能全是空白字符" },
	{ "\t \t \t \t \t \t ", "zhang", "密码不能全是空白字符" },
	{ "\xe3\x80\x80\xe3\x80\x80\xe3\x80\x80\xe3\x80\x80\xe3\x80\x80\xe3\x80\x80"
	  "\xe3\x80\x80\xe3\x80\x80\xe3\x80\x80\xe3\x80\x80\xe3\x80\x80\xe3\x80\x80",
	  "zhang", "密码不能全是空白字符" },
	{ "123456789012", "zhang", "密码太弱：太简单或太有规律（如 abcdef、654321 这样连续的字符）" },
	{ "abcdefghijkl", "zhang", "密码太弱：太简单或太有规律（如 abcdef、654321 这样连续的字符）" },
	{ "qwerty123456", "zhang", "密码太弱：太简单或太有规律（如 abcdef、654321 这样连续的字符）" },
	{ "aaaaaaaaaaaa", "zhang", "密码太弱：不同的字符太少" },
	{ "abababababab", "zhang", "密码太弱：不同的字符太少" },
	{ "administrator", "zhang", "密码太弱：基于字典中的单词" },
	{ "qazwsxedcrfv", "zhang", "密码太弱：基于字典中的单词" },
	{ "rotartsinimda", "zhang", "密码太弱：基于倒写的字典单词" },
	{ "zhangsanfeng", "zhangsanfeng", "密码太弱：由用户名变化而来" },
	{ "zhangsanfeng", "lisi", "" },
	{ "Zk8#mq2Lp9vX", "zhang", "" },
	{ "finance-pass", "fin", "" },
	{ "我的密码是很长的一句话啊", "zhang", "" },
};

static void test_policy(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(policy_rows) / sizeof(policy_rows[0]); i++) {
		char why[PASSWORD_WHY_BYTES] = "unset";
		assert_int_equal(password_policy(policy_rows[i].password, policy_rows[i].user, why,
		                                 sizeof(why)), 0);
		assert_string_equal(why, policy_rows[i].why);
	}
}

static const struct {
	const char *english, *why;
	int code;
} reason_rows[] = {
	{ "it is WAY too short", "密码太弱：太短", 0 },
	{ "it is too short", "密码太弱：太短", 0 },
	{ "it does not contain enough DIFFERENT characters", "密码太弱：不同的字符太少", 0 },
	{ "it is all whitespace", "密码太弱：全是空白字符", 0 },
	{ "it is too simplistic/systematic",
	  "密码太弱：太简单或太有规律（如 abcdef、654321 这样连续的字符）", 0 },
	{ "it looks like a National Insurance number.", "密码太弱：形如证件号码", 0 },
	{ "it is based on your username", "密码太弱：由用户名变化而来", 0 },
	{ "it is based upon your password entry", "密码太弱：由用户信息变化而来", 0 },
	{ "it is derived from your password entry", "密码太弱：由用户信息变化而来", 0 },
	{ "it's derived from your password entry", "密码太弱：由用户信息变化而来", 0 },
	{ "it is derivable from your password entry", "密码太弱：由用户信息变化而来", 0 },
	{ "it's derivable from your password entry", "密码太弱：由用户信息变化而来", 0 },
	{ "it is based on a dictionary word", "密码太弱：基于字典中的单词", 0 },
	{ "it is based on a (reversed) dictionary word", "密码太弱：基于倒写的字典单词", 0 },
	{ "you are not registered in the password file", "无法检查密码强度：无法核对系统用户信息",
	  JX_ENOENT },
	{ "error loading dictionary",
	  "无法检查密码强度：无法读取密码字典（cracklib，Debian 软件包 cracklib-runtime）", JX_ENOENT },
	{ "memory allocation error", "无法检查密码强度：内存不足", JX_ENOMEM },
	/* a reason of a later cracklib: quoted as it is */
	{ "it is a palindrome", "密码太弱（cracklib：“it is a palindrome”）", 0 },
};

static void test_reasons(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(reason_rows) / sizeof(reason_rows[0]); i++) {
		char why[PASSWORD_WHY_BYTES];
		assert_int_equal(password_crack_reason(reason_rows[i].english, why, sizeof(why)),
		                 reason_rows[i].code);
		assert_string_equal(why, reason_rows[i].why);
	}
}

/* A generated password has the length asked for and passes the rule. */
static void test_generate(void **state)
{
	(void)state;
	for (int i = 0; i < 50; i++) {
		char pw[17], why[PASSWORD_WHY_BYTES];
		assert_int_equal(password_generate(pw, 16, "admin"), 0);
		assert_int_equal(strlen(pw), 16);
		assert_int_equal(password_policy(pw, "admin", why, sizeof(why)), 0);
		assert_string_equal(why, "");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_generate),
	};
	return cmocka_run_group_tests_name("password", tests, NULL, NULL);
}
