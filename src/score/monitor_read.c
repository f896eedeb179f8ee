/*
 * monitor_read.c: a monitoring round from an uploaded table (monitor_read.h).
 *
 * Both kinds of file become rows of cells through the existing readers: an
 * XLSX workbook through xlsx_book.c (the first sheet that has the header
 * row), a CSV file through csv_read.c's records, its separator the one that
 * makes some line the header row.  One row reader then takes the rows from
 * the top: label rows until the header, indicator rows after it.  Cell
 * values are read as cellval.h shows them, so a percentage is "85%" and a
 * date "2023-07-31" whatever the sheet stores.
 */
#include <assert.h>
#include <string.h>
#include <threads.h>

#include "../parse/cellval.h"
#include "../parse/csv_read.h"
#include "../parse/parse_any.h"
#include "../parse/reader.h"
#include "../parse/scalar.h"
#include "../util/err.h"
#include "../util/text.h"
#include "monitor_read.h"

const struct monitor_label_info monitor_labels[MLB__MAX] = {
#define MLABEL(sym, title, kind, required) [MLB_##sym] = { title, kind, required },
#include "monitor_table.def"
#undef MLABEL
};

const struct monitor_col_info monitor_cols[MC__MAX] = {
#define MCOL(sym, title, width, filled, required) [MC_##sym] = { title, width, filled, required },
#include "monitor_table.def"
#undef MCOL
};

static const struct {
	enum monitor_col col;
	const char *title;
} aliases[] = {
#define MALIAS(sym, title) { MC_##sym, title },
#include "monitor_table.def"
#undef MALIAS
};

/* Lines of a CSV file searched for the header row. */
#define HEAD_LINES_MAX 200

#define NO_COL UINT32_MAX
/* Bytes of the longest cell compared with the titles. */
#define TITLE_MAX 96

struct mread {
	const char *file;
	const struct decl *d;
	struct arena *a;
	struct diags *diags;
	struct monitor_upload *out;
	bool xlsx, date1904;
	struct strbuf tmp, key;
	int label_line[MLB__MAX];   /* where each label was seen; 0 not yet */
	bool header;
	bool unreadable;            /* the file itself could not be read */
	uint32_t col_of[MC__MAX];   /* the column of each of ours; NO_COL none */
	const char *l1, *l2;        /* carried down from the rows above */
	int *line_of;               /* per indicator: the row that gave it; 0 none */
};

/* ---- titles --------------------------------------------------------------- */

#define N_ALIASES (sizeof(aliases) / sizeof(aliases[0]))

/* The key (cellval.h) of every title: the columns', the aliases', the
 * labels', made once. */
static struct title_key {
	char s[TITLE_MAX + 1];
	size_t n;
} col_keys[MC__MAX], alias_keys[N_ALIASES], label_keys[MLB__MAX];
static once_flag keys_made = ONCE_FLAG_INIT;

static void make_key(struct title_key *k, const char *title)
{
	struct strbuf sb = STRBUF_INIT;

	cell_label_key(&sb, title, strlen(title));
	assert(!sb.err && sb.len <= TITLE_MAX);
	memcpy(k->s, sb.buf, sb.len);
	k->n = sb.len;
	sb_release(&sb);
}

static void make_keys(void)
{
	for (int i = 0; i < MC__MAX; i++)
		make_key(&col_keys[i], monitor_cols[i].title);
	for (size_t i = 0; i < N_ALIASES; i++)
		make_key(&alias_keys[i], aliases[i].title);
	for (int i = 0; i < MLB__MAX; i++)
		make_key(&label_keys[i], monitor_labels[i].title);
}

static bool same_key(const struct strbuf *key, const struct title_key *k)
{
	return key->len == k->n && memcmp(key->buf, k->s, k->n) == 0;
}

/* The key of a text cell short enough to be a title in *key; false when
 * it cannot be one. */
