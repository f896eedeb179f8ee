/*
 * round_review.h: states of a monitoring round's review and the actions
 * between them, from the table round_review.def.  The department and
 * finance accept a round (已审核) or return it with a reason (已退回); a
 * returned round stays as it was entered and the unit enters a corrected
 * round, a new one.  Finance may still return a round the department has
 * accepted.
 */
#ifndef JX_ROUND_REVIEW_H
#define JX_ROUND_REVIEW_H

#include <stdbool.h>

#include "user.h"

enum rr_state {
#define RSTATE(sym, id, name) RR_##sym,
#include "round_review.def"
#undef RSTATE
	RR__MAX
};

enum rr_action {
#define RACTION(sym, id, name, from, to, roles, needs) RA_##sym,
#include "round_review.def"
#undef RACTION
	RA__MAX
};

/* What an action needs besides the right role and state. */
enum { RR_REASON = 1 };

struct rr_action_info {
	const char *id;             /* "accept" */
	const char *name;           /* 审核通过 */
	unsigned from;              /* bit set of enum rr_state */
	enum rr_state to;
	unsigned roles;             /* bit set of enum role */
	unsigned needs;
};

const char *rr_state_id(enum rr_state s);       /* "pending" */
const char *rr_state_name(enum rr_state s);     /* 待审核 */
enum rr_state rr_state_by_id(const char *id);   /* RR__MAX when unknown */
const struct rr_action_info *rr_action(enum rr_action a);   /* NULL past the end */
enum rr_action rr_action_by_id(const char *id); /* RA__MAX when unknown */

/*
 * Why a user of role `role` may not take action a on a round in state s
 * with this comment: NULL when it may, else a Chinese message.
 */
const char *rr_refusal(enum rr_action a, enum rr_state s, enum role role, const char *comment);

#endif
