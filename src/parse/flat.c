/*
 * flat.c: the flat layout's column table and its reader (flat.h), fed row
 * by row by the XLSX importer and the CSV importer.
 *
 * Rows are grouped into declarations by 年度 + 实施单位 + 项目名称 through a
 * hash table; every declaration lives in the reader's arena until the end
 * of the table, when those without errors go to the sink in the order they
 * first appeared.  A row that cannot be given to a declaration (its key is
 * missing) stops every declaration of the table: one of them would be
 * incomplete.
 */
#include <string.h>

#include "../util/err.h"
#include "../util/text.h"
#include "cellval.h"
#include "flat.h"
#include "scalar.h"
#include "value.h"

const struct flat_column flat_columns[FC__MAX] = {
#define FLAT(id, title, kind, arg, width) [FC_##id] = { title, kind, arg, width },
#include "flat.def"
#undef FLAT
};

/* The member of struct decl holding a text field. */
static const struct {
	enum decl_field field;
	size_t off;
} text_fields[] = {
	{ F_NAME, offsetof(struct decl, name) },
	{ F_CATEGORY, offsetof(struct decl, category) },
	{ F_DEPARTMENT, offsetof(struct decl, department) },
	{ F_IMPLEMENTER, offsetof(struct decl, implementer) },
	{ F_OVERALL, offsetof(struct decl, overall) },
	{ F_ANNUAL_GOAL, offsetof(struct decl, annual_goal) },
};

static const char **text_slot(struct decl *d, enum decl_field f)
{
	for (size_t i = 0; i < sizeof(text_fields) / sizeof(text_fields[0]); i++)
		if (text_fields[i].field == f)
			return (const char **)(void *)((char *)d + text_fields[i].off);
	return NULL;
}

const char *flat_decl_text(const struct decl *d, enum decl_field f)
{
	const char **slot = text_slot((struct decl *)(uintptr_t)d, f);

	return slot && *slot ? *slot : slot ? "" : NULL;
}

/* The column a header cell names, or FC__MAX. */
static enum flat_col column_of(struct strbuf *key, struct strbuf *title, const struct xlsx_cell *c)
{
	sb_reset(key);
	cell_label_key(key, c->s, c->n);
	for (int i = 0; i < FC__MAX; i++) {
		sb_reset(title);
		cell_label_key(title, flat_columns[i].title, strlen(flat_columns[i].title));
		if (key->len == title->len && memcmp(key->buf, title->buf, key->len) == 0)
			return (enum flat_col)i;
	}
	return FC__MAX;
}

bool flat_is_header(const struct xlsx_cell *cells, size_t n)
{
	static const enum flat_col need[] = { FC_NAME, FC_IMPLEMENTER, FC_LEVEL3, FC_VALUE };
	struct strbuf key = STRBUF_INIT, title = STRBUF_INIT;
	unsigned found = 0;

	for (size_t i = 0; i < n; i++) {
		enum flat_col c;
		if (cells[i].type != XT_STRING || cells[i].n > 64)
			continue;
		c = column_of(&key, &title, &cells[i]);
		for (size_t k = 0; k < sizeof(need) / sizeof(need[0]); k++)
			if (need[k] == c)
				found |= 1u << k;
	}
	sb_release(&key);
	sb_release(&title);
	return found == (1u << (sizeof(need) / sizeof(need[0]))) - 1;
}

/* ---- the reader ----------------------------------------------------------- */

struct group {
	struct decl d;
	const char *key;
	size_t errors;
	int first_line;         /* the row the declaration first appeared on */
};

struct flat {
	const char *file, *sheet;
	bool date1904;
	struct diags *diags;
	const struct parse_opts *opts;
	struct arena arena;         /* the declarations */
	struct arena scratch;       /* a row's own copy, for comparing; per row */
	struct arena *into;         /* where text_of() puts text */
	struct strbuf tmp, key;
	int col_of[FC__MAX];        /* the sheet column of each of ours; -1 none */
	bool header_ok;
	bool poisoned;              /* a row belonged to no declaration */
	struct group **groups;      /* in order of appearance */
	size_t n, cap;
	size_t *hash;               /* open addressing: index + 1, 0 empty */
	size_t hash_cap;
	int err;                    /* JX_ENOMEM */
};

/* A finding at a cell: "Sheet1!C5：what \"text\"". */
static void cell_err(struct flat *f, struct group *g, int line, uint32_t col, enum flat_col fc,
                     const char *what, const char *seen, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	xlsx_cell_ref(&sb, f->sheet, (uint32_t)line, col);
	sb_addf(&sb, "：%s", what);
	if (seen) {
		sb_addc(&sb, ' ');
		diag_quote(&sb, seen, n);
	}
	diag_error(f->diags, f->file, line, fc < FC__MAX ? flat_columns[fc].title : NULL, "%s",
	           sb.buf);
	sb_release(&sb);
	if (g)
		g->errors++;
}

