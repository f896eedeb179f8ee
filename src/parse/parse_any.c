/*
 * parse_any.c: the reader for an input's kind (parse_any.h), chosen by its
 * first bytes and, for text, its first line.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../util/err.h"
#include "csv_read.h"
#include "json_read.h"
#include "parse_any.h"
#include "parse_text.h"
#include "reader.h"
#include "xlsx_read.h"

/* Appends what is left of f to sb, at most `limit` bytes more (0: all);
 * false with errno on failure. */
static bool read_into(struct strbuf *sb, FILE *f, size_t limit)
{
	char buf[65536];
	size_t got, want = sizeof(buf), start = sb->len;

	for (;;) {
		if (limit && limit - (sb->len - start) < want)
			want = limit - (sb->len - start);
		if (!want || !(got = fread(buf, 1, want, f)))
			break;
		sb_add(sb, buf, got);
	}
	if (ferror(f) || sb->err) {
		errno = sb->err ? ENOMEM : EIO;
		return false;
	}
	return true;
}

/* Reads a whole file (XLSX needs it whole); NULL with errno on failure. */
static char *slurp(const char *path, size_t *n)
{
	struct strbuf sb = STRBUF_INIT;
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	bool ok;

	if (!f)
		return NULL;
	ok = read_into(&sb, f, 0);
	if (f != stdin)
		fclose(f);
	if (!ok) {
		sb_release(&sb);
		return NULL;
	}
	return sb_detach(&sb, n);
}

/*
 * An input file being read: its name for findings, and either its path
 * (streamed) or, for standard input, which cannot be read twice, its bytes.
 */
struct input {
	const char *path;
	const char *name;
	char *data;             /* standard input, whole; or a slurped file */
	size_t n;
	bool whole;             /* data holds the whole input */
};

enum input_kind { IN_XLSX, IN_OLE, IN_JSON, IN_CSV, IN_TEXT };

/* Kinds told by their first bytes. */
static const struct {
	const char *magic;
	size_t n;
	enum input_magic kind;
} magics[] = {
	{ "PK\3\4", 4, MAGIC_ZIP },                             /* a ZIP package */
	{ "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, MAGIC_OLE },    /* .xls, or an encrypted workbook */
};

const char input_ole_refusal[] =
	"这是旧版 Excel 文件（.xls）或加密的工作簿，请在 Excel 中另存为未加密的 .xlsx 后再读入";

enum input_magic input_magic(const void *data, size_t n)
{
	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (n >= magics[i].n && memcmp(data, magics[i].magic, magics[i].n) == 0)
			return magics[i].kind;
	return MAGIC_NONE;
}

/* A file's bytes for the JSON reader, a chunk at a time. */
static size_t pull_file(void *ctx, char *buf, size_t n)
{
	FILE *f = ctx;
	size_t got = fread(buf, 1, n, f);

	return !got && ferror(f) ? (size_t)-1 : got;
}

/* A JSON file streamed (json_read.h): memory stays bounded by its largest
 * declaration, whatever the file's size. */
static int read_json(struct input *in, struct diags *diags, const struct parse_opts *opts)
{
	FILE *f;
	struct stat st;
	int rc;

	if (in->whole)
		return json_read(in->data, in->n, in->name, diags, opts);
	if (!(f = fopen(in->path, "rb"))) {
		diag_error(diags, in->name, 0, NULL, "无法读取文件：%s", strerror(errno));
		return 0;
	}
	rc = json_read_pull(pull_file, f, fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)
	                                  ? (unsigned long long)st.st_size : 0,
	                    in->name, diags, opts);
	fclose(f);
	return rc;
}

static int input_reader(struct input *in, struct reader **r)
{
	return in->whole ? reader_open_mem(r, in->data, in->n) : reader_open(r, in->path);
}

/* The whole input in in->data; false (errno set) when it cannot be read. */
static bool input_whole(struct input *in)
{
	if (!in->whole && !(in->data = slurp(in->path, &in->n)))
		return false;
	in->whole = true;
	return true;
}

/* The kind of an input: its first bytes, then the first character (JSON),
 * then the first line (the CSV flat header), else the text forms. */
