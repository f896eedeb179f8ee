/*
 * selfeval_layout.c: the self-evaluation table as rows of cells
 * (selfeval_layout.h), over the nine columns of the indicator table:
 *
 *   block | 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因
 *   项目名称 (block–一级) | name (二级–end)
 *   主管部门 (block–一级) | value (二级–年度指标值) | 实施单位 | value (分值–end)
 *   项目资金（元） | (一级–二级) | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
 *                   four rows: 年度资金总额 with the figures, the sources with "—"
 *                   then 执行偏差原因 (一级–二级) | budget.reason (三级–end) when
 *                   there is a reason or the execution rate asks for one
 *   年度总体目标 | 预期目标 (一级–年度指标值) | 实际完成情况 (实际完成值–end), then the texts
 *   绩效指标 | the header, then a row per indicator, 一级 and 二级 merged down
 *   总分 (block–实际完成值) | 100 | total | (blank)
 *   自评等级 (block–实际完成值) | grade (分值–end)
 */
#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../parse/scalar.h"
#include "../util/err.h"
#include "../util/strbuf.h"
#include "selfeval_layout.h"

#define S(s) ((s) ? (s) : "")
#define DASH "—"

const int se_col_width[SEC__MAX] = { 70, 102, 88, 162, 120, 120, 62, 88, 188 };
const char *const se_col_class[SEC__MAX] = { "s-block", "s-l1", "s-l2", "s-l3", "s-target",
	                                         "s-actual", "s-points", "s-score", "s-reason" };

struct build {
	struct se_layout *t;
	size_t cap_rows, cap_cells;
	int err;
};

/* s, a string of the table's own; "" and b->err set when it is NULL (no
 * memory). */
static const char *kept(struct build *b, const char *s)
{
	if (!s) {
		b->err = JX_ENOMEM;
		return "";
	}
	return s;
}

static const char *dup(struct build *b, const char *s)
{
	return kept(b, arena_strdup(&b->t->arena, s));
}

/* A string of the table's own, formatted. */
static const char *fmt(struct build *b, const char *f, ...) __attribute__((format(printf, 2, 3)));
static const char *fmt(struct build *b, const char *f, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, f);
	s = arena_vprintf(&b->t->arena, f, ap);
	va_end(ap);
	return kept(b, s);
}

static void row(struct build *b, unsigned flags, const char *cls)
{
	struct se_layout *t = b->t;

	assert(t->n_rows < b->cap_rows);
	t->rows[t->n_rows++] = (struct se_row){ t->n_cells, 0, flags, cls };
}

/* A cell of the current row over columns c0 .. c1 - 1, `rows` rows down. */
static struct se_cell *cell(struct build *b, enum se_col c0, enum se_col c1, unsigned rows,
                            enum se_kind kind, const char *text)
{
	struct se_layout *t = b->t;
	struct se_cell *c;

	assert(t->n_rows > 0 && t->n_cells < b->cap_cells && c0 < c1 && c1 <= SEC__MAX && rows >= 1);
	c = &t->cells[t->n_cells++];
	*c = (struct se_cell){ (unsigned char)c0, (unsigned char)c1, rows, kind, S(text), 0, NULL, 0,
		                   NULL, NULL };
	t->rows[t->n_rows - 1].n_cells++;
	return c;
}

static void amount_cell(struct build *b, enum se_col col, struct amount a)
{
	char buf[40] = "";
	struct se_cell *c;

	if (!a.set) {
		cell(b, col, col + 1, 1, SE_AMOUNT, "");
		return;
	}
	amount_format_grouped(buf, a.fen);
	c = cell(b, col, col + 1, 1, SE_AMOUNT, dup(b, buf));
	c->num = a.fen;
}

static void score_cell(struct build *b, enum se_col c0, enum se_col c1, centi v)
{
	char buf[32];
	struct se_cell *c;

	centi_format(buf, v);
	c = cell(b, c0, c1, 1, SE_SCORE, dup(b, buf));
	c->num = v;
}

static void rate_cell(struct build *b, enum se_col col, centi v)
{
	long long a = v < 0 ? -v : v;
	struct se_cell *c = cell(b, col, col + 1, 1, SE_RATE,
	                         fmt(b, "%s%lld.%02lld%%", v < 0 ? "-" : "", a / 100, a % 100));

	c->num = v;
}

static const char *noted(struct build *b, const char *reason, unsigned flags);