int flat_new(struct flat **out, const char *file, const char *sheet, bool date1904,
             struct diags *diags, const struct parse_opts *opts)
{
	struct flat *f = calloc(1, sizeof(*f));

	if (!f)
		return JX_ENOMEM;
	f->file = file;
	f->sheet = sheet;
	f->date1904 = date1904;
	f->diags = diags;
	f->opts = opts;
	arena_init(&f->arena, 64 * 1024);
	arena_init(&f->scratch, 16 * 1024);
	f->into = &f->arena;
	sb_init(&f->tmp, 0);
	sb_init(&f->key, 0);
	for (int i = 0; i < FC__MAX; i++)
		f->col_of[i] = -1;
	*out = f;
	return 0;
}

void flat_header(struct flat *f, const struct xlsx_cell *cells, size_t n, int line)
{
	static const enum flat_col required[] = {
		FC_YEAR, FC_DEPARTMENT, FC_IMPLEMENTER, FC_NAME, FC_LEVEL1, FC_LEVEL2, FC_LEVEL3, FC_VALUE,
	};
	struct strbuf title = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		const struct xlsx_cell *c = &cells[i];
		enum flat_col fc = c->type == XT_STRING ? column_of(&f->key, &title, c) : FC__MAX;
		if (fc == FC__MAX) {
			struct strbuf sb = STRBUF_INIT;
			xlsx_cell_ref(&sb, f->sheet, (uint32_t)line, c->col);
			sb_adds(&sb, "：无法识别的列标题，此列不读入 ");
			diag_quote(&sb, c->s, c->n);
			diags_add(f->diags, DIAG_WARNING, f->file, line, NULL, NULL, "%s", sb.buf);
			sb_release(&sb);
		} else if (f->col_of[fc] >= 0) {
			cell_err(f, NULL, line, c->col, fc, "列标题重复出现", c->s, c->n);
			f->poisoned = true;
		} else {
			f->col_of[fc] = (int)c->col;
		}
	}
	sb_release(&title);
	f->header_ok = true;
	for (size_t k = 0; k < sizeof(required) / sizeof(required[0]); k++)
		if (f->col_of[required[k]] < 0) {
			struct strbuf sb = STRBUF_INIT;
			if (f->sheet)
				sb_addf(&sb, "工作表“%s”：", f->sheet);
			sb_addf(&sb, "表头缺少“%s”列", flat_columns[required[k]].title);
			diag_error(f->diags, f->file, line, NULL, "%s", sb.buf);
			sb_release(&sb);
			f->header_ok = false;
		}
}

/* The cell of column fc in a row (cells sorted by column), or NULL. */
static const struct xlsx_cell *cell_at(const struct flat *f, const struct xlsx_cell *cells,
                                       size_t n, enum flat_col fc)
{
	int col = f->col_of[fc];
	size_t lo = 0, hi = n;

	if (col < 0)
		return NULL;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cells[mid].col < (uint32_t)col)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && cells[lo].col == (uint32_t)col && cells[lo].n ? &cells[lo] : NULL;
}

/* Normalised text of a cell in the arena ("" when absent); NULL with a
 * finding for an error value. */
static const char *text_of(struct flat *f, struct group *g, const struct xlsx_cell *c, int line,
                           enum flat_col fc)
{
	struct strbuf raw = STRBUF_INIT;
	const char *out;

	if (!c)
		return "";
	if (c->type == XT_ERROR) {
		cell_err(f, g, line, c->col, fc,
		         "单元格是错误值（以“=”开头的内容会被当作公式，请在前面加英文单引号）", c->s, c->n);
		return NULL;
	}
	cell_text(&raw, c, f->date1904);
	sb_reset(&f->tmp);
	text_normalise(&f->tmp, raw.buf, raw.len);
	out = arena_strndup(f->into, f->tmp.buf, f->tmp.len);
	if (raw.err || !out)
		f->err = JX_ENOMEM;
	sb_release(&raw);
	return out;
}

/* A goal year cell: a year or blank. */
static bool goal_year(struct flat *f, struct group *g, const struct xlsx_cell *c, int line,
                      enum flat_col fc, int *out)
{
	const char *s = text_of(f, g, c, line, fc);

	*out = 0;
	if (!s)
		return false;
	if (*s && !(*out = year_parse(s, strlen(s)))) {
		cell_err(f, g, line, c->col, fc, "无法识别的年度", c->s, c->n);
		return false;
	}
	return true;
}

