/*
 * test_monitor_read.c: the monitoring table's reader (monitor_read.h), one
 * behaviour per row: the worked example of docs/score.md read whole, the
 * layouts a person may make of the template (separators, encodings, order
 * of rows and columns, titles, blank 一级/二级), numbers with and without
 * units, must-fail tables with their exact findings, and a workbook given
 * as parts (a date cell, a percentage, an error value, a second sheet).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/parse/value.h"
#include "../../src/score/monitor_read.h"
#include "../../src/util/err.h"

/* The seed's first form (data/seed): its year, budget and indicators. */
static const char *const seed[][4] = {
	{ "产出指标", "数量指标", "居民区党组织服务群众专项经费覆盖乡镇数", "=15个" },
	{ "产出指标", "数量指标", "居民区党组织服务群众专项经费覆盖居民区数量", "=91个" },
	{ "产出指标", "质量指标", "居民区党组织开展服务群众活动", "常态化,不少于12次" },
	{ "产出指标", "质量指标", "居民区党组织解决群众困难", "常态化" },
	{ "产出指标", "时效指标", "下拨居民区党组织服务群众专项经费", "2023年7月前" },
	{ "效益指标", "社会效益指标", "居民区党组织服务群众活动效果", "提升" },
	{ "满意度指标", "服务对象满意度指标", "居民区群众满意度", "提升" },
};
#define N_SEED (sizeof(seed) / sizeof(seed[0]))

static void add(struct decl *d, struct arena *a, const char *l1, const char *l2, const char *name,
                const char *value)
{
	struct indicator *in = decl_add_indicator(d, a);

	assert_non_null(in);
	in->level1 = l1;
	in->level2 = l2;
	in->name = name;
	in->value = value;
	assert_int_equal(value_parse(value, strlen(value), d->year, a, &in->target), 0);
}

static void seed_decl(struct decl *d, struct arena *a)
{
	decl_init(d);
	d->year = 2023;
	d->name = "居民区党组织服务群众专项经费";
	d->funds[FUND_ANNUAL] = (struct amount){ 481000000, true };
	for (size_t i = 0; i < N_SEED; i++)
		add(d, a, seed[i][0], seed[i][1], seed[i][2], seed[i][3]);
}

/* Every finding as diag_format writes it, one a line. */
static void findings(const struct diags *dg, struct strbuf *out)
{
	for (size_t i = 0; i < dg->n; i++) {
		if (i)
			sb_addc(out, '\n');
		diag_format(out, &dg->v[i]);
	}
}

/* The items as "so_far|expected|reason|reason_text|likelihood" lines. */
static void items_text(const struct monitor_upload *up, struct strbuf *out)
{
	for (size_t i = 0; i < up->n_items; i++) {
		const struct monitor_item_in *it = &up->items[i];
		sb_addf(out, "%s|%s|%s|%s|%s\n", it->so_far, it->expected, deviation_name(it->reason),
		        it->reason_text, likelihood_name(it->likelihood));
	}
}

#define HEAD "一级指标,二级指标,三级指标,年度指标值,截至目前完成值,预计年末完成值,偏差原因,偏差说明,完成可能性\n"
#define TOP "项目名称,居民区党组织服务群众专项经费\n监控日期,2023-07-31\n" \
            "截至目前预算执行数（元）,\"3,000,000.00\"\n"
/* the seed's rows, every one filled in, in the declaration's order */
#define R1 "产出指标,数量指标,居民区党组织服务群众专项经费覆盖乡镇数,=15个,15,15,,,确定能\n"
#define R2 "产出指标,数量指标,居民区党组织服务群众专项经费覆盖居民区数量,=91个,60,88,经费保障,部分居民区经费下拨延后,有可能\n"
#define R3 "产出指标,质量指标,居民区党组织开展服务群众活动,\"常态化,不少于12次\",7次,12,,,确定能\n"
#define R4 "产出指标,质量指标,居民区党组织解决群众困难,常态化,已解决困难群众诉求326件,常态化,,,确定能\n"
#define R5 "产出指标,时效指标,下拨居民区党组织服务群众专项经费,2023年7月前,2023-05-20,,,,确定能\n"
#define R6 "效益指标,社会效益指标,居民区党组织服务群众活动效果,提升,,,其他,效果待年末评估,有可能\n"
#define R7 "满意度指标,服务对象满意度指标,居民区群众满意度,提升,,,,,确定能\n"
#define ROWS R1 R2 R3 R4 R5 R6 R7

