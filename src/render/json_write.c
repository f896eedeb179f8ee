/*
 * json_write.c: JSON writer and the FORMAT.md declaration object.
 */
#include <stdio.h>
#include <string.h>

#include "../parse/scalar.h"
#include "json_write.h"

/* Bytes that JSON strings escape: controls, '"', '\\', and 0xE2, the lead
 * byte of U+2028/9 (checked further when met). */
static const unsigned char needs_escape[256] = {
	[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1,
	[0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1,
	[0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1,
	[0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1,
	[0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1, ['"'] = 1, ['\\'] = 1, [0xe2] = 1,
};

/*
 * True when one of the 8 bytes of w needs_escape (SWAR: a byte below x in
 * v is flagged by (v - x * ones) & ~v; a zero byte is one below 1).  Bytes
 * below 0x20 and '"' are one test: xor 0x02 maps '"' to 0x20 and keeps the
 * controls below it, and moves nothing else there.
 */
static inline bool word_needs_escape(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	uint64_t x = w ^ (ones * 0x02), b = w ^ (ones * '\\'), e = w ^ (ones * 0xe2);

	return (((x - ones * 0x21) & ~x) | ((b - ones) & ~b) | ((e - ones) & ~e)) & highs;
}

#if defined(__GNUC__)
/* Sixteen bytes at a time through the compilers' vector extensions (GCC,
 * Clang; SSE2 on any x86-64), as in util/text.c. */
typedef unsigned char v16u __attribute__((vector_size(16)));
typedef signed char v16s __attribute__((vector_size(16)));

/* True when one of the 16 bytes of v needs_escape. */
static inline bool block_needs_escape(v16u v)
{
	v16s m = (v16s)(v < 0x20) | (v16s)(v == '"') | (v16s)(v == '\\') | (v16s)(v == 0xe2);
	uint64_t h[2];

	memcpy(h, &m, 16);
	return (h[0] | h[1]) != 0;
}
#endif

/* Bytes at the start of s that need no escaping (needs_escape): whole
 * 16-byte blocks and 8-byte words first, then byte by byte. */
static size_t plain_prefix(const char *s, size_t n)
{
	size_t i = 0;
	uint64_t w;

#if defined(__GNUC__)
	for (; i + 16 <= n; i += 16) {
		v16u v;
		memcpy(&v, s + i, 16);
		if (block_needs_escape(v))
			break;
	}
#endif
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		if (word_needs_escape(w))
			break;
	}
	while (i < n && !needs_escape[(unsigned char)s[i]])
		i++;
	return i;
}

/* Room for n more bytes after out->len (the sb_add test, then sb_grow). */
static inline bool room(struct strbuf *out, size_t n)
{
	return (out->alloc - out->len > n && !out->err) || sb_grow(out, n) == 0;
}

/*
 * The common case of json_quote: s needs no escaping.  Checks and copies
 * in one pass, a word at a time (the last word overlapping the one before);
 * 4 to 7 bytes as one word made of two overlapping halves; shorter byte by
 * byte.  Needs n + 2 bytes of room.  Returns n when done; else, having
 * written nothing visible, how many bytes at the start of s it found plain.
 */
static size_t quote_plain(struct strbuf *out, const char *s, size_t n)
{
	char *d = out->buf + out->len + 1;
	uint64_t w;
	size_t i;

	if (n >= 8) {
		i = 0;
#if defined(__GNUC__)
		for (; n - i > 16; i += 16) {
			v16u v;
			memcpy(&v, s + i, 16);
			if (block_needs_escape(v))
				return i;
			memcpy(d + i, &v, 16);
		}
#endif
		for (; n - i > 8; i += 8) {
			memcpy(&w, s + i, 8);
			if (word_needs_escape(w))
				return i;
			memcpy(d + i, &w, 8);
		}
		memcpy(&w, s + n - 8, 8);
		if (word_needs_escape(w))
			return i;
		memcpy(d + n - 8, &w, 8);
	} else if (n >= 4) {
		/* the first and the last four bytes (overlapping) as one word */
		uint32_t lo, hi;
		memcpy(&lo, s, 4);
		memcpy(&hi, s + n - 4, 4);
		if (word_needs_escape((uint64_t)lo | (uint64_t)hi << 32))
			return 0;
		memcpy(d, &lo, 4);
		memcpy(d + n - 4, &hi, 4);
	} else {
		for (i = 0; i < n; i++) {
			if (needs_escape[(unsigned char)s[i]])
				return i;
			d[i] = s[i];
		}
	}
	d[-1] = '"';
	d[n] = '"';
	d[n + 1] = '\0';
	out->len += n + 2;
	return n;
}

/* json_quote for s that needs escaping; its first `run` bytes do not. */
static void quote_escaped(struct strbuf *out, const char *s, size_t n, size_t run)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;

	run += plain_prefix(s + run, n - run);
	sb_addc(out, '"');
	while (i < n) {
		sb_add(out, s + i, run - i);
		if (run >= n)
			break;
		i = run;
		unsigned char c = (unsigned char)s[i];
		if (c == 0xe2) {
			/* U+2028 and U+2029 break JavaScript string literals */
			if (i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
			    ((unsigned char)s[i + 2] == 0xa8 || (unsigned char)s[i + 2] == 0xa9)) {
				sb_adds(out, (unsigned char)s[i + 2] == 0xa8 ? "\\u2028" : "\\u2029");
				i += 3;
			} else {
				sb_addc(out, (char)c);
				i++;
			}
			run = i + plain_prefix(s + i, n - i);
			continue;
		}
		switch (c) {
		case '"':
			sb_adds(out, "\\\"");
			break;
		case '\\':
			sb_adds(out, "\\\\");
			break;
		case '\n':
			sb_adds(out, "\\n");
			break;
		case '\t':
			sb_adds(out, "\\t");
			break;
		case '\r':
			sb_adds(out, "\\r");
			break;
		default: {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			sb_add(out, u, 6);
		}
		}
		i++;
		run = i + plain_prefix(s + i, n - i);
	}
	sb_addc(out, '"');
}

void json_quote(struct strbuf *out, const char *s, size_t n)
{
	size_t run;

	if (room(out, n + 2) && (run = quote_plain(out, s, n)) < n)
		quote_escaped(out, s, n, run);
}

void jw_init(struct jw *w, struct strbuf *out, bool pretty, int depth)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->pretty = pretty;
	w->depth = depth;
	w->first[depth] = true;
	w->after_key = true;    /* the first value needs no separator */
}

/* A line break and the indentation of depth d (pretty printing). */
static const char spaces[] = "\n                                ";
_Static_assert(1 + 2 * (JW_MAX_DEPTH - 1) <= 32 && sizeof(spaces) > 32, "indent copies 32 bytes");

/* Bytes before_value() may write. */
#define BEFORE_MAX (sizeof(spaces) - 1 + 1)

/* A line break and the indentation of depth d, where room() made
 * BEFORE_MAX bytes of space: the first 32 bytes of spaces are copied (a
 * copy of fixed size is two moves; depth is below JW_MAX_DEPTH, so 1 + 2 * d
 * <= 31), and only what depth d needs is kept. */
static inline void indent(struct strbuf *out, int d)
{
	memcpy(out->buf + out->len, spaces, 32);
	out->len += 1 + 2 * (size_t)d;
}

/* Separator and indentation before a value or key, where room() made
 * BEFORE_MAX bytes of space. */
static inline void before_value(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first[w->depth])
		w->out->buf[w->out->len++] = ',';
	w->first[w->depth] = false;
	if (w->pretty)
		indent(w->out, w->depth);
}

static inline void container_open(struct jw *w, char c)
{
	if (!room(w->out, BEFORE_MAX + 1))
		return;
	before_value(w);
	w->out->buf[w->out->len++] = c;
	w->out->buf[w->out->len] = '\0';
	if (w->depth + 1 < JW_MAX_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
}

static inline void container_close(struct jw *w, char c)
{
	bool empty = w->first[w->depth];

	if (w->depth > 0)
		w->depth--;
	if (!room(w->out, BEFORE_MAX + 1))
		return;
	if (!empty && w->pretty)
		indent(w->out, w->depth);
	w->out->buf[w->out->len++] = c;
	w->out->buf[w->out->len] = '\0';
}

void jw_obj_begin(struct jw *w)
{
	container_open(w, '{');
}

void jw_obj_end(struct jw *w)
{
	container_close(w, '}');
}

void jw_arr_begin(struct jw *w)
{
	container_open(w, '[');
}

void jw_arr_end(struct jw *w)
{
	container_close(w, ']');
}

/*
 * Writes what goes before a key and makes room for the n bytes of the
 * quoted key and its colon; returns where they go, or NULL on error.
 */
static char *key_at(struct jw *w, size_t n)
{
	if (!room(w->out, BEFORE_MAX + n))
		return NULL;
	before_value(w);
	w->after_key = true;
	return w->out->buf + w->out->len;
}

/* A key given as `"key": ` (q, n bytes); compact output drops the space. */
static inline void key_quoted(struct jw *w, const char *q, size_t n)
{
	char *d = key_at(w, n);

	if (!d)
		return;
	memcpy(d, q, n);
	w->out->len += w->pretty ? n : n - 1;
	w->out->buf[w->out->len] = '\0';
}

/* A literal key of this file: quoted when compiling, copied in a few moves. */
#define KEY(w, lit) key_quoted(w, "\"" lit "\": ", sizeof("\"" lit "\": ") - 1)

void jw_keyn(struct jw *w, const char *key, size_t n)
{
	char *d = key_at(w, n + 4);

	/* keys are the program's own ASCII names: nothing to escape */
	if (!d)
		return;
	d[0] = '"';
	memcpy(d + 1, key, n);
	memcpy(d + 1 + n, "\": ", 3);
	w->out->len += w->pretty ? n + 4 : n + 3;
	w->out->buf[w->out->len] = '\0';
}

/* Separator and indentation before a value, through room(). */
static void before(struct jw *w)
{
	if (!room(w->out, BEFORE_MAX))
		return;
	before_value(w);
	w->out->buf[w->out->len] = '\0';
}

/* jw_strn, inline for the writers of this file. */
static inline void strn(struct jw *w, const char *s, size_t n)
{
	size_t run;

	/* one room check for the separator, the indentation and the string */
	if (!room(w->out, BEFORE_MAX + n + 2))
		return;
	before_value(w);
	if ((run = quote_plain(w->out, s, n)) < n)
		quote_escaped(w->out, s, n, run);
}

void jw_strn(struct jw *w, const char *s, size_t n)
{
	strn(w, s, n);
}

void jw_str(struct jw *w, const char *s)
{
	if (!s) {
		jw_null(w);
		return;
	}
	strn(w, s, strlen(s));
}

void jw_raw_number(struct jw *w, const char *num)
{
	before_value(w);
	sb_adds(w->out, num);
}

void jw_raw_value(struct jw *w, const char *json, size_t n)
{
	before_value(w);
	sb_add(w->out, json, n);
}

void jw_int(struct jw *w, long long v)
{
	char buf[24], *p = buf + sizeof(buf);
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;

	before(w);
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	sb_add(w->out, p, (size_t)(buf + sizeof(buf) - p));
}

void jw_bool(struct jw *w, bool v)
{
	before(w);
	sb_adds(w->out, v ? "true" : "false");
}

void jw_null(struct jw *w)
{
	before(w);
	sb_add(w->out, "null", 4);
}

void jw_amount(struct jw *w, struct amount a)
{
	char buf[32];

	if (!a.set) {
		jw_null(w);
		return;
	}
	amount_format(buf, a.fen);
	strn(w, buf, strlen(buf));
}

void jw_date(struct jw *w, struct date d)
{
	char buf[11];

	if (!d.y) {
		jw_null(w);
		return;
	}
	date_format(buf, d);
	strn(w, buf, 10);
}

/* A string literal of this file, its length known when compiling. */
#define STR_LIT(w, lit) strn(w, lit, sizeof(lit) - 1)

/*
 * A member whose value is a string: the key given as `"key": ` (q, qn
 * bytes, as KEY) and the string s (n bytes), with one room check; the same
 * as KEY then strn.
 */
static inline void member_str(struct jw *w, const char *q, size_t qn, const char *s, size_t n)
{
	size_t run;

	if (!room(w->out, BEFORE_MAX + qn + n + 2))
		return;
	before_value(w);
	memcpy(w->out->buf + w->out->len, q, qn);
	w->out->len += w->pretty ? qn : qn - 1;
	if ((run = quote_plain(w->out, s, n)) < n)
		quote_escaped(w->out, s, n, run);
}

/* A member with a literal key and a string value of n bytes, null when s
 * is NULL. */
#define MEMBER_STRN_OR_NULL(w, lit, s, n)                                                         \
	do {                                                                                       \
		const char *v_ = (s);                                                              \
		if (v_) {                                                                          \
			member_str(w, "\"" lit "\": ", sizeof("\"" lit "\": ") - 1, v_, (n));     \
		} else {                                                                           \
			KEY(w, lit);                                                               \
			jw_null(w);                                                                \
		}                                                                                  \
	} while (0)

/* The same, the length measured. */
#define MEMBER_STR_OR_NULL(w, lit, s)                                                             \
	do {                                                                                       \
		const char *u_ = (s);                                                              \
		MEMBER_STRN_OR_NULL(w, lit, u_, u_ ? strlen(u_) : 0);                             \
	} while (0)

/* A member with a literal key and a string value that is not NULL. */
#define MEMBER_STR(w, lit, s)                                                                     \
	do {                                                                                       \
		const char *s_ = (s);                                                              \
		member_str(w, "\"" lit "\": ", sizeof("\"" lit "\": ") - 1, s_, strlen(s_));         \
	} while (0)

void json_write_target(struct jw *w, const struct target *t)
{
	container_open(w, '{');
	MEMBER_STR(w, "kind", target_kind_str(t->kind));
	switch (t->kind) {
	case TARGET_NUMERIC:
		MEMBER_STR(w, "op", target_op_str(t->op));
		MEMBER_STR(w, "value", t->number ? t->number : "");
		MEMBER_STR(w, "unit", t->unit ? t->unit : "");
		if (t->note)
			MEMBER_STR(w, "note", t->note);
		break;
	case TARGET_DEADLINE:
		KEY(w, "by");
		jw_date(w, t->by);
		break;
	case TARGET_QUALITATIVE:
		MEMBER_STR(w, "text", t->text ? t->text : "");
		break;
	case TARGET_EMPTY:
		break;
	}
	container_close(w, '}');
}

static void year_or_null(struct jw *w, int y)
{
	if (y)
		jw_int(w, y);
	else
		jw_null(w);
}

void json_write_decl(struct jw *w, const struct decl *d)
{
	static const char *const fund_keys[FUND__MAX] = {
		"total", "total_fiscal", "total_other", "annual",
		"annual_appropriation", "annual_carryover", "annual_other",
	};
	const char *l1 = NULL, *l2 = NULL;
	size_t i, l1n = 0, l2n = 0;

	container_open(w, '{');
	KEY(w, "schema");
	STR_LIT(w, "jixiao.declaration/1");
	KEY(w, "year");
	jw_int(w, d->year);

	KEY(w, "project");
	container_open(w, '{');
	MEMBER_STR(w, "name", d->name ? d->name : "");
	MEMBER_STR(w, "category", d->category ? d->category : "");
	MEMBER_STR(w, "department", d->department ? d->department : "");
	MEMBER_STR(w, "implementer", d->implementer ? d->implementer : "");
	KEY(w, "start");
	jw_date(w, d->start);
	KEY(w, "end");
	jw_date(w, d->end);
	container_close(w, '}');

	KEY(w, "funds");
	container_open(w, '{');
	for (i = 0; i < FUND__MAX; i++) {
		jw_key(w, fund_keys[i]);
		jw_amount(w, d->funds[i]);
	}
	container_close(w, '}');

	KEY(w, "goals");
	container_open(w, '{');
	KEY(w, "overall_from");
	year_or_null(w, d->overall_from);
	KEY(w, "overall_to");
	year_or_null(w, d->overall_to);
	MEMBER_STR(w, "overall", d->overall ? d->overall : "");
	MEMBER_STR(w, "annual", d->annual_goal ? d->annual_goal : "");
	container_close(w, '}');

	KEY(w, "indicators");
	container_open(w, '[');
	for (i = 0; i < d->n_ind; i++) {
		const struct indicator *ind = &d->ind[i];
		container_open(w, '{');
		/* rows share their levels (carried down): measured once each */
		if (ind->level1 != l1) {
			l1 = ind->level1;
			l1n = l1 ? strlen(l1) : 0;
		}
		if (ind->level2 != l2) {
			l2 = ind->level2;
			l2n = l2 ? strlen(l2) : 0;
		}
		MEMBER_STRN_OR_NULL(w, "level1", l1, l1n);
		MEMBER_STRN_OR_NULL(w, "level2", l2, l2n);
		MEMBER_STR_OR_NULL(w, "name", ind->name);
		MEMBER_STR_OR_NULL(w, "value", ind->value);
		KEY(w, "target");
		json_write_target(w, &ind->target);
		container_close(w, '}');
	}
	container_close(w, ']');
	container_close(w, '}');
}
