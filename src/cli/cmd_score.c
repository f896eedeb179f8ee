/*
 * cmd_score.c: `jixiao score FILE [--format text|json|html|pdf|xlsx]
 * [-o FILE]`: the year-end self-evaluation score of a FORMAT.md part 2
 * file, without a database, under the profile's rules (reverse formula,
 * grade thresholds): as text, as JSON, or as the self-evaluation table
 * (render/selfeval_table.h) in a printable page, a PDF or a workbook.  The
 * file is read and scored before any output is opened; -o FILE is written
 * as FILE.tmp (the workbook beside it under another temporary name) and
 * renamed only when complete, so a failure leaves no file behind.
 */
#include <stdlib.h>
#include <string.h>

#include "../parse/scalar.h"
#include "../parse/selfeval_read.h"
#include "../render/selfeval_json.h"
#include "../render/selfeval_table.h"
#include "../util/err.h"
#include "cli.h"
#include "export.h"
#include "outfile.h"

static int write_json(struct strbuf *sb, const struct selfeval *se, const struct score_output *o)
{
	struct jw w;

	jw_init(&w, sb, true, 0);
	score_json_write(&w, se, o);
	sb_addc(sb, '\n');
	return sb->err;
}

static int write_text(struct strbuf *sb, const struct selfeval *se, const struct score_output *o)
{
	const struct decl *d = &se->decl;
	struct amount annual = se->in.annual.set ? se->in.annual : d->funds[FUND_ANNUAL];
	char a[40], b[40], p[32], s[32];

	sb_addf(sb, "%s（%d年度，%s）绩效自评\n", d->name, d->year, d->implementer);
	amount_format_grouped(a, se->in.executed.fen);
	amount_format_grouped(b, annual.fen);
	centi_format(p, o->budget_points);
	centi_format(s, o->budget_score);
	sb_addf(sb, "预算执行率：全年执行数 %s / 全年预算数 %s，分值 %s，得分 %s", a, b, p, s);
	if (se->in.budget_reason && *se->in.budget_reason)
		sb_addf(sb, "；偏差原因：%s", se->in.budget_reason);
	if (o->budget_flags & FLAG_NEEDS_REASON)
		sb_adds(sb, "；执行率偏低，须说明偏差原因");
	sb_addc(sb, '\n');
	for (size_t i = 0; i < d->n_ind; i++) {
		const struct indicator *in = &d->ind[i];
		const struct score_result_in *r = &se->in.results[i];
		centi_format(p, o->ind[i].points);
		centi_format(s, o->ind[i].score);
		sb_addf(sb, "  %s / %s / %s：指标值 %s，实际 %s", in->level1, in->level2, in->name,
		        in->value, !r->applicable          ? "—"
		                   : r->actual             ? r->actual
		                   : r->band != BAND_NONE  ? "（定性评价）"
		                                           : "（未完成）");
		if (o->ind[i].flags & FLAG_NOT_APPLICABLE)
			sb_adds(sb, "，不适用");
		else
			sb_addf(sb, "，分值 %s，得分 %s", p, s);
		for (size_t k = 0; k < sizeof(score_flags) / sizeof(score_flags[0]); k++)
			if (score_flag_note(o->ind[i].flags, score_flags[k].bit))
				sb_addf(sb, "；%s", score_flag_note(o->ind[i].flags, score_flags[k].bit));
		sb_addc(sb, '\n');
	}
	centi_format(s, o->total);
	sb_addf(sb, "总分 %s，等级 %s\n", s, o->grade);
	return sb->err;
}

/* The table as a self-contained printable page (styles inline, like
 * `export --format html`). */
static int write_html(struct strbuf *sb, const struct selfeval *se, const struct score_output *o)
{
	struct html h;
	int rc;

	printable_head(sb, "项目支出绩效自评表");
	html_init(&h, sb);
	selfeval_html(&h, se, o);
	if ((rc = html_finish(&h)))
		return rc;
	sb_adds(sb, printable_tail);
	return sb->err;
}

static int pdf_write(void *closure, const unsigned char *data, size_t n)
{
	return fwrite(data, 1, n, closure) == n ? 0 : -1;
}

static int write_pdf(const char *path, const struct selfeval *se, const struct score_output *o,
                     char *err, size_t n)
{
	struct strbuf why = STRBUF_INIT;
	struct outfile out;
	struct form_pdf *pdf = NULL;
	int rc, end;

	if ((rc = outfile_open(&out, path, err, n)))
		return rc;
	if ((rc = form_pdf_begin_stream(pdf_write, out.f, &pdf, &why))) {
		snprintf(err, n, "%s", why.len ? why.buf : jx_strerror(rc));
		sb_release(&why);
		outfile_close(&out, false, NULL, 0);
		return rc;
	}
	sb_release(&why);
	rc = form_pdf_selfeval(pdf, se, o);
	if ((end = form_pdf_end(pdf)) && !rc)
		rc = end;
	if (rc)
		snprintf(err, n, "无法写出 PDF %s：%s", path, jx_strerror(rc));
	if (outfile_close(&out, !rc, err, n) && !rc)
		rc = JX_EIO;
	return rc;
}

