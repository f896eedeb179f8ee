/*
 * store_monitor.c: a declaration's monitoring rounds above the engine: a
 * round with its rows added (with its audit entry), read back, and reviewed
 * through the state machine of model/round_review.h (round_review.def),
 * which says what a round's state takes; the store refuses the rest with
 * its own message and records the event and its audit entry.
 */

#include "../util/err.h"
#include "../util/strbuf.h"
#include "store_core.h"

int store_monitor_add(struct store *s, int64_t decl_id, const struct store_monitor *m,
                      const char *actor, int64_t *id)
{
	static const struct col id_cols[] = { { COL_I64, 0 } };
	const char *now = store_now(s);
	const struct eng_val p[] = {
		ev_int(decl_id), ev_int(m->rev), ev_text(m->as_of), ev_int(m->budget_fen),
		ev_int(m->executed_fen), ev_int(m->exec_rate), ev_int(m->progress),
		ev_text(m->light), ev_int(m->n_at_risk), ev_text(now), ev_text(actor),
	};
	int rc;

	if ((rc = st_row(s, Q_MONITOR_ROUND_ADD, p, N_OF(p), id_cols, N_OF(id_cols), id, NULL)))
		return rc;
	for (size_t i = 0; i < m->n_items; i++) {
		const struct store_monitor_item *it = &m->items[i];
		const struct eng_val q[] = {
			ev_int(*id), ev_int((int64_t)i), ev_str(it->so_far), ev_str(it->expected),
			ev_str(it->reason), ev_str(it->reason_text), ev_str(it->likelihood),
			ev_int(it->at_risk), ev_str(it->light),
		};
		if ((rc = st_exec(s, Q_MONITOR_ITEM_ADD, q, N_OF(q), NULL)))
			return rc;
	}
	return store_audit(s, now, actor, "monitor.add", decl_id, m->rev, m->as_of);
}

/* MONITOR_ROUNDS: a round as struct store_monitor holds it. */
static const struct col round_cols[] = {
	COL(I64, struct store_monitor, id),
	COL(INT, struct store_monitor, rev),
	COL(TEXT, struct store_monitor, as_of),
	COL(I64, struct store_monitor, budget_fen),
	COL(I64, struct store_monitor, executed_fen),
	COL(I64, struct store_monitor, exec_rate),
	COL(I64, struct store_monitor, progress),
	COL(TEXT, struct store_monitor, light),
	COL(INT, struct store_monitor, n_at_risk),
	COL(TEXT, struct store_monitor, created_at),
	COL(TEXT, struct store_monitor, actor),
};

/* MONITOR_ITEMS: a row of a round and its place. */
struct item_row {
	int64_t pos;
	struct store_monitor_item it;
};
static const struct col item_cols[] = {
	COL(I64, struct item_row, pos),
	COL(TEXT, struct item_row, it.so_far),
	COL(TEXT, struct item_row, it.expected),
	COL(TEXT, struct item_row, it.reason),
	COL(TEXT, struct item_row, it.reason_text),
	COL(TEXT, struct item_row, it.likelihood),
	COL(BOOL, struct item_row, it.at_risk),
	COL(TEXT, struct item_row, it.light),
};

/* MONITOR_EVENTS: a review event, its action and states as their ids. */
struct event_row {
	struct store_monitor_event e;
	const char *action, *from, *to;
};
static const struct col event_cols[] = {
	COL(I64, struct event_row, e.round_id),
	COL(TEXT, struct event_row, e.at),
	COL(TEXT, struct event_row, e.actor),
	COL(TEXT, struct event_row, action),
	COL(TEXT, struct event_row, from),
	COL(TEXT, struct event_row, to),
	COL(TEXT, struct event_row, e.comment),
};

/* The reading of one of the lists: the caller's callback, and the arena
 * each row's texts live in until the next. */
struct reading {
	union {
		monitor_fn round;
		monitor_item_fn item;
		monitor_event_fn event;
	} fn;
	void *ctx;
	struct arena a;
};

static int round_row(void *ctx, const struct eng_val *col, size_t n)
{
	struct reading *r = ctx;
	struct store_monitor m = { 0 };
	int rc;

	arena_reset(&r->a);
	if ((rc = cols_read(round_cols, N_OF(round_cols), col, n, &m, &r->a)))
		return rc;
	return r->fn.round(r->ctx, &m);
}

