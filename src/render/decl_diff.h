/*
 * decl_diff.h: what changed between two revisions of a declaration, field
 * by field: the project fields, the funds, the goals, and the indicators
 * (matched by 一级 + 二级 + 三级 name: added, removed, value changed).
 */
#ifndef JX_DECL_DIFF_H
#define JX_DECL_DIFF_H

#include <stddef.h>

#include "../model/decl.h"
#include "../util/arena.h"

struct decl_change {
	const char *key;        /* FORMAT.md key: "funds.total", "indicators[3].value" */
	const char *label;      /* 项目资金总额, 三级指标“…”的指标值 */
	const char *before;     /* "" when it was not there */
	const char *after;      /* "" when it is gone */
};

/*
 * The changes from a to b, in form order, into *out (an array in `ar`).
 * Returns 0 or JX_ENOMEM.  Money is shown grouped ("5,350,000.00"), a
 * blank cell as "".
 */
int decl_diff(const struct decl *a, const struct decl *b, struct arena *ar,
              struct decl_change **out, size_t *n);

#endif
