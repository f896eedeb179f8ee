/*
 * workflow.c: one step of each of the three workflows (workflow.h).
 */
#include "../util/err.h"
#include "selfeval.h"
#include "workflow.h"

/* A refusal: why, with 400 for an action that does not exist. */
static int refused(struct step *out, const char *why, bool unknown)
{
	*out = (struct step){ unknown ? 400 : 409, why, false };
	return 0;
}

int step_declaration(struct store *s, const struct user *u, const struct store_meta *m,
                     enum wf_action a, int base_rev, enum wf_verdict v, const char *comment,
                     const char *finding, struct step *out)
{
	const char *why = wf_refusal(a, m->state, u, v, comment);

	if (why)
		return refused(out, why, a == WA__MAX);
	if (base_rev >= 0 && base_rev != m->rev) {
		*out = (struct step){ 409, NULL, true };
		return 0;
	}
	*out = (struct step){ 0, NULL, false };
	return store_transition(s, m->id, a, u->name, wf_verdict_name(v), comment, finding);
}

int step_selfeval(struct store *s, const struct profile *p, struct arena *a,
                  const struct user *u, int64_t id, enum se_state state, int current_rev,
                  enum se_action act, int base_rev, const char *comment, struct step *out)
{
	const char *why = se_refusal(act, state, u, comment);
	int rc;

	if (why)
		return refused(out, why, act == SEA__MAX);
	if (base_rev != current_rev) {
		*out = (struct step){ 409, NULL, true };
		return 0;
	}
	if (act == SEA_SUBMIT) {
		if ((rc = selfeval_unexplained(s, p, a, id, &why)))
			return rc;
		if (why)
			return refused(out, why, false);
	}
	*out = (struct step){ 0, NULL, false };
	return store_selfeval_transition(s, id, act, u->name, comment);
}

int step_monitor_round(struct store *s, const struct user *u, int64_t id, int64_t round,
                       enum rr_state state, enum rr_action a, const char *comment,
                       struct step *out)
{
	const char *why = rr_refusal(a, state, u->role, comment);

	if (why)
		return refused(out, why, false);
	*out = (struct step){ 0, NULL, false };
	return store_monitor_review(s, id, round, a, u->name, comment ? comment : "");
}
