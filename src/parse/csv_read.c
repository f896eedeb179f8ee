/*
 * csv_read.c: CSV records into the flat layout's reader (flat.c).
 *
 * A record is split into fields as RFC 4180 says, leniently: a quote
 * opens a quoted field only at the start of a field; inside one, a doubled
 * quote is a quote and a line break belongs to the field (the record goes
 * on on the next line).  The separator is the one that makes the first line
 * a flat header: comma, tab or semicolon.
 */
#include <string.h>

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

/* The record's fields as cells of row `row`. */
static size_t rec_cells(const struct record *r, struct xlsx_cell *cells, uint32_t row)
{
	for (size_t i = 0; i < r->n; i++) {
		cells[i].row = row;
		cells[i].col = (uint32_t)i;
		cells[i].type = XT_STRING;
		cells[i].fmt = XF_GENERAL;
		cells[i].s = r->text.buf + r->start[i];
		cells[i].n = r->start[i + 1] - r->start[i];
	}
	return r->n;
}

/* The separator that makes `line` a flat header; 0 when none does. */
static char header_separator(const char *line, size_t n, struct record *r, struct xlsx_cell *cells)
{
	for (size_t k = 0; k < sizeof(separators); k++) {
		rec_reset(r);
		if (rec_line(r, line, n, separators[k]) && !r->text.err &&
		    flat_is_header(cells, rec_cells(r, cells, 1)))
			return separators[k];
	}
	return 0;
}

bool csv_is_flat_header(const char *line, size_t n)
{
	struct record *r = calloc(1, sizeof(*r));
	struct xlsx_cell *cells = calloc(CSV_FIELDS_MAX, sizeof(*cells));
	bool yes = false;

	if (r && cells) {
		sb_init(&r->text, CSV_RECORD_MAX);
		yes = header_separator(line, n, r, cells) != 0;
		sb_release(&r->text);
	}
	free(cells);
	free(r);
	return yes;
}

int csv_read(struct reader *rd, const char *file, struct diags *diags, const struct parse_opts *opts)
{
	struct record *r = calloc(1, sizeof(*r));
	struct xlsx_cell *cells = calloc(CSV_FIELDS_MAX, sizeof(*cells));
	struct flat *fl = NULL;
	char *line, sep = 0;
	size_t len;
	int got, rc = 0, rec_line_no = 0;
	uint32_t records = 0;

	if (!r || !cells) {
		rc = JX_ENOMEM;
		goto out;
	}
	sb_init(&r->text, CSV_RECORD_MAX);
	if ((rc = flat_new(&fl, file, NULL, false, diags, opts)))
		goto out;
	rec_reset(r);
	while ((got = reader_next(rd, &line, &len)) > 0) {
		if (!r->quoted)
			rec_line_no = reader_lineno(rd);
		if (!sep) {
			if (!(sep = header_separator(line, len, r, cells))) {
				diag_error(diags, file, 1, NULL,
				           "第一行不是指标明细表的表头（应含项目名称、实施单位、三级指标、年度指标值）");
				goto out;
			}
			flat_header(fl, cells, rec_cells(r, cells, 1), 1);
			records = 1;
			rec_reset(r);
			continue;
		}
		if (!rec_line(r, line, len, sep))
			continue;
		records++;
		if (r->text.err) {
			diag_error(diags, file, rec_line_no, NULL, "记录过长（超过 %u MiB）",
			           CSV_RECORD_MAX >> 20);
		} else if (r->too_many) {
			diag_error(diags, file, rec_line_no, NULL, "一条记录超过 %d 个字段", CSV_FIELDS_MAX);
		} else if ((rc = flat_row(fl, cells, rec_cells(r, cells, records), rec_line_no))) {
			goto out;
		}
		rec_reset(r);
	}
	if (got < 0) {
		if (-got == JX_ETOOBIG) {
			diag_error(diags, file, reader_lineno(rd) + 1, NULL, "行过长（超过 %u 字节）",
			           READER_MAX_LINE);
		} else if (-got == JX_EIO && strcmp(reader_encoding(rd), "UTF-8") != 0) {
			diag_error(diags, file, reader_lineno(rd) + 1, NULL, "无法按 %s 编码解码",
			           reader_encoding(rd));
		} else {
			rc = -got;
			goto out;
		}
	}
	if (r->quoted)
		diag_error(diags, file, rec_line_no, NULL, "引号未闭合：从这一行开始的字段直到文件结尾都没有结束的引号");
	if (!sep) {
		diag_error(diags, file, 0, NULL, "文件为空");
		goto out;
	}
	rc = flat_finish(fl);
	fl = NULL;
out:
	flat_free(fl);
	if (r)
		sb_release(&r->text);
	free(r);
	free(cells);
	return rc;
}
