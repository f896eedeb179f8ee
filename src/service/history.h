/*
 * history.h: what a stored revision of a declaration changed, for the
 * history of `jixiao history`, /d/ID/history and the API: the two
 * revisions read from the store, compared by render/decl_diff.h.
 */
#ifndef JX_SERVICE_HISTORY_H
#define JX_SERVICE_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "../render/decl_diff.h"
#include "../store/store.h"
#include "../util/arena.h"

/* What stored revision rev of declaration id changed against rev - 1 (none
 * for revision 1), the revisions read into `ar`.  0 or a store error. */
int decl_diff_stored(struct store *s, int64_t id, int rev, struct arena *ar,
                     struct decl_change **out, size_t *n);

#endif
