/*
 * gen_corpus.c: writes a synthetic corpus of 项目支出绩效目标申报表 for `make bench`.
 *
 *     gen_corpus N SEED OUT.txt [OUT.csv]
 *
 * OUT.txt holds N forms in exactly the layout of the seed (tab-separated text
 * extracted from published PDFs): title, year line, the 项目名称/主管部门/date
 * rows, the four funding rows, the goal header and goal rows, the 绩效指标 table
 * under the 88号 tree with 一级/二级 carried down as blank cells.  Every field
 * varies, and the seed's extraction artefacts come back at realistic rates:
 * spaces where a cell wrapped inside CJK text, both the 3-cell and the 5-cell
 * layouts of the goal and funding rows, an annual goal continued after a page
 * break, blank lines.  Like the seed, the file does not end with a newline.
 *
 * OUT.csv, when given, holds one line per indicator (year, implementer,
 * project name, level1, level2, indicator, value: levels carried down, text
 * without artefacts, no header line): what a naive loader would load, the
 * input of the sqlite3 `.import` reference run.
 *
 * The output is a function of SEED alone, and form k depends only on SEED and
 * k, so a corpus of N forms is a prefix of any larger one.  (year, 实施单位,
 * 项目名称) is unique across the corpus because every name ends in the form's
 * serial number.  Memory is constant: each form is composed in fixed scratch
 * buffers and streamed through a 1 MiB output buffer.
 *
 * Standalone on purpose (libc only), so that the bench builds without the
 * rest of the tree.  Follows the project's banned-function list.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------
 * Random numbers: splitmix64, seeded per form from (SEED, serial).
 */

struct rng {
	uint64_t s;
};

static uint64_t
rng_next(struct rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0 (multiply-shift; the bias is below 2^-32). */
static uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static int
rng_range(struct rng *r, int lo, int hi)
{
	return lo + (int)rng_below(r, (uint32_t)(hi - lo + 1));
}

/* True with probability pm/1000. */
static bool
rng_permille(struct rng *r, unsigned pm)
{
	return rng_below(r, 1000) < pm;
}

#define PICK(r, a) ((a)[rng_below((r), (uint32_t)NELEM(a))])

/* ------------------------------------------------------------------------
 * Fixed-capacity strings for composing cells.  The generator bounds every
 * text it builds, so running out of room is a bug: abort loudly.
 */

#define STR_CAP 32768

struct str {
	size_t n;
	char b[STR_CAP];
};

static void
str_reset(struct str *s)
{
	s->n = 0;
	s->b[0] = '\0';
}

static void
str_putn(struct str *s, const char *p, size_t n)
{
	if (n >= STR_CAP - s->n) {
		fputs("gen_corpus: internal error: scratch string overflow\n", stderr);
		abort();
	}
	memcpy(s->b + s->n, p, n);
	s->n += n;
	s->b[s->n] = '\0';
}

static void
str_puts(struct str *s, const char *p)
{
	str_putn(s, p, strlen(p));
}

static void
str_printf(struct str *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(s->b + s->n, STR_CAP - s->n, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= STR_CAP - s->n) {
		fputs("gen_corpus: internal error: scratch string overflow\n", stderr);
		abort();
	}
	s->n += (size_t)n;
}

/* ------------------------------------------------------------------------
 * Buffered output.  Newlines of the text corpus are held back until more
 * text follows, so the file ends without one, as the seed does.
 */

#define OUT_CAP (1u << 20)

struct out {
	FILE *f;
	const char *path;
	uint64_t total;         /* bytes handed to fwrite so far */
	unsigned pending_nl;    /* newlines owed before the next byte */
	bool err;
	size_t len;
	char buf[OUT_CAP];
};

static void
out_flush(struct out *o)
{
	if (o->len > 0 && !o->err && fwrite(o->buf, 1, o->len, o->f) != o->len)
		o->err = true;
	o->total += o->len;
	o->len = 0;
}

static void
out_raw(struct out *o, const char *p, size_t n)
{
	while (n > 0) {
		size_t room = OUT_CAP - o->len, k = n < room ? n : room;

		memcpy(o->buf + o->len, p, k);
		o->len += k;
		p += k;
		n -= k;
		if (o->len == OUT_CAP)
			out_flush(o);
	}
}

static void
out_write(struct out *o, const char *p, size_t n)
{
	for (; o->pending_nl > 0; o->pending_nl--)
		out_raw(o, "\n", 1);
	out_raw(o, p, n);
}

static void
out_nl(struct out *o)
{
	o->pending_nl++;
}

/* One line of tab-separated cells; an empty last cell leaves a trailing tab. */
static void
out_row(struct out *o, size_t n, const char *const cells[])
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			out_write(o, "\t", 1);
		out_write(o, cells[i], strlen(cells[i]));
	}
	out_nl(o);
}

static void
out_line(struct out *o, const char *s)
{
	out_row(o, 1, &s);
}

/* A CSV field, quoted when it holds a comma, a quote or a line break. */
static void
csv_field(struct out *o, const char *s, bool last)
{
	if (strpbrk(s, ",\"\r\n") == NULL) {
		out_raw(o, s, strlen(s));
	} else {
		out_raw(o, "\"", 1);
		for (const char *q; (q = strchr(s, '"')) != NULL; s = q + 1) {
			out_raw(o, s, (size_t)(q - s));
			out_raw(o, "\"\"", 2);
		}
		out_raw(o, s, strlen(s));
		out_raw(o, "\"", 1);
	}
	out_raw(o, last ? "\n" : ",", 1);
}

/* ------------------------------------------------------------------------
 * UTF-8, just enough to wrap cells the way the PDF extractor does.
 */

static uint32_t
utf8_next(const char *s, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[0] < 0x80) {
		*len = 1;
		return u[0];
	}
	if (u[0] < 0xE0) {
		*len = 2;
		return (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
	}
	if (u[0] < 0xF0) {
		*len = 3;
		return (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
	}
	*len = 4;
	return (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3F) << 12 |
	    (uint32_t)(u[2] & 0x3F) << 6 | (u[3] & 0x3F);
}

/* CJK ideographs and punctuation, kana, full-width forms. */
static bool
is_cjk(uint32_t cp)
{
	return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF);
}

