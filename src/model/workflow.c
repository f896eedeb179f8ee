/*
 * workflow.c: the workflow tables of workflow.def and the check of an
 * action against them.
 */
#include <string.h>

#include "workflow.h"
#include "state_table.h"

#define S(x) (1u << WS_##x)

static const struct sm_state states[WS__MAX] = {
#define STATE(sym, id, name, editable, in_force) [WS_##sym] = { id, name, editable },
#include "workflow.def"
#undef STATE
};

static const bool in_force[WS__MAX] = {
#define STATE(sym, id, name, editable, in_force) [WS_##sym] = in_force,
#include "workflow.def"
#undef STATE
};

static const struct wf_action_info actions[WA__MAX] = {
#define ACTION(sym, id, name, from, to, to_in_force, role, needs) \
	[WA_##sym] = { id, name, from, WS_##to, WS_##to_in_force, ROLE_##role, needs },
#include "workflow.def"
#undef ACTION
};
_Static_assert(offsetof(struct wf_action_info, id) == 0, "SM_BY_ID reads an action's id first");

const char *wf_state_id(enum wf_state s)
{
	return sm_state(states, WS__MAX, s)->id;
}

const char *wf_state_name(enum wf_state s)
{
	return sm_state(states, WS__MAX, s)->name;
}

bool wf_state_editable(enum wf_state s)
{
	return sm_state(states, WS__MAX, s)->editable;
}

bool wf_state_in_force(enum wf_state s)
{
	return (unsigned)s < WS__MAX && in_force[s];
}

enum wf_state wf_state_by_id(const char *id)
{
	return (enum wf_state)SM_BY_ID(states, id);
}

const struct wf_action_info *wf_action(enum wf_action a)
{
	return (unsigned)a < WA__MAX ? &actions[a] : NULL;
}

enum wf_action wf_action_by_id(const char *id)
{
	return (enum wf_action)SM_BY_ID(actions, id);
}

enum wf_state wf_action_to(enum wf_action a, enum wf_state from)
{
	const struct wf_action_info *ai = wf_action(a);

	if (!ai)
		return WS__MAX;
	return wf_state_in_force(from) ? ai->to_in_force : ai->to;
}

bool wf_action_restores(enum wf_action a, enum wf_state from)
{
	const struct wf_action_info *ai = wf_action(a);

	return ai && (ai->needs & A_RESTORE) && wf_state_in_force(from);
}

static const char *const verdicts[] = { "", "优", "良", "中", "差" };

enum wf_verdict wf_verdict_by_name(const char *s)
{
	for (int v = WV_EXCELLENT; v <= WV_POOR; v++)
		if (s && strcmp(verdicts[v], s) == 0)
			return (enum wf_verdict)v;
	return WV_NONE;
}

const char *wf_verdict_name(enum wf_verdict v)
{
	return (unsigned)v <= WV_POOR ? verdicts[v] : "";
}

const char *wf_refusal(enum wf_action a, enum wf_state s, const struct user *u,
                       enum wf_verdict v, const char *reason)
{
	const struct wf_action_info *ai = wf_action(a);

	if (!ai)
		return "没有这个操作";
	if (!u || u->role != ai->role)
		return "您的角色不能执行此操作";
	if ((unsigned)s >= WS__MAX || !(ai->from & (1u << s)))
		return "申报表当前的状态不能执行此操作";
	if ((ai->needs & A_REASON) && (!reason || !*reason))
		return "请填写理由";
	if ((ai->needs & A_PASS) && v != WV_EXCELLENT && v != WV_GOOD)
		return "审核通过需要评级为“优”或“良”";
	if ((ai->needs & A_RETURN) && v != WV_FAIR)
		return "退回修改需要评级为“中”";
	if ((ai->needs & A_REJECT) && v != WV_POOR)
		return "不予通过需要评级为“差”";
	return NULL;
}
