/*
 * review.c: the checks of the rule catalogue (rules.def), one function per
 * rule, run in table order over a declaration, and the suggested verdict.
 *
 * Every message says the problem first and quotes the values it is about,
 * so that it reads on its own in a compiler-style listing, a JSON array or
 * next to the field on a web page.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../parse/scalar.h"
#include "../util/err.h"
#include "../util/text.h"
#include "goal_match.h"
#include "review.h"
#include "vague.h"

struct ctx {
	const struct profile *p;
	const struct decl *d;
	struct review *rv;
	struct strbuf *msg;     /* rv->scratch[0] */
	int next_quote;         /* the rv->scratch slot q() uses next */
	char field[64];         /* ind_field() */
	enum rule_id rule;      /* the rule being checked */
};

typedef void check_fn(struct ctx *c);

/* What the checks ask of every indicator, worked out once per review. */
struct review_ind {
	int l1;                 /* index in the profile's tree; -1 when not in it */
	int l2;                 /* index under that 一级; -1 when not under it */
	bool sat, cost;         /* its category plays the satisfaction or cost role */
	bool output, quality;   /* … the output or the quality role */
	uint32_t name_hash;
};

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Fills rv->ind for d under p; false when out of memory. */
static bool place_indicators(const struct profile *p, const struct decl *d, struct review *rv)
{
	if (d->n_ind > rv->ind_cap) {
		size_t cap = d->n_ind < 64 ? 64 : d->n_ind;
		struct review_ind *v = realloc(rv->ind, cap * sizeof(*v));
		if (!v)
			return false;
		rv->ind = v;
		rv->ind_cap = cap;
	}
	for (size_t i = 0; i < d->n_ind; i++) {
		const struct indicator *in = &d->ind[i];
		struct review_ind *ri = &rv->ind[i];
		const struct profile_level1 *l1 = profile_level1(p, in->level1);

		ri->l1 = l1 ? (int)(l1 - p->tree) : -1;
		ri->l2 = -1;
		for (size_t k = 0; l1 && k < l1->n_level2; k++)
			if (strcmp(l1->level2[k], in->level2) == 0)
				ri->l2 = (int)k;
		ri->sat = profile_in(p->satisfaction, p->n_satisfaction, in->level1) ||
		          profile_in(p->satisfaction, p->n_satisfaction, in->level2);
		ri->cost = profile_in(p->cost, p->n_cost, in->level1) ||
		           profile_in(p->cost, p->n_cost, in->level2);
		ri->output = profile_in(p->output, p->n_output, in->level1) ||
		             profile_in(p->output, p->n_output, in->level2);
		ri->quality = profile_in(p->quality, p->n_quality, in->level1) ||
		              profile_in(p->quality, p->n_quality, in->level2);
		ri->name_hash = hash_str(in->name);
	}
	return true;
}

/* --- recording findings ------------------------------------------------- */

static char *keep(struct ctx *c, const char *s, size_t n)
{
	char *k = arena_strndup(&c->rv->arena, s, n);

	if (!k)
		c->rv->err = JX_ENOMEM;
	return k;
}

