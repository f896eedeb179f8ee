/*
 * store.h: where declarations are kept, behind one interface.
 *
 * A store is a table of operations (struct store_ops) with one
 * implementation per engine, like sqlite's VFS: SQLite is the embedded
 * default; PostgreSQL comes later.  Nothing outside store/ includes a
 * database header.  Every operation returns 0 or a JX_ error code, and
 * store_errmsg() says what the engine reported.
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
};

/* Called for each row of a listing; returns 0 to go on. */
typedef int (*summary_fn)(void *ctx, const struct store_summary *s);

struct list_filter {
	int year;                   /* 0: any */
	const char *department;     /* NULL: any */
};

struct store_ops {
	const char *name;
	int (*open)(struct store **out, const char *target);
	void (*close)(struct store *s);
	int (*begin)(struct store *s, unsigned flags);
	int (*commit)(struct store *s);
	int (*rollback)(struct store *s);
	int (*put)(struct store *s, const struct decl *d, const unsigned char hash[DECL_HASH_BYTES],
	           const char *actor, const char *source, enum put_result *res, int64_t *id,
	           int *rev);
	int (*list)(struct store *s, const struct list_filter *f, summary_fn fn, void *ctx);
	int (*get)(struct store *s, int64_t id, int rev, struct arena *a, struct decl *out,
	           int *rev_out);
	const char *(*errmsg)(struct store *s);
};

/* The engine-independent head of every store. */
struct store {
	const struct store_ops *ops;
};

extern const struct store_ops store_sqlite_ops;

/*
 * Opens the store at `target`: a file path for SQLite (created and migrated
 * to the current schema when needed).  On failure *out is NULL and, when
 * errmsg is given, it receives a copy of the reason (caller frees).
 */
int store_open(struct store **out, const char *target, char **errmsg);
void store_close(struct store *s);
/* Flags of store_begin. */
enum {
	/* The transaction will write a lot (an import): the engine may take a
	 * faster way to store it that keeps every guarantee of the store. */
	STORE_BULK = 1,
};

/* Starts the one write transaction of a command; see STORE_BULK. */
int store_begin(struct store *s, unsigned flags);
int store_commit(struct store *s);
int store_rollback(struct store *s);
/* Stores d (a new declaration, a new revision or nothing): see above.
 * `hash` is decl_hash(d), computed by the caller (on whichever thread it
 * likes).  `actor` names who did it; `source` where it came from (file:line).
 * The store keeps no pointer into d, hash, actor or source after it returns. */
int store_put(struct store *s, const struct decl *d, const unsigned char hash[DECL_HASH_BYTES],
              const char *actor, const char *source, enum put_result *res, int64_t *id,
              int *rev);
/* Current revisions in id order. */
int store_list(struct store *s, const struct list_filter *f, summary_fn fn, void *ctx);
/* Reads revision `rev` (0: the current one) of declaration `id` into *out,
 * its strings in `a`.  JX_ENOTFOUND when there is no such declaration. */
int store_get(struct store *s, int64_t id, int rev, struct arena *a, struct decl *out,
              int *rev_out);
const char *store_errmsg(struct store *s);

#endif
