/*
 * vague.h: the words of an indicator value that measure nothing
 * (indicator.vague_value) and the words of a name (the other word-list
 * rules), matched as words, not as substrings.
 */
#ifndef JX_VAGUE_H
#define JX_VAGUE_H

#include <stdbool.h>
#include <stddef.h>

#include "profile.h"

/*
 * The vague word of `value` under p (one of p->vague, owned by p), or NULL.
 * The value is read as words by forward maximum matching over p->vague and
 * p->not_vague: at each character the longest word of either list that
 * starts there is taken, and a not-vague word is skipped whole, so that 可持续
 * does not count as 持续 nor 无明显 as 明显.  A value that carries a number
 * with a unit (不少于12次, 2个, 95%) is not vague because of a word beside it.
 */
const char *vague_word(const struct profile *p, const char *value);

/* True when `s` holds a number followed by a unit (a letter, an ideograph
 * or %), ASCII or full-width digits. */
bool vague_has_quantity(const char *s);

/* The first word of list that `s` contains; NULL when none. */
const char *vague_contains(const char *const *list, size_t n, const char *s);

#endif
