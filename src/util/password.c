/*
 * password.c: argon2id hashes and random passwords (password.h).
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "err.h"
#include "password.h"

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
