/*
 * write_policy.c: the tables of write_policy.def and the order in which
 * wp_decide() reads them (write_policy.h).
 */
#include <string.h>

#include "../util/strbuf.h"
#include "decl.h"
#include "write_policy.h"

#define S(x) (1u << WS_##x)

/* The states workflow.def marks editable by the unit, as a bit set. */
enum {
	EDITABLE = 0
#define STATE(sym, id, name, editable, in_force) | ((editable) ? S(sym) : 0u)
#include "workflow.def"
#undef STATE
};

static const struct {
	const char *id;
	bool allowed;
	int status;
	const char *message;
} decisions[WP__MAX] = {
#define DECISION(sym, id, allowed, status, message) [WP_##sym] = { id, allowed, status, message },
#include "write_policy.def"
#undef DECISION
};

static const struct {
	unsigned states;            /* bit set of enum wf_state it writes in */
	enum wp_decision how;       /* WP_EDIT or WP_REVIEW */
	bool may_move;              /* may change an existing declaration's 主管部门 */
} writers[ROLE__MAX] = {
#define WRITER(role, states, how, may_move) [ROLE_##role] = { states, WP_##how, may_move },
#include "write_policy.def"
#undef WRITER
};

static bool same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

enum wp_decision wp_decide(const struct user *u, const struct wp_target *old,
                           const char *department, const char *implementer, bool changes)
{
	unsigned role = u ? (unsigned)u->role : ROLE__MAX;

	if (old && !user_may_see(u, old->department, old->implementer))
		return WP_HIDDEN;
	if (role >= ROLE__MAX || !user_may_see(u, department, implementer))
		return old ? WP_MOVE : WP_FOREIGN;
	if (old && !writers[role].may_move && !same(old->department, department))
		return WP_MOVE;
	if (old && !changes)
		return WP_UNCHANGED;
	if (!old)
		return WP_ADD;
	if ((unsigned)old->state < WS__MAX && (writers[role].states & (1u << old->state)))
		return writers[role].how;
	return WP_STATE;
}

bool wp_allowed(enum wp_decision d)
{
	return (unsigned)d < WP__MAX && decisions[d].allowed;
}

int wp_status(enum wp_decision d)
{
	return (unsigned)d < WP__MAX ? decisions[d].status : 500;
}

const char *wp_message(enum wp_decision d)
{
	return (unsigned)d < WP__MAX ? decisions[d].message : "";
}

void wp_explain(struct strbuf *out, enum wp_decision d, const struct decl *f, enum wf_state state)
{
	sb_addf(out, "%s：%d 年度，主管部门“%s”，实施单位“%s”，项目“%s”", wp_message(d), f->year,
	        f->department ? f->department : "", f->implementer ? f->implementer : "",
	        f->name ? f->name : "");
	if (d == WP_STATE)
		sb_addf(out, "，当前状态“%s”", wf_state_name(state));
}

const char *wp_id(enum wp_decision d)
{
	return (unsigned)d < WP__MAX ? decisions[d].id : "?";
}
