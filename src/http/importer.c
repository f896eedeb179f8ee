/*
 * importer.c: uploads into the store (importer.h).
 */
#include <stdio.h>
#include <string.h>

#include "../parse/parse_any.h"
#include "../service/save.h"
#include "../util/err.h"
#include "importer.h"

struct ctx {
	struct req *r;
	struct import_result *res;
	struct review rv;
	struct strbuf findings;
	struct arena policy;        /* what the write policy looked up, for one form */
};

/* The write policy's refusal of d, listed with the other problems. */
static int refused(struct ctx *c, const struct decl *d, const struct save_result *sv)
{
	struct import_result *res = c->res;

	sb_reset(&c->findings);
	wp_explain(&c->findings, sv->decision, d, sv->meta.state);
	if (c->findings.err)
		return c->findings.err;
	diag_error(&res->diags, d->file, d->line, NULL, "%s", c->findings.buf);
	res->n_refused++;
	if (!res->status)
		res->status = wp_status(sv->decision);
	return 0;
}

static int sink(void *vctx, const struct decl *d)
{
	struct ctx *c = vctx;
	struct req *r = c->r;
	struct import_result *res = c->res;
	struct save_req rq = { .user = r->user, .actor = r->user->name };
	struct save_prep pp;
	struct save_result sv;
	struct imported *im;
	char source[300];
	int rc;

	arena_reset(&c->policy);
	/* every form is asked, so that all refusals are listed at once; once
	 * there is a problem nothing will be stored: just read on for all */
	if (res->diags.n_error) {
		if ((rc = save_prepare(r->profile, d, &c->rv, &c->findings, &pp)) ||
		    (rc = save_decide(r->store, &rq, d, &pp, &c->policy, &sv)))
			return rc;
		return wp_allowed(sv.decision) ? 0 : refused(c, d, &sv);
	}
	if (res->n == res->cap) {
		size_t cap = res->cap ? res->cap * 2 : 16;
		struct imported *v = arena_realloc(r->arena, res->v, res->cap * sizeof(*v), cap * sizeof(*v));
		if (!v)
			return JX_ENOMEM;
		res->v = v;
		res->cap = cap;
	}
	snprintf(source, sizeof(source), "网页上传 %s:%d", d->file ? d->file : "", d->line);
	rq.source = source;
	rc = save_decl(r->store, r->profile, &rq, d, &c->rv, &c->findings, &c->policy, &pp, &sv);
	if (rc == JX_ECONFLICT) {
		diag_error(&res->diags, d->file, d->line, NULL, "%s", store_errmsg(r->store));
		return 0;
	}
	if (rc)
		return rc;
	if (!sv.stored)
		return refused(c, d, &sv);
	im = &res->v[res->n];
	im->res = sv.res;
	im->id = sv.id;
	im->rev = sv.rev;
	im->name = arena_strdup(r->arena, d->name);
	im->verdict = pp.review.verdict;
	im->n_error = pp.review.n_error;
	im->n_warning = pp.review.n_warning;
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
