/*
 * auth.c: passwords, sessions, CSRF and login throttling (auth.h).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "../util/err.h"
#include "../util/password.h"
#include "auth.h"
#include "cache.h"

/* --- tokens --------------------------------------------------------------- */

static void random_hex(char out[65])
{
	unsigned char b[32];

	randombytes_buf(b, sizeof(b));
	sodium_bin2hex(out, 65, b, sizeof(b));
}

/* The stored form of a session token: hex BLAKE2b-256 of the token text. */
static void token_hash(const char *token, char out[65])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

static bool is_hex64(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return i == 64;
}

int auth_session(struct req *r)
{
	const char *token = req_cookie(r, SESSION_COOKIE);
	char hash[65];
	struct user *u;
	const char *csrf = NULL;
	int rc;

	if (!token || !is_hex64(token))
		return 0;
	if (!(u = arena_zalloc(r->arena, sizeof(*u))))
		return JX_ENOMEM;
	token_hash(token, hash);
	if (!cache_session_get(hash, (int64_t)time(NULL), r->arena, u, &csrf)) {
		rc = store_session_get(r->store, hash, (int64_t)time(NULL), r->arena, u, &csrf);
		if (rc == JX_ENOTFOUND)
			return 0;
		if (rc)
			return rc;
		cache_session_put(hash, (int64_t)time(NULL), (int64_t)time(NULL) + SESSION_CACHE_SECONDS,
		                  u, csrf);
	}
	if (u->disabled)
		return 0;
	r->user = u;
	r->csrf = csrf;
	return 0;
}

bool auth_csrf_ok(struct req *r)
{
	const char *sent = req_header(r, "X-CSRF-Token");

	if (!sent)
		sent = req_form(r, "csrf");
	if (!sent || !r->csrf || strlen(sent) != strlen(r->csrf))
		return false;
	return sodium_memcmp(sent, r->csrf, strlen(sent)) == 0;
}

/* --- throttling ----------------------------------------------------------- */

#define THROTTLE_SLOTS 512

static struct {
	char key[96];
	int failures;
	time_t first;
} slots[THROTTLE_SLOTS];
static pthread_mutex_t throttle_lock = PTHREAD_MUTEX_INITIALIZER;

/* The slot of key (oldest reused); call with the lock held. */
static int slot_of(const char *key, time_t now)
{
	int free_slot = -1, oldest = 0;

	for (int i = 0; i < THROTTLE_SLOTS; i++) {
		if (slots[i].key[0] && now - slots[i].first > LOGIN_WINDOW_SECONDS)
			slots[i].key[0] = '\0';
		if (strcmp(slots[i].key, key) == 0 && key[0])
			return i;
		if (!slots[i].key[0] && free_slot < 0)
			free_slot = i;
		if (slots[i].first < slots[oldest].first)
			oldest = i;
	}
	if (free_slot < 0)
		free_slot = oldest;
	snprintf(slots[free_slot].key, sizeof(slots[free_slot].key), "%s", key);
	slots[free_slot].failures = 0;
	slots[free_slot].first = now;
	return free_slot;
}

static bool throttled(const char *user_key, const char *addr_key, time_t now)
{
	bool t;

	pthread_mutex_lock(&throttle_lock);
	t = slots[slot_of(user_key, now)].failures >= LOGIN_MAX_FAILURES ||
	    slots[slot_of(addr_key, now)].failures >= LOGIN_MAX_FAILURES * 4;
	pthread_mutex_unlock(&throttle_lock);
	return t;
}

static void record(const char *user_key, const char *addr_key, time_t now, bool ok)
{
	int i;

	pthread_mutex_lock(&throttle_lock);
	i = slot_of(user_key, now);
	if (ok) {
		slots[i].key[0] = '\0';
	} else {
		slots[i].failures++;
		slots[slot_of(addr_key, now)].failures++;
	}
	pthread_mutex_unlock(&throttle_lock);
}

/* --- login and logout ----------------------------------------------------- */

/* A hash of a password nobody knows, verified when the user does not exist,
 * so that the answer takes as long as for a real user. */
static char dummy_hash[PASSWORD_HASH_BYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	char pw[33];

	password_random(pw, 32);
	if (password_hash(pw, dummy_hash))
		dummy_hash[0] = '\0';
}

enum login_result auth_login(struct req *r, const char *name, const char *password)
{
	char user_key[96], addr_key[96], token[65], hash[65], csrf[65];
	time_t now = time(NULL);
	struct user u;
	struct strbuf cookie = STRBUF_INIT;
	bool ok;
	int rc;

	if (sodium_init() < 0)
		return LOGIN_ERROR;
	snprintf(user_key, sizeof(user_key), "u:%s", name ? name : "");
	snprintf(addr_key, sizeof(addr_key), "a:%s", r->client ? r->client : "");
	if (throttled(user_key, addr_key, now))
		return LOGIN_THROTTLED;
	rc = name && *name ? store_user_get(r->store, name, r->arena, &u) : JX_ENOTFOUND;
	if (rc && rc != JX_ENOTFOUND)
		return LOGIN_ERROR;
	/* the same work whether or not the user exists */
	pthread_once(&dummy_once, make_dummy);
	ok = password_check(rc ? dummy_hash : u.hash, password ? password : "") && !rc &&
	     !u.disabled;
	record(user_key, addr_key, now, ok);
	if (!ok)
		return LOGIN_BAD;
	random_hex(token);
	random_hex(csrf);
	token_hash(token, hash);
	if (store_session_put(r->store, hash, u.id, csrf, (int64_t)now,
	                      (int64_t)now + SESSION_SECONDS))
		return LOGIN_ERROR;
	sb_addf(&cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d", SESSION_COOKIE,
	        token, SESSION_SECONDS);
	r->set_cookie = cookie.err ? NULL : arena_strdup(r->arena, cookie.buf);
	sb_release(&cookie);
	if (!(r->user = arena_alloc(r->arena, sizeof(*r->user))))
		return LOGIN_ERROR;
	*r->user = u;
	r->csrf = arena_strdup(r->arena, csrf);
	return r->set_cookie && r->csrf ? LOGIN_OK : LOGIN_ERROR;
}

int auth_logout(struct req *r)
{
	const char *token = req_cookie(r, SESSION_COOKIE);
	char hash[65];
	int rc = 0;

	if (token && is_hex64(token)) {
		token_hash(token, hash);
		cache_session_drop(hash);
		rc = store_session_delete(r->store, hash, (int64_t)time(NULL));
	}
	r->set_cookie = SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
	return rc;
}

void auth_url_encode(struct strbuf *sb, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
			sb_addc(sb, (char)c);
		} else {
			sb_addc(sb, '%');
			sb_addc(sb, hex[c >> 4]);
			sb_addc(sb, hex[c & 15]);
		}
	}
}
