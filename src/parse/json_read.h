/*
 * json_read.h: the importer of FORMAT.md JSON (an array of declaration
 * objects, or one object), read as a stream: one declaration at a time is
 * parsed and handed on, so memory is bounded by the largest declaration
 * (at most JSON_DECL_MAX bytes and JSON_DECL_VALUES_MAX values), never by
 * the file.
 */
#ifndef JX_JSON_READ_H
#define JX_JSON_READ_H

#include <stddef.h>

#include "parse.h"

/* The most bytes of JSON one declaration may take (its object, from "{"
 * to "}"); a larger one is a finding and the file is read no further. */
#define JSON_DECL_MAX (4u << 20)
/* The most values one declaration may hold (counted as its objects, arrays
 * and commas): what its parsed tree costs grows with them, not with its
 * bytes (4 MiB of "{}," would take some 600 MB). */
#define JSON_DECL_VALUES_MAX 100000u

/*
 * Reads the JSON text `data` (n bytes) named `file` in findings.  Each
 * declaration read without error goes to opts->sink; problems are findings
 * naming the declaration's index and the key, e.g. `[0].funds.total`; a
 * syntax error names the line and column and ends the reading (the
 * declarations before it have gone to the sink: the caller stores nothing
 * when there are errors).  Returns 0, JX_ENOMEM, or what the sink returned.
 */
int json_read(const char *data, size_t n, const char *file, struct diags *diags,
              const struct parse_opts *opts);

/* A source of the text's bytes: fills buf with up to n of them and returns
 * how many, 0 at the end, or (size_t)-1 when it cannot read. */
typedef size_t (*json_pull_fn)(void *ctx, char *buf, size_t n);

/* The same, pulling the text from `pull` a chunk at a time (`size` is its
 * length in bytes for progress, 0 when unknown); a source that cannot read
 * is a finding.  Memory stays bounded whatever the text's length. */
int json_read_pull(json_pull_fn pull, void *ctx, unsigned long long size, const char *file,
                   struct diags *diags, const struct parse_opts *opts);

#endif