static void project_rows(struct build *b, const struct decl *d)
{
	row(b, SE_ROW_KEEP, NULL);
	cell(b, SEC_BLOCK, SEC_L2, 1, SE_LABEL, "项目名称");
	cell(b, SEC_L2, SEC__MAX, 1, SE_TEXT, d->name)->what = "项目名称";
	row(b, SE_ROW_KEEP, NULL);
	cell(b, SEC_BLOCK, SEC_L2, 1, SE_LABEL, "主管部门");
	cell(b, SEC_L2, SEC_ACTUAL, 1, SE_TEXT, d->department)->what = "主管部门";
	cell(b, SEC_ACTUAL, SEC_POINTS, 1, SE_LABEL, "实施单位");
	cell(b, SEC_POINTS, SEC__MAX, 1, SE_TEXT, d->implementer)->what = "实施单位";
}

/* The funds block: the total with its figures, then the sources, whose
 * 年初预算数 the declaration gives and the rest the input does not. */
static const struct {
	const char *label;
	enum fund fund;
} fund_rows_of[] = {
	{ "年度资金总额", FUND_ANNUAL },
	{ "其中：当年财政拨款", FUND_ANNUAL_APPROP },
	{ "上年结转资金", FUND_ANNUAL_CARRY },
	{ "其他资金", FUND_ANNUAL_OTHER },
};

static void fund_rows(struct build *b, const struct selfeval *se, const struct score_output *o)
{
	static const char *const heads[] = { "年初预算数", "全年预算数", "全年执行数", "分值", "执行率",
		                                 "得分" };
	const struct decl *d = &se->decl;
	size_t n = sizeof(fund_rows_of) / sizeof(fund_rows_of[0]);
	struct amount annual = se->in.annual.set ? se->in.annual : d->funds[FUND_ANNUAL];
	const char *reason = S(se->in.budget_reason);
	bool reason_row = *reason || o->budget_flags;
	struct se_cell *c;

	row(b, SE_ROW_KEEP, NULL);
	cell(b, SEC_BLOCK, SEC_L1, (unsigned)n + 1 + reason_row, SE_BLOCK, "项目\n资金\n（元）");
	cell(b, SEC_L1, SEC_L3, 1, SE_LABEL, "");
	for (size_t k = 0; k < sizeof(heads) / sizeof(heads[0]); k++)
		cell(b, (enum se_col)(SEC_L3 + k), (enum se_col)(SEC_L3 + k + 1), 1, SE_LABEL, heads[k]);
	for (size_t i = 0; i < n; i++) {
		row(b, i + 1 < n ? SE_ROW_KEEP : 0, NULL);
		cell(b, SEC_L1, SEC_L3, 1, SE_LABEL, fund_rows_of[i].label);
		amount_cell(b, SEC_L3, d->funds[fund_rows_of[i].fund]);
		if (i == 0) {
			amount_cell(b, SEC_TARGET, annual);
			amount_cell(b, SEC_ACTUAL, se->in.executed);
			score_cell(b, SEC_POINTS, SEC_SCORE, o->budget_points);
			rate_cell(b, SEC_SCORE, o->exec_rate);
			score_cell(b, SEC_REASON, SEC__MAX, o->budget_score);
		} else {
			for (int k = SEC_TARGET; k < SEC__MAX; k++)
				cell(b, (enum se_col)k, (enum se_col)(k + 1), 1, SE_CENTER, DASH);
		}
	}
	/* budget.reason, when there is one or execution fell below the
	 * profile's ratio (FORMAT.md part 2) */
	if (!reason_row)
		return;
	b->t->rows[b->t->n_rows - 1].flags |= SE_ROW_KEEP;
	row(b, 0, NULL);
	cell(b, SEC_L1, SEC_L3, 1, SE_LABEL, "执行偏差原因");
	c = cell(b, SEC_L3, SEC__MAX, 1, SE_TEXT, reason);
	c->cls = "reason";
	c->what = "预算执行偏差原因";
	c->flags = o->budget_flags;
	c->noted = noted(b, reason, o->budget_flags);
}

static void goal_rows(struct build *b, const struct selfeval *se)
{
	struct se_cell *c;

	row(b, SE_ROW_KEEP, NULL);
	cell(b, SEC_BLOCK, SEC_L1, 2, SE_BLOCK, "年度\n总体\n目标");
	cell(b, SEC_L1, SEC_ACTUAL, 1, SE_LABEL, "预期目标");
	cell(b, SEC_ACTUAL, SEC__MAX, 1, SE_LABEL, "实际完成情况");
	row(b, SE_ROW_SPLIT, NULL);
	c = cell(b, SEC_L1, SEC_ACTUAL, 1, SE_GOAL, se->decl.annual_goal);
	c->cls = "goal";
	c->what = "年度总体目标";
	c = cell(b, SEC_ACTUAL, SEC__MAX, 1, SE_GOAL, se->achieved);
	c->cls = "goal";
	c->what = "实际完成情况";
}