/* What the rows give, in the declaration's order. */
#define ITEMS                                                                                  \
	"15|15|||确定能\n60|88|经费保障|部分居民区经费下拨延后|有可能\n7|12|||确定能\n"              \
	"已解决困难群众诉求326件|常态化|||确定能\n2023-05-20||||确定能\n||其他|效果待年末评估|有可能\n" \
	"||||确定能\n"

static void test_worked_example(void **state)
{
	/* tests/golden/monitor/july.csv: rows not in the declaration's order */
	static const char csv[] = "项目支出绩效运行监控表\n" TOP "预算数（元）,4810000.00\n\n" HEAD
	                          R2 R1 R3 R4 R5 R6 R7;
	struct arena a;
	struct decl d;
	struct diags dg;
	struct monitor_upload up;
	struct strbuf got = STRBUF_INIT;
	bool risk[N_SEED];
	enum light lights[N_SEED];
	struct monitor_output out = { .at_risk = risk, .lights = lights };
	struct monitor_rules rules = { "60", "80" };
	char msg[128];

	arena_init(&a, 4096);
	seed_decl(&d, &a);
	diags_init(&dg);
	assert_int_equal(monitor_read(csv, sizeof(csv) - 1, "july.csv", &d, &a, &dg, &up), 0);
	findings(&dg, &got);
	assert_string_equal(got.buf, "");
	assert_int_equal(up.as_of.y, 2023);
	assert_int_equal(up.as_of.m, 7);
	assert_int_equal(up.as_of.d, 31);
	assert_true(up.budget.set);
	assert_int_equal(up.budget.fen, 481000000);
	assert_int_equal(up.executed.fen, 300000000);
	sb_reset(&got);
	items_text(&up, &got);
	assert_string_equal(got.buf, ITEMS);
	/* and the engine: 62.37%, 107.89% of the pace (211/365): the budget green;
	 * 覆盖居民区数量 and 服务群众活动效果 yellow (有可能), so the project yellow;
	 * 2 at risk */
	{
		struct monitor_input in = { &d, up.as_of, up.budget, up.executed, up.items, up.n_items };
		assert_int_equal(monitor_compute(&in, &rules, &out, msg, sizeof(msg)), 0);
	}
	assert_int_equal(out.exec_rate, 6237);
	assert_int_equal(out.progress, 10789);
	assert_int_equal(out.budget_light, LIGHT_GREEN);
	assert_int_equal(out.light, LIGHT_YELLOW);
	for (size_t i = 0; i < N_SEED; i++)
		assert_int_equal(lights[i], i == 1 || i == 5 ? LIGHT_YELLOW : LIGHT_GREEN);
	assert_int_equal(out.n_at_risk, 2);
	assert_true(risk[1] && risk[5] && !risk[0] && !risk[2] && !risk[3] && !risk[4] && !risk[6]);
	sb_release(&got);
	diags_release(&dg);
	arena_release(&a);
}

/* Layouts a person may make of the template: each reads as the worked
 * example does. */
