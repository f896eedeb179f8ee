/*
 * password.c: argon2id hashes, the password rule and random passwords
 * (password.h).  The rule's last step is cracklib (libcrack2); its English
 * reasons are translated by a table, an unknown one quoted as it is.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <crack.h>
#include <sodium.h>

#include "err.h"
#include "password.h"
#include "text.h"

_Static_assert(crypto_pwhash_STRBYTES == PASSWORD_HASH_BYTES, "crypto_pwhash_STRBYTES");

int password_hash(const char *password, char out[PASSWORD_HASH_BYTES])
{
	if (sodium_init() < 0)
		return JX_ENOMEM;
	if (crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                          crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13))
		return JX_ENOMEM;
	return 0;
}

bool password_check(const char *hash, const char *password)
{
	if (sodium_init() < 0 || !hash || !*hash)
		return false;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void password_random(char *out, size_t n)
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

	if (sodium_init() < 0)
		abort();    /* no secure randomness: never hand out a weak password */
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[n] = '\0';
}

/* --- the rule ------------------------------------------------------------- */

/* cracklib's reasons (lib/fascist.c of 2.9) in Chinese.  `code` is 0 for a
 * weak password, else the operational error the reason stands for. */
static const struct {
	const char *english;
	const char *chinese;
	int code;
} crack_reasons[] = {
	{ "it is WAY too short", "太短", 0 },
	{ "it is too short", "太短", 0 },
	{ "it does not contain enough DIFFERENT characters", "不同的字符太少", 0 },
	{ "it is all whitespace", "全是空白字符", 0 },
	{ "it is too simplistic/systematic", "太简单或太有规律（如 abcdef、654321 这样连续的字符）", 0 },
	{ "it looks like a National Insurance number.", "形如证件号码", 0 },
	{ "it is based on your username", "由用户名变化而来", 0 },
	{ "it is based upon your password entry", "由用户信息变化而来", 0 },
	{ "it is derived from your password entry", "由用户信息变化而来", 0 },
	{ "it's derived from your password entry", "由用户信息变化而来", 0 },
	{ "it is derivable from your password entry", "由用户信息变化而来", 0 },
	{ "it's derivable from your password entry", "由用户信息变化而来", 0 },
	{ "it is based on a dictionary word", "基于字典中的单词", 0 },
	{ "it is based on a (reversed) dictionary word", "基于倒写的字典单词", 0 },
	{ "you are not registered in the password file", "无法核对系统用户信息", JX_ENOENT },
	{ "error loading dictionary",
	  "无法读取密码字典（cracklib，Debian 软件包 cracklib-runtime）", JX_ENOENT },
	{ "memory allocation error", "内存不足", JX_ENOMEM },
};

/* FascistCheckUser keeps its work in static buffers: one caller at a time. */
static pthread_mutex_t crack_lock = PTHREAD_MUTEX_INITIALIZER;

int password_crack_reason(const char *english, char *why, size_t n)
{
	for (size_t i = 0; i < sizeof(crack_reasons) / sizeof(crack_reasons[0]); i++) {
		if (strcmp(english, crack_reasons[i].english) == 0) {
			snprintf(why, n, crack_reasons[i].code ? "无法检查密码强度：%s" : "密码太弱：%s",
			         crack_reasons[i].chinese);
			return crack_reasons[i].code;
		}
	}
	snprintf(why, n, "密码太弱（cracklib：“%s”）", english);
	return 0;
}

int password_policy(const char *password, const char *user, char *why, size_t n)
{
	size_t len = strlen(password);
	const char *reason;
	char english[160] = "";
	bool weak;

	why[0] = '\0';
	if (utf8_chars(password, len) < PASSWORD_MIN_CHARS) {
		snprintf(why, n, "密码至少 %d 个字符", PASSWORD_MIN_CHARS);
		return 0;
	}
	if (text_blank(password, len)) {
		snprintf(why, n, "密码不能全是空白字符");
		return 0;
	}
	pthread_mutex_lock(&crack_lock);
	reason = FascistCheckUser(password, GetDefaultCracklibDict(), user ? user : "", NULL);
	if ((weak = reason != NULL))
		snprintf(english, sizeof(english), "%s", reason);
	pthread_mutex_unlock(&crack_lock);
	return weak ? password_crack_reason(english, why, n) : 0;
}

int password_generate(char *out, size_t n, const char *user)
{
	char why[PASSWORD_WHY_BYTES];
	int rc;

	/* a random one fails the rule rarely (a run of neighbours): draw again */
	for (int tries = 0; tries < 100; tries++) {
		password_random(out, n);
		if ((rc = password_policy(out, user, why, sizeof(why))))
			return rc;
		if (!why[0])
			return 0;
	}
	return JX_ENOMEM;   /* never in practice: 100 draws that all fail */
}
