/*
 * workflow.h: states of a declaration and the actions between them, from
 * the table workflow.def.
 */
#ifndef JX_WORKFLOW_H
#define JX_WORKFLOW_H

#include <stdbool.h>

#include "user.h"

enum wf_state {
#define STATE(sym, id, name, editable, in_force) WS_##sym,
#include "workflow.def"
#undef STATE
	WS__MAX
};

enum wf_action {
#define ACTION(sym, id, name, from, to, to_in_force, role, needs) WA_##sym,
#include "workflow.def"
#undef ACTION
	WA__MAX
};

/* What an action needs besides the right role and state, and what the store
 * does besides moving the state (workflow.def). */
enum { A_REASON = 1, A_PASS = 2, A_RETURN = 4, A_REJECT = 8, A_APPROVE = 16, A_RESTORE = 32 };

struct wf_action_info {
	const char *id;             /* "submit" */
	const char *name;           /* 提交 */
	unsigned from;              /* bit set of enum wf_state */
	enum wf_state to;
	enum wf_state to_in_force;  /* `to` when it starts from a state in force */
	enum role role;
	unsigned needs;
};

const char *wf_state_id(enum wf_state s);       /* "draft" */
const char *wf_state_name(enum wf_state s);     /* 草稿 */
bool wf_state_editable(enum wf_state s);        /* the unit may edit it */
/* An approved revision is in force: 已批复 or an adjustment of it. */
bool wf_state_in_force(enum wf_state s);
enum wf_state wf_state_by_id(const char *id);   /* WS__MAX when unknown */
const struct wf_action_info *wf_action(enum wf_action a);
enum wf_action wf_action_by_id(const char *id); /* WA__MAX when unknown */
/* The state action a takes a declaration in state `from` to (WS__MAX when
 * a is unknown). */
enum wf_state wf_action_to(enum wf_action a, enum wf_state from);
/* Does action a, from state `from`, drop an adjustment and put the
 * revision in force back (A_RESTORE on a state in force)? */
bool wf_action_restores(enum wf_action a, enum wf_state from);

/* Reviewer verdicts: 优 良 中 差. */
enum wf_verdict { WV_NONE, WV_EXCELLENT, WV_GOOD, WV_FAIR, WV_POOR };
enum wf_verdict wf_verdict_by_name(const char *s);    /* WV_NONE when not one */
const char *wf_verdict_name(enum wf_verdict v);       /* "" for WV_NONE */

/*
 * Why user u may not take action a on a declaration in state s with this
 * verdict and reason: NULL when it may, else a Chinese message.
 */
const char *wf_refusal(enum wf_action a, enum wf_state s, const struct user *u,
                       enum wf_verdict v, const char *reason);

#endif
