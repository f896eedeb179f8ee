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

/* What the first bytes of an input say it is: a ZIP package (an XLSX
 * workbook), an OLE2 file (an old .xls or an encrypted workbook), or
 * neither (text of some kind).  Readers of other tables than declarations
 * choose by it too. */
enum input_magic { MAGIC_NONE, MAGIC_ZIP, MAGIC_OLE };
enum input_magic input_magic(const void *data, size_t n);
/* What to tell the user who gave an OLE2 file. */
extern const char input_ole_refusal[];

/* Reads the file at path ("-": standard input), named `name` in findings;
 * a file that cannot be opened or read is a finding.  Returns 0 or what
 * the reader or the sink returned. */
int parse_file(const char *path, const char *name, struct diags *diags,
               const struct parse_opts *opts);
/* The same for bytes in memory (an upload). */
int parse_memory(const char *data, size_t n, const char *name, struct diags *diags,
                 const struct parse_opts *opts);

#endif
