/*
 * cache.h: two small in-memory caches of `jixiao serve`, shared by its
 * threads, that spare the database the same questions again and again.
 *
 * Sessions: the user and CSRF token of a session token's hash, for at most
 * SESSION_CACHE_SECONDS; a logout drops its entry at once.  A change made
 * by another process (`jixiao user disable` on the command line) is seen
 * within that time.
 *
 * Declarations: the JSON body of GET /api/v1/declarations/{id}, keyed by
 * id, the revision shown, the current revision and the state, so an entry
 * can never be stale: anything that changes the answer changes the key.
 * Access is checked before the cache is asked.
 */
#ifndef JX_CACHE_H
#define JX_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/user.h"
#include "../util/arena.h"
#include "../util/strbuf.h"

#define SESSION_CACHE_SECONDS 10

/* Looks the session up; on a hit fills u (strings in a) and csrf. */
bool cache_session_get(const char *hash, int64_t now, struct arena *a, struct user *u,
                       const char **csrf);
void cache_session_put(const char *hash, int64_t now, int64_t expires, const struct user *u,
                       const char *csrf);
void cache_session_drop(const char *hash);

/* Appends the cached body for the key to out; false on a miss. */
bool cache_decl_get(int64_t id, int rev, int current_rev, int state, struct strbuf *out);
void cache_decl_put(int64_t id, int rev, int current_rev, int state, const char *body, size_t n);

/* Frees every cached body (at shutdown). */
void cache_release(void);

#endif
