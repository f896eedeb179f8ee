/*
 * selfeval.h: a stored self-evaluation (绩效自评) read back and scored, and
 * the rule of what must be explained before it is submitted: what the
 * pages and downloads of the web application share (http/page_selfeval.c).
 *
 * Contracts: strings and tables land in the arena a; a document that cannot
 * be read or scored is not an error: *problem says why (0 returned); the
 * JX_ codes are system failures (out of memory, the store).
 */
#ifndef JX_SERVICE_SELFEVAL_H
#define JX_SERVICE_SELFEVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../parse/selfeval_read.h"
#include "../review/profile.h"
#include "../score/score.h"
#include "../store/store.h"
#include "../util/arena.h"

/* A stored revision, read back and scored under a profile. */
struct scored {
	bool have;                  /* there is such a revision */
	struct store_selfeval row;
	struct selfeval se;
	struct score_output o;
	const char *problem;        /* it could not be read or scored: why */
};

/* Reads document `doc` (n bytes) into se and scores it under p into o
 * (both in a; msg, msg_n bytes, holds the engine's message).  Returns 0
 * with *problem NULL, 0 with *problem set when the document is refused
 * (the reader's findings or the engine's message), or a JX_ code. */
int selfeval_read_scored(const struct profile *p, struct arena *a, const char *doc, size_t n,
                         struct selfeval *se, struct score_output *o, const char **problem,
                         char *msg, size_t msg_n);
/* Revision rev (0: current) of declaration id's self-evaluation, scored
 * under p; sc->have false (and 0) when there is none.  0 or a JX_ code. */
int selfeval_load_scored(struct store *s, const struct profile *p, struct arena *a,
                         int64_t id, int rev, struct scored *sc);
/*
 * What must be explained before a submission (score_submit_refusal: points
 * lost, far over the target, execution below the profile's ratio) in the
 * current revision, as the reason it is refused (*why, in a), or NULL.  A
 * revision that cannot be scored is left to the reviewers.  0 or a JX_ code.
 */
int selfeval_unexplained(struct store *s, const struct profile *p, struct arena *a,
                         int64_t id, const char **why);

#endif
