/*
 * csv_read.c: CSV records as rows of cells (csv_rows), and through them
 * into the flat layout's reader (flat.c).
 *
 * A record is split into fields as RFC 4180 says, leniently: a quote
 * opens a quoted field only at the start of a field; inside one, a doubled
 * quote is a quote and a line break belongs to the field (the record goes
 * on on the next line).  The separator is the one that makes a header row
 * what its reader expects (for the flat layout, the first line): comma, tab
 * or semicolon.  A cell the program wrote with a quote before = + - @,
 * a tab or a CR (csv_cell.h) is read without that quote.
 */
#include <stdlib.h>
#include <string.h>

#include "../util/csv_cell.h"
#include "../util/err.h"
#include "csv_read.h"
#include "flat.h"

static const char separators[] = { ',', '\t', ';' };

struct record {
	struct strbuf text;         /* the fields' text, back to back */
	size_t start[CSV_FIELDS_MAX + 1];
	size_t n;
	bool quoted;                /* inside a quoted field */
	bool field_quoted;          /* the current field was quoted */
	bool too_many;
};

static void rec_reset(struct record *r)
{
	sb_reset(&r->text);
	r->n = 0;
	r->start[0] = 0;
	r->quoted = r->field_quoted = r->too_many = false;
}

static void end_field(struct record *r)
{
	if (r->n < CSV_FIELDS_MAX)
		r->start[++r->n] = r->text.len;
	else
		r->too_many = true;
	r->field_quoted = false;
}

/* Adds a line to the record; true when the record is complete. */
static bool rec_line(struct record *r, const char *s, size_t len, char sep)
{
	size_t i;

	if (r->quoted)
		sb_addc(&r->text, '\n');
	for (i = 0; i < len; i++) {
		char c = s[i];
		if (r->quoted) {
			if (c == '"') {
				if (i + 1 < len && s[i + 1] == '"') {
					sb_addc(&r->text, '"');
					i++;
				} else {
					r->quoted = false;
				}
			} else {
				sb_addc(&r->text, c);
			}
		} else if (c == sep) {
			end_field(r);
		} else if (c == '"' && r->text.len == r->start[r->n] && !r->field_quoted) {
			r->quoted = r->field_quoted = true;
		} else {
			sb_addc(&r->text, c);
		}
	}
	if (r->quoted)
		return false;
	end_field(r);
	return true;
}

/* The record's fields as cells of row `row`, without the quote that kept
 * a spreadsheet from taking a cell for a formula (csv_cell.h). */
static size_t rec_cells(const struct record *r, struct xlsx_cell *cells, uint32_t row)
{
	for (size_t i = 0; i < r->n; i++) {
		const char *s = r->text.buf + r->start[i];
		size_t n = r->start[i + 1] - r->start[i], skip = csv_cell_unguard(s, n);

		cells[i].row = row;
		cells[i].col = (uint32_t)i;
		cells[i].type = XT_STRING;
		cells[i].fmt = XF_GENERAL;
		cells[i].s = s + skip;
		cells[i].n = n - skip;
	}
	return r->n;
}

/* The separator that splits `line` into cells is_header accepts; 0 when none. */
static char header_separator(const char *line, size_t n, struct record *r, struct xlsx_cell *cells,
                             bool (*is_header)(const struct xlsx_cell *, size_t))
{
	for (size_t k = 0; k < sizeof(separators); k++) {
		rec_reset(r);
		if (rec_line(r, line, n, separators[k]) && !r->text.err &&
		    is_header(cells, rec_cells(r, cells, 1)))
			return separators[k];
	}
	return 0;
}

/* A record and its cells for trying separators on single lines. */
struct probe {
	struct record r;
	struct xlsx_cell cells[CSV_FIELDS_MAX];
};

static struct probe *probe_new(void)
{
	struct probe *p = calloc(1, sizeof(*p));

	if (p)
		sb_init(&p->r.text, CSV_RECORD_MAX);
	return p;
}

static void probe_free(struct probe *p)
{
	if (p)
		sb_release(&p->r.text);
	free(p);
}

char csv_find_separator(struct reader *r, int lines,
                        bool (*is_header)(const struct xlsx_cell *cells, size_t n))
{
	struct probe *p = probe_new();
	char *line, sep = 0;
	size_t len;

	for (int k = 0; p && k < lines && !sep && reader_next(r, &line, &len) > 0; k++)
		sep = header_separator(line, len, &p->r, p->cells, is_header);
	probe_free(p);
	return sep;
}

bool csv_is_flat_header(const char *line, size_t n)
{
	struct probe *p = probe_new();
	bool yes = p && header_separator(line, n, &p->r, p->cells, flat_is_header) != 0;

	probe_free(p);
	return yes;
}

/* ---- records as rows ---------------------------------------------------- */

