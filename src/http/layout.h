/*
 * layout.h: the page frame of `jixiao serve` over the HTML writer.
 */
#ifndef JX_LAYOUT_H
#define JX_LAYOUT_H

#include "../render/html.h"
#include "../render/xlsx_write.h"
#include "http.h"

/* Starts a page in r->out: head, top bar (navigation, the user, logout),
 * <main> and an <h1> with the title. */
void page_begin(struct req *r, struct html *h, const char *title);
/* The hidden CSRF field of a form. */
void page_csrf(struct req *r, struct html *h);
/* The label 意见或理由 over the textarea "comment" of a workflow form,
 * holding what was typed when an action was refused. */
void page_comment(struct req *r, struct html *h);
/* Ends the transaction store_begin opened: commits when rc is 0, else (and
 * when the commit fails) rolls back.  Returns rc or the commit's code; the
 * store's message (store_errmsg) stays for the caller. */
int page_commit(struct req *r, int rc);
/* A notice paragraph; kind "error" or "ok". */
void page_message(struct html *h, const char *kind, const char *text);
/* <thead><tr><th>…</th>…</tr></thead> of the n column titles. */
void page_table_head(struct html *h, const char *const *titles, size_t n);
/* A query value as a non-negative int (at most 9 digits); 0 when it is not one. */
int page_int(const char *s);
/* A download: the answer r->out holds is the file `filename` of `type`. */
void page_attachment(struct req *r, const char *filename, const char *type);
/* The write function of a PDF writer (form_pdf_begin_stream) into the
 * strbuf `closure`. */
int page_pdf_sink(void *closure, const unsigned char *data, size_t n);
/* An XLSX workbook of `shape`, filled by fill(x, ctx), as the answer in
 * r->out.  The writer writes files: the workbook is made in a directory of
 * its own under $TMPDIR (or /tmp), read back and removed.  0 or a JX_ code
 * (the writer's reason on stderr). */
int page_xlsx(struct req *r, enum xlsx_shape shape, int (*fill)(struct xlsx_out *x, void *ctx), void *ctx);
/* Closes the page and sets the response; 0 or the writer's error. */
int page_end(struct req *r, struct html *h, int status);

#endif
