/*
 * password.h: password hashing (argon2id, libsodium crypto_pwhash_str), the
 * rule a new password must pass, and random passwords.  Shared by the
 * command line (`jixiao user`, the first administrator of `jixiao serve`)
 * and the server's login.
 */
#ifndef JX_PASSWORD_H
#define JX_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_MIN_CHARS 12
#define PASSWORD_HASH_BYTES 128     /* crypto_pwhash_STRBYTES */
#define PASSWORD_WHY_BYTES 256      /* room for password_policy's reason */

/* Hashes a password into out; 0 or JX_ENOMEM. */
int password_hash(const char *password, char out[PASSWORD_HASH_BYTES]);
/* True when password matches hash (false for an empty or malformed hash). */
bool password_check(const char *hash, const char *password);
/* A random password of n letters and digits into out[n + 1]. */
void password_random(char *out, size_t n);

/*
 * The rule every password that is set must pass (docs/web.md): at least
 * PASSWORD_MIN_CHARS characters (UTF-8 code points, not bytes), not all
 * blank, and not weak by cracklib's FascistCheckUser with its packaged
 * dictionary (dictionary words, runs like "abcdef" or "123456", too few
 * different characters, derived from the user name `user`).
 * Returns 0 and why = "" when the password may be set; 0 and the reason in
 * Chinese in why[n] when it is refused; JX_ENOENT (the dictionary cannot
 * be read) or JX_ENOMEM with the reason in why.  Thread-safe: cracklib
 * (static buffers inside) runs under one mutex.
 */
int password_policy(const char *password, const char *user, char *why, size_t n);
/* cracklib's English reason in Chinese into why[n] (password_policy's last
 * step, open for tests): "密码太弱：…" from a table, an unknown reason
 * quoted; returns 0, or the error code for a reason that is no verdict on
 * the password (the dictionary cannot be read: JX_ENOENT). */
int password_crack_reason(const char *english, char *why, size_t n);
/* A random password of n (>= PASSWORD_MIN_CHARS) letters and digits into
 * out[n + 1] that passes password_policy for user; 0 or its error code. */
int password_generate(char *out, size_t n, const char *user);

#endif
