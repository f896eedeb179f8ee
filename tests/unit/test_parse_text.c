/*
 * test_parse_text.c: the importer of PDF text (parse_text.c) through small
 * forms, one behaviour per row: how cells are split and labels recognised
 * (spellings, noise, cells that only look like labels), blank lines, titles,
 * goals, long cells, rows with too many cells.  Each row gives a whole input
 * and a summary of what came out: every declaration read, then every finding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/parse/parse_text.h"
#include "../../src/parse/reader.h"
#include "../../src/util/diag.h"
#include "../../src/util/strbuf.h"

/* The lines of a form, as the seed writes them; rows vary one or two. */
#define T "财政项目支出绩效目标申报表\n"
#define Y "(2023年度)\n"
#define NAME "项目名称\t测试项目\t项目类别\t经常性项目\t\n"
#define DEP "主管部门\t组织部\t实施单位\t组织部\t\n"
#define F1 "项目资金 (元)\t项目资金总额\t1,000.00\t年度资金申请总额\t1,000.00\n"
#define F2 "\t其中：财政资金\t1,000.00\t其中：当年财政拨款\t1,000.00\n"
#define GH "\t项目总目标 (2023年 - 2023年)\t\t年度总目标\t\n"
#define G "项目 绩效 目标\t<p>总目标。</p>\t\t<p>年度目标。</p>\n"
#define TH "绩效 指标\t一级指标\t二级指标\t三级指标\t年度指标值\n"
#define IR "\t产出指标\t数量指标\t覆盖乡镇数\t=15个\n"
#define FORM T Y NAME DEP F1 F2 GH G TH IR

#define IN(s) s, sizeof(s) - 1
#define TABS16 "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t"

struct row {
	const char *what;
	const char *in;
	size_t n;
	const char *want;
};

