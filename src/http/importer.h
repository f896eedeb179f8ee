/*
 * importer.h: declarations uploaded through the web (a page or the API)
 * into the store: read (seed-layout text, FORMAT.md JSON, an XLSX workbook
 * or flat CSV, told apart by content: parse_any.h), each checked by the
 * write policy (model/write_policy.h) against the declaration its key
 * lands on, reviewed, and stored with their review in one transaction: any
 * problem stores nothing.
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
	size_t n_refused;           /* the refusals of the write policy among them */
	int status;                 /* the first refusal's HTTP status; 0 when none */
};

/* Imports data (n bytes) named `name` for r->user.  Fills res (release its
 * diags with diags_release); returns 0 or a JX_ code for a system failure.
 * When res->diags.n_error is not 0 nothing was stored. */
int web_import(struct req *r, const char *data, size_t n, const char *name,
               struct import_result *res);
/* The HTTP status of the answer to an import: 200 when it was stored; when
 * every problem is a refusal of the write policy, the first refusal's
 * status (403, 404 or 409, as PUT answers the same write); else 422. */
int import_status(const struct import_result *res);

#endif
