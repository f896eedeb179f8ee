/*
 * diag.h: findings about the user's data.
 *
 * A problem in an input file or a declaration is not an error code: it is a
 * finding with file, line, field, rule and message, appended to a list, and
 * the reader keeps going so that all problems of a file come out in one pass
 * (openradtool).  The CLI prints the list, the API returns it as JSON, the
 * web page shows it next to the field: one list, three views.
 */
#ifndef JX_DIAG_H
#define JX_DIAG_H

#include <stddef.h>

#include "strbuf.h"

enum diag_sev { DIAG_ERROR, DIAG_WARNING, DIAG_INFO };

struct diag {
	enum diag_sev sev;
	char *file;     /* may be NULL */
	int line;       /* 1-based; 0 when the finding has no line */
	char *field;    /* the form's label, e.g. 项目资金总额; may be NULL */
	char *rule;     /* review rule id; NULL for reading problems */
	char *msg;      /* Chinese, problem first, quoting the text seen */
};

struct diags {
	struct diag *v;
	size_t n;
	size_t cap;
	size_t n_error;
	size_t limit;   /* stop storing after this many (0 = 1000); counted anyway */
	size_t dropped;
};

void diags_init(struct diags *d);
void diags_release(struct diags *d);
/* Appends a finding; copies every string.  Out of memory drops it (counted). */
void diags_add(struct diags *d, enum diag_sev sev, const char *file, int line,
               const char *field, const char *rule, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
/* Shorthand for an error with no rule. */
#define diag_error(d, file, line, field, ...) \
	diags_add((d), DIAG_ERROR, (file), (line), (field), NULL, __VA_ARGS__)

/* "file:line: 错误: field: message [rule]" without a newline. */
void diag_format(struct strbuf *out, const struct diag *g);
const char *diag_sev_name(enum diag_sev sev);   /* 错误, 警告, 提示 */

/*
 * Appends `text` (n bytes) to `out` as a quoted excerpt for a message: at most
 * 60 characters, cut on a character boundary with "…", and control characters
 * shown as spaces.
 */
void diag_quote(struct strbuf *out, const char *text, size_t n);

#endif
