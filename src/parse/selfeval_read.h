/*
 * selfeval_read.h: the self-evaluation input of FORMAT.md part 2
 * (`jixiao.selfeval/1`): a declaration, the budget and its execution, the
 * weights and one result per indicator; and a key FORMAT.md leaves to later
 * versions, `achieved` (a string: what was achieved of the annual goal).
 */
#ifndef JX_SELFEVAL_READ_H
#define JX_SELFEVAL_READ_H

#include <stddef.h>

#include "../score/score.h"
#include "../util/arena.h"
#include "../util/diag.h"

struct selfeval {
	struct decl decl;
	struct score_input in;      /* in.decl points at decl */
	const char *achieved;       /* `achieved`: what the year achieved of the annual
	                               goal (实际完成情况); "" when absent */
};

/*
 * Reads the JSON text `data` (n bytes) named `file` into *out, its strings
 * and arrays in `a`.  Problems are findings in `diags` naming the key
 * (`results[2].actual`) and the value seen, all of them in one pass.
 * Returns 0 (check diags->n_error) or JX_ENOMEM.
 */
int selfeval_read(const char *data, size_t n, const char *file, struct diags *diags,
                  struct arena *a, struct selfeval *out);

#endif
