/*
 * reader.c: buffered line reading with encoding detection and iconv.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util/err.h"
#include "../util/text.h"
#include "reader.h"

#define RAW_CHUNK (256u << 10)
#define DETECT_BYTES (64u << 10)

struct reader {
	int fd;                 /* -1 for memory */
	const char *mem;        /* memory input */
	size_t mem_len, mem_pos;
	int eof;
	/* raw bytes not yet decoded (iconv mode and detection) */
	char *raw;
	size_t raw_len, raw_cap;
	/* decoded UTF-8 text */
	char *buf;
	size_t start, end, cap;
	size_t scanned;         /* bytes after start known to hold no LF */
	size_t valid;           /* buf[start, valid) is known to be text */
	int unchecked;          /* text from `valid` on is left to the caller */
	int line_checked;       /* the last line is within buf[.., valid) */
	iconv_t cd;             /* (iconv_t)-1 in UTF-8 mode */
	const char *encoding;
	int detected;
	int bad;                /* an undecodable sequence follows the text */
	int lineno;
	uint64_t offset, size;
};

static int reader_new(struct reader **out)
{
	struct reader *r = calloc(1, sizeof(*r));

	if (!r)
		return JX_ENOMEM;
	r->fd = -1;
	r->cd = (iconv_t)-1;
	r->encoding = "UTF-8";
	r->cap = 1u << 20;
	r->buf = malloc(r->cap + 1);
	r->raw_cap = RAW_CHUNK;
	r->raw = malloc(r->raw_cap);
	if (!r->buf || !r->raw) {
		reader_close(r);
		return JX_ENOMEM;
	}
	*out = r;
	return 0;
}

int reader_open(struct reader **out, const char *path)
{
	struct reader *r;
	struct stat st;
	int rc;

	if ((rc = reader_new(&r)))
		return rc;
	if (strcmp(path, "-") == 0) {
		r->fd = STDIN_FILENO;
	} else {
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0) {
			rc = errno == ENOENT ? JX_ENOENT : JX_EIO;
			reader_close(r);
			return rc;
		}
	}
	if (fstat(r->fd, &st) == 0 && S_ISREG(st.st_mode))
		r->size = (uint64_t)st.st_size;
	if (r->fd != STDIN_FILENO && r->size > (1u << 20))
		posix_fadvise(r->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
	*out = r;
	return 0;
}

int reader_open_mem(struct reader **out, const void *data, size_t n)
{
	struct reader *r;
	int rc;

	if ((rc = reader_new(&r)))
		return rc;
	r->mem = data;
	r->mem_len = n;
	r->size = n;
	*out = r;
	return 0;
}

void reader_close(struct reader *r)
{
	if (!r)
		return;
	if (r->fd > STDIN_FILENO)
		close(r->fd);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->raw);
	free(r->buf);
	free(r);
}

/* Reads up to n bytes of input into dst; returns the count, 0 at end, -1 on error. */
static ssize_t input_read(struct reader *r, char *dst, size_t n)
{
	ssize_t got;

	if (r->mem) {
		size_t k = r->mem_len - r->mem_pos < n ? r->mem_len - r->mem_pos : n;
		memcpy(dst, r->mem + r->mem_pos, k);
		r->mem_pos += k;
		r->offset += k;
		return (ssize_t)k;
	}
	do
		got = read(r->fd, dst, n);
	while (got < 0 && errno == EINTR);
	if (got > 0)
		r->offset += (uint64_t)got;
	return got;
}

/* Fills raw with at least `want` bytes unless the input ends first. */
static int fill_raw(struct reader *r, size_t want)
{
	ssize_t got;

	while (!r->eof && r->raw_len < want) {
		got = input_read(r, r->raw + r->raw_len, r->raw_cap - r->raw_len);
		if (got < 0)
			return JX_EIO;
		if (got == 0)
			r->eof = 1;
		r->raw_len += (size_t)got;
	}
	return 0;
}

static int detect(struct reader *r)
{
	const unsigned char *u = (const unsigned char *)r->raw;
	size_t skip = 0, ok;
	const char *enc = NULL;
	int rc;

	r->detected = 1;
	if ((rc = fill_raw(r, DETECT_BYTES)))
		return rc;
	if (r->raw_len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		skip = 3;
	} else if (r->raw_len >= 2 && u[0] == 0xff && u[1] == 0xfe) {
		enc = "UTF-16LE";
		skip = 2;
	} else if (r->raw_len >= 2 && u[0] == 0xfe && u[1] == 0xff) {
		enc = "UTF-16BE";
		skip = 2;
	} else {
		ok = utf8_check(r->raw, r->raw_len);
		/* a sequence cut by the end of the sample is not evidence */
		if (ok < r->raw_len && (r->eof || r->raw_len - ok >= 4))
			enc = "GB18030";
	}
	memmove(r->raw, r->raw + skip, r->raw_len - skip);
	r->raw_len -= skip;
	if (enc) {
		r->cd = iconv_open("UTF-8", enc);
		if (r->cd == (iconv_t)-1)
			return JX_EIO;
		r->encoding = enc;
	}
	return 0;
}

