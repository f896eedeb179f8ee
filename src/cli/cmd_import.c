/*
 * cmd_import.c: `jixiao import FILE...`: forms into the store, all of them
 * in one transaction, so that input with any error stores nothing.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../render/review_json.h"
#include "../review/review.h"
#include "../util/err.h"
#include "cli.h"

/* Lists at most this many declarations one by one; more get a summary. */
#define LIST_MAX 20

struct import {
	struct store *store;
	struct diags *diags;
	const char *actor;
	size_t n[3];                /* by enum put_result */
	struct strbuf lines;        /* one line per declaration, shown at the end */
	size_t listed;
	bool progress_shown;
	const struct profile *profile;
	struct review rv;           /* each declaration's review, stored with it */
	struct strbuf findings;
};

/* Reviews d and describes the review for the store. */
static int review(struct import *im, const struct decl *d, struct store_review *out)
{
	struct jw w;
	int rc;

	if ((rc = review_decl(im->profile, d, &im->rv)))
		return rc;
	sb_reset(&im->findings);
	jw_init(&w, &im->findings, false, 0);
	json_write_findings(&w, &im->rv);
	if (im->findings.err)
		return im->findings.err;
	out->profile = im->profile->name;
	out->verdict = verdict_name(im->rv.verdict);
	out->n_error = (int)im->rv.count[DIAG_ERROR];
	out->n_warning = (int)im->rv.count[DIAG_WARNING];
	out->n_info = (int)im->rv.count[DIAG_INFO];
	out->findings = im->findings.buf;
	return 0;
}

static int sink(void *ctx, const struct decl *d)
{
	static const char *const what[3] = { "新增", "更新", "未变" };
	struct import *im = ctx;
	char source[512];
	unsigned char hash[DECL_HASH_BYTES];
	struct put_opts o = { 0 };
	struct store_review rv;
	enum put_result res;
	int64_t id;
	int rev, rc;

	if (im->diags->n_error)
		return 0;           /* nothing will be committed: just keep reading */
	snprintf(source, sizeof(source), "%s:%d", d->file ? d->file : "", d->line);
	decl_hash(d, hash);
	if ((rc = review(im, d, &rv)))
		return rc;
	o.actor = im->actor;
	o.source = source;
	o.review = &rv;
	rc = store_put(im->store, d, hash, &o, &res, &id, &rev);
	if (rc == JX_ECONFLICT) {
		diag_error(im->diags, d->file, d->line, NULL, "%s", store_errmsg(im->store));
		return 0;
	}
	if (rc)
		return rc;
	im->n[res]++;
	if (im->listed++ < LIST_MAX)
		sb_addf(&im->lines, "%s #%lld 第%d版 %d %s %s\n", what[res], (long long)id, rev,
		        d->year, d->implementer, d->name);
	return 0;
}

static void progress(void *ctx, unsigned long long done, unsigned long long total)
{
	struct import *im = ctx;
	int width = 40, fill;

	if (!total || total < (8u << 20))
		return;
	fill = (int)(done * (unsigned long long)width / total);
	if (fill > width)
		fill = width;
	fprintf(stderr, "\r导入中 [%.*s%*s] %3d%%", fill,
	        "########################################", width - fill, "",
	        (int)(done * 100 / total));
	im->progress_shown = true;
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	char **files = argv;   /* operands are compacted in place */
	struct import im = { 0 };
	struct parse_opts opts = { 0 };
	struct diags diags;
	struct store *store;
	struct profile *profile;
	int i, nfiles = 0, rc, code = EXIT_OK;

	for (i = 0; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage(cli, "未知选项“%s”", argv[i]);
		files[nfiles++] = argv[i];
	}
	if (!nfiles)
		return cli_usage(cli, "缺少输入文件");
	if (!(profile = cli_load_profile(cli)))
		return EXIT_INPUT;
	if (!(store = cli_open_store(cli))) {
		profile_free(profile);
		return EXIT_SYSTEM;
	}
	diags_init(&diags);
	sb_init(&im.lines, 0);
	sb_init(&im.findings, 0);
	review_init(&im.rv);
	im.profile = profile;
	im.store = store;
	im.diags = &diags;
	im.actor = cli_actor();
	opts.sink = sink;
	opts.sink_ctx = &im;
	if (isatty(STDERR_FILENO)) {
		opts.progress = progress;
		opts.progress_ctx = &im;
	}
	if ((rc = store_begin(store))) {
		cli_error(cli, "数据库错误：%s", store_errmsg(store));
		code = EXIT_SYSTEM;
		goto out;
	}
	rc = cli_read_inputs(files, nfiles, &diags, &opts);
	if (im.progress_shown)
		fputc('\n', stderr);
	cli_print_diags(&diags);
	if (rc || diags.n_error) {
		store_rollback(store);
		if (rc == JX_ESTORE)
			cli_error(cli, "数据库错误：%s；未导入任何内容", store_errmsg(store));
		else if (rc)
			cli_error(cli, "%s；未导入任何内容", jx_strerror(rc));
		else
			cli_error(cli, "共 %zu 处错误，未导入任何内容", diags.n_error);
		code = rc ? EXIT_SYSTEM : EXIT_INPUT;
		goto out;
	}
	if ((rc = store_commit(store))) {
		store_rollback(store);
		cli_error(cli, "数据库错误：%s；未导入任何内容", store_errmsg(store));
		code = EXIT_SYSTEM;
		goto out;
	}
	fputs(im.lines.buf, stdout);
	if (im.listed > LIST_MAX)
		printf("……另有 %zu 份未逐一列出\n", im.listed - LIST_MAX);
	printf("导入完成：新增 %zu 份，更新 %zu 份，未变 %zu 份\n", im.n[PUT_ADDED],
	       im.n[PUT_UPDATED], im.n[PUT_UNCHANGED]);
out:
	sb_release(&im.lines);
	sb_release(&im.findings);
	review_release(&im.rv);
	diags_release(&diags);
	store_close(store);
	profile_free(profile);
	return code;
}
