/*
 * common.c: helpers shared by the subcommands: messages, reading input
 * files of any supported kind (told apart by content: text forms, JSON,
 * XLSX workbooks, CSV in the flat layout), opening the store.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../parse/csv_read.h"
#include "../parse/json_read.h"
#include "../parse/parse_text.h"
#include "../parse/reader.h"
#include "../parse/xlsx_read.h"
#include "../util/err.h"
#include "../util/text.h"
#include "cli.h"
#include "help.h"

void cli_error(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s %s: ", cli->prog, cli->cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n用法：%s\n", cli->usage);
	return EXIT_INPUT;
}

bool cli_wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return true;
	return false;
}

int cli_help(const struct cli *cli)
{
	printf("用法：%s\n\n%s", cli->usage, command_help(cli->cmd));
	return EXIT_OK;
}

void cli_print_diags(const struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < d->n; i++) {
		sb_reset(&sb);
		diag_format(&sb, &d->v[i]);
		sb_addc(&sb, '\n');
		fwrite(sb.buf, 1, sb.len, stderr);
	}
	if (d->dropped)
		fprintf(stderr, "……另有 %zu 处问题未列出\n", d->dropped);
	sb_release(&sb);
}

/* Reads a whole file (JSON and XLSX need it whole); NULL with errno on failure. */
static char *slurp(const char *path, size_t *n)
{
	struct strbuf sb = STRBUF_INIT;
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char buf[65536];
	size_t got;

	if (!f)
		return NULL;
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(&sb, buf, got);
	if (ferror(f) || sb.err) {
		if (f != stdin)
			fclose(f);
		sb_release(&sb);
		errno = EIO;
		return NULL;
	}
	if (f != stdin)
		fclose(f);
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
	enum input_kind kind;
} magics[] = {
	{ "PK\3\4", 4, IN_XLSX },                             /* a ZIP package */
	{ "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, IN_OLE },    /* .xls, or an encrypted workbook */
};

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
	size_t got = 0, i, len;
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
	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (got >= magics[i].n && memcmp(head, magics[i].magic, magics[i].n) == 0) {
			*kind = magics[i].kind;
			return 0;
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
	if ((kind == IN_XLSX || kind == IN_JSON) && !input_whole(in)) {
		diag_error(diags, in->name, 0, NULL, "无法读取文件：%s", strerror(errno));
		return 0;
	}
	switch (kind) {
	case IN_XLSX:
		return xlsx_read(in->data, in->n, in->name, diags, opts);
	case IN_OLE:
		diag_error(diags, in->name, 0, NULL,
		           "这是旧版 Excel 文件（.xls）或加密的工作簿，请在 Excel 中另存为未加密的 .xlsx 后再读入");
		return 0;
	case IN_JSON:
		return json_read(in->data, in->n, in->name, diags, opts);
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

int cli_read_inputs(char **files, int nfiles, struct diags *diags, const struct parse_opts *opts)
{
	int i, rc = 0;

	for (i = 0; i < nfiles && !rc; i++) {
		struct input in = { files[i], files[i], NULL, 0, false };
		if (strcmp(files[i], "-") == 0) {
			in.name = "<stdin>";
			if (!input_whole(&in)) {
				diag_error(diags, in.name, 0, NULL, "无法读取标准输入：%s", strerror(errno));
				continue;
			}
		}
		rc = read_input(&in, diags, opts);
		free(in.data);
	}
	return rc;
}

struct profile *cli_load_profile(const struct cli *cli)
{
	struct strbuf err = STRBUF_INIT;
	struct profile *p = NULL;
	int rc = profile_load(cli->profile, &p, &err);

	if (rc)
		cli_error(cli, "%s", rc == JX_ENOMEM ? jx_strerror(rc) : err.buf);
	sb_release(&err);
	return p;
}

struct store *cli_open_store(const struct cli *cli)
{
	struct store *s = NULL;
	char *msg = NULL;
	int rc = store_open(&s, cli->db, &msg);

	if (rc) {
		cli_error(cli, "无法打开数据库 %s：%s", cli->db, msg ? msg : jx_strerror(rc));
		free(msg);
		return NULL;
	}
	return s;
}

const char *cli_actor(void)
{
	const char *u = getenv("JIXIAO_USER");

	if (!u || !*u)
		u = getenv("USER");
	return u && *u ? u : "cli";
}

int cli_ids_add(struct cli_ids *ids, long long id)
{
	if (ids->n == ids->cap) {
		size_t cap = ids->cap ? ids->cap * 2 : 256;
		long long *v = realloc(ids->v, cap * sizeof(*v));
		if (!v)
			return JX_ENOMEM;
		ids->v = v;
		ids->cap = cap;
	}
	ids->v[ids->n++] = id;
	return 0;
}

int cli_ids_collect(void *ctx, const struct store_summary *s)
{
	return cli_ids_add(ctx, s->id);
}

bool cli_parse_id(const char *s, long long *out)
{
	char *end;
	long long v;

	if (!*s || *s == '-' || *s == '+')
		return false;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v <= 0)
		return false;
	*out = v;
	return true;
}

bool cli_write_stdout(const char *s, size_t n)
{
	return fwrite(s, 1, n, stdout) == n;
}

size_t cli_width(const char *s)
{
	size_t n = strlen(s), i = 0, w = 0, len;
	uint32_t cp;

	while (i < n) {
		len = utf8_decode(s + i, n - i, &cp);
		if (!len) {
			i++;
			w++;
			continue;
		}
		w += is_cjk(cp) ? 2 : 1;
		i += len;
	}
	return w;
}
