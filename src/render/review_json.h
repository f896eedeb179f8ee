/*
 * review_json.h: review results as JSON (the output of `jixiao check
 * --format json`, and the findings stored with each revision).
 */
#ifndef JX_REVIEW_JSON_H
#define JX_REVIEW_JSON_H

#include <stdint.h>

#include "../review/review.h"
#include "json_write.h"

/* Where a reviewed declaration came from: a file and line, or a stored
 * declaration and revision (id > 0). */
struct review_origin {
	const char *file;
	int line;
	int64_t id;
	int rev;
};

/* The findings array: [{"rule", "severity", "dimension", "field", "line",
 * "message", "hint"}, ...] */
void json_write_findings(struct jw *w, const struct review *rv);
/* The form stored with a revision: the same without "dimension" and "hint",
 * which follow from the rule (review_load() reads it back). */
void json_write_findings_stored(struct jw *w, const struct review *rv);

/* One declaration's result: {"file" | "id", "revision", "line", "project",
 * "profile", "verdict", "verdict_reason", "counts", "findings"}. */
void json_write_review(struct jw *w, const struct decl *d, const struct review *rv,
                       const char *profile, const struct review_origin *o);

#endif
