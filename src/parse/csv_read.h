/*
 * csv_read.h: the importer of the flat layout (flat.h) saved as CSV: UTF-8
 * with or without a byte order mark (or any encoding reader.h decodes),
 * quoted fields with doubled quotes and line breaks inside, CRLF or LF line
 * ends, separated by commas, tabs or semicolons as the header row shows.
 */
#ifndef JX_CSV_READ_H
#define JX_CSV_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "parse.h"
#include "reader.h"

/* The largest record (all its fields, quotes removed) and the most fields. */
#define CSV_RECORD_MAX (16u << 20)
#define CSV_FIELDS_MAX 1024

/* True when `line`, the first line of a file, is the flat layout's header
 * row (it is how `jixiao convert` tells a CSV file from the text forms). */
bool csv_is_flat_header(const char *line, size_t n);

/*
 * Reads every declaration of the CSV file in r, named `file` in findings
 * (line numbers are those of the file, cell references count records:
 * "C5").  Returns 0, a JX_ code for an operational failure, or what the
 * sink returned.
 */
int csv_read(struct reader *r, const char *file, struct diags *diags, const struct parse_opts *opts);

#endif