/*
 * Appends s as a cell `width` columns wide comes out of the extractor: each
 * wrapped line joined to the next with a space (a CJK character counts two
 * columns).  Breaks only next to a CJK character, where the Text rules of
 * FORMAT.md remove the space again, so the normalised text is s itself.
 */
static void
str_put_wrapped(struct str *dst, const char *s, unsigned width)
{
	unsigned col = 0;
	bool prev_cjk = false;

	while (*s != '\0') {
		size_t len;
		uint32_t cp = utf8_next(s, &len);
		bool cjk = is_cjk(cp);
		unsigned w = cjk ? 2 : 1;

		if (col > 0 && col + w > width && (cjk || prev_cjk)) {
			str_putn(dst, " ", 1);
			col = 0;
		}
		str_putn(dst, s, len);
		col += w;
		prev_cjk = cjk;
		s += len;
	}
}

/* Appends the decimal digits of v in full-width forms (２８). */
static void
str_put_fullwidth_int(struct str *dst, int v)
{
	char ascii[16];
	int n = snprintf(ascii, sizeof ascii, "%d", v);

	for (int i = 0; i < n; i++) {
		char fw[3] = { (char)0xEF, (char)0xBC, (char)(0x90 + (ascii[i] - '0')) };

		str_putn(dst, fw, 3);
	}
}

/* Appends an amount in fen as yuan with thousands separators: 5,350,000.00. */
static void
str_put_amount(struct str *dst, int64_t fen)
{
	char digits[32];
	int64_t yuan = fen / 100;
	int n = snprintf(digits, sizeof digits, "%" PRId64, yuan);

	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			str_putn(dst, ",", 1);
		str_putn(dst, digits + i, 1);
	}
	str_printf(dst, ".%02d", (int)(fen % 100));
}

/* ------------------------------------------------------------------------
 * Word lists: who spends the money on what.
 */

struct sector {
	const char *dept;                   /* 主管部门, also its own 实施单位 */
	const char *units[4];               /* district-level 实施单位, NULL-ended */
	const char *town_units[3];          /* suffixes after a town name, NULL-ended */
	const char *topics[6];              /* what the project is about, NULL-ended */
};

static const struct sector sectors[] = {
	{ "组织部", { "区委党校", "区人才服务中心", "区党员服务中心" },
	  { "党建服务中心", "人民政府" },
	  { "居民区党组织服务群众", "党员经常性教育", "基层党组织建设", "村级组织运转保障", "人才发展" } },
	{ "教育局", { "区青少年活动中心", "区教师进修学院", "区教育技术装备中心" },
	  { "中心小学", "中学", "幼儿园" },
	  { "义务教育阶段学生资助", "校园安全防控", "中小学教师培训", "学前教育保育", "中小学信息化建设", "青少年科普教育" } },
	{ "卫生健康委员会", { "区疾病预防控制中心", "区中心医院", "区妇幼保健所" },
	  { "社区卫生服务中心" },
	  { "基层医疗卫生机构运行保障", "家庭医生签约服务", "公共卫生应急处置", "老年人健康管理", "重大疾病预防控制" } },
	{ "民政局", { "区社会福利院", "区救助管理站", "区养老服务指导中心" },
	  { "社区事务受理服务中心", "养老服务中心", "敬老院" },
	  { "老年人助餐服务", "困难群众临时救助", "社区居家养老服务", "残疾人康复服务", "社会组织培育发展" } },
	{ "农业农村委员会", { "区农业技术推广中心", "区动物疫病预防控制中心", "区农机管理站" },
	  { "农业服务中心", "人民政府" },
	  { "农田水利设施维护", "乡村振兴示范村建设", "农村人居环境整治", "绿色农业发展补贴", "动物疫病防控" } },
	{ "生态环境局", { "区环境监测站", "区生态环境执法大队" },
	  { "人民政府" },
	  { "农村生活污水治理", "大气污染防治", "生态环境监测", "土壤污染防治" } },
	{ "水务局", { "区水务管理所", "区河道管理所", "区供水管理所" },
	  { "水务站" },
	  { "河道保洁养护", "中小河道综合整治", "防汛防台", "供水管网改造" } },
	{ "绿化和市容管理局", { "区环境卫生管理所", "区林业站" },
	  { "市容环境管理所", "人民政府" },
	  { "生活垃圾分类减量", "生态公益林养护", "道路清扫保洁", "公共绿地养护", "森林防火" } },
	{ "文化和旅游局", { "区图书馆", "区文化馆", "区博物馆" },
	  { "社区文化活动中心" },
	  { "公共文化服务配送", "图书馆数字资源建设", "非物质文化遗产保护", "乡村旅游推广" } },
	{ "体育局", { "区体育中心", "区青少年业余体校" },
	  { "社区文化活动中心" },
	  { "全民健身设施更新", "青少年体育训练", "群众体育赛事举办" } },
	{ "人力资源和社会保障局", { "区就业促进中心", "区职业技能鉴定所" },
	  { "社区事务受理服务中心" },
	  { "就业创业补贴", "职业技能培训", "劳动保障监察" } },
	{ "交通委员会", { "区公路管理所", "区交通执法大队" },
	  { "人民政府" },
	  { "农村公路养护", "公交运营补贴", "交通安全设施更新" } },
	{ "退役军人事务局", { "区退役军人服务中心" },
	  { "退役军人服务站" },
	  { "退役军人帮扶援助", "优抚对象走访慰问", "烈士纪念设施保护" } },
	{ "应急管理局", { "区应急管理服务中心" },
	  { "安全生产监督管理所" },
	  { "应急物资储备", "安全生产监管", "应急救援队伍建设" } },
	{ "市场监督管理局", { "区食品药品检验所", "区计量质量检测所" },
	  { "市场监督管理所" },
	  { "食品安全抽检", "特种设备安全监察", "消费者权益保护" } },
	{ "科学技术委员会", { "区科技创业中心" },
	  { "人民政府" },
	  { "科技创新券", "科普基地建设", "智慧城市建设" } },
};

