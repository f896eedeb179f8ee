/*
 * form_html.c: a declaration as the paper form (seed layout) in HTML.
 *
 * The table has five columns, as the paper form:
 *   A block label | B | C | D | E
 * project rows   项目名称 | value (B–C) | 项目类别 | value
 * 项目资金（元）  label | amount | label | amount, four rows, the left
 *                其他资金 and its amount merged over the last two
 * 项目绩效目标    项目总目标 (B–C) | 年度总目标 (D–E), then the two texts
 * 绩效指标        一级指标 | 二级指标 | 三级指标 | 年度指标值, 一级 and 二级
 *                merged with rowspan over their rows
 * Each finding of the review is placed by its FORMAT.md key: a key of
 * fields.def names a cell, "indicators[i].member" a cell of indicator i's
 * row.  A block key ("funds", "goals", "indicators") gets a full-width row
 * of notes just before its block.  Everything else is listed before the
 * table.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "../parse/scalar.h"
#include "form_html.h"

#define S(s) ((s) ? (s) : "")

/* The places a note can go besides indicator cells: every field of
 * fields.def (F_*), and two blocks that have no field of their own. */
enum { CELL_FUNDS = F__MAX, CELL_GOALS, CELL__MAX };

/* The cells of an indicator row. */
enum member { M_LEVEL1, M_LEVEL2, M_NAME, M_VALUE };

/* Keys that name a cell and are not the key of its field in fields.def. */
static const struct {
	const char *key;
	int cell;
} key_alias[] = {
	{ "goals.overall_to", F_OVERALL_YEARS },
	{ "funds", CELL_FUNDS },
	{ "goals", CELL_GOALS },
};

/* "indicators[i].member": the member's cell; a key with no member goes to
 * the name, those under target to the value. */
static const struct {
	const char *member;
	enum member cell;
} members[] = {
	{ "", M_NAME },          { "level1", M_LEVEL1 }, { "level2", M_LEVEL2 },
	{ "name", M_NAME },      { "value", M_VALUE },   { "target", M_VALUE },
};

#define INDICATORS_KEY "indicators["

/* Where a finding goes. */
struct spot {
	enum { SPOT_NONE, SPOT_CELL, SPOT_IND } kind;
	int cell;               /* SPOT_CELL */
	size_t ind;             /* SPOT_IND */
	enum member member;     /* SPOT_IND */
};

/* A cell being written, as the notes see it: a form cell (cell >= 0), one
 * indicator's cell, or a merged 一级/二级 cell covering a group. */
struct cellref {
	int cell;               /* -1 for indicator cells */
	enum member member;
	bool group;             /* every indicator of (extra, l1, l2) */
	size_t ind;             /* !group */
	bool extra;
	const char *l1, *l2;    /* l2 NULL: the whole 一级 */
};

struct ctx {
	struct html *h;
	const struct decl *d;
	const struct profile *p;
	const struct review *rv;
};

static const char *const note_class[] = {
	[DIAG_ERROR] = "finding error", [DIAG_WARNING] = "finding warning",
	[DIAG_INFO] = "finding info",
};

static struct spot locate(const struct decl *d, const char *key)
{
	struct spot s = { SPOT_NONE, 0, 0, M_NAME };
	const char *p, *end;
	size_t i, len;

	if (!key)
		return s;
	for (i = 0; i < F__MAX; i++)
		if (strcmp(field_key((enum decl_field)i), key) == 0) {
			s.kind = SPOT_CELL;
			s.cell = (int)i;
			return s;
		}
	for (i = 0; i < sizeof(key_alias) / sizeof(key_alias[0]); i++)
		if (strcmp(key_alias[i].key, key) == 0) {
			s.kind = SPOT_CELL;
			s.cell = key_alias[i].cell;
			return s;
		}
	if (strncmp(key, INDICATORS_KEY, strlen(INDICATORS_KEY)) != 0)
		return s;
	p = key + strlen(INDICATORS_KEY);
	for (i = 0, len = 0; *p >= '0' && *p <= '9' && len < 9; p++, len++)
		i = i * 10 + (size_t)(*p - '0');
	if (!len || *p != ']' || i >= d->n_ind)
		return s;
	p++;
	if (*p == '.')
		p++;
	else if (*p)
		return s;
	end = strchr(p, '.');
	len = end ? (size_t)(end - p) : strlen(p);
	for (size_t m = 0; m < sizeof(members) / sizeof(members[0]); m++)
		if (strlen(members[m].member) == len && strncmp(members[m].member, p, len) == 0 &&
		    (len || !*p)) {
			s.kind = SPOT_IND;
			s.ind = i;
			s.member = members[m].cell;
			return s;
		}
	return s;
}

