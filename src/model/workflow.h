/*
 * workflow.h: states of a declaration and the actions between them, from
 * the table workflow.def.
 */
#ifndef JX_WORKFLOW_H
#define JX_WORKFLOW_H

#include <stdbool.h>

#include "user.h"

enum wf_state {
#define STATE(sym, id, name, editable) WS_##sym,
#include "workflow.def"
#undef STATE
	WS__MAX
};

enum wf_action {
#define ACTION(sym, id, name, from, to, role, needs) WA_##sym,
#include "workflow.def"
#undef ACTION
	WA__MAX
};

/* What an action needs besides the right role and state. */
enum { A_REASON = 1, A_PASS = 2, A_RETURN = 4, A_REJECT = 8 };

struct wf_action_info {
	const char *id;             /* "submit" */
	const char *name;           /* 提交 */
	unsigned from;              /* bit set of enum wf_state */
	enum wf_state to;
	enum role role;
	unsigned needs;
};

const char *wf_state_id(enum wf_state s);       /* "draft" */
const char *wf_state_name(enum wf_state s);     /* 草稿 */
bool wf_state_editable(enum wf_state s);        /* the unit may edit it */
enum wf_state wf_state_by_id(const char *id);   /* WS__MAX when unknown */
const struct wf_action_info *wf_action(enum wf_action a);
enum wf_action wf_action_by_id(const char *id); /* WA__MAX when unknown */

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
