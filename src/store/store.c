/*
 * store.c: the store above its engine (engine.h): opens the engine a target
 * names, keeps the store's own messages, and runs the operations; asks the
 * write policy about what the store holds (store_decide_put).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/err.h"
#include "store_core.h"

/* two enums: compared as ints (gcc's -Wenum-compare) */
_Static_assert((int)STORE_BULK == (int)ENG_BULK && (int)STORE_READ == (int)ENG_READ,
               "store.h's transaction flags are the engine's");

int store_open(struct store **out, const char *target, char **errmsg)
{
	const struct engine_ops *ops = engine_for(target);
	struct engine *eng = NULL;
	struct store *s;
	int rc;

	*out = NULL;
	if (errmsg)
		*errmsg = NULL;
	rc = ops->open(&eng, target);
	if (rc) {
		if (eng) {
			if (errmsg)
				*errmsg = strdup(ops->errmsg(eng));
			ops->close(eng);
		}
		return rc;
	}
	if (!(s = calloc(1, sizeof(*s)))) {
		ops->close(eng);
		return JX_ENOMEM;
	}
	s->eng = eng;
	sb_init(&s->err, 1024);
	arena_init(&s->pack, 16384);
	*out = s;
	return 0;
}

const char *store_target_shown(const char *target, char *buf, size_t n)
{
	const char *scheme = strstr(target, "://"), *at, *colon, *p = target;
	struct strbuf sb = STRBUF_INIT;

	if (scheme && (at = strchr(scheme + 3, '@')) && !memchr(scheme + 3, '/', (size_t)(at - scheme - 3)) &&
	    (colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3)))) {
		sb_add(&sb, target, (size_t)(colon + 1 - target));
		sb_adds(&sb, "***");
		p = at;
	}
	while (*p) {
		const char *pw = strstr(p, "password=");
		if (!pw || !scheme || (pw != target && pw[-1] != '?' && pw[-1] != '&')) {
			sb_adds(&sb, p);
			break;
		}
		sb_add(&sb, p, (size_t)(pw + 9 - p));
		sb_adds(&sb, "***");
		p = pw + 9 + strcspn(pw + 9, "&");
	}
	snprintf(buf, n, "%s", sb.err ? "" : sb.buf ? sb.buf : "");
	sb_release(&sb);
	return buf;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	s->eng->ops->close(s->eng);
	store_ov_clear(s);
	arena_release(&s->pack);
	sb_release(&s->err);
	free(s);
}

int store_refuse(struct store *s, int code, const char *fmt, ...)
{
	va_list ap;

	sb_reset(&s->err);
	va_start(ap, fmt);
	sb_vaddf(&s->err, fmt, ap);
	va_end(ap);
	s->own_err = true;
	return code;
}

const char *store_errmsg(struct store *s)
{
	if (!s)
		return "";
	return s->own_err ? s->err.buf : s->eng->ops->errmsg(s->eng);
}

const char *store_now(struct store *s)
{
	time_t t = time(NULL);
	struct tm tm;

	if (t != s->now_t || !s->now[0]) {
		gmtime_r(&t, &tm);
		strftime(s->now, sizeof(s->now), "%Y-%m-%dT%H:%M:%SZ", &tm);
		s->now_t = t;
	}
	return s->now;
}

/* An engine's answer: its message is the one to tell. */
static int engine_said(struct store *s, int rc)
{
	if (rc)
		s->own_err = false;
	return rc;
}

int st_run(struct store *s, enum stmt_id id, const struct eng_val *p, size_t n, eng_row_fn fn,
           void *ctx)
{
	return engine_said(s, s->eng->ops->run(s->eng, id, p, n, fn, ctx, NULL));
}

int st_exec(struct store *s, enum stmt_id id, const struct eng_val *p, size_t n,
            int64_t *changes)
{
	return engine_said(s, s->eng->ops->run(s->eng, id, p, n, NULL, NULL, changes));
}

struct row_into {
	const struct col *t;
	size_t n_t;
	void *out;
	struct arena *a;
	bool found;
};

