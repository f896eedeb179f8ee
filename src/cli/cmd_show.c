/*
 * cmd_show.c: `jixiao show ID`: one declaration as a readable form, or as
 * FORMAT.md JSON with --json.
 */
#include <string.h>

#include <jansson.h>

#include "../parse/scalar.h"
#include "../review/rules.h"
#include "../util/err.h"
#include "cli.h"
#include "json_out.h"

static void money(struct strbuf *sb, struct amount a)
{
	char buf[40];

	if (!a.set) {
		sb_adds(sb, "（空）");
		return;
	}
	amount_format_grouped(buf, a.fen);
	sb_adds(sb, buf);
}

static void date(struct strbuf *sb, struct date d)
{
	char buf[11];

	if (!d.y) {
		sb_adds(sb, "（空）");
		return;
	}
	date_format(buf, d);
	sb_adds(sb, buf);
}

/* Indents every line of a goal text by two spaces. */
static void paragraph(struct strbuf *sb, const char *s)
{
	sb_adds(sb, "  ");
	for (; *s; s++) {
		sb_addc(sb, *s);
		if (*s == '\n')
			sb_adds(sb, "  ");
	}
	sb_addc(sb, '\n');
}

static void render_text(struct strbuf *sb, const struct decl *d, long long id, int rev)
{
	static const char *const fund_labels[FUND__MAX] = {
		"项目资金总额", "其中：财政资金", "其他资金", "年度资金申请总额",
		"其中：当年财政拨款", "上年结转资金", "其他资金",
	};
	const char *l1 = "", *l2 = "";
	size_t i;

	sb_addf(sb, "财政项目支出绩效目标申报表（%d年度）  编号 %lld  第 %d 版\n\n", d->year, id, rev);
	sb_addf(sb, "项目名称：%s\n项目类别：%s\n主管部门：%s\n实施单位：%s\n", d->name,
	        d->category, d->department, d->implementer);
	sb_adds(sb, "计划开始日期：");
	date(sb, d->start);
	sb_adds(sb, "\n计划完成日期：");
	date(sb, d->end);
	sb_adds(sb, "\n\n项目资金（元）\n");
	for (i = 0; i < FUND__MAX; i++) {
		sb_addf(sb, "  %s：", fund_labels[i]);
		money(sb, d->funds[i]);
		sb_addc(sb, '\n');
		if (i == FUND_TOTAL_OTHER)
			sb_addc(sb, '\n');
	}
	if (d->overall_from)
		sb_addf(sb, "\n项目总目标（%d年－%d年）\n", d->overall_from, d->overall_to);
	else
		sb_adds(sb, "\n项目总目标\n");
	paragraph(sb, d->overall);
	sb_adds(sb, "\n年度总目标\n");
	paragraph(sb, d->annual_goal);
	sb_adds(sb, "\n绩效指标（一级指标 / 二级指标 / 三级指标：年度指标值）\n");
	for (i = 0; i < d->n_ind; i++) {
		const struct indicator *ind = &d->ind[i];
		if (strcmp(ind->level1, l1) != 0) {
			sb_addf(sb, "  %s\n", ind->level1);
			l1 = ind->level1;
			l2 = "";
		}
		if (strcmp(ind->level2, l2) != 0) {
			sb_addf(sb, "    %s\n", ind->level2);
			l2 = ind->level2;
		}
		sb_addf(sb, "      %s：%s\n", ind->name, ind->value[0] ? ind->value : "（空）");
	}
}

/* The review stored with the revision: verdict, counts and each finding. */
static void render_review(struct strbuf *sb, const struct store_review *rv)
{
	json_t *arr = json_loads(rv->findings, 0, NULL), *f;
	size_t i;

	sb_addf(sb, "\n审核（方案 %s，保存于本版）：建议评级“%s”；错误 %d 条，警告 %d 条，提示 %d 条\n",
	        rv->profile, rv->verdict, rv->n_error, rv->n_warning, rv->n_info);
	json_array_foreach(arr, i, f) {
		json_t *line = json_object_get(f, "line");
		sb_adds(sb, "  ");
		if (json_is_integer(line))
			sb_addf(sb, "第 %lld 行：", (long long)json_integer_value(line));
		sb_addf(sb, "%s：%s [%s]\n",
		        diag_sev_name(severity_by_id(json_string_value(json_object_get(f, "severity")))),
		        json_string_value(json_object_get(f, "message")),
		        json_string_value(json_object_get(f, "rule")));
	}
	json_decref(arr);
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
	struct store *store;
	struct arena a;
	struct decl d;
	struct strbuf sb = STRBUF_INIT;
	long long id = 0, revision = 0;
	bool json = false;
	int i, rc, rev = 0, code = EXIT_OK;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = true;
		} else if (strcmp(argv[i], "--revision") == 0) {
			if (i + 1 >= argc || !cli_parse_id(argv[i + 1], &revision) || revision > 1000000)
				return cli_usage(cli, "--revision 需要一个正整数版本号");
			i++;
		} else if (!id && cli_parse_id(argv[i], &id)) {
			continue;
		} else {
			return cli_usage(cli, "无法识别的参数“%s”", argv[i]);
		}
	}
	if (!id)
		return cli_usage(cli, "缺少申报表编号");
	if (!(store = cli_open_store(cli)))
		return EXIT_SYSTEM;
	arena_init(&a, 64 * 1024);
	rc = store_get(store, id, (int)revision, &a, &d, &rev);
	if (rc == JX_ENOTFOUND) {
		if (revision)
			cli_error(cli, "没有编号为 %lld 的申报表的第 %lld 版", id, revision);
		else
			cli_error(cli, "没有编号为 %lld 的申报表", id);
		code = EXIT_INPUT;
	} else if (rc) {
		cli_store_error(cli, store, rc, "");
		code = EXIT_SYSTEM;
	} else if (json) {
		struct json_out out;
		json_out_init(&out, false);
		json_out_decl(&out, &d);
		if (json_out_finish(&out, true))
			code = EXIT_SYSTEM;
	} else {
		struct store_review rv;
		render_text(&sb, &d, id, rev);
		rc = store_get_review(store, id, rev, &a, &rv);
		if (rc == 0)
			render_review(&sb, &rv);
		else if (rc != JX_ENOTFOUND)
			code = EXIT_SYSTEM;
		if (sb.err || !cli_write_stdout(sb.buf, sb.len))
			code = EXIT_SYSTEM;
	}
	sb_release(&sb);
	arena_release(&a);
	store_close(store);
	return code;
}
