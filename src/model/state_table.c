/*
 * state_table.c: the lookups the workflow tables share; see state_table.h.
 */
#include <string.h>

#include "state_table.h"

const struct sm_state *sm_state(const struct sm_state *t, size_t n, unsigned s)
{
	static const struct sm_state unknown = { "?", "?", false };

	return s < n ? &t[s] : &unknown;
}

size_t sm_by_id(const void *rows, size_t n, size_t size, const char *id)
{
	const char *row = rows;

	for (size_t i = 0; id && i < n; i++, row += size) {
		const char *const *row_id = (const char *const *)(const void *)row;
		if (strcmp(*row_id, id) == 0)
			return i;
	}
	return n;
}
