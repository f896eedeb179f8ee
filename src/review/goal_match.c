/*
 * goal_match.c: numbers in goal text and whether they are about an
 * indicator (goal_match.h explains the method).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../util/err.h"
#include "../util/text.h"
#include "goal_match.h"

/* Characters looked at after the unit and before the number, and the
 * characters before the number that a quoted fragment starts with. */
#define AFTER_CHARS 4
#define BEFORE_CHARS 6
#define QUOTE_BEFORE 3

/* Verbs and quantity words that say nothing about what is counted. */
static const char *const stop_bigrams[] = {
	"完成", "达到", "实现", "开展", "覆盖", "不少", "少于", "超过", "以上", "累计",
	"共计", "合计", "总计", "全年", "计划", "预计", "至少", "共有", "约为", "新增",
};

static bool is_ideograph(uint32_t cp)
{
	return (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
	       (cp >= 0xf900 && cp <= 0xfaff);
}

/* The digit at s[i] (ASCII or full-width U+FF10..U+FF19), its length in *len. */
static int digit_at(const char *s, size_t n, size_t i, size_t *len)
{
	unsigned char c = (unsigned char)s[i];

	if (c >= '0' && c <= '9') {
		*len = 1;
		return c - '0';
	}
	if (c == 0xef && i + 2 < n && (unsigned char)s[i + 1] == 0xbc &&
	    (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99) {
		*len = 3;
		return (unsigned char)s[i + 2] - 0x90;
	}
	return -1;
}

static bool dot_at(const char *s, size_t n, size_t i, size_t *len)
{
	if (s[i] == '.') {
		*len = 1;
		return true;
	}
	if (i + 2 < n && memcmp(s + i, "\xef\xbc\x8e", 3) == 0) {   /* ． */
		*len = 3;
		return true;
	}
	return false;
}

/*
 * The first byte at or after i that may start a number: an ASCII digit or
 * 0xEF (the lead byte of the full-width digits).  Goal text is mostly CJK,
 * so eight bytes are tested at a time (SWAR: a zero byte of x - 0x30...
 * marks the digit range, of x ^ 0xEF... the lead byte).
 */
static size_t next_candidate(const char *s, size_t n, size_t i)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;

	for (; i + 8 <= n; i += 8) {
		uint64_t w, ge0, le9, ef, hit;
		memcpy(&w, s + i, 8);
		/* per byte: b >= '0' and b <= '9', computed without carries across bytes */
		ge0 = ((w | highs) - ones * '0') & ~w & highs;          /* b < 0x80 and b >= '0' */
		le9 = ((ones * ('9' | 0x80)) - (w & ~highs)) & highs;   /* low 7 bits <= '9' */
		ef = ((w ^ (ones * 0xef)) - ones) & ~(w ^ (ones * 0xef)) & highs;
		hit = (ge0 & le9) | ef;
		if (hit)
			return i + (size_t)(__builtin_ctzll(hit) >> 3);
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= '0' && c <= '9') || c == 0xef)
			return i;
	}
	return n;
}

int goal_scan(struct goal_scan *gs, const char *text, size_t len)
{
	size_t i = 0, dl;

	gs->text = text;
	gs->len = len;
	gs->n = 0;
	while (i < len) {
		struct goal_number num;
		size_t k = 0, j;
		bool in_word;

		i = next_candidate(text, len, i);
		if (i >= len)
			break;
		if (digit_at(text, len, i, &dl) < 0) {
			i++;
			continue;
		}
		/* digits inside a code such as ISO9001 or after a dot are not a quantity */
		in_word = i > 0 && ((text[i - 1] >= 'A' && text[i - 1] <= 'Z') ||
		                       (text[i - 1] >= 'a' && text[i - 1] <= 'z') || text[i - 1] == '.');
		num.start = i;
		j = i;
		while (j < len) {
			int d = digit_at(text, len, j, &dl);
			if (d < 0) {
				size_t dot;
				if (dot_at(text, len, j, &dot) && j + dot < len &&
				    digit_at(text, len, j + dot, &dl) >= 0 && !memchr(num.value, '.', k) &&
				    k + 1 < sizeof(num.value)) {
					num.value[k++] = '.';
					j += dot;
					continue;
				}
				break;
			}
			if (k + 1 < sizeof(num.value))
				num.value[k++] = (char)('0' + d);
			j += dl;
		}
		num.value[k] = '\0';
		num.end = j;
		i = j;
		if (in_word)
			continue;
		if (gs->n == gs->cap) {
			size_t cap = gs->cap ? gs->cap * 2 : 16;
			struct goal_number *v = realloc(gs->v, cap * sizeof(*v));
			if (!v)
				return JX_ENOMEM;
			gs->v = v;
			gs->cap = cap;
		}
		gs->v[gs->n++] = num;
	}
	return 0;
}

void goal_scan_release(struct goal_scan *gs)
{
	free(gs->v);
	gs->v = NULL;
	gs->n = gs->cap = 0;
}

/* Length of the unit at text[i], accepting ％ for %; 0 when it is not there. */
static size_t unit_at(const char *text, size_t len, size_t i, const char *unit)
{
	size_t u = strlen(unit);

	if (i < len && text[i] == ' ')
		i++;
	if (strcmp(unit, "%") == 0 && i + 3 <= len && memcmp(text + i, "％", 3) == 0)
		return i + 3;
	if (i + u <= len && memcmp(text + i, unit, u) == 0)
		return i + u;
	return 0;
}

