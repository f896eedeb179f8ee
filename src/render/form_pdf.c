/*
 * form_pdf.c: a declaration as the paper form (seed layout) in PDF, with
 * cairo-pdf and pango.
 *
 * A declaration becomes a table of rows and cells, as form_html.c builds
 * it in HTML: six x-positions (the five columns A–E and the middle of B–E,
 * where the two goals meet), cells spanning columns, and rowspans for the
 * block labels in column A and the 一级/二级 cells.  Then:
 *   measure  every cell's text is a PangoLayout of its cell's width; a row
 *            is as tall as its tallest cell, and the last row of a rowspan
 *            grows when the merged cell needs more than its rows;
 *   paginate rows go onto A4 pages top to bottom; a row that does not fit
 *            moves to the next page, except the goal text (and anything
 *            taller than a page), which breaks between lines; rows marked
 *            KEEP stay with the next one; a page that continues the
 *            indicator table starts with its header row again;
 *   draw     each page's row fragments, then the merged cells over the
 *            fragments of their rows on that page (their label repeated on
 *            every page they reach), then the table's outer border.
 * Everything of one declaration lives until its last page is drawn, then
 * dies; nothing of it is kept for the next.
 *
 * The self-evaluation table (selfeval_layout.h) goes through the same
 * steps: its grid of nine columns and its rows become cells and rows here,
 * set in the smaller type (FONT_SMALL), the x-positions its own.
 */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../parse/scalar.h"
#include "../util/err.h"
#include "form_pdf.h"
#include "selfeval_layout.h"
#include "selfeval_table.h"

#define S(s) ((s) ? (s) : "")

/* ---- the page, in points (1/72 in) ---- */

#define PAGE_W 595.276      /* A4 */
#define PAGE_H 841.890
#define MARGIN_X 34.0       /* 12 mm */
#define MARGIN_Y 42.5       /* 15 mm */
#define TABLE_W (PAGE_W - 2 * MARGIN_X)
#define PAD_X 4.0           /* inside a cell */
#define PAD_Y 3.5
#define RULE_W 0.75         /* cell borders */
#define FRAME_W 1.5         /* the table's outer border */
#define EPS 0.01

#define FONT_FAMILIES "Noto Sans CJK SC,Noto Serif CJK SC"
#define FONT_LANGUAGE "zh-cn"

/* The body and bold fonts come in two sizes: the declaration's and the
 * self-evaluation table's smaller one (nine columns on A4 portrait). */
enum font { FONT_BODY, FONT_BOLD, FONT_TITLE, FONT_YEAR, FONT_SMALL, FONT_SMALL_BOLD, FONT__MAX };

static const char *const font_spec[FONT__MAX] = {
	[FONT_BODY] = FONT_FAMILIES " 10.5",
	[FONT_BOLD] = FONT_FAMILIES " Bold 10.5",
	[FONT_TITLE] = FONT_FAMILIES " Bold 18",
	[FONT_YEAR] = FONT_FAMILIES " 12",
	[FONT_SMALL] = FONT_FAMILIES " 9",
	[FONT_SMALL_BOLD] = FONT_FAMILIES " Bold 9",
};

/*
 * The x-positions cells run between: the table's left edge, the right edge
 * of each column A–E, and X_MID, halfway across B–E, where the overall and
 * the annual goal meet.  Widths as fractions of the table: A holds the
 * labels of the project rows (计划开始日期) and the block labels; B the
 * 一级指标 and the fund labels (其中：财政资金); C the 二级指标 (服务对象满意度
 * 指标) and the amounts; D the 三级指标; E the values.
 */
enum edge { X_0, X_A, X_B, X_C, X_D, X_E, X_MID, X__MAX };

static const double col_frac[] = { 0.14, 0.16, 0.20, 0.27, 0.23 };

/* Edges a table may have: the declaration's above, the self-evaluation's
 * ten (selfeval_layout.h's nine columns). */
#define EDGES_MAX 16

/* How a cell sets its text. */
enum style { ST_LABEL, ST_BLOCK, ST_TEXT, ST_AMOUNT, ST_CENTER, ST_GOAL, ST__MAX };

static const struct style_info {
	PangoAlignment align;
	bool top;               /* top-aligned, else centred vertically */
	bool justify;
	enum font font;
} styles[ST__MAX] = {
	[ST_LABEL] = { PANGO_ALIGN_CENTER, false, false, FONT_BODY },
	[ST_BLOCK] = { PANGO_ALIGN_CENTER, false, false, FONT_BOLD },
	[ST_TEXT] = { PANGO_ALIGN_LEFT, false, false, FONT_BODY },
	[ST_AMOUNT] = { PANGO_ALIGN_RIGHT, false, false, FONT_BODY },
	[ST_CENTER] = { PANGO_ALIGN_CENTER, false, false, FONT_BODY },
	[ST_GOAL] = { PANGO_ALIGN_LEFT, true, true, FONT_BODY },
};

/* Row flags. */
enum {
	ROW_SPLIT = 1,          /* may break between lines across pages */
	ROW_KEEP = 2,           /* on the same page as the start of the next row */
	ROW_HEAD = 4,           /* the indicator table's header row */
	ROW_BODY = 8,           /* an indicator row: the header repeats above it */
};

/* At most this many cells start in one row (the declaration's funds rows
 * have five, the self-evaluation's indicator header nine). */
#define ROW_CELLS 10

