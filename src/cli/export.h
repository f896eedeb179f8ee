/*
 * export.h: the formats of `jixiao export` (exports.def), one writer each:
 * begin, one declaration at a time, end.  A writer never holds more than
 * the declaration it is given (streams, not whole databases in memory).
 */
#ifndef JX_EXPORT_H
#define JX_EXPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "../model/decl.h"
#include "../review/profile.h"
#include "../store/store.h"
#include "../util/strbuf.h"

struct export_ctx {
	const char *path;           /* -o FILE; NULL: standard output (text formats only) */
	const struct profile *profile;  /* the indicator tree the form prints */
	struct store *store;        /* for writers that want more than the declaration */
	bool hold;                  /* write nothing visible until end(ok) (named ids) */
	int year;                   /* --year the declarations were chosen by; 0: none */
	const char *department;     /* --department; NULL: none */
	char err[256];              /* a Chinese reason for a failure, when there is one */
};

struct exporter {
	const char *name;           /* --format NAME */
	bool binary;                /* needs -o FILE */
	/* Opens the output; *state is the writer's.  0 or a JX_ code. */
	int (*begin)(struct export_ctx *ctx, void **state);
	/* Writes one declaration (id, revision as stored).  0 or a JX_ code. */
	int (*decl)(void *state, const struct decl *d, int64_t id, int rev);
	/* Finishes (ok) or discards everything written (!ok, no file left
	 * behind); frees state.  0 or a JX_ code. */
	int (*end)(void *state, bool ok);
};

/*
 * A self-contained printable page (export_html.c): printable_head appends
 * everything up to <body> (the title escaped, static/jixiao.css inline, no
 * external resource; the sticky error is sb's), printable_tail the end.
 */
void printable_head(struct strbuf *sb, const char *title);
extern const char printable_tail[];

#define EXPORT(name, impl, binary, summary) extern const struct exporter impl;
#include "exports.def"
#undef EXPORT

#endif
