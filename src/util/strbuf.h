/*
 * strbuf.h: the one growable string buffer.
 *
 * A strbuf is never NULL-buffered: after sb_init() `buf` always points at a
 * NUL-terminated string (possibly the shared empty string).  Appends that
 * would grow it past `max` (0 = unlimited) or that fail to allocate set the
 * sticky `err` instead and leave the content as it was, so a writer can
 * append freely and check once at the end (sqlite3_str, curl dynbuf).
 */
#ifndef JX_STRBUF_H
#define JX_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
	size_t max;
	int err;        /* 0, JX_ENOMEM or JX_ETOOBIG; sticky */
};

extern char strbuf_empty[];
#define STRBUF_INIT { strbuf_empty, 0, 0, 0, 0 }

void sb_init(struct strbuf *sb, size_t max);
void sb_release(struct strbuf *sb);
/* Empties the buffer, keeping its memory; clears err. */
void sb_reset(struct strbuf *sb);
/* Makes room for `n` more bytes; returns 0 or the sticky error. */
int sb_grow(struct strbuf *sb, size_t n);
void sb_add_slow(struct strbuf *sb, const void *data, size_t n);

/* Appends n bytes (inline: the common case, room available, is a memcpy). */
static inline void sb_add(struct strbuf *sb, const void *data, size_t n)
{
	if (sb->alloc - sb->len > n && !sb->err) {
		__builtin_memcpy(sb->buf + sb->len, data, n);
		sb->len += n;
		sb->buf[sb->len] = '\0';
		return;
	}
	sb_add_slow(sb, data, n);
}

static inline void sb_addc(struct strbuf *sb, char c)
{
	if (sb->alloc - sb->len > 1 && !sb->err) {
		sb->buf[sb->len++] = c;
		sb->buf[sb->len] = '\0';
		return;
	}
	sb_add_slow(sb, &c, 1);
}

void sb_adds(struct strbuf *sb, const char *s);
/* Appends the contents of the file at path: 0, JX_EIO (errno says why) or
 * JX_ENOMEM. */
int sb_add_file(struct strbuf *sb, const char *path);
/* Appends v in decimal (no printf: hot paths write many numbers). */
void sb_addu(struct strbuf *sb, unsigned long long v);
void sb_addf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
/* Drops everything after the first `len` bytes. */
void sb_setlen(struct strbuf *sb, size_t len);
/* Hands the buffer (malloc'd, NUL-terminated) to the caller, who frees it. */
char *sb_detach(struct strbuf *sb, size_t *len);

#endif
