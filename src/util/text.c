/*
 * text.c: UTF-8 decoding and the FORMAT.md text normalisation.
 */
#include <assert.h>
#include <string.h>
#include <strings.h>

#include "text.h"

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	size_t len, i;

	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] < 0xc2)
		return 0;
	if (u[0] < 0xe0) {
		len = 2;
		c = u[0] & 0x1f;
	} else if (u[0] < 0xf0) {
		len = 3;
		c = u[0] & 0x0f;
	} else if (u[0] < 0xf5) {
		len = 4;
		c = u[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

void utf8_encode(struct strbuf *out, uint32_t cp)
{
	char b[4];

	if (cp < 0x80) {
		sb_addc(out, (char)cp);
	} else if (cp < 0x800) {
		b[0] = (char)(0xc0 | (cp >> 6));
		b[1] = (char)(0x80 | (cp & 0x3f));
		sb_add(out, b, 2);
	} else if (cp < 0x10000) {
		b[0] = (char)(0xe0 | (cp >> 12));
		b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		sb_add(out, b, 3);
	} else {
		b[0] = (char)(0xf0 | (cp >> 18));
		b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		b[3] = (char)(0x80 | (cp & 0x3f));
		sb_add(out, b, 4);
	}
}

/*
 * Word-at-a-time helpers (SWAR).  Words are loaded with memcpy, so any
 * alignment is fine; masks for byte patterns are loaded the same way from
 * byte arrays, and where a flag's place in the word matters (the first
 * flagged byte) the byte order is asked of the compiler.
 */
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull

static inline uint64_t load8(const unsigned char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	return w;
}

#define LOW7 0x7f7f7f7f7f7f7f7full

/* High bit set exactly in the bytes of w that are zero. */
static inline uint64_t exact_zero(uint64_t w)
{
	return ~(((w & LOW7) + LOW7) | w | LOW7);
}

/* High bit set exactly in the bytes of w below c (c <= 0x80). */
static inline uint64_t exact_below(uint64_t w, unsigned c)
{
	return ~(((w & LOW7) + ONES * (0x80 - c)) | w) & HIGHS;
}

/* A mask that clears the flags of the first k bytes (k < 8) in memory order. */
static inline uint64_t not_first_bytes(size_t k)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return ~0ull >> (8 * k);
#else
	return ~0ull << (8 * k);
#endif
}

/* The offset, in memory order, of the first byte whose high bit is set in
 * m (m != 0, only high bits set). */
static inline size_t first_flagged(uint64_t m)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return (size_t)__builtin_clzll(m) / 8;
#else
	return (size_t)__builtin_ctzll(m) / 8;
#endif
}

/* Lead bytes of a 3-byte sequence whose second byte may be any of 80..BF:
 * E1..EC and EE..EF (E0 and ED restrict it, against overlong forms and
 * surrogates).  Most Chinese text is made of these. */
static const unsigned char lead3_any[256] = {
	[0xe1] = 1, [0xe2] = 1, [0xe3] = 1, [0xe4] = 1, [0xe5] = 1, [0xe6] = 1, [0xe7] = 1,
	[0xe8] = 1, [0xe9] = 1, [0xea] = 1, [0xeb] = 1, [0xec] = 1, [0xee] = 1, [0xef] = 1,
};

#if defined(__GNUC__)
/*
 * Sixteen bytes at a time with the compilers' vector extensions (GCC,
 * Clang: SSE2 on any x86-64, plain code where there is no SIMD): a block is
 * accepted when it is certainly valid, and anything else is left to the
 * byte-wise checks below, which find the exact offset.
 */
typedef unsigned char v16u __attribute__((vector_size(16)));
typedef signed char v16s __attribute__((vector_size(16)));

static inline v16u load16(const unsigned char *p)
{
	v16u v;

	memcpy(&v, p, 16);
	return v;
}

static inline bool any16(v16s m)
{
	uint64_t h[2];

	memcpy(h, &m, 16);
	return (h[0] | h[1]) != 0;
}

/*
 * True when p[0..16) holds only ASCII (no NUL when `nul`), C2..DF and
 * E1..EC, EE..EF leads (no range to check after them) and continuation
 * bytes exactly where a lead before them needs one: p[-2] and p[-1], which
 * must be readable, are the end of text already validated.  A block may
 * end inside a character; the next one sees its lead in p[-2], p[-1].
 */