struct cell {
	unsigned char x0, x1;   /* edges: indexes into w->x */
	unsigned char style;    /* enum style */
	unsigned rows;          /* rowspan, >= 1 */
	size_t row;             /* the row it starts in */
	const char *text;       /* not owned; "" for a blank cell */
	PangoLayout *layout;    /* NULL for a blank cell */
	double text_h;          /* the layout's height */
	double shown;           /* merged cells: the text drawn on earlier pages */
};

struct row {
	size_t cell0, n_cells;  /* the cells starting in this row */
	unsigned flags;
	double h;               /* whole height */
};

/* A row, or the part of one, on a page: content from[k]..to[k] (layout
 * coordinates) of the row's k-th cell, at y, h tall. */
struct frag {
	size_t row;
	double y, h;
	bool part;              /* not the whole row: set top-aligned */
	double from[ROW_CELLS], to[ROW_CELLS];
};

struct form_pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoFontMap *fontmap;
	PangoContext *pango;
	PangoFontDescription *font[FONT__MAX];
	double line_body, line_small;   /* one line of each body font */

	/* the table being drawn: its type and its grid */
	bool small;             /* FONT_SMALL for FONT_BODY, FONT_SMALL_BOLD for FONT_BOLD */
	double line_h;          /* one line of its body font */
	double x[EDGES_MAX];
	unsigned x_end;         /* the edge of the table's right border; x[0] is its left */
	FILE *file;             /* form_pdf_begin's, closed at the end */
	form_pdf_write_fn write;
	void *closure;
	int pages;
	int err;                /* sticky */

	/* the declaration being drawn */
	struct arena arena;     /* its formatted strings */
	struct cell *cells;
	size_t n_cells, cap_cells;
	struct row *rows;
	size_t n_rows, cap_rows;
	size_t head_row;        /* the indicator header; n_rows when none */
	struct frag *frags;     /* the current page */
	size_t n_frags, cap_frags;
};

/* ---- errors ---- */

static int status_err(cairo_status_t st)
{
	switch (st) {
	case CAIRO_STATUS_SUCCESS:
		return 0;
	case CAIRO_STATUS_NO_MEMORY:
		return JX_ENOMEM;
	default:
		return JX_EIO;
	}
}

/* Records the first error of cairo or of the writer's own; returns it. */
static int check(struct form_pdf *w)
{
	if (!w->err && w->cr)
		w->err = status_err(cairo_status(w->cr));
	if (!w->err && w->surface)
		w->err = status_err(cairo_surface_status(w->surface));
	return w->err;
}

static void fail(struct form_pdf *w, int err)
{
	if (!w->err)
		w->err = err;
}

/* ---- growable arrays ---- */

static bool grow(void **v, size_t *cap, size_t n, size_t size)
{
	size_t c;
	void *p;

	if (n < *cap)
		return true;
	c = *cap ? *cap * 2 : 32;
	if (!(p = realloc(*v, c * size)))
		return false;
	*v = p;
	*cap = c;
	return true;
}

/* ---- output ---- */

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int n)
{
	struct form_pdf *w = closure;

	return w->write(w->closure, data, n) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

static int file_write(void *closure, const unsigned char *data, size_t n)
{
	return fwrite(data, 1, n, closure) == n ? 0 : -1;
}

/* ---- text ---- */

/*
 * A fresh layout per cell (attributes and settings would carry over from a
 * reused one) for `text` in style st, `width` points wide.  Invalid UTF-8
 * (which the readers never let through) is repaired rather than refused.
 */
static PangoLayout *make_layout(struct form_pdf *w, const char *text, enum style st, double width)
{
	const struct style_info *si = &styles[st];
	PangoLayout *l = pango_layout_new(w->pango);
	enum font font = si->font;
	char *fixed = NULL;

	if (!l)
		return NULL;
	if (w->small)
		font = font == FONT_BOLD ? FONT_SMALL_BOLD : FONT_SMALL;
	pango_layout_set_font_description(l, w->font[font]);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, si->align);
	pango_layout_set_justify(l, si->justify);
	if (!g_utf8_validate(text, -1, NULL))
		text = fixed = g_utf8_make_valid(text, -1);
	pango_layout_set_text(l, text, -1);
	g_free(fixed);
	return l;
}

static double layout_h(PangoLayout *l)
{
	int wd, ht;

	pango_layout_get_size(l, &wd, &ht);
	return (double)ht / PANGO_SCALE;
}

/*
 * Draws the lines of l that lie within from..to (layout coordinates) with
 * the layout's top at (x, y - from).  Line by line, so that a page carries
 * only its own part of a long text.
 */
static void draw_lines(cairo_t *cr, PangoLayout *l, double x, double y, double from, double to)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);

	do {
		PangoRectangle r;
		double top, bottom;

		pango_layout_iter_get_line_extents(it, NULL, &r);
		top = (double)r.y / PANGO_SCALE;
		bottom = (double)(r.y + r.height) / PANGO_SCALE;
		if (top < from - EPS)
			continue;
		if (bottom > to + EPS)
			break;
		cairo_move_to(cr, x + (double)r.x / PANGO_SCALE,
		              y - from + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE);
		pango_cairo_show_layout_line(cr, pango_layout_iter_get_line_readonly(it));
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
}

/* The bottom of the last line of l that starts at `from` or later and ends
 * by `limit`; `from` when none does. */