/* True when indicator `in` has its place among the rows of p's tree. */
static bool in_tree(const struct profile *p, const struct indicator *in)
{
	const struct profile_level1 *l1;

	if (!p || !(l1 = profile_level1(p, S(in->level1))))
		return false;
	return profile_in((const char *const *)l1->level2, l1->n_level2, S(in->level2));
}

static bool in_group(const struct ctx *c, size_t i, bool extra, const char *l1, const char *l2)
{
	const struct indicator *in = &c->d->ind[i];

	return in_tree(c->p, in) != extra && strcmp(S(in->level1), l1) == 0 &&
	       (!l2 || strcmp(S(in->level2), l2) == 0);
}

static size_t group_count(const struct ctx *c, bool extra, const char *l1, const char *l2)
{
	size_t i, n = 0;

	for (i = 0; i < c->d->n_ind; i++)
		n += in_group(c, i, extra, l1, l2);
	return n;
}

static bool matches(const struct ctx *c, const struct finding *f, const struct cellref *r)
{
	struct spot s = locate(c->d, f->field);

	if (r->cell >= 0)
		return s.kind == SPOT_CELL && s.cell == r->cell;
	if (s.kind != SPOT_IND || s.member != r->member)
		return false;
	return r->group ? in_group(c, s.ind, r->extra, r->l1, r->l2) : s.ind == r->ind;
}

/* The most severe finding at r, or -1 for none. */
static int worst(const struct ctx *c, const struct cellref *r)
{
	int w = -1;

	if (!c->rv || !r)
		return -1;
	for (size_t i = 0; i < c->rv->n; i++) {
		const struct finding *f = &c->rv->v[i];
		if ((w < 0 || (int)f->sev < w) && matches(c, f, r))
			w = (int)f->sev;
	}
	return w;
}

static void note(struct html *h, const struct finding *f)
{
	bool sev_ok = (unsigned)f->sev <= DIAG_INFO;

	html_open(h, "div", "class", sev_ok ? note_class[f->sev] : "finding", "data-rule",
	          f->rule < RULE__MAX ? rule_info(f->rule)->id : NULL, NULL);
	html_open(h, "span", "class", "sev", NULL);
	html_text(h, diag_sev_name(f->sev));
	html_text(h, "：");
	html_close(h);
	html_text(h, f->msg);
	html_close(h);
}

static void notes(const struct ctx *c, const struct cellref *r)
{
	if (!c->rv || !r)
		return;
	for (size_t i = 0; i < c->rv->n; i++)
		if (matches(c, &c->rv->v[i], r))
			note(c->h, &c->rv->v[i]);
}

/* A span attribute's value: NULL (left out) for 1. */
static const char *span(char buf[12], int n)
{
	if (n <= 1)
		return NULL;
	snprintf(buf, 12, "%d", n);
	return buf;
}

/* Opens a cell; data-flag carries the severity of its worst note. */
static void cell_open(const struct ctx *c, const char *tag, const char *cls, int colspan,
                      int rowspan, const struct cellref *r)
{
	char cs[12], rs[12];
	int w = worst(c, r);

	html_open(c->h, tag, "class", cls, "colspan", span(cs, colspan), "rowspan",
	          span(rs, rowspan), "data-flag", w >= 0 ? severity_id((enum diag_sev)w) : NULL,
	          NULL);
}

/* Writes r's notes and closes the cell. */
static void cell_close(const struct ctx *c, const struct cellref *r)
{
	notes(c, r);
	html_close(c->h);
}

static void label_cls(const struct ctx *c, const char *cls, const char *text, int colspan,
                      int rowspan)
{
	cell_open(c, "th", cls, colspan, rowspan, NULL);
	html_text(c->h, text);
	html_close(c->h);
}

