/*
 * rat.h: exact rational arithmetic over 128-bit integers for the scoring
 * and monitoring computations (score.c, monitor.c): decimals from strings,
 * the four operations, comparison, and rounding half-up to hundredths.
 * Overflow is sticky in struct calc, as is the message of a refusal.
 */
#ifndef JX_RAT_H
#define JX_RAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "score.h"

typedef __int128 i128;

/* n / d with d > 0 and gcd(n, d) = 1. */
struct rat {
	i128 n, d;
};

struct calc {
	int overflow;
	char *msg;
	size_t size;
};

static inline i128 gcd(i128 a, i128 b)
{
	if (a < 0)
		a = -a;
	while (b) {
		i128 t = a % b;
		a = b;
		b = t;
	}
	return a ? a : 1;
}

static inline struct rat mk(struct calc *c, i128 n, i128 d)
{
	struct rat r;
	i128 g;

	if (d == 0) {
		c->overflow = 1;
		return (struct rat){ 0, 1 };
	}
	if (d < 0) {
		n = -n;
		d = -d;
	}
	g = gcd(n < 0 ? -n : n, d);
	r.n = n / g;
	r.d = d / g;
	return r;
}

static inline i128 mul(struct calc *c, i128 a, i128 b)
{
	i128 r;

	if (__builtin_mul_overflow(a, b, &r))
		c->overflow = 1;
	return r;
}

static inline i128 add_i(struct calc *c, i128 a, i128 b)
{
	i128 r;

	if (__builtin_add_overflow(a, b, &r))
		c->overflow = 1;
	return r;
}

static inline struct rat r_int(long long v)
{
	return (struct rat){ v, 1 };
}

static inline struct rat r_add(struct calc *c, struct rat a, struct rat b)
{
	i128 g = gcd(a.d, b.d);
	return mk(c, add_i(c, mul(c, a.n, b.d / g), mul(c, b.n, a.d / g)), mul(c, a.d / g, b.d));
}

static inline struct rat r_sub(struct calc *c, struct rat a, struct rat b)
{
	return r_add(c, a, (struct rat){ -b.n, b.d });
}

static inline struct rat r_mul(struct calc *c, struct rat a, struct rat b)
{
	i128 g1 = gcd(a.n, b.d), g2 = gcd(b.n, a.d);
	return mk(c, mul(c, a.n / g1, b.n / g2), mul(c, a.d / g2, b.d / g1));
}

static inline struct rat r_div(struct calc *c, struct rat a, struct rat b)
{
	return r_mul(c, a, mk(c, b.d, b.n));
}

static inline int r_cmp(struct calc *c, struct rat a, struct rat b)
{
	i128 x = mul(c, a.n, b.d), y = mul(c, b.n, a.d);
	return x < y ? -1 : x > y;
}

static inline struct rat r_clamp(struct calc *c, struct rat x, struct rat lo, struct rat hi)
{
	if (r_cmp(c, x, lo) < 0)
		return lo;
	if (r_cmp(c, x, hi) > 0)
		return hi;
	return x;
}

/* Rounds half-up (away from zero) to hundredths. */
static inline centi r_round(struct calc *c, struct rat x)
{
	i128 n = mul(c, x.n < 0 ? -x.n : x.n, 200), q;

	q = (n / x.d + 1) / 2;
	return (centi)(x.n < 0 ? -q : q);
}

/* A decimal such as "12", "-1.25", "0.5"; false when s is not one. */
static inline bool r_decimal(struct calc *c, const char *s, struct rat *out)
{
	i128 n = 0, d = 1;
	bool neg = false, digits = false, dot = false;

	if (!s)
		return false;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; *s; s++) {
		if (*s == '.' && !dot) {
			dot = true;
			continue;
		}
		if (*s < '0' || *s > '9')
			return false;
		n = add_i(c, mul(c, n, 10), *s - '0');
		if (dot)
			d = mul(c, d, 10);
		digits = true;
		if (c->overflow)
			return false;
	}
	if (!digits)
		return false;
	*out = mk(c, neg ? -n : n, d);
	return true;
}

static inline struct rat r_fen(struct calc *c, int64_t fen)
{
	return mk(c, fen, 100);
}

#endif
