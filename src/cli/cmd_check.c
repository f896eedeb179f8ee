/*
 * cmd_check.c: `jixiao check FILE... | --db PATH [ID...]`: reviews
 * declarations against the rule catalogue under a profile and lists the
 * findings like a compiler (or as JSON), with a suggested verdict each.
 *
 * Exit status: 0 when no declaration has an error finding, 1 when one has,
 * 2 when an input cannot be read (or a usage mistake), 3 on a system
 * failure.  Findings go to standard output; reading problems to standard
 * error.
 */
#include <stdlib.h>
#include <string.h>

#include "../render/json_write.h"
#include "../render/review_json.h"
#include "../review/review.h"
#include "../util/err.h"
#include "cli.h"

/* Output is written out in pieces of about this size. */
#define FLUSH_AT (64 * 1024)

struct check {
	const struct profile *profile;
	struct review rv;
	struct strbuf out;
	bool json;
	size_t n_decl;
	size_t total[3];            /* findings by severity */
	size_t with_errors;         /* declarations with an error finding */
	int err;                    /* JX_ code that stops everything */
};

static int flush(struct check *ck, bool force)
{
	if (ck->out.err)
		return ck->out.err;
	if ((force || ck->out.len >= FLUSH_AT) && ck->out.len) {
		if (!cli_write_stdout(ck->out.buf, ck->out.len))
			return JX_EIO;
		sb_reset(&ck->out);
	}
	return 0;
}

static void text_place(struct strbuf *sb, const struct review_origin *o, int line)
{
	if (o->id > 0) {
		sb_addc(sb, '#');
		sb_addu(sb, (unsigned long long)o->id);
		sb_adds(sb, "（第");
		sb_addu(sb, (unsigned)o->rev);
		sb_adds(sb, "版）");
	} else {
		sb_adds(sb, o->file ? o->file : "");
		if (line > 0) {
			sb_addc(sb, ':');
			sb_addu(sb, (unsigned)line);
		}
	}
	sb_adds(sb, ": ");
}

static void write_text(struct check *ck, const struct decl *d, const struct review_origin *o)
{
	struct strbuf *sb = &ck->out;

	for (size_t i = 0; i < ck->rv.n; i++) {
		const struct finding *f = &ck->rv.v[i];
		text_place(sb, o, f->line);
		sb_adds(sb, diag_sev_name(f->sev));
		sb_adds(sb, ": ");
		sb_adds(sb, f->msg);
		sb_adds(sb, " [");
		sb_adds(sb, rule_info(f->rule)->id);
		sb_adds(sb, "]\n");
	}
	text_place(sb, o, o->line);
	sb_addf(sb, "结论: %s（%d年度，%s）建议评级“%s”：%s\n", d->name, d->year, d->implementer,
	        verdict_name(ck->rv.verdict), ck->rv.reason);
}

/* Reviews one declaration and writes its result. */
static int check_one(struct check *ck, const struct decl *d, const struct review_origin *o)
{
	int rc;

	if ((rc = review_decl(ck->profile, d, &ck->rv)))
		return rc;
	if (ck->json) {
		struct jw w;
		if (ck->n_decl)
			sb_addc(&ck->out, ',');
		sb_adds(&ck->out, "\n  ");
		jw_init(&w, &ck->out, true, 1);
		json_write_review(&w, d, &ck->rv, ck->profile->name, o);
	} else {
		write_text(ck, d, o);
	}
	ck->n_decl++;
	for (int s = 0; s < 3; s++)
		ck->total[s] += ck->rv.count[s];
	if (ck->rv.count[DIAG_ERROR])
		ck->with_errors++;
	return flush(ck, false);
}

static int sink(void *ctx, const struct decl *d)
{
	struct check *ck = ctx;
	struct review_origin o = { .file = d->file, .line = d->line };

	return ck->err = check_one(ck, d, &o);
}

/* Collects the ids of all current declarations. */

