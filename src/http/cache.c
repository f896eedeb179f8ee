/*
 * cache.c: the session and declaration caches of cache.h: direct-mapped
 * tables behind one mutex each; an entry is a fixed-size copy, so nothing
 * handed out points into the cache.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"

#define SESSION_SLOTS 256
#define DECL_SLOTS 512
#define DECL_BODY_MAX (64 * 1024)

struct session_entry {
	char hash[65];
	int64_t until;              /* cached until (the earlier of expiry and the cache's limit) */
	int64_t id;
	enum role role;
	bool disabled;
	char name[128], unit[256], department[256], csrf[65];
};

static struct session_entry sessions[SESSION_SLOTS];
static pthread_mutex_t session_lock = PTHREAD_MUTEX_INITIALIZER;

struct decl_entry {
	int64_t id;
	int rev, current_rev, state;
	char *body;
	size_t n;
};

static struct decl_entry decls[DECL_SLOTS];
static pthread_mutex_t decl_lock = PTHREAD_MUTEX_INITIALIZER;

static size_t slot_of(const char *hash)
{
	size_t h = 0;

	for (int i = 0; i < 8 && hash[i]; i++)
		h = h * 16 + (size_t)(hash[i] <= '9' ? hash[i] - '0' : hash[i] - 'a' + 10);
	return h % SESSION_SLOTS;
}

/* Copies s into a fixed field; false when it does not fit. */
static bool fit(char *dst, size_t size, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n >= size)
		return false;
	memcpy(dst, s ? s : "", n);
	dst[n] = '\0';
	return true;
}

bool cache_session_get(const char *hash, int64_t now, struct arena *a, struct user *u,
                       const char **csrf)
{
	struct session_entry *e = &sessions[slot_of(hash)];
	bool hit = false;

	pthread_mutex_lock(&session_lock);
	if (strcmp(e->hash, hash) == 0 && now < e->until) {
		u->id = e->id;
		u->role = e->role;
		u->disabled = e->disabled;
		u->hash = "";
		u->name = arena_strdup(a, e->name);
		u->unit = arena_strdup(a, e->unit);
		u->department = arena_strdup(a, e->department);
		*csrf = arena_strdup(a, e->csrf);
		hit = u->name && u->unit && u->department && *csrf;
	}
	pthread_mutex_unlock(&session_lock);
	return hit;
}

void cache_session_put(const char *hash, int64_t now, int64_t expires, const struct user *u,
                       const char *csrf)
{
	struct session_entry e = { 0 };

	if (!fit(e.hash, sizeof(e.hash), hash) || !fit(e.name, sizeof(e.name), u->name) ||
	    !fit(e.unit, sizeof(e.unit), u->unit) ||
	    !fit(e.department, sizeof(e.department), u->department) ||
	    !fit(e.csrf, sizeof(e.csrf), csrf))
		return;     /* too long to cache: the database answers */
	e.id = u->id;
	e.role = u->role;
	e.disabled = u->disabled;
	e.until = now + SESSION_CACHE_SECONDS < expires ? now + SESSION_CACHE_SECONDS : expires;
	pthread_mutex_lock(&session_lock);
	sessions[slot_of(hash)] = e;
	pthread_mutex_unlock(&session_lock);
}

void cache_session_drop(const char *hash)
{
	struct session_entry *e = &sessions[slot_of(hash)];

	pthread_mutex_lock(&session_lock);
	if (strcmp(e->hash, hash) == 0)
		memset(e, 0, sizeof(*e));
	pthread_mutex_unlock(&session_lock);
}

bool cache_decl_get(int64_t id, int rev, int current_rev, int state, struct strbuf *out)
{
	struct decl_entry *e = &decls[(uint64_t)id % DECL_SLOTS];
	bool hit = false;

	pthread_mutex_lock(&decl_lock);
	if (e->body && e->id == id && e->rev == rev && e->current_rev == current_rev &&
	    e->state == state) {
		sb_add(out, e->body, e->n);
		hit = !out->err;
	}
	pthread_mutex_unlock(&decl_lock);
	return hit;
}

void cache_decl_put(int64_t id, int rev, int current_rev, int state, const char *body, size_t n)
{
	struct decl_entry *e = &decls[(uint64_t)id % DECL_SLOTS];
	char *copy;

	if (n > DECL_BODY_MAX || !(copy = malloc(n ? n : 1)))
		return;
	memcpy(copy, body, n);
	pthread_mutex_lock(&decl_lock);
	free(e->body);
	*e = (struct decl_entry){ id, rev, current_rev, state, copy, n };
	pthread_mutex_unlock(&decl_lock);
}

void cache_release(void)
{
	pthread_mutex_lock(&decl_lock);
	for (size_t i = 0; i < DECL_SLOTS; i++) {
		free(decls[i].body);
		decls[i].body = NULL;
	}
	pthread_mutex_unlock(&decl_lock);
}