static bool valid_block16(const unsigned char *p, bool nul)
{
	v16u c = load16(p), p1 = load16(p - 1), p2 = load16(p - 2);
	v16s need = (v16s)((p1 & 0xc0) == 0xc0) | (v16s)((p2 & 0xe0) == 0xe0);
	v16s cont = (v16s)((c & 0xc0) == 0x80);
	v16s bad = (need ^ cont) | (v16s)((c & 0xfe) == 0xc0) | (v16s)((c & 0xf0) == 0xf0) |
	           (v16s)(c == 0xe0) | (v16s)(c == 0xed);

	if (nul)
		bad |= (v16s)(c == 0);
	return !any16(bad);
}
#endif

/* Offset of the first invalid byte of s, or n; with `nul`, a NUL byte
 * counts as invalid too. */
static size_t utf8_scan(const char *s, size_t n, bool nul)
{
	/* the bytes of two 3-byte sequences (mask and value), and of four in
	 * two words, bytes 0..7 and 4..11 */
	static const unsigned char mask_b[8] = { 0xf0, 0xc0, 0xc0, 0xf0, 0xc0, 0xc0, 0, 0 };
	static const unsigned char want_b[8] = { 0xe0, 0x80, 0x80, 0xe0, 0x80, 0x80, 0, 0 };
	static const unsigned char mask4a_b[8] = { 0xf0, 0xc0, 0xc0, 0xf0, 0xc0, 0xc0, 0xf0, 0xc0 };
	static const unsigned char want4a_b[8] = { 0xe0, 0x80, 0x80, 0xe0, 0x80, 0x80, 0xe0, 0x80 };
	static const unsigned char mask4b_b[8] = { 0, 0, 0, 0, 0xc0, 0xf0, 0xc0, 0xc0 };
	static const unsigned char want4b_b[8] = { 0, 0, 0, 0, 0x80, 0xe0, 0x80, 0x80 };
	const unsigned char *u = (const unsigned char *)s;
	uint64_t mask3, want3, mask4a, want4a, mask4b, want4b, w;
	size_t i = 0, len, next_block = 2;
	uint32_t cp;

	memcpy(&mask3, mask_b, 8);
	memcpy(&want3, want_b, 8);
	memcpy(&mask4a, mask4a_b, 8);
	memcpy(&want4a, want4a_b, 8);
	memcpy(&mask4b, mask4b_b, 8);
	memcpy(&want4b, want4b_b, 8);
	while (i < n) {
#if defined(__GNUC__)
		/* i is at the start of a character and i >= 2: blocks of 16 */
		if (i >= next_block && n - i >= 16) {
			size_t j = i;

			while (n - j >= 16 && valid_block16(u + j, nul))
				j += 16;
			if (j > i) {
				/* back to the lead of a character the last block cut */
				if (u[j - 1] >= 0xc0)
					j -= 1;
				else if (u[j - 2] >= 0xe0)
					j -= 2;
				i = j;
			}
			/* a block was refused: 16 bytes the slow way before the next */
			next_block = i + 16;
			if (i >= n)
				break;
		}
#endif
		/* runs of Chinese text: four 3-byte sequences at a time */
		while (n - i >= 12 && (load8(u + i) & mask4a) == want4a &&
		       (load8(u + i + 4) & mask4b) == want4b &&
		       (lead3_any[u[i]] & lead3_any[u[i + 3]] & lead3_any[u[i + 6]] &
		        lead3_any[u[i + 9]]))
			i += 12;
		while (n - i >= 8) {
			w = load8(u + i);
			/* two 3-byte sequences of the plain kind */
			if ((w & mask3) == want3 && lead3_any[u[i]] && lead3_any[u[i + 3]]) {
				i += 6;
				continue;
			}
			/* eight ASCII bytes (none of them NUL when that matters) */
			if (!((nul ? w | (w - ONES) : w) & HIGHS)) {
				i += 8;
				continue;
			}
			break;
		}
		if (i >= n)
			break;
		if (u[i] < 0x80) {
			/* a run of ASCII: to the first byte of the word that is not
			 * ASCII (or is NUL), or a byte at a time at the end */
			if (n - i >= 8) {
				w = load8(u + i);
				i += first_flagged((w & HIGHS) | (nul ? exact_zero(w) : 0));
				if (nul && u[i] == 0)
					return i;
				continue;
			}
			do {
				if (nul && u[i] == 0)
					return i;
				i++;
			} while (i < n && u[i] < 0x80);
			continue;
		}
		/* the common case in Chinese text: a 3-byte sequence, not overlong
		 * (E0 needs A0..BF next) and not a surrogate (ED needs 80..9F) */
		if (lead3_any[u[i]] && i + 2 < n && (u[i + 1] & 0xc0) == 0x80 &&
		    (u[i + 2] & 0xc0) == 0x80) {
			i += 3;
			continue;
		}
		len = utf8_decode(s + i, n - i, &cp);
		if (!len)
			return i;
		i += len;
	}
	return n;
}

