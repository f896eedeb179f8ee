/*
 * html.h: an HTML element writer over a strbuf that escapes by construction
 * (kcgi's khtml_*).
 *
 * Tags and attribute names are literals of our code: they are checked
 * against a table of known tags and the alphabet [a-z0-9-], and a wrong one
 * is a bug (assert; with NDEBUG it sets the sticky error and leaves out the
 * element or attribute).  Every attribute value and every text is escaped; URL-valued
 * attributes (href, src, action...) take only relative references starting
 * with '/', '?' or '#' and write "#" for anything else.  Event-handler
 * attributes (on*), style, and the raw-text elements script and style are
 * refused.  Open elements live on a stack, so closing is always balanced.
 * No function here writes its arguments to the output unescaped.
 */
#ifndef JX_HTML_H
#define JX_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/strbuf.h"

#define HTML_MAX_DEPTH 32

struct html {
	struct strbuf *out;         /* not owned */
	int depth;                  /* open elements */
	unsigned char stack[HTML_MAX_DEPTH];  /* their tags (html.c's table), innermost last */
	int err;                    /* sticky JX_EINPUT after a misuse; 0 */
};

/* Starts writing into `out`, which the caller owns and keeps alive. */
void html_init(struct html *h, struct strbuf *out);

/* Writes "<!DOCTYPE html>" and a line break. */
void html_doctype(struct html *h);

/*
 * Opens element `tag` with attributes given as name, value pairs ending with
 * a NULL name: html_open(h, "td", "class", "val", "rowspan", "3", NULL).
 * A NULL value leaves its attribute out.  Values are escaped.
 */
void html_open(struct html *h, const char *tag, ...) __attribute__((sentinel));
/* The same for a void element (br, col, hr, img, input, link, meta): no
 * content, nothing pushed, nothing to close. */
void html_void(struct html *h, const char *tag, ...) __attribute__((sentinel));

/* <script src="url" defer></script>: a script of our own, never inline
 * content; url must pass html_url_ok (else nothing is written and the
 * sticky error is set). */
void html_script_src(struct html *h, const char *url);

/* Closes the innermost open element. */
void html_close(struct html *h);
/* Closes elements until `depth` remain open (a depth saved from h->depth). */
void html_close_to(struct html *h, int depth);
/* Closes every open element. */
void html_close_all(struct html *h);

/* Text content, escaped: & < > " ' become entities; NUL becomes U+FFFD.
 * A NULL string writes nothing. */
void html_text(struct html *h, const char *s);
void html_textn(struct html *h, const char *s, size_t n);
/* printf, then the result escaped as text. */
void html_textf(struct html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A multi-line text (a goal): each non-blank line becomes a <p>, escaped. */
void html_paras(struct html *h, const char *s);

/*
 * Closes whatever is still open.  Returns 0, the strbuf's sticky error
 * (JX_ENOMEM, JX_ETOOBIG), or JX_EINPUT after a misuse of the writer.
 */
int html_finish(struct html *h);

/* Checks exposed for the tests. */
/* True for a non-empty name of [a-z0-9-] only. */
bool html_name_ok(const char *name);
/* True for a URL html_open writes as it is: '/', '?' or '#' first, no
 * "//" or "/\" start, no backslash, space or control character. */
bool html_url_ok(const char *url);

#endif
