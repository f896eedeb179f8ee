/*
 * store_users.c: the web application's users, their sessions and the login
 * throttle above the engine: a user added (refused when the name is taken)
 * or changed, with its audit entry, and every session of a changed user
 * ended; sessions put, read and ended; the failed logins per user name
 * counted in one statement, so that concurrent attempts cannot both take
 * the last one.
 */
#include <stdio.h>

#include "../util/err.h"
#include "store_core.h"

/* USER_GET, USER_LIST: a user, its role as its id. */
struct user_row {
	struct user u;
	const char *role;
};
static const struct col user_cols[] = {
	COL(I64, struct user_row, u.id),
	COL(TEXT, struct user_row, u.name),
	COL(TEXT, struct user_row, role),
	COL(TEXT, struct user_row, u.unit),
	COL(TEXT, struct user_row, u.department),
	COL(TEXT, struct user_row, u.hash),
	COL(BOOL, struct user_row, u.disabled),
};

/* The user of a row read through user_cols. */
static struct user user_of(const struct user_row *r)
{
	struct user u = r->u;

	u.role = r->role ? role_by_id(r->role) : ROLE__MAX;
	return u;
}

int store_user_add(struct store *s, const struct user *u, const char *actor, int64_t *id)
{
	static const struct col id_cols[] = { { COL_I64, 0 } };
	const char *now = store_now(s);
	const struct eng_val p[] = {
		ev_text(u->name), ev_text(role_id(u->role)), ev_str(u->unit), ev_str(u->department),
		ev_text(u->hash), ev_text(now),
	};
	char detail[160];
	int rc = st_row(s, Q_USER_ADD, p, N_OF(p), id_cols, N_OF(id_cols), id, NULL);

	/* no row: the name is taken (nothing inserted) */
	if (rc == JX_ENOTFOUND)
		return JX_EEXIST;
	if (rc)
		return rc;
	snprintf(detail, sizeof(detail), "%s (%s)", u->name, role_id(u->role));
	return store_audit(s, now, actor, "user.add", 0, 0, detail);
}

int store_user_get(struct store *s, const char *name, struct arena *a, struct user *out)
{
	const struct eng_val p[] = { ev_text(name) };
	struct user_row r = { 0 };
	int rc = st_row(s, Q_USER_GET, p, N_OF(p), user_cols, N_OF(user_cols), &r, a);

	if (rc)
		return rc;
	*out = user_of(&r);
	return 0;
}

struct user_list {
	user_fn fn;
	void *ctx;
	struct arena a;
};

static int user_row(void *ctx, const struct eng_val *col, size_t n)
{
	struct user_list *l = ctx;
	struct user_row r = { 0 };
	struct user u;
	int rc;

	arena_reset(&l->a);
	if ((rc = cols_read(user_cols, N_OF(user_cols), col, n, &r, &l->a)))
		return rc;
	u = user_of(&r);
	return l->fn(l->ctx, &u);
}

int store_user_list(struct store *s, user_fn fn, void *ctx)
{
	struct user_list l = { fn, ctx, { 0 } };
	int rc;

	arena_init(&l.a, 1024);
	rc = st_run(s, Q_USER_LIST, NULL, 0, user_row, &l);
	arena_release(&l.a);
	return rc;
}

int store_user_count(struct store *s, int64_t *n)
{
	static const struct col n_cols[] = { { COL_I64, 0 } };
	int rc;

	*n = 0;
	rc = st_row(s, Q_USER_COUNT, NULL, 0, n_cols, N_OF(n_cols), n, NULL);
	return rc == JX_ENOTFOUND ? 0 : rc;
}

int store_user_update(struct store *s, const char *name, const char *hash, int disabled,
                      const char *actor)
{
	const struct eng_val key[] = { ev_text(name) };
	int64_t changed = 0, n;
	int rc;

	if (hash) {
		const struct eng_val p[] = { ev_text(name), ev_text(hash) };
		if ((rc = st_exec(s, Q_USER_SET_HASH, p, N_OF(p), &n)))
			return rc;
		changed += n;
	}
	if (disabled >= 0) {
		const struct eng_val p[] = { ev_text(name), ev_int(disabled) };
		if ((rc = st_exec(s, Q_USER_SET_DISABLED, p, N_OF(p), &n)))
			return rc;
		changed += n;
	}
	if (!changed)
		return JX_ENOTFOUND;
	if ((rc = st_exec(s, Q_SESSIONS_OF_USER_DELETE, key, N_OF(key), NULL)))
		return rc;
	return store_audit(s, store_now(s), actor,
	                   hash ? "user.password" : disabled ? "user.disable" : "user.enable", 0, 0,
	                   name);
}

int store_session_put(struct store *s, const char *hash, int64_t user_id, const char *csrf,
                      int64_t created, int64_t expires)
{
	const struct eng_val p[] = {
		ev_text(hash), ev_int(user_id), ev_text(csrf), ev_int(created), ev_int(expires),
	};

	return st_exec(s, Q_SESSION_PUT, p, N_OF(p), NULL);
}

/* SESSION_GET: the session's user (no password hash) and its CSRF token. */
struct session_row {
	struct user_row r;
	const char *csrf;
};
static const struct col session_cols[] = {
	COL(I64, struct session_row, r.u.id),
	COL(TEXT, struct session_row, r.u.name),
	COL(TEXT, struct session_row, r.role),
	COL(TEXT, struct session_row, r.u.unit),
	COL(TEXT, struct session_row, r.u.department),
	COL(BOOL, struct session_row, r.u.disabled),
	COL(TEXT, struct session_row, csrf),
};

int store_session_get(struct store *s, const char *hash, int64_t now, struct arena *a,
                      struct user *u, const char **csrf)
{
	const struct eng_val p[] = { ev_text(hash), ev_int(now) };
	struct session_row row = { { { 0 }, NULL }, NULL };
	int rc = st_row(s, Q_SESSION_GET, p, N_OF(p), session_cols, N_OF(session_cols), &row, a);

	if (rc)
		return rc;
	row.r.u.hash = "";
	*u = user_of(&row.r);
	*csrf = row.csrf;
	return 0;
}

int store_session_delete(struct store *s, const char *hash, int64_t now)
{
	const struct eng_val p[] = { ev_text(hash), ev_int(now) };

	return st_exec(s, Q_SESSION_DELETE, p, N_OF(p), NULL);
}

int store_login_attempt(struct store *s, const char *key, bool known,
                        const struct login_limit *l, bool *allowed)
{
	const struct eng_val prune[] = { ev_int(l->now - l->window) };
	const struct eng_val cap[] = { ev_int(l->unknown_cap > 0 ? l->unknown_cap - 1 : 0) };
	const struct eng_val try[] = {
		ev_text(key), ev_int(known), ev_int(l->now), ev_int(l->now - l->window),
		ev_int(l->max),
	};
	int64_t changes = 0;
	int rc;

	*allowed = false;
	if ((rc = st_exec(s, Q_LOGIN_PRUNE, prune, N_OF(prune), NULL)))
		return rc;
	/* for a known name too: the same work whether or not the name exists */
	if ((rc = st_exec(s, Q_LOGIN_CAP, cap, N_OF(cap), NULL)))
		return rc;
	if ((rc = st_exec(s, Q_LOGIN_TRY, try, N_OF(try), &changes)))
		return rc;
	*allowed = changes == 1;
	return 0;
}

int store_login_clear(struct store *s, const char *key)
{
	const struct eng_val p[] = { ev_text(key) };

	return st_exec(s, Q_LOGIN_CLEAR, p, N_OF(p), NULL);
}
