/*
 * auth.h: passwords, sessions, CSRF tokens and login throttling.
 *
 * Passwords are argon2id hashes (util/password.h).  A session
 * is a random 256-bit token in an HttpOnly, SameSite=Strict cookie; the
 * database keeps only its BLAKE2b hash, the user and a CSRF token, with an
 * expiry.  Every state change carries the CSRF token (a form field `csrf`
 * or the X-CSRF-Token header).  Repeated failed logins for one user name
 * (LOGIN_MAX_FAILURES, kept in the store) or from one address
 * (LOGIN_ADDR_MAX, r->client: behind a trusted proxy the X-Forwarded-For
 * client) within LOGIN_WINDOW_SECONDS are refused with 429; no other
 * traffic can reset either count.  The cookie is Secure when r->secure.
 */
#ifndef JX_AUTH_H
#define JX_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "http.h"

#define SESSION_COOKIE "jx_session"
#define SESSION_SECONDS (8 * 3600)
#define LOGIN_MAX_FAILURES 5               /* per user name, in the store */
#define LOGIN_ADDR_MAX (LOGIN_MAX_FAILURES * 4)    /* per client address, in memory */
#define LOGIN_WINDOW_SECONDS (15 * 60)
#define LOGIN_UNKNOWN_CAP 10000             /* records of names without an account */

/* Reads the session cookie; sets r->user and r->csrf when it names a live
 * session of an enabled user.  0 or a JX_ code. */
int auth_session(struct req *r);
/* True when the request carries the session's CSRF token. */
bool auth_csrf_ok(struct req *r);

enum login_result { LOGIN_OK, LOGIN_BAD, LOGIN_THROTTLED, LOGIN_ERROR };
/* Checks the credentials, creates a session and sets its cookie on r.
 * LOGIN_THROTTLED before any check when the name or the address has used
 * up its attempts; a name without an account takes as long and is
 * throttled the same way as one with an account.  LOGIN_ERROR sets *err to
 * the JX_ code of what failed (the store busy, the disk full, memory), for
 * resp_store_error. */
enum login_result auth_login(struct req *r, const char *name, const char *password, int *err);
/* Ends the current session and clears the cookie. */
int auth_logout(struct req *r);

/* Percent-encodes s for a URL query value. */
void auth_url_encode(struct strbuf *sb, const char *s);

#endif