static const char *const towns[] = {
	"城桥镇", "堡镇", "新河镇", "庙镇", "竖新镇", "向化镇", "三星镇", "港沿镇", "中兴镇",
	"陈家镇", "绿华镇", "港西镇", "建设镇", "新海镇", "东平镇", "长兴镇", "新村乡", "横沙乡",
};

static const char *const project_kinds[] = {
	"专项经费", "补助资金", "项目", "运行维护经费", "购买服务项目", "建设项目", "工作经费",
};

/* ------------------------------------------------------------------------
 * Goal texts: sentences per section of 目的和效果 / 主体和产出 / 措施和保障.
 * @T topic, @U 实施单位, @Y year, @M month, @N a count, @P a percentage.
 */

static const char *const goal_heads[3] = {
	"一、目的和效果：", "二、主体和产出：", "三、措施和保障：",
};

static const char *const goal_aim[] = {
	"全覆盖落实@T经费，保障@U各项工作正常运转。",
	"通过实施@T，切实提升公共服务水平和群众获得感。",
	"进一步完善@T工作机制，推动相关政策落地见效。",
	"保障@T顺利实施，确保年度目标任务按时完成。",
	"改善群众生产生活条件，促进区域经济社会协调发展。",
	"为世界级生态岛建设提供坚强保障。",
	"巩固提升@T成果，增强服务对象的满意度和认同感。",
	"解决居民普遍反映的诉求和共性问题，不断增强基层治理能力。",
	"补齐@T短板，推动基本公共服务均等化。",
	"落实上级部署要求，确保@T各项政策惠及群众。",
	"保障居民区党组织正常运转，切实增强党组织的创造力、凝聚力。",
};

static const char *const goal_output[] = {
	"由@U负责组织实施，相关科室按职责分工协同推进。",
	"计划于@Y年@M月份左右下拨专项经费，并推动该经费覆盖至@N个乡镇。",
	"全年计划开展@T相关活动@N次，惠及群众约@N00人次。",
	"项目资金主要用于设备购置、人员培训、宣传印刷和日常运行维护等方面。",
	"年内完成@N项重点任务，形成可复制、可推广的经验做法。",
	"按照“统一规划、分步实施、突出重点”的原则推进@T。",
	"主要使用范围包括：1、便民利民类；2、群众活动类；3、关爱帮扶类；4、公益风尚类。",
	"通过政府购买服务方式，委托具备资质的第三方机构承担@T具体工作。",
	"对老弱病残、下岗失业等困难群体给予适当救助。",
	"开展群众广泛参与的主题活动和传统节庆活动，购置或租借必要的器材设备。",
	"完成@N个点位的更新改造，全年服务覆盖率达到@P%以上。",
};

static const char *const goal_means[] = {
	"修订财务规章制度，健全工作例会机制，保证工作按时保质完成。",
	"严格执行财务管理制度，专款专用，接受审计和群众监督。",
	"建立项目台账，定期通报进展情况，及时分析原因、限期整改。",
	"加强绩效跟踪监控，对发现的问题及时纠偏。",
	"项目完成后，对实施过程、实际效果和资金使用情况进行公示，接受群众监督。",
	"落实专人负责，强化部门协同，形成工作合力。",
	"较大数额的项目支出，可先行拨付@P%的启动资金。",
	"召开@N次专题会议研究部署，报@U党政领导班子审核同意后组织实施。",
	"服务项目实施过程中，及时向居民通报进展情况。",
	"群众满意度较低的，要及时分析原因、限期整改。",
	"征集需求、确定项目、组织实施、公示评估，全过程接受监督。",
};

static const char *const *const goal_pools[3] = { goal_aim, goal_output, goal_means };
static const size_t goal_pool_sizes[3] = { NELEM(goal_aim), NELEM(goal_output), NELEM(goal_means) };

/* Sentences per section: 1-2, or up to GOAL_LONG_MAX in a long goal, all distinct. */
#define GOAL_LONG_MAX 10
#define GOAL_POOL_MAX 16
_Static_assert(NELEM(goal_aim) >= GOAL_LONG_MAX && NELEM(goal_aim) <= GOAL_POOL_MAX, "goal_aim");
_Static_assert(NELEM(goal_output) >= GOAL_LONG_MAX && NELEM(goal_output) <= GOAL_POOL_MAX, "goal_output");
_Static_assert(NELEM(goal_means) >= GOAL_LONG_MAX && NELEM(goal_means) <= GOAL_POOL_MAX, "goal_means");

/* ------------------------------------------------------------------------
 * The 88号 indicator tree, in form order, and indicator templates per 二级.
 */

enum cat { C_QTY, C_QUALITY, C_TIME, C_COST, C_ECON, C_SOCIAL, C_ECO, C_SUST, C_SAT, C__MAX };

static const struct {
	const char *level1, *level2;
	unsigned weight;                    /* how often an indicator lands here */
} cats[C__MAX] = {
	[C_QTY]     = { "产出指标",   "数量指标",             24 },
	[C_QUALITY] = { "产出指标",   "质量指标",             18 },
	[C_TIME]    = { "产出指标",   "时效指标",             12 },
	[C_COST]    = { "产出指标",   "成本指标",              7 },
	[C_ECON]    = { "效益指标",   "经济效益指标",          4 },
	[C_SOCIAL]  = { "效益指标",   "社会效益指标",         16 },
	[C_ECO]     = { "效益指标",   "生态效益指标",          4 },
	[C_SUST]    = { "效益指标",   "可持续影响指标",        6 },
	[C_SAT]     = { "满意度指标", "服务对象满意度指标",    9 },
};

enum vkind {
	V_COUNT,        /* =15个, >=30个, 不少于12次, ＝２８条 */
	V_PCT,          /* ≥90%, 不低于85%, ８０％ */
	V_FULL,         /* 100%, =100% */
	V_ROUTINE,      /* 常态化,不少于12次 / 常态化 */
	V_DEADLINE,     /* 2023年7月前, 2023年第三季度末前, 及时 */
	V_QUAL,         /* 提升, 增强 */
	V_COST,         /* ≤8元/餐, 不超过300元/人 */
	V_ZERO,         /* =0起 */
};

