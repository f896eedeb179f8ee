/*
 * password.h: password hashing (argon2id, libsodium crypto_pwhash_str) and
 * random passwords.  Shared by the command line (`jixiao user`) and the
 * server's login.
 */
#ifndef JX_PASSWORD_H
#define JX_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_MIN_CHARS 8
#define PASSWORD_HASH_BYTES 128     /* crypto_pwhash_STRBYTES */

/* Hashes a password into out; 0 or JX_ENOMEM. */
int password_hash(const char *password, char out[PASSWORD_HASH_BYTES]);
/* True when password matches hash (false for an empty or malformed hash). */
bool password_check(const char *hash, const char *password);
/* A random password of n letters and digits into out[n + 1]. */
void password_random(char *out, size_t n);

#endif