static double cut_at(PangoLayout *l, double from, double limit)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double cut = from;

	do {
		PangoRectangle r;
		double top, bottom;

		pango_layout_iter_get_line_extents(it, NULL, &r);
		top = (double)r.y / PANGO_SCALE;
		bottom = (double)(r.y + r.height) / PANGO_SCALE;
		if (top < from - EPS)
			continue;
		if (bottom > limit + EPS)
			break;
		cut = bottom;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	return cut;
}

/* The bottom of the first line of l that starts at `from` or later. */
static double first_line_end(PangoLayout *l, double from)
{
	PangoLayoutIter *it = pango_layout_get_iter(l);
	double end = from;

	do {
		PangoRectangle r;

		pango_layout_iter_get_line_extents(it, NULL, &r);
		if ((double)r.y / PANGO_SCALE >= from - EPS) {
			end = (double)(r.y + r.height) / PANGO_SCALE;
			break;
		}
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	return end;
}

/* A string of the declaration's own, in its arena. */
static const char *fmt(struct form_pdf *w, const char *f, ...) __attribute__((format(printf, 2, 3)));
static const char *fmt(struct form_pdf *w, const char *f, ...)
{
	const char *s;
	va_list ap;

	va_start(ap, f);
	s = arena_vprintf(&w->arena, f, ap);
	va_end(ap);
	if (!s) {
		fail(w, JX_ENOMEM);
		return "";
	}
	return s;
}

/* ---- building the table of a declaration ---- */

/* Starts a row. */
static void row(struct form_pdf *w, unsigned flags)
{
	if (!grow((void **)&w->rows, &w->cap_rows, w->n_rows, sizeof(*w->rows))) {
		fail(w, JX_ENOMEM);
		return;
	}
	w->rows[w->n_rows++] = (struct row){ .cell0 = w->n_cells, .flags = flags };
}

/* A cell of the current row from x0 to x1, `rows` rows tall. */
static void cell(struct form_pdf *w, unsigned x0, unsigned x1, unsigned rows, enum style st,
                 const char *text)
{
	struct row *r;

	if (w->err)
		return;
	assert(w->n_rows > 0 && rows >= 1 && x0 < EDGES_MAX && x1 < EDGES_MAX);
	r = &w->rows[w->n_rows - 1];
	assert(r->n_cells < ROW_CELLS);
	if (!grow((void **)&w->cells, &w->cap_cells, w->n_cells, sizeof(*w->cells))) {
		fail(w, JX_ENOMEM);
		return;
	}
	w->cells[w->n_cells++] = (struct cell){ (unsigned char)x0, (unsigned char)x1,
		                                (unsigned char)st, rows, w->n_rows - 1, S(text),
		                                NULL, 0, 0 };
	r->n_cells++;
}

/* The project rows: two fields a row, text or date, as form_html.c. */
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

static void project_rows(struct form_pdf *w, const struct decl *d)
{
	/* label and value: A | B–C on the left, D | E on the right */
	static const enum edge at[2][3] = { { X_0, X_A, X_C }, { X_C, X_D, X_E } };

	for (size_t i = 0; i < sizeof(head_rows) / sizeof(head_rows[0]); i++) {
		row(w, 0);
		for (size_t k = 0; k < 2; k++) {
			const struct head_cell *hc = &head_rows[i][k];
			const char *base = (const char *)d + hc->off, *text;

			if (hc->date) {
				struct date dt;
				char buf[11] = "";
				memcpy(&dt, base, sizeof(dt));
				if (dt.y)
					date_format(buf, dt);
				text = fmt(w, "%s", buf);
			} else {
				memcpy(&text, base, sizeof(text));
			}
			cell(w, at[k][0], at[k][1], 1, ST_LABEL, field_label(hc->field));
			cell(w, at[k][1], at[k][2], 1, ST_TEXT, text);
		}
	}
}

/* The funds block: left and right column, row by row; the left 其他资金
 * and its amount merged over the last two rows, as on paper. */
static const struct fund_cell {
	enum fund fund;         /* FUND__MAX: covered by the cell above */
	const char *label;
	unsigned rows;
} fund_grid[][2] = {
	{ { FUND_TOTAL, "项目资金总额", 1 }, { FUND_ANNUAL, "年度资金申请总额", 1 } },
	{ { FUND_TOTAL_FISCAL, "其中：财政资金", 1 }, { FUND_ANNUAL_APPROP, "其中：当年财政拨款", 1 } },
	{ { FUND_TOTAL_OTHER, "其他资金", 2 }, { FUND_ANNUAL_CARRY, "上年结转资金", 1 } },
	{ { FUND__MAX, NULL, 0 }, { FUND_ANNUAL_OTHER, "其他资金", 1 } },
};

static void fund_rows(struct form_pdf *w, const struct decl *d)
{
	/* label and amount: B | C on the left, D | E on the right */
	static const enum edge at[2][3] = { { X_A, X_B, X_C }, { X_C, X_D, X_E } };
	size_t n = sizeof(fund_grid) / sizeof(fund_grid[0]);

	for (size_t i = 0; i < n; i++) {
		row(w, i + 1 < n ? ROW_KEEP : 0);
		if (!i)
			cell(w, X_0, X_A, (unsigned)n, ST_BLOCK, "项目资金\n（元）");
		for (size_t k = 0; k < 2; k++) {
			const struct fund_cell *fc = &fund_grid[i][k];
			struct amount a;
			char buf[40] = "";

			if (fc->fund == FUND__MAX)
				continue;
			a = d->funds[fc->fund];
			if (a.set)
				amount_format_grouped(buf, a.fen);
			cell(w, at[k][0], at[k][1], fc->rows, ST_LABEL, fc->label);
			cell(w, at[k][1], at[k][2], fc->rows, ST_AMOUNT, fmt(w, "%s", buf));
		}
	}
}

static void goal_rows(struct form_pdf *w, const struct decl *d)
{
	struct strbuf sb = STRBUF_INIT;

	sb_adds(&sb, "项目总目标");
	if (d->overall_from || d->overall_to) {
		sb_adds(&sb, " (");
		if (d->overall_from)
			sb_addf(&sb, "%d年", d->overall_from);
		sb_adds(&sb, " - ");
		if (d->overall_to)
			sb_addf(&sb, "%d年", d->overall_to);
		sb_adds(&sb, ")");
	}
	row(w, ROW_KEEP);
	cell(w, X_0, X_A, 2, ST_BLOCK, "项目\n绩效\n目标");
	cell(w, X_A, X_MID, 1, ST_LABEL, sb.err ? "" : fmt(w, "%s", sb.buf));
	cell(w, X_MID, X_E, 1, ST_LABEL, "年度总目标");
	row(w, ROW_SPLIT);
	cell(w, X_A, X_MID, 1, ST_GOAL, d->overall);
	cell(w, X_MID, X_E, 1, ST_GOAL, d->annual_goal);
	if (sb.err)
		fail(w, sb.err);
	sb_release(&sb);
}

/* ---- the indicator tree (the same walk as form_html.c) ---- */

/* True when indicator `in` has its place among the rows of p's tree. */
static bool in_tree(const struct profile *p, const struct indicator *in)
{
	const struct profile_level1 *l1;

	if (!p || !(l1 = profile_level1(p, S(in->level1))))
		return false;
	return profile_in((const char *const *)l1->level2, l1->n_level2, S(in->level2));
}

static bool in_group(const struct decl *d, const struct profile *p, size_t i, bool extra,
                     const char *l1, const char *l2)
{
	const struct indicator *in = &d->ind[i];

	return in_tree(p, in) != extra && strcmp(S(in->level1), l1) == 0 &&
	       (!l2 || strcmp(S(in->level2), l2) == 0);
}

static size_t group_count(const struct decl *d, const struct profile *p, bool extra,
                          const char *l1, const char *l2)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n_ind; i++)
		n += in_group(d, p, i, extra, l1, l2);
	return n;
}

