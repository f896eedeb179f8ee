/*
 * store.h: where declarations are kept, behind one interface.
 *
 * The store keeps the domain's policy (revisions, the workflows, conflicts,
 * the audit log) and runs its statements through an engine (engine.h):
 * SQLite is the embedded default, PostgreSQL serves a city or a province.
 * Nothing outside store/ includes a database header.  Every operation
 * returns 0 or a JX_ error code, and store_errmsg() says why.
 *
 * Revisions: a declaration is keyed by year + 实施单位 + 项目名称.  Putting a
 * declaration whose content equals the current revision changes nothing; a
 * changed one becomes a new revision; nothing is ever overwritten.  Every
 * change is written to an append-only audit log.
 */
#ifndef JX_STORE_H
#define JX_STORE_H

#include <stdint.h>

#include "../model/decl.h"
#include "../model/decl_hash.h"
#include "../model/round_review.h"
#include "../model/user.h"
#include "../model/workflow.h"
#include "../model/selfeval_workflow.h"
#include "../model/write_policy.h"

struct store;

enum put_result { PUT_ADDED, PUT_UPDATED, PUT_UNCHANGED };

struct store_summary {
	int64_t id;
	int rev;
	int year;
	const char *department;
	const char *implementer;
	const char *name;
	const char *category;
	struct amount annual;
	const char *updated_at;     /* ISO 8601, UTC */
	size_t n_ind;
	/* list_page only: */
	enum wf_state state;
	const char *verdict;        /* the stored review's suggestion; "" when none */
	int n_error, n_warning;
	int64_t total;              /* rows matching the filter, before paging */
};

/* Called for each row of a listing; returns 0 to go on. */
typedef int (*summary_fn)(void *ctx, const struct store_summary *s);

struct list_filter {
	int year;                   /* 0: any */
	const char *department;     /* NULL: any */
	/* list_page only: */
	const char *implementer;    /* NULL: any */
	const char *state;          /* a wf_state id; NULL: any */
	const char *verdict;        /* 优 良 中 差; NULL: any */
	bool has_errors;
	const char *text;           /* in the name, goals, indicator names or values; NULL: any */
	int limit, offset;          /* limit 0: all */
};

/* The review stored with a revision (docs/rules.md). */
struct store_review {
	const char *profile;
	const char *verdict;        /* 优 良 中 差 */
	int n_error, n_warning, n_info;
	const char *findings;       /* the JSON array of `jixiao check --format json` */
};

/* How to store a declaration (store_put). */
struct put_opts {
	const char *actor;          /* who: revisions and the audit log */
	const char *source;         /* where from: file:line, "web", "api" */
	const struct store_review *review;  /* stored with a new revision; may be NULL */
	int64_t id;                 /* >0: an edit of this declaration (its key may change) */
	int base_rev;               /* >0: JX_ECONFLICT unless this is still the current revision */
	bool in_review;             /* a reviewer's edit: a state under review takes it too */
};

/* A declaration's place in the workflow and what access checks need. */
struct store_meta {
	int64_t id;
	int rev;
	enum wf_state state;
	int year;
	const char *department;
	const char *implementer;
	const char *name;
	/* the approved revision in force (workflow.def): the current one when
	 * 已批复, the one an adjustment (调整) started from while it is drafted
	 * and reviewed; 0 before the first 批复 */
	int approved_rev;
};

/* One line of a declaration's history: a revision or a workflow event. */
struct store_history {
	bool is_event;
	int rev;
	const char *at, *actor;
	/* revision */
	const char *source;
	const char *verdict;        /* "" when no review is stored */
	int n_error, n_warning, n_info;
	/* event */
	const char *action;         /* a wf_action id */
	enum wf_state from, to;
	const char *comment;
	const char *finding;        /* "rule@field" the comment is about; "" for a general one */
};
typedef int (*history_fn)(void *ctx, const struct store_history *h);

/* A row of the overview, by its kind: */
enum overview_kind {
	OV_GROUP,       /* declarations of one year, department, state and suggested verdict */
	OV_RULE,        /* how often a review rule fired (the ten most frequent) */
	OV_LIGHT,       /* declarations of one year and department whose latest
	                 * monitoring round has this light, with that round's budget
	                 * and execution */
	OV_SELFEVAL,    /* self-evaluations of one year and department in one state
	                 * (a wf_state id of selfeval_workflow.def) with one grade,
	                 * with the year's budget and execution of their current
	                 * revisions */
};
struct store_overview {
	enum overview_kind kind;
	int year;
	const char *department;
	enum wf_state state;
	const char *verdict;
	const char *rule;
	const char *light;          /* green yellow red */
	const char *se_state, *grade;   /* OV_SELFEVAL */
	int64_t count;
	int64_t annual_fen;         /* OV_GROUP: the annual funds; OV_LIGHT, OV_SELFEVAL: the budget */
	int64_t executed_fen;       /* OV_LIGHT, OV_SELFEVAL */
};
typedef int (*overview_fn)(void *ctx, const struct store_overview *o);