struct itpl {
	enum cat cat;
	const char *name;                   /* @T is the project's topic */
	enum vkind kind;
	const char *unit;
	int lo, hi;
};

static const struct itpl itpls[] = {
	{ C_QTY, "@T经费覆盖乡镇数", V_COUNT, "个", 5, 18 },
	{ C_QTY, "@T经费覆盖居民区数量", V_COUNT, "个", 20, 320 },
	{ C_QTY, "开展@T活动次数", V_COUNT, "次", 4, 60 },
	{ C_QTY, "@T受益人数", V_COUNT, "人", 100, 50000 },
	{ C_QTY, "@T服务人次", V_COUNT, "万人次", 1, 60 },
	{ C_QTY, "完成@T重点任务数", V_COUNT, "项", 3, 40 },
	{ C_QTY, "组织培训场次", V_COUNT, "场", 2, 30 },
	{ C_QTY, "新增设施点位数量", V_COUNT, "处", 1, 80 },
	{ C_QTY, "印发宣传资料", V_COUNT, "份", 500, 20000 },
	{ C_QTY, "整治问题点位", V_COUNT, "条", 5, 90 },
	{ C_QUALITY, "开展@T活动", V_ROUTINE, "次", 4, 24 },
	{ C_QUALITY, "@T验收合格率", V_PCT, "%", 85, 100 },
	{ C_QUALITY, "@T任务完成率", V_FULL, "%", 100, 100 },
	{ C_QUALITY, "设施设备完好率", V_PCT, "%", 90, 99 },
	{ C_QUALITY, "解决群众困难问题", V_QUAL, "", 0, 0 },
	{ C_QUALITY, "@T规范化管理水平", V_QUAL, "", 0, 0 },
	{ C_TIME, "下拨@T专项经费", V_DEADLINE, "", 0, 0 },
	{ C_TIME, "@T完成时间", V_DEADLINE, "", 0, 0 },
	{ C_TIME, "资金拨付及时性", V_DEADLINE, "", 0, 0 },
	{ C_TIME, "@T启动时间", V_DEADLINE, "", 0, 0 },
	{ C_COST, "@T人均成本", V_COST, "元/人", 50, 3000 },
	{ C_COST, "助餐补贴标准", V_COST, "元/餐", 5, 20 },
	{ C_COST, "单位面积养护成本", V_COST, "元/平方米", 3, 120 },
	{ C_COST, "项目总成本", V_COST, "万元", 10, 3000 },
	{ C_ECON, "带动相关产业增收", V_COUNT, "万元", 10, 500 },
	{ C_ECON, "节约@T运行成本", V_PCT, "%", 3, 20 },
	{ C_ECON, "资金使用效益", V_QUAL, "", 0, 0 },
	{ C_SOCIAL, "@T活动效果", V_QUAL, "", 0, 0 },
	{ C_SOCIAL, "@T群众知晓率", V_PCT, "%", 70, 98 },
	{ C_SOCIAL, "@T服务能力", V_QUAL, "", 0, 0 },
	{ C_SOCIAL, "安全责任事故发生数", V_ZERO, "起", 0, 0 },
	{ C_SOCIAL, "社会影响力", V_QUAL, "", 0, 0 },
	{ C_ECO, "区域生态环境质量", V_QUAL, "", 0, 0 },
	{ C_ECO, "生活垃圾资源化利用率", V_PCT, "%", 35, 95 },
	{ C_ECO, "污水处理达标率", V_FULL, "%", 100, 100 },
	{ C_ECO, "新增绿化面积", V_COUNT, "平方米", 200, 90000 },
	{ C_SUST, "@T长效管理机制", V_QUAL, "", 0, 0 },
	{ C_SUST, "全区党员思想政治素质", V_QUAL, "", 0, 0 },
	{ C_SUST, "项目持续发挥作用年限", V_COUNT, "年", 3, 10 },
	{ C_SAT, "服务对象满意度", V_PCT, "%", 80, 98 },
	{ C_SAT, "居民群众满意度", V_QUAL, "", 0, 0 },
	{ C_SAT, "@T受益群众满意度", V_PCT, "%", 85, 95 },
	{ C_SAT, "党员满意度", V_QUAL, "", 0, 0 },
};

#define MAX_PER_CAT 12
#define MIN_INDICATORS 3
#define MAX_INDICATORS 12

/* Comparison forms: the text before and after the number. */
struct op {
	const char *pre, *post;
	bool fullwidth;                     /* digits and % in full-width forms */
};

static const struct op count_ops[] = {
	{ "=", "", false }, { "=", "", false }, { ">=", "", false }, { "≥", "", false },
	{ "不少于", "", false }, { "", "", false }, { "至少", "", false }, { "", "以上", false },
	{ "＝", "", true }, { ">", "", false },
};

static const struct op pct_ops[] = {
	{ "≥", "", false }, { "≥", "", false }, { ">=", "", false }, { "不低于", "", false },
	{ "", "", false }, { "", "以上", false }, { "≥", "", true }, { "", "", true },
};

static const struct op cost_ops[] = {
	{ "≤", "", false }, { "≤", "", false }, { "<=", "", false }, { "不超过", "", false },
	{ "不高于", "", false }, { "", "以内", false }, { "<", "", false },
};

static const char *const qual_words[] = {
	"提升", "提升", "增强", "常态化", "明显改善", "有效促进", "逐步完善", "稳步提高",
	"有效保障", "良好", "显著提升", "长期", "建立健全",
};

static const char *const quarter_names[] = { "一", "二", "三", "四" };

/* ------------------------------------------------------------------------
 * One form.
 */

struct indicator {
	enum cat cat;
	char name[256];
	char value[128];
};

struct form {
	int year;
	const struct sector *sec;
	const char *topic;
	char implementer[128];
	char name[256];
	struct indicator ind[MAX_INDICATORS];
	size_t nind;
};

