/*
 * decl.c: field tables, dates and the small helpers of the declaration model.
 */
#include <stdint.h>
#include <string.h>

#include "../util/err.h"
#include "decl.h"

static const char *const labels[F__MAX] = {
#define FIELD(id, label, key) [F_##id] = label,
#include "fields.def"
#undef FIELD
};

static const char *const keys[F__MAX] = {
#define FIELD(id, label, key) [F_##id] = key,
#include "fields.def"
#undef FIELD
};

const char *field_label(enum decl_field f)
{
	return f < F__MAX ? labels[f] : "";
}

const char *field_key(enum decl_field f)
{
	return f < F__MAX ? keys[f] : "";
}

enum decl_field fund_field(enum fund f)
{
	static const enum decl_field map[FUND__MAX] = {
		F_TOTAL, F_TOTAL_FISCAL, F_TOTAL_OTHER,
		F_ANNUAL, F_ANNUAL_APPROP, F_ANNUAL_CARRY, F_ANNUAL_OTHER,
	};
	return map[f];
}

int date_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

bool date_valid(int y, int m, int d)
{
	return y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= date_days_in_month(y, m);
}

int64_t date_serial(struct date d)
{
	/* days from civil, H. Hinnant's algorithm */
	int64_t y = d.y - (d.m <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (d.m + (d.m > 2 ? -3 : 9)) + 2) / 5 + d.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

int date_cmp(struct date a, struct date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

const char *target_op_str(enum target_op op)
{
	switch (op) {
	case OP_EQ:
		return "=";
	case OP_GE:
		return ">=";
	case OP_LE:
		return "<=";
	case OP_GT:
		return ">";
	case OP_LT:
		return "<";
	}
	return "=";
}

const char *target_kind_str(enum target_kind k)
{
	switch (k) {
	case TARGET_EMPTY:
		return "empty";
	case TARGET_NUMERIC:
		return "numeric";
	case TARGET_DEADLINE:
		return "deadline";
	case TARGET_QUALITATIVE:
		return "qualitative";
	}
	return "empty";
}

void decl_init(struct decl *d)
{
	memset(d, 0, sizeof(*d));
}

struct indicator *decl_add_indicator(struct decl *d, struct arena *a)
{
	struct indicator *v;

	if (d->n_ind == d->cap_ind) {
		size_t cap = d->cap_ind ? d->cap_ind * 2 : 16;
		v = arena_realloc(a, d->ind, d->n_ind * sizeof(*v), cap * sizeof(*v));
		if (!v)
			return NULL;
		d->ind = v;
		d->cap_ind = cap;
	}
	v = &d->ind[d->n_ind++];
	memset(v, 0, sizeof(*v));
	return v;
}

/* A copy of s in a, or NULL when out of memory; NULL stays NULL. */
static const char *dup(struct arena *a, const char *s, int *err)
{
	char *c;

	if (!s)
		return NULL;
	if (!(c = arena_strdup(a, s)))
		*err = JX_ENOMEM;
	return c;
}

int decl_copy(struct decl *dst, const struct decl *src, struct arena *a)
{
	int err = 0;

	*dst = *src;
	dst->ind = NULL;
	dst->n_ind = dst->cap_ind = 0;
	dst->name = dup(a, src->name, &err);
	dst->category = dup(a, src->category, &err);
	dst->department = dup(a, src->department, &err);
	dst->implementer = dup(a, src->implementer, &err);
	dst->overall = dup(a, src->overall, &err);
	dst->annual_goal = dup(a, src->annual_goal, &err);
	dst->file = dup(a, src->file, &err);
	if (src->n_ind) {
		/* exactly as many as there are: one allocation */
		if (src->n_ind > SIZE_MAX / sizeof(*dst->ind) ||
		    !(dst->ind = arena_alloc(a, src->n_ind * sizeof(*dst->ind))))
			return JX_ENOMEM;
		dst->cap_ind = src->n_ind;
	}
	for (size_t i = 0; i < src->n_ind && !err; i++) {
		const struct indicator *si = &src->ind[i];
		struct indicator *di = &dst->ind[dst->n_ind++];
		*di = *si;
		di->level1 = dup(a, si->level1, &err);
		di->level2 = dup(a, si->level2, &err);
		di->name = dup(a, si->name, &err);
		di->value = dup(a, si->value, &err);
		di->target.number = dup(a, si->target.number, &err);
		di->target.unit = dup(a, si->target.unit, &err);
		di->target.note = dup(a, si->target.note, &err);
		di->target.text = dup(a, si->target.text, &err);
	}
	return err;
}
