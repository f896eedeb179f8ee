/*
 * goal_match.h: quantities in goal text, matched with indicators
 * (goal.indicator_mismatch): the goal says 覆盖至15个乡镇, the indicator
 * 覆盖乡镇数 says =12个.
 *
 * A goal is scanned once for numbers (ASCII or full-width digits); each
 * numeric indicator then looks at the numbers followed by its unit.  A
 * quantity is about the indicator when the words next to it share a pair of
 * characters (a bigram) with the indicator's name: one of the first four
 * characters after the unit (the thing counted: 乡镇), or two from the six
 * characters before the number (培训农民 500 人次).  The goal agrees with
 * the indicator when any quantity about it has the same value.
 */
#ifndef JX_GOAL_MATCH_H
#define JX_GOAL_MATCH_H

#include <stddef.h>

/* A number in the goal text. */
struct goal_number {
	size_t start, end;      /* bytes of the number itself */
	char value[32];         /* ASCII decimal, full-width digits folded */
};

struct goal_scan {
	const char *text;
	size_t len;
	struct goal_number *v;
	size_t n, cap;
};

/* Finds the numbers of text (which must outlive the scan).  0 or JX_ENOMEM. */
int goal_scan(struct goal_scan *gs, const char *text, size_t len);
void goal_scan_release(struct goal_scan *gs);

enum goal_match { GOAL_UNRELATED, GOAL_AGREES, GOAL_DIFFERS };

/*
 * Compares the quantities of the scanned goal with an indicator of the
 * given name, unit and decimal value.  On GOAL_DIFFERS, [*frag, *frag_len)
 * is the goal's words around the best-matching quantity, for the message.
 */
enum goal_match goal_match(const struct goal_scan *gs, const char *name, const char *unit,
                           const char *value, const char **frag, size_t *frag_len);

/* Compares two decimal strings ("15", "15.0", "-1.5") by value: <0, 0, >0. */
int decimal_cmp(const char *a, const char *b);

#endif