static bool key_of(struct strbuf *key, const struct xlsx_cell *c)
{
	if (c->type != XT_STRING || c->n > TITLE_MAX)
		return false;
	call_once(&keys_made, make_keys);
	sb_reset(key);
	cell_label_key(key, c->s, c->n);
	return !key->err;
}

/* The column a header cell names; MC__MAX when none. */
static enum monitor_col column_of(struct strbuf *key, const struct xlsx_cell *c)
{
	if (!key_of(key, c))
		return MC__MAX;
	for (int i = 0; i < MC__MAX; i++)
		if (same_key(key, &col_keys[i]))
			return (enum monitor_col)i;
	for (size_t i = 0; i < N_ALIASES; i++)
		if (same_key(key, &alias_keys[i]))
			return aliases[i].col;
	return MC__MAX;
}

/* The label a cell names; MLB__MAX when none. */
static enum monitor_label label_of(struct strbuf *key, const struct xlsx_cell *c)
{
	if (!key_of(key, c))
		return MLB__MAX;
	for (int i = 0; i < MLB__MAX; i++)
		if (same_key(key, &label_keys[i]))
			return (enum monitor_label)i;
	return MLB__MAX;
}

bool monitor_is_header(const struct xlsx_cell *cells, size_t n)
{
	struct strbuf key = STRBUF_INIT;
	bool l3 = false, filled = false;

	for (size_t i = 0; i < n; i++) {
		enum monitor_col c = column_of(&key, &cells[i]);
		if (c == MC_L3)
			l3 = true;
		else if (c < MC__MAX && monitor_cols[c].filled)
			filled = true;
	}
	sb_release(&key);
	return l3 && filled;
}

/* ---- findings ------------------------------------------------------------- */

/* A finding at a row: "E7：what \"seen\"" in a sheet, "what \"seen\"" at a
 * CSV line; field is the column's or the label's title. */
static void row_err(struct mread *m, int line, uint32_t col, const char *field, const char *what,
                    const char *seen, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	if (m->xlsx && col != NO_COL) {
		xlsx_cell_ref(&sb, NULL, (uint32_t)line, col);
		sb_adds(&sb, "：");
	}
	sb_adds(&sb, what);
	if (seen) {
		sb_addc(&sb, ' ');
		diag_quote(&sb, seen, n);
	}
	diag_error(m->diags, m->file, line, field, "%s", sb.buf);
	sb_release(&sb);
}

/* ---- cells ---------------------------------------------------------------- */