/* Rows of one 一级 of the tree: a row per indicator of each 二级, one blank
 * row for a 二级 with none. */
static unsigned level1_rows(const struct decl *d, const struct profile *p,
                            const struct profile_level1 *l1)
{
	unsigned rows = 0;

	for (size_t k = 0; k < l1->n_level2; k++) {
		size_t n = group_count(d, p, false, l1->name, l1->level2[k]);
		rows += n ? (unsigned)n : 1;
	}
	return rows ? rows : 1;
}

/* The rows of one 二级 group under 一级 l1 (which spans rows1 rows; its
 * cell comes first when *first1).  A group with no indicator is one blank
 * row. */
static void group_rows(struct form_pdf *w, const struct decl *d, const struct profile *p,
                       bool extra, const char *l1, unsigned rows1, bool *first1, const char *l2)
{
	size_t n = group_count(d, p, extra, l1, l2), i = 0, done = 0;

	do {
		while (n && !in_group(d, p, i, extra, l1, l2))
			i++;
		row(w, ROW_BODY);
		if (*first1) {
			cell(w, X_A, X_B, rows1, ST_CENTER, l1);
			*first1 = false;
		}
		if (!done)
			cell(w, X_B, X_C, n ? (unsigned)n : 1, ST_CENTER, l2);
		cell(w, X_C, X_D, 1, ST_TEXT, n ? d->ind[i].name : "");
		cell(w, X_D, X_E, 1, ST_CENTER, n ? d->ind[i].value : "");
		i += n != 0;
	} while (++done < n);
}

/* True when no extra indicator before i has the same 一级 (and 二级 when
 * by_level2): i opens a group of the extra rows. */
static bool first_extra(const struct decl *d, const struct profile *p, size_t i, bool by_level2)
{
	const struct indicator *in = &d->ind[i];

	for (size_t j = 0; j < i; j++)
		if (in_group(d, p, j, true, S(in->level1), by_level2 ? S(in->level2) : NULL))
			return false;
	return true;
}

