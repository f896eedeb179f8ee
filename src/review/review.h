/*
 * review.h: automated review (审核) of a declaration against the rule
 * catalogue of rules.def under a profile (profile.h).
 *
 * review_decl() reads a struct decl and fills a struct review with its
 * findings, in the order of the lines they are about, and a suggested
 * verdict.  The review owns every string it holds (its own arena); reusing
 * one struct review for many declarations costs no allocation after the
 * first few.
 */
#ifndef JX_REVIEW_H
#define JX_REVIEW_H

#include <stddef.h>

#include "../model/decl.h"
#include "../util/arena.h"
#include "../util/diag.h"
#include "../util/strbuf.h"
#include "profile.h"
#include "rules.h"

/* The suggested verdict of DOMAIN.md §4: 优 良 中 差. */
enum verdict { VERDICT_EXCELLENT, VERDICT_GOOD, VERDICT_FAIR, VERDICT_POOR };
const char *verdict_name(enum verdict v);   /* 优, 良, 中, 差 */

/* How many quoted values one message may hold. */
#define REVIEW_QUOTES 4

struct finding {
	enum rule_id rule;
	enum diag_sev sev;          /* after the profile */
	const char *field;          /* FORMAT.md key, e.g. "indicators[2].value" */
	int line;                   /* 0 when unknown */
	const char *msg;            /* Chinese, problem first, quoting values */
};

struct review_ind;

struct review {
	struct finding *v;
	size_t n, cap;
	size_t count[3];            /* by enum diag_sev */
	enum verdict verdict;
	const char *reason;         /* why that verdict, in Chinese */
	struct arena arena;         /* owns field, msg and reason */
	int err;                    /* sticky JX_ENOMEM */
	struct strbuf scratch[1 + REVIEW_QUOTES];  /* message and quotes being built */
	struct review_ind *ind;     /* per indicator, review.c's: its place in the tree */
	size_t ind_cap;
};

void review_init(struct review *rv);
void review_release(struct review *rv);

/*
 * Reviews d under profile p into rv (emptied first).  Returns 0, or
 * JX_ENOMEM, in which case rv holds what was found before memory ran out.
 */
int review_decl(const struct profile *p, const struct decl *d, struct review *rv);

/*
 * Reads a stored review back into rv (emptied first): `findings` is the JSON
 * array json_write_findings() wrote, `verdict` its 优/良/中/差.  Findings of
 * rules this build does not know are left out.  0, JX_EINPUT for text that
 * is not such an array, or JX_ENOMEM.
 */
int review_load(struct review *rv, const char *findings, const char *verdict);

#endif