/* Adds a finding of the current rule at `field` (a FORMAT.md key) and `line`. */
static void add(struct ctx *c, const char *field, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Appends a finding of the current rule with the message in c->msg. */
static void push_finding(struct ctx *c, const char *field, int line)
{
	struct review *rv = c->rv;
	struct finding *f;

	if (rv->n == rv->cap) {
		size_t cap = rv->cap ? rv->cap * 2 : 16;
		struct finding *v = realloc(rv->v, cap * sizeof(*v));
		if (!v) {
			rv->err = JX_ENOMEM;
			return;
		}
		rv->v = v;
		rv->cap = cap;
	}
	f = &rv->v[rv->n];
	f->rule = c->rule;
	f->sev = (enum diag_sev)c->p->severity[c->rule];
	f->line = line;
	f->field = keep(c, field, strlen(field));
	f->msg = c->msg->err ? NULL : keep(c, c->msg->buf, c->msg->len);
	if (!f->field || !f->msg) {
		rv->err = JX_ENOMEM;
		return;
	}
	rv->count[f->sev]++;
	rv->n++;
}

static void add(struct ctx *c, const char *field, int line, const char *fmt, ...)
{
	va_list ap;

	sb_reset(c->msg);
	va_start(ap, fmt);
	sb_vaddf(c->msg, fmt, ap);
	va_end(ap);
	push_finding(c, field, line);
}

/* Adds a finding whose message is the concatenation of parts (NULL-ended):
 * the common findings skip printf. */
static void add_parts(struct ctx *c, const char *field, int line, ...)
{
	const char *part;
	va_list ap;

	sb_reset(c->msg);
	va_start(ap, line);
	while ((part = va_arg(ap, const char *)))
		sb_adds(c->msg, part);
	va_end(ap);
	push_finding(c, field, line);
}

/* A quoted excerpt of s for a message; the last REVIEW_QUOTES stay valid. */
static const char *q(struct ctx *c, const char *s)
{
	struct strbuf *sb = &c->rv->scratch[1 + c->next_quote++ % REVIEW_QUOTES];

	sb_reset(sb);
	diag_quote(sb, s ? s : "", s ? strlen(s) : 0);
	return sb->err ? "\"…\"" : sb->buf;
}

/* "indicators[3].value", valid until the next call. */
static const char *ind_field(struct ctx *c, size_t i, const char *member)
{
	char num[24], *p = c->field;
	size_t n = 0, m = strlen(member);

	do
		num[n++] = (char)('0' + i % 10);
	while ((i /= 10) && n < sizeof(num));
	memcpy(p, "indicators[", 11);
	p += 11;
	while (n)
		*p++ = num[--n];
	*p++ = ']';
	*p++ = '.';
	if (m > sizeof(c->field) - (size_t)(p - c->field) - 1)
		m = sizeof(c->field) - (size_t)(p - c->field) - 1;
	memcpy(p, member, m);
	p[m] = '\0';
	return c->field;
}

static int line_of(const struct decl *d, enum decl_field f)
{
	return d->field_line[f] ? d->field_line[f] : d->line;
}

static int ind_line(const struct decl *d, const struct indicator *in)
{
	return in->line ? in->line : d->line;
}

/* "5,350,000.00" with quotes, or 空白 for a blank cell. */
static const char *money(struct amount a, char buf[48])
{
	char g[40];

	if (!a.set)
		return "空白";
	amount_format_grouped(g, a.fen);
	buf[0] = '"';
	memcpy(buf + 1, g, strlen(g));
	buf[1 + strlen(g)] = '"';
	buf[2 + strlen(g)] = '\0';
	return buf;
}

static int64_t fen0(struct amount a)
{
	return a.set ? a.fen : 0;
}

static const char *date_str(struct date d, char buf[16])
{
	if (!d.y)
		return "（未填）";
	date_format(buf, d);
	return buf;
}

/* --- the checks, in rules.def order ------------------------------------- */

static void check_PROJECT_MISSING(struct ctx *c)
{
	const struct decl *d = c->d;
	const struct {
		enum decl_field f;
		const char *v;
	} fields[] = { { F_NAME, d->name }, { F_CATEGORY, d->category },
		           { F_DEPARTMENT, d->department }, { F_IMPLEMENTER, d->implementer } };

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!fields[i].v || !*fields[i].v)
			add(c, field_key(fields[i].f), line_of(d, fields[i].f), "%s未填写",
			    field_label(fields[i].f));
}

static void check_FUNDS_MISSING(struct ctx *c)
{
	const struct decl *d = c->d;

	if (!d->funds[FUND_TOTAL].set)
		add(c, "funds.total", line_of(d, F_TOTAL), "项目资金总额未填写");
	if (!d->funds[FUND_ANNUAL].set)
		add(c, "funds.annual", line_of(d, F_ANNUAL), "年度资金申请总额未填写");
}

static void check_FUNDS_NEGATIVE(struct ctx *c)
{
	char a[48];

	for (int i = 0; i < FUND__MAX; i++) {
		enum decl_field f = fund_field((enum fund)i);
		if (c->d->funds[i].set && c->d->funds[i].fen < 0)
			add(c, field_key(f), line_of(c->d, f), "%s %s 是负数", field_label(f),
			    money(c->d->funds[i], a));
	}
}

static void check_FUNDS_TOTAL_SUM(struct ctx *c)
{
	const struct amount *f = c->d->funds;
	char a[48], b[48], x[48], y[48];
	int64_t sum;

	if (!f[FUND_TOTAL].set)
		return;
	sum = fen0(f[FUND_TOTAL_FISCAL]) + fen0(f[FUND_TOTAL_OTHER]);
	if (sum == f[FUND_TOTAL].fen)
		return;
	add(c, "funds.total", line_of(c->d, F_TOTAL),
	    "项目资金总额 %s ≠ 财政资金 + 其他资金 %s（财政资金 %s，其他资金 %s）",
	    money(f[FUND_TOTAL], a), money((struct amount){ sum, true }, b),
	    money(f[FUND_TOTAL_FISCAL], x), money(f[FUND_TOTAL_OTHER], y));
}

