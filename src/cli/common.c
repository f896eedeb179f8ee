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

#include "../parse/parse_any.h"
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

int cli_read_inputs(char **files, int nfiles, struct diags *diags, const struct parse_opts *opts)
{
	int rc = 0;

	for (int i = 0; i < nfiles && !rc; i++)
		rc = parse_file(files[i], strcmp(files[i], "-") == 0 ? "<stdin>" : files[i], diags, opts);
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

void cli_store_error(const struct cli *cli, struct store *s, int rc, const char *tail)
{
	char shown[1024];

	switch (rc) {
	case JX_EBUSY:
	case JX_EFULL:
		cli_error(cli, "数据库 %s：%s%s", store_target_shown(cli->db, shown, sizeof(shown)),
		          store_errmsg(s), tail);
		break;
	case JX_ESTORE:
		cli_error(cli, "数据库错误：%s%s", store_errmsg(s), tail);
		break;
	default:
		cli_error(cli, "%s%s", jx_strerror(rc), tail);
	}
}

struct store *cli_open_store(const struct cli *cli)
{
	struct store *s = NULL;
	char *msg = NULL, shown[1024];
	int rc = store_open(&s, cli->db, &msg);

	if (rc) {
		cli_error(cli, "无法打开数据库 %s：%s", store_target_shown(cli->db, shown, sizeof(shown)),
		          msg ? msg : jx_strerror(rc));
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