/* 实际完成值 as the table shows it. */
static const char *actual_text(struct build *b, const struct indicator *in,
                               const struct score_result_in *r)
{
	const char *band;

	if (!r->applicable)
		return "不适用";
	switch (in->target.kind) {
	case TARGET_NUMERIC:
		return r->actual ? fmt(b, "%s%s", r->actual, S(in->target.unit)) : "";
	case TARGET_DEADLINE:
		return r->actual ? r->actual : "未完成";
	case TARGET_QUALITATIVE:
		band = score_band_name(r->band);
		if (r->actual && *r->actual)
			return fmt(b, "%s（%s %s%%）", r->actual, band, S(r->score_pct));
		return fmt(b, "%s（%s%%）", band, S(r->score_pct));
	case TARGET_EMPTY:
		break;
	}
	return S(r->actual);
}

/* The reason and the notes of its flags, as one text. */
static const char *noted(struct build *b, const char *reason, unsigned flags)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s;

	sb_adds(&sb, reason);
	for (size_t k = 0; k < sizeof(score_flags) / sizeof(score_flags[0]); k++) {
		const char *note = score_flag_note(flags, score_flags[k].bit);
		if (note)
			sb_addf(&sb, "%s【%s】", sb.len ? "\n" : "", note);
	}
	s = sb.err ? NULL : arena_strdup(&b->t->arena, sb.buf);
	sb_release(&sb);
	return kept(b, s);
}

/*
 * The order of the indicator rows: by 一级 in the order they first appear,
 * within it by 二级 likewise, then in form order.  Indicators keep their
 * index (results and scores go by it).
 */
static void order_rows(const struct decl *d, size_t *order)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n_ind; i++) {
		bool first1 = true;
		for (size_t j = 0; j < i && first1; j++)
			first1 = strcmp(S(d->ind[j].level1), S(d->ind[i].level1)) != 0;
		if (!first1)
			continue;
		for (size_t k = i; k < d->n_ind; k++) {
			bool first2 = strcmp(S(d->ind[k].level1), S(d->ind[i].level1)) == 0;
			for (size_t j = i; j < k && first2; j++)
				first2 = strcmp(S(d->ind[j].level1), S(d->ind[k].level1)) != 0 ||
				         strcmp(S(d->ind[j].level2), S(d->ind[k].level2)) != 0;
			if (!first2)
				continue;
			for (size_t j = k; j < d->n_ind; j++)
				if (strcmp(S(d->ind[j].level1), S(d->ind[k].level1)) == 0 &&
				    strcmp(S(d->ind[j].level2), S(d->ind[k].level2)) == 0)
					order[n++] = j;
		}
	}
	assert(n == d->n_ind);
}

/* How many rows from position p of `order` share its 一级 (and 二级 when
 * by_level2). */
static unsigned run_of(const struct decl *d, const size_t *order, size_t p, bool by_level2)
{
	const struct indicator *a = &d->ind[order[p]];
	size_t q = p + 1;

	while (q < d->n_ind && strcmp(S(d->ind[order[q]].level1), S(a->level1)) == 0 &&
	       (!by_level2 || strcmp(S(d->ind[order[q]].level2), S(a->level2)) == 0))
		q++;
	return (unsigned)(q - p);
}