/* A monitoring round (绩效运行监控) and its rows, one per indicator. */
struct store_monitor_item {
	const char *so_far, *expected;
	const char *reason, *reason_text;   /* 经费保障… and the explanation */
	const char *likelihood;             /* 确定能 有可能 完全不可能 */
	bool at_risk;
	const char *light;                  /* green yellow red; "" in rounds entered
	                                     * before indicators had lights (migration 11) */
};
struct store_monitor {
	int64_t id;
	int rev;                    /* the revision the round follows */
	const char *as_of;          /* YYYY-MM-DD */
	int64_t budget_fen, executed_fen;
	int64_t exec_rate, progress;    /* percent in hundredths */
	const char *light;          /* green yellow red: the project's, the worst of the
	                             * budget's and the indicators' (before migration 11:
	                             * the budget's alone) */
	int n_at_risk;
	const char *created_at, *actor;
	const struct store_monitor_item *items;     /* store_monitor_add only */
	size_t n_items;
};
typedef int (*monitor_fn)(void *ctx, const struct store_monitor *m);
typedef int (*monitor_item_fn)(void *ctx, size_t pos, const struct store_monitor_item *it);
/* A review event of a monitoring round (round_review.def). */
struct store_monitor_event {
	int64_t round_id;
	const char *at, *actor;
	enum rr_action action;
	enum rr_state from, to;
	const char *comment;
};
typedef int (*monitor_event_fn)(void *ctx, const struct store_monitor_event *e);
typedef int (*user_fn)(void *ctx, const struct user *u);

/* A revision of a declaration's year-end self-evaluation (绩效自评): the
 * whole input as the jixiao.selfeval/1 document of FORMAT.md part 2 (so it
 * can be read and scored again), and what it scored when it was saved. */
struct store_selfeval {
	int rev;                    /* 1, 2, … */
	int decl_rev;               /* the revision of the declaration it evaluates */
	const char *document;       /* the jixiao.selfeval/1 JSON text (with 实际完成情况) */
	int64_t total;              /* the total in hundredths: 9153 is 91.53 */
	const char *grade;          /* 优 良 中 差 */
	const char *profile;        /* the profile it was scored under */
	const char *created_at, *actor;
	/* store_selfeval_get only: the self-evaluation as it is now */
	enum se_state state;
	int current_rev;
};
/* One line of a self-evaluation's history: a revision or a workflow event. */
struct store_selfeval_history {
	bool is_event;
	int rev;                    /* an event: the revision current when it happened */
	const char *at, *actor;
	/* revision */
	int decl_rev;
	int64_t total;
	const char *grade;
	/* event */
	const char *action;         /* an se_action id */
	enum se_state from, to;
	const char *comment;
};
typedef int (*selfeval_history_fn)(void *ctx, const struct store_selfeval_history *h);

/* The login throttle's limit per user name (store_login_attempt). */
struct login_limit {
	int64_t now;                /* seconds since the epoch */
	int64_t window;             /* a failure counts for this many seconds */
	int max;                    /* failures within the window that lock the name */
	int64_t unknown_cap;        /* at most this many records of names without an account */
};

/*
 * Opens the store at `target`: a file path for SQLite (created and migrated
 * to the current schema when needed).  On failure *out is NULL and, when
 * errmsg is given, it receives a copy of the reason (caller frees).
 */
int store_open(struct store **out, const char *target, char **errmsg);
void store_close(struct store *s);
/*
 * The target as it may be shown (messages, logs): a URI's password, between
 * "user:" and "@" or as a password= parameter, becomes "***".  Writes into
 * buf (n bytes, cut if shorter) and returns it.
 */
const char *store_target_shown(const char *target, char *buf, size_t n);
/* Flags of store_begin. */
enum {
	/* The transaction will write a lot (an import): the engine may take a
	 * faster way to store it that keeps every guarantee of the store. */
	STORE_BULK = 1,
	/* The transaction only reads: a snapshot that never waits on a writer
	 * nor makes one wait (WAL read transaction on SQLite). */
	STORE_READ = 2,
};

/* How long a statement waits for another connection's lock before it
 * fails with JX_EBUSY (5 s unless set). */
void store_busy_timeout(struct store *s, int ms);
/* Starts the one transaction of a command: a write transaction unless
 * STORE_READ; see STORE_BULK.  JX_EBUSY when another writer holds the
 * store past the busy timeout; JX_EFULL when the disk is full (nothing of
 * the transaction is kept then).  Any operation may fail with either, and
 * store_errmsg then says so in Chinese ("数据库正忙…", "磁盘已满…").  A write
 * in a STORE_READ transaction fails (JX_ESTORE). */