static int input_kind(struct input *in, enum input_kind *kind)
{
	char head[8];
	size_t got = 0, len;
	struct reader *r = NULL;
	char *line;
	int rc, first;

	if (in->whole) {
		got = in->n < sizeof(head) ? in->n : sizeof(head);
		memcpy(head, in->data, got);
	} else {
		FILE *f = fopen(in->path, "rb");
		if (!f)
			return errno == ENOENT ? JX_ENOENT : JX_EIO;
		got = fread(head, 1, sizeof(head), f);
		fclose(f);
	}
	switch (input_magic(head, got)) {
	case MAGIC_ZIP:
		*kind = IN_XLSX;
		return 0;
	case MAGIC_OLE:
		*kind = IN_OLE;
		return 0;
	case MAGIC_NONE:
		break;
	}
	if ((rc = input_reader(in, &r)))
		return rc;
	first = reader_first_byte(r);
	*kind = IN_TEXT;
	if (first == '[' || first == '{')
		*kind = IN_JSON;
	else if (reader_next(r, &line, &len) > 0 && csv_is_flat_header(line, len))
		*kind = IN_CSV;
	reader_close(r);
	return 0;
}

static int read_input(struct input *in, struct diags *diags, const struct parse_opts *opts)
{
	enum input_kind kind;
	struct reader *r = NULL;
	int rc = input_kind(in, &kind);

	if (rc) {
		diag_error(diags, in->name, 0, NULL, "无法打开文件：%s",
		           rc == JX_ENOENT ? "文件不存在" : strerror(errno));
		return 0;
	}
	if (kind == IN_XLSX && !input_whole(in)) {
		diag_error(diags, in->name, 0, NULL, "无法读取文件：%s", strerror(errno));
		return 0;
	}
	switch (kind) {
	case IN_XLSX:
		return xlsx_read(in->data, in->n, in->name, diags, opts);
	case IN_OLE:
		diag_error(diags, in->name, 0, NULL, "%s", input_ole_refusal);
		return 0;
	case IN_JSON:
		return read_json(in, diags, opts);
	case IN_CSV:
	case IN_TEXT:
		if ((rc = input_reader(in, &r))) {
			diag_error(diags, in->name, 0, NULL, "无法打开文件：%s", jx_strerror(rc));
			return 0;
		}
		rc = kind == IN_CSV ? csv_read(r, in->name, diags, opts)
		                    : parse_text(r, in->name, diags, opts);
		reader_close(r);
		return rc;
	}
	return 0;
}


/* Standard input for the JSON reader: the bytes already read, then the rest. */
struct stdin_rest {
	const char *head;
	size_t n, at;
};

static size_t pull_stdin(void *ctx, char *buf, size_t n)
{
	struct stdin_rest *p = ctx;

	if (p->at == p->n)
		return pull_file(stdin, buf, n);
	if (n > p->n - p->at)
		n = p->n - p->at;
	memcpy(buf, p->head + p->at, n);
	p->at += n;
	return n;
}

/* Standard input, which cannot be read twice: its kind is told from its
 * first 64 KiB; JSON is streamed on from there, the other kinds are read
 * whole. */
static int parse_stdin(const char *name, struct diags *diags, const struct parse_opts *opts)
{
	struct strbuf sb = STRBUF_INIT;
	struct input in = { NULL, name, NULL, 0, true };
	enum input_kind kind;
	bool ok = read_into(&sb, stdin, 64u << 10);
	int rc = 0;

	in.data = sb.buf;
	in.n = sb.len;
	if (ok && !feof(stdin) && !input_kind(&in, &kind) && kind == IN_JSON) {
		struct stdin_rest rest = { sb.buf, sb.len, 0 };
		rc = json_read_pull(pull_stdin, &rest, 0, name, diags, opts);
		goto out;
	}
	if (ok && (ok = read_into(&sb, stdin, 0))) {
		in.data = sb.buf;
		in.n = sb.len;
		rc = read_input(&in, diags, opts);
	}
	if (!ok)
		diag_error(diags, name, 0, NULL, "无法读取标准输入：%s", strerror(errno));
out:
	sb_release(&sb);
	return rc;
}

int parse_file(const char *path, const char *name, struct diags *diags,
               const struct parse_opts *opts)
{
	struct input in = { path, name, NULL, 0, false };
	int rc;

	if (strcmp(path, "-") == 0)
		return parse_stdin(name, diags, opts);
	rc = read_input(&in, diags, opts);
	free(in.data);
	return rc;
}

int parse_memory(const char *data, size_t n, const char *name, struct diags *diags,
                 const struct parse_opts *opts)
{
	struct input in = { NULL, name, (char *)data, n, true };

	return read_input(&in, diags, opts);
}