static void indicator_rows(struct form_pdf *w, const struct decl *d, const struct profile *p)
{
	static const char *const heads[] = { "一级指标", "二级指标", "三级指标", "年度指标值" };
	unsigned rows = 1;
	size_t t, k, i;

	for (t = 0; p && t < p->n_tree; t++)
		rows += level1_rows(d, p, &p->tree[t]);
	for (i = 0; i < d->n_ind; i++)
		rows += !in_tree(p, &d->ind[i]);

	row(w, ROW_HEAD | ROW_KEEP);
	w->head_row = w->n_rows - 1;
	cell(w, X_0, X_A, rows, ST_BLOCK, "绩效\n指标");
	for (k = 0; k < sizeof(heads) / sizeof(heads[0]); k++)
		cell(w, (enum edge)(X_A + k), (enum edge)(X_A + k + 1), 1, ST_LABEL, heads[k]);

	for (t = 0; p && t < p->n_tree; t++) {
		const struct profile_level1 *l1 = &p->tree[t];
		unsigned rows1 = level1_rows(d, p, l1);
		bool first1 = true;

		for (k = 0; k < l1->n_level2; k++)
			group_rows(w, d, p, false, l1->name, rows1, &first1, l1->level2[k]);
		if (!l1->n_level2)
			group_rows(w, d, p, false, l1->name, rows1, &first1, "");
	}
	/* indicators outside the tree, grouped by 一级 then 二级 in form order */
	for (i = 0; i < d->n_ind; i++) {
		const char *l1 = S(d->ind[i].level1);
		bool first1 = true;
		unsigned rows1;

		if (in_tree(p, &d->ind[i]) || !first_extra(d, p, i, false))
			continue;
		rows1 = (unsigned)group_count(d, p, true, l1, NULL);
		for (k = i; k < d->n_ind; k++)
			if (in_group(d, p, k, true, l1, NULL) && first_extra(d, p, k, true))
				group_rows(w, d, p, true, l1, rows1, &first1, S(d->ind[k].level2));
	}
}

/* ---- measuring ---- */

static double cell_width(const struct form_pdf *w, const struct cell *c)
{
	return w->x[c->x1] - w->x[c->x0] - 2 * PAD_X;
}

/* Lays out every cell, then sizes the rows: each as tall as its tallest
 * one-row cell (one line at least), the last row of a merged cell taller
 * when the merged cell needs it. */
static void measure(struct form_pdf *w)
{
	size_t i, k;

	for (i = 0; i < w->n_cells && !w->err; i++) {
		struct cell *c = &w->cells[i];
		if (!*c->text)
			continue;
		if (!(c->layout = make_layout(w, c->text, (enum style)c->style, cell_width(w, c)))) {
			fail(w, JX_ENOMEM);
			return;
		}
		c->text_h = layout_h(c->layout);
	}
	for (i = 0; i < w->n_rows; i++) {
		struct row *r = &w->rows[i];
		r->h = w->line_h + 2 * PAD_Y;
		for (k = r->cell0; k < r->cell0 + r->n_cells; k++)
			if (w->cells[k].rows == 1 && w->cells[k].text_h + 2 * PAD_Y > r->h)
				r->h = w->cells[k].text_h + 2 * PAD_Y;
	}
	for (i = 0; i < w->n_cells; i++) {
		const struct cell *c = &w->cells[i];
		double have = 0, need = c->text_h + 2 * PAD_Y;
		if (c->rows < 2)
			continue;
		assert(c->row + c->rows <= w->n_rows);
		for (k = c->row; k < c->row + c->rows; k++)
			have += w->rows[k].h;
		if (need > have)
			w->rows[c->row + c->rows - 1].h += need - have;
	}
}

/* ---- pages ---- */

static double page_bottom(void)
{
	return PAGE_H - MARGIN_Y;
}

/* Cell k of a fragment's row, drawn at its part of the text. */
static void draw_cell(struct form_pdf *w, const struct frag *f, size_t k)
{
	const struct cell *c = &w->cells[w->rows[f->row].cell0 + k];
	double x0 = w->x[c->x0], x1 = w->x[c->x1], y;

	cairo_rectangle(w->cr, x0, f->y, x1 - x0, f->h);
	cairo_stroke(w->cr);
	if (!c->layout)
		return;
	if (f->part || styles[c->style].top)
		y = f->y + PAD_Y;
	else
		y = f->y + (f->h - c->text_h) / 2;
	draw_lines(w->cr, c->layout, x0 + PAD_X, y, f->from[k], f->to[k]);
}

/*
 * A merged cell over the fragments of its rows on this page.  Its text is
 * centred there when it fits (a label, repeated on every page the cell
 * reaches); a text taller than that flows on from page to page instead,
 * top-aligned, as a broken row's cells do.
 */
static void draw_span(struct form_pdf *w, struct cell *c)
{
	double top = 0, bottom = 0, x0 = w->x[c->x0], x1 = w->x[c->x1], room, cut;
	bool seen = false;

	for (size_t i = 0; i < w->n_frags; i++) {
		const struct frag *f = &w->frags[i];
		if (f->row < c->row || f->row >= c->row + c->rows)
			continue;
		if (!seen || f->y < top)
			top = f->y;
		if (!seen || f->y + f->h > bottom)
			bottom = f->y + f->h;
		seen = true;
	}
	if (!seen)
		return;
	cairo_rectangle(w->cr, x0, top, x1 - x0, bottom - top);
	cairo_stroke(w->cr);
	if (!c->layout)
		return;
	room = bottom - top - 2 * PAD_Y;
	if (c->shown == 0 && c->text_h <= room + EPS) {
		double y = styles[c->style].top ? top + PAD_Y : top + (bottom - top - c->text_h) / 2;
		draw_lines(w->cr, c->layout, x0 + PAD_X, y, 0, INFINITY);
		return;
	}
	cut = cut_at(c->layout, c->shown, c->shown + room);
	draw_lines(w->cr, c->layout, x0 + PAD_X, top + PAD_Y, c->shown, cut);
	c->shown = cut;
}