static int item_row(void *ctx, const struct eng_val *col, size_t n)
{
	struct reading *r = ctx;
	struct item_row row = { 0 };
	int rc;

	arena_reset(&r->a);
	if ((rc = cols_read(item_cols, N_OF(item_cols), col, n, &row, &r->a)))
		return rc;
	return r->fn.item(r->ctx, (size_t)row.pos, &row.it);
}

static int event_row(void *ctx, const struct eng_val *col, size_t n)
{
	struct reading *r = ctx;
	struct event_row row = { 0 };
	int rc;

	arena_reset(&r->a);
	if ((rc = cols_read(event_cols, N_OF(event_cols), col, n, &row, &r->a)))
		return rc;
	row.e.action = rr_action_by_id(row.action);
	row.e.from = rr_state_by_id(row.from);
	row.e.to = rr_state_by_id(row.to);
	return r->fn.event(r->ctx, &row.e);
}

/* Runs list statement id for key through row, into r's callback. */
static int read_list(struct store *s, enum stmt_id id, int64_t key, eng_row_fn row,
                     struct reading *r)
{
	const struct eng_val p[] = { ev_int(key) };
	int rc;

	arena_init(&r->a, 1024);
	rc = st_run(s, id, p, N_OF(p), row, r);
	arena_release(&r->a);
	return rc;
}

int store_monitor_rounds(struct store *s, int64_t decl_id, monitor_fn fn, void *ctx)
{
	struct reading r = { .fn.round = fn, .ctx = ctx };

	return read_list(s, Q_MONITOR_ROUNDS, decl_id, round_row, &r);
}

int store_monitor_items(struct store *s, int64_t round_id, monitor_item_fn fn, void *ctx)
{
	struct reading r = { .fn.item = fn, .ctx = ctx };

	return read_list(s, Q_MONITOR_ITEMS, round_id, item_row, &r);
}

int store_monitor_events(struct store *s, int64_t decl_id, monitor_event_fn fn, void *ctx)
{
	struct reading r = { .fn.event = fn, .ctx = ctx };

	return read_list(s, Q_MONITOR_EVENTS, decl_id, event_row, &r);
}

/* MONITOR_ROUND_OF: a round's revision, its place among the declaration's
 * rounds, its date and the state its last review event left it in. */
struct round_of {
	int rev, nth;
	const char *as_of, *state;
};
static const struct col round_of_cols[] = {
	COL(INT, struct round_of, rev),
	COL(INT, struct round_of, nth),
	COL(STR, struct round_of, as_of),
	COL(TEXT, struct round_of, state),
};

int store_monitor_review(struct store *s, int64_t decl_id, int64_t round_id, enum rr_action a,
                         const char *actor, const char *comment)
{
	const struct rr_action_info *ai = rr_action(a);
	const char *now = store_now(s);
	const struct eng_val key[] = { ev_int(round_id), ev_int(decl_id) };
	struct strbuf detail = STRBUF_INIT;
	struct round_of r = { 0 };
	struct arena ar;
	enum rr_state from;
	int rc;

	if (!ai)
		return JX_EINPUT;
	arena_init(&ar, 256);
	/* the round, and the state its last event left it in */
	if ((rc = st_row(s, Q_MONITOR_ROUND_OF, key, N_OF(key), round_of_cols, N_OF(round_of_cols),
	                 &r, &ar)))
		goto out;
	from = rr_state_by_id(r.state);
	if (from == RR__MAX || !(ai->from & (1u << from))) {
		rc = store_refuse(s, JX_ECONFLICT, "第 %d 次监控现为“%s”，不能%s", r.nth,
		                  rr_state_name(from), ai->name);
		goto out;
	}
	{
		const struct eng_val p[] = {
			ev_int(round_id), ev_int(decl_id), ev_text(now), ev_text(actor),
			ev_text(ai->id), ev_text(rr_state_id(from)), ev_text(rr_state_id(ai->to)),
			ev_str(comment),
		};
		if ((rc = st_exec(s, Q_MONITOR_EVENT_ADD, p, N_OF(p), NULL)))
			goto out;
	}
	sb_addf(&detail, "第 %d 次监控（%s）：%s → %s", r.nth, r.as_of, rr_state_id(from),
	        rr_state_id(ai->to));
	if (comment && *comment)
		sb_addf(&detail, "；%s", comment);
	rc = detail.err ? JX_ENOMEM
	                : store_audit(s, now, actor,
	                              ai->to == RR_RETURNED ? "monitor.return" : "monitor.accept",
	                              decl_id, r.rev, detail.buf);
out:
	sb_release(&detail);
	arena_release(&ar);
	return rc;
}