/* Reads the declaration columns of a row into d (its strings in the arena). */
static void read_fields(struct flat *f, struct group *g, struct decl *d,
                        const struct xlsx_cell *cells, size_t n, int line)
{
	for (int i = 0; i < FC__MAX; i++) {
		const struct flat_column *col = &flat_columns[i];
		const struct xlsx_cell *c = cell_at(f, cells, n, (enum flat_col)i);
		const char *s;

		switch (col->kind) {
		case FK_YEAR:
			if ((s = text_of(f, g, c, line, (enum flat_col)i)) && !(d->year = year_parse(s, strlen(s))))
				cell_err(f, g, line, c ? c->col : (uint32_t)f->col_of[i], (enum flat_col)i,
				         "无法识别的年度", s, strlen(s));
			d->field_line[F_YEAR] = line;
			break;
		case FK_TEXT:
		case FK_GOAL:
			if ((s = text_of(f, g, c, line, (enum flat_col)i)))
				*text_slot(d, (enum decl_field)col->arg) = s;
			d->field_line[col->arg] = line;
			break;
		case FK_DATE:
			if (cell_date(c, f->date1904, col->arg == F_START ? &d->start : &d->end))
				cell_err(f, g, line, c->col, (enum flat_col)i, "无法识别的日期", c->s, c->n);
			d->field_line[col->arg] = line;
			break;
		case FK_AMOUNT:
			if (cell_amount(c, &d->funds[col->arg]))
				cell_err(f, g, line, c->col, (enum flat_col)i, "无法识别的金额", c->s, c->n);
			d->field_line[fund_field((enum fund)col->arg)] = line;
			break;
		case FK_GOAL_YEAR:
			goal_year(f, g, c, line, (enum flat_col)i, col->arg ? &d->overall_to : &d->overall_from);
			d->field_line[F_OVERALL_YEARS] = line;
			break;
		case FK_ID:
		case FK_INDICATOR:
		case FK_DERIVED:
			break;
		}
	}
}

static bool same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Compares a later row's declaration columns with the declaration's. */
static void compare_fields(struct flat *f, struct group *g, const struct decl *row,
                           const struct xlsx_cell *cells, size_t n, int line)
{
	const struct decl *d = &g->d;

	for (int i = 0; i < FC__MAX; i++) {
		const struct flat_column *col = &flat_columns[i];
		const struct xlsx_cell *c = cell_at(f, cells, n, (enum flat_col)i);
		bool same = true;

		switch (col->kind) {
		case FK_TEXT:
		case FK_GOAL:
			same = same_text(flat_decl_text(d, (enum decl_field)col->arg),
			                 flat_decl_text(row, (enum decl_field)col->arg));
			break;
		case FK_DATE: {
			const struct date *a = col->arg == F_START ? &d->start : &d->end;
			const struct date *b = col->arg == F_START ? &row->start : &row->end;
			same = a->y == b->y && a->m == b->m && a->d == b->d;
			break;
		}
		case FK_AMOUNT:
			same = d->funds[col->arg].set == row->funds[col->arg].set &&
			       d->funds[col->arg].fen == row->funds[col->arg].fen;
			break;
		case FK_GOAL_YEAR:
			same = col->arg ? d->overall_to == row->overall_to : d->overall_from == row->overall_from;
			break;
		case FK_ID:
		case FK_YEAR:
		case FK_INDICATOR:
		case FK_DERIVED:
			break;
		}
		if (!same) {
			struct strbuf what = STRBUF_INIT;
			sb_addf(&what, "与第 %d 行（同一申报表）不一致", g->first_line);
			cell_err(f, g, line, c ? c->col : (uint32_t)f->col_of[i], (enum flat_col)i, what.buf,
			         c ? c->s : "", c ? c->n : 0);
			sb_release(&what);
		}
	}
}

static size_t hash_str(const char *s)
{
	size_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The group of `key`, created (with *created) when new; NULL when out of memory. */
static struct group *group_get(struct flat *f, const char *key, bool *created)
{
	size_t i;

	*created = false;
	if (f->n * 2 >= f->hash_cap) {
		size_t cap = f->hash_cap ? f->hash_cap * 2 : 256;
		size_t *h = calloc(cap, sizeof(*h));
		if (!h)
			return NULL;
		for (size_t k = 0; k < f->n; k++) {
			i = hash_str(f->groups[k]->key) & (cap - 1);
			while (h[i])
				i = (i + 1) & (cap - 1);
			h[i] = k + 1;
		}
		free(f->hash);
		f->hash = h;
		f->hash_cap = cap;
	}
	for (i = hash_str(key) & (f->hash_cap - 1); f->hash[i]; i = (i + 1) & (f->hash_cap - 1))
		if (strcmp(f->groups[f->hash[i] - 1]->key, key) == 0)
			return f->groups[f->hash[i] - 1];
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		struct group **v = realloc(f->groups, cap * sizeof(*v));
		if (!v)
			return NULL;
		f->groups = v;
		f->cap = cap;
	}
	struct group *g = arena_zalloc(&f->arena, sizeof(*g));
	if (!g || !(g->key = arena_strdup(&f->arena, key)))
		return NULL;
	decl_init(&g->d);
	f->groups[f->n++] = g;
	f->hash[i] = f->n;
	*created = true;
	return g;
}

