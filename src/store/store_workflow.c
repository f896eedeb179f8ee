/*
 * store_workflow.c: a declaration's workflow above the engine
 * (store_transition): the state machine of model/workflow.h decides which
 * action a state takes and where it leads; the store refuses the rest with
 * its own message, records the event, puts the revision in force (批复) or
 * back (an adjustment dropped), and writes the audit entry, with what an
 * adjustment changed in the funds.
 */
#include "../parse/scalar.h"
#include "../util/err.h"
#include "../util/strbuf.h"
#include "store_core.h"

/* The refusal of an action its declaration's state no longer takes. */
#define STATE_CHANGED "申报表 #%lld 的状态已经改变，不能执行此操作（第 %d 版）"

/* The columns of FIND_DECL_BY_ID a transition reads: the current revision
 * and the state. */
struct decl_now {
	int rev;
	const char *state;
};
static const struct col now_cols[] = {
	{ COL_SKIP, 0 },
	COL(INT, struct decl_now, rev),
	{ COL_SKIP, 0 },
	COL(TEXT, struct decl_now, state),
};

/* ADJ_BUDGET: 项目资金总额 and 年度资金申请总额 of the revision in force and
 * of the current one, each pair in that order. */
struct funds {
	struct amount v[4];
};
static const struct col funds_cols[] = {
	COL(AMOUNT, struct funds, v[0]),
	COL(AMOUNT, struct funds, v[1]),
	COL(AMOUNT, struct funds, v[2]),
	COL(AMOUNT, struct funds, v[3]),
};

/* "；调整预算：…" in detail when the current revision (an adjustment) has
 * other funds than the revision in force: 项目资金总额 and 年度资金申请总额,
 * each only when it changes. */
static int adjusted_budget(struct store *s, int64_t id, struct strbuf *detail)
{
	static const char *const what[2] = { "项目资金总额", "年度资金申请总额" };
	const struct eng_val p[] = { ev_int(id) };
	const char *sep = "；调整预算：";
	struct funds f;
	char from[32], to[32];
	int rc = st_row(s, Q_ADJ_BUDGET, p, N_OF(p), funds_cols, N_OF(funds_cols), &f, NULL);

	if (rc == JX_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	for (int k = 0; k < 2; k++) {
		struct amount a = f.v[2 * k], c = f.v[2 * k + 1];
		if (a.set == c.set && a.fen == c.fen)
			continue;
		if (a.set)
			amount_format(from, a.fen);
		if (c.set)
			amount_format(to, c.fen);
		sb_addf(detail, "%s%s %s 元 → %s 元", sep, what[k], a.set ? from : "（空）",
		        c.set ? to : "（空）");
		sep = "，";
	}
	return 0;
}

int store_transition(struct store *s, int64_t id, enum wf_action a, const char *actor,
                     const char *verdict, const char *comment, const char *finding)
{
	const struct wf_action_info *ai = wf_action(a);
	const char *now = store_now(s), *from, *to;
	const struct eng_val key[] = { ev_int(id) };
	struct strbuf detail = STRBUF_INIT, budget = STRBUF_INIT;
	struct decl_now cur = { 0, NULL };
	struct arena ar;
	enum wf_state from_state;
	int64_t changes = 0;
	int rc;

	if (!ai)
		return JX_EINPUT;
	arena_init(&ar, 256);
	/* the state it is in now: one the action starts from */
	if ((rc = st_row(s, Q_FIND_DECL_BY_ID, key, N_OF(key), now_cols, N_OF(now_cols), &cur, &ar)))
		goto out;
	from = cur.state ? cur.state : "";
	from_state = wf_state_by_id(from);
	if (!(ai->from & (1u << from_state))) {
		rc = store_refuse(s, JX_ECONFLICT, STATE_CHANGED, (long long)id, cur.rev);
		goto out;
	}
	to = wf_state_id(wf_action_to(a, from_state));
	/* what an adjustment changes in the funds, read before it is dropped
	 * (nothing yet when it starts: the current revision is the one in force) */
	if (wf_state_in_force(from_state) && (rc = adjusted_budget(s, id, &budget)))
		goto out;
	{
		const struct eng_val p[] = { ev_int(id), ev_text(from), ev_text(to), ev_text(now) };
		if ((rc = st_exec(s, Q_SET_STATE, p, N_OF(p), &changes)))
			goto out;
	}
	if (changes != 1) {
		rc = store_refuse(s, JX_ECONFLICT, STATE_CHANGED, (long long)id, cur.rev);
		goto out;
	}
	if ((ai->needs & A_APPROVE) && (rc = st_exec(s, Q_SET_APPROVED, key, N_OF(key), NULL)))
		goto out;
	/* an adjustment dropped: the revision in force is current again (the
	 * engine's search indexes follow it) */
	if (wf_action_restores(a, from_state) &&
	    (rc = st_exec(s, Q_RESTORE_APPROVED, key, N_OF(key), NULL)))
		goto out;
	{
		const struct eng_val p[] = {
			ev_int(id), ev_int(cur.rev), ev_text(now), ev_text(actor), ev_text(ai->id),
			ev_text(from), ev_text(to), ev_str(verdict), ev_str(comment), ev_str(finding),
		};
		if ((rc = st_exec(s, Q_INSERT_EVENT, p, N_OF(p), NULL)))
			goto out;
	}
	sb_addf(&detail, "%s → %s", from, to);
	if (verdict && *verdict)
		sb_addf(&detail, "；评级 %s", verdict);
	if (finding && *finding)
		sb_addf(&detail, "；针对 %s", finding);
	if (comment && *comment)
		sb_addf(&detail, "；%s", comment);
	sb_add(&detail, budget.buf, budget.len);
	rc = detail.err || budget.err ? JX_ENOMEM
	                              : store_audit(s, now, actor, ai->id, id, cur.rev, detail.buf);
out:
	sb_release(&budget);
	sb_release(&detail);
	arena_release(&ar);
	return rc;
}