size_t utf8_check(const char *s, size_t n)
{
	return utf8_scan(s, n, false);
}

size_t utf8_check_text(const char *s, size_t n)
{
	return utf8_scan(s, n, true);
}

size_t utf8_chars(const char *s, size_t n)
{
	size_t i = 0, count = 0;

	for (; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			count++;
	return count;
}

bool is_cjk(uint32_t cp)
{
	static const struct { uint32_t lo, hi; } ranges[] = {
		{ 0x2014, 0x2014 },   /* — em dash */
		{ 0x2018, 0x201f },   /* ‘ ’ “ ” */
		{ 0x2026, 0x2026 },   /* … */
		{ 0x2e80, 0x2fdf },   /* radicals */
		{ 0x3000, 0x303f },   /* CJK symbols and punctuation */
		{ 0x3040, 0x30ff },   /* kana */
		{ 0x3100, 0x312f },   /* bopomofo */
		{ 0x31c0, 0x31ef },   /* strokes */
		{ 0x3200, 0x33ff },   /* enclosed, compatibility */
		{ 0x3400, 0x4dbf },   /* extension A */
		{ 0x4e00, 0x9fff },   /* unified ideographs */
		{ 0xf900, 0xfaff },   /* compatibility ideographs */
		{ 0xfe10, 0xfe1f },   /* vertical forms */
		{ 0xfe30, 0xfe4f },   /* compatibility forms */
		{ 0xff00, 0xffef },   /* full-width and half-width forms */
		{ 0x20000, 0x3ffff }, /* extensions B and later */
	};
	size_t i;

	if (cp < 0x2014)
		return false;
	for (i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (cp >= ranges[i].lo && cp <= ranges[i].hi)
			return true;
	return false;
}

bool is_space_cp(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0xa0 ||
	       cp == 0x3000;
}

/* The code point that ends the buffer, or 0 when it is empty. */
static uint32_t last_cp(const struct strbuf *sb)
{
	size_t i = sb->len, len;
	uint32_t cp;

	if (!i)
		return 0;
	while (i > 0 && sb->len - i < 4 && ((unsigned char)sb->buf[i - 1] & 0xc0) == 0x80)
		i--;
	if (i == 0)
		return 0;
	len = utf8_decode(sb->buf + i - 1, sb->len - i + 1, &cp);
	return len ? cp : 0xfffd;
}

/* Length of the space character at s, or 0 if s does not start with one. */
static size_t space_at(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];

	if (c == ' ' || c == '\t' || c == '\r')
		return 1;
	if (c == 0xc2 && n >= 2 && (unsigned char)s[1] == 0xa0)
		return 2;
	if (c == 0xe3 && n >= 3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80)
		return 3;
	return 0;
}

/* Bytes that may start a blank: 1 those that do (space, tab, CR, LF), 2
 * C2 and E3, which do when no-break or ideographic space follows. */
static const unsigned char blank_lead[256] = {
	[' '] = 1, ['\t'] = 1, ['\r'] = 1, ['\n'] = 1, [0xc2] = 2, [0xe3] = 2,
};

/*
 * The end of the span from s[i] that text_normalise copies as it is: up to
 * a blank (space, tab, CR, LF, no-break space C2 A0, ideographic space
 * E3 80 80).  Sixteen bytes at a time where the vector extensions are,
 * then eight: the bytes below 0x21 (the four ASCII blanks among them) and
 * C2 or E3 (w & ~0x21 is C2 for them, and for C3 and E2) are found exactly,
 * the first of them in memory order is looked at, and the search goes on
 * after it when it starts no blank.
 */
static size_t ordinary_span(const char *s, size_t i, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint64_t w, m;
	size_t k;

	for (;;) {
#if defined(__GNUC__)
		/* sixteen bytes at a time while none of them starts a blank: a
		 * byte below 0x21, C2 A0, or E3 80 80 (looked at whole, so that
		 * the E3 of 、 and 。 do not stop the scan) */
		while (n - i >= 18) {
			v16u c = load16(u + i), c1 = load16(u + i + 1), c2 = load16(u + i + 2);
			if (any16((v16s)(c < 0x21) | ((v16s)(c == 0xc2) & (v16s)(c1 == 0xa0)) |
			          ((v16s)(c == 0xe3) & (v16s)(c1 == 0x80) & (v16s)(c2 == 0x80))))
				break;
			i += 16;
		}
#endif
		for (m = 0; n - i >= 8; i += 8) {
			w = load8(u + i);
			m = exact_below(w, 0x21) | exact_zero((w & ~(ONES * 0x21)) ^ (ONES * 0xc2));
			if (m)
				break;
		}
		if (!m && i < n && n >= 8) {
			/* the tail: the last word of s, without the bytes before i */
			w = load8(u + n - 8);
			m = exact_below(w, 0x21) | exact_zero((w & ~(ONES * 0x21)) ^ (ONES * 0xc2));
			m &= not_first_bytes(8 - (n - i));
			if (!m)
				return n;
			i = n - 8;
		}
		if (m) {
			k = i + first_flagged(m);
		} else {
			for (k = i; k < n && !blank_lead[u[k]]; k++)
				;
			if (k >= n)
				return n;
		}
		if (blank_lead[u[k]] == 1 || (blank_lead[u[k]] == 2 && space_at(s + k, n - k)))
			return k;
		i = k + 1;      /* another control, or C2 C3 E2 E3 starting no blank */
	}
}

bool text_is_normal(const char *s, size_t n)
{
	return ordinary_span(s, 0, n) == n;
}

void text_normalise(struct strbuf *out, const char *s, size_t n)
{
	size_t start = out->len, i = 0, run, len;
	bool pending_space = false, pending_break = false;
	uint32_t cp, prev;

	while (i < n) {
		/* copy a span of ordinary characters in one go */
		run = ordinary_span(s, i, n);
		if (run > i) {
			if (pending_break) {
				if (out->len > start)
					sb_addc(out, '\n');
			} else if (pending_space && out->len > start) {
				prev = last_cp(out);
				if (!utf8_decode(s + i, n - i, &cp))
					cp = 0xfffd;
				if (!is_cjk(prev) && !is_cjk(cp))
					sb_addc(out, ' ');
			}
			pending_space = pending_break = false;
			sb_add(out, s + i, run - i);
			i = run;
			continue;
		}
		/* a blank: ordinary_span stops at nothing else */
		if (s[i] == '\n') {
			pending_break = true;
			i++;
			continue;
		}
		len = space_at(s + i, n - i);
		assert(len > 0);
		pending_space = true;
		i += len;
	}
}

static const struct {
	const char *name;
	const char *text;
} entities[] = {
	{ "nbsp", " " }, { "amp", "&" }, { "lt", "<" }, { "gt", ">" },
	{ "quot", "\"" }, { "apos", "'" }, { "ldquo", "“" }, { "rdquo", "”" },
	{ "lsquo", "‘" }, { "rsquo", "’" }, { "mdash", "—" }, { "hellip", "…" },
	{ "middot", "·" }, { "times", "×" }, { "ge", "≥" }, { "le", "≤" },
};

/* Names of tags that separate paragraphs. */
static bool is_break_tag(const char *name, size_t n)
{
	static const char *const tags[] = { "p", "br", "div", "li", "tr", "h1", "h2", "h3" };
	size_t i;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strlen(tags[i]) == n && strncasecmp(tags[i], name, n) == 0)
			return true;
	return false;
}

