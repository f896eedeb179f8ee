/*
 * test_value.c: the indicator value grammar, one value per row (value.h).
 *
 * Each row gives a 年度指标值 as the text normaliser leaves it, the budget
 * year, and the exact target expected: kind, operator, number, unit, note,
 * deadline and qualitative text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/parse/value.h"
#include "../../src/util/arena.h"
#include "../../src/util/err.h"

#define E TARGET_EMPTY
#define N TARGET_NUMERIC
#define D TARGET_DEADLINE
#define Q TARGET_QUALITATIVE

struct row {
	const char *in;
	int year;
	enum target_kind kind;
	const char *op;         /* numeric */
	const char *number;     /* numeric */
	const char *unit;       /* numeric */
	const char *note;       /* numeric; NULL when none */
	const char *by;         /* deadline, YYYY-MM-DD */
	const char *text;       /* qualitative */
};

static const struct row rows[] = {
	/* the seed */
	{ "=15个", 2023, N, "=", "15", "个", NULL, NULL, NULL },
	{ "=91个", 2023, N, "=", "91", "个", NULL, NULL, NULL },
	{ "常态化,不少于12次", 2023, N, ">=", "12", "次", "常态化", NULL, NULL },
	{ "常态化", 2023, Q, NULL, NULL, NULL, NULL, NULL, "常态化" },
	{ "2023年7月前", 2023, D, NULL, NULL, NULL, NULL, "2023-06-30", NULL },
	{ "提升", 2023, Q, NULL, NULL, NULL, NULL, NULL, "提升" },
	{ ">=30个", 2023, N, ">=", "30", "个", NULL, NULL, NULL },
	{ "及时", 2023, Q, NULL, NULL, NULL, NULL, NULL, "及时" },
	{ "增强", 2023, Q, NULL, NULL, NULL, NULL, NULL, "增强" },

	/* FORMAT.md */
	{ "＝２８条", 2023, N, "=", "28", "条", NULL, NULL, NULL },
	{ "８０％", 2023, N, "=", "80", "%", NULL, NULL, NULL },
	{ "100%", 2023, N, "=", "100", "%", NULL, NULL, NULL },
	{ "1.2万人次", 2023, N, "=", "1.2", "万人次", NULL, NULL, NULL },
	{ "120000", 2023, N, "=", "120000", "", NULL, NULL, NULL },
	{ "≤8元/餐", 2023, N, "<=", "8", "元/餐", NULL, NULL, NULL },
	{ "2024年6月30日前", 2024, D, NULL, NULL, NULL, NULL, "2024-06-30", NULL },
	{ "2023年7月底前", 2023, D, NULL, NULL, NULL, NULL, "2023-07-31", NULL },
	{ "2024年第三季度前", 2024, D, NULL, NULL, NULL, NULL, "2024-06-30", NULL },
	{ "2024年第三季度末前", 2024, D, NULL, NULL, NULL, NULL, "2024-09-30", NULL },
	{ "2024年底前", 2024, D, NULL, NULL, NULL, NULL, "2024-12-31", NULL },
	{ "常态化，不少于12次", 2023, N, ">=", "12", "次", "常态化", NULL, NULL },

	/* comparison words before the number */
	{ "不少于12次", 2023, N, ">=", "12", "次", NULL, NULL, NULL },
	{ "不低于90%", 2023, N, ">=", "90", "%", NULL, NULL, NULL },
	{ "至少2次", 2023, N, ">=", "2", "次", NULL, NULL, NULL },
	{ "≥90%", 2023, N, ">=", "90", "%", NULL, NULL, NULL },
	{ "≧95%", 2023, N, ">=", "95", "%", NULL, NULL, NULL },
	{ "⩾85%", 2023, N, ">=", "85", "%", NULL, NULL, NULL },
	{ "＞＝90%", 2023, N, ">=", "90", "%", NULL, NULL, NULL },
	{ "=>60分", 2023, N, ">=", "60", "分", NULL, NULL, NULL },
	{ "不超过5%", 2023, N, "<=", "5", "%", NULL, NULL, NULL },
	{ "不高于3%", 2023, N, "<=", "3", "%", NULL, NULL, NULL },
	{ "≤5个工作日", 2023, N, "<=", "5", "个工作日", NULL, NULL, NULL },
	{ "＜=10天", 2023, N, "<=", "10", "天", NULL, NULL, NULL },
	{ "=<200元/人", 2023, N, "<=", "200", "元/人", NULL, NULL, NULL },
	{ "大于等于95%", 2023, N, ">=", "95", "%", NULL, NULL, NULL },
	{ "小于等于2%", 2023, N, "<=", "2", "%", NULL, NULL, NULL },
	{ "大于80%", 2023, N, ">", "80", "%", NULL, NULL, NULL },
	{ "小于1%", 2023, N, "<", "1", "%", NULL, NULL, NULL },
	{ ">0", 2023, N, ">", "0", "", NULL, NULL, NULL },
	{ "＞50人", 2023, N, ">", "50", "人", NULL, NULL, NULL },
	{ "<3次", 2023, N, "<", "3", "次", NULL, NULL, NULL },
	{ "高于去年同期", 2023, Q, NULL, NULL, NULL, NULL, NULL, "高于去年同期" },
	{ "高于90%", 2023, N, ">", "90", "%", NULL, NULL, NULL },
	{ "低于0.5%", 2023, N, "<", "0.5", "%", NULL, NULL, NULL },
	{ "超过300户", 2023, N, ">", "300", "户", NULL, NULL, NULL },
	{ "少于3起", 2023, N, "<", "3", "起", NULL, NULL, NULL },
	{ "不大于15元/㎡", 2023, N, "<=", "15", "元/㎡", NULL, NULL, NULL },
	{ "不多于2次", 2023, N, "<=", "2", "次", NULL, NULL, NULL },
	{ "不小于98%", 2023, N, ">=", "98", "%", NULL, NULL, NULL },
	{ "达到100%", 2023, N, ">=", "100", "%", NULL, NULL, NULL },
	{ "控制在5%以内", 2023, N, "<=", "5", "%", NULL, NULL, NULL },
	{ "≥ 90 %", 2023, N, ">=", "90", "%", NULL, NULL, NULL },

	/* comparison words after the unit */
	{ "95%以上", 2023, N, ">=", "95", "%", NULL, NULL, NULL },
	{ "90%及以上", 2023, N, ">=", "90", "%", NULL, NULL, NULL },
	{ "3000元以下", 2023, N, "<=", "3000", "元", NULL, NULL, NULL },
	{ "5%及以下", 2023, N, "<=", "5", "%", NULL, NULL, NULL },
	{ "10个工作日以内", 2023, N, "<=", "10", "个工作日", NULL, NULL, NULL },
	{ "24小时内", 2023, N, "<=", "24", "小时", NULL, NULL, NULL },
	{ "3个月内", 2023, N, "<=", "3", "个月", NULL, NULL, NULL },
	{ "50万元左右", 2023, N, "=", "50", "万元", NULL, NULL, NULL },
	{ "=90%以上", 2023, N, ">=", "90", "%", NULL, NULL, NULL },
	{ "3次以上培训", 2023, N, ">=", "3", "次", "培训", NULL, NULL },

	/* numbers */
	{ "120,000人", 2023, N, "=", "120000", "人", NULL, NULL, NULL },
	{ "1,250,000元", 2023, N, "=", "1250000", "元", NULL, NULL, NULL },
	{ "１２０，０００人", 2023, N, "=", "120000", "人", NULL, NULL, NULL },
	{ "99.5%", 2023, N, "=", "99.5", "%", NULL, NULL, NULL },
	{ "≥０．８５", 2023, N, ">=", "0.85", "", NULL, NULL, NULL },
	{ "=0起", 2023, N, "=", "0", "起", NULL, NULL, NULL },
	{ "0", 2023, N, "=", "0", "", NULL, NULL, NULL },
	{ "+5%", 2023, N, "=", "5", "%", NULL, NULL, NULL },
	{ "-3%", 2023, N, "=", "-3", "%", NULL, NULL, NULL },
	{ "≤-2℃", 2023, N, "<=", "-2", "℃", NULL, NULL, NULL },
	{ "2个百分点", 2023, N, "=", "2", "个百分点", NULL, NULL, NULL },
	{ "≥1.5万元/人", 2023, N, ">=", "1.5", "万元/人", NULL, NULL, NULL },
	{ "１５ｋｍ", 2023, N, "=", "15", "km", NULL, NULL, NULL },
	{ "8小时", 2023, N, "=", "8", "小时", NULL, NULL, NULL },
	{ "365天", 2023, N, "=", "365", "天", NULL, NULL, NULL },

	/* numbers with text around */
	{ "完成3个", 2023, N, "=", "3", "个", "完成", NULL, NULL },
	{ "不少于12次,每次不少于2小时", 2023, N, ">=", "12", "次", "每次不少于2小时", NULL, NULL },
	{ "常态化,不少于12次,每次2小时", 2023, N, ">=", "12", "次", "常态化,每次2小时", NULL, NULL },
	{ "常态化（不少于4次）", 2023, N, ">=", "4", "次", "常态化", NULL, NULL },
	{ "覆盖率达100%", 2023, N, ">=", "100", "%", "覆盖率", NULL, NULL },
	{ "PM2.5浓度≤35微克/立方米", 2023, N, "<=", "35", "微克/立方米", "PM2.5浓度", NULL, NULL },
	{ "2023年度完成3个", 2023, N, "=", "3", "个", "2023年度完成", NULL, NULL },
	{ "2023年7月前完成3个", 2023, N, "=", "3", "个", "2023年7月前完成", NULL, NULL },
	{ "每年开展2次", 2023, N, "=", "2", "次", "每年开展", NULL, NULL },
	{ "≥90%，≤95%", 2023, N, ">=", "90", "%", "≤95%", NULL, NULL },

	{ "100%完成", 2023, N, "=", "100", "%", "完成", NULL, NULL },
	{ "≥98%达标", 2023, N, ">=", "98", "%", "达标", NULL, NULL },
	{ "≥95%（含）", 2023, N, ">=", "95", "%", "含", NULL, NULL },
	{ "≥90分（满分100分）", 2023, N, ">=", "90", "分", "满分100分", NULL, NULL },
	{ "COVID-19疫苗接种率≥90%", 2023, N, ">=", "90", "%", "COVID-19疫苗接种率", NULL, NULL },
	{ "0.5个百分点以上", 2023, N, ">=", "0.5", "个百分点", NULL, NULL, NULL },
	{ "不超过1,000万元", 2023, N, "<=", "1000", "万元", NULL, NULL, NULL },
	{ "≮90%", 2023, N, ">=", "90", "%", NULL, NULL, NULL },
	{ "不足5%", 2023, N, "<", "5", "%", NULL, NULL, NULL },
	{ "最多3次", 2023, N, "<=", "3", "次", NULL, NULL, NULL },
	{ "=15个。", 2023, N, "=", "15", "个", NULL, NULL, NULL },
	{ "3次/年", 2023, N, "=", "3", "次/年", NULL, NULL, NULL },
	{ "2,5个", 2023, N, "=", "2", "", "5个", NULL, NULL },
	{ "2023", 2023, N, "=", "2023", "", NULL, NULL, NULL },

	/* ranges, tolerances and ratios: qualitative */
	{ "1:1", 2023, Q, NULL, NULL, NULL, NULL, NULL, "1:1" },
	{ "90%~95%", 2023, Q, NULL, NULL, NULL, NULL, NULL, "90%~95%" },
	{ "90%-95%", 2023, Q, NULL, NULL, NULL, NULL, NULL, "90%-95%" },
	{ "1～3个", 2023, Q, NULL, NULL, NULL, NULL, NULL, "1～3个" },
	{ "1-3个", 2023, Q, NULL, NULL, NULL, NULL, NULL, "1-3个" },
	{ "5至8人", 2023, Q, NULL, NULL, NULL, NULL, NULL, "5至8人" },
	{ "±5%", 2023, Q, NULL, NULL, NULL, NULL, NULL, "±5%" },

	/* deadlines */
	{ "12月底前", 2023, D, NULL, NULL, NULL, NULL, "2023-12-31", NULL },
	{ "12月底前", 0, Q, NULL, NULL, NULL, NULL, NULL, "12月底前" },
	{ "2023年7月之前", 2023, D, NULL, NULL, NULL, NULL, "2023-06-30", NULL },
	{ "2023年7月以前", 2023, D, NULL, NULL, NULL, NULL, "2023-06-30", NULL },
	{ "2023年6月30日前", 2023, D, NULL, NULL, NULL, NULL, "2023-06-30", NULL },
	{ "2023年12月31日", 2023, D, NULL, NULL, NULL, NULL, "2023-12-31", NULL },
	{ "2023年12月", 2023, D, NULL, NULL, NULL, NULL, "2023-12-31", NULL },
	{ "2024年2月", 2024, D, NULL, NULL, NULL, NULL, "2024-02-29", NULL },
	{ "2023年上半年", 2023, D, NULL, NULL, NULL, NULL, "2023-06-30", NULL },
	{ "上半年底前", 2023, D, NULL, NULL, NULL, NULL, "2023-06-30", NULL },
	{ "下半年", 2023, D, NULL, NULL, NULL, NULL, "2023-12-31", NULL },
	{ "第三季度前", 2023, D, NULL, NULL, NULL, NULL, "2023-06-30", NULL },
	{ "第3季度末前", 2023, D, NULL, NULL, NULL, NULL, "2023-09-30", NULL },
	{ "三季度底前", 2023, D, NULL, NULL, NULL, NULL, "2023-09-30", NULL },
	{ "第一季度前", 2023, D, NULL, NULL, NULL, NULL, "2022-12-31", NULL },
	{ "第四季度", 2023, D, NULL, NULL, NULL, NULL, "2023-12-31", NULL },
	{ "2024年末前", 2024, D, NULL, NULL, NULL, NULL, "2024-12-31", NULL },
	{ "2024年前", 2024, D, NULL, NULL, NULL, NULL, "2023-12-31", NULL },
	{ "2023年13月前", 2023, Q, NULL, NULL, NULL, NULL, NULL, "2023年13月前" },
	{ "2023年2月30日前", 2023, Q, NULL, NULL, NULL, NULL, NULL, "2023年2月30日前" },
	{ "2023年第五季度", 2023, Q, NULL, NULL, NULL, NULL, NULL, "2023年第五季度" },
	{ "年内", 2023, D, NULL, NULL, NULL, NULL, "2023-12-31", NULL },
	{ "年内", 0, Q, NULL, NULL, NULL, NULL, NULL, "年内" },
	{ "年底前完成", 2023, D, NULL, NULL, NULL, NULL, "2023-12-31", NULL },
	{ "2023年7月前完成", 2023, D, NULL, NULL, NULL, NULL, "2023-06-30", NULL },
	{ "于2023年6月底前完成", 2023, D, NULL, NULL, NULL, NULL, "2023-06-30", NULL },
	{ "截至2023年12月31日", 2023, D, NULL, NULL, NULL, NULL, "2023-12-31", NULL },
	{ "2023年1月前", 2023, D, NULL, NULL, NULL, NULL, "2022-12-31", NULL },
	{ "2024年3月前", 2024, D, NULL, NULL, NULL, NULL, "2024-02-29", NULL },
	{ "十二月底前", 2023, D, NULL, NULL, NULL, NULL, "2023-12-31", NULL },
	{ "2023年10月31日之前", 2023, D, NULL, NULL, NULL, NULL, "2023-10-31", NULL },
	{ "2023年9月中旬前", 2023, D, NULL, NULL, NULL, NULL, "2023-09-10", NULL },
	{ "2023年9月下旬", 2023, D, NULL, NULL, NULL, NULL, "2023-09-30", NULL },
	{ "次年3月底前", 2023, D, NULL, NULL, NULL, NULL, "2024-03-31", NULL },
	{ "当年12月31日前", 2023, D, NULL, NULL, NULL, NULL, "2023-12-31", NULL },
	{ "2023-11-30前", 2023, D, NULL, NULL, NULL, NULL, "2023-11-30", NULL },
	{ "2023年5月份前", 2023, D, NULL, NULL, NULL, NULL, "2023-04-30", NULL },
	{ "２０２３年８月底前", 2023, D, NULL, NULL, NULL, NULL, "2023-08-31", NULL },
	{ "2023年年底前", 2023, D, NULL, NULL, NULL, NULL, "2023-12-31", NULL },
	{ "2023年", 2023, D, NULL, NULL, NULL, NULL, "2023-12-31", NULL },
	{ "本年度内", 2023, D, NULL, NULL, NULL, NULL, "2023-12-31", NULL },
	{ "下一年度6月前", 2023, D, NULL, NULL, NULL, NULL, "2024-05-31", NULL },
	{ "３季度前", 2023, D, NULL, NULL, NULL, NULL, "2023-06-30", NULL },
	{ "2023/12/31", 2023, D, NULL, NULL, NULL, NULL, "2023-12-31", NULL },
	{ "2023.12.31前", 2023, D, NULL, NULL, NULL, NULL, "2023-12-31", NULL },
	{ "2023-02-29", 2023, Q, NULL, NULL, NULL, NULL, NULL, "2023-02-29" },
	{ "6月30日24时前", 2023, D, NULL, NULL, NULL, NULL, "2023-06-30", NULL },
	{ "12月底前", 99999, Q, NULL, NULL, NULL, NULL, NULL, "12月底前" },
	{ "2023年7月前", 99999, D, NULL, NULL, NULL, NULL, "2023-06-30", NULL },
	{ "2023年7月前后", 2023, Q, NULL, NULL, NULL, NULL, NULL, "2023年7月前后" },
	{ "每月10日前", 2023, Q, NULL, NULL, NULL, NULL, NULL, "每月10日前" },
	{ "15日内", 2023, N, "<=", "15", "日", NULL, NULL, NULL },
	{ "使用年限≥8年", 2023, N, ">=", "8", "年", "使用年限", NULL, NULL },

	/* qualitative */
	{ "明显改善", 2023, Q, NULL, NULL, NULL, NULL, NULL, "明显改善" },
	{ "有效促进", 2023, Q, NULL, NULL, NULL, NULL, NULL, "有效促进" },
	{ "稳步提高", 2023, Q, NULL, NULL, NULL, NULL, NULL, "稳步提高" },
	{ "不少于十次", 2023, Q, NULL, NULL, NULL, NULL, NULL, "不少于十次" },
	{ "2023年实现全覆盖", 2023, Q, NULL, NULL, NULL, NULL, NULL, "2023年实现全覆盖" },
	{ "/", 2023, Q, NULL, NULL, NULL, NULL, NULL, "/" },
	{ "  提升 ", 2023, Q, NULL, NULL, NULL, NULL, NULL, "提升" },
	{ "完成12个乡镇所有居民区党组织的全覆盖", 2023, Q, NULL, NULL, NULL, NULL, NULL,
	  "完成12个乡镇所有居民区党组织的全覆盖" },

	/* found by the fuzzer: spaces before an empty unit */
	{ "=0  = –#", 2023, N, "=", "0", "", "= –#", NULL, NULL },
	{ "=5  ", 2023, N, "=", "5", "", NULL, NULL, NULL },

	/* the common shapes read by numeric_fast ([op]number[unit]), and shapes
	 * next to them that must go the general way */
	{ "215个", 2023, N, "=", "215", "个", NULL, NULL, NULL },
	{ "=14个", 2023, N, "=", "14", "个", NULL, NULL, NULL },
	{ "至少268个", 2023, N, ">=", "268", "个", NULL, NULL, NULL },
	{ "≥13800份", 2023, N, ">=", "13800", "份", NULL, NULL, NULL },
	{ ">=18400份", 2023, N, ">=", "18400", "份", NULL, NULL, NULL },
	{ "≥85%", 2023, N, ">=", "85", "%", NULL, NULL, NULL },
	{ "96%以上", 2023, N, ">=", "96", "%", NULL, NULL, NULL },
	{ "≤19元/餐", 2023, N, "<=", "19", "元/餐", NULL, NULL, NULL },
	{ "<100元/平方米", 2023, N, "<", "100", "元/平方米", NULL, NULL, NULL },
	{ "不高于11元/餐", 2023, N, "<=", "11", "元/餐", NULL, NULL, NULL },
	{ "≥93.5%", 2023, N, ">=", "93.5", "%", NULL, NULL, NULL },
	{ "100", 2023, N, "=", "100", "", NULL, NULL, NULL },
	{ "0.5", 2023, N, "=", "0.5", "", NULL, NULL, NULL },
	{ "12.5万元", 2023, N, "=", "12.5", "万元", NULL, NULL, NULL },
	{ "12个以内", 2023, N, "<=", "12", "个", NULL, NULL, NULL },
	{ "3次以上培训", 2023, N, ">=", "3", "次", "培训", NULL, NULL },
	{ "100%完成", 2023, N, "=", "100", "%", "完成", NULL, NULL },
	{ "=12月", 2023, Q, NULL, NULL, NULL, NULL, NULL, "=12月" },
	{ "5年", 2023, N, "=", "5", "年", NULL, NULL, NULL },
	{ "2023个", 2023, N, "=", "2023", "个", NULL, NULL, NULL },
	{ "2023.5", 2023, N, "=", "2023.5", "", NULL, NULL, NULL },
	{ "1,000个", 2023, N, "=", "1000", "个", NULL, NULL, NULL },
	{ "5/人", 2023, N, "=", "5", "/人", NULL, NULL, NULL },
	{ "±5%", 2023, Q, NULL, NULL, NULL, NULL, NULL, "±5%" },
	{ "-5个", 2023, N, "=", "-5", "个", NULL, NULL, NULL },
	{ "=5 个", 2023, N, "=", "5", "个", NULL, NULL, NULL },
	{ "12个乡镇", 2023, N, "=", "12", "个乡镇", NULL, NULL, NULL },
	{ "≥=5个", 2023, N, ">=", "5", "个", NULL, NULL, NULL },
	{ "达标5个", 2023, N, "=", "5", "个", "达标", NULL, NULL },
	{ "5个、6个", 2023, N, "=", "5", "个", "6个", NULL, NULL },
	{ "5季度", 2023, Q, NULL, NULL, NULL, NULL, NULL, "5季度" },
	{ "5时", 2023, N, "=", "5", "时", NULL, NULL, NULL },
	{ "5个内", 2023, N, "<=", "5", "个", NULL, NULL, NULL },
	{ "5之内", 2023, N, "<=", "5", "", NULL, NULL, NULL },
	{ "≧5个", 2023, N, ">=", "5", "个", NULL, NULL, NULL },
	{ "5．5个", 2023, N, "=", "5.5", "个", NULL, NULL, NULL },
	{ "≤5%/年", 2023, N, "<=", "5", "%/年", NULL, NULL, NULL },
	{ "5个个个个个个个个个个", 2023, N, "=", "5", "个个个个个个个个个个", NULL, NULL, NULL },
	{ "5个个个个个个个个个个个", 2023, Q, NULL, NULL, NULL, NULL, NULL, "5个个个个个个个个个个个" },
	{ "5%%%%%%%%%%", 2023, N, "=", "5", "%%%%%%%%%%", NULL, NULL, NULL },
	{ "5.个", 2023, N, "=", "5", ".个", NULL, NULL, NULL },
	{ "5.5.5个", 2023, N, "=", "5.5", ".5个", NULL, NULL, NULL },
	{ "5个月", 2023, N, "=", "5", "个月", NULL, NULL, NULL },
	{ "≮5个", 2023, N, ">=", "5", "个", NULL, NULL, NULL },
	{ "控制在5%", 2023, N, "<=", "5", "%", NULL, NULL, NULL },
	{ "5以", 2023, N, "=", "5", "以", NULL, NULL, NULL },
	{ "5个至", 2023, N, "=", "5", "个至", NULL, NULL, NULL },
	{ "5个:", 2023, N, "=", "5", "个:", NULL, NULL, NULL },
	{ "5个–", 2023, N, "=", "5", "个–", NULL, NULL, NULL },
	{ "5〜", 2023, N, "=", "5", "〜", NULL, NULL, NULL },

	/* empty */
	{ "", 2023, E, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "   ", 2023, E, NULL, NULL, NULL, NULL, NULL, NULL },
	{ "\t\u3000 \n", 2023, E, NULL, NULL, NULL, NULL, NULL, NULL },
};