struct gen {
	uint64_t seed;
	struct out *txt, *csv;              /* csv may be NULL */
	uint64_t indicators;
	struct form f;
	struct str cell, overall, annual, part1, cont, tmp;
	size_t cat_first[C__MAX], cat_count[C__MAX];
};

static void
copy_str(char *dst, size_t cap, const struct str *s)
{
	int n = snprintf(dst, cap, "%s", s->b);

	if (n < 0 || (size_t)n >= cap) {
		fputs("gen_corpus: internal error: field too long\n", stderr);
		abort();
	}
}

static int
days_in_month(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : d[m - 1];
}

/* Expands a template: @T topic, @U implementer, @Y year, @M month, @N, @P numbers. */
static void
expand(struct str *dst, struct rng *r, const struct form *f, const char *tpl)
{
	for (const char *p = tpl; *p != '\0'; p++) {
		if (*p != '@' || p[1] == '\0') {
			str_putn(dst, p, 1);
			continue;
		}
		switch (*++p) {
		case 'T': str_puts(dst, f->topic); break;
		case 'U': str_puts(dst, f->implementer); break;
		case 'Y': str_printf(dst, "%d", f->year); break;
		case 'M': str_printf(dst, "%d", rng_range(r, 2, 11)); break;
		case 'N': str_printf(dst, "%d", rng_range(r, 2, 98)); break;
		case 'P': str_printf(dst, "%d", 10 * rng_range(r, 2, 6)); break;
		default: str_putn(dst, p - 1, 2); break;
		}
	}
}

/*
 * A goal text: three headed sections of sentences, as one <p> or one <p>
 * per section; now and then a long one, as the seed's first form.
 */
static void
gen_goal(struct str *dst, struct rng *r, const struct form *f)
{
	bool per_section = rng_permille(r, 300);
	bool headed = rng_permille(r, 850);
	bool long_text = rng_permille(r, 20);

	str_reset(dst);
	if (!per_section)
		str_puts(dst, "<p>");
	for (int s = 0; s < 3; s++) {
		int k = long_text ? rng_range(r, 5, GOAL_LONG_MAX) : rng_permille(r, 350) ? 2 : 1;

		if (per_section)
			str_puts(dst, "<p>");
		if (headed)
			str_puts(dst, goal_heads[s]);
		size_t idx[GOAL_POOL_MAX], avail = goal_pool_sizes[s];

		/* Distinct sentences: a partial shuffle of the pool. */
		for (size_t i = 0; i < avail; i++)
			idx[i] = i;
		for (int i = 0; i < k; i++) {
			size_t j = (size_t)i + rng_below(r, (uint32_t)(avail - (size_t)i)), t = idx[i];

			idx[i] = idx[j];
			idx[j] = t;
			expand(dst, r, f, goal_pools[s][idx[i]]);
		}
		if (per_section)
			str_puts(dst, "</p>");
	}
	if (!per_section)
		str_puts(dst, "</p>");
}

/* The 年度指标值 of one indicator, as a unit would write it. */
static void
gen_value(struct str *dst, struct rng *r, const struct itpl *t, int year)
{
	const struct op *op;
	int v;

	str_reset(dst);
	if (rng_permille(r, 15))
		return;                     /* named indicator, value left blank */
	switch (t->kind) {
	case V_COUNT:
	case V_PCT:
	case V_COST:
		op = t->kind == V_COUNT ? &PICK(r, count_ops) :
		    t->kind == V_PCT ? &PICK(r, pct_ops) : &PICK(r, cost_ops);
		v = rng_range(r, t->lo, t->hi);
		if (v > 1000)
			v -= v % 100;
		str_puts(dst, op->pre);
		if (op->fullwidth) {
			str_put_fullwidth_int(dst, v);
			str_puts(dst, strcmp(t->unit, "%") == 0 ? "％" : t->unit);
		} else if (t->kind == V_PCT && rng_permille(r, 100) && v < t->hi) {
			str_printf(dst, "%d.5%s", v, t->unit);
		} else {
			str_printf(dst, "%d%s", v, t->unit);
		}
		str_puts(dst, op->post);
		break;
	case V_FULL:
		str_puts(dst, PICK(r, ((const char *const[]){ "100%", "100%", "=100%", "１００％" })));
		break;
	case V_ROUTINE:
		switch (rng_below(r, 4)) {
		case 0: str_puts(dst, "常态化"); break;
		case 1: str_printf(dst, "不少于%d次", rng_range(r, t->lo, t->hi)); break;
		default: str_printf(dst, "常态化,不少于%d次", rng_range(r, t->lo, t->hi)); break;
		}
		break;
	case V_DEADLINE: {
		int y = rng_permille(r, 80) ? year + 1 : year, m = rng_range(r, 2, 12);

		switch (rng_below(r, 8)) {
		case 0: str_printf(dst, "%d年%d月前", y, m); break;
		case 1: str_printf(dst, "%d年%d月底前", y, m); break;
		case 2: str_printf(dst, "%d年%d月%d日前", y, m, days_in_month(y, m)); break;
		case 3: str_printf(dst, "%d年第%s季度前", y, PICK(r, quarter_names)); break;
		case 4: str_printf(dst, "%d年第%s季度末前", y, PICK(r, quarter_names)); break;
		case 5: str_printf(dst, "%d年底前", y); break;
		default: str_puts(dst, rng_permille(r, 750) ? "及时" : "按时"); break;
		}
		break;
	}
	case V_QUAL:
		str_puts(dst, PICK(r, qual_words));
		break;
	case V_ZERO:
		str_puts(dst, rng_permille(r, 500) ? "=0起" : "0起");
		break;
	}
}