/* Draws the fragments gathered for this page and ends the page. */
static void flush_page(struct form_pdf *w)
{
	double top, bottom;
	size_t i, k;

	if (!w->n_frags || w->err)
		return;
	cairo_set_source_rgb(w->cr, 0, 0, 0);
	cairo_set_line_width(w->cr, RULE_W);
	for (i = 0; i < w->n_frags; i++) {
		const struct frag *f = &w->frags[i];
		for (k = 0; k < w->rows[f->row].n_cells; k++)
			if (w->cells[w->rows[f->row].cell0 + k].rows == 1)
				draw_cell(w, f, k);
	}
	/* merged cells reaching this page */
	for (i = 0; i < w->n_cells; i++)
		if (w->cells[i].rows > 1)
			draw_span(w, &w->cells[i]);
	top = w->frags[0].y;
	bottom = w->frags[w->n_frags - 1].y + w->frags[w->n_frags - 1].h;
	cairo_set_line_width(w->cr, FRAME_W);
	cairo_rectangle(w->cr, w->x[0], top, w->x[w->x_end] - w->x[0], bottom - top);
	cairo_stroke(w->cr);
	cairo_show_page(w->cr);
	w->pages++;
	w->n_frags = 0;
	check(w);
}

static struct frag *add_frag(struct form_pdf *w, size_t r, double y, double h)
{
	struct frag *f;

	if (!grow((void **)&w->frags, &w->cap_frags, w->n_frags, sizeof(*w->frags))) {
		fail(w, JX_ENOMEM);
		return NULL;
	}
	f = &w->frags[w->n_frags++];
	*f = (struct frag){ .row = r, .y = y, .h = h };
	for (size_t k = 0; k < ROW_CELLS; k++)
		f->to[k] = INFINITY;
	return f;
}

/* The least of row r that may start a page's last stretch: a row that
 * breaks needs two lines of its tallest cell, any other row all of it. */
static double min_start(const struct form_pdf *w, size_t r)
{
	const struct row *rw = &w->rows[r];
	double two = 2 * w->line_h + 2 * PAD_Y;

	return (rw->flags & ROW_SPLIT) && rw->h > two ? two : rw->h;
}

/* The title block of a table's first page: the title and the year line;
 * returns the y below it. */
static double draw_title(struct form_pdf *w, const char *title, const char *year)
{
	static const struct {
		enum font font;
		double gap;     /* below */
	} lines[] = { { FONT_TITLE, 4 }, { FONT_YEAR, 10 } };
	double y = MARGIN_Y;

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		const char *text = i == 0 ? title : year;
		PangoLayout *l = pango_layout_new(w->pango);
		if (!l) {
			fail(w, JX_ENOMEM);
			return y;
		}
		pango_layout_set_font_description(l, w->font[lines[i].font]);
		pango_layout_set_width(l, (int)(TABLE_W * PANGO_SCALE));
		pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
		pango_layout_set_text(l, text, -1);
		cairo_set_source_rgb(w->cr, 0, 0, 0);
		draw_lines(w->cr, l, MARGIN_X, y, 0, INFINITY);
		y += layout_h(l) + lines[i].gap;
		g_object_unref(l);
	}
	return y;
}

/* The pages of the declaration's table, first page starting at y. */
static void paginate(struct form_pdf *w, double y)
{
	const double bottom = page_bottom();
	double off[ROW_CELLS] = { 0 };
	bool started = false;   /* row r is partly on an earlier page */
	bool empty = true;      /* nothing but a repeated header on this page */
	size_t r = 0;

	while (r < w->n_rows && !w->err) {
		const struct row *rw = &w->rows[r];
		double need = rw->h, chain = 0;
		struct frag *f;
		size_t k;

		if (started) {
			need = w->line_h + 2 * PAD_Y;
			for (k = 0; k < rw->n_cells; k++) {
				const struct cell *c = &w->cells[rw->cell0 + k];
				if (c->rows == 1 && c->text_h - off[k] + 2 * PAD_Y > need)
					need = c->text_h - off[k] + 2 * PAD_Y;
			}
		} else if (!empty) {
			/* rows marked KEEP come with the start of the row after them */
			for (k = r; (w->rows[k].flags & ROW_KEEP) && k + 1 < w->n_rows; k++)
				chain += w->rows[k].h;
			chain += min_start(w, k);
			if (y + chain > bottom + EPS && chain <= bottom - MARGIN_Y)
				goto next_page;
		}
		if (y + need <= bottom + EPS) {
			/* the (rest of the) row fits */
			if (!(f = add_frag(w, r, y, need)))
				return;
			f->part = started;
			for (k = 0; k < rw->n_cells; k++)
				f->from[k] = off[k];
			y += need;
			empty = false;
			started = false;
			memset(off, 0, sizeof(off));
			r++;
			continue;
		}
		if ((rw->flags & ROW_SPLIT) || empty) {
			/* break the row between lines */
			double room = bottom - y - 2 * PAD_Y, cut[ROW_CELLS];
			bool any = false;

			for (k = 0; k < rw->n_cells; k++) {
				const struct cell *c = &w->cells[rw->cell0 + k];
				cut[k] = off[k];
				if (c->rows == 1 && c->layout)
					cut[k] = cut_at(c->layout, off[k], off[k] + room);
				any |= cut[k] > off[k] + EPS;
			}
			if (!any && empty) {
				/* not even a line fits on an empty page: one line anyway */
				for (k = 0; k < rw->n_cells; k++) {
					const struct cell *c = &w->cells[rw->cell0 + k];
					if (c->rows == 1 && c->layout)
						cut[k] = first_line_end(c->layout, off[k]);
				}
				any = true;
			}
			if (any && (empty || room >= 2 * w->line_h - EPS)) {
				if (!(f = add_frag(w, r, y, bottom - y)))
					return;
				f->part = true;
				for (k = 0; k < rw->n_cells; k++) {
					f->from[k] = off[k];
					f->to[k] = cut[k];
					off[k] = cut[k];
				}
				started = true;
			}
		}
next_page:
		flush_page(w);
		y = MARGIN_Y;
		empty = true;
		if ((w->rows[r].flags & ROW_BODY) && w->head_row < w->n_rows) {
			if (!add_frag(w, w->head_row, y, w->rows[w->head_row].h))
				return;
			y += w->rows[w->head_row].h;
		}
	}
	flush_page(w);
}