/* Fails naming the row when a string differs (NULL matches only NULL). */
static void check_str(const struct row *r, const char *what, const char *got, const char *want)
{
	if (!got && !want)
		return;
	if (!got || !want || strcmp(got, want) != 0)
		fail_msg("\"%s\" (year %d): %s is %s%s%s, want %s%s%s", r->in, r->year, what,
		         got ? "\"" : "", got ? got : "NULL", got ? "\"" : "",
		         want ? "\"" : "", want ? want : "NULL", want ? "\"" : "");
}

static void check_row(const struct row *r)
{
	struct arena a;
	struct target t;
	char by[32];
	int rc;

	arena_init(&a, 0);
	rc = value_parse(r->in, strlen(r->in), r->year, &a, &t);
	if (rc != 0)
		fail_msg("\"%s\": rc %d", r->in, rc);
	check_str(r, "kind", target_kind_str(t.kind), target_kind_str(r->kind));
	check_str(r, "op", t.kind == TARGET_NUMERIC ? target_op_str(t.op) : NULL, r->op);
	check_str(r, "number", t.number, r->number);
	check_str(r, "unit", t.unit, r->unit);
	check_str(r, "note", t.note, r->note);
	check_str(r, "text", t.text, r->text);
	if (t.kind == TARGET_DEADLINE)
		snprintf(by, sizeof(by), "%04d-%02d-%02d", t.by.y, t.by.m, t.by.d);
	check_str(r, "by", t.kind == TARGET_DEADLINE ? by : NULL, r->by);
	arena_release(&a);
}

