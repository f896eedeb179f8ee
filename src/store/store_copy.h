/*
 * store_copy.h: a whole store copied into an empty one, between any two
 * engines (`jixiao copy`, the way a district's SQLite file moves to the
 * city's PostgreSQL server), and verified after.
 */
#ifndef JX_STORE_COPY_H
#define JX_STORE_COPY_H

#include <stdint.h>

#include "store.h"

/* Where a copy is: a table's rows written, or read back and found equal. */
enum copy_step { COPY_COPIED, COPY_VERIFIED };
/* Told for each table in each step with its number of rows; returns 0 to go
 * on, anything else stops the copy (nothing is kept) and is returned. */
typedef int (*copy_fn)(void *ctx, enum copy_step step, const char *table, int64_t rows);

/*
 * Opens a store that must already exist: a missing file is JX_ENOENT, and
 * nothing is created (store_open creates one).  Otherwise as store_open.
 */
int store_open_existing(struct store **out, const char *target, char **errmsg);

/*
 * Copies every row of every table of `from` (tables.def: declarations,
 * revisions, indicators, reviews, workflow events, the audit log, users,
 * sessions, login failures, monitoring, self-evaluations, the overview's
 * sums) into `to`, ids included, in one read transaction of `from` and one
 * bulk write transaction of `to`; then reads each table of `to` back and
 * compares its number of rows and a hash of its content with what was read
 * from `from`.  Either all of it is kept or nothing.
 *
 * Returns 0, or a JX_ code with *failed (when not NULL) the store whose
 * store_errmsg says why (NULL when neither: memory, fn's code):
 * JX_ECONFLICT when `to` holds a row already ("目标数据库不是空的…", nothing
 * written); JX_ESTORE when a table read back differs (the message names
 * it; nothing kept); any code of the engines.  Opens and ends the
 * transactions itself: call it outside one.
 */
int store_copy(struct store *from, struct store *to, copy_fn fn, void *ctx,
               struct store **failed);

#endif
