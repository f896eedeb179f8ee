/*
 * parse.h: what every importer of declarations shares.
 *
 * An importer reads a file and hands each declaration it read without error
 * to a sink.  The declaration and its strings live in an arena the importer
 * owns and resets after the sink returns: a sink that keeps anything copies
 * it.  Problems in the file are findings in `diags`, all of them in one pass.
 */
#ifndef JX_PARSE_H
#define JX_PARSE_H

#include "../model/decl.h"
#include "../util/diag.h"

/* Returns 0 to go on, or a JX_ error code that stops the import. */
typedef int (*decl_sink)(void *ctx, const struct decl *d);

/* Progress: called now and then with bytes consumed and total (0 if unknown). */
typedef void (*progress_fn)(void *ctx, unsigned long long done, unsigned long long total);

struct parse_opts {
	decl_sink sink;
	void *sink_ctx;
	progress_fn progress;
	void *progress_ctx;
};

#endif
