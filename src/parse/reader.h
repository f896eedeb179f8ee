/*
 * reader.h: lines of a text file, streamed, in UTF-8 whatever the file's
 * encoding.
 *
 * Detects the encoding from the first 64 KiB: a UTF-8 or UTF-16 byte order
 * mark, else UTF-8 when those bytes are valid UTF-8, else GB18030 (what
 * Windows tools write for Chinese), decoded with iconv.  Lines end at LF;
 * a CR before it is dropped.  Memory stays bounded by the longest line.
 */
#ifndef JX_READER_H
#define JX_READER_H

#include <stddef.h>
#include <stdint.h>

struct reader;

/* Longest line accepted, in bytes after decoding. */
#define READER_MAX_LINE (8u << 20)

/*
 * Opens `path` ("-" reads standard input).  Returns 0, JX_ENOENT, JX_EIO or
 * JX_ENOMEM; *out is set only on success and is freed by reader_close().
 */
int reader_open(struct reader **out, const char *path);
/* A reader over memory the caller keeps alive until reader_close(). */
int reader_open_mem(struct reader **out, const void *data, size_t n);
void reader_close(struct reader *r);

/*
 * The next line, without its line ending, NUL-terminated, valid until the
 * next call.  Returns 1 with a line, 0 at the end, or a negative JX_ error
 * code: -JX_EIO on a read error or an undecodable byte sequence, -JX_ETOOBIG
 * for a line over READER_MAX_LINE.
 */
int reader_next(struct reader *r, char **line, size_t *len);
/*
 * 1 when the line last returned is known to be text, valid UTF-8 without a
 * NUL byte: the reader checks many lines at a time as it reads (a pass the
 * caller need not repeat); 0 when the caller must check it.
 */
int reader_line_checked(const struct reader *r);
/* The number of the line last returned, from 1. */
int reader_lineno(const struct reader *r);
/* "UTF-8", "GB18030", "UTF-16LE" or "UTF-16BE" (after the first read). */
const char *reader_encoding(const struct reader *r);
/* Bytes of the input consumed so far, and its size (0 when unknown). */
uint64_t reader_offset(const struct reader *r);
uint64_t reader_size(const struct reader *r);
/* Peeks at the first non-space byte of the input without consuming it;
 * -1 when empty.  Only valid before the first reader_next(). */
int reader_first_byte(struct reader *r);

#endif
