/*
 * save.h: saving one declaration, the one sequence every front end runs
 * (`jixiao import`, the web and API import, PUT /api/v1/declarations/{id},
 * the page editor /d/ID/edit): review it for the store, hash it, ask the
 * write policy (model/write_policy.h) when a web user writes, and store_put
 * it with its review.
 *
 * Two steps, so that a bulk import may run them on two threads:
 * save_prepare (review and hash: pure, no store) and save_store (the write
 * policy and the put: the store's thread, inside the caller's write
 * transaction).  save_decl runs both.
 *
 * Contracts:
 *  - the caller holds the write transaction (store_begin) and commits or
 *    rolls back; nothing here begins, commits or rolls back;
 *  - a refusal of the write policy is not an error: the call returns 0,
 *    out->decision says why (wp_allowed false) and nothing is stored;
 *  - a refusal of the store (an approved declaration, a stale base
 *    revision) is JX_ECONFLICT, with its reason in store_errmsg();
 *  - user NULL is the machine's administrator (whoever holds the database
 *    file): the write policy does not apply and out->decision is WP_ADD.
 */
#ifndef JX_SERVICE_SAVE_H
#define JX_SERVICE_SAVE_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/decl_hash.h"
#include "../model/write_policy.h"
#include "../review/review.h"
#include "../store/store.h"
#include "../util/arena.h"
#include "../util/strbuf.h"

/* A declaration ready to store: its hash and its review as the store keeps
 * it (review.verdict, .n_error, .n_warning: what a front end shows). */
struct save_prep {
	unsigned char hash[DECL_HASH_BYTES];
	struct store_review review; /* points into the profile, rv and findings of save_prepare */
};

/* Who saves, and over what. */
struct save_req {
	const struct user *user;    /* the web user the write policy asks about; NULL: the administrator */
	const char *actor;          /* who: revisions and the audit log */
	const char *source;         /* where from: file:line, "API", "网页编辑" */
	int64_t id;                 /* >0: an edit of this declaration; 0: by its key (an import) */
	int base_rev;               /* >0: JX_ECONFLICT unless this is still the current revision */
};

/* What became of it. */
struct save_result {
	enum wp_decision decision;  /* the write policy's answer; WP_ADD without a user */
	struct store_meta meta;     /* the declaration written over (meta.id 0: none); with a user only */
	bool stored;                /* store_put ran (the decision allowed it) */
	enum put_result res;        /* when stored */
	int64_t id;
	int rev;
};

/*
 * Reviews d under p (rv and findings are the caller's scratch, reused from
 * one declaration to the next) and hashes it, into *out.  Touches no
 * store: a bulk import runs it on its parser thread.  0 or JX_ENOMEM.
 */
int save_prepare(const struct profile *p, const struct decl *d, struct review *rv,
                 struct strbuf *findings, struct save_prep *out);
/*
 * The write policy's answer for rq->user storing d (prepared as *pp), on
 * what the put would write over; WP_ADD without a user.  Strings of
 * out->meta in a.  Inside the write transaction.  0 or a JX_ code.
 */
int save_decide(struct store *s, const struct save_req *rq, const struct decl *d,
                const struct save_prep *pp, struct arena *a, struct save_result *out);
/*
 * save_decide, then, when allowed, store_put d with its review (a
 * reviewer's edit when the decision is WP_REVIEW).  Fills *out; returns 0
 * (stored, or refused by the policy: out->stored false) or a JX_ code
 * (JX_ECONFLICT: refused by the store, store_errmsg says why).
 */
int save_store(struct store *s, const struct save_req *rq, const struct decl *d,
               const struct save_prep *pp, struct arena *a, struct save_result *out);
/* save_prepare, then save_store: one declaration saved, in the caller's
 * write transaction.  *pp receives the hash and review. */
int save_decl(struct store *s, const struct profile *p, const struct save_req *rq,
              const struct decl *d, struct review *rv, struct strbuf *findings,
              struct arena *a, struct save_prep *pp, struct save_result *out);

#endif
