/*
 * write_policy.h: the one decision of who may write what in which state.
 *
 * Every path that stores a declaration for a web user asks wp_decide()
 * before store_put: PUT /api/v1/declarations/{id}, the page editor
 * /d/ID/edit, the web and API import, and `jixiao import --as USER`.  The
 * answer depends only on the user's role and binding, the declaration the
 * write lands on (by id for an edit, by the key 年度 + 实施单位 + 项目名称
 * for an import; none for a new one) with its owner and state, the owner
 * (主管部门, 实施单位) the written form gives, and whether the form changes
 * the stored content.  The rows are in write_policy.def; the checks, in
 * order:
 *
 *  1. a declaration the user may not see (user_may_see) does not exist for
 *     the user: HIDDEN (404);
 *  2. the new owner must be the user's (user_may_see), and a unit may not
 *     change the 主管部门 of an existing declaration: FOREIGN for a new one,
 *     MOVE for an existing one (403);
 *  3. a form equal to the current revision writes nothing: UNCHANGED,
 *     in any state;
 *  4. no declaration yet: ADD (it starts as 草稿);
 *  5. the state must be one the role writes in (WRITER rows): EDIT or
 *     REVIEW, else STATE (409).
 *
 * Pure: no HTTP, no store.  The strings are static.
 */
#ifndef JX_WRITE_POLICY_H
#define JX_WRITE_POLICY_H

#include <stdbool.h>

#include "user.h"
#include "workflow.h"

struct decl;
struct strbuf;

enum wp_decision {
#define DECISION(sym, id, allowed, status, message) WP_##sym,
#include "write_policy.def"
#undef DECISION
	WP__MAX
};

/* The declaration a write lands on, as the store has it now. */
struct wp_target {
	const char *department;     /* 主管部门 */
	const char *implementer;    /* 实施单位 */
	enum wf_state state;
};

/*
 * May user u store a form whose owner is (department, implementer) over
 * `old` (NULL: no declaration has the form's key; a new one)?  `changes`
 * is false when the form equals old's current revision (ignored without
 * old).  u NULL is nobody: HIDDEN or FOREIGN.
 */
enum wp_decision wp_decide(const struct user *u, const struct wp_target *old,
                           const char *department, const char *implementer, bool changes);
/* Is the write allowed (ADD, EDIT, REVIEW, UNCHANGED)? */
bool wp_allowed(enum wp_decision d);
/* The HTTP status of the answer: 200 when allowed, else 403, 404 or 409. */
int wp_status(enum wp_decision d);
/* Why it is refused, in Chinese; "" when allowed. */
const char *wp_message(enum wp_decision d);
/* The refusal d of form f as an import lists it, appended to out: the
 * message, then the form's year, 主管部门, 实施单位 and 项目名称, and for a
 * refusal by the state the declaration's state (`state`). */
void wp_explain(struct strbuf *out, enum wp_decision d, const struct decl *f, enum wf_state state);
/* "add", "edit", "review", "unchanged", "hidden", "foreign", "move",
 * "state"; "?" out of range. */
const char *wp_id(enum wp_decision d);

#endif