static int row_into(void *ctx, const struct eng_val *col, size_t n)
{
	struct row_into *r = ctx;

	if (r->found)
		return 0;
	r->found = true;
	return cols_read(r->t, r->n_t, col, n, r->out, r->a);
}

int st_row(struct store *s, enum stmt_id id, const struct eng_val *p, size_t n,
           const struct col *t, size_t n_t, void *out, struct arena *a)
{
	struct row_into r = { t, n_t, out, a, false };
	int rc = st_run(s, id, p, n, row_into, &r);

	if (rc)
		return rc;
	return r.found ? 0 : JX_ENOTFOUND;
}

int store_audit(struct store *s, const char *now, const char *actor, const char *action,
                int64_t decl_id, int rev, const char *detail)
{
	const struct eng_val p[] = {
		ev_text(now), ev_text(actor), ev_text(action), ev_int(decl_id), ev_int(rev),
		ev_str(detail),
	};

	return st_exec(s, Q_INSERT_AUDIT, p, N_OF(p), NULL);
}

void store_busy_timeout(struct store *s, int ms)
{
	s->eng->ops->busy_timeout(s->eng, ms);
}

int store_begin(struct store *s, unsigned flags)
{
	int rc = engine_said(s, s->eng->ops->begin(s->eng, flags));

	s->bulk = !rc && (flags & STORE_BULK);
	return rc;
}

/* A bulk transaction's overview sums go in before the engine commits. */
int store_commit(struct store *s)
{
	int rc;

	if (s->bulk && (rc = store_ov_flush(s)))
		return rc;
	if ((rc = engine_said(s, s->eng->ops->commit(s->eng))))
		return rc;
	s->bulk = false;
	return 0;
}

/* The message of the failure that led here stays the one told. */
int store_rollback(struct store *s)
{
	s->bulk = false;
	store_ov_clear(s);
	return s->eng->ops->rollback(s->eng);
}

/* The columns of LIST_PAGE: a declaration's summary, its state, stored
 * verdict and counts of findings. */
struct page_row {
	struct store_summary sum;
	const char *state;
};
static const struct col page_cols[] = {
	COL(I64, struct page_row, sum.id),
	COL(INT, struct page_row, sum.rev),
	COL(INT, struct page_row, sum.year),
	COL(TEXT, struct page_row, sum.department),
	COL(TEXT, struct page_row, sum.implementer),
	COL(TEXT, struct page_row, sum.name),
	COL(TEXT, struct page_row, sum.category),
	COL(AMOUNT, struct page_row, sum.annual),
	COL(TEXT, struct page_row, sum.updated_at),
	COL(I64, struct page_row, sum.n_ind),
	COL(TEXT, struct page_row, state),
	COL(STR, struct page_row, sum.verdict),
	COL(INT, struct page_row, sum.n_error),
	COL(INT, struct page_row, sum.n_warning),
};

struct page_ctx {
	summary_fn fn;
	void *ctx;
	int64_t *total;
	struct arena a;
};

static int page_row(void *ctx, const struct eng_val *col, size_t n)
{
	struct page_ctx *c = ctx;
	struct page_row r = { 0 };
	int rc;

	arena_reset(&c->a);
	if ((rc = cols_read(page_cols, N_OF(page_cols), col, n, &r, &c->a)))
		return rc;
	r.sum.state = r.state ? wf_state_by_id(r.state) : WS_DRAFT;
	r.sum.total = *c->total;
	return c->fn(c->ctx, &r.sum);
}

int store_list_page(struct store *s, const struct list_filter *f, summary_fn fn, void *ctx)
{
	const struct eng_page q = {
		.year = f->year, .department = f->department, .implementer = f->implementer,
		.state = f->state, .verdict = f->verdict, .has_errors = f->has_errors,
		.text = f->text, .limit = f->limit, .offset = f->offset,
	};
	int64_t total = 0;
	struct page_ctx c = { fn, ctx, &total, { 0 } };
	int rc;

	arena_init(&c.a, 1024);
	rc = engine_said(s, s->eng->ops->list_page(s->eng, &q, page_row, &c, &total));
	arena_release(&c.a);
	return rc;
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
