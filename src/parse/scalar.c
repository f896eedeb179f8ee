/*
 * scalar.c: amounts (integer fen, never floating point) and dates.
 */
#include <stdint.h>
#include <string.h>

#include "../util/strbuf.h"
#include "../util/text.h"
#include "scalar.h"

/* Longest squeezed cell read as an amount, a date or a year. */
#define SQUEEZE_MAX 256

/* Half-width copy of a cell with every space removed (wrapped cells). */
static void squeeze(struct strbuf *sb, const char *s, size_t n)
{
	struct strbuf hw = STRBUF_INIT;
	size_t i;

	text_halfwidth(&hw, s, n);
	for (i = 0; i < hw.len; i++)
		if (hw.buf[i] != ' ' && hw.buf[i] != '\t' && hw.buf[i] != '\r')
			sb_addc(sb, hw.buf[i]);
	sb_release(&hw);
}

/*
 * True when squeeze() would hand back s itself: plain ASCII without blanks
 * (`5,350,000.00`, `2023-01-01`), the common case, read in place without
 * copying.  (False for some text squeeze() would leave as it is, which then
 * only takes the slower way.)  Longer text than a squeezed cell may hold is
 * left to squeeze(), which fails it.
 */
static bool already_squeezed(const char *s, size_t n)
{
	const uint64_t low7 = 0x7f7f7f7f7f7f7f7full, highs = 0x8080808080808080ull;
	uint64_t w;
	size_t i = 0;

	if (n > SQUEEZE_MAX)
		return false;
	/* no byte of 0x80 or more and none below 0x21 (which takes in the
	 * blanks squeeze() drops and a few controls it would keep: those go
	 * the slow way, with the same result), eight bytes at a time */
	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		if ((~((w & low7) + 0x5f5f5f5f5f5f5f5full) | w) & highs)
			return false;
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] >= 0x80 || (unsigned char)s[i] < 0x21)
			return false;
	return true;
}

/*
 * The cell as the readers below see it: s itself when already squeezed,
 * else a squeezed copy in sb (released by the caller).  False when it is
 * longer than SQUEEZE_MAX or memory ran out.
 */
static bool squeezed(struct strbuf *sb, const char *s, size_t n, const char **out, size_t *len)
{
	if (already_squeezed(s, n)) {
		*out = s;
		*len = n;
		return true;
	}
	sb_init(sb, SQUEEZE_MAX);
	squeeze(sb, s, n);
	*out = sb->buf;
	*len = sb->len;
	return !sb->err;
}

static bool ends_with(const char *s, size_t n, const char *suffix, size_t *cut)
{
	size_t k = strlen(suffix);

	if (n < k || memcmp(s + n - k, suffix, k) != 0)
		return false;
	*cut = n - k;
	return true;
}

int amount_parse(const char *s, size_t n, struct amount *out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *buf, *p, *end;
	int64_t whole = 0, frac = 0;
	int neg = 0, digits = 0, group = -1, fdigits = 0, rc = -1;
	size_t len;

	if (!squeezed(&sb, s, n, &buf, &len))
		goto out;
	if (len == 0) {
		out->fen = 0;
		out->set = false;
		rc = 0;
		goto out;
	}
	ends_with(buf, len, "元", &len);
	p = buf;
	end = buf + len;
	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	for (; p < end && *p != '.'; p++) {
		if (*p == ',') {
			/* a separator follows 1-3 digits first, exactly 3 after that */
			if (digits == 0 || (group >= 0 && group != 3) || (group < 0 && digits > 3))
				goto out;
			group = 0;
			continue;
		}
		if (*p < '0' || *p > '9')
			goto out;
		if (whole > AMOUNT_MAX_FEN / 1000)
			goto out;
		whole = whole * 10 + (*p - '0');
		digits++;
		if (group >= 0)
			group++;
	}
	if (digits == 0 || (group >= 0 && group != 3))
		goto out;
	if (p < end) {
		for (p++; p < end; p++) {
			if (*p < '0' || *p > '9')
				goto out;
			if (fdigits >= 2) {
				if (*p != '0')
					goto out;   /* would lose fen */
				continue;
			}
			frac = frac * 10 + (*p - '0');
			fdigits++;
		}
	}
	if (fdigits == 1)
		frac *= 10;
	if (whole > AMOUNT_MAX_FEN / 100)
		goto out;
	out->fen = whole * 100 + frac;
	if (out->fen > AMOUNT_MAX_FEN)
		goto out;
	if (neg)
		out->fen = -out->fen;
	out->set = true;
	rc = 0;
out:
	sb_release(&sb);
	return rc;
}