/* Picks the form's indicators: category by weight, distinct templates per category. */
static void
gen_indicators(struct gen *g, struct rng *r)
{
	struct form *f = &g->f;
	size_t per_cat[C__MAX] = { 0 };
	enum cat chosen[MAX_INDICATORS];
	size_t n = (size_t)rng_range(r, MIN_INDICATORS, MAX_INDICATORS), k = 0;
	unsigned wsum = 0;

	for (int c = 0; c < C__MAX; c++)
		wsum += cats[c].weight;
	if (rng_permille(r, 850))
		chosen[k++] = C_QTY;
	if (rng_permille(r, 750))
		chosen[k++] = C_SAT;
	while (k < n) {
		unsigned x = rng_below(r, wsum);
		int c = 0;

		while (x >= cats[c].weight)
			x -= cats[c++].weight;
		chosen[k++] = (enum cat)c;
	}
	for (k = 0; k < n; k++)
		per_cat[chosen[k]]++;

	f->nind = 0;
	for (int c = 0; c < C__MAX; c++) {
		size_t idx[MAX_PER_CAT], avail = g->cat_count[c];
		size_t want = per_cat[c] < avail ? per_cat[c] : avail;

		for (size_t i = 0; i < avail; i++)
			idx[i] = g->cat_first[c] + i;
		for (size_t i = 0; i < want; i++) {
			size_t j = i + rng_below(r, (uint32_t)(avail - i)), t = idx[i];
			const struct itpl *tp;
			struct indicator *ind = &f->ind[f->nind++];

			idx[i] = idx[j];
			idx[j] = t;
			tp = &itpls[idx[i]];
			ind->cat = (enum cat)c;
			str_reset(&g->tmp);
			expand(&g->tmp, r, f, tp->name);
			copy_str(ind->name, sizeof ind->name, &g->tmp);
			gen_value(&g->tmp, r, tp, f->year);
			copy_str(ind->value, sizeof ind->value, &g->tmp);
		}
	}
}

/* Money in fen: total = fiscal + other; annual = appropriation + carry-over + other. */
struct funds {
	int64_t total, total_fiscal, total_other;
	int64_t annual, approp, carry, annual_other;
};

static int64_t
round_to(int64_t v, int64_t step)
{
	return v - v % step;
}

static void
gen_funds(struct funds *m, struct rng *r, bool one_off)
{
	static const int64_t yuan = 100;
	int tier = rng_range(r, 0, 9);
	int64_t annual;

	/* 20,000 to 30,000,000 yuan, roughly log-uniform, mostly round. */
	if (tier < 2)
		annual = rng_range(r, 20, 200) * 1000 * yuan;
	else if (tier < 7)
		annual = rng_range(r, 20, 300) * 10000 * yuan;
	else
		annual = rng_range(r, 300, 3000) * 10000 * yuan;
	if (rng_permille(r, 150))
		annual += rng_range(r, 1, 9999) * yuan;
	if (rng_permille(r, 50))
		annual += rng_range(r, 1, 99);

	m->annual = annual;
	m->carry = rng_permille(r, 180) ? round_to(annual * rng_range(r, 5, 40) / 100, 100 * yuan) : 0;
	m->annual_other = rng_permille(r, 100) ? round_to(annual * rng_range(r, 5, 30) / 100, 100 * yuan) : 0;
	m->approp = annual - m->carry - m->annual_other;

	if ((one_off && rng_permille(r, 900)) || (!one_off && rng_permille(r, 450)))
		m->total = annual;
	else
		m->total = annual + round_to(annual * rng_range(r, 3, 80) / 100, 1000 * yuan);
	m->total_other = m->annual_other;
	if (m->total > annual && rng_permille(r, 100))
		m->total_other += round_to((m->total - annual) / 2, 100 * yuan);
	m->total_fiscal = m->total - m->total_other;
}

/* An amount cell: blank or 0.00 for zero, as the units write it. */
static const char *
amount_cell(struct str *s, int64_t fen, bool zero_blank)
{
	str_reset(s);
	if (fen != 0 || !zero_blank)
		str_put_amount(s, fen);
	return s->b;
}

/*
 * The goal rows: the 3-cell layout (header and goals on two rows, the label on
 * the second) or the 5-cell one (label on the header row, spacer cells), and
 * now and then the annual goal cut by a page break and continued below.
 */
static void
emit_goals(struct gen *g, struct rng *r, bool one_off)
{
	struct form *f = &g->f;
	struct out *o = g->txt;
	char goal_hdr[64];
	int from = f->year, to = f->year;
	bool five = rng_permille(r, 500), split = rng_permille(r, 80);

	if (!one_off && rng_permille(r, 400)) {
		from -= rng_range(r, 0, 2);
		to += rng_range(r, 0, 2);
	}
	snprintf(goal_hdr, sizeof goal_hdr, "项目总目标 (%d年 - %d年)", from, to);
	gen_goal(&g->overall, r, f);
	if (rng_permille(r, 350)) {
		gen_goal(&g->annual, r, f);
	} else {
		str_reset(&g->annual);
		str_putn(&g->annual, g->overall.b, g->overall.n);
	}

	str_reset(&g->part1);
	str_reset(&g->cont);
	if (split) {
		/* Cut the last paragraph at a character inside its middle. */
		const char *b = g->annual.b, *last = NULL;
		size_t start, end, len, at;

		for (const char *p = b; (p = strstr(p, "<p>")) != NULL; p += 3)
			last = p;
		start = (size_t)(last - b) + 3;
		end = g->annual.n - 4;      /* before the closing </p> */
		len = end - start;
		at = start + len * (size_t)rng_range(r, 30, 85) / 100;
		while ((b[at] & 0xC0) == 0x80)
			at++;
		if (at - start < 12 || end - at < 24) {
			split = false;
		} else {
			str_putn(&g->part1, b, at);
			str_puts(&g->part1, "</p>");
			str_reset(&g->tmp);
			str_putn(&g->tmp, b + at, end - at);
			str_put_wrapped(&g->cont, g->tmp.b, 48);
		}
	}
	if (!split)
		str_putn(&g->part1, g->annual.b, g->annual.n);

	if (five) {
		out_row(o, 5, (const char *const[]){ "项目 绩效 目标", goal_hdr, "", "年度总目标", "" });
		out_row(o, 5, (const char *const[]){ "", g->overall.b, "", g->part1.b, "" });
	} else {
		if (rng_permille(r, 800))
			out_nl(o);
		out_row(o, 3, (const char *const[]){ "", goal_hdr, "年度总目标" });
		out_row(o, 3, (const char *const[]){ "项目 绩效 目标", g->overall.b, g->part1.b });
	}
	if (split) {
		out_nl(o);
		out_row(o, 5, (const char *const[]){ "", "", "", g->cont.b, "" });
	}
}