static void label(const struct ctx *c, const char *text, int colspan, int rowspan)
{
	label_cls(c, NULL, text, colspan, rowspan);
}

static struct cellref form_cell(int cell)
{
	return (struct cellref){ .cell = cell };
}

/* Findings whose key names no cell, before the table. */
static void unplaced(const struct ctx *c)
{
	size_t i, n = 0;

	if (!c->rv)
		return;
	for (i = 0; i < c->rv->n; i++)
		n += locate(c->d, c->rv->v[i].field).kind == SPOT_NONE;
	if (!n)
		return;
	html_open(c->h, "div", "class", "findings", NULL);
	html_open(c->h, "p", "class", "findings-head", NULL);
	html_text(c->h, "其他审核意见");
	html_close(c->h);
	for (i = 0; i < c->rv->n; i++)
		if (locate(c->d, c->rv->v[i].field).kind == SPOT_NONE)
			note(c->h, &c->rv->v[i]);
	html_close(c->h);
}

static void caption(const struct ctx *c)
{
	struct cellref r = form_cell(F_YEAR);

	html_open(c->h, "caption", NULL);
	html_open(c->h, "div", "class", "form-title", NULL);
	html_text(c->h, "财政项目支出绩效目标申报表");
	html_close(c->h);
	cell_open(c, "div", "form-year", 1, 1, &r);
	if (c->d->year)
		html_textf(c->h, "(%d年度)", c->d->year);
	else
		html_text(c->h, "(年度)");
	cell_close(c, &r);
	html_close(c->h);
}

static void columns(const struct ctx *c)
{
	static const char *const cls[] = { "c-block", "c-b", "c-c", "c-d", "c-e" };

	html_open(c->h, "colgroup", NULL);
	for (size_t i = 0; i < sizeof(cls) / sizeof(cls[0]); i++)
		html_void(c->h, "col", "class", cls[i], NULL);
	html_close(c->h);
}

/* The project rows: two fields a row, text or date. */
static const struct head_cell {
	enum decl_field field;
	bool date;
	size_t off;             /* of the const char * or struct date in struct decl */
} head_rows[][2] = {
	{ { F_NAME, false, offsetof(struct decl, name) },
	  { F_CATEGORY, false, offsetof(struct decl, category) } },
	{ { F_DEPARTMENT, false, offsetof(struct decl, department) },
	  { F_IMPLEMENTER, false, offsetof(struct decl, implementer) } },
	{ { F_START, true, offsetof(struct decl, start) },
	  { F_END, true, offsetof(struct decl, end) } },
};

static void head_value(const struct ctx *c, const struct head_cell *hc, int colspan)
{
	const char *base = (const char *)c->d + hc->off;
	struct cellref r = form_cell((int)hc->field);
	char buf[11];

	label(c, field_label(hc->field), 1, 1);
	cell_open(c, "td", "val", colspan, 1, &r);
	if (!hc->date) {
		const char *s;
		memcpy(&s, base, sizeof(s));
		html_text(c->h, s);
	} else {
		struct date dt;
		memcpy(&dt, base, sizeof(dt));
		if (dt.y) {
			date_format(buf, dt);
			html_text(c->h, buf);
		}
	}
	cell_close(c, &r);
}

static void project_rows(const struct ctx *c)
{
	for (size_t i = 0; i < sizeof(head_rows) / sizeof(head_rows[0]); i++) {
		html_open(c->h, "tr", NULL);
		head_value(c, &head_rows[i][0], 2);
		head_value(c, &head_rows[i][1], 1);
		html_close(c->h);
	}
}

/*
 * Opens a block's first row with the block's label in column A spanning
 * `rows` rows.  The block's own notes (key `cell`), when there are any, go
 * in a full-width row just before it, outside every rowspan, so that print
 * can drop the row.  Leaves the <tr> of the block's first row open.
 */
static void block_begin(const struct ctx *c, const char *text, int cell, int rows)
{
	struct cellref r = form_cell(cell);

	if (worst(c, &r) >= 0) {
		html_open(c->h, "tr", "class", "notes", NULL);
		cell_open(c, "td", "notes", 5, 1, &r);
		cell_close(c, &r);
		html_close(c->h);
	}
	html_open(c->h, "tr", NULL);
	label_cls(c, "block", text, 1, rows);
}

