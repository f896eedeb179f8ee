/*
 * decl_diff.c: field-level differences between two declarations
 * (decl_diff.h).
 */
#include <stdio.h>
#include <string.h>

#include "../parse/scalar.h"
#include "../util/err.h"
#include "decl_diff.h"

struct diff {
	struct arena *ar;
	struct decl_change *v;
	size_t n, cap;
	int err;
};

static const char *nz(const char *s)
{
	return s ? s : "";
}

static void add(struct diff *df, const char *key, const char *label, const char *before,
                const char *after)
{
	struct decl_change *c;

	if (df->err || strcmp(nz(before), nz(after)) == 0)
		return;
	if (df->n == df->cap) {
		size_t cap = df->cap ? df->cap * 2 : 16;
		struct decl_change *v = arena_realloc(df->ar, df->v, df->cap * sizeof(*v), cap * sizeof(*v));
		if (!v) {
			df->err = JX_ENOMEM;
			return;
		}
		df->v = v;
		df->cap = cap;
	}
	c = &df->v[df->n];
	c->key = arena_strdup(df->ar, key);
	c->label = arena_strdup(df->ar, label);
	c->before = arena_strdup(df->ar, nz(before));
	c->after = arena_strdup(df->ar, nz(after));
	if (!c->key || !c->label || !c->before || !c->after)
		df->err = JX_ENOMEM;
	else
		df->n++;
}

static const char *money(struct amount a, char buf[40])
{
	if (!a.set)
		return "";
	amount_format_grouped(buf, a.fen);
	return buf;
}

static const char *day(struct date d, char buf[11])
{
	if (!d.y)
		return "";
	date_format(buf, d);
	return buf;
}

static const char *num(int y, char buf[16])
{
	if (!y)
		return "";
	snprintf(buf, 16, "%d", y);
	return buf;
}

/* Index of the indicator of d with the same category and name as x, or -1. */
static long find(const struct decl *d, const struct indicator *x)
{
	for (size_t i = 0; i < d->n_ind; i++)
		if (strcmp(d->ind[i].name, x->name) == 0 && strcmp(d->ind[i].level2, x->level2) == 0 &&
		    strcmp(d->ind[i].level1, x->level1) == 0)
			return (long)i;
	return -1;
}

int decl_diff(const struct decl *a, const struct decl *b, struct arena *ar,
              struct decl_change **out, size_t *n)
{
	static const char *const fund_keys[FUND__MAX] = {
		"funds.total", "funds.total_fiscal", "funds.total_other", "funds.annual",
		"funds.annual_appropriation", "funds.annual_carryover", "funds.annual_other",
	};
	struct diff df = { .ar = ar };
	char x[48], y[48], key[64], label[512];

	add(&df, "year", "年度", num(a->year, x), num(b->year, y));
	add(&df, "project.name", "项目名称", a->name, b->name);
	add(&df, "project.category", "项目类别", a->category, b->category);
	add(&df, "project.department", "主管部门", a->department, b->department);
	add(&df, "project.implementer", "实施单位", a->implementer, b->implementer);
	add(&df, "project.start", "计划开始日期", day(a->start, x), day(b->start, y));
	add(&df, "project.end", "计划完成日期", day(a->end, x), day(b->end, y));
	for (int f = 0; f < FUND__MAX; f++)
		add(&df, fund_keys[f], field_label(fund_field((enum fund)f)), money(a->funds[f], x),
		    money(b->funds[f], y));
	add(&df, "goals.overall_from", "项目总目标起始年度", num(a->overall_from, x), num(b->overall_from, y));
	add(&df, "goals.overall_to", "项目总目标终止年度", num(a->overall_to, x), num(b->overall_to, y));
	add(&df, "goals.overall", "项目总目标", a->overall, b->overall);
	add(&df, "goals.annual", "年度总目标", a->annual_goal, b->annual_goal);
	for (size_t i = 0; i < a->n_ind; i++) {
		const struct indicator *ia = &a->ind[i];
		long j = find(b, ia);
		snprintf(label, sizeof(label), "%s / %s / %s", ia->level1, ia->level2, ia->name);
		if (j < 0) {
			snprintf(key, sizeof(key), "indicators[%zu]", i);
			add(&df, key, label, ia->value[0] ? ia->value : "（空）", "");
		} else {
			snprintf(key, sizeof(key), "indicators[%ld].value", j);
			add(&df, key, label, ia->value, b->ind[j].value);
		}
	}
	for (size_t j = 0; j < b->n_ind; j++) {
		const struct indicator *ib = &b->ind[j];
		if (find(a, ib) >= 0)
			continue;
		snprintf(label, sizeof(label), "%s / %s / %s", ib->level1, ib->level2, ib->name);
		snprintf(key, sizeof(key), "indicators[%zu]", j);
		add(&df, key, label, "", ib->value[0] ? ib->value : "（空）");
	}
	*out = df.v;
	*n = df.n;
	return df.err;
}