static void check_FUNDS_ANNUAL_SUM(struct ctx *c)
{
	const struct amount *f = c->d->funds;
	char a[48], b[48], x[48], y[48], z[48];
	int64_t sum;

	if (!f[FUND_ANNUAL].set)
		return;
	sum = fen0(f[FUND_ANNUAL_APPROP]) + fen0(f[FUND_ANNUAL_CARRY]) + fen0(f[FUND_ANNUAL_OTHER]);
	if (sum == f[FUND_ANNUAL].fen)
		return;
	add(c, "funds.annual", line_of(c->d, F_ANNUAL),
	    "年度资金申请总额 %s ≠ 当年财政拨款 + 上年结转资金 + 其他资金 %s"
	    "（当年财政拨款 %s，上年结转资金 %s，其他资金 %s）",
	    money(f[FUND_ANNUAL], a), money((struct amount){ sum, true }, b),
	    money(f[FUND_ANNUAL_APPROP], x), money(f[FUND_ANNUAL_CARRY], y),
	    money(f[FUND_ANNUAL_OTHER], z));
}

static void check_FUNDS_ANNUAL_EXCEEDS_TOTAL(struct ctx *c)
{
	const struct amount *f = c->d->funds;
	char a[48], b[48];

	if (f[FUND_ANNUAL].set && f[FUND_TOTAL].set && f[FUND_ANNUAL].fen > f[FUND_TOTAL].fen)
		add(c, "funds.annual", line_of(c->d, F_ANNUAL),
		    "年度资金申请总额 %s 大于项目资金总额 %s", money(f[FUND_ANNUAL], a),
		    money(f[FUND_TOTAL], b));
}

static void check_FUNDS_SINGLE_YEAR_MISMATCH(struct ctx *c)
{
	const struct decl *d = c->d;
	const struct amount *f = d->funds;
	char a[48], b[48];

	if (!d->start.y || !d->end.y || d->start.y != d->end.y)
		return;
	if (!f[FUND_TOTAL].set || !f[FUND_ANNUAL].set || f[FUND_TOTAL].fen == f[FUND_ANNUAL].fen)
		return;
	if (f[FUND_ANNUAL].fen > f[FUND_TOTAL].fen)
		return;     /* funds.annual_exceeds_total says it */
	if (fen0(f[FUND_ANNUAL_CARRY]) != 0)
		return;     /* last year's money explains the difference */
	add(c, "funds.total", line_of(d, F_TOTAL),
	    "计划期间在 %d 年之内，年度资金申请总额 %s 少于项目资金总额 %s，且没有上年结转资金说明差额："
	    "核对是否为预算压减", d->start.y, money(f[FUND_ANNUAL], b), money(f[FUND_TOTAL], a));
}

static void check_DATES_MISSING(struct ctx *c)
{
	const struct decl *d = c->d;

	if (!d->start.y)
		add(c, "project.start", line_of(d, F_START), "计划开始日期未填写");
	if (!d->end.y)
		add(c, "project.end", line_of(d, F_END), "计划完成日期未填写");
}

static void check_DATES_ORDER(struct ctx *c)
{
	const struct decl *d = c->d;
	char a[16], b[16];

	if (d->start.y && d->end.y && date_cmp(d->end, d->start) < 0)
		add(c, "project.end", line_of(d, F_END), "计划完成日期 \"%s\" 早于计划开始日期 \"%s\"",
		    date_str(d->end, a), date_str(d->start, b));
}

static void check_DATES_YEAR(struct ctx *c)
{
	const struct decl *d = c->d;
	char a[16], b[16];

	if (!d->year || (!d->start.y && !d->end.y))
		return;
	if ((d->start.y && d->start.y > d->year) || (d->end.y && d->end.y < d->year))
		add(c, d->start.y > d->year ? "project.start" : "project.end",
		    line_of(d, d->start.y > d->year ? F_START : F_END),
		    "计划期间 \"%s 至 %s\" 不包含申报年度 %d 年", date_str(d->start, a),
		    date_str(d->end, b), d->year);
}

static void check_GOALS_MISSING(struct ctx *c)
{
	const struct decl *d = c->d;

	if (!d->overall || text_blank(d->overall, strlen(d->overall)))
		add(c, "goals.overall", line_of(d, F_OVERALL), "项目总目标未填写");
	if (!d->annual_goal || text_blank(d->annual_goal, strlen(d->annual_goal)))
		add(c, "goals.annual", line_of(d, F_ANNUAL_GOAL), "年度总目标未填写");
}

