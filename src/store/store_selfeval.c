/*
 * store_selfeval.c: a declaration's year-end self-evaluation (绩效自评)
 * above the engine: saved as a new revision only once the declaration is
 * in force and while the self-evaluation is not frozen under review or
 * approved, on the revision it was based on (else a conflict); the same
 * document again saves nothing.  Its workflow through the state machine of
 * model/selfeval_workflow.h, with the store's refusals, events and audit
 * entries.
 */
#include <stdio.h>

#include "../util/err.h"
#include "../util/strbuf.h"
#include "store_core.h"

#define BASE_STALE \
	"申报表 #%lld 的绩效自评已有第 %d 版，修改所依据的版本已不是最新：请重新打开后再改"
#define STATE_CHANGED "申报表 #%lld 的绩效自评状态已经改变，不能执行此操作（第 %d 版）"

/* c hundredths as a decimal with at most two decimals: 9153 "91.53", 850 "8.5". */
static void centi_text(char buf[32], int64_t c)
{
	int64_t a = c < 0 ? -c : c;

	if (a % 100 == 0)
		snprintf(buf, 32, "%s%lld", c < 0 ? "-" : "", (long long)(a / 100));
	else if (a % 10 == 0)
		snprintf(buf, 32, "%s%lld.%lld", c < 0 ? "-" : "", (long long)(a / 100),
		         (long long)(a % 100 / 10));
	else
		snprintf(buf, 32, "%s%lld.%02lld", c < 0 ? "-" : "", (long long)(a / 100),
		         (long long)(a % 100));
}

/* SE_STATE: the declaration's state and revision (in force), its
 * self-evaluation's state and current revision (NULL, 0: none). */
struct se_now {
	enum wf_state decl_state;
	int decl_rev;
	enum se_state state;
	int rev;
};
struct se_state_row {
	const char *decl_state;
	int decl_rev;
	const char *state;
	int rev;
};
static const struct col se_state_cols[] = {
	COL(TEXT, struct se_state_row, decl_state),
	COL(INT, struct se_state_row, decl_rev),
	COL(TEXT, struct se_state_row, state),
	COL(INT, struct se_state_row, rev),
};

/* The states of declaration decl_id and of its self-evaluation: state
 * SES__MAX when it has none.  JX_ENOTFOUND when there is no declaration. */
static int selfeval_state(struct store *s, int64_t decl_id, struct se_now *out)
{
	const struct eng_val p[] = { ev_int(decl_id) };
	struct se_state_row r = { 0 };
	struct arena a;
	int rc;

	arena_init(&a, 256);
	rc = st_row(s, Q_SE_STATE, p, N_OF(p), se_state_cols, N_OF(se_state_cols), &r, &a);
	if (!rc)
		*out = (struct se_now){
			.decl_state = r.decl_state ? wf_state_by_id(r.decl_state) : WS__MAX,
			.decl_rev = r.decl_rev,
			.state = se_state_by_id(r.state),
			.rev = r.rev,
		};
	arena_release(&a);
	return rc;
}

int store_selfeval_put(struct store *s, int64_t decl_id, const struct store_selfeval *se,
                       int base_rev, int *rev_out, bool *changed)
{
	const char *now = store_now(s);
	struct se_now cur;
	int64_t changes = 0;
	int rev, rc;
	char total[32], detail[160];

	*changed = false;
	if ((rc = selfeval_state(s, decl_id, &cur)))
		return rc;
	rev = cur.rev;
	if (!wf_state_in_force(cur.decl_state))
		return store_refuse(s, JX_ECONFLICT,
		                    "申报表 #%lld 不是已批复状态（第 %d 版），不能开展绩效自评",
		                    (long long)decl_id, cur.decl_rev);
	if (cur.state != SES__MAX && !se_state_editable(cur.state))
		return store_refuse(s, JX_ECONFLICT, "申报表 #%lld 的绩效自评%s（第 %d 版），不能修改",
		                    (long long)decl_id,
		                    cur.state == SES_APPROVED ? "已批复" : "正在审核", rev);
	if (cur.state == SES__MAX ? base_rev != 0 : base_rev != rev)
		return store_refuse(s, JX_ECONFLICT, BASE_STALE, (long long)decl_id, rev);
	if (cur.state == SES__MAX) {
		const struct eng_val p[] = { ev_int(decl_id), ev_text(now) };
		if ((rc = st_exec(s, Q_SE_INSERT, p, N_OF(p), NULL)))
			return rc;
	} else {
		static const struct col same_cols[] = { { COL_INT, 0 } };
		const struct eng_val p[] = { ev_int(decl_id), ev_int(rev), ev_text(se->document) };
		int same = 0;
		rc = st_row(s, Q_SE_SAME, p, N_OF(p), same_cols, N_OF(same_cols), &same, NULL);
		if (rc && rc != JX_ENOTFOUND)
			return rc;
		if (same == 1) {
			*rev_out = rev;
			return 0;
		}
	}
	rev++;
	{
		const struct eng_val p[] = {
			ev_int(decl_id), ev_int(rev), ev_int(se->decl_rev), ev_text(se->document),
			ev_int(se->total), ev_text(se->grade), ev_text(se->profile), ev_text(now),
			ev_text(se->actor),
		};
		if ((rc = st_exec(s, Q_SE_REV_INSERT, p, N_OF(p), NULL)))
			return rc;
	}
	{
		const struct eng_val p[] = { ev_int(decl_id), ev_int(rev), ev_text(now) };
		if ((rc = st_exec(s, Q_SE_SET_CURRENT, p, N_OF(p), &changes)))
			return rc;
	}
	if (changes != 1)
		return store_refuse(s, JX_ECONFLICT, BASE_STALE, (long long)decl_id, rev);
	centi_text(total, se->total);
	snprintf(detail, sizeof(detail), "第 %d 版，评价申报表第 %d 版；总分 %s，等级 %s", rev,
	         se->decl_rev, total, se->grade);
	if ((rc = store_audit(s, now, se->actor, "selfeval.save", decl_id, rev, detail)))
		return rc;
	*changed = true;
	*rev_out = rev;
	return 0;
}

