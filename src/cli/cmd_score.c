/*
 * cmd_score.c: `jixiao score FILE [--format text|json]`: the year-end
 * self-evaluation score of a FORMAT.md part 2 file, without a database,
 * under the profile's rules (reverse formula, grade thresholds).
 */
#include <stdlib.h>
#include <string.h>

#include "../parse/scalar.h"
#include "../parse/selfeval_read.h"
#include "../render/json_write.h"
#include "../util/err.h"
#include "cli.h"

static const struct {
	unsigned bit;
	const char *id, *name;
} flags[] = {
	{ FLAG_OVER_ACHIEVED, "over_achieved", "远超目标（目标可能定得过低）" },
	{ FLAG_NEEDS_REASON, "needs_reason", "失分，须说明偏差原因" },
	{ FLAG_NOT_APPLICABLE, "not_applicable", "不适用，已剔除" },
};

/* A score as a JSON number: "9.36", "10". */
static void jw_centi(struct jw *w, centi c)
{
	char buf[32];

	centi_format(buf, c);
	jw_raw_number(w, buf);
}

static void write_json(struct strbuf *sb, const struct selfeval *se, const struct score_output *o)
{
	struct jw w;

	jw_init(&w, sb, true, 0);
	jw_obj_begin(&w);
	jw_key(&w, "budget_points");
	jw_centi(&w, o->budget_points);
	jw_key(&w, "budget_score");
	jw_centi(&w, o->budget_score);
	jw_key(&w, "indicators");
	jw_arr_begin(&w);
	for (size_t i = 0; i < se->decl.n_ind; i++) {
		jw_obj_begin(&w);
		jw_key(&w, "points");
		jw_centi(&w, o->ind[i].points);
		jw_key(&w, "score");
		jw_centi(&w, o->ind[i].score);
		jw_key(&w, "flags");
		jw_arr_begin(&w);
		for (size_t k = 0; k < sizeof(flags) / sizeof(flags[0]); k++)
			if (o->ind[i].flags & flags[k].bit)
				jw_str(&w, flags[k].id);
		jw_arr_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "total");
	jw_centi(&w, o->total);
	jw_key(&w, "grade");
	jw_str(&w, o->grade);
	jw_obj_end(&w);
	sb_addc(sb, '\n');
}

static void write_text(struct strbuf *sb, const struct selfeval *se, const struct score_output *o)
{
	const struct decl *d = &se->decl;
	struct amount annual = se->in.annual.set ? se->in.annual : d->funds[FUND_ANNUAL];
	char a[40], b[40], p[32], s[32];

	sb_addf(sb, "%s（%d年度，%s）绩效自评\n", d->name, d->year, d->implementer);
	amount_format_grouped(a, se->in.executed.fen);
	amount_format_grouped(b, annual.fen);
	centi_format(p, o->budget_points);
	centi_format(s, o->budget_score);
	sb_addf(sb, "预算执行率：全年执行数 %s / 全年预算数 %s，分值 %s，得分 %s\n", a, b, p, s);
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
		for (size_t k = 0; k < sizeof(flags) / sizeof(flags[0]); k++)
			if ((o->ind[i].flags & flags[k].bit) && flags[k].bit != FLAG_NOT_APPLICABLE)
				sb_addf(sb, "；%s", flags[k].name);
		sb_addc(sb, '\n');
	}
	centi_format(s, o->total);
	sb_addf(sb, "总分 %s，等级 %s\n", s, o->grade);
}

int cmd_score(struct cli *cli, int argc, char **argv)
{
	struct strbuf data = STRBUF_INIT, out = STRBUF_INIT;
	struct profile *profile = NULL;
	struct score_output o = { 0 };
	struct score_rules rules;
	struct selfeval se;
	struct diags diags;
	struct arena a;
	const char *file = NULL;
	bool json = false;
	char msg[512], buf[65536];
	size_t got;
	FILE *f;
	int rc, code = EXIT_OK;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--format") == 0 || strncmp(argv[i], "--format=", 9) == 0) {
			const char *fmt = argv[i][8] == '=' ? argv[i] + 9 : (i + 1 < argc ? argv[++i] : "");
			if (strcmp(fmt, "json") == 0)
				json = true;
			else if (strcmp(fmt, "text") != 0)
				return cli_usage(cli, "不支持的输出格式“%s”（可用 text 或 json）", fmt);
		} else if (!file && (argv[i][0] != '-' || !argv[i][1])) {
			file = argv[i];
		} else {
			return cli_usage(cli, "无法识别的参数“%s”", argv[i]);
		}
	}
	if (!file)
		return cli_usage(cli, "缺少自评文件（FORMAT.md 第二部分的 JSON）");
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
	rules = (struct score_rules){ profile->reverse_linear ? REVERSE_LINEAR : REVERSE_RATIO,
		                          profile->over_ratio, profile->grade_excellent,
		                          profile->grade_good, profile->grade_fair };
	if (!(o.ind = arena_zalloc(&a, (se.decl.n_ind + 1) * sizeof(*o.ind)))) {
		code = EXIT_SYSTEM;
		goto out;
	}
	if ((rc = score_compute(&se.in, &rules, &o, msg, sizeof(msg)))) {
		cli_error(cli, "%s: %s", file, msg);
		code = EXIT_INPUT;
		goto out;
	}
	if (json)
		write_json(&out, &se, &o);
	else
		write_text(&out, &se, &o);
	if (out.err || !cli_write_stdout(out.buf, out.len))
		code = EXIT_SYSTEM;
out:
	sb_release(&out);
	sb_release(&data);
	arena_release(&a);
	diags_release(&diags);
	profile_free(profile);
	return code;
}