static void test_rows(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		check_row(&rows[i]);
}

/* The original text survives for qualitative values: full-width forms kept. */
static void test_qualitative_keeps_original(void **state)
{
	struct arena a;
	struct target t;
	const char *in = "明显改善（较上年）";

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(value_parse(in, strlen(in), 2023, &a, &t), 0);
	assert_int_equal(t.kind, TARGET_QUALITATIVE);
	assert_string_equal(t.text, in);
	arena_release(&a);
}

/* Only n bytes are read: the value need not be NUL-terminated. */
static void test_length_bounded(void **state)
{
	struct arena a;
	struct target t;
	const char buf[] = { '>', '=', '3', '0', '1', '2' };

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(value_parse(buf, 4, 2023, &a, &t), 0);
	assert_int_equal(t.kind, TARGET_NUMERIC);
	assert_string_equal(t.number, "30");
	assert_string_equal(t.unit, "");
	assert_int_equal(value_parse(NULL, 0, 2023, &a, &t), 0);
	assert_int_equal(t.kind, TARGET_EMPTY);
	arena_release(&a);
}

/* Invalid UTF-8 is never an error: it is read as text. */
static void test_invalid_bytes(void **state)
{
	struct arena a;
	struct target t;
	const char in[] = "\xff\xe3\x80=1\xef\xbc";

	(void)state;
	arena_init(&a, 0);
	assert_int_equal(value_parse(in, sizeof(in) - 1, 2023, &a, &t), 0);
	assert_int_equal(t.kind, TARGET_NUMERIC);
	assert_string_equal(t.number, "1");
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_qualitative_keeps_original),
		cmocka_unit_test(test_length_bounded),
		cmocka_unit_test(test_invalid_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