static int write_xlsx(const char *path, const struct selfeval *se, const struct score_output *o,
                      char *err, size_t n)
{
	struct xlsx_out *x;
	int rc;

	if ((rc = xlsx_out_open(&x, XLSX_SELFEVAL, path, NULL, err, n)))
		return rc;
	rc = xlsx_out_selfeval(x, se, o);
	if (rc) {
		xlsx_out_close(x, false);
		return rc;
	}
	return xlsx_out_close(x, true);
}

/* The output formats: text ones build the output in memory, binary ones
 * (which need -o) write their file themselves. */
static const struct score_format {
	const char *name;
	int (*text)(struct strbuf *sb, const struct selfeval *se, const struct score_output *o);
	int (*file)(const char *path, const struct selfeval *se, const struct score_output *o,
	            char *err, size_t n);
} formats[] = {
	{ "text", write_text, NULL },
	{ "json", write_json, NULL },
	{ "html", write_html, NULL },
	{ "pdf", NULL, write_pdf },
	{ "xlsx", NULL, write_xlsx },
};

static const struct score_format *find_format(const char *name)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

/* A text format's output to -o FILE (through FILE.tmp) or stdout. */
static int put_text(const char *path, const struct strbuf *sb, char *err, size_t n)
{
	struct outfile out;
	bool ok;
	int rc;

	if (!path) {
		if (cli_write_stdout(sb->buf, sb->len) && fflush(stdout) == 0)
			return 0;
		snprintf(err, n, "无法写入标准输出");
		return JX_EIO;
	}
	if ((rc = outfile_open(&out, path, err, n)))
		return rc;
	ok = fwrite(sb->buf, 1, sb->len, out.f) == sb->len;
	if (!ok)
		snprintf(err, n, "无法写入 %s", out.tmp);
	if ((rc = outfile_close(&out, ok, err, n)) || !ok)
		return JX_EIO;
	return 0;
}

int cmd_score(struct cli *cli, int argc, char **argv)
{
	struct strbuf data = STRBUF_INIT, out = STRBUF_INIT;
	const struct score_format *fmt = &formats[0];
	struct profile *profile = NULL;
	struct score_output o = { 0 };
	struct score_rules rules;
	struct selfeval se;
	struct diags diags;
	struct arena a;
	const char *file = NULL, *path = NULL;
	char msg[512], buf[65536], err[512] = "";
	size_t got;
	FILE *f;
	int rc, code = EXIT_OK;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 || strncmp(argv[i], "--format=", 9) == 0) {
			const char *name = argv[i][8] == '=' ? argv[i] + 9 : (i + 1 < argc ? argv[++i] : "");
			if (!(fmt = find_format(name)))
				return cli_usage(cli, "不支持的输出格式“%s”（可用 text、json、html、pdf 或 xlsx）", name);
		} else if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
			if (i + 1 >= argc || !*argv[i + 1])
				return cli_usage(cli, "%s 需要输出文件名", argv[i]);
			path = argv[++i];
		} else if (!file && (argv[i][0] != '-' || !argv[i][1])) {
			file = argv[i];
		} else {
			return cli_usage(cli, "无法识别的参数“%s”", argv[i]);
		}
	}
	if (!file)
		return cli_usage(cli, "缺少自评文件（FORMAT.md 第二部分的 JSON）");
	if (fmt->file && !path)
		return cli_usage(cli, "%s 格式需要用 -o 给出输出文件", fmt->name);
	if (!(f = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb"))) {
		cli_error(cli, "无法打开文件 %s", file);
		return EXIT_INPUT;
	}
	sb_init(&data, 64u << 20);
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
		sb_add(&data, buf, got);
	if (f != stdin)
		fclose(f);
	if (data.err) {
		cli_error(cli, "无法读取 %s：%s", file, jx_strerror(data.err));
		sb_release(&data);
		return EXIT_INPUT;
	}
	if (!(profile = cli_load_profile(cli))) {
		sb_release(&data);
		return EXIT_INPUT;
	}
	diags_init(&diags);
	arena_init(&a, 64 * 1024);
	rc = selfeval_read(data.buf, data.len, file, &diags, &a, &se);
	cli_print_diags(&diags);
	if (rc || diags.n_error) {
		code = rc ? EXIT_SYSTEM : EXIT_INPUT;
		if (!rc)
			cli_error(cli, "共 %zu 处错误，未评分", diags.n_error);
		goto out;
	}
	rules = profile_score_rules(profile);
	if (!(o.ind = arena_zalloc(&a, (se.decl.n_ind + 1) * sizeof(*o.ind)))) {
		code = EXIT_SYSTEM;
		goto out;
	}
	if ((rc = score_compute(&se.in, &rules, &o, msg, sizeof(msg)))) {
		cli_error(cli, "%s: %s", file, msg);
		code = EXIT_INPUT;
		goto out;
	}
	if (fmt->text) {
		rc = fmt->text(&out, &se, &o);
		if (!rc)
			rc = put_text(path, &out, err, sizeof(err));
	} else {
		rc = fmt->file(path, &se, &o, err, sizeof(err));
	}
	if (rc) {
		cli_error(cli, "无法写出：%s", *err ? err : jx_strerror(rc));
		code = EXIT_SYSTEM;
	}
out:
	sb_release(&out);
	sb_release(&data);
	arena_release(&a);
	diags_release(&diags);
	profile_free(profile);
	return code;
}
