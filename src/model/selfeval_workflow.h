/*
 * selfeval_workflow.h: states of a year-end self-evaluation and the actions
 * between them, from the table selfeval_workflow.def.
 */
#ifndef JX_SELFEVAL_WORKFLOW_H
#define JX_SELFEVAL_WORKFLOW_H

#include <stdbool.h>

#include "user.h"

enum se_state {
#define STATE(sym, id, name, editable) SES_##sym,
#include "selfeval_workflow.def"
#undef STATE
	SES__MAX
};

enum se_action {
#define ACTION(sym, id, name, from, to, role, needs) SEA_##sym,
#include "selfeval_workflow.def"
#undef ACTION
	SEA__MAX
};

/* What an action needs besides the right role and state. */
enum { SE_REASON = 1 };

struct se_action_info {
	const char *id;             /* "submit" */
	const char *name;           /* 提交 */
	unsigned from;              /* bit set of enum se_state */
	enum se_state to;
	enum role role;
	unsigned needs;
};

const char *se_state_id(enum se_state s);       /* "draft"; "?" when out of range */
const char *se_state_name(enum se_state s);     /* 草稿 */
bool se_state_editable(enum se_state s);        /* the unit may save a revision */
enum se_state se_state_by_id(const char *id);   /* SES__MAX when unknown or NULL */
const struct se_action_info *se_action(enum se_action a);   /* NULL when out of range */
enum se_action se_action_by_id(const char *id); /* SEA__MAX when unknown or NULL */

/*
 * Why user u may not take action a on a self-evaluation in state s with
 * this comment: NULL when it may, else a Chinese message.  Whether u may
 * see the declaration at all is the caller's check (access.c).
 */
const char *se_refusal(enum se_action a, enum se_state s, const struct user *u,
                       const char *comment);

#endif