/* SE_GET: a revision, with the self-evaluation's state as its id. */
struct se_row {
	struct store_selfeval se;
	const char *state;
};
static const struct col se_cols[] = {
	COL(INT, struct se_row, se.rev),
	COL(INT, struct se_row, se.decl_rev),
	COL(TEXT, struct se_row, se.document),
	COL(I64, struct se_row, se.total),
	COL(TEXT, struct se_row, se.grade),
	COL(TEXT, struct se_row, se.profile),
	COL(TEXT, struct se_row, se.created_at),
	COL(TEXT, struct se_row, se.actor),
	COL(TEXT, struct se_row, state),
	COL(INT, struct se_row, se.current_rev),
};

int store_selfeval_get(struct store *s, int64_t decl_id, int rev, struct arena *a,
                       struct store_selfeval *out)
{
	const struct eng_val p[] = { ev_int(decl_id), ev_int(rev) };
	struct se_row r = { .se = *out };
	int rc = st_row(s, Q_SE_GET, p, N_OF(p), se_cols, N_OF(se_cols), &r, a);

	if (rc)
		return rc;
	r.se.state = se_state_by_id(r.state);
	*out = r.se;
	return 0;
}

/* SE_HISTORY: a revision or an event, the event's states as their ids. */
struct history_row {
	struct store_selfeval_history h;
	const char *from, *to;
};
static const struct col history_cols[] = {
	COL(BOOL, struct history_row, h.is_event),
	COL(INT, struct history_row, h.rev),
	COL(TEXT, struct history_row, h.at),
	COL(TEXT, struct history_row, h.actor),
	COL(INT, struct history_row, h.decl_rev),
	COL(I64, struct history_row, h.total),
	COL(TEXT, struct history_row, h.grade),
	COL(TEXT, struct history_row, h.action),
	COL(TEXT, struct history_row, from),
	COL(TEXT, struct history_row, to),
	COL(TEXT, struct history_row, h.comment),
};

struct history_ctx {
	selfeval_history_fn fn;
	void *ctx;
	struct arena a;
};

static int history_row(void *ctx, const struct eng_val *col, size_t n)
{
	struct history_ctx *c = ctx;
	struct history_row r = { 0 };
	int rc;

	arena_reset(&c->a);
	if ((rc = cols_read(history_cols, N_OF(history_cols), col, n, &r, &c->a)))
		return rc;
	r.h.from = se_state_by_id(r.from);
	r.h.to = se_state_by_id(r.to);
	return c->fn(c->ctx, &r.h);
}

int store_selfeval_history(struct store *s, int64_t decl_id, selfeval_history_fn fn, void *ctx)
{
	const struct eng_val p[] = { ev_int(decl_id) };
	struct history_ctx c = { fn, ctx, { 0 } };
	int rc;

	arena_init(&c.a, 1024);
	rc = st_run(s, Q_SE_HISTORY, p, N_OF(p), history_row, &c);
	arena_release(&c.a);
	return rc;
}

int store_selfeval_transition(struct store *s, int64_t decl_id, enum se_action a,
                              const char *actor, const char *comment)
{
	const struct se_action_info *ai = se_action(a);
	const char *now = store_now(s);
	struct strbuf detail = STRBUF_INIT;
	struct se_now cur;
	int64_t changes = 0;
	int rc;
	char action[48];

	if (!ai)
		return JX_EINPUT;
	if ((rc = selfeval_state(s, decl_id, &cur)))
		return rc;
	if (cur.state == SES__MAX)
		return JX_ENOTFOUND;
	if (!(ai->from & (1u << cur.state)))
		return store_refuse(s, JX_ECONFLICT, STATE_CHANGED, (long long)decl_id, cur.rev);
	{
		const struct eng_val p[] = {
			ev_int(decl_id), ev_text(se_state_id(cur.state)), ev_text(se_state_id(ai->to)),
			ev_text(now),
		};
		if ((rc = st_exec(s, Q_SE_SET_STATE, p, N_OF(p), &changes)))
			return rc;
	}
	if (changes != 1)
		return store_refuse(s, JX_ECONFLICT, STATE_CHANGED, (long long)decl_id, cur.rev);
	{
		const struct eng_val p[] = {
			ev_int(decl_id), ev_int(cur.rev), ev_text(now), ev_text(actor), ev_text(ai->id),
			ev_text(se_state_id(cur.state)), ev_text(se_state_id(ai->to)), ev_str(comment),
		};
		if ((rc = st_exec(s, Q_SE_EVENT_INSERT, p, N_OF(p), NULL)))
			return rc;
	}
	sb_addf(&detail, "%s → %s", se_state_id(cur.state), se_state_id(ai->to));
	if (comment && *comment)
		sb_addf(&detail, "；%s", comment);
	snprintf(action, sizeof(action), "selfeval.%s", ai->id);
	rc = detail.err ? JX_ENOMEM : store_audit(s, now, actor, action, decl_id, cur.rev, detail.buf);
	sb_release(&detail);
	return rc;
}
