/*
 * json_out.h: a JSON array of declarations on standard output.
 *
 * Buffered mode keeps the output back (in memory, then in an unlinked
 * temporary file past 8 MiB, so memory stays bounded) until the caller
 * knows the input had no errors: a failed convert writes nothing.
 */
#ifndef JX_JSON_OUT_H
#define JX_JSON_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "../model/decl.h"
#include "../util/strbuf.h"

struct json_out {
	struct strbuf sb;
	FILE *spill;
	size_t count;
	bool buffered;
	int err;
};

void json_out_init(struct json_out *o, bool buffered);
/* Appends a declaration; returns 0 or a JX_ code. */
int json_out_decl(struct json_out *o, const struct decl *d);
/* Ends the array and, when `emit`, writes everything to stdout; releases o.
 * Returns 0 or a JX_ code. */
int json_out_finish(struct json_out *o, bool emit);

#endif