/* The funds block, row by row, left and right column; FUND__MAX marks the
 * place covered by the merged left 其他资金 above it. */
static const struct fund_cell {
	enum fund fund;
	const char *label;
	int rowspan;
} fund_grid[][2] = {
	{ { FUND_TOTAL, "项目资金总额", 1 }, { FUND_ANNUAL, "年度资金申请总额", 1 } },
	{ { FUND_TOTAL_FISCAL, "其中：财政资金", 1 }, { FUND_ANNUAL_APPROP, "其中：当年财政拨款", 1 } },
	{ { FUND_TOTAL_OTHER, "其他资金", 2 }, { FUND_ANNUAL_CARRY, "上年结转资金", 1 } },
	{ { FUND__MAX, NULL, 0 }, { FUND_ANNUAL_OTHER, "其他资金", 1 } },
};

static void fund_value(const struct ctx *c, const struct fund_cell *fc)
{
	struct amount a = c->d->funds[fc->fund];
	struct cellref r = form_cell((int)fund_field(fc->fund));
	char buf[40];

	label(c, fc->label, 1, fc->rowspan);
	cell_open(c, "td", "val amount", 1, fc->rowspan, &r);
	if (a.set) {
		amount_format_grouped(buf, a.fen);
		html_text(c->h, buf);
	}
	cell_close(c, &r);
}

static void fund_rows(const struct ctx *c)
{
	size_t rows = sizeof(fund_grid) / sizeof(fund_grid[0]);

	block_begin(c, "项目资金（元）", CELL_FUNDS, (int)rows);
	for (size_t i = 0; i < rows; i++) {
		if (i)
			html_open(c->h, "tr", NULL);
		for (size_t k = 0; k < 2; k++)
			if (fund_grid[i][k].fund != FUND__MAX)
				fund_value(c, &fund_grid[i][k]);
		html_close(c->h);
	}
}

static void goal_text(const struct ctx *c, enum decl_field f, const char *text)
{
	struct cellref r = form_cell((int)f);

	cell_open(c, "td", "goal", 2, 1, &r);
	html_paras(c->h, text);
	cell_close(c, &r);
}

static void goal_rows(const struct ctx *c)
{
	const struct decl *d = c->d;
	struct cellref r = form_cell(F_OVERALL_YEARS);

	block_begin(c, "项目绩效目标", CELL_GOALS, 2);
	cell_open(c, "th", NULL, 2, 1, &r);
	html_text(c->h, "项目总目标");
	if (d->overall_from || d->overall_to) {
		html_text(c->h, " (");
		if (d->overall_from)
			html_textf(c->h, "%d年", d->overall_from);
		html_text(c->h, " - ");
		if (d->overall_to)
			html_textf(c->h, "%d年", d->overall_to);
		html_text(c->h, ")");
	}
	cell_close(c, &r);
	label(c, "年度总目标", 2, 1);
	html_close(c->h);
	html_open(c->h, "tr", NULL);
	goal_text(c, F_OVERALL, d->overall);
	goal_text(c, F_ANNUAL_GOAL, d->annual_goal);
	html_close(c->h);
}

/* Rows of one 一级 of the tree: a row per indicator of each 二级, one blank
 * row for a 二级 with none. */
static int level1_rows(const struct ctx *c, const struct profile_level1 *l1)
{
	int rows = 0;

	for (size_t k = 0; k < l1->n_level2; k++) {
		size_t n = group_count(c, false, l1->name, l1->level2[k]);
		rows += n ? (int)n : 1;
	}
	return rows ? rows : 1;
}

/*
 * The rows of one 二级 group (extra or in the tree) under 一级 l1, which
 * spans rows1 rows and whose cell comes first when *first1.  A group with
 * no indicator is one blank row.
 */