static const struct row rows[] = {
	{ "the base form", IN(FORM),
	  "decl 2023 测试项目|经常性项目|组织部|组织部|100000|2023-2023|总目标。|年度目标。\n"
	  " ind 产出指标|数量指标|覆盖乡镇数|=15个|1\n" },
	{ "a space inside a label",
	  IN(T Y "项目 名称\t测试项目\t项目类别\t经常性项目\t\n" DEP F1 F2 GH G TH IR),
	  "decl 2023 测试项目|经常性项目|组织部|组织部|100000|2023-2023|总目标。|年度目标。\n"
	  " ind 产出指标|数量指标|覆盖乡镇数|=15个|1\n" },
	{ "an ideographic space inside a label",
	  IN(T Y "项目\xe3\x80\x80" "名称\t测试项目\t项目类别\t经常性项目\t\n" DEP F1 F2 GH G TH IR),
	  "decl 2023 测试项目|经常性项目|组织部|组织部|100000|2023-2023|总目标。|年度目标。\n"
	  " ind 产出指标|数量指标|覆盖乡镇数|=15个|1\n" },
	{ "a colon before a label: not a label",
	  IN(T Y "：项目名称\t测试项目\t项目类别\t经常性项目\t\n" DEP F1 F2 GH G TH IR),
	  "L3 -: 无法识别的内容 \"：项目名称\"\n"
	  "L3 -: 无法识别的内容 \"测试项目\"\n"
	  "L1 项目名称: 申报表缺少此项\n" },
	{ "a colon after a label",
	  IN(T Y "项目名称：\t测试项目\t项目类别\t经常性项目\t\n" DEP F1 F2 GH G TH IR),
	  "decl 2023 测试项目|经常性项目|组织部|组织部|100000|2023-2023|总目标。|年度目标。\n"
	  " ind 产出指标|数量指标|覆盖乡镇数|=15个|1\n" },
	{ "其中 with an ASCII colon",
	  IN(T Y NAME DEP F1 "\t其中:财政资金\t1,000.00\t其中:当年财政拨款\t1,000.00\n" GH G TH IR),
	  "decl 2023 测试项目|经常性项目|组织部|组织部|100000|2023-2023|总目标。|年度目标。\n"
	  " ind 产出指标|数量指标|覆盖乡镇数|=15个|1\n" },
	{ "full-width parens",
	  IN(T Y NAME DEP "项目资金（元）\t项目资金总额\t1,000.00\t年度资金申请总额\t1,000.00\n" F2 GH G TH IR),
	  "decl 2023 测试项目|经常性项目|组织部|组织部|100000|2023-2023|总目标。|年度目标。\n"
	  " ind 产出指标|数量指标|覆盖乡镇数|=15个|1\n" },
	{ "goal labels with years, full-width parens, the other annual label",
	  IN(T Y NAME DEP F1 F2 "\t项目总目标（2023年-2024年）\t\t年度绩效目标\t\n" G TH IR),
	  "decl 2023 测试项目|经常性项目|组织部|组织部|100000|2023-2024|总目标。|年度目标。\n"
	  " ind 产出指标|数量指标|覆盖乡镇数|=15个|1\n" },
	{ "a value that starts like a label and runs past the longest key",
	  IN(T Y "项目名称\t项目名称项目名称项目名称项目名称\t项目类别\t经常性项目\t\n" DEP F1 F2 GH G TH IR),
	  "decl 2023 项目名称项目名称项目名称项目名称|经常性项目|组织部|组织部|100000|2023-2023|总目标。|年度目标。\n"
	  " ind 产出指标|数量指标|覆盖乡镇数|=15个|1\n" },
	{ "a cell too long to be a label",
	  IN(T Y "项目名称名名名名名名名名名名名名名名名名名名名名名名名名名名名名名名\t测试项目\t项目类别\t经常性项目\t\n"
	     DEP F1 F2 GH G TH IR),
	  "L3 -: 无法识别的内容 \"项目名称名名名名名名名名名名名名名名名名名名名名名名名名名名名名名名\"\n"
	  "L3 -: 无法识别的内容 \"测试项目\"\n"
	  "L1 项目名称: 申报表缺少此项\n" },
	{ "blank lines of no-break and ideographic spaces",
	  IN(T Y NAME DEP "\xc2\xa0\t\xe3\x80\x80\n \t \n" F1 F2 GH G TH IR),
	  "decl 2023 测试项目|经常性项目|组织部|组织部|100000|2023-2023|总目标。|年度目标。\n"
	  " ind 产出指标|数量指标|覆盖乡镇数|=15个|1\n" },
	{ "a title inside a longer line",
	  IN("上海市2023年财政项目支出绩效目标申报表（草）\n" Y NAME DEP F1 F2 GH G TH IR),
	  "decl 2023 测试项目|经常性项目|组织部|组织部|100000|2023-2023|总目标。|年度目标。\n"
	  " ind 产出指标|数量指标|覆盖乡镇数|=15个|1\n" },
	{ "the short title", IN("项目绩效目标表\n" Y NAME DEP F1 F2 GH G TH IR),
	  "decl 2023 测试项目|经常性项目|组织部|组织部|100000|2023-2023|总目标。|年度目标。\n"
	  " ind 产出指标|数量指标|覆盖乡镇数|=15个|1\n" },
	{ "a full-width year line",
	  IN(T "(２０２３年度)\n" NAME DEP F1 F2 GH G TH IR),
	  "decl 2023 测试项目|经常性项目|组织部|组织部|100000|2023-2023|总目标。|年度目标。\n"
	  " ind 产出指标|数量指标|覆盖乡镇数|=15个|1\n" },
	{ "a goal cut by a page break",
	  IN(T Y NAME DEP F1 F2 GH G "\n\t\t\t<p>续。</p>\t\n" TH IR),
	  "decl 2023 测试项目|经常性项目|组织部|组织部|100000|2023-2023|总目标。|年度目标。续。\n"
	  " ind 产出指标|数量指标|覆盖乡镇数|=15个|1\n" },
	{ "goals with paragraphs and entities",
	  IN(T Y NAME DEP F1 F2 GH "项目 绩效 目标\t<p>一&amp;二</p><p> 三 </p>\t\t<br/>四&lt;五\n" TH IR),
	  "decl 2023 测试项目|经常性项目|组织部|组织部|100000|2023-2023|一&二\n"
	  "三|四<五\n"
	  " ind 产出指标|数量指标|覆盖乡镇数|=15个|1\n" },
	{ "indicator names of 7, 8, 9, 63, 64, 65 and 70 bytes",
	  IN(T Y NAME DEP F1 F2 GH G TH
	     "\t产出指标\t数量指标\taaaaaaa\t=7个\n"
	     "\t\t\taaaaaaaa\t=8个\n"
	     "\t\t\taaaaaaaaa\t=9个\n"
	     "\t\t\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\t=63个\n"
	     "\t\t\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\t=64个\n"
	     "\t\t\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\t=65个\n"
	     "\t\t\taaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\t=70个\n"),
	  "decl 2023 测试项目|经常性项目|组织部|组织部|100000|2023-2023|总目标。|年度目标。\n"
	  " ind 产出指标|数量指标|aaaaaaa|=7个|1\n"
	  " ind 产出指标|数量指标|aaaaaaaa|=8个|1\n"
	  " ind 产出指标|数量指标|aaaaaaaaa|=9个|1\n"
	  " ind 产出指标|数量指标|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|=63个|1\n"
	  " ind 产出指标|数量指标|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|=64个|1\n"
	  " ind 产出指标|数量指标|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|=65个|1\n"
	  " ind 产出指标|数量指标|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa|=70个|1\n" },
	{ "tabs at every offset of a word",
	  IN(T Y NAME DEP F1 F2 GH G TH "\tab\tcdefghij\tk\tl\n\t产出指标\t数量指标\tx\t1\n"),
	  "decl 2023 测试项目|经常性项目|组织部|组织部|100000|2023-2023|总目标。|年度目标。\n"
	  " ind ab|cdefghij|k|l|3\n"
	  " ind 产出指标|数量指标|x|1|1\n" },
	{ "two forms, the labels spelled two ways",
	  IN(FORM T Y "项目 名称\t第二项目\t项目类别\t一次性项目\t\n" DEP F1 F2 GH G TH IR),
	  "decl 2023 测试项目|经常性项目|组织部|组织部|100000|2023-2023|总目标。|年度目标。\n"
	  " ind 产出指标|数量指标|覆盖乡镇数|=15个|1\n"
	  "decl 2023 第二项目|一次性项目|组织部|组织部|100000|2023-2023|总目标。|年度目标。\n"
	  " ind 产出指标|数量指标|覆盖乡镇数|=15个|1\n" },
	{ "a row of 64 cells",
	  IN(FORM TABS16 TABS16 TABS16 "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t" "x\n"),
	  "L11 绩效指标: 无法识别的内容 \"x\"\n" },
	{ "a row of 65 cells",
	  IN(FORM TABS16 TABS16 TABS16 TABS16 "x\n"),
	  "L11 -: 一行有 65 个单元格，超过上限 64\n" },
	{ "a NUL in a line",
	  IN(T Y NAME "主管部门\t组\0织部\t实施单位\t组织部\t\n" F1 F2 GH G TH IR),
	  "L4 -: 行中含有空字符（NUL），不是文本文件\n"
	  "L1 主管部门: 申报表缺少此项\n"
	  "L1 实施单位: 申报表缺少此项\n" },
	{ "CRLF line ends",
	  IN("财政项目支出绩效目标申报表\r\n(2023年度)\r\n项目名称\t测试项目\t项目类别\t经常性项目\t\r\n"
	     "主管部门\t组织部\t实施单位\t组织部\t\r\n" F1 F2 GH G TH IR),
	  "decl 2023 测试项目|经常性项目|组织部|组织部|100000|2023-2023|总目标。|年度目标。\n"
	  " ind 产出指标|数量指标|覆盖乡镇数|=15个|1\n" },
};

