/*
 * xlsx_read.h: the importer of XLSX workbooks: sheets in the official
 * layout of the form (one declaration a sheet, as `jixiao export --format
 * xlsx` writes them, or as a person edited them) and sheets in the flat
 * layout (one row per indicator, flat.h).
 */
#ifndef JX_XLSX_READ_H
#define JX_XLSX_READ_H

#include <stddef.h>

#include "parse.h"
#include "xlsx_book.h"

/*
 * Reads the workbook of n bytes at data, named `file` in findings.  Each
 * declaration read without error goes to opts->sink.  A problem is a finding
 * whose line is the sheet's row and whose message starts with the sheet and
 * cell ("Sheet1!C6：无法识别的金额 \"abc\"").  A file that is no workbook is
 * one finding.  Returns 0, JX_ENOMEM, or what the sink returned.
 */
int xlsx_read(const void *data, size_t n, const char *file, struct diags *diags,
              const struct parse_opts *opts);

/* The same over parts already opened (taken over and closed). */
int xlsx_read_parts(struct xlsx_parts *parts, const char *file, struct diags *diags,
                    const struct parse_opts *opts);

#endif