/* Checks stored declarations: the ids named, or all of them. */
static int check_stored(struct cli *cli, struct check *ck, char **args, int nargs)
{
	struct cli_ids ids = { 0 };
	struct store *store;
	struct arena a;
	long long id;
	int i, rc = 0, code = EXIT_OK;

	for (i = 0; i < nargs; i++) {
		if (!cli_parse_id(args[i], &id)) {
			free(ids.v);
			return cli_usage(cli, "“%s”不是申报表编号（使用 --db 时，参数是编号）", args[i]);
		}
		if (cli_ids_add(&ids, id)) {
			free(ids.v);
			return EXIT_SYSTEM;
		}
	}
	if (!(store = cli_open_store(cli))) {
		free(ids.v);
		return EXIT_SYSTEM;
	}
	if (!nargs && (rc = store_list(store, &(struct list_filter){ 0 }, cli_ids_collect, &ids))) {
		cli_store_error(cli, store, rc, "");
		code = EXIT_SYSTEM;
		goto out;
	}
	arena_init(&a, 16384);
	for (size_t k = 0; k < ids.n; k++) {
		struct decl d;
		struct review_origin o = { .id = ids.v[k] };

		arena_reset(&a);
		rc = store_get(store, ids.v[k], 0, &a, &d, &o.rev);
		if (rc == JX_ENOTFOUND) {
			cli_error(cli, "没有编号为 %lld 的申报表", ids.v[k]);
			code = EXIT_INPUT;
			continue;
		}
		if (rc) {
			cli_store_error(cli, store, rc, "");
			code = EXIT_SYSTEM;
			break;
		}
		if ((rc = check_one(ck, &d, &o))) {
			cli_error(cli, "%s", jx_strerror(rc));
			code = EXIT_SYSTEM;
			break;
		}
	}
	arena_release(&a);
out:
	store_close(store);
	free(ids.v);
	return code;
}

int cmd_check(struct cli *cli, int argc, char **argv)
{
	char **args = argv;     /* operands are compacted in place */
	struct check ck = { 0 };
	struct profile *profile = NULL;
	struct parse_opts opts = { 0 };
	struct diags diags;
	int i, nargs = 0, rc, code = EXIT_OK;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 || strncmp(argv[i], "--format=", 9) == 0) {
			const char *fmt = argv[i][8] == '=' ? argv[i] + 9 : (i + 1 < argc ? argv[++i] : "");
			if (strcmp(fmt, "json") == 0)
				ck.json = true;
			else if (strcmp(fmt, "text") == 0)
				ck.json = false;
			else
				return cli_usage(cli, "不支持的输出格式“%s”（可用 text 或 json）", fmt);
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage(cli, "未知选项“%s”", argv[i]);
		} else {
			args[nargs++] = argv[i];
		}
	}
	if (!nargs && !cli->db_given)
		return cli_usage(cli, "缺少输入文件（或用 --db 检查数据库中的申报表）");
	if (!(profile = cli_load_profile(cli)))
		return EXIT_INPUT;
	ck.profile = profile;
	review_init(&ck.rv);
	sb_init(&ck.out, 0);
	diags_init(&diags);
	if (ck.json)
		sb_addc(&ck.out, '[');

	if (cli->db_given) {
		code = check_stored(cli, &ck, args, nargs);
	} else {
		opts.sink = sink;
		opts.sink_ctx = &ck;
		rc = cli_read_inputs(args, nargs, &diags, &opts);
		cli_print_diags(&diags);
		if (rc || ck.err) {
			cli_error(cli, "%s", jx_strerror(rc ? rc : ck.err));
			code = EXIT_SYSTEM;
		} else if (diags.n_error) {
			code = EXIT_INPUT;
		}
	}
	if (ck.json)
		sb_adds(&ck.out, ck.n_decl ? "\n]\n" : "]\n");
	else if (ck.n_decl)
		sb_addf(&ck.out, "共审核 %zu 份申报表：%zu 份有错误；错误 %zu 条，警告 %zu 条，提示 %zu 条\n",
		        ck.n_decl, ck.with_errors, ck.total[DIAG_ERROR], ck.total[DIAG_WARNING],
		        ck.total[DIAG_INFO]);
	if ((rc = flush(&ck, true))) {
		cli_error(cli, "写出失败：%s", jx_strerror(rc));
		code = EXIT_SYSTEM;
	}
	if (code == EXIT_INPUT && diags.n_error)
		cli_error(cli, "共 %zu 处读取错误，相关申报表未审核", diags.n_error);
	if (code == EXIT_OK && ck.with_errors)
		code = EXIT_FINDINGS;
	diags_release(&diags);
	sb_release(&ck.out);
	review_release(&ck.rv);
	profile_free(profile);
	return code;
}
