/*
 * parse_any.h: declarations from an input of any supported kind, told
 * apart by content, never by file name: an XLSX workbook (a ZIP package),
 * FORMAT.md JSON, the flat layout as CSV (by its header row), or text in
 * the seed's layout (UTF-8, GB18030 or UTF-16).  An old .xls or an
 * encrypted workbook is refused with a message that says what to do.
 */
#ifndef JX_PARSE_ANY_H
#define JX_PARSE_ANY_H

#include <stddef.h>

#include "parse.h"

/* Reads the file at path ("-": standard input), named `name` in findings;
 * a file that cannot be opened or read is a finding.  Returns 0 or what
 * the reader or the sink returned. */
int parse_file(const char *path, const char *name, struct diags *diags,
               const struct parse_opts *opts);
/* The same for bytes in memory (an upload). */
int parse_memory(const char *data, size_t n, const char *name, struct diags *diags,
                 const struct parse_opts *opts);

#endif