static void check_GOALS_PERIOD_MISMATCH(struct ctx *c)
{
	const struct decl *d = c->d;
	char a[16], b[16];

	if (!d->overall_from || !d->overall_to || !d->start.y || !d->end.y)
		return;
	if (d->overall_from == d->start.y && d->overall_to == d->end.y)
		return;
	add(c, "goals.overall_from", line_of(d, F_OVERALL_YEARS),
	    "项目总目标的年度 \"%d年 - %d年\" 与计划期间 \"%s 至 %s\" 不一致", d->overall_from,
	    d->overall_to, date_str(d->start, a), date_str(d->end, b));
}

/* Equal once blanks (ASCII and the ideographic space) are left out. */
static bool same_text(const char *a, const char *b)
{
	for (;;) {
		while (*a == ' ' || *a == '\t' || *a == '\n' || strncmp(a, "\u3000", 3) == 0)
			a += *a == ' ' || *a == '\t' || *a == '\n' ? 1 : 3;
		while (*b == ' ' || *b == '\t' || *b == '\n' || strncmp(b, "\u3000", 3) == 0)
			b += *b == ' ' || *b == '\t' || *b == '\n' ? 1 : 3;
		if (*a != *b)
			return false;
		if (!*a)
			return true;
		a++;
		b++;
	}
}

static void check_GOALS_ANNUAL_EQUALS_OVERALL(struct ctx *c)
{
	const struct decl *d = c->d;
	char a[16], b[16];

	if (!d->overall || !d->annual_goal || text_blank(d->overall, strlen(d->overall)) ||
	    !same_text(d->overall, d->annual_goal))
		return;
	if (d->start.y && d->end.y && d->start.y < d->end.y)
		add(c, "goals.annual", line_of(d, F_ANNUAL_GOAL),
		    "计划期间 \"%s 至 %s\" 跨年度，但年度总目标照抄了项目总目标：应写本年度要完成的部分",
		    date_str(d->start, a), date_str(d->end, b));
	else if (d->overall_from && d->overall_to && d->overall_from < d->overall_to)
		add(c, "goals.annual", line_of(d, F_ANNUAL_GOAL),
		    "项目总目标 \"%d年 - %d年\" 跨年度，但年度总目标照抄了项目总目标：应写本年度要完成的部分",
		    d->overall_from, d->overall_to);
}

static void check_INDICATOR_TOO_FEW(struct ctx *c)
{
	const struct decl *d = c->d;

	if (d->n_ind < (size_t)c->p->min_indicators)
		add(c, "indicators", line_of(d, F_INDICATORS), "只有 %zu 个三级指标，少于方案要求的 %d 个",
		    d->n_ind, c->p->min_indicators);
}

static void check_INDICATOR_MISSING_VALUE(struct ctx *c)
{
	const struct decl *d = c->d;

	for (size_t i = 0; i < d->n_ind; i++) {
		const struct indicator *in = &d->ind[i];
		if (in->target.kind == TARGET_EMPTY)
			add(c, ind_field(c, i, "value"), ind_line(d, in), "三级指标 %s 没有年度指标值",
			    q(c, in->name));
	}
}

/* "产出指标、效益指标、满意度指标" or the 二级 of one 一级. */
static const char *names_list(const char *const *v, size_t n, struct strbuf *sb)
{
	sb_reset(sb);
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_adds(sb, "、");
		sb_adds(sb, v[i]);
	}
	return sb->buf;
}

static void check_INDICATOR_UNKNOWN_CATEGORY(struct ctx *c)
{
	const struct decl *d = c->d;
	const struct profile *p = c->p;
	struct strbuf sb = STRBUF_INIT;
	const char *l1names[32];
	size_t n1 = 0;

	for (size_t i = 0; i < p->n_tree && n1 < 32; i++)
		l1names[n1++] = p->tree[i].name;
	for (size_t i = 0; i < d->n_ind; i++) {
		const struct indicator *in = &d->ind[i];
		const struct review_ind *ri = &c->rv->ind[i];
		const struct profile_level1 *l1 = ri->l1 >= 0 ? &p->tree[ri->l1] : NULL;

		if (ri->l1 >= 0 && ri->l2 >= 0)
			continue;
		if (!l1)
			add(c, ind_field(c, i, "level1"), ind_line(d, in),
			    "一级指标 %s 不在审核方案 %s 的指标体系中（应为 %s 之一）", q(c, in->level1),
			    p->name, names_list(l1names, n1, &sb));
		else
			add(c, ind_field(c, i, "level2"), ind_line(d, in),
			    "二级指标 %s 不在一级指标 %s 之下（应为 %s 之一）", q(c, in->level2), q(c, in->level1),
			    names_list(l1->level2, l1->n_level2, &sb));
	}
	sb_release(&sb);
}