/* Appends the entity at s ('&'...), returning its length, or 0 if none. */
static size_t entity_at(struct strbuf *out, const char *s, size_t n)
{
	size_t i, end;
	uint32_t cp = 0;

	for (end = 1; end < n && end < 12 && s[end] != ';'; end++)
		;
	if (end >= n || s[end] != ';' || end < 2)
		return 0;
	if (s[1] == '#') {
		bool hex = end > 2 && (s[2] == 'x' || s[2] == 'X');
		size_t k = hex ? 3 : 2;
		if (k == end)
			return 0;
		for (; k < end; k++) {
			char c = s[k];
			int d;
			if (c >= '0' && c <= '9')
				d = c - '0';
			else if (hex && c >= 'a' && c <= 'f')
				d = c - 'a' + 10;
			else if (hex && c >= 'A' && c <= 'F')
				d = c - 'A' + 10;
			else
				return 0;
			cp = cp * (hex ? 16 : 10) + (uint32_t)d;
			if (cp > 0x10ffff)
				return 0;
		}
		if (cp == 0 || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		utf8_encode(out, cp);
		return end + 1;
	}
	for (i = 0; i < sizeof(entities) / sizeof(entities[0]); i++) {
		if (strlen(entities[i].name) == end - 1 &&
		    memcmp(entities[i].name, s + 1, end - 1) == 0) {
			sb_adds(out, entities[i].text);
			return end + 1;
		}
	}
	return 0;
}

void text_strip_html(struct strbuf *out, const char *s, size_t n)
{
	size_t i = 0, j, name, len, lt = 0, amp = 0, next;
	const char *hit;
	bool lt_known = false, amp_known = false;

	while (i < n) {
		/* where the next '<' and '&' are (n: none), each searched for
		 * again only when passed */
		if (!lt_known || lt < i) {
			hit = memchr(s + i, '<', n - i);
			lt = hit ? (size_t)(hit - s) : n;
			lt_known = true;
		}
		if (!amp_known || amp < i) {
			hit = memchr(s + i, '&', n - i);
			amp = hit ? (size_t)(hit - s) : n;
			amp_known = true;
		}
		next = lt < amp ? lt : amp;
		if (next >= n) {
			sb_add(out, s + i, n - i);
			return;
		}
		sb_add(out, s + i, next - i);
		i = next;
		if (s[i] == '&') {
			len = entity_at(out, s + i, n - i);
			if (!len) {
				sb_addc(out, '&');
				len = 1;
			}
			i += len;
			continue;
		}
		/* a tag: '<' optional '/' then an ASCII letter, up to '>' */
		j = i + 1;
		if (j < n && s[j] == '/')
			j++;
		if (j >= n || !((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z'))) {
			sb_addc(out, '<');
			i++;
			continue;
		}
		name = j;
		while (j < n && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
		                 (s[j] >= '0' && s[j] <= '9')))
			j++;
		len = j - name;
		while (j < n && s[j] != '>' && s[j] != '<')
			j++;
		if (j >= n || s[j] != '>') {
			sb_addc(out, '<');
			i++;
			continue;
		}
		if (is_break_tag(s + name, len))
			sb_addc(out, '\n');
		i = j + 1;
	}
}

void text_halfwidth(struct strbuf *out, const char *s, size_t n)
{
	size_t i = 0, run, len;
	uint32_t cp;

	while (i < n) {
		for (run = i; run < n && (unsigned char)s[run] != 0xef && (unsigned char)s[run] != 0xe3 &&
		              (unsigned char)s[run] != 0xe2;
		     run++)
			;
		sb_add(out, s + i, run - i);
		i = run;
		if (i >= n)
			break;
		len = utf8_decode(s + i, n - i, &cp);
		if (!len) {
			sb_addc(out, s[i++]);
			continue;
		}
		if (cp >= 0xff01 && cp <= 0xff5e)
			sb_addc(out, (char)(cp - 0xff01 + 0x21));
		else if (cp == 0x3000)
			sb_addc(out, ' ');
		else if (cp == 0x2267 || cp == 0x2a7e)
			sb_adds(out, "≥");
		else if (cp == 0x2266 || cp == 0x2a7d)
			sb_adds(out, "≤");
		else
			sb_add(out, s + i, len);
		i += len;
	}
}

void text_trim_ends(const char **s, size_t *n)
{
	const char *p = *s;
	size_t len = *n, k;

	while (len && ((k = space_at(p, len)) > 0 || (k = p[0] == '\n'))) {
		p += k;
		len -= k;
	}
	for (;;) {
		if (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r' ||
		            p[len - 1] == '\n'))
			len--;
		else if (len >= 2 && memcmp(p + len - 2, "\xc2\xa0", 2) == 0)
			len -= 2;
		else if (len >= 3 && memcmp(p + len - 3, "\xe3\x80\x80", 3) == 0)
			len -= 3;
		else
			break;
	}
	*s = p;
	*n = len;
}

bool text_blank(const char *s, size_t n)
{
	size_t len;

	while (n) {
		if (*s == '\n') {
			s++;
			n--;
			continue;
		}
		len = space_at(s, n);
		if (!len)
			return false;
		s += len;
		n -= len;
	}
	return true;
}