/* The cell of a row at column col; NULL when blank. */
static const struct xlsx_cell *cell_at(const struct xlsx_cell *cells, size_t n, uint32_t col)
{
	if (col == NO_COL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (cells[i].col == col)
			return cells[i].n ? &cells[i] : NULL;
	return NULL;
}

/* The cell's text as shown, normalised, in m->tmp; NULL (with a finding)
 * for an error value. */
static const char *shown(struct mread *m, const struct xlsx_cell *c, int line, const char *field)
{
	struct strbuf raw = STRBUF_INIT;

	sb_reset(&m->tmp);
	if (!c)
		return "";
	if (c->type == XT_ERROR) {
		row_err(m, line, c->col, field,
		        "单元格是错误值（以“=”开头的内容会被当作公式，请在前面加英文单引号）", c->s, c->n);
		return NULL;
	}
	cell_text(&raw, c, m->date1904);
	text_normalise(&m->tmp, raw.buf, raw.len);
	sb_release(&raw);
	return m->tmp.buf;
}

/* The text of column mc in a row, copied into the arena ("" when blank);
 * NULL for an error value or out of memory (m->tmp.err). */
static const char *col_text(struct mread *m, const struct xlsx_cell *cells, size_t n,
                            enum monitor_col mc, int line)
{
	const char *s = shown(m, cell_at(cells, n, m->col_of[mc]), line, monitor_cols[mc].title);

	return s ? arena_strndup(m->a, s, strlen(s)) : NULL;
}

/*
 * A number as typed into a table: ASCII or full-width digits, an optional
 * sign, at most one point, thousands commas in groups of three, and then
 * maybe the target's unit ("15个", "85%").  Appends the plain decimal
 * ("1234.5"); false when s is not one.
 */
static bool number_text(struct strbuf *out, const char *s, const char *unit)
{
	struct strbuf hw = STRBUF_INIT;
	const char *p, *end;
	size_t n, ulen = unit ? strlen(unit) : 0, start = out->len;
	int digits = 0, group = -1;     /* digits after the last comma; -1 before any */
	bool dot = false, ok = true;

	text_halfwidth(&hw, s, strlen(s));
	p = hw.buf;
	n = hw.len;
	text_trim(&p, &n);
	if (ulen && n > ulen && memcmp(p + n - ulen, unit, ulen) == 0) {
		n -= ulen;
		text_trim(&p, &n);
	}
	end = p + n;
	if (p < end && (*p == '-' || *p == '+')) {
		if (*p == '-')
			sb_addc(out, '-');
		p++;
	}
	for (; p < end && ok; p++) {
		if (*p >= '0' && *p <= '9') {
			sb_addc(out, *p);
			digits++;
			if (!dot && group >= 0 && ++group > 3)
				ok = false;
		} else if (*p == ',' && !dot && digits && (group < 0 ? digits <= 3 : group == 3)) {
			group = 0;
		} else if (*p == '.' && !dot && digits && (group < 0 || group == 3)) {
			dot = true;
			sb_addc(out, '.');
		} else {
			ok = false;
		}
	}
	ok = ok && digits && !hw.err && !out->err && (group < 0 || dot || group == 3) &&
	     out->buf[out->len - 1] != '.';
	sb_release(&hw);
	if (!ok)
		sb_setlen(out, start);
	return ok;
}

/* ---- rows above the header -------------------------------------------------- */

static void label_row(struct mread *m, const struct xlsx_cell *cells, size_t n, int line)
{
	const struct xlsx_cell *lab = NULL, *val = NULL;
	enum monitor_label l;
	const char *title, *s;
	uint32_t col;

	for (size_t i = 0; i < n && !val; i++) {
		if (!cells[i].n || text_blank(cells[i].s, cells[i].n))
			continue;
		if (!lab)
			lab = &cells[i];
		else
			val = &cells[i];
	}
	if (!lab || (l = label_of(&m->key, lab)) == MLB__MAX)
		return;     /* a title, a note: not ours */
	title = monitor_labels[l].title;
	col = val ? val->col : NO_COL;     /* blank: the row says where */
	if (m->label_line[l]) {
		row_err(m, line, lab->col, title, "重复出现", lab->s, lab->n);
		return;
	}
	m->label_line[l] = line;
	if (!val) {
		if (monitor_labels[l].required)
			row_err(m, line, col, title, "没有填写", NULL, 0);
		return;
	}
	if (!(s = shown(m, val, line, title)))
		return;
	switch (monitor_labels[l].kind) {
	case ML_TEXT:
		if (l == MLB_PROJECT && strcmp(s, m->d->name) != 0) {
			struct strbuf what = STRBUF_INIT;
			sb_addf(&what, "与本申报表的项目名称“%s”不符", m->d->name);
			row_err(m, line, col, title, what.buf, s, strlen(s));
			sb_release(&what);
		}
		break;
	case ML_DATE:
		if (cell_date(val, m->date1904, &m->out->as_of) || !m->out->as_of.y) {
			row_err(m, line, col, title, "不是日期", s, strlen(s));
			memset(&m->out->as_of, 0, sizeof(m->out->as_of));
		} else if (m->out->as_of.y != m->d->year) {
			struct strbuf what = STRBUF_INIT;
			sb_addf(&what, "不在申报年度 %d 年之内", m->d->year);
			row_err(m, line, col, title, what.buf, s, strlen(s));
			sb_release(&what);
		}
		break;
	case ML_AMOUNT: {
		struct amount *a = l == MLB_BUDGET ? &m->out->budget : &m->out->executed;
		if (cell_amount(val, a) || !a->set)
			row_err(m, line, col, title, "不是金额", s, strlen(s));
		else if (a->fen < 0)
			row_err(m, line, col, title, "不能为负数", s, strlen(s));
		else if (l == MLB_BUDGET && a->fen == 0)
			row_err(m, line, col, title, "应大于零", s, strlen(s));
		break;
	}
	}
}

/* ---- the header ------------------------------------------------------------- */

static void header_row(struct mread *m, const struct xlsx_cell *cells, size_t n, int line)
{
	m->header = true;
	for (size_t i = 0; i < n; i++) {
		enum monitor_col c = column_of(&m->key, &cells[i]);
		if (c == MC__MAX)
			continue;   /* a column of the user's own: not read */
		if (m->col_of[c] != NO_COL)
			row_err(m, line, cells[i].col, monitor_cols[c].title, "列标题重复出现", cells[i].s,
			        cells[i].n);
		else
			m->col_of[c] = cells[i].col;
	}
	for (int c = 0; c < MC__MAX; c++)
		if (monitor_cols[c].required && m->col_of[c] == NO_COL) {
			struct strbuf what = STRBUF_INIT;
			sb_addf(&what, "表头缺少“%s”列", monitor_cols[c].title);
			row_err(m, line, NO_COL, NULL, what.buf, NULL, 0);
			sb_release(&what);
		}
}

/* ---- indicator rows --------------------------------------------------------- */

/* "产出指标 / 数量指标 / 三级" for a message, in m->key. */
static const char *path_of(struct mread *m, const char *l1, const char *l2, const char *l3)
{
	sb_reset(&m->key);
	if (l1 && *l1)
		sb_addf(&m->key, "%s / ", l1);
	if (l2 && *l2)
		sb_addf(&m->key, "%s / ", l2);
	sb_adds(&m->key, l3);
	return m->key.buf;
}

/* The indicator a row stands for: the first not yet taken with its 三级
 * name and, when the row gives them, its 一级 and 二级.  -1 when none is
 * left (*taken tells whether one was, by an earlier row). */
static long match(struct mread *m, const char *l1, const char *l2, const char *l3, int *taken)
{
	*taken = 0;
	for (size_t i = 0; i < m->d->n_ind; i++) {
		const struct indicator *in = &m->d->ind[i];
		if (strcmp(in->name, l3) != 0 || (*l1 && strcmp(in->level1, l1) != 0) ||
		    (*l2 && strcmp(in->level2, l2) != 0))
			continue;
		if (!m->line_of[i])
			return (long)i;
		*taken = m->line_of[i];
	}
	return -1;
}

/* Checks value s (column mc) against the indicator's kind and sets *out to
 * the value to keep (s itself, "" when it does not fit: a finding says so).
 * Returns 0 or JX_ENOMEM. */
static int value_for(struct mread *m, const struct indicator *in, enum monitor_col mc,
                     const char *s, int line, const char **out)
{
	const char *title = monitor_cols[mc].title;
	uint32_t col = m->col_of[mc];
	struct date dt;
	char buf[11];

	*out = s;
	if (!*s)
		return 0;
	switch (in->target.kind) {
	case TARGET_NUMERIC:
		sb_reset(&m->tmp);
		if (number_text(&m->tmp, s, in->target.unit)) {
			*out = arena_strndup(m->a, m->tmp.buf, m->tmp.len);
		} else {
			struct strbuf what = STRBUF_INIT;
			if (in->target.unit && *in->target.unit)
				sb_addf(&what, "不是数字（可带单位“%s”）", in->target.unit);
			else
				sb_adds(&what, "不是数字");
			row_err(m, line, col, title, what.buf, s, strlen(s));
			sb_release(&what);
			*out = "";
		}
		break;
	case TARGET_DEADLINE:
		if (date_parse(s, strlen(s), &dt) || !dt.y) {
			row_err(m, line, col, title, "不是日期", s, strlen(s));
			*out = "";
		} else {
			date_format(buf, dt);
			*out = arena_strdup(m->a, buf);
		}
		break;
	case TARGET_EMPTY:
	case TARGET_QUALITATIVE:
		break;
	}
	return *out && !m->tmp.err ? 0 : JX_ENOMEM;
}

static int indicator_row(struct mread *m, const struct xlsx_cell *cells, size_t n, int line)
{
	const char *t[MC__MAX];
	struct monitor_item_in *it, spare;
	enum deviation reason = DEV_NONE;
	enum likelihood likely = LIKELY__MAX;
	bool any = false;
	long i;
	int taken, rc;

	for (int c = 0; c < MC__MAX; c++) {
		if (c == MC_VALUE) {
			t[c] = "";  /* the declaration's value counts */
			continue;
		}
		t[c] = col_text(m, cells, n, (enum monitor_col)c, line);
		if (!t[c]) {
			if (m->tmp.err)
				return JX_ENOMEM;
			t[c] = "";
		}
		if (monitor_cols[c].filled && *t[c])
			any = true;
	}
	/* 一级 and 二级 left blank stand for the ones above */
	if (*t[MC_L1]) {
		if (!m->l1 || strcmp(m->l1, t[MC_L1]) != 0)
			m->l2 = NULL;
		m->l1 = t[MC_L1];
	}
	if (*t[MC_L2])
		m->l2 = t[MC_L2];
	if (!*t[MC_L3]) {
		if (any)
			row_err(m, line, m->col_of[MC_L3], monitor_cols[MC_L3].title,
			        "这一行填了监控数据，却没有三级指标", NULL, 0);
		return 0;       /* a category with no indicator, a note, a blank row */
	}
	/* findings in the order of the columns */
	i = match(m, m->l1 ? m->l1 : "", m->l2 ? m->l2 : "", t[MC_L3], &taken);
	if (i < 0) {
		const char *path = path_of(m, m->l1, m->l2, t[MC_L3]);
		struct strbuf what = STRBUF_INIT;
		if (taken)
			sb_addf(&what, "指标重复出现（第 %d 行已有）", taken);
		else
			sb_adds(&what, "申报表中没有这个指标");
		row_err(m, line, m->col_of[MC_L3], monitor_cols[MC_L3].title, what.buf, path,
		        strlen(path));
		sb_release(&what);
		it = &spare;
	} else {
		m->line_of[i] = line;
		it = &m->out->items[i];
		if ((rc = value_for(m, &m->d->ind[i], MC_SO_FAR, t[MC_SO_FAR], line, &it->so_far)) ||
		    (rc = value_for(m, &m->d->ind[i], MC_EXPECTED, t[MC_EXPECTED], line, &it->expected)))
			return rc;
	}
	if (*t[MC_REASON] && (reason = deviation_by_name(t[MC_REASON])) == DEV__MAX)
		row_err(m, line, m->col_of[MC_REASON], monitor_cols[MC_REASON].title,
		        "不是可选的偏差原因（经费保障、制度保障、人员保障、硬件条件保障、其他，或留空）",
		        t[MC_REASON], strlen(t[MC_REASON]));
	if (m->col_of[MC_LIKELIHOOD] == NO_COL)
		;   /* the header said so once */
	else if (!*t[MC_LIKELIHOOD])
		row_err(m, line, m->col_of[MC_LIKELIHOOD], monitor_cols[MC_LIKELIHOOD].title,
		        "缺少完成可能性（确定能、有可能、完全不可能）", NULL, 0);
	else if ((likely = likelihood_by_name(t[MC_LIKELIHOOD])) == LIKELY__MAX)
		row_err(m, line, m->col_of[MC_LIKELIHOOD], monitor_cols[MC_LIKELIHOOD].title,
		        "不是可选的完成可能性（确定能、有可能、完全不可能）", t[MC_LIKELIHOOD],
		        strlen(t[MC_LIKELIHOOD]));
	it->reason = reason;
	it->reason_text = t[MC_REASON_TEXT];
	it->likelihood = likely;
	return 0;
}

/* A row of the table, from the top. */
static int table_row(struct mread *m, const struct xlsx_cell *cells, size_t n, int line)
{
	if (m->header)
		return indicator_row(m, cells, n, line);
	if (monitor_is_header(cells, n))
		header_row(m, cells, n, line);
	else
		label_row(m, cells, n, line);
	return m->tmp.err || m->key.err ? JX_ENOMEM : 0;
}

/* What must be there once every row is read. */
static void finish(struct mread *m)
{
	if (!m->header) {
		if (m->unreadable)
			return;
		diag_error(m->diags, m->file, 0, NULL,
		           "找不到监控表的表头：应有一行写着“三级指标”“截至目前完成值”“预计年末完成值”“完成可能性”等列标题");
		return;
	}
	for (int l = 0; l < MLB__MAX; l++)
		if (monitor_labels[l].required && !m->label_line[l])
			diag_error(m->diags, m->file, 0, monitor_labels[l].title,
			           "缺少这一项（表头上方一行，第一格写“%s”，右边一格填值）",
			           monitor_labels[l].title);
	for (size_t i = 0; i < m->d->n_ind; i++) {
		const struct indicator *in = &m->d->ind[i];
		const char *path;
		if (m->line_of[i])
			continue;
		path = path_of(m, in->level1, in->level2, in->name);
		sb_reset(&m->tmp);
		diag_quote(&m->tmp, path, strlen(path));
		diag_error(m->diags, m->file, 0, monitor_cols[MC_L3].title, "表中缺少申报表的指标 %s",
		           m->tmp.buf);
	}
}

/* ---- the two kinds of file ---------------------------------------------------- */

/* The rows of the first sheet that has the header row; parts (or, when
 * NULL, the ZIP archive of n bytes at data) taken over and closed. */
static int read_xlsx(struct mread *m, struct xlsx_parts *given, const void *data, size_t n)
{
	struct strbuf err = STRBUF_INIT;
	struct xlsx_parts parts;
	struct xlsx_book *b = NULL;
	struct xlsx_grid g;
	int rc = 0;

	m->xlsx = true;
	if (given)
		parts = *given;
	if ((!given && (rc = xlsx_parts_zip(&parts, data, n, &err))) ||
	    (rc = xlsx_book_open(&b, &parts, &err))) {
		if (rc == JX_EINPUT || rc == JX_ETOOBIG) {
			diag_error(m->diags, m->file, 0, NULL, "%s", err.buf);
			m->unreadable = true;
			rc = 0;
		}
		sb_release(&err);
		return rc;
	}
	m->date1904 = xlsx_book_date1904(b);
	for (size_t k = 0; k < xlsx_book_sheets(b) && !m->header && !rc; k++) {
		size_t head = SIZE_MAX;
		memset(&g, 0, sizeof(g));
		rc = xlsx_book_read_sheet(b, k, NULL, NULL, &g, &err);
		if (rc == JX_EINPUT || rc == JX_ETOOBIG) {
			diag_error(m->diags, m->file, 0, NULL, "%s", err.buf);
			m->unreadable = true;
			xlsx_grid_release(&g);
			rc = 0;
			break;
		}
		/* rows are runs of cells with the same row number */
		for (size_t i = 0, j; !rc && i < g.n && head == SIZE_MAX; i = j) {
			for (j = i; j < g.n && g.cells[j].row == g.cells[i].row; j++)
				;
			if (monitor_is_header(&g.cells[i], j - i))
				head = i;
		}
		for (size_t i = 0, j; !rc && head != SIZE_MAX && i < g.n; i = j) {
			for (j = i; j < g.n && g.cells[j].row == g.cells[i].row; j++)
				;
			rc = table_row(m, &g.cells[i], j - i, (int)g.cells[i].row);
		}
		xlsx_grid_release(&g);
	}
	xlsx_book_free(b);
	sb_release(&err);
	return rc;
}

/* The separator that makes one of the first lines the header row; a comma
 * when none does (the rows are read anyway, for the reader's findings). */
static char csv_separator(const void *data, size_t n)
{
	struct reader *rd;
	char sep;

	if (reader_open_mem(&rd, data, n))
		return ',';
	sep = csv_find_separator(rd, HEAD_LINES_MAX, monitor_is_header);
	reader_close(rd);
	return sep ? sep : ',';
}

static int read_csv(struct mread *m, const void *data, size_t n)
{
	struct reader *rd = NULL;
	struct csv_rows *rows = NULL;
	const struct xlsx_cell *cells;
	size_t nc;
	int rc, got, line;

	if ((rc = reader_open_mem(&rd, data, n)))
		return rc;
	if ((rc = csv_rows_open(&rows, rd, csv_separator(data, n), m->file, m->diags, 0)))
		goto out;
	while ((got = csv_rows_next(rows, &cells, &nc, &line)) > 0)
		if ((rc = table_row(m, cells, nc, line)))
			goto out;
	if (got < 0)
		rc = -got;
out:
	csv_rows_close(rows);
	reader_close(rd);
	return rc;
}

/* Starts reading for d into out; false when out of memory. */
static bool mread_init(struct mread *m, const char *file, const struct decl *d, struct arena *a,
                       struct diags *diags, struct monitor_upload *out)
{
	size_t n = d->n_ind ? d->n_ind : 1;

	memset(m, 0, sizeof(*m));
	memset(out, 0, sizeof(*out));
	m->file = file;
	m->d = d;
	m->a = a;
	m->diags = diags;
	m->out = out;
	for (int c = 0; c < MC__MAX; c++)
		m->col_of[c] = NO_COL;
	sb_init(&m->tmp, 0);
	sb_init(&m->key, 0);
	out->n_items = d->n_ind;
	out->items = arena_zalloc(a, n * sizeof(*out->items));
	m->line_of = arena_zalloc(a, n * sizeof(*m->line_of));
	return out->items && m->line_of;
}

static int mread_end(struct mread *m, int rc)
{
	if (!rc)
		finish(m);
	sb_release(&m->tmp);
	sb_release(&m->key);
	return rc;
}

int monitor_read(const void *data, size_t n, const char *file, const struct decl *d,
                 struct arena *a, struct diags *diags, struct monitor_upload *out)
{
	struct mread m;

	if (!mread_init(&m, file, d, a, diags, out))
		return mread_end(&m, JX_ENOMEM);
	if (!n) {
		diag_error(diags, file, 0, NULL, "上传的内容为空");
		m.unreadable = true;
		return mread_end(&m, 0);
	}
	switch (input_magic(data, n)) {
	case MAGIC_ZIP:
		return mread_end(&m, read_xlsx(&m, NULL, data, n));
	case MAGIC_OLE:
		diag_error(diags, file, 0, NULL, "%s", input_ole_refusal);
		m.unreadable = true;
		return mread_end(&m, 0);
	case MAGIC_NONE:
		break;
	}
	return mread_end(&m, read_csv(&m, data, n));
}

int monitor_read_parts(struct xlsx_parts *parts, const char *file, const struct decl *d,
                       struct arena *a, struct diags *diags, struct monitor_upload *out)
{
	struct mread m;

	if (!mread_init(&m, file, d, a, diags, out)) {
		parts->close(parts->ctx);
		return mread_end(&m, JX_ENOMEM);
	}
	return mread_end(&m, read_xlsx(&m, parts, NULL, 0));
}