static void check_INDICATOR_DUPLICATE(struct ctx *c)
{
	const struct decl *d = c->d;

	for (size_t i = 1; i < d->n_ind; i++) {
		const struct indicator *in = &d->ind[i];
		for (size_t j = 0; j < i; j++) {
			if (c->rv->ind[j].name_hash != c->rv->ind[i].name_hash ||
			    strcmp(d->ind[j].name, in->name) != 0)
				continue;
			if (d->ind[j].line)
				add(c, ind_field(c, i, "name"), ind_line(d, in),
				    "三级指标 %s 重复：第 %d 行已有同名指标", q(c, in->name), d->ind[j].line);
			else
				add(c, ind_field(c, i, "name"), ind_line(d, in),
				    "三级指标 %s 重复：第 %zu 个指标已有同名指标", q(c, in->name), j + 1);
			break;
		}
	}
}

/* Indicator i's category roles (place_indicators). */
#define is_satisfaction(c, i) ((c)->rv->ind[(i)].sat)
#define is_cost(c, i) ((c)->rv->ind[(i)].cost)

static void check_INDICATOR_VAGUE_VALUE(struct ctx *c)
{
	const struct decl *d = c->d;
	const struct profile *p = c->p;

	for (size_t i = 0; i < d->n_ind; i++) {
		const struct indicator *in = &d->ind[i];
		const char *word = NULL;

		if (in->target.kind != TARGET_QUALITATIVE || is_satisfaction(c, i))
			continue;   /* satisfaction: indicator.unquantified_satisfaction */
		word = vague_word(p, in->value);
		if (word)
			add_parts(c, ind_field(c, i, "value"), ind_line(d, in), "指标值 ", q(c, in->value),
			          " 无法衡量：只有“", word, "”，没有数量、比例、时限或分级标准（三级指标 ",
			          q(c, in->name), "）", (const char *)NULL);
	}
}

static void check_INDICATOR_UNQUANTIFIED_SATISFACTION(struct ctx *c)
{
	const struct decl *d = c->d;

	for (size_t i = 0; i < d->n_ind; i++) {
		const struct indicator *in = &d->ind[i];
		enum target_kind k = in->target.kind;

		if (is_satisfaction(c, i) && (k == TARGET_QUALITATIVE || k == TARGET_DEADLINE))
			add_parts(c, ind_field(c, i, "value"), ind_line(d, in), "满意度指标 ", q(c, in->name),
			          " 的指标值 ", q(c, in->value), " 没有量化目标", (const char *)NULL);
	}
}

static void check_INDICATOR_LOW_SATISFACTION(struct ctx *c)
{
	const struct decl *d = c->d;
	const char *floor = c->p->satisfaction_floor;

	if (!floor)
		return;
	for (size_t i = 0; i < d->n_ind; i++) {
		const struct indicator *in = &d->ind[i];
		const struct target *t = &in->target;

		if (!is_satisfaction(c, i) || t->kind != TARGET_NUMERIC || strcmp(t->unit, "%") ||
		    t->op == OP_LE || t->op == OP_LT)
			continue;
		if (decimal_cmp(t->number, floor) < 0)
			add(c, ind_field(c, i, "value"), ind_line(d, in),
			    "满意度目标 %s 低于方案的下限 %s%%（三级指标 %s）", q(c, in->value), floor,
			    q(c, in->name));
	}
}

static void check_INDICATOR_DEADLINE_OUTSIDE_PERIOD(struct ctx *c)
{
	const struct decl *d = c->d;
	char a[16], b[16], by[16];

	if (!d->start.y || !d->end.y)
		return;
	for (size_t i = 0; i < d->n_ind; i++) {
		const struct indicator *in = &d->ind[i];

		if (in->target.kind != TARGET_DEADLINE)
			continue;
		if (date_cmp(in->target.by, d->start) >= 0 && date_cmp(in->target.by, d->end) <= 0)
			continue;
		add(c, ind_field(c, i, "value"), ind_line(d, in),
		    "完成时限 %s（即 %s）不在计划期间 \"%s 至 %s\" 之内（三级指标 %s）", q(c, in->value),
		    date_str(in->target.by, by), date_str(d->start, a), date_str(d->end, b), q(c, in->name));
	}
}

