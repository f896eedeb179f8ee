/*
 * workflow.h: one step of a workflow, the sequence every front end runs:
 * the refusal by role, state and reason (model/workflow.h,
 * selfeval_workflow.h, round_review.h), the revision the user saw, what
 * must hold before the step (a self-evaluation's explanations before it is
 * submitted), then the store's transition with its event and audit entry.
 *
 * Contracts:
 *  - the caller holds the write transaction (store_begin) and commits or
 *    rolls back; it has checked that the user may see the declaration
 *    (http/access.c) and passes what it read then (state, revision);
 *  - a refusal is not an error: the call returns 0 with out->status 400
 *    (no such action) or 409 and out->why the reason in Chinese, or
 *    out->stale when the user's revision is no longer current (each front
 *    end words that for its medium); nothing is written then;
 *  - a refusal of the store (someone was quicker) is JX_ECONFLICT, with its
 *    reason in store_errmsg(); other JX_ codes are system failures.
 */
#ifndef JX_SERVICE_WORKFLOW_H
#define JX_SERVICE_WORKFLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "../review/profile.h"
#include "../store/store.h"
#include "../util/arena.h"

/* What became of a step. */
struct step {
	int status;                 /* 0: taken; 400: no such action; 409: refused */
	const char *why;            /* the refusal's reason; NULL when stale */
	bool stale;                 /* refused: the revision seen is no longer current */
};

/* Action a by u on declaration m->id (state and revision as u saw them:
 * base_rev) with the reviewer's verdict, reason and the
 * finding "rule@field" the reason is about (may be NULL); base_rev < 0: not
 * checked. */
int step_declaration(struct store *s, const struct user *u, const struct store_meta *m,
                     enum wf_action a, int base_rev, enum wf_verdict v, const char *comment,
                     const char *finding, struct step *out);
/* Action a by u on declaration id's self-evaluation, in state `state`
 * (SES__MAX: none yet) at revision current_rev, which u saw as base_rev;
 * a submission needs every lost point and shortfall explained (p decides,
 * selfeval_unexplained).  Strings in a. */
int step_selfeval(struct store *s, const struct profile *p, struct arena *a,
                  const struct user *u, int64_t id, enum se_state state, int current_rev,
                  enum se_action act, int base_rev, const char *comment, struct step *out);
/* Review action a by u of monitoring round `round` of declaration id, in
 * state `state`. */
int step_monitor_round(struct store *s, const struct user *u, int64_t id, int64_t round,
                       enum rr_state state, enum rr_action a, const char *comment,
                       struct step *out);

#endif
