/*
 * selfeval_workflow.c: the self-evaluation workflow tables of
 * selfeval_workflow.def and the check of an action against them.
 */
#include "selfeval_workflow.h"
#include "state_table.h"

#define S(x) (1u << SES_##x)

static const struct sm_state states[SES__MAX] = {
#define STATE(sym, id, name, editable) [SES_##sym] = { id, name, editable },
#include "selfeval_workflow.def"
#undef STATE
};

static const struct se_action_info actions[SEA__MAX] = {
#define ACTION(sym, id, name, from, to, role, needs) \
	[SEA_##sym] = { id, name, from, SES_##to, ROLE_##role, needs },
#include "selfeval_workflow.def"
#undef ACTION
};
_Static_assert(offsetof(struct se_action_info, id) == 0, "SM_BY_ID reads an action's id first");

const char *se_state_id(enum se_state s)
{
	return sm_state(states, SES__MAX, s)->id;
}

const char *se_state_name(enum se_state s)
{
	return sm_state(states, SES__MAX, s)->name;
}

bool se_state_editable(enum se_state s)
{
	return sm_state(states, SES__MAX, s)->editable;
}

enum se_state se_state_by_id(const char *id)
{
	return (enum se_state)SM_BY_ID(states, id);
}

const struct se_action_info *se_action(enum se_action a)
{
	return (unsigned)a < SEA__MAX ? &actions[a] : NULL;
}

enum se_action se_action_by_id(const char *id)
{
	return (enum se_action)SM_BY_ID(actions, id);
}

const char *se_refusal(enum se_action a, enum se_state s, const struct user *u,
                       const char *comment)
{
	const struct se_action_info *ai = se_action(a);

	if (!ai)
		return "没有这个操作";
	if (!u || u->role != ai->role)
		return "您的角色不能执行此操作";
	if ((unsigned)s >= SES__MAX || !(ai->from & (1u << s)))
		return "绩效自评当前的状态不能执行此操作";
	if (ai->needs & SE_REASON) {
		while (comment && (*comment == ' ' || *comment == '\t' || *comment == '\r' ||
		                   *comment == '\n'))
			comment++;
		if (!comment || !*comment)
			return "退回须写明理由";
	}
	return NULL;
}
