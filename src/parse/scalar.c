/*
 * scalar.c: amounts (integer fen, never floating point) and dates.
 */
#include <stdio.h>
#include <string.h>

#include "../util/strbuf.h"
#include "../util/text.h"
#include "scalar.h"

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
	const char *p, *end;
	int64_t whole = 0, frac = 0;
	int neg = 0, digits = 0, group = -1, fdigits = 0, rc = -1;
	size_t len;

	sb_init(&sb, 256);
	squeeze(&sb, s, n);
	if (sb.err)
		goto out;
	len = sb.len;
	if (len == 0) {
		out->fen = 0;
		out->set = false;
		rc = 0;
		goto out;
	}
	ends_with(sb.buf, len, "元", &len);
	p = sb.buf;
	end = sb.buf + len;
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
	uint64_t u = fen < 0 ? (uint64_t)(-(fen + 1)) + 1 : (uint64_t)fen;

	snprintf(buf, 32, "%s%llu.%02llu", fen < 0 ? "-" : "",
	         (unsigned long long)(u / 100), (unsigned long long)(u % 100));
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
	const char *p, *end;
	int y, m, d, rc = -1;
	char sep = 0;
	bool cjk;

	sb_init(&sb, 256);
	squeeze(&sb, s, n);
	if (sb.err)
		goto out;
	if (sb.len == 0) {
		memset(out, 0, sizeof(*out));
		rc = 0;
		goto out;
	}
	p = sb.buf;
	end = sb.buf + sb.len;
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
	snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)d.y % 10000u, (unsigned)d.m % 100u,
	         (unsigned)d.d % 100u);
}

int year_parse(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p, *end;
	int y = 0;

	sb_init(&sb, 256);
	squeeze(&sb, s, n);
	p = sb.buf;
	end = sb.buf + sb.len;
	if (!sb.err && (y = read_num(&p, end, 4)) >= 1900 && y <= 2999) {
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
