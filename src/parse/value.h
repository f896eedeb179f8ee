/*
 * value.h: the indicator value grammar (FORMAT.md `target`).
 *
 * Turns a 年度指标值 as written (`=15个`, `≥90%`, `不少于12次`,
 * `常态化,不少于12 次`, `2023年7月前`, `提升`) into its meaning: a numeric
 * comparison with number and unit, a deadline, a qualitative word, or empty.
 */
#ifndef JX_VALUE_H
#define JX_VALUE_H

#include <stddef.h>

#include "../model/decl.h"
#include "../util/arena.h"

/*
 * Parses `value` (n bytes of normalised UTF-8 text, full-width forms allowed)
 * into *out.  Strings of the result are allocated in `a` and live as long as
 * it.  `year` is the declaration's budget year, used for deadlines that name
 * no year (`12月底前`); 0 when unknown (such a deadline is then qualitative).
 * Never fails on the user's text: what it cannot read is qualitative.
 * Returns 0, or JX_ENOMEM when `a` is exhausted.
 */
int value_parse(const char *value, size_t n, int year, struct arena *a, struct target *out);

#endif