/* The reference loader's view of one indicator: levels filled in, text clean. */
static void
emit_csv_row(struct out *csv, const struct form *f, const struct indicator *ind)
{
	char year[16];

	snprintf(year, sizeof year, "%d", f->year);
	csv_field(csv, year, false);
	csv_field(csv, f->implementer, false);
	csv_field(csv, f->name, false);
	csv_field(csv, cats[ind->cat].level1, false);
	csv_field(csv, cats[ind->cat].level2, false);
	csv_field(csv, ind->name, false);
	csv_field(csv, ind->value, true);
}

/* The 绩效指标 table: every 二级 of the tree, 一级/二级 written once then carried down. */
static void
emit_indicators(struct gen *g, struct rng *r)
{
	const struct form *f = &g->f;
	struct out *o = g->txt;
	size_t i = 0, row = 0, page_break;
	bool wrap, open = false;
	unsigned name_width, value_width;

	gen_indicators(g, r);
	wrap = rng_permille(r, 550);
	name_width = (unsigned)PICK(r, ((const int[]){ 20, 24, 24, 28 }));
	value_width = (unsigned)PICK(r, ((const int[]){ 12, 16, 16, 20 }));
	page_break = rng_permille(r, 30) ? (size_t)rng_range(r, 1, 8) : SIZE_MAX;
	out_row(o, 5, (const char *const[]){ "绩效 指标", "一级指标", "二级指标", "三级指标", "年度指标值" });

	for (int c = 0; c < C__MAX; c++) {
		bool first_in_l1 = c == 0 || strcmp(cats[c].level1, cats[c - 1].level1) != 0;
		bool first_in_l2 = true;

		do {
			const struct indicator *ind = i < f->nind && f->ind[i].cat == (enum cat)c ?
			    &f->ind[i] : NULL;
			const char *name = "", *value = "";

			if (ind != NULL && wrap) {
				str_reset(&g->cell);
				str_put_wrapped(&g->cell, ind->name, name_width);
				str_reset(&g->tmp);
				str_put_wrapped(&g->tmp, ind->value, value_width);
				name = g->cell.b;
				value = g->tmp.b;
			} else if (ind != NULL) {
				name = ind->name;
				value = ind->value;
			}
			/*
			 * A page break: a blank line between two rows.  After a blank
			 * line, a row with blank 一级/二级 reads as the rest of the
			 * indicator above, cut by the break (FORMAT.md, parse_text.c),
			 * when it has a name and no value, or when the indicator above
			 * has none (`\t\t\tname\t`, then `\t\t\trest\tvalue`).  So
			 * the break never comes before a named row without a value,
			 * nor between an indicator without a value and the next one of
			 * the same 二级: it moves down a row.
			 */
			if (row == page_break && name[0] != '\0' &&
			    (value[0] == '\0' || (open && !first_in_l2)))
				page_break++;
			if (row++ == page_break)
				out_nl(o);
			out_row(o, 5, (const char *const[]){ "", first_in_l1 ? cats[c].level1 : "",
			    first_in_l2 ? cats[c].level2 : "", name, value });
			open = name[0] != '\0' && value[0] == '\0';
			if (ind != NULL) {
				if (g->csv != NULL)
					emit_csv_row(g->csv, f, ind);
				i++;
				g->indicators++;
			}
			first_in_l1 = first_in_l2 = false;
		} while (i < f->nind && f->ind[i].cat == (enum cat)c);
	}
}