/* Byte offsets of up to `max` ideographs forwards from i: pos[0..k]. */
static size_t chars_after(const char *s, size_t n, size_t i, size_t pos[], size_t max)
{
	size_t k = 0, len;
	uint32_t cp;

	pos[0] = i;
	while (k < max && i < n && (len = utf8_decode(s + i, n - i, &cp)) && is_ideograph(cp)) {
		i += len;
		pos[++k] = i;
	}
	return k;
}

/* Byte offsets of up to `max` ideographs backwards from i: pos[0..k], pos[k] == i. */
static size_t chars_before(const char *s, size_t i, size_t pos[], size_t max)
{
	size_t tmp[BEFORE_CHARS + 1], k = 0, j, len;
	uint32_t cp;

	tmp[0] = i;
	while (k < max && i > 0) {
		j = i - 1;
		while (j > 0 && ((unsigned char)s[j] & 0xc0) == 0x80 && i - j < 4)
			j--;
		len = utf8_decode(s + j, i - j, &cp);
		if (len != i - j || !is_ideograph(cp))
			break;
		i = j;
		tmp[++k] = i;
	}
	for (j = 0; j <= k; j++)
		pos[j] = tmp[k - j];
	return k;
}

static bool in_name(const char *name, size_t nlen, const char *s, size_t n)
{
	return memmem(name, nlen, s, n) != NULL;
}

static bool is_stop(const char *s, size_t n)
{
	for (size_t i = 0; i < sizeof(stop_bigrams) / sizeof(stop_bigrams[0]); i++)
		if (strlen(stop_bigrams[i]) == n && memcmp(stop_bigrams[i], s, n) == 0)
			return true;
	return false;
}

/*
 * How strongly the quantity whose number is [start, unit_end) is about the
 * indicator `name`: the counted thing after the unit decides when there is
 * one; otherwise two bigrams before the number.  0 = not about it.
 */
static int relation(const struct goal_scan *gs, size_t start, size_t unit_end, const char *name,
                    size_t *from, size_t *to)
{
	size_t pos[BEFORE_CHARS + 1], k, i, nlen = strlen(name);
	int score = 0;

	k = chars_after(gs->text, gs->len, unit_end, pos, AFTER_CHARS);
	*to = pos[k];
	if (k >= 2) {
		for (i = 0; i + 1 < k; i++)
			if (in_name(name, nlen, gs->text + pos[i], pos[i + 2] - pos[i]))
				score++;
		k = chars_before(gs->text, start, pos, QUOTE_BEFORE);
		*from = pos[0];
		return score;
	}
	k = chars_before(gs->text, start, pos, BEFORE_CHARS);
	*from = pos[k > QUOTE_BEFORE ? k - QUOTE_BEFORE : 0];
	for (i = 0; i + 1 < k; i++) {
		const char *b = gs->text + pos[i];
		size_t blen = pos[i + 2] - pos[i];
		if (!is_stop(b, blen) && in_name(name, nlen, b, blen))
			score++;
	}
	return score >= 2 ? score : 0;
}

enum goal_match goal_match(const struct goal_scan *gs, const char *name, const char *unit,
                           const char *value, const char **frag, size_t *frag_len)
{
	int best = 0;
	bool related = false;

	if (!unit || !*unit)
		return GOAL_UNRELATED;     /* a bare number could be anything */
	for (size_t i = 0; i < gs->n; i++) {
		const struct goal_number *g = &gs->v[i];
		size_t end = unit_at(gs->text, gs->len, g->end, unit), from, to;
		int score;

		if (!end)
			continue;
		/* 2023年: a year, not a quantity */
		if (strncmp(unit, "年", 3) == 0 && strlen(g->value) == 4)
			continue;
		if (!(score = relation(gs, g->start, end, name, &from, &to)))
			continue;
		related = true;
		if (decimal_cmp(g->value, value) == 0)
			return GOAL_AGREES;
		if (score > best) {
			best = score;
			*frag = gs->text + from;
			*frag_len = to - from;
		}
	}
	return related ? GOAL_DIFFERS : GOAL_UNRELATED;
}

/* Splits a decimal into sign, integer digits without leading zeros and
 * fraction digits without trailing zeros. */
static void dec_split(const char *s, bool *neg, const char **ip, size_t *il, const char **fp,
                      size_t *fl)
{
	*neg = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	while (*s == '0')
		s++;
	*ip = s;
	while (*s >= '0' && *s <= '9')
		s++;
	*il = (size_t)(s - *ip);
	*fp = s;
	*fl = 0;
	if (*s == '.') {
		*fp = ++s;
		while (s[*fl] >= '0' && s[*fl] <= '9')
			(*fl)++;
		while (*fl && s[*fl - 1] == '0')
			(*fl)--;
	}
}

int decimal_cmp(const char *a, const char *b)
{
	const char *ai, *af, *bi, *bf;
	size_t ail, afl, bil, bfl, i;
	bool an, bn;
	int c = 0;

	dec_split(a, &an, &ai, &ail, &af, &afl);
	dec_split(b, &bn, &bi, &bil, &bf, &bfl);
	if (!ail && !afl)
		an = false;     /* -0 is 0 */
	if (!bil && !bfl)
		bn = false;
	if (an != bn)
		return an ? -1 : 1;
	if (ail != bil) {
		c = ail < bil ? -1 : 1;
	} else if ((c = memcmp(ai, bi, ail)) == 0) {
		for (i = 0; i < afl || i < bfl; i++) {
			char x = i < afl ? af[i] : '0', y = i < bfl ? bf[i] : '0';
			if (x != y) {
				c = x < y ? -1 : 1;
				break;
			}
		}
	}
	c = c < 0 ? -1 : c > 0;
	return an ? -c : c;
}
