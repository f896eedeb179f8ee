/*
 * csv_read.h: the importer of the flat layout (flat.h) saved as CSV: UTF-8
 * with or without a byte order mark (or any encoding reader.h decodes),
 * quoted fields with doubled quotes and line breaks inside, CRLF or LF line
 * ends, separated by commas, tabs or semicolons as the header row shows.
 * A cell's leading quote that kept a spreadsheet from taking it for a
 * formula is dropped (csv_cell_unguard, util/csv_cell.h).
 * Its records, as rows of cells, serve other tables too (csv_rows).
 */
#ifndef JX_CSV_READ_H
#define JX_CSV_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parse.h"
#include "reader.h"
#include "xlsx_book.h"

/* The largest record (all its fields, quotes removed) and the most fields. */
#define CSV_RECORD_MAX (16u << 20)
#define CSV_FIELDS_MAX 1024

/* True when `line`, the first line of a file, is the flat layout's header
 * row (it is how `jixiao convert` tells a CSV file from the text forms). */
bool csv_is_flat_header(const char *line, size_t n);

/* The separator (comma, tab or semicolon, tried in that order) that splits
 * one of the next `lines` lines of r, taken alone, into cells that
 * `is_header` takes for its header row; 0 when none does (or r fails). */
char csv_find_separator(struct reader *r, int lines,
                        bool (*is_header)(const struct xlsx_cell *cells, size_t n));

/*
 * A CSV file's records as rows of text cells, for readers of other tables
 * than the flat layout (csv_read is one of them).  Reads from r as it
 * stands, splitting at sep.  Problems of the file itself are findings of
 * `file` in diags: a record too long or with too many fields (skipped), a
 * line too long, bytes its encoding does not decode, a quote never closed.
 * `records` is the number of records read before (row numbers go on from
 * it).  r stays the caller's.  Returns 0 or JX_ENOMEM.
 */
struct csv_rows;
int csv_rows_open(struct csv_rows **out, struct reader *r, char sep, const char *file,
                  struct diags *diags, uint32_t records);
/* The next record: 1 with its cells (XT_STRING, row = the record's number,
 * col its field's; valid until the next call), their count and the line the
 * record starts on; 0 at the end; or a negated JX_ code. */
int csv_rows_next(struct csv_rows *c, const struct xlsx_cell **cells, size_t *n, int *line);
void csv_rows_close(struct csv_rows *c);

/*
 * Reads every declaration of the CSV file in r, named `file` in findings
 * (line numbers are those of the file, cell references count records:
 * "C5").  Returns 0, a JX_ code for an operational failure, or what the
 * sink returned.
 */
int csv_read(struct reader *r, const char *file, struct diags *diags, const struct parse_opts *opts);

#endif