struct csv_rows {
	struct reader *rd;
	char sep;
	const char *file;
	struct diags *diags;
	uint32_t records;
	int line;                   /* where the record being read starts */
	bool done;
	struct record r;
	struct xlsx_cell cells[CSV_FIELDS_MAX];
};

int csv_rows_open(struct csv_rows **out, struct reader *r, char sep, const char *file,
                  struct diags *diags, uint32_t records)
{
	struct csv_rows *c = calloc(1, sizeof(*c));

	*out = NULL;
	if (!c)
		return JX_ENOMEM;
	c->rd = r;
	c->sep = sep;
	c->file = file;
	c->diags = diags;
	c->records = records;
	sb_init(&c->r.text, CSV_RECORD_MAX);
	rec_reset(&c->r);
	*out = c;
	return 0;
}

void csv_rows_close(struct csv_rows *c)
{
	if (!c)
		return;
	sb_release(&c->r.text);
	free(c);
}

/* The end of the file: what stopped the reader and a quote left open. */
static int rows_end(struct csv_rows *c, int got)
{
	struct reader *rd = c->rd;

	c->done = true;
	if (got < 0) {
		if (-got == JX_ETOOBIG) {
			diag_error(c->diags, c->file, reader_lineno(rd) + 1, NULL, "行过长（超过 %u 字节）",
			           READER_MAX_LINE);
		} else if (-got == JX_EIO && strcmp(reader_encoding(rd), "UTF-8") != 0) {
			diag_error(c->diags, c->file, reader_lineno(rd) + 1, NULL, "无法按 %s 编码解码",
			           reader_encoding(rd));
		} else {
			return got;
		}
	}
	if (c->r.quoted)
		diag_error(c->diags, c->file, c->line, NULL,
		           "引号未闭合：从这一行开始的字段直到文件结尾都没有结束的引号");
	return 0;
}

int csv_rows_next(struct csv_rows *c, const struct xlsx_cell **cells, size_t *n, int *line)
{
	struct record *r = &c->r;
	char *text;
	size_t len;
	int got;

	if (c->done)
		return 0;
	rec_reset(r);
	while ((got = reader_next(c->rd, &text, &len)) > 0) {
		if (!r->quoted)
			c->line = reader_lineno(c->rd);
		if (!rec_line(r, text, len, c->sep))
			continue;
		c->records++;
		if (r->text.err) {
			diag_error(c->diags, c->file, c->line, NULL, "记录过长（超过 %u MiB）",
			           CSV_RECORD_MAX >> 20);
		} else if (r->too_many) {
			diag_error(c->diags, c->file, c->line, NULL, "一条记录超过 %d 个字段", CSV_FIELDS_MAX);
		} else {
			*n = rec_cells(r, c->cells, c->records);
			*cells = c->cells;
			*line = c->line;
			return 1;
		}
		rec_reset(r);
	}
	return rows_end(c, got);
}

/* ---- the flat layout ------------------------------------------------------ */

int csv_read(struct reader *rd, const char *file, struct diags *diags, const struct parse_opts *opts)
{
	struct record *r = calloc(1, sizeof(*r));
	struct xlsx_cell *cells = calloc(CSV_FIELDS_MAX, sizeof(*cells));
	const struct xlsx_cell *row;
	struct csv_rows *rows = NULL;
	struct flat *fl = NULL;
	char *line, sep = 0;
	size_t len, n;
	int got, rc = 0, line_no;

	if (!r || !cells) {
		rc = JX_ENOMEM;
		goto out;
	}
	sb_init(&r->text, CSV_RECORD_MAX);
	if ((rc = flat_new(&fl, file, NULL, false, diags, opts)))
		goto out;
	/* the header: its first line tells the separator */
	if ((got = reader_next(rd, &line, &len)) > 0) {
		if (!(sep = header_separator(line, len, r, cells, flat_is_header))) {
			diag_error(diags, file, 1, NULL,
			           "第一行不是指标明细表的表头（应含项目名称、实施单位、三级指标、年度指标值）");
			goto out;
		}
		flat_header(fl, cells, rec_cells(r, cells, 1), 1);
	}
	if ((rc = csv_rows_open(&rows, rd, sep, file, diags, 1)))
		goto out;
	if (got < 0) {
		rc = -rows_end(rows, got);
		if (rc)
			goto out;
	}
	if (!sep) {
		diag_error(diags, file, 0, NULL, "文件为空");
		goto out;
	}
	while ((got = csv_rows_next(rows, &row, &n, &line_no)) > 0)
		if ((rc = flat_row(fl, row, n, line_no)))
			goto out;
	if (got < 0) {
		rc = -got;
		goto out;
	}
	rc = flat_finish(fl);
	fl = NULL;
out:
	csv_rows_close(rows);
	flat_free(fl);
	if (r)
		sb_release(&r->text);
	free(r);
	free(cells);
	return rc;
}