/* Makes room for at least `n` more bytes at buf + end. */
static int make_room(struct reader *r, size_t n)
{
	char *p;
	size_t cap;

	if (r->start > 0) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->valid = r->valid > r->start ? r->valid - r->start : 0;
		r->start = 0;
	}
	if (r->cap - r->end >= n)
		return 0;
	cap = r->cap;
	while (cap - r->end < n)
		cap *= 2;
	if (cap > READER_MAX_LINE + (2u << 20))
		return JX_ETOOBIG;
	p = realloc(r->buf, cap + 1);
	if (!p)
		return JX_ENOMEM;
	r->buf = p;
	r->cap = cap;
	return 0;
}

/* Appends more decoded text to buf; sets eof when nothing is left. */
static int fill(struct reader *r)
{
	ssize_t got;
	int rc;

	if ((rc = make_room(r, RAW_CHUNK * 4)))
		return rc;
	if (r->cd == (iconv_t)-1) {
		/* UTF-8: first the detection sample, then straight from the input */
		if (r->raw_len) {
			size_t k = r->raw_len < r->cap - r->end ? r->raw_len : r->cap - r->end;
			memcpy(r->buf + r->end, r->raw, k);
			memmove(r->raw, r->raw + k, r->raw_len - k);
			r->raw_len -= k;
			r->end += k;
			return 0;
		}
		if (r->eof)
			return 0;
		got = input_read(r, r->buf + r->end, r->cap - r->end);
		if (got < 0)
			return JX_EIO;
		if (got == 0)
			r->eof = 1;
		r->end += (size_t)got;
		return 0;
	}
	if (r->bad)
		return JX_EIO;
	if ((rc = fill_raw(r, RAW_CHUNK)))
		return rc;
	if (r->raw_len) {
		char *in = r->raw, *outp = r->buf + r->end;
		size_t inleft = r->raw_len, outleft = r->cap - r->end;
		size_t conv = iconv(r->cd, &in, &inleft, &outp, &outleft);

		/* EILSEQ: bytes that are not in the encoding; EINVAL at the end of
		 * the file: a sequence cut short.  The text before them is still
		 * handed out, so the error is reported on the right line. */
		if (conv == (size_t)-1 && ((errno != E2BIG && errno != EINVAL) ||
		                           (errno == EINVAL && r->eof))) {
			if (outp == r->buf + r->end)
				return JX_EIO;
			r->bad = 1;
		}
		r->end = (size_t)(outp - r->buf);
		memmove(r->raw, in, inleft);
		r->raw_len = inleft;
	}
	return 0;
}

/*
 * Checks the text up to `upto` (past the last LF seen, so that no character
 * is cut, or the end of the input) in one pass over many lines, with
 * utf8_check_text: the lines inside buf[.., valid) need no check of their
 * own.  At the first byte that is not text the checking stops for good, and
 * every later line is left to the caller.
 */
static void check_text(struct reader *r, size_t upto)
{
	size_t ok;

	if (r->unchecked)
		return;
	if (r->valid < r->start)
		r->valid = r->start;    /* what was handed out is done with */
	if (upto <= r->valid)
		return;
	ok = utf8_check_text(r->buf + r->valid, upto - r->valid);
	if (ok < upto - r->valid)
		r->unchecked = 1;
	r->valid += ok;
}

int reader_next(struct reader *r, char **line, size_t *len)
{
	char *nl;
	size_t n;
	int rc;

	if (!r->detected && (rc = detect(r)))
		return -rc;
	for (;;) {
		nl = memchr(r->buf + r->start + r->scanned, '\n', r->end - r->start - r->scanned);
		if (nl)
			break;
		r->scanned = r->end - r->start;
		if (r->eof && r->raw_len == 0 && !r->bad) {
			if (r->end == r->start)
				return 0;
			nl = r->buf + r->end;   /* a last line without LF */
			break;
		}
		if (r->end - r->start > READER_MAX_LINE)
			return -JX_ETOOBIG;
		if ((rc = fill(r)))
			return -rc;
	}
	n = (size_t)(nl - (r->buf + r->start));
	if (!r->unchecked && r->start + n > r->valid) {
		/* check what the buffer holds up to its last LF */
		const char *last = nl < r->buf + r->end ?
			memrchr(nl, '\n', (size_t)(r->buf + r->end - nl)) : NULL;
		check_text(r, last ? (size_t)(last - r->buf) : r->start + n);
	}
	r->line_checked = r->start + n <= r->valid;
	*line = r->buf + r->start;
	r->start += n + (nl < r->buf + r->end);
	r->scanned = 0;
	if (n && (*line)[n - 1] == '\r')
		n--;
	(*line)[n] = '\0';
	*len = n;
	r->lineno++;
	return 1;
}

int reader_line_checked(const struct reader *r)
{
	return r->line_checked;
}

int reader_lineno(const struct reader *r)
{
	return r->lineno;
}

const char *reader_encoding(const struct reader *r)
{
	return r->encoding;
}

uint64_t reader_offset(const struct reader *r)
{
	return r->offset;
}

uint64_t reader_size(const struct reader *r)
{
	return r->size;
}

int reader_first_byte(struct reader *r)
{
	size_t i;

	if (!r->detected && detect(r))
		return -1;
	for (i = 0; i < r->raw_len; i++) {
		unsigned char c = (unsigned char)r->raw[i];
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
			return r->cd == (iconv_t)-1 ? c : 'T';
	}
	return -1;
}
