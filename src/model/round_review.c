/*
 * round_review.c: the tables of round_review.def and the check of a review
 * action against them.
 */
#include <string.h>

#include "../util/text.h"
#include "round_review.h"
#include "state_table.h"

#define S(x) (1u << RR_##x)
#define R(x) (1u << ROLE_##x)

static const struct sm_state states[RR__MAX] = {
#define RSTATE(sym, id, name) [RR_##sym] = { id, name, false },
#include "round_review.def"
#undef RSTATE
};

static const struct rr_action_info actions[RA__MAX] = {
#define RACTION(sym, id, name, from, to, roles, needs) [RA_##sym] = { id, name, from, RR_##to, roles, needs },
#include "round_review.def"
#undef RACTION
};
_Static_assert(offsetof(struct rr_action_info, id) == 0, "SM_BY_ID reads an action's id first");

const char *rr_state_id(enum rr_state s)
{
	return sm_state(states, RR__MAX, s)->id;
}

const char *rr_state_name(enum rr_state s)
{
	return sm_state(states, RR__MAX, s)->name;
}

enum rr_state rr_state_by_id(const char *id)
{
	return (enum rr_state)SM_BY_ID(states, id);
}

const struct rr_action_info *rr_action(enum rr_action a)
{
	return (unsigned)a < RA__MAX ? &actions[a] : NULL;
}

enum rr_action rr_action_by_id(const char *id)
{
	return (enum rr_action)SM_BY_ID(actions, id);
}

const char *rr_refusal(enum rr_action a, enum rr_state s, enum role role, const char *comment)
{
	const struct rr_action_info *ai = rr_action(a);

	if (!ai)
		return "没有这个操作";
	if ((unsigned)role >= ROLE__MAX || !(ai->roles & (1u << role)))
		return "您的角色不能审核运行监控";
	if ((unsigned)s >= RR__MAX || !(ai->from & (1u << s)))
		return s == RR_RETURNED ? "这次监控已退回，不能再审核；请等待填报单位录入更正后的监控"
		                        : "这次监控已审核通过，不能再次审核通过";
	if ((ai->needs & RR_REASON) && (!comment || text_blank(comment, strlen(comment))))
		return "退回需要填写理由";
	return NULL;
}
