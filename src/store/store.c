/*
 * store.c: picks the engine and forwards to its operations; asks the
 * write policy about what the store holds (store_decide_put).
 */
#include <stdlib.h>
#include <string.h>

#include "../util/err.h"
#include "store.h"

int store_open(struct store **out, const char *target, char **errmsg)
{
	const struct store_ops *ops = &store_sqlite_ops;
	int rc;

	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	rc = ops->open(out, target);
	if (rc && *out) {
		if (errmsg)
			*errmsg = strdup(ops->errmsg(*out));
		ops->close(*out);
		*out = NULL;
	}
	return rc;
}

void store_close(struct store *s)
{
	if (s)
		s->ops->close(s);
}

void store_busy_timeout(struct store *s, int ms)
{
	s->ops->busy_timeout(s, ms);
}

int store_begin(struct store *s, unsigned flags)
{
	return s->ops->begin(s, flags);
}

int store_commit(struct store *s)
{
	return s->ops->commit(s);
}

int store_rollback(struct store *s)
{
	return s->ops->rollback(s);
}

int store_put(struct store *s, const struct decl *d, const unsigned char hash[DECL_HASH_BYTES],
              const struct put_opts *o, enum put_result *res, int64_t *id, int *rev)
{
	return s->ops->put(s, d, hash, o, res, id, rev);
}

int store_list(struct store *s, const struct list_filter *f, summary_fn fn, void *ctx)
{
	return s->ops->list(s, f, fn, ctx);
}

int store_get(struct store *s, int64_t id, int rev, struct arena *a, struct decl *out,
              int *rev_out)
{
	return s->ops->get(s, id, rev, a, out, rev_out);
}

int store_list_page(struct store *s, const struct list_filter *f, summary_fn fn, void *ctx)
{
	return s->ops->list_page(s, f, fn, ctx);
}

int store_get_review(struct store *s, int64_t id, int rev, struct arena *a,
                     struct store_review *out)
{
	return s->ops->get_review(s, id, rev, a, out);
}

int store_meta(struct store *s, int64_t id, struct arena *a, struct store_meta *out)
{
	return s->ops->meta(s, id, a, out);
}

int store_history(struct store *s, int64_t id, history_fn fn, void *ctx)
{
	return s->ops->history(s, id, fn, ctx);
}

int store_overview(struct store *s, const struct list_filter *f, overview_fn fn, void *ctx)
{
	return s->ops->overview(s, f, fn, ctx);
}

int store_monitor_add(struct store *s, int64_t decl_id, const struct store_monitor *m,
                      const char *actor, int64_t *id)
{
	return s->ops->monitor_add(s, decl_id, m, actor, id);
}

int store_monitor_rounds(struct store *s, int64_t decl_id, monitor_fn fn, void *ctx)
{
	return s->ops->monitor_rounds(s, decl_id, fn, ctx);
}

int store_monitor_items(struct store *s, int64_t round_id, monitor_item_fn fn, void *ctx)
{
	return s->ops->monitor_items(s, round_id, fn, ctx);
}

int store_monitor_review(struct store *s, int64_t decl_id, int64_t round_id, enum rr_action a,
                         const char *actor, const char *comment)
{
	return s->ops->monitor_review(s, decl_id, round_id, a, actor, comment);
}

int store_monitor_events(struct store *s, int64_t decl_id, monitor_event_fn fn, void *ctx)
{
	return s->ops->monitor_events(s, decl_id, fn, ctx);
}

int store_transition(struct store *s, int64_t id, enum wf_action a, const char *actor,
                     const char *verdict, const char *comment, const char *finding)
{
	return s->ops->transition(s, id, a, actor, verdict, comment, finding);
}

int store_user_add(struct store *s, const struct user *u, const char *actor, int64_t *id)
{
	return s->ops->user_add(s, u, actor, id);
}

int store_user_get(struct store *s, const char *name, struct arena *a, struct user *out)
{
	return s->ops->user_get(s, name, a, out);
}

int store_user_list(struct store *s, user_fn fn, void *ctx)
{
	return s->ops->user_list(s, fn, ctx);
}

int store_user_count(struct store *s, int64_t *n)
{
	return s->ops->user_count(s, n);
}

int store_user_update(struct store *s, const char *name, const char *hash, int disabled,
                      const char *actor)
{
	return s->ops->user_update(s, name, hash, disabled, actor);
}

int store_session_put(struct store *s, const char *hash, int64_t user_id, const char *csrf,
                      int64_t created, int64_t expires)
{
	return s->ops->session_put(s, hash, user_id, csrf, created, expires);
}

int store_session_get(struct store *s, const char *hash, int64_t now, struct arena *a,
                      struct user *u, const char **csrf)
{
	return s->ops->session_get(s, hash, now, a, u, csrf);
}

int store_session_delete(struct store *s, const char *hash, int64_t now)
{
	return s->ops->session_delete(s, hash, now);
}

const char *store_errmsg(struct store *s)
{
	return s ? s->ops->errmsg(s) : "";
}

int store_selfeval_put(struct store *s, int64_t decl_id, const struct store_selfeval *se,
                       int base_rev, int *rev, bool *changed)
{
	return s->ops->selfeval_put(s, decl_id, se, base_rev, rev, changed);
}

int store_selfeval_get(struct store *s, int64_t decl_id, int rev, struct arena *a,
                       struct store_selfeval *out)
{
	return s->ops->selfeval_get(s, decl_id, rev, a, out);
}

int store_selfeval_history(struct store *s, int64_t decl_id, selfeval_history_fn fn, void *ctx)
{
	return s->ops->selfeval_history(s, decl_id, fn, ctx);
}

int store_selfeval_transition(struct store *s, int64_t decl_id, enum se_action a,
                              const char *actor, const char *comment)
{
	return s->ops->selfeval_transition(s, decl_id, a, actor, comment);
}

int store_login_attempt(struct store *s, const char *key, bool known,
                        const struct login_limit *l, bool *allowed)
{
	return s->ops->login_attempt(s, key, known, l, allowed);
}

int store_login_clear(struct store *s, const char *key)
{
	return s->ops->login_clear(s, key);
}

int store_put_target(struct store *s, int64_t id, int year, const char *implementer,
                     const char *name, struct arena *a, struct store_meta *out,
                     unsigned char hash[DECL_HASH_BYTES])
{
	return s->ops->put_target(s, id, year, implementer, name, a, out, hash);
}

int store_decide_put(struct store *s, const struct user *u, int64_t id, const struct decl *d,
                     const unsigned char hash[DECL_HASH_BYTES], struct arena *a,
                     struct store_meta *m, enum wp_decision *out)
{
	unsigned char current[DECL_HASH_BYTES];
	struct wp_target old;
	int rc = store_put_target(s, id, d->year, d->implementer, d->name, a, m, current);

	if (rc == JX_ENOTFOUND) {
		memset(m, 0, sizeof(*m));
		*out = id ? WP_HIDDEN : wp_decide(u, NULL, d->department, d->implementer, true);
		return 0;
	}
	if (rc)
		return rc;
	old = (struct wp_target){ m->department, m->implementer, m->state };
	*out = wp_decide(u, &old, d->department, d->implementer,
	                 memcmp(current, hash, DECL_HASH_BYTES) != 0);
	return 0;
}