static void group_rows(const struct ctx *c, bool extra, const char *l1, int rows1, bool *first1,
                       const char *l2)
{
	struct cellref r1 = { -1, M_LEVEL1, true, 0, extra, l1, NULL };
	struct cellref r2 = { -1, M_LEVEL2, true, 0, extra, l1, l2 };
	size_t n = group_count(c, extra, l1, l2), i = 0, done = 0;

	do {
		while (n && !in_group(c, i, extra, l1, l2))
			i++;
		html_open(c->h, "tr", "class", extra ? "extra" : NULL, NULL);
		if (*first1) {
			cell_open(c, "td", "l1", 1, rows1, &r1);
			html_text(c->h, l1);
			cell_close(c, &r1);
			*first1 = false;
		}
		if (!done) {
			cell_open(c, "td", "l2", 1, n ? (int)n : 1, &r2);
			html_text(c->h, l2);
			cell_close(c, &r2);
		}
		if (n) {
			struct cellref rn = { -1, M_NAME, false, i, extra, NULL, NULL };
			struct cellref rv = { -1, M_VALUE, false, i, extra, NULL, NULL };
			cell_open(c, "td", "l3", 1, 1, &rn);
			html_text(c->h, c->d->ind[i].name);
			cell_close(c, &rn);
			cell_open(c, "td", "target", 1, 1, &rv);
			html_text(c->h, c->d->ind[i].value);
			cell_close(c, &rv);
			i++;
		} else {
			html_open(c->h, "td", "class", "l3", NULL);
			html_close(c->h);
			html_open(c->h, "td", "class", "target", NULL);
			html_close(c->h);
		}
		html_close(c->h);
	} while (++done < n);
}

/* True when no extra indicator before i has the same 一级 (and 二级 when
 * `by_level2`): i opens a group of the extra rows. */
static bool first_extra(const struct ctx *c, size_t i, bool by_level2)
{
	const struct indicator *in = &c->d->ind[i];

	for (size_t j = 0; j < i; j++)
		if (in_group(c, j, true, S(in->level1), by_level2 ? S(in->level2) : NULL))
			return false;
	return true;
}

static void indicator_rows(const struct ctx *c)
{
	static const char *const heads[] = { "一级指标", "二级指标", "三级指标", "年度指标值" };
	const struct profile *p = c->p;
	const struct decl *d = c->d;
	int rows = 1;
	size_t t, k, i;

	for (t = 0; p && t < p->n_tree; t++)
		rows += level1_rows(c, &p->tree[t]);
	for (i = 0; i < d->n_ind; i++)
		rows += !in_tree(p, &d->ind[i]);

	block_begin(c, "绩效指标", F_INDICATORS, rows);
	for (k = 0; k < sizeof(heads) / sizeof(heads[0]); k++)
		label(c, heads[k], 1, 1);
	html_close(c->h);

	for (t = 0; p && t < p->n_tree; t++) {
		const struct profile_level1 *l1 = &p->tree[t];
		bool first1 = true;
		int rows1 = level1_rows(c, l1);

		for (k = 0; k < l1->n_level2; k++)
			group_rows(c, false, l1->name, rows1, &first1, l1->level2[k]);
		if (!l1->n_level2)
			group_rows(c, false, l1->name, rows1, &first1, "");
	}
	/* indicators outside the tree, grouped by 一级 then 二级 in form order */
	for (i = 0; i < d->n_ind; i++) {
		const char *l1 = S(d->ind[i].level1);
		bool first1 = true;
		int rows1;

		if (in_tree(p, &d->ind[i]) || !first_extra(c, i, false))
			continue;
		rows1 = (int)group_count(c, true, l1, NULL);
		for (k = i; k < d->n_ind; k++)
			if (in_group(c, k, true, l1, NULL) && first_extra(c, k, true))
				group_rows(c, true, l1, rows1, &first1, S(d->ind[k].level2));
	}
}

void form_html(struct html *h, const struct decl *d, const struct profile *p,
               const struct review *rv)
{
	struct ctx c = { h, d, p, rv };
	int depth = h->depth;

	unplaced(&c);
	html_open(h, "table", "class", "form", NULL);
	caption(&c);
	columns(&c);
	html_open(h, "tbody", NULL);
	project_rows(&c);
	fund_rows(&c);
	goal_rows(&c);
	indicator_rows(&c);
	html_close_to(h, depth);
}
