/*
 * importer.h: declarations uploaded through the web (a page or the API)
 * into the store: read (seed-layout text, FORMAT.md JSON, an XLSX workbook
 * or flat CSV, told apart by content: parse_any.h), checked against what the user may own, reviewed, and stored
 * with their review in one transaction: any problem stores nothing.
 */
#ifndef JX_IMPORTER_H
#define JX_IMPORTER_H

#include "../util/diag.h"
#include "http.h"

struct imported {
	int64_t id;
	int rev;
	enum put_result res;
	const char *name;           /* in the request's arena */
	const char *verdict;
	int n_error, n_warning;
};

struct import_result {
	struct imported *v;         /* in the request's arena */
	size_t n, cap;
	struct diags diags;         /* reading problems and refusals */
};

/* Imports data (n bytes) named `name` for r->user.  Fills res (release its
 * diags with diags_release); returns 0 or a JX_ code for a system failure.
 * When res->diags.n_error is not 0 nothing was stored. */
int web_import(struct req *r, const char *data, size_t n, const char *name,
               struct import_result *res);

#endif