/* Frees what the declaration's table holds. */
static void clear_table(struct form_pdf *w)
{
	for (size_t i = 0; i < w->n_cells; i++)
		if (w->cells[i].layout)
			g_object_unref(w->cells[i].layout);
	w->n_cells = w->n_rows = w->n_frags = 0;
	arena_reset(&w->arena);
}

/* The declaration's grid (col_frac) in the body type. */
static void decl_grid(struct form_pdf *w)
{
	double x = MARGIN_X;

	w->small = false;
	w->line_h = w->line_body;
	w->x[X_0] = x;
	for (size_t i = 0; i < sizeof(col_frac) / sizeof(col_frac[0]); i++) {
		x += col_frac[i] * TABLE_W;
		w->x[X_A + i] = x;
	}
	w->x[X_E] = MARGIN_X + TABLE_W;
	w->x[X_MID] = (w->x[X_A] + w->x[X_E]) / 2;
	w->x_end = X_E;
}

/*
 * Measures the table built in w, draws it from a new page under its title
 * and year, adds `outline` (the first page's entry in the PDF's outline),
 * then forgets the table.  Returns the writer's error.
 */
static int draw_table(struct form_pdf *w, const char *title, const char *year, const char *outline)
{
	int first = w->pages + 1;
	char link[32];

	if (w->arena.err)
		fail(w, JX_ENOMEM);
	measure(w);
	if (!w->err)
		paginate(w, draw_title(w, title, year));
	if (!w->err && w->pages >= first) {
		snprintf(link, sizeof(link), "page=%d", first);
		cairo_pdf_surface_add_outline(w->surface, CAIRO_PDF_OUTLINE_ROOT, outline, link, 0);
	}
	clear_table(w);
	return check(w);
}

int form_pdf_decl(struct form_pdf *w, const struct decl *d, const struct profile *p)
{
	if (w->err)
		return w->err;
	w->head_row = (size_t)-1;
	decl_grid(w);
	project_rows(w, d);
	fund_rows(w, d);
	goal_rows(w, d);
	indicator_rows(w, d, p);
	return draw_table(w, "财政项目支出绩效目标申报表", d->year ? fmt(w, "(%d年度)", d->year) : "(年度)",
	                  *S(d->name) ? d->name : "（未命名项目）");
}

/* ---- the self-evaluation table (selfeval_layout.h) ---- */

int form_pdf_selfeval(struct form_pdf *w, const struct selfeval *se, const struct score_output *o)
{
	static const enum style style_of[SE__KINDS] = {
		[SE_LABEL] = ST_LABEL,   [SE_BLOCK] = ST_BLOCK, [SE_TEXT] = ST_TEXT,
		[SE_CENTER] = ST_CENTER, [SE_GOAL] = ST_GOAL,   [SE_AMOUNT] = ST_AMOUNT,
		[SE_SCORE] = ST_CENTER,  [SE_RATE] = ST_CENTER,
	};
	static const struct {
		unsigned se, pdf;
	} flag_of[] = {
		{ SE_ROW_KEEP, ROW_KEEP }, { SE_ROW_SPLIT, ROW_SPLIT },
		{ SE_ROW_HEAD, ROW_HEAD }, { SE_ROW_BODY, ROW_BODY },
	};
	struct se_layout t;
	double x = MARGIN_X;
	int rc;

	if (w->err)
		return w->err;
	if ((rc = se_layout_build(&t, se, o))) {
		se_layout_release(&t);
		fail(w, rc);
		return rc;
	}
	w->head_row = (size_t)-1;
	w->small = true;
	w->line_h = w->line_small;
	w->x[0] = x;
	for (size_t i = 0; i < SEC__MAX; i++) {
		x += se_col_width[i] * TABLE_W / 1000;
		w->x[i + 1] = x;
	}
	w->x[SEC__MAX] = MARGIN_X + TABLE_W;
	w->x_end = SEC__MAX;
	for (size_t r = 0; r < t.n_rows; r++) {
		const struct se_row *sr = &t.rows[r];
		unsigned flags = 0;

		for (size_t k = 0; k < sizeof(flag_of) / sizeof(flag_of[0]); k++)
			if (sr->flags & flag_of[k].se)
				flags |= flag_of[k].pdf;
		row(w, flags);
		if (flags & ROW_HEAD)
			w->head_row = w->n_rows - 1;
		for (size_t k = sr->cell0; k < sr->cell0 + sr->n_cells; k++) {
			const struct se_cell *c = &t.cells[k];
			cell(w, c->c0, c->c1, c->rows, style_of[c->kind], c->noted ? c->noted : c->text);
		}
	}
	/* a PDF that starts with a self-evaluation is titled by it */
	if (!w->pages && !w->err)
		cairo_pdf_surface_set_metadata(w->surface, CAIRO_PDF_METADATA_TITLE, t.title);
	rc = draw_table(w, t.title, t.year, fmt(w, "%s 绩效自评表", *t.name ? t.name : "（未命名项目）"));
	se_layout_release(&t);
	return rc;
}

