/*
 * state_table.h: what the three workflow tables share (workflow.def,
 * selfeval_workflow.def, round_review.def): a state's row and the lookup
 * of a row by its id.  Each table keeps its own enums, action rows and
 * refusal rules; this is only the generic part.
 */
#ifndef JX_STATE_TABLE_H
#define JX_STATE_TABLE_H

#include <stdbool.h>
#include <stddef.h>

/* One state: its id ("draft"), its Chinese name (草稿), whether the unit may
 * edit what is in it (false where the table has no such column). */
struct sm_state {
	const char *id;
	const char *name;
	bool editable;
};

/* Row s of a table of n states; for s out of range, a row "?" "?" that is
 * not editable.  Never NULL; the row is static. */
const struct sm_state *sm_state(const struct sm_state *t, size_t n, unsigned s);

/*
 * The index of the first of n rows, `size` bytes apart from `rows`, whose
 * first member is a `const char *` equal to id; n when none matches or id
 * is NULL.  SM_BY_ID takes the array itself.
 */
size_t sm_by_id(const void *rows, size_t n, size_t size, const char *id);
#define SM_BY_ID(t, id) sm_by_id((t), sizeof(t) / sizeof((t)[0]), sizeof((t)[0]), (id))

#endif