int store_begin(struct store *s, unsigned flags);
int store_commit(struct store *s);
/* Ends the transaction, keeping nothing of it.  When the engine already
 * undid it after a failure, there is nothing to do, and store_errmsg keeps
 * telling that failure. */
int store_rollback(struct store *s);
/* Stores d (a new declaration, a new revision or nothing): see above.
 * `hash` is decl_hash(d), computed by the caller (on whichever thread it
 * likes); `o` says who, from where, the review to keep and what the caller
 * based an edit on.  A declaration whose workflow state is not editable
 * (wf_state_editable) gets no new revision: JX_ECONFLICT, as when
 * o->base_rev is no longer current (nothing is written then).  After any
 * other error, part of d may have been written: the caller rolls the
 * transaction back.  The store keeps no pointer into its arguments after it
 * returns. */
int store_put(struct store *s, const struct decl *d, const unsigned char hash[DECL_HASH_BYTES],
              const struct put_opts *o, enum put_result *res, int64_t *id, int *rev);
/* Current revisions in id order. */
int store_list(struct store *s, const struct list_filter *f, summary_fn fn, void *ctx);
/* Reads revision `rev` (0: the current one) of declaration `id` into *out,
 * its strings in `a`.  JX_ENOTFOUND when there is no such declaration. */
int store_get(struct store *s, int64_t id, int rev, struct arena *a, struct decl *out,
              int *rev_out);
/* A page of current revisions with their state and stored review, by the
 * filter; every row carries the total. */
int store_list_page(struct store *s, const struct list_filter *f, summary_fn fn, void *ctx);
/* The review stored with revision `rev` (0: current); JX_ENOTFOUND if none. */
int store_get_review(struct store *s, int64_t id, int rev, struct arena *a,
                     struct store_review *out);
/* State, current revision and key of a declaration; JX_ENOTFOUND if none. */
int store_meta(struct store *s, int64_t id, struct arena *a, struct store_meta *out);
/* Revisions and workflow events of a declaration, oldest first (revisions
 * first, then events). */
int store_history(struct store *s, int64_t id, history_fn fn, void *ctx);
/* The overview of the current revisions the filter (year, department,
 * implementer) lets through: first the groups, then the ten most frequent
 * review rules, then the lights of the latest monitoring rounds, then the
 * self-evaluations. */
int store_overview(struct store *s, const struct list_filter *f, overview_fn fn, void *ctx);
/* Monitoring rounds: added with their rows and the audit log, then kept as
 * they are; listed oldest first. */
int store_monitor_add(struct store *s, int64_t decl_id, const struct store_monitor *m,
                      const char *actor, int64_t *id);
int store_monitor_rounds(struct store *s, int64_t decl_id, monitor_fn fn, void *ctx);
int store_monitor_items(struct store *s, int64_t round_id, monitor_item_fn fn, void *ctx);
/* Reviews round `round_id` of declaration `decl_id` (round_review.def):
 * JX_ENOTFOUND when the declaration has no such round, JX_ECONFLICT (the
 * reason in store_errmsg) when the round's state is not one the action
 * starts from.  Writes the event and the audit log; the round itself never
 * changes.  The caller checks the role and the comment (rr_refusal). */
int store_monitor_review(struct store *s, int64_t decl_id, int64_t round_id, enum rr_action a,
                         const char *actor, const char *comment);
/* The review events of every round of a declaration, oldest first. */
int store_monitor_events(struct store *s, int64_t decl_id, monitor_event_fn fn, void *ctx);
/* Moves a declaration along the workflow: JX_ECONFLICT when its state is not
 * one the action starts from (someone else was quicker).  Writes the event
 * (with the reviewer's verdict, comment, and the finding "rule@field" the
 * comment is about, or "") and the audit log.  The caller checks the role
 * (wf_refusal).  批复 (A_APPROVE) makes the current revision the one in force
 * (store_meta.approved_rev); an adjustment rejected or withdrawn (A_RESTORE)
 * makes the revision in force current again, with its key and 主管部门, and
 * the next revision is numbered after the highest.  On an adjustment's steps
 * after 申请调整 the audit text ends with "；调整预算：项目资金总额 A 元 → B 元，
 * 年度资金申请总额 C 元 → D 元" (each only when it differs from the revision
 * in force). */
int store_transition(struct store *s, int64_t id, enum wf_action a, const char *actor,
                     const char *verdict, const char *comment, const char *finding);

/* Users: JX_EEXIST when the name is taken; JX_ENOTFOUND when unknown. */
int store_user_add(struct store *s, const struct user *u, const char *actor, int64_t *id);
int store_user_get(struct store *s, const char *name, struct arena *a, struct user *out);
int store_user_list(struct store *s, user_fn fn, void *ctx);
int store_user_count(struct store *s, int64_t *n);
/* Sets the hash (when not NULL) and disabled (0, 1; -1 keeps it); ends the
 * user's sessions. */
