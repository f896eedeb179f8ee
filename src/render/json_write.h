/*
 * json_write.h: a JSON writer over a strbuf, and declarations as FORMAT.md
 * JSON through it.  Strings are escaped by construction; nothing reaches the
 * output any other way.
 */
#ifndef JX_JSON_WRITE_H
#define JX_JSON_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../model/decl.h"
#include "../util/strbuf.h"

#define JW_MAX_DEPTH 16

struct jw {
	struct strbuf *out;
	bool pretty;
	int depth;
	bool first[JW_MAX_DEPTH];
	bool after_key;
};

/* Starts writing into `out` at nesting `depth` (for a value inside an array
 * the caller writes itself). */
void jw_init(struct jw *w, struct strbuf *out, bool pretty, int depth);
void jw_obj_begin(struct jw *w);
void jw_obj_end(struct jw *w);
void jw_arr_begin(struct jw *w);
void jw_arr_end(struct jw *w);
/* A key of n bytes: the program's own ASCII names, written as they are. */
void jw_keyn(struct jw *w, const char *key, size_t n);
/* A key (inline: the length of a literal is known when compiling). */
static inline void jw_key(struct jw *w, const char *key)
{
	jw_keyn(w, key, strlen(key));
}
void jw_str(struct jw *w, const char *s);
void jw_strn(struct jw *w, const char *s, size_t n);
void jw_int(struct jw *w, long long v);
/* A number already written as JSON text (e.g. "9.36"); the caller vouches for it. */
void jw_raw_number(struct jw *w, const char *num);
/* A whole value already written as JSON text by this writer (a stored
 * document), n bytes; the caller vouches for it. */
void jw_raw_value(struct jw *w, const char *json, size_t n);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);
/* An amount as FORMAT.md writes it: "5350000.00", or null when blank. */
void jw_amount(struct jw *w, struct amount a);
/* A date "YYYY-MM-DD", or null when absent. */
void jw_date(struct jw *w, struct date d);

/* Appends s as a quoted, escaped JSON string. */
void json_quote(struct strbuf *out, const char *s, size_t n);

/* Writes one declaration object (FORMAT.md v1) as the next value of w. */
void json_write_decl(struct jw *w, const struct decl *d);
/* Writes a target object as the next value of w. */
void json_write_target(struct jw *w, const struct target *t);

#endif
