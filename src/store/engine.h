/*
 * engine.h: what a database engine does for the store, and nothing more.
 *
 * The store (store.c and the store_*.c files beside it) owns the domain's
 * policy: revisions, the three workflow state machines, base-revision
 * conflicts, audit entries and their texts, the target encoding.  An
 * engine runs named statements with typed parameters and hands back rows
 * of typed values; it begins, commits and rolls back the one transaction of
 * a connection, and loads many rows at once.  It includes no workflow
 * header and writes no message a user reads, except the ones about the
 * database itself (busy, disk full, unreachable).
 *
 * Statements are named in statements.def; each engine gives every name its
 * SQL (sqlite.def, pg.def), with parameters ?1, ?2, … (an engine that
 * numbers them otherwise rewrites them when it prepares).  What each
 * statement binds and returns is written beside its name.
 */
#ifndef JX_ENGINE_H
#define JX_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"

enum stmt_id {
#define STMT(id) Q_##id,
#include "statements.def"
#undef STMT
	Q__MAX
};

/* The name of a statement ("FIND_DECL"), for messages and tests. */
const char *stmt_name(enum stmt_id id);

/* A parameter or a column: NULL, an integer, text or bytes. */
enum eng_type { EV_NULL, EV_INT, EV_TEXT, EV_BLOB };
struct eng_val {
	enum eng_type type;
	int64_t i;
	const char *p;              /* EV_TEXT, EV_BLOB: n bytes (text: UTF-8, no NUL inside) */
	size_t n;
};

static inline struct eng_val ev_null(void)
{
	return (struct eng_val){ .type = EV_NULL };
}
static inline struct eng_val ev_int(int64_t i)
{
	return (struct eng_val){ .type = EV_INT, .i = i };
}
/* Text; NULL binds NULL. */
struct eng_val ev_text(const char *s);
/* Text, "" for NULL. */
struct eng_val ev_str(const char *s);
static inline struct eng_val ev_blob(const void *p, size_t n)
{
	return (struct eng_val){ .type = EV_BLOB, .p = p, .n = n };
}

/*
 * Called for each row a statement returns, its columns in the order the
 * statement names them; a text column is NUL-terminated at p[n].  The
 * values live until the callback returns.  Returns 0 to go on; anything
 * else stops the statement and becomes what run returns.
 */
typedef int (*eng_row_fn)(void *ctx, const struct eng_val *col, size_t n);

/* The filters of a page of the declarations list (store_list_page): every
 * field as in struct list_filter, the state as its id. */
struct eng_page {
	int year;
	const char *department, *implementer, *state, *verdict;
	bool has_errors;
	const char *text;
	int limit, offset;          /* limit 0: all */
};

struct engine;

/* The flags of begin(): the same values as store.h's STORE_BULK and
 * STORE_READ (store.c checks), which say what they mean. */
enum { ENG_BULK = 1, ENG_READ = 2 };

struct engine_ops {
	const char *name;           /* "sqlite", "postgresql" */
	/* True when target is this engine's (a postgresql:// URI …). */
	bool (*claims)(const char *target);
	/* Connects to (or creates) the database at target and migrates it to
	 * the current schema.  On failure *out, when not NULL, holds the
	 * reason (errmsg) and must be closed. */
	int (*open)(struct engine **out, const char *target);
	void (*close)(struct engine *e);
	/* The one transaction of a command; flags ENG_BULK, ENG_READ. */
	int (*begin)(struct engine *e, unsigned flags);
	int (*commit)(struct engine *e);
	/* Keeps nothing of the transaction; nothing to do when the engine
	 * already undid it after a failure (errmsg keeps that failure). */
	int (*rollback)(struct engine *e);
	void (*busy_timeout)(struct engine *e, int ms);
	/*
	 * Runs statement id with parameters p[0..n-1] (?1 … ?n), calling fn
	 * for each row it returns (fn may be NULL); *changes (when not NULL)
	 * receives the rows it inserted, updated or deleted.  0 or a JX_
	 * code: JX_EEXIST when it broke a unique constraint (nothing of the
	 * statement is kept then), JX_EBUSY, JX_EFULL, JX_ENOMEM, JX_ESTORE.
	 */
	int (*run)(struct engine *e, enum stmt_id id, const struct eng_val *p, size_t n,
	           eng_row_fn fn, void *ctx, int64_t *changes);
	/*
	 * Inserts n_rows rows of n_cols parameters each (rows[r * n_cols + c])
	 * with statement id, a one-row INSERT: the engine may send many rows
	 * at once (several VALUES rows, COPY).  The rows are written when the
	 * transaction commits or a later statement needs them, whichever
	 * comes first; a failure may then surface from that later call.
	 */
	int (*load)(struct engine *e, enum stmt_id id, const struct eng_val *rows, size_t n_cols,
	            size_t n_rows);
	/*
	 * A page of the declarations list: the rows of statement LIST_PAGE's
	 * columns, each with the number of rows matching the filter before
	 * paging in *total (set before the first row).  The engine picks how
	 * to find the text (its indexes, or a scan when they cannot be used).
	 */
	int (*list_page)(struct engine *e, const struct eng_page *q, eng_row_fn fn, void *ctx,
	                 int64_t *total);
	/* What the engine last reported, in Chinese where a user can act on it. */
	const char *(*errmsg)(struct engine *e);
};

/* The engine-independent head of every engine. */
struct engine {
	const struct engine_ops *ops;
};

extern const struct engine_ops engine_sqlite;
extern const struct engine_ops engine_pg;

/* The engine of a target: PostgreSQL for a postgresql:// or postgres://
 * URI, else SQLite. */
const struct engine_ops *engine_for(const char *target);

/*
 * Column tables (after sqlbox): how a row's columns land in the fields of
 * a struct.  A row read through a table fills each field from its column;
 * texts are copied into an arena.
 */
enum col_kind {
	COL_SKIP,
	COL_I64,        /* int64_t; NULL: 0 */
	COL_INT,        /* int; NULL: 0 */
	COL_BOOL,       /* bool: nonzero */
	COL_TEXT,       /* const char *, copied; NULL: NULL */
	COL_STR,        /* const char *, copied; NULL: "" */
	COL_AMOUNT,     /* struct amount: fen, NULL unset */
	COL_DATE,       /* struct date from YYYY-MM-DD; NULL: zero */
};
struct col {
	enum col_kind kind;
	size_t off;
};
#define COL(kind, type, field) { COL_##kind, offsetof(type, field) }

/* Fills out from row col[0..n-1] by table t (n_t columns, fewer or as many
 * as the row has); JX_ENOMEM when the arena failed. */
int cols_read(const struct col *t, size_t n_t, const struct eng_val *col, size_t n, void *out,
              struct arena *a);

#endif