/* The declarations read and the findings, one per line. */
static int summarise(void *ctx, const struct decl *d)
{
	struct strbuf *sb = ctx;

	sb_addf(sb, "decl %d %s|%s|%s|%s|%lld|%d-%d|%s|%s\n", d->year, d->name, d->category,
	        d->department, d->implementer, (long long)d->funds[0].fen, d->overall_from,
	        d->overall_to, d->overall, d->annual_goal);
	for (size_t i = 0; i < d->n_ind; i++)
		sb_addf(sb, " ind %s|%s|%s|%s|%d\n", d->ind[i].level1, d->ind[i].level2,
		        d->ind[i].name, d->ind[i].value, (int)d->ind[i].target.kind);
	return 0;
}

static void parse(const struct row *row, struct strbuf *out)
{
	struct reader *r;
	struct diags diags;
	struct parse_opts opts = { 0 };

	opts.sink = summarise;
	opts.sink_ctx = out;
	diags_init(&diags);
	assert_int_equal(reader_open_mem(&r, row->in, row->n), 0);
	assert_int_equal(parse_text(r, "t", &diags, &opts), 0);
	reader_close(r);
	for (size_t i = 0; i < diags.n; i++)
		sb_addf(out, "L%d %s: %s\n", diags.v[i].line, diags.v[i].field ? diags.v[i].field : "-",
		        diags.v[i].msg);
	diags_release(&diags);
}

static void test_rows(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct strbuf got = STRBUF_INIT;
		parse(&rows[i], &got);
		if (!rows[i].want || strcmp(got.buf, rows[i].want) != 0)
			print_message("row \"%s\":\n%s", rows[i].what, got.buf);
		assert_non_null(rows[i].want);
		assert_string_equal(got.buf, rows[i].want);
		sb_release(&got);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
	};
	return cmocka_run_group_tests_name("parse_text", tests, NULL, NULL);
}