int form_pdf_pages(const struct form_pdf *w)
{
	return w->pages;
}

/* ---- the writer ---- */

/* True when the font pango picks for the body is one of the Noto CJK. */
static bool have_cjk_font(struct form_pdf *w)
{
	PangoFont *font = pango_context_load_font(w->pango, w->font[FONT_BODY]);
	PangoFontDescription *got;
	const char *family;
	bool ok;

	if (!font)
		return false;
	got = pango_font_describe(font);
	family = got ? pango_font_description_get_family(got) : NULL;
	ok = family && (strncmp(family, "Noto Sans CJK", 13) == 0 ||
	                strncmp(family, "Noto Serif CJK", 14) == 0);
	pango_font_description_free(got);
	g_object_unref(font);
	return ok;
}

int form_pdf_begin_stream(form_pdf_write_fn write, void *closure, struct form_pdf **out,
                          struct strbuf *err)
{
	struct form_pdf *w = calloc(1, sizeof(*w));
	cairo_font_options_t *opts = NULL;
	PangoLayout *probe = NULL;
	int rc = JX_ENOMEM;

	*out = NULL;
	if (!w)
		return JX_ENOMEM;
	w->write = write;
	w->closure = closure;
	arena_init(&w->arena, 16 * 1024);
	w->surface = cairo_pdf_surface_create_for_stream(write_cb, w, PAGE_W, PAGE_H);
	if (cairo_surface_status(w->surface))
		goto fail;
	cairo_pdf_surface_set_metadata(w->surface, CAIRO_PDF_METADATA_TITLE, "财政项目支出绩效目标申报表");
	cairo_pdf_surface_set_metadata(w->surface, CAIRO_PDF_METADATA_CREATOR, "jixiao");
	w->cr = cairo_create(w->surface);
	if (cairo_status(w->cr))
		goto fail;
	if (!(w->fontmap = pango_cairo_font_map_new()))
		goto fail;
	if (!(w->pango = pango_font_map_create_context(w->fontmap)))
		goto fail;
	/* points as units, metrics unhinted: the layout does not depend on a device */
	pango_cairo_context_set_resolution(w->pango, 72);
	if (!(opts = cairo_font_options_create()) || cairo_font_options_status(opts))
		goto fail;
	cairo_font_options_set_hint_metrics(opts, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(opts, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(w->pango, opts);
	pango_context_set_round_glyph_positions(w->pango, FALSE);
	pango_context_set_language(w->pango, pango_language_from_string(FONT_LANGUAGE));
	for (size_t i = 0; i < FONT__MAX; i++)
		if (!(w->font[i] = pango_font_description_from_string(font_spec[i])))
			goto fail;
	if (!have_cjk_font(w)) {
		rc = JX_ENOENT;
		if (err)
			sb_adds(err, "找不到 Noto CJK 字体（请安装 fonts-noto-cjk）");
		goto fail;
	}
	/* one line of each body font */
	for (int small = 0; small < 2; small++) {
		w->small = small;
		if (!(probe = make_layout(w, "国", ST_TEXT, 100)))
			goto fail;
		*(small ? &w->line_small : &w->line_body) = layout_h(probe);
		g_object_unref(probe);
	}
	decl_grid(w);
	cairo_font_options_destroy(opts);
	*out = w;
	return 0;
fail:
	cairo_font_options_destroy(opts);
	if (rc == JX_ENOMEM && err)
		sb_adds(err, "无法初始化 PDF 输出");
	w->err = rc;
	form_pdf_end(w);
	return rc;
}

int form_pdf_begin(const char *path, struct form_pdf **out, struct strbuf *err)
{
	FILE *f = fopen(path, "wb");
	int rc;

	*out = NULL;
	if (!f) {
		if (err)
			sb_addf(err, "无法写入 %s：%s", path, strerror(errno));
		return JX_EIO;
	}
	if ((rc = form_pdf_begin_stream(file_write, f, out, err))) {
		fclose(f);
		return rc;
	}
	(*out)->file = f;
	return 0;
}

int form_pdf_end(struct form_pdf *w)
{
	int rc;

	if (!w)
		return 0;
	clear_table(w);
	if (w->cr)
		cairo_destroy(w->cr);
	w->cr = NULL;
	if (w->surface) {
		cairo_surface_finish(w->surface);
		check(w);
		cairo_surface_destroy(w->surface);
		w->surface = NULL;
	}
	for (size_t i = 0; i < FONT__MAX; i++)
		if (w->font[i])
			pango_font_description_free(w->font[i]);
	if (w->pango)
		g_object_unref(w->pango);
	if (w->fontmap)
		g_object_unref(w->fontmap);
	if (w->file && fclose(w->file) && !w->err)
		w->err = JX_EIO;
	rc = w->err;
	arena_release(&w->arena);
	free(w->cells);
	free(w->rows);
	free(w->frags);
	free(w);
	return rc;
}
