/*
 * selfeval_json.h: a year-end self-evaluation as JSON: the input as the
 * jixiao.selfeval/1 document of FORMAT.md part 2 (read back by
 * parse/selfeval_read.c), and its score as `jixiao score --format json`
 * prints it.  Through the JSON writer only.
 */
#ifndef JX_SELFEVAL_JSON_H
#define JX_SELFEVAL_JSON_H

#include "../parse/selfeval_read.h"
#include "../score/score.h"
#include "json_write.h"

/* Writes se as a jixiao.selfeval/1 object, the next value of w: the
 * declaration, budget.annual (null when not set) and budget.executed, the
 * weights (null when all are 0, the defaults), achieved (实际完成情况) and
 * one result per indicator. */
void selfeval_json_write(struct jw *w, const struct selfeval *se);

/* Writes the score o of se as the next value of w: budget_points,
 * budget_score, indicators (points, score, flags), total, grade. */
void score_json_write(struct jw *w, const struct selfeval *se, const struct score_output *o);

#endif
