/*
 * auth.c: passwords, sessions, CSRF and login throttling (auth.h).  The
 * session cookie carries Secure when the request came over TLS (r->secure:
 * HTTPS at a trusted proxy, see --trust-proxy).
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

/* --- throttling -----------------------------------------------------------
 *
 * Per user name: in the store (store_login_attempt), LOGIN_MAX_FAILURES
 * failures within LOGIN_WINDOW_SECONDS, so that no other traffic can evict
 * a name's failures.  Names without an account are throttled the same way
 * (the answer must not tell which names exist); their records are capped
 * at LOGIN_UNKNOWN_CAP, and each address can add only LOGIN_ADDR_MAX of
 * them per window.
 *
 * Per address: in memory, LOGIN_ADDR_MAX checked attempts within the
 * window.  A slot keeps the times of its address's last LOGIN_ADDR_MAX
 * attempts and is given to another address only when none of them is
 * within the window any more: no traffic can reset an address.  When every
 * slot is in use, the addresses that find none share the overflow slot,
 * throttled together as one address.
 *
 * Both are taken before the password is checked (a reservation, so that
 * concurrent guesses cannot overrun the limit) and given back when the
 * attempt turns out not to be a failed guess.
 */

#define ADDR_SLOTS 4096

struct addr_slot {
	char addr[64];              /* "" in a slot never used */
	time_t at[LOGIN_ADDR_MAX];  /* times of the last attempts; 0 unused */
};

static struct addr_slot addr_slots[ADDR_SLOTS + 1];    /* [ADDR_SLOTS]: the overflow */
static pthread_mutex_t throttle_lock = PTHREAD_MUTEX_INITIALIZER;

/* Attempts of slot within the window; call with the lock held. */
static int addr_recent(const struct addr_slot *slot, time_t now)
{
	int n = 0;

	for (int i = 0; i < LOGIN_ADDR_MAX; i++)
		n += slot->at[i] && now - slot->at[i] < LOGIN_WINDOW_SECONDS;
	return n;
}

/* The slot of addr: its own, a free one, or the overflow; lock held. */
static struct addr_slot *addr_slot_of(const char *addr, time_t now)
{
	struct addr_slot *free_slot = NULL;

	for (int i = 0; i < ADDR_SLOTS; i++) {
		struct addr_slot *slot = &addr_slots[i];
		if (slot->addr[0] && strcmp(slot->addr, addr) == 0)
			return slot;
		if (!free_slot && (!slot->addr[0] || !addr_recent(slot, now)))
			free_slot = slot;
	}
	if (!free_slot || !addr[0] || strlen(addr) >= sizeof(free_slot->addr))
		return &addr_slots[ADDR_SLOTS];
	snprintf(free_slot->addr, sizeof(free_slot->addr), "%s", addr);
	memset(free_slot->at, 0, sizeof(free_slot->at));
	return free_slot;
}

/* An attempt taken from addr's allowance (see addr_take), to give back. */
struct addr_claim {
	struct addr_slot *slot;
	int i;
};

/* Takes one attempt of addr's allowance into *claim; false when addr has
 * used it up within the window. */
static bool addr_take(const char *addr, time_t now, struct addr_claim *claim)
{
	struct addr_slot *slot;
	int oldest = 0;
	bool ok;

	pthread_mutex_lock(&throttle_lock);
	slot = addr_slot_of(addr, now);
	if ((ok = addr_recent(slot, now) < LOGIN_ADDR_MAX)) {
		for (int i = 1; i < LOGIN_ADDR_MAX; i++)
			if (slot->at[i] < slot->at[oldest])
				oldest = i;
		slot->at[oldest] = now;
		*claim = (struct addr_claim){ slot, oldest };
	}
	pthread_mutex_unlock(&throttle_lock);
	return ok;
}

/* Gives an attempt back: it was no failed guess. */
static void addr_give_back(const struct addr_claim *claim)
{
	pthread_mutex_lock(&throttle_lock);
	claim->slot->at[claim->i] = 0;
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

enum login_result auth_login(struct req *r, const char *name, const char *password, int *err)
{
	char key[65], token[65], hash[65], csrf[65];
	time_t now = time(NULL);
	struct login_limit limit = { .now = (int64_t)now, .window = LOGIN_WINDOW_SECONDS,
		                     .max = LOGIN_MAX_FAILURES, .unknown_cap = LOGIN_UNKNOWN_CAP };
	struct addr_claim claim;
	struct user u;
	struct strbuf cookie = STRBUF_INIT;
	bool ok, allowed;
	int rc;

	*err = JX_ENOMEM;
	if (sodium_init() < 0)
		return LOGIN_ERROR;
	if (!name)
		name = "";
	if (!addr_take(r->client ? r->client : "", now, &claim))
		return LOGIN_THROTTLED;
	rc = *name ? store_user_get(r->store, name, r->arena, &u) : JX_ENOTFOUND;
	token_hash(name, key);
	*err = rc && rc != JX_ENOTFOUND ? rc
	       : store_login_attempt(r->store, key, rc == 0, &limit, &allowed);
	if (*err) {
		addr_give_back(&claim);
		return LOGIN_ERROR;
	}
	if (!allowed) {
		addr_give_back(&claim);
		return LOGIN_THROTTLED;
	}
	/* the same work whether or not the user exists */
	pthread_once(&dummy_once, make_dummy);
	ok = password_check(rc ? dummy_hash : u.hash, password ? password : "") && !rc &&
	     !u.disabled;
	if (!ok)
		return LOGIN_BAD;
	addr_give_back(&claim);
	random_hex(token);
	random_hex(csrf);
	token_hash(token, hash);
	if ((*err = store_login_clear(r->store, key)) ||
	    (*err = store_session_put(r->store, hash, u.id, csrf, (int64_t)now,
	                              (int64_t)now + SESSION_SECONDS)))
		return LOGIN_ERROR;
	*err = JX_ENOMEM;
	sb_addf(&cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", SESSION_COOKIE,
	        token, SESSION_SECONDS, r->secure ? "; Secure" : "");
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
	r->set_cookie = r->secure ? SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure"
	                          : SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
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