/* One form, streamed to g->txt (and its indicators to g->csv). */
static void
gen_form(struct gen *g, uint64_t serial)
{
	struct form *f = &g->f;
	struct out *o = g->txt;
	struct rng r = { g->seed ^ (serial * UINT64_C(0xD1B54A32D192ED03)) };
	struct funds m;
	char amounts[7][48], year_line[32], dates[2][16];
	bool one_off, zero_blank;
	int u;

	rng_next(&r);

	/* Who, what, when. */
	f->year = rng_range(&r, 2020, 2026);
	f->sec = &PICK(&r, sectors);
	for (u = 0; u < 6 && f->sec->topics[u] != NULL; u++)
		;
	f->topic = f->sec->topics[rng_below(&r, (uint32_t)u)];
	switch (rng_below(&r, 10)) {
	case 0: case 1: case 2: case 3:
		snprintf(f->implementer, sizeof f->implementer, "%s", f->sec->dept);
		break;
	case 4: case 5: case 6:
		for (u = 0; u < 4 && f->sec->units[u] != NULL; u++)
			;
		snprintf(f->implementer, sizeof f->implementer, "%s",
		    f->sec->units[rng_below(&r, (uint32_t)u)]);
		break;
	default: {
		/* Two draws: keep them in separate statements, argument order is unspecified. */
		const char *town = PICK(&r, towns);

		for (u = 0; u < 3 && f->sec->town_units[u] != NULL; u++)
			;
		snprintf(f->implementer, sizeof f->implementer, "%s%s", town,
		    f->sec->town_units[rng_below(&r, (uint32_t)u)]);
		break;
	}
	}
	snprintf(f->name, sizeof f->name, "%s%s第%" PRIu64 "号", f->topic,
	    PICK(&r, project_kinds), serial);
	one_off = rng_permille(&r, 300);

	if (rng_permille(&r, 700)) {
		snprintf(dates[0], sizeof dates[0], "%04d-01-01", f->year);
		snprintf(dates[1], sizeof dates[1], "%04d-12-31", f->year);
	} else {
		int sm = rng_range(&r, 1, 12), sd = rng_permille(&r, 500) ? 1 : rng_range(&r, 1, 28);
		int em = rng_range(&r, sm, 12), ed = days_in_month(f->year, em);

		if (rng_permille(&r, 300) && em > sm)
			ed = rng_range(&r, 1, ed);
		snprintf(dates[0], sizeof dates[0], "%04d-%02d-%02d", f->year, sm, sd);
		snprintf(dates[1], sizeof dates[1], "%04d-%02d-%02d", f->year, em, ed);
	}

	/* Two blank lines open the file, one (now and then two) separate forms. */
	out_nl(o);
	if (serial == 1 || rng_permille(&r, 50))
		out_nl(o);
	out_line(o, "财政项目支出绩效目标申报表");
	out_nl(o);
	snprintf(year_line, sizeof year_line, "(%d年度)", f->year);
	out_line(o, year_line);
	out_nl(o);
	out_row(o, 5, (const char *const[]){ "项目名称", f->name, "项目类别",
	    one_off ? "一次性项目" : "经常性项目", "" });
	out_row(o, 5, (const char *const[]){ "主管部门", f->sec->dept, "实施单位", f->implementer, "" });
	out_row(o, 5, (const char *const[]){ "计划开始日期", dates[0], "计划完成日期", dates[1], "" });

	/* Funding rows; the short 其他资金 row drops the empty left-hand cells. */
	gen_funds(&m, &r, one_off);
	zero_blank = rng_permille(&r, 650);
	{
		const int64_t v[7] = { m.total, m.annual, m.total_fiscal, m.approp, m.carry,
		    m.total_other, m.annual_other };

		for (int i = 0; i < 7; i++) {
			bool blank = rng_permille(&r, 100) ? !zero_blank : zero_blank;

			str_reset(&g->tmp);
			amount_cell(&g->tmp, v[i], blank);
			copy_str(amounts[i], sizeof amounts[i], &g->tmp);
		}
	}
	out_row(o, 5, (const char *const[]){ "项目资金 (元)", "项目资金总额", amounts[0],
	    "年度资金申请总额", amounts[1] });
	out_row(o, 5, (const char *const[]){ "", "其中：财政资金", amounts[2],
	    "其中：当年财政拨款", amounts[3] });
	out_row(o, 5, (const char *const[]){ "", "", "", "上年结转资金", amounts[4] });
	if (amounts[5][0] == '\0' && rng_permille(&r, 500))
		out_row(o, 5, (const char *const[]){ "", "", "", "其他资金", amounts[6] });
	else
		out_row(o, 5, (const char *const[]){ "", "其他资金", amounts[5], "其他资金", amounts[6] });
	emit_goals(g, &r, one_off);
	emit_indicators(g, &r);
}

/* ------------------------------------------------------------------------
 * Command line.
 */

static bool
parse_u64(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (*s == '-' || *s == '\0')
		return false;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno != 0 || *end != '\0')
		return false;
	*v = (uint64_t)x;
	return true;
}

static struct out *
out_open(const char *path)
{
	struct out *o = malloc(sizeof *o);

	if (o == NULL)
		return NULL;
	memset(o, 0, offsetof(struct out, buf));
	o->path = path;
	o->f = fopen(path, "wb");
	if (o->f == NULL) {
		free(o);
		return NULL;
	}
	return o;
}

/* Flushes and closes; returns false on any write error. */
static bool
out_close(struct out *o)
{
	bool ok;

	if (o == NULL)
		return true;
	o->pending_nl = 0;
	out_flush(o);
	ok = !o->err;
	if (fclose(o->f) != 0)
		ok = false;
	if (!ok)
		fprintf(stderr, "gen_corpus: %s: write error\n", o->path);
	free(o);
	return ok;
}

int
main(int argc, char *argv[])
{
	struct gen *g = NULL;
	uint64_t n, seed, bytes = 0, csv_bytes = 0;
	int rc = 1;

	if (argc != 4 && argc != 5) {
		fputs("usage: gen_corpus N SEED OUT.txt [OUT.csv]\n", stderr);
		return 2;
	}
	if (!parse_u64(argv[1], &n) || !parse_u64(argv[2], &seed)) {
		fprintf(stderr, "gen_corpus: N \"%s\" and SEED \"%s\" must be unsigned integers\n",
		    argv[1], argv[2]);
		return 2;
	}
	g = calloc(1, sizeof *g);
	if (g == NULL) {
		fputs("gen_corpus: out of memory\n", stderr);
		return 1;
	}
	g->seed = seed;
	/* Index the templates by category; each category's rows are contiguous. */
	for (size_t i = 0; i < NELEM(itpls); i++) {
		enum cat c = itpls[i].cat;

		if (g->cat_count[c]++ == 0)
			g->cat_first[c] = i;
		if (g->cat_first[c] + g->cat_count[c] != i + 1 || g->cat_count[c] > MAX_PER_CAT) {
			fputs("gen_corpus: internal error: indicator templates out of order\n", stderr);
			abort();
		}
	}
	if ((g->txt = out_open(argv[3])) == NULL) {
		fprintf(stderr, "gen_corpus: %s: %s\n", argv[3], strerror(errno));
		goto out;
	}
	if (argc == 5 && (g->csv = out_open(argv[4])) == NULL) {
		fprintf(stderr, "gen_corpus: %s: %s\n", argv[4], strerror(errno));
		goto out;
	}
	for (uint64_t k = 1; k <= n && !g->txt->err && (g->csv == NULL || !g->csv->err); k++)
		gen_form(g, k);
	bytes = g->txt->total + g->txt->len;
	if (g->csv != NULL)
		csv_bytes = g->csv->total + g->csv->len;
	rc = 0;
out:
	if (g != NULL) {
		if (!out_close(g->csv))
			rc = 1;
		if (!out_close(g->txt))
			rc = 1;
	}
	if (rc == 0) {
		fprintf(stderr, "gen_corpus: %" PRIu64 " forms, %" PRIu64 " indicators, %" PRIu64
		    " bytes (%.0f bytes/form) to %s", n, g->indicators, bytes,
		    n > 0 ? (double)bytes / (double)n : 0.0, argv[3]);
		if (argc == 5)
			fprintf(stderr, ", %" PRIu64 " bytes to %s", csv_bytes, argv[4]);
		fputc('\n', stderr);
	}
	free(g);
	return rc;
}