static void check_INDICATOR_DEADLINE_OUTSIDE_YEAR(struct ctx *c)
{
	const struct decl *d = c->d;
	char by[16];

	if (!d->year)
		return;
	for (size_t i = 0; i < d->n_ind; i++) {
		const struct indicator *in = &d->ind[i];
		const struct date t = in->target.by;

		if (in->target.kind != TARGET_DEADLINE || t.y == d->year)
			continue;
		/* outside the plan period: indicator.deadline_outside_period */
		if (d->start.y && d->end.y && (date_cmp(t, d->start) < 0 || date_cmp(t, d->end) > 0))
			continue;
		add(c, ind_field(c, i, "value"), ind_line(d, in),
		    "完成时限 %s（即 %s）不在预算年度 %d 年之内（三级指标 %s）", q(c, in->value),
		    date_str(t, by), d->year, q(c, in->name));
	}
}

static void check_INDICATOR_OPERATOR_DIRECTION(struct ctx *c)
{
	const struct decl *d = c->d;

	for (size_t i = 0; i < d->n_ind; i++) {
		const struct indicator *in = &d->ind[i];
		const struct target *t = &in->target;
		bool upward = t->op == OP_GE || t->op == OP_GT;
		const char *rate;

		if (t->kind != TARGET_NUMERIC)
			continue;
		if (is_cost(c, i) && upward)
			add(c, ind_field(c, i, "value"), ind_line(d, in),
			    "成本指标 %s 的指标值 %s 是下限（%s）：成本应设上限（≤）", q(c, in->name),
			    q(c, in->value), target_op_str(t->op));
		else if (is_satisfaction(c, i) && (t->op == OP_LE || t->op == OP_LT))
			add(c, ind_field(c, i, "value"), ind_line(d, in),
			    "满意度指标 %s 的指标值 %s 是上限（%s）：满意度应设下限（≥）", q(c, in->name),
			    q(c, in->value), target_op_str(t->op));
		else if (strcmp(t->unit, "%") == 0 && t->op != OP_LE && t->op != OP_LT &&
		         decimal_cmp(t->number, "100") > 0 &&
		         (rate = vague_contains(c->p->capped_rates, c->p->n_capped_rates, in->name)))
			add(c, ind_field(c, i, "value"), ind_line(d, in),
			    "比率 %s 超过 100%%：%s不会超过 100%%（三级指标 %s）", q(c, in->value), rate,
			    q(c, in->name));
	}
}

static void check_INDICATOR_MISSING_UNIT(struct ctx *c)
{
	const struct decl *d = c->d;

	for (size_t i = 0; i < d->n_ind; i++) {
		const struct indicator *in = &d->ind[i];

		if (in->target.kind == TARGET_NUMERIC && !in->target.unit[0])
			add(c, ind_field(c, i, "value"), ind_line(d, in),
			    "指标值 %s 没有计量单位（三级指标 %s）", q(c, in->value), q(c, in->name));
	}
}

static void check_INDICATOR_INPUT_AS_OUTPUT(struct ctx *c)
{
	const struct decl *d = c->d;
	const struct profile *p = c->p;

	for (size_t i = 0; i < d->n_ind; i++) {
		const struct indicator *in = &d->ind[i];
		enum target_kind k = in->target.kind;
		const char *rate, *verb, *what;

		if (!c->rv->ind[i].output)
			continue;
		if ((rate = vague_contains(p->spending_rates, p->n_spending_rates, in->name)))
			add_parts(c, ind_field(c, i, "name"), ind_line(d, in), "产出指标 ", q(c, in->name),
			          " 是", rate, "：衡量的是资金的支出（投入），不是产出", (const char *)NULL);
		else if ((k == TARGET_DEADLINE || k == TARGET_QUALITATIVE) &&
		         (verb = vague_contains(p->money_verbs, p->n_money_verbs, in->name)) &&
		         (what = vague_contains(p->money_words, p->n_money_words, in->name)))
			add_parts(c, ind_field(c, i, "name"), ind_line(d, in), "产出指标 ", q(c, in->name),
			          " 的指标值 ", q(c, in->value), " 衡量的是拨付资金本身（“", verb, "”“", what,
			          "”）：资金是投入，不是产出", (const char *)NULL);
	}
}