static void indicator_rows(struct build *b, const struct selfeval *se, const struct score_output *o,
                           size_t *order)
{
	static const char *const heads[] = { "一级指标", "二级指标", "三级指标", "年度指标值",
		                                 "实际完成值", "分值", "得分", "偏差原因分析\n及改进措施" };
	const struct decl *d = &se->decl;
	unsigned n = d->n_ind ? (unsigned)d->n_ind : 1;

	row(b, SE_ROW_HEAD | SE_ROW_KEEP, NULL);
	cell(b, SEC_BLOCK, SEC_L1, n + 1, SE_BLOCK, "绩效\n指标");
	for (size_t k = 0; k < sizeof(heads) / sizeof(heads[0]); k++)
		cell(b, (enum se_col)(SEC_L1 + k), (enum se_col)(SEC_L1 + k + 1), 1, SE_LABEL, heads[k]);
	if (!d->n_ind) {
		row(b, SE_ROW_BODY, NULL);
		for (int k = SEC_L1; k < SEC__MAX; k++)
			cell(b, (enum se_col)k, (enum se_col)(k + 1), 1, SE_TEXT, "");
		return;
	}
	order_rows(d, order);
	for (size_t p = 0; p < d->n_ind; p++) {
		size_t i = order[p];
		const struct indicator *in = &d->ind[i];
		const struct score_result_in *r = &se->in.results[i];
		const struct score_indicator *s = &o->ind[i];
		struct se_cell *c;

		row(b, SE_ROW_BODY, r->applicable ? NULL : "na");
		if (p == 0 || strcmp(S(d->ind[order[p - 1]].level1), S(in->level1)) != 0) {
			c = cell(b, SEC_L1, SEC_L2, run_of(d, order, p, false), SE_CENTER, in->level1);
			c->cls = "l1";
			c->what = fmt(b, "第 %zu 个指标的一级指标", i + 1);
		}
		if (p == 0 || strcmp(S(d->ind[order[p - 1]].level1), S(in->level1)) != 0 ||
		    strcmp(S(d->ind[order[p - 1]].level2), S(in->level2)) != 0) {
			c = cell(b, SEC_L2, SEC_L3, run_of(d, order, p, true), SE_CENTER, in->level2);
			c->cls = "l2";
			c->what = fmt(b, "第 %zu 个指标的二级指标", i + 1);
		}
		c = cell(b, SEC_L3, SEC_TARGET, 1, SE_TEXT, in->name);
		c->cls = "l3";
		c->what = fmt(b, "第 %zu 个指标的三级指标", i + 1);
		c = cell(b, SEC_TARGET, SEC_ACTUAL, 1, SE_CENTER, in->value);
		c->cls = "target";
		c->what = fmt(b, "第 %zu 个指标的年度指标值", i + 1);
		c = cell(b, SEC_ACTUAL, SEC_POINTS, 1, SE_CENTER, actual_text(b, in, r));
		c->cls = "actual";
		c->what = fmt(b, "第 %zu 个指标的实际完成值", i + 1);
		if (s->flags & FLAG_NOT_APPLICABLE) {
			cell(b, SEC_POINTS, SEC_SCORE, 1, SE_CENTER, DASH);
			cell(b, SEC_SCORE, SEC_REASON, 1, SE_CENTER, DASH);
		} else {
			score_cell(b, SEC_POINTS, SEC_SCORE, s->points);
			score_cell(b, SEC_SCORE, SEC_REASON, s->score);
		}
		c = cell(b, SEC_REASON, SEC__MAX, 1, SE_TEXT, r->reason);
		c->cls = "reason";
		c->what = fmt(b, "第 %zu 个指标的偏差原因分析及改进措施", i + 1);
		c->flags = s->flags;
		c->noted = noted(b, S(r->reason), s->flags);
	}
}

static void total_rows(struct build *b, const struct score_output *o)
{
	row(b, SE_ROW_KEEP, NULL);
	cell(b, SEC_BLOCK, SEC_POINTS, 1, SE_LABEL, "总分");
	score_cell(b, SEC_POINTS, SEC_SCORE, 10000);
	score_cell(b, SEC_SCORE, SEC_REASON, o->total);
	cell(b, SEC_REASON, SEC__MAX, 1, SE_TEXT, "");
	row(b, 0, NULL);
	cell(b, SEC_BLOCK, SEC_POINTS, 1, SE_LABEL, "自评等级");
	cell(b, SEC_POINTS, SEC__MAX, 1, SE_CENTER, o->grade)->cls = "grade";
}

int se_layout_build(struct se_layout *t, const struct selfeval *se, const struct score_output *o)
{
	const struct decl *d = &se->decl;
	struct build b = { t, 0, 0, 0 };
	size_t *order;

	memset(t, 0, sizeof(*t));
	arena_init(&t->arena, 16 * 1024);
	/* rows: 2 project, 5 funds and the budget reason, 2 goals, the
	 * header, the indicators (one blank at least), 2 totals; at most 9
	 * cells a row */
	b.cap_rows = 2 + 5 + 1 + 2 + 1 + (d->n_ind ? d->n_ind : 1) + 2;
	b.cap_cells = b.cap_rows * SEC__MAX;
	t->rows = arena_alloc(&t->arena, b.cap_rows * sizeof(*t->rows));
	t->cells = arena_alloc(&t->arena, b.cap_cells * sizeof(*t->cells));
	order = arena_alloc(&t->arena, (d->n_ind + 1) * sizeof(*order));
	if (!t->rows || !t->cells || !order)
		return JX_ENOMEM;
	t->title = "项目支出绩效自评表";
	t->year = d->year ? fmt(&b, "(%d年度)", d->year) : "(年度)";
	t->name = S(d->name);
	project_rows(&b, d);
	fund_rows(&b, se, o);
	goal_rows(&b, se);
	indicator_rows(&b, se, o, order);
	total_rows(&b, o);
	return b.err ? b.err : t->arena.err ? JX_ENOMEM : 0;
}

void se_layout_release(struct se_layout *t)
{
	arena_release(&t->arena);
	memset(t, 0, sizeof(*t));
}