void amount_format(char buf[32], int64_t fen)
{
	uint64_t u = fen < 0 ? (uint64_t)(-(fen + 1)) + 1 : (uint64_t)fen, whole = u / 100;
	char digits[24], *p = digits + sizeof(digits);
	size_t k = 0;

	/* by hand, not snprintf: convert writes seven of these per form */
	do
		*--p = (char)('0' + whole % 10);
	while (whole /= 10);
	if (fen < 0)
		buf[k++] = '-';
	memcpy(buf + k, p, (size_t)(digits + sizeof(digits) - p));
	k += (size_t)(digits + sizeof(digits) - p);
	buf[k++] = '.';
	buf[k++] = (char)('0' + u % 100 / 10);
	buf[k++] = (char)('0' + u % 10);
	buf[k] = '\0';
}

void amount_format_grouped(char buf[40], int64_t fen)
{
	char raw[32];
	const char *p = raw;
	size_t len, digits, i, k = 0;

	amount_format(raw, fen);
	if (*p == '-')
		buf[k++] = *p++;
	len = strlen(p);
	digits = len - 3;       /* before ".NN" */
	for (i = 0; i < len; i++) {
		if (i > 0 && i < digits && (digits - i) % 3 == 0)
			buf[k++] = ',';
		buf[k++] = p[i];
	}
	buf[k] = '\0';
}

/* Reads 1..max digits at *p; returns the number or -1. */
static int read_num(const char **p, const char *end, int max)
{
	int v = 0, k = 0;

	while (*p < end && **p >= '0' && **p <= '9' && k < max) {
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	if (k == 0 || (*p < end && **p >= '0' && **p <= '9'))
		return -1;
	return v;
}

static bool eat(const char **p, const char *end, const char *word)
{
	size_t k = strlen(word);

	if ((size_t)(end - *p) < k || memcmp(*p, word, k) != 0)
		return false;
	*p += k;
	return true;
}

int date_parse(const char *s, size_t n, struct date *out)
{
	struct strbuf sb = STRBUF_INIT;
	const char *buf, *p, *end;
	int y, m, d, rc = -1;
	char sep = 0;
	bool cjk;
	size_t len;

	if (!squeezed(&sb, s, n, &buf, &len))
		goto out;
	if (len == 0) {
		memset(out, 0, sizeof(*out));
		rc = 0;
		goto out;
	}
	p = buf;
	end = buf + len;
	if ((y = read_num(&p, end, 4)) < 0 || p >= end)
		goto out;
	cjk = eat(&p, end, "年");
	if (!cjk) {
		sep = *p++;
		if (sep != '-' && sep != '/' && sep != '.')
			goto out;
	}
	if ((m = read_num(&p, end, 2)) < 0)
		goto out;
	if (cjk) {
		if (!eat(&p, end, "月"))
			goto out;
	} else if (p >= end || *p++ != sep) {
		goto out;
	}
	if ((d = read_num(&p, end, 2)) < 0)
		goto out;
	if (cjk && !eat(&p, end, "日"))
		eat(&p, end, "号");
	if (p != end || !date_valid(y, m, d))
		goto out;
	out->y = y;
	out->m = m;
	out->d = d;
	rc = 0;
out:
	sb_release(&sb);
	return rc;
}

void date_format(char buf[11], struct date d)
{
	unsigned y = (unsigned)d.y % 10000u, m = (unsigned)d.m % 100u, day = (unsigned)d.d % 100u;

	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + day / 10);
	buf[9] = (char)('0' + day % 10);
	buf[10] = '\0';
}

int year_parse(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p, *end;
	size_t len;
	int y = 0;

	if (squeezed(&sb, s, n, &p, &len) && (end = p + len, y = read_num(&p, end, 4)) >= 1900 &&
	    y <= 2999) {
		eat(&p, end, "年");
		eat(&p, end, "度");
		if (p != end)
			y = 0;
	} else {
		y = 0;
	}
	sb_release(&sb);
	return y;
}