int flat_row(struct flat *f, const struct xlsx_cell *cells, size_t n, int line)
{
	static const enum flat_col keycols[] = { FC_YEAR, FC_IMPLEMENTER, FC_NAME };
	const struct xlsx_cell *ind[4];
	const char *key[3], *itext[4];
	struct group *g;
	bool created, any = false;
	size_t k;

	if (!f->header_ok || f->err)
		return f->err;
	for (k = 0; k < n && !any; k++)
		any = cells[k].n > 0;
	if (!any)
		return 0;       /* a blank row */
	arena_reset(&f->scratch);
	f->into = &f->scratch;      /* the key and a later row's fields */
	for (k = 0; k < 3; k++) {
		const struct xlsx_cell *c = cell_at(f, cells, n, keycols[k]);
		key[k] = text_of(f, NULL, c, line, keycols[k]);
		if (key[k] && !*key[k]) {
			cell_err(f, NULL, line, (uint32_t)f->col_of[keycols[k]], keycols[k],
			         "此项不能为空（年度、实施单位和项目名称确定每一行属于哪份申报表）", NULL, 0);
			key[k] = NULL;
		}
		if (!key[k]) {
			f->poisoned = true;
			f->into = &f->arena;
			return f->err;
		}
	}
	sb_reset(&f->key);
	sb_addf(&f->key, "%s\x1f%s\x1f%s", key[0], key[1], key[2]);
	if (f->key.err || !(g = group_get(f, f->key.buf, &created))) {
		f->into = &f->arena;
		return f->err = JX_ENOMEM;
	}
	if (created) {
		g->first_line = line;
		g->d.file = f->file;
		g->d.line = line;
		f->into = &f->arena;
		read_fields(f, g, &g->d, cells, n, line);
		if (!g->d.category)
			g->d.category = "";
	} else {
		struct decl row;
		decl_init(&row);
		read_fields(f, g, &row, cells, n, line);
		compare_fields(f, g, &row, cells, n, line);
		f->into = &f->arena;
	}
	for (k = 0; k < 4; k++) {
		static const enum flat_col icols[4] = { FC_LEVEL1, FC_LEVEL2, FC_LEVEL3, FC_VALUE };
		ind[k] = cell_at(f, cells, n, icols[k]);
		if (!(itext[k] = text_of(f, g, ind[k], line, icols[k])))
			return f->err;
	}
	if (!*itext[0] && !*itext[1] && !*itext[2] && !*itext[3])
		return f->err;  /* the declaration's row without an indicator */
	for (k = 0; k < 3; k++) {
		static const enum flat_col icols[3] = { FC_LEVEL1, FC_LEVEL2, FC_LEVEL3 };
		if (!*itext[k]) {
			cell_err(f, g, line, (uint32_t)f->col_of[icols[k]], icols[k], "此项不能为空", NULL, 0);
			return f->err;
		}
	}
	struct indicator *in = decl_add_indicator(&g->d, &f->arena);
	if (!in)
		return f->err = JX_ENOMEM;
	in->level1 = itext[0];
	in->level2 = itext[1];
	in->name = itext[2];
	in->value = itext[3];
	in->line = line;
	if (!g->d.field_line[F_INDICATORS])
		g->d.field_line[F_INDICATORS] = line;
	if (f->arena.err || f->scratch.err)
		f->err = JX_ENOMEM;
	return f->err;
}

void flat_free(struct flat *f)
{
	if (!f)
		return;
	free(f->groups);
	free(f->hash);
	sb_release(&f->tmp);
	sb_release(&f->key);
	arena_release(&f->arena);
	arena_release(&f->scratch);
	free(f);
}

int flat_finish(struct flat *f)
{
	int rc = f->err;

	for (size_t i = 0; !rc && !f->poisoned && f->header_ok && i < f->n; i++) {
		struct group *g = f->groups[i];
		if (g->errors)
			continue;
		for (size_t k = 0; k < g->d.n_ind && !rc; k++) {
			struct indicator *in = &g->d.ind[k];
			rc = value_parse(in->value, strlen(in->value), g->d.year, &f->arena, &in->target);
		}
		if (!rc && f->opts->sink)
			rc = f->opts->sink(f->opts->sink_ctx, &g->d);
	}
	flat_free(f);
	return rc;
}
