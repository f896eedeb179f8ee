/*
 * json_read.h: the importer of FORMAT.md JSON (an array of declaration
 * objects, or one object).
 */
#ifndef JX_JSON_READ_H
#define JX_JSON_READ_H

#include <stddef.h>

#include "parse.h"

/*
 * Reads the JSON text `data` (n bytes) named `file` in findings.  Each
 * declaration read without error goes to opts->sink; problems are findings
 * naming the declaration's index and the key, e.g. `[0].funds.total`.
 * Returns 0, JX_ENOMEM, or what the sink returned.
 */
int json_read(const char *data, size_t n, const char *file, struct diags *diags,
              const struct parse_opts *opts);

#endif
