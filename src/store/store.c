/*
 * store.c: picks the engine and forwards to its operations.
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
              const char *actor, const char *source, enum put_result *res, int64_t *id,
              int *rev)
{
	return s->ops->put(s, d, hash, actor, source, res, id, rev);
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

const char *store_errmsg(struct store *s)
{
	return s ? s->ops->errmsg(s) : "";
}
