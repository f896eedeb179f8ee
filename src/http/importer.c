/*
 * importer.c: uploads into the store (importer.h).
 */
#include <stdio.h>
#include <string.h>

#include "../model/decl_hash.h"
#include "../parse/parse_any.h"
#include "../render/review_json.h"
#include "../review/review.h"
#include "../util/err.h"
#include "importer.h"

struct ctx {
	struct req *r;
	struct import_result *res;
	struct review rv;
	struct strbuf findings;
	struct arena policy;        /* what the write policy looked up, for one form */
};

static int sink(void *vctx, const struct decl *d)
{
	struct ctx *c = vctx;
	struct req *r = c->r;
	struct import_result *res = c->res;
	unsigned char hash[DECL_HASH_BYTES];
	struct store_review sr;
	struct put_opts o = { .actor = r->user->name, .review = &sr };
	struct store_meta m;
	enum wp_decision wd;
	struct imported *im;
	char source[300];
	int rc;

	/* every form is asked, so that all refusals are listed at once */
	decl_hash(d, hash);
	arena_reset(&c->policy);
	if ((rc = store_decide_put(r->store, r->user, 0, d, hash, &c->policy, &m, &wd)))
		return rc;
	if (!wp_allowed(wd)) {
		sb_reset(&c->findings);
		wp_explain(&c->findings, wd, d, m.state);
		if (c->findings.err)
			return c->findings.err;
		diag_error(&res->diags, d->file, d->line, NULL, "%s", c->findings.buf);
		res->n_refused++;
		if (!res->status)
			res->status = wp_status(wd);
		return 0;
	}
	if (res->diags.n_error)
		return 0;   /* nothing will be stored: just read on for all problems */
	o.in_review = wd == WP_REVIEW;
	if ((rc = review_for_store(r->profile, d, &c->rv, &c->findings, &sr)))
		return rc;
	snprintf(source, sizeof(source), "网页上传 %s:%d", d->file ? d->file : "", d->line);
	o.source = source;
	if (res->n == res->cap) {
		size_t cap = res->cap ? res->cap * 2 : 16;
		struct imported *v = arena_realloc(r->arena, res->v, res->cap * sizeof(*v), cap * sizeof(*v));
		if (!v)
			return JX_ENOMEM;
		res->v = v;
		res->cap = cap;
	}
	im = &res->v[res->n];
	rc = store_put(r->store, d, hash, &o, &im->res, &im->id, &im->rev);
	if (rc == JX_ECONFLICT) {
		diag_error(&res->diags, d->file, d->line, NULL, "%s", store_errmsg(r->store));
		return 0;
	}
	if (rc)
		return rc;
	im->name = arena_strdup(r->arena, d->name);
	im->verdict = sr.verdict;
	im->n_error = sr.n_error;
	im->n_warning = sr.n_warning;
	if (!im->name)
		return JX_ENOMEM;
	res->n++;
	return 0;
}

int web_import(struct req *r, const char *data, size_t n, const char *name,
               struct import_result *res)
{
	struct ctx c = { .r = r, .res = res };
	struct parse_opts opts = { .sink = sink, .sink_ctx = &c };
	int rc;

	memset(res, 0, sizeof(*res));
	diags_init(&res->diags);
	if (!n) {
		diag_error(&res->diags, name, 0, NULL, "上传的内容为空");
		return 0;
	}
	review_init(&c.rv);
	sb_init(&c.findings, 0);
	arena_init(&c.policy, 1024);
	if ((rc = store_begin(r->store, 0)))
		goto out;
	rc = parse_memory(data, n, name, &res->diags, &opts);
	if (rc || res->diags.n_error) {
		store_rollback(r->store);
		res->n = 0;
	} else if ((rc = store_commit(r->store))) {
		store_rollback(r->store);
	}
out:
	review_release(&c.rv);
	sb_release(&c.findings);
	arena_release(&c.policy);
	return rc;
}

int import_status(const struct import_result *res)
{
	if (!res->diags.n_error)
		return 200;
	return res->n_refused == res->diags.n_error && res->status ? res->status : 422;
}
