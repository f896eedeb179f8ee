/*
 * strbuf.c: growable NUL-terminated buffer with a size cap and a sticky error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "strbuf.h"

char strbuf_empty[1];

void sb_init(struct strbuf *sb, size_t max)
{
	sb->buf = strbuf_empty;
	sb->len = 0;
	sb->alloc = 0;
	sb->max = max;
	sb->err = 0;
}

void sb_release(struct strbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	sb_init(sb, sb->max);
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->err = 0;
	sb->buf[0] = '\0';
}

int sb_grow(struct strbuf *sb, size_t n)
{
	size_t want, cap;
	char *p;

	if (sb->err)
		return sb->err;
	if (n > SIZE_MAX / 2 - sb->len - 1)
		return sb->err = JX_ETOOBIG;
	want = sb->len + n + 1;
	if (sb->max && want > sb->max + 1)
		return sb->err = JX_ETOOBIG;
	if (want <= sb->alloc)
		return 0;
	cap = sb->alloc ? sb->alloc : 64;
	while (cap < want)
		cap *= 2;
	/* never more room than the cap allows: sb_add's fast path appends
	 * whatever fits in `alloc` without looking at `max` */
	if (sb->max && cap > sb->max + 1)
		cap = sb->max + 1;
	p = realloc(sb->alloc ? sb->buf : NULL, cap);
	if (!p)
		return sb->err = JX_ENOMEM;
	if (!sb->alloc)
		p[0] = '\0';
	sb->buf = p;
	sb->alloc = cap;
	return 0;
}

void sb_add_slow(struct strbuf *sb, const void *data, size_t n)
{
	if (sb_grow(sb, n))
		return;
	memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

int sb_add_file(struct strbuf *sb, const char *path)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t got;
	int rc = 0;

	if (!f)
		return JX_EIO;
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(sb, buf, got);
	if (ferror(f))
		rc = JX_EIO;
	else if (sb->err)
		rc = JX_ENOMEM;
	fclose(f);
	return rc;
}

void sb_addu(struct strbuf *sb, unsigned long long v)
{
	char buf[24];
	size_t i = sizeof(buf);

	do
		buf[--i] = (char)('0' + v % 10);
	while (v /= 10);
	sb_add(sb, buf + i, sizeof(buf) - i);
}

void sb_adds(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (sb->err)
		return;
	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc ? sb->alloc - sb->len : 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		sb->err = JX_EIO;
		return;
	}
	if (sb->alloc && (size_t)n < sb->alloc - sb->len) {
		sb->len += (size_t)n;
		return;
	}
	if (sb_grow(sb, (size_t)n)) {
		if (sb->alloc)
			sb->buf[sb->len] = '\0';      /* undo the truncated first try */
		return;
	}
	vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
	sb->len += (size_t)n;
}

void sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(sb, fmt, ap);
	va_end(ap);
}

void sb_setlen(struct strbuf *sb, size_t len)
{
	if (len >= sb->len)
		return;
	sb->len = len;
	sb->buf[len] = '\0';
}

char *sb_detach(struct strbuf *sb, size_t *len)
{
	char *p;

	if (len)
		*len = sb->len;
	if (!sb->alloc) {
		p = calloc(1, 1);
	} else {
		p = sb->buf;
	}
	sb_init(sb, sb->max);
	return p;
}