static void check_INDICATOR_QUANTITY_AS_QUALITY(struct ctx *c)
{
	const struct decl *d = c->d;
	const struct profile *p = c->p;

	for (size_t i = 0; i < d->n_ind; i++) {
		const struct indicator *in = &d->ind[i];

		if (!c->rv->ind[i].quality || in->target.kind != TARGET_NUMERIC ||
		    !profile_in(p->count_units, p->n_count_units, in->target.unit))
			continue;
		add_parts(c, ind_field(c, i, "value"), ind_line(d, in), "质量指标 ", q(c, in->name),
		          " 的指标值 ", q(c, in->value), " 是数量（单位“", in->target.unit,
		          "”），不是质量", (const char *)NULL);
	}
}

static void check_CATEGORY_MISSING(struct ctx *c)
{
	const struct decl *d = c->d;
	const struct profile *p = c->p;

	for (size_t r = 0; r < p->n_required; r++) {
		const struct profile_required *req = &p->required[r];
		size_t i;

		for (i = 0; i < d->n_ind; i++)
			if (c->rv->ind[i].l1 == req->l1_index &&
			    (req->l2_index < 0 || c->rv->ind[i].l2 == req->l2_index))
				break;
		if (i < d->n_ind)
			continue;
		if (req->level2)
			add_parts(c, "indicators", line_of(d, F_INDICATORS), "缺少", req->level2, "：",
			          req->level1, "之下没有任何三级指标", (const char *)NULL);
		else
			add_parts(c, "indicators", line_of(d, F_INDICATORS), "缺少", req->level1,
			          "：没有任何三级指标", (const char *)NULL);
	}
}

/* Checks one goal text; true when it settled every indicator it mentions. */
static void match_goal(struct ctx *c, struct goal_scan *gs, const char *goal, const char *label,
                       bool *done)
{
	const struct decl *d = c->d;

	if (!goal || !*goal)
		return;
	if (goal_scan(gs, goal, strlen(goal))) {
		c->rv->err = JX_ENOMEM;
		return;
	}
	for (size_t i = 0; i < d->n_ind; i++) {
		const struct indicator *in = &d->ind[i];
		const char *frag = NULL;
		size_t frag_len = 0;
		struct strbuf sb = STRBUF_INIT;

		if (done[i] || in->target.kind != TARGET_NUMERIC)
			continue;
		switch (goal_match(gs, in->name, in->target.unit, in->target.number, &frag, &frag_len)) {
		case GOAL_UNRELATED:
			continue;
		case GOAL_AGREES:
			done[i] = true;
			continue;
		case GOAL_DIFFERS:
			done[i] = true;
			diag_quote(&sb, frag, frag_len);
			add(c, ind_field(c, i, "value"), ind_line(d, in),
			    "指标值 %s 与%s中的 %s 不一致（三级指标 %s）", q(c, in->value), label,
			    sb.err ? "\"…\"" : sb.buf, q(c, in->name));
			sb_release(&sb);
		}
	}
}

static void check_GOAL_INDICATOR_MISMATCH(struct ctx *c)
{
	const struct decl *d = c->d;
	struct goal_scan gs = { 0 };
	bool stack_done[64], *done = stack_done;
	int from = d->overall_from, to = d->overall_to;

	if (!d->n_ind)
		return;
	if (d->n_ind > 64 && !(done = calloc(d->n_ind, sizeof(*done)))) {
		c->rv->err = JX_ENOMEM;
		return;
	}
	if (done == stack_done)
		memset(stack_done, 0, sizeof(stack_done));
	match_goal(c, &gs, d->annual_goal, "年度总目标", done);
	/* the overall goal speaks of one year only when its period is one year */
	if (!from && !to && d->start.y && d->start.y == d->end.y)
		from = to = d->start.y;
	/* an overall goal that repeats the annual one has nothing new to say */
	if (from && from == to && d->overall && d->annual_goal && strcmp(d->overall, d->annual_goal))
		match_goal(c, &gs, d->overall, "项目总目标", done);
	goal_scan_release(&gs);
	if (done != stack_done)
		free(done);
}

static check_fn *const checks[RULE__MAX] = {
#define RULE(sym, id, sev, dim, field, title, hint, source) [R_##sym] = check_##sym,
#include "rules.def"
#undef RULE
};

/* --- the review ---------------------------------------------------------- */

/* The suggested verdict by 财预〔2015〕88号's meaning (docs/rules.md):
 * 差 when a rule of the profile's poor_rules found something, the form has
 * no indicator, or errors lie in more than fair_max_error_dims dimensions;
 * 中 with errors in fewer; 良 with no error; 优 with no error and at most
 * excellent_max_warnings warnings.  Info findings never count. */
