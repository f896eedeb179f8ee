/*
 * history.c: what a stored revision changed (history.h).
 */
#include "history.h"

int decl_diff_stored(struct store *s, int64_t id, int rev, struct arena *ar,
                     struct decl_change **out, size_t *n)
{
	struct decl a, b;
	int rc;

	*out = NULL;
	*n = 0;
	if (rev < 2)
		return 0;
	if ((rc = store_get(s, id, rev - 1, ar, &a, NULL)) || (rc = store_get(s, id, rev, ar, &b, NULL)))
		return rc;
	return decl_diff(&a, &b, ar, out, n);
}
