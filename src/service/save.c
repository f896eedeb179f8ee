/*
 * save.c: one declaration reviewed, hashed, put to the write policy and
 * stored (save.h).  The front ends only read their input before and answer
 * after.
 */
#include <string.h>

#include "../render/review_json.h"
#include "save.h"

/*
 * Reviews d under p into rv and describes the review as the store keeps it
 * with a revision (json_write_findings_stored): *out points into p, rv and
 * json (its findings JSON, rewritten), so it lives as long as they do.
 * 0 or JX_ENOMEM.
 */
static int review_for_store(const struct profile *p, const struct decl *d, struct review *rv,
                            struct strbuf *json, struct store_review *out)
{
	struct jw w;
	int rc;

	if ((rc = review_decl(p, d, rv)))
		return rc;
	sb_reset(json);
	jw_init(&w, json, false, 0);
	json_write_findings_stored(&w, rv);
	if (json->err)
		return json->err;
	*out = (struct store_review){
		.profile = p->name,
		.verdict = verdict_name(rv->verdict),
		.n_error = (int)rv->count[DIAG_ERROR],
		.n_warning = (int)rv->count[DIAG_WARNING],
		.n_info = (int)rv->count[DIAG_INFO],
		.findings = json->buf,
	};
	return 0;
}

int save_prepare(const struct profile *p, const struct decl *d, struct review *rv,
                 struct strbuf *findings, struct save_prep *out)
{
	int rc;

	if ((rc = review_for_store(p, d, rv, findings, &out->review)))
		return rc;
	decl_hash(d, out->hash);
	return 0;
}

int save_decide(struct store *s, const struct save_req *rq, const struct decl *d,
                const struct save_prep *pp, struct arena *a, struct save_result *out)
{
	memset(out, 0, sizeof(*out));
	out->decision = WP_ADD;
	if (!rq->user)
		return 0;
	return store_decide_put(s, rq->user, rq->id, d, pp->hash, a, &out->meta, &out->decision);
}

int save_store(struct store *s, const struct save_req *rq, const struct decl *d,
               const struct save_prep *pp, struct arena *a, struct save_result *out)
{
	struct put_opts o = {
		.actor = rq->actor, .source = rq->source, .review = &pp->review,
		.id = rq->id, .base_rev = rq->base_rev,
	};
	int rc;

	if ((rc = save_decide(s, rq, d, pp, a, out)) || !wp_allowed(out->decision))
		return rc;
	o.in_review = out->decision == WP_REVIEW;
	if ((rc = store_put(s, d, pp->hash, &o, &out->res, &out->id, &out->rev)))
		return rc;
	out->stored = true;
	return 0;
}

int save_decl(struct store *s, const struct profile *p, const struct save_req *rq,
              const struct decl *d, struct review *rv, struct strbuf *findings,
              struct arena *a, struct save_prep *pp, struct save_result *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = save_prepare(p, d, rv, findings, pp)))
		return rc;
	return save_store(s, rq, d, pp, a, out);
}