static void test_layouts(void **state)
{
	static const struct {
		const char *what, *csv;
	} rows[] = {
		{ "the template as written", TOP HEAD ROWS },
		{ "a byte order mark, CRLF",
		  "\xef\xbb\xbf项目名称,居民区党组织服务群众专项经费\r\n监控日期,2023-07-31\r\n"
		  "截至目前预算执行数（元）,\"3,000,000.00\"\r\n" HEAD R1 R2 R3 R4 R5 R6 R7 },
		{ "tabs",
		  "监控日期\t2023-07-31\n截至目前预算执行数（元）\t3000000\n"
		  "一级指标\t二级指标\t三级指标\t年度指标值\t截至目前完成值\t预计年末完成值\t偏差原因\t偏差说明\t完成可能性\n"
		  "产出指标\t数量指标\t居民区党组织服务群众专项经费覆盖乡镇数\t=15个\t15\t15\t\t\t确定能\n"
		  "产出指标\t数量指标\t居民区党组织服务群众专项经费覆盖居民区数量\t=91个\t60\t88\t经费保障\t部分居民区经费下拨延后\t有可能\n"
		  "产出指标\t质量指标\t居民区党组织开展服务群众活动\t常态化,不少于12次\t7次\t12\t\t\t确定能\n"
		  "产出指标\t质量指标\t居民区党组织解决群众困难\t常态化\t已解决困难群众诉求326件\t常态化\t\t\t确定能\n"
		  "产出指标\t时效指标\t下拨居民区党组织服务群众专项经费\t2023年7月前\t2023-05-20\t\t\t\t确定能\n"
		  "效益指标\t社会效益指标\t居民区党组织服务群众活动效果\t提升\t\t\t其他\t效果待年末评估\t有可能\n"
		  "满意度指标\t服务对象满意度指标\t居民区群众满意度\t提升\t\t\t\t\t确定能\n" },
		{ "semicolons, the value of a label two cells on",
		  "监控日期;;2023-07-31\n截至目前预算执行数（元）;3000000\n"
		  "一级指标;二级指标;三级指标;年度指标值;截至目前完成值;预计年末完成值;偏差原因;偏差说明;完成可能性\n"
		  "产出指标;数量指标;居民区党组织服务群众专项经费覆盖乡镇数;=15个;15;15;;;确定能\n"
		  "产出指标;数量指标;居民区党组织服务群众专项经费覆盖居民区数量;=91个;60;88;经费保障;部分居民区经费下拨延后;有可能\n"
		  "产出指标;质量指标;居民区党组织开展服务群众活动;常态化,不少于12次;7次;12;;;确定能\n"
		  "产出指标;质量指标;居民区党组织解决群众困难;常态化;已解决困难群众诉求326件;常态化;;;确定能\n"
		  "产出指标;时效指标;下拨居民区党组织服务群众专项经费;2023年7月前;2023-05-20;;;;确定能\n"
		  "效益指标;社会效益指标;居民区党组织服务群众活动效果;提升;;;其他;效果待年末评估;有可能\n"
		  "满意度指标;服务对象满意度指标;居民区群众满意度;提升;;;;;确定能\n" },
		{ "一级 and 二级 left blank below their first row, as merged cells leave them",
		  TOP HEAD R1
		  ",,居民区党组织服务群众专项经费覆盖居民区数量,=91个,60,88,经费保障,部分居民区经费下拨延后,有可能\n"
		  ",质量指标,居民区党组织开展服务群众活动,,7次,12,,,确定能\n"
		  ",,居民区党组织解决群众困难,,已解决困难群众诉求326件,常态化,,,确定能\n"
		  ",时效指标,下拨居民区党组织服务群众专项经费,,2023-05-20,,,,确定能\n"
		  ",成本指标,,,,,,,\n"
		  "效益指标,社会效益指标,居民区党组织服务群众活动效果,提升,,,其他,效果待年末评估,有可能\n"
		  "满意度指标,服务对象满意度指标,居民区群众满意度,提升,,,,,确定能\n" },
		{ "no 一级/二级 columns, columns in another order, a column of the user's own",
		  TOP "完成可能性,三级指标,备注,预计年末完成值,截至目前完成值,偏差原因,偏差说明\n"
		  "确定能,居民区党组织服务群众专项经费覆盖乡镇数,,15,15,,\n"
		  "有可能,居民区党组织服务群众专项经费覆盖居民区数量,x,88,60,经费保障,部分居民区经费下拨延后\n"
		  "确定能,居民区党组织开展服务群众活动,,12,7次,,\n"
		  "确定能,居民区党组织解决群众困难,,常态化,已解决困难群众诉求326件,,\n"
		  "确定能,下拨居民区党组织服务群众专项经费,,,2023-05-20,,\n"
		  "有可能,居民区党组织服务群众活动效果,,,,其他,效果待年末评估\n"
		  "确定能,居民区群众满意度,,,,,\n" },
		{ "titles in other words, spaces and full-width colons in labels",
		  "项目名称：,居民区党组织服务群众专项经费\n监控 日期：,2023年7月31日\n"
		  "截至目前预算执行数(元),3000000元\n"
		  "一级指标,二级指标,三级指标,指标值,实际完成值,全年预计完成值,偏差原因分析,原因说明,目标完成可能性\n"
		  ROWS },
		{ "notes under the table, blank rows between",
		  TOP "\n" HEAD R1 R2 "\n" R3 R4 R5 R6 R7 "\n填报人：张三,,,,,,,,\n" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct arena a;
		struct decl d;
		struct diags dg;
		struct monitor_upload up;
		struct strbuf got = STRBUF_INIT;

		arena_init(&a, 4096);
		seed_decl(&d, &a);
		diags_init(&dg);
		assert_int_equal(monitor_read(rows[i].csv, strlen(rows[i].csv), "t.csv", &d, &a, &dg, &up), 0);
		findings(&dg, &got);
		if (got.len)
			fail_msg("%s: %s", rows[i].what, got.buf);
		items_text(&up, &got);
		if (strcmp(got.buf, ITEMS) != 0)
			fail_msg("%s:\n%s", rows[i].what, got.buf);
		if (up.executed.fen != 300000000 || up.as_of.m != 7 || up.as_of.d != 31)
			fail_msg("%s: executed %lld, %d-%d", rows[i].what, (long long)up.executed.fen,
			         up.as_of.m, up.as_of.d);
		sb_release(&got);
		diags_release(&dg);
		arena_release(&a);
	}
}

/* A value against its indicator's kind: kept as plain text, or refused. */
static void test_values(void **state)
{
	static const struct {
		const char *target, *typed;
		const char *kept;       /* NULL: refused with `message` */
		const char *message;
	} rows[] = {
		{ "=15个", "15", "15", NULL },
		{ "=15个", "15个", "15", NULL },
		{ "=15个", " 15 个 ", "15", NULL },
		{ "=15个", "１５", "15", NULL },
		{ "=15个", "-3", "-3", NULL },
		{ "=15个", "+3", "3", NULL },
		{ ">=90%", "85%", "85", NULL },
		{ ">=90%", "85", "85", NULL },
		{ ">=90%", "85.5%", "85.5", NULL },
		{ "<=1000元", "1,000", "1000", NULL },
		{ "<=1000元", "1,000.5元", "1000.5", NULL },
		{ "<=1000元", "12,345,678", "12345678", NULL },
		{ "=15个", "15人", NULL, "不是数字（可带单位“个”） \"15人\"" },
		{ "=15个", "十五", NULL, "不是数字（可带单位“个”） \"十五\"" },
		{ "=15个", "15.", NULL, "不是数字（可带单位“个”） \"15.\"" },
		{ "=15个", ".5", NULL, "不是数字（可带单位“个”） \".5\"" },
		{ "=15个", "1.2.3", NULL, "不是数字（可带单位“个”） \"1.2.3\"" },
		{ "<=1000元", "10,00", NULL, "不是数字（可带单位“元”） \"10,00\"" },
		{ "<=1000元", "1,0000", NULL, "不是数字（可带单位“元”） \"1,0000\"" },
		{ "<=1000元", "1234,567", NULL, "不是数字（可带单位“元”） \"1234,567\"" },
		{ "<=1000元", "1,000,", NULL, "不是数字（可带单位“元”） \"1,000,\"" },
		{ ">=90%", "九成", NULL, "不是数字（可带单位“%”） \"九成\"" },
		{ "=0起", "0", "0", NULL },
		{ "2023年7月前", "2023/6/1", "2023-06-01", NULL },
		{ "2023年7月前", "2023年6月1日", "2023-06-01", NULL },
		{ "2023年7月前", "六月", NULL, "不是日期 \"六月\"" },
		{ "2023年7月前", "2023-02-30", NULL, "不是日期 \"2023-02-30\"" },
		{ "提升", "明显提升", "明显提升", NULL },
		{ "提升", "15", "15", NULL },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct arena a;
		struct decl d;
		struct diags dg;
		struct monitor_upload up;
		struct strbuf csv = STRBUF_INIT, got = STRBUF_INIT, want = STRBUF_INIT;

		arena_init(&a, 4096);
		decl_init(&d);
		d.year = 2023;
		d.name = "项目";
		add(&d, &a, "产出指标", "数量指标", "指标", rows[i].target);
		sb_addf(&csv, "监控日期,2023-07-31\n截至目前预算执行数,1\n" HEAD
		              "产出指标,数量指标,指标,,\"%s\",,,,确定能\n", rows[i].typed);
		diags_init(&dg);
		assert_int_equal(monitor_read(csv.buf, csv.len, "t.csv", &d, &a, &dg, &up), 0);
		findings(&dg, &got);
		if (rows[i].kept) {
			if (got.len || strcmp(up.items[0].so_far, rows[i].kept) != 0)
				fail_msg("row %zu (%s): kept \"%s\", findings: %s", i, rows[i].typed,
				         up.items[0].so_far, got.buf);
		} else {
			sb_addf(&want, "t.csv:4: 错误: 截至目前完成值: %s", rows[i].message);
			if (strcmp(got.buf, want.buf) != 0)
				fail_msg("row %zu:\n got  %s\n want %s", i, got.buf, want.buf);
		}
		sb_release(&csv);
		sb_release(&got);
		sb_release(&want);
		diags_release(&dg);
		arena_release(&a);
	}
}

/* Tables refused, with every finding in one pass and nothing of the round. */
static void test_must_fail(void **state)
{
	static const struct {
		const char *csv;        /* NULL: the bytes of `bytes` */
		const char *want;
	} rows[] = {
		{ "", "t.csv: 错误: 上传的内容为空" },
		{ "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old workbook",
		  "t.csv: 错误: 这是旧版 Excel 文件（.xls）或加密的工作簿，请在 Excel 中另存为未加密的 .xlsx 后再读入" },
		{ "PK\3\4 not a zip archive", "t.csv: 错误: 不是有效的 XLSX 文件：不是 ZIP 文件" },
		{ "监控日期,2023-07-31\n" R1,
		  "t.csv: 错误: 找不到监控表的表头：应有一行写着“三级指标”“截至目前完成值”“预计年末完成值”“完成可能性”等列标题" },
		{ "监控日期,\n截至目前预算执行数,0\n" HEAD ROWS, "t.csv:1: 错误: 监控日期: 没有填写" },
		{ "监控日期,2023-07-31\n监控日期,2023-08-31\n截至目前预算执行数,0\n" HEAD ROWS,
		  "t.csv:2: 错误: 监控日期: 重复出现 \"监控日期\"" },
		{ "监控日期,2023-07-31\n截至目前预算执行数,0\n预算数（元）,0\n" HEAD ROWS,
		  "t.csv:3: 错误: 预算数（元）: 应大于零 \"0\"" },
		{ "监控日期,2022-12-31\n截至目前预算执行数,0\n" HEAD ROWS,
		  "t.csv:1: 错误: 监控日期: 不在申报年度 2023 年之内 \"2022-12-31\"" },
		{ "监控日期,2023-07-31\n" HEAD ROWS,
		  "t.csv: 错误: 截至目前预算执行数（元）: 缺少这一项（表头上方一行，第一格写“截至目前预算执行数（元）”，右边一格填值）" },
		{ "监控日期,2023-07-31\n截至目前预算执行数,0\n"
		  "一级指标,二级指标,三级指标,三级指标,截至目前完成值,预计年末完成值,完成可能性\n"
		  "产出指标,数量指标,居民区党组织服务群众专项经费覆盖乡镇数,x,15,15,确定能\n",
		  "t.csv:3: 错误: 三级指标: 列标题重复出现 \"三级指标\"\n"
		  "t.csv: 错误: 三级指标: 表中缺少申报表的指标 \"产出指标 / 数量指标 / 居民区党组织服务群众专项经费覆盖居民区数量\"\n"
		  "t.csv: 错误: 三级指标: 表中缺少申报表的指标 \"产出指标 / 质量指标 / 居民区党组织开展服务群众活动\"\n"
		  "t.csv: 错误: 三级指标: 表中缺少申报表的指标 \"产出指标 / 质量指标 / 居民区党组织解决群众困难\"\n"
		  "t.csv: 错误: 三级指标: 表中缺少申报表的指标 \"产出指标 / 时效指标 / 下拨居民区党组织服务群众专项经费\"\n"
		  "t.csv: 错误: 三级指标: 表中缺少申报表的指标 \"效益指标 / 社会效益指标 / 居民区党组织服务群众活动效果\"\n"
		  "t.csv: 错误: 三级指标: 表中缺少申报表的指标 \"满意度指标 / 服务对象满意度指标 / 居民区群众满意度\"" },
		{ "监控日期,2023-07-31\n截至目前预算执行数,0\n" HEAD ROWS ",,,,12,,,,\n",
		  "t.csv:11: 错误: 三级指标: 这一行填了监控数据，却没有三级指标" },
		{ "监控日期,2023-07-31\n截至目前预算执行数,0\n" HEAD ROWS
		  "效益指标,经济效益指标,居民区群众满意度,,,,,,确定能\n",
		  "t.csv:11: 错误: 三级指标: 申报表中没有这个指标 \"效益指标 / 经济效益指标 / 居民区群众满意度\"" },
		{ "监控日期,2023-07-31\n截至目前预算执行数,0\n" HEAD ROWS "\"unclosed,,,\n",
		  "t.csv:11: 错误: 引号未闭合：从这一行开始的字段直到文件结尾都没有结束的引号" },
		{ "项目名称,另一个项目\n监控日期,7月底\n截至目前预算执行数,-1\n" HEAD
		  R1 R1 R3 R4 R5
		  "效益指标,社会效益指标,居民区党组织服务群众活动效果,提升,,,不清楚,,大概\n" R7,
		  "t.csv:1: 错误: 项目名称: 与本申报表的项目名称“居民区党组织服务群众专项经费”不符 \"另一个项目\"\n"
		  "t.csv:2: 错误: 监控日期: 不是日期 \"7月底\"\n"
		  "t.csv:3: 错误: 截至目前预算执行数（元）: 不能为负数 \"-1\"\n"
		  "t.csv:6: 错误: 三级指标: 指标重复出现（第 5 行已有） \"产出指标 / 数量指标 / 居民区党组织服务群众专项经费覆盖乡镇数\"\n"
		  "t.csv:10: 错误: 偏差原因: 不是可选的偏差原因（经费保障、制度保障、人员保障、硬件条件保障、其他，或留空） \"不清楚\"\n"
		  "t.csv:10: 错误: 完成可能性: 不是可选的完成可能性（确定能、有可能、完全不可能） \"大概\"\n"
		  "t.csv: 错误: 三级指标: 表中缺少申报表的指标 \"产出指标 / 数量指标 / 居民区党组织服务群众专项经费覆盖居民区数量\"" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct arena a;
		struct decl d;
		struct diags dg;
		struct monitor_upload up;
		struct strbuf got = STRBUF_INIT;

		arena_init(&a, 4096);
		seed_decl(&d, &a);
		diags_init(&dg);
		assert_int_equal(monitor_read(rows[i].csv, strlen(rows[i].csv), "t.csv", &d, &a, &dg, &up), 0);
		findings(&dg, &got);
		if (strcmp(got.buf, rows[i].want) != 0)
			fail_msg("row %zu:\n got  %s\n want %s", i, got.buf, rows[i].want);
		assert_int_equal(dg.n_error, dg.n);
		sb_release(&got);
		diags_release(&dg);
		arena_release(&a);
	}
}

/* ---- a workbook as parts ---------------------------------------------------- */

#define RELS_ROOT                                                                              \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"   \
	"<Relationship Id=\"r1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"   \
	"relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
#define RELS_BOOK                                                                              \
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"   \
	"<Relationship Id=\"a\" Type=\"http://x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"   \
	"<Relationship Id=\"b\" Type=\"http://x/worksheet\" Target=\"worksheets/sheet2.xml\"/>"   \
	"<Relationship Id=\"s\" Type=\"http://x/styles\" Target=\"styles.xml\"/></Relationships>"
#define BOOK                                                                                   \
	"<workbook xmlns:r=\"r\"><sheets><sheet name=\"说明\" r:id=\"a\"/>"                        \
	"<sheet name=\"运行监控\" r:id=\"b\"/></sheets></workbook>"
/* cellXfs: 0 general, 1 a date, 2 a percentage */
#define STYLES                                                                                 \
	"<styleSheet><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"9\"/>"      \
	"</cellXfs></styleSheet>"
#define NOTES "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>监控日期" \
              "</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>请在第二张表填写</t></is></c>"   \
              "</row></sheetData></worksheet>"

#define S(ref, text) "<c r=\"" ref "\" t=\"inlineStr\"><is><t>" text "</t></is></c>"
#define N(ref, v) "<c r=\"" ref "\"><v>" v "</v></c>"
#define D(ref, v) "<c r=\"" ref "\" s=\"1\"><v>" v "</v></c>"
#define P(ref, v) "<c r=\"" ref "\" s=\"2\"><v>" v "</v></c>"
#define E(ref, v) "<c r=\"" ref "\" t=\"e\"><v>" v "</v></c>"
#define ROW(r, cells) "<row r=\"" r "\">" cells "</row>"
#define XHEAD(r)                                                                               \
	ROW(r, S("A" r, "一级指标") S("B" r, "二级指标") S("C" r, "三级指标") S("D" r, "年度指标值") \
	       S("E" r, "截至目前完成值") S("F" r, "预计年末完成值") S("G" r, "偏差原因")           \
	       S("H" r, "偏差说明") S("I" r, "完成可能性"))

static void test_workbook(void **state)
{
	static const struct {
		const char *what, *sheet;
		const char *items;      /* NULL: refused with `want` */
		const char *want;
	} rows[] = {
		{ "a date cell, numbers, a percentage; 一级 merged down",
		  "<worksheet><sheetData>"
		  ROW("2", S("A2", "监控日期") D("C2", "45138"))
		  ROW("3", S("A3", "截至目前预算执行数（元）") N("C3", "3000000.0000000005"))
		  XHEAD("5")
		  ROW("6", S("A6", "产出指标") S("B6", "数量指标") S("C6", "到位率") P("E6", "0.85")
		           P("F6", "0.95") S("I6", "确定能"))
		  ROW("7", S("B7", "数量指标") S("C7", "人数") N("E7", "7.0000000000000007E-2")
		           N("F7", "12") S("I7", "有可能"))
		  "</sheetData><mergeCells><mergeCell ref=\"A6:A7\"/></mergeCells></worksheet>",
		  "85|95|||确定能\n0.07|12|||有可能\n", NULL },
		{ "an error value, a bad number, a date that is no date",
		  "<worksheet><sheetData>"
		  ROW("2", S("A2", "监控日期") S("C2", "下旬"))
		  ROW("3", S("A3", "截至目前预算执行数（元）") E("C3", "#REF!"))
		  XHEAD("5")
		  ROW("6", S("A6", "产出指标") S("B6", "数量指标") S("C6", "到位率") E("E6", "#NAME?")
		           S("F6", "九成") S("I6", "确定能"))
		  ROW("7", S("A7", "产出指标") S("B7", "数量指标") S("C7", "人数") P("E7", "0.5")
		           S("I7", "有可能"))
		  "</sheetData></worksheet>",
		  NULL,
		  "t.xlsx:2: 错误: 监控日期: C2：不是日期 \"下旬\"\n"
		  "t.xlsx:3: 错误: 截至目前预算执行数（元）: C3：单元格是错误值（以“=”开头的内容会被当作公式，请在前面加英文单引号） \"#REF!\"\n"
		  "t.xlsx:6: 错误: 截至目前完成值: E6：单元格是错误值（以“=”开头的内容会被当作公式，请在前面加英文单引号） \"#NAME?\"\n"
		  "t.xlsx:6: 错误: 预计年末完成值: F6：不是数字（可带单位“%”） \"九成\"\n"
		  "t.xlsx:7: 错误: 截至目前完成值: E7：不是数字（可带单位“人”） \"50%\"" },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct xlsx_mem_part parts[] = {
			{ "_rels/.rels", RELS_ROOT, sizeof(RELS_ROOT) - 1 },
			{ "xl/_rels/workbook.xml.rels", RELS_BOOK, sizeof(RELS_BOOK) - 1 },
			{ "xl/workbook.xml", BOOK, sizeof(BOOK) - 1 },
			{ "xl/styles.xml", STYLES, sizeof(STYLES) - 1 },
			{ "xl/worksheets/sheet1.xml", NOTES, sizeof(NOTES) - 1 },
			{ "xl/worksheets/sheet2.xml", rows[i].sheet, strlen(rows[i].sheet) },
		};
		struct xlsx_parts p;
		struct arena a;
		struct decl d;
		struct diags dg;
		struct monitor_upload up;
		struct strbuf got = STRBUF_INIT;

		arena_init(&a, 4096);
		decl_init(&d);
		d.year = 2023;
		d.name = "项目";
		add(&d, &a, "产出指标", "数量指标", "到位率", ">=90%");
		add(&d, &a, "产出指标", "数量指标", "人数", "=12人");
		diags_init(&dg);
		assert_int_equal(xlsx_parts_mem(&p, parts, sizeof(parts) / sizeof(parts[0])), 0);
		assert_int_equal(monitor_read_parts(&p, "t.xlsx", &d, &a, &dg, &up), 0);
		findings(&dg, &got);
		if (rows[i].items) {
			if (got.len)
				fail_msg("%s: %s", rows[i].what, got.buf);
			items_text(&up, &got);
			if (strcmp(got.buf, rows[i].items) != 0)
				fail_msg("%s:\n%s", rows[i].what, got.buf);
			assert_int_equal(up.as_of.m, 7);
			assert_int_equal(up.as_of.d, 31);
			assert_int_equal(up.executed.fen, 300000000);
		} else if (strcmp(got.buf, rows[i].want) != 0) {
			fail_msg("%s:\n got  %s\n want %s", rows[i].what, got.buf, rows[i].want);
		}
		sb_release(&got);
		diags_release(&dg);
		arena_release(&a);
	}
}

/* The header row is told by its titles, not by its place. */
static void test_is_header(void **state)
{
	static const struct {
		const char *cells[4];
		bool yes;
	} rows[] = {
		{ { "三级指标", "完成可能性" }, true },
		{ { "三级指标", "截至目前 完成值" }, true },
		{ { "三级指标", "年度指标值" }, false },        /* the declaration's own table */
		{ { "一级指标", "截至目前完成值" }, false },
		{ { "监控日期", "2023-07-31" }, false },
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct xlsx_cell cells[4];
		size_t n = 0;
		for (; n < 4 && rows[i].cells[n]; n++)
			cells[n] = (struct xlsx_cell){ 1, (uint32_t)n, XT_STRING, XF_GENERAL, rows[i].cells[n],
				                           strlen(rows[i].cells[n]) };
		assert_int_equal(monitor_is_header(cells, n), rows[i].yes);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_example),
		cmocka_unit_test(test_layouts),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_must_fail),
		cmocka_unit_test(test_workbook),
		cmocka_unit_test(test_is_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