int store_user_update(struct store *s, const char *name, const char *hash, int disabled,
                      const char *actor);
/* Sessions by the hash of their token (hex); session_get fails with
 * JX_ENOTFOUND for an unknown or expired one; session_delete also clears
 * every expired session. */
int store_session_put(struct store *s, const char *hash, int64_t user_id, const char *csrf,
                      int64_t created, int64_t expires);
int store_session_get(struct store *s, const char *hash, int64_t now, struct arena *a,
                      struct user *u, const char **csrf);
int store_session_delete(struct store *s, const char *hash, int64_t now);

const char *store_errmsg(struct store *s);

/*
 * Year-end self-evaluations (绩效自评), one per declaration, with revisions
 * kept for ever, workflow events (selfeval_workflow.def) and the audit log.
 *
 * store_selfeval_put stores se (rev, state, current_rev, created_at are
 * ignored; se->actor says who) as the next revision of declaration
 * decl_id's self-evaluation, starting it in 草稿 when there is none.
 * base_rev is the revision the caller's form was based on (0: none yet).
 * JX_ECONFLICT, with the reason in store_errmsg, when the declaration is not
 * approved (已批复), when the self-evaluation's state takes no revision
 * (submitted, under review, approved: an approved one is frozen), or when
 * base_rev is no longer current.  The same document as the current
 * revision stores nothing: *changed is false and *rev the current revision.
 * JX_ENOTFOUND when there is no such declaration.
 */
int store_selfeval_put(struct store *s, int64_t decl_id, const struct store_selfeval *se,
                       int base_rev, int *rev, bool *changed);
/* Revision rev (0: the current one) of decl_id's self-evaluation into *out,
 * its strings in a, with the state and current revision it has now.
 * JX_ENOTFOUND when there is no self-evaluation or no such revision. */
int store_selfeval_get(struct store *s, int64_t decl_id, int rev, struct arena *a,
                       struct store_selfeval *out);
/* Revisions and events in the order they happened (an event comes after the
 * revision that was current when it happened and before the next one). */
int store_selfeval_history(struct store *s, int64_t decl_id, selfeval_history_fn fn, void *ctx);
/* Moves the self-evaluation along its workflow: JX_ENOTFOUND when there is
 * none, JX_ECONFLICT when its state is not one the action starts from.
 * Writes the event and the audit log.  The caller checks the role
 * (se_refusal) and that the user may see the declaration. */
int store_selfeval_transition(struct store *s, int64_t decl_id, enum se_action a,
                              const char *actor, const char *comment);

/*
 * The login throttle (auth.c): failed logins per user name, kept in the
 * store so that no other traffic can evict them.  `key` stands for the
 * name (auth.c passes a hash of it); `known` says whether an account has
 * the name.
 *
 * store_login_attempt forgets the failures older than the window and the
 * oldest records of unknown names beyond l->unknown_cap; then, when key has
 * fewer than l->max failures within the window, it records this attempt as
 * a failure and sets *allowed (the check and the record are one statement:
 * concurrent attempts cannot both take the last one); else *allowed is
 * false and nothing is recorded.  store_login_clear forgets every failure
 * of key (after a successful login, which takes its own record back).
 */
int store_login_attempt(struct store *s, const char *key, bool known,
                        const struct login_limit *l, bool *allowed);
int store_login_clear(struct store *s, const char *key);

/*
 * The declaration a store_put would write, for the write policy
 * (model/write_policy.h) to decide on: declaration `id` when id > 0 (an
 * edit), else the one keyed year + implementer + name (an import).  Fills
 * *out (strings in a) and `hash` with the hash of its current revision;
 * JX_ENOTFOUND when there is none.  Called in the put's write transaction,
 * what was decided on is what gets written.
 */
int store_put_target(struct store *s, int64_t id, int year, const char *implementer,
                     const char *name, struct arena *a, struct store_meta *out,
                     unsigned char hash[DECL_HASH_BYTES]);
/*
 * The write policy's answer (wp_decide) for user u storing d, whose hash is
 * `hash`, over declaration `id` (an edit) or, when id is 0, over the one d's
 * key lands on (an import): looks it up with store_put_target, so call it
 * in the write transaction of the store_put that follows.  *m is that
 * declaration's meta (m->id 0 when there is none: a new one); an edit of an
 * id that no longer exists is WP_HIDDEN.  Returns 0 or a JX_ code.
 */
int store_decide_put(struct store *s, const struct user *u, int64_t id, const struct decl *d,
                     const unsigned char hash[DECL_HASH_BYTES], struct arena *a,
                     struct store_meta *m, enum wp_decision *out);

#endif
