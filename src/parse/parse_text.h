/*
 * parse_text.h: the importer of text extracted from published PDF forms
 * (the seed's layout: tab-separated cells, wrapped lines, page breaks,
 * merged cells, several forms in one file).
 */
#ifndef JX_PARSE_TEXT_H
#define JX_PARSE_TEXT_H

#include "parse.h"
#include "reader.h"

/*
 * Reads every form in `r`, naming the file `file` in findings.  Each form
 * read without error goes to opts->sink; a form with any error does not.
 * Returns 0 (look at diags->n_error for the user's mistakes), a JX_ code for
 * an operational failure (reading, memory), or what the sink returned.
 */
int parse_text(struct reader *r, const char *file, struct diags *diags,
               const struct parse_opts *opts);

#endif
