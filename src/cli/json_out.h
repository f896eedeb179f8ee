/*
 * json_out.h: a JSON array of declarations on standard output.
 *
 * Held-back mode writes nothing visible until the caller knows the input
 * had no errors, so a failed convert writes nothing.  When standard output
 * is a regular file it streams and, on failure, truncates the file back to
 * where it started; to /dev/null it just streams; to a pipe or a terminal it
 * keeps the output in memory, then in an unlinked temporary file past
 * 8 MiB, so memory stays bounded whatever the input size.
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
	bool buffered;          /* held back in memory / a temporary file */
	bool truncate;          /* streaming into a regular file */
	long long start;        /* where the file stood before */
	int err;
};

/* `hold` asks for held-back output; otherwise it streams to stdout. */
void json_out_init(struct json_out *o, bool hold);
/* Appends a declaration; returns 0 or a JX_ code. */
int json_out_decl(struct json_out *o, const struct decl *d);
/* Ends the array and, when `emit`, writes everything to stdout; releases o.
 * Returns 0 or a JX_ code. */
int json_out_finish(struct json_out *o, bool emit);

#endif
