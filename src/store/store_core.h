/*
 * store_core.h: the store's own state, shared by store.c and the store_*.c
 * files that hold its operations; private to src/store.
 */
#ifndef JX_STORE_CORE_H
#define JX_STORE_CORE_H

#include <stdbool.h>
#include <time.h>

#include "../util/strbuf.h"
#include "engine.h"
#include "store.h"

struct store {
	struct engine *eng;
	/* the store's own refusal (store_refuse) when own_err, else the
	 * engine's last failure says what went wrong */
	struct strbuf err;
	bool own_err;
	time_t now_t;               /* store_now's cache */
	char now[32];
	/* declarations (store_decl.c) */
	bool bulk;                  /* in a STORE_BULK transaction (store_begin) */
	bool expect_new;            /* put: the previous declaration was new (store_put) */
	struct arena pack;          /* put: the indicator rows being stored, their packed targets */
	struct ov_sums *ov;         /* bulk: the overview's sums of the new declarations */
};

/* Returns code, with the message fmt (the store's, in Chinese) for
 * store_errmsg. */
int store_refuse(struct store *s, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The time now as ISO 8601 UTC, formatted again only when the second changes. */
const char *store_now(struct store *s);

/* Runs a statement of the store's engine (engine.h); a failure's message
 * is the engine's. */
int st_run(struct store *s, enum stmt_id id, const struct eng_val *p, size_t n, eng_row_fn fn,
           void *ctx);
int st_exec(struct store *s, enum stmt_id id, const struct eng_val *p, size_t n,
            int64_t *changes);
/* Runs a statement that returns at most one row, read through table t into
 * out (strings in a): JX_ENOTFOUND when it returns none. */
int st_row(struct store *s, enum stmt_id id, const struct eng_val *p, size_t n,
           const struct col *t, size_t n_t, void *out, struct arena *a);
/* Appends an entry to the audit log: at `now`, by actor, action on
 * declaration decl_id's revision rev (0, 0: none), with detail (NULL: ""). */
int store_audit(struct store *s, const char *now, const char *actor, const char *action,
                int64_t decl_id, int rev, const char *detail);
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* store_decl.c: before a bulk transaction commits, the overview's sums it
 * added up itself written and the insert triggers created again (0 or a
 * JX_ code); after it ends, the sums forgotten. */
int store_ov_flush(struct store *s);
void store_ov_clear(struct store *s);


#endif