static void suggest(const struct profile *p, const struct decl *d, struct review *rv)
{
	size_t e = rv->count[DIAG_ERROR], w = rv->count[DIAG_WARNING], n_dims = 0;
	bool dims[DIM__MAX] = { false };
	const struct finding *poor = NULL;
	struct strbuf sb = STRBUF_INIT, names = STRBUF_INIT;

	for (size_t i = 0; i < rv->n; i++) {
		const struct finding *f = &rv->v[i];
		enum dimension dim = rule_info(f->rule)->dimension;
		if (p->poor_rule[f->rule] && !poor)
			poor = f;
		if (f->sev == DIAG_ERROR && !dims[dim]) {
			dims[dim] = true;
			n_dims++;
		}
	}
	for (int k = 0; k < DIM__MAX; k++)
		if (dims[k])
			sb_addf(&names, "%s%s", names.len ? "、" : "", dimension_name((enum dimension)k));
	if (poor) {
		rv->verdict = VERDICT_POOR;
		sb_addf(&sb, "%s [%s]：缺少绩效目标，建议不予通过", poor->msg, rule_info(poor->rule)->id);
	} else if (p->poor_without_indicators && !d->n_ind) {
		rv->verdict = VERDICT_POOR;
		sb_adds(&sb, "没有绩效指标表（没有任何三级指标）：建议不予通过");
	} else if (n_dims > (size_t)p->fair_max_error_dims) {
		rv->verdict = VERDICT_POOR;
		sb_addf(&sb, "%zu 条错误，涉及%s %zu 个审核维度：建议不予通过", e, names.buf, n_dims);
	} else if (e) {
		rv->verdict = VERDICT_FAIR;
		sb_addf(&sb, "%zu 条错误，涉及%s %zu 个审核维度：建议退回修改后重新申报", e, names.buf,
		        n_dims);
	} else if (w > (size_t)p->excellent_max_warnings) {
		rv->verdict = VERDICT_GOOD;
		sb_addf(&sb, "无错误，%zu 条警告：审核人可与单位沟通修改后通过", w);
	} else if (w) {
		rv->verdict = VERDICT_EXCELLENT;
		sb_addf(&sb, "无错误，%zu 条警告（不超过 %d 条）：建议进入预算安排", w,
		        p->excellent_max_warnings);
	} else {
		rv->verdict = VERDICT_EXCELLENT;
		sb_adds(&sb, "无错误和警告：建议进入预算安排");
	}
	if (sb.err || names.err || !(rv->reason = arena_strdup(&rv->arena, sb.buf)))
		rv->err = JX_ENOMEM;
	sb_release(&names);
	sb_release(&sb);
}

/* Stable by line: a listing reads top to bottom, rules in table order. */
static void sort_by_line(struct review *rv)
{
	for (size_t i = 1; i < rv->n; i++) {
		struct finding f = rv->v[i];
		size_t j = i;
		while (j > 0 && rv->v[j - 1].line > f.line) {
			rv->v[j] = rv->v[j - 1];
			j--;
		}
		rv->v[j] = f;
	}
}

void review_init(struct review *rv)
{
	memset(rv, 0, sizeof(*rv));
	arena_init(&rv->arena, 8192);
	for (size_t i = 0; i < sizeof(rv->scratch) / sizeof(rv->scratch[0]); i++)
		sb_init(&rv->scratch[i], 1 << 16);
}

void review_release(struct review *rv)
{
	for (size_t i = 0; i < sizeof(rv->scratch) / sizeof(rv->scratch[0]); i++)
		sb_release(&rv->scratch[i]);
	free(rv->ind);
	free(rv->v);
	arena_release(&rv->arena);
	memset(rv, 0, sizeof(*rv));
}

int review_decl(const struct profile *p, const struct decl *d, struct review *rv)
{
	struct ctx c = { .p = p, .d = d, .rv = rv };

	arena_reset(&rv->arena);
	rv->n = 0;
	rv->err = 0;
	memset(rv->count, 0, sizeof(rv->count));
	rv->reason = NULL;
	c.msg = &rv->scratch[0];
	if (!place_indicators(p, d, rv))
		return rv->err = JX_ENOMEM;
	for (int r = 0; r < RULE__MAX && !rv->err; r++) {
		if (p->severity[r] < 0)
			continue;
		c.rule = (enum rule_id)r;
		checks[r](&c);
	}
	sort_by_line(rv);
	if (!rv->err)
		suggest(p, d, rv);
	if (!rv->err && rv->arena.err)
		rv->err = JX_ENOMEM;
	return rv->err;
}
