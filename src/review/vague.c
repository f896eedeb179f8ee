/*
 * vague.c: word matching for the review rules (vague.h): the vague word of
 * an indicator value by forward maximum matching over the profile's lists,
 * and whether a text carries a number with a unit.
 */
#include <string.h>

#include "vague.h"

/* Length in bytes of the UTF-8 character at s (1 for a stray byte). */
static size_t char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;

	for (size_t i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

/* The code point of the character at s of `len` bytes. */
static unsigned code_point(const char *s, size_t len)
{
	static const unsigned char lead_mask[] = { 0, 0x7f, 0x1f, 0x0f, 0x07 };
	unsigned cp = (unsigned char)s[0] & lead_mask[len];

	for (size_t i = 1; i < len; i++)
		cp = (cp << 6) | ((unsigned char)s[i] & 0x3f);
	return cp;
}

/* 0-9 or ０-９ at s: its length in bytes, else 0. */
static size_t digit_len(const char *s)
{
	if (*s >= '0' && *s <= '9')
		return 1;
	if ((unsigned char)s[0] == 0xef && (unsigned char)s[1] == 0xbc &&
	    (unsigned char)s[2] >= 0x90 && (unsigned char)s[2] <= 0x99)
		return 3;
	return 0;
}

/* A unit's first character: an ASCII letter, %, ％ or a CJK ideograph. */
static bool unit_start(const char *s)
{
	size_t n = char_len(s);
	unsigned cp = code_point(s, n);

	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '%' ||
	       cp == 0xff05 || (cp >= 0x4e00 && cp <= 0x9fff);
}

bool vague_has_quantity(const char *s)
{
	while (*s) {
		size_t d = digit_len(s);
		if (!d) {
			s += char_len(s);
			continue;
		}
		while ((d = digit_len(s)) || (*s == '.' && digit_len(s + 1)))
			s += d ? d : 1;
		while (*s == ' ')
			s++;
		if (*s && unit_start(s))
			return true;
	}
	return false;
}

/* The longest word of list that starts at s; its length in *len. */
static const char *longest_at(const char *const *list, size_t n, const char *s, size_t *len)
{
	const char *best = NULL;

	*len = 0;
	for (size_t k = 0; k < n; k++) {
		size_t m = strlen(list[k]);
		if (list[k][0] == *s && m > *len && strncmp(s, list[k], m) == 0) {
			best = list[k];
			*len = m;
		}
	}
	return best;
}

const char *vague_word(const struct profile *p, const char *value)
{
	if (vague_has_quantity(value))
		return NULL;
	for (const char *s = value; *s;) {
		size_t lv, ln;
		const char *v = longest_at(p->vague, p->n_vague, s, &lv);

		longest_at(p->not_vague, p->n_not_vague, s, &ln);
		if (ln && ln >= lv) {
			s += ln;        /* a word that is not vague, read whole */
			continue;
		}
		if (v)
			return v;
		s += char_len(s);
	}
	return NULL;
}

const char *vague_contains(const char *const *list, size_t n, const char *s)
{
	for (size_t k = 0; k < n; k++)
		if (strstr(s, list[k]))
			return list[k];
	return NULL;
}
