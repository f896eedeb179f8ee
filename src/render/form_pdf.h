/*
 * form_pdf.h: declarations as PDF in the official layout of the seed
 * (财政项目支出绩效目标申报表), A4 portrait, drawn with cairo and pango.
 *
 * A writer streams: begin, one declaration at a time, end.  It holds only
 * the declaration it is drawing (cairo keeps the font subsets until the
 * end), never the whole set.  Each declaration starts on a new page: the
 * title and year, the project rows, the 项目资金（元） block, the goals side
 * by side and the 绩效指标 table with every category of the profile's tree
 * (empty ones as blank rows, 一级/二级 merged vertically, as form_html.c
 * does in HTML).  Long cells wrap and break across pages; the indicator
 * table repeats its header row on every page it continues on.  Text is set
 * in Noto Sans CJK SC (Noto Serif CJK SC as the fallback) with the zh-cn
 * language, so Chinese glyph forms are used; the fonts are embedded.
 *
 * The same writer draws the self-evaluation table (form_pdf_selfeval in
 * selfeval_table.h), on pages of its own, so one PDF may hold both.
 */
#ifndef JX_FORM_PDF_H
#define JX_FORM_PDF_H

#include <stddef.h>

#include "../model/decl.h"
#include "../review/profile.h"
#include "../util/strbuf.h"

struct form_pdf;

/* Receives the PDF's bytes in order; returns 0, or nonzero to fail the
 * writer (it then reports JX_EIO). */
typedef int (*form_pdf_write_fn)(void *closure, const unsigned char *data, size_t n);

/*
 * Starts a PDF written through `write` (closure is passed back as it is).
 * Returns 0 with *out set, JX_ENOMEM, or JX_ENOENT when no Noto CJK font
 * is installed (fonts-noto-cjk), with a Chinese reason in `err` (may be
 * NULL).  The writer must be ended with form_pdf_end.
 */
int form_pdf_begin_stream(form_pdf_write_fn write, void *closure, struct form_pdf **out,
                          struct strbuf *err);

/* The same, into the file at `path` (created or truncated); JX_EIO with
 * the reason in err when it cannot be opened. */
int form_pdf_begin(const char *path, struct form_pdf **out, struct strbuf *err);

/*
 * Draws d on new pages.  p gives the indicator tree; NULL prints every
 * indicator as a row outside the tree, in form order.  d is only read
 * during the call.  Returns 0, JX_ENOMEM or JX_EIO; errors are sticky.
 */
int form_pdf_decl(struct form_pdf *w, const struct decl *d, const struct profile *p);

/* The number of pages drawn so far. */
int form_pdf_pages(const struct form_pdf *w);

/*
 * Finishes the PDF (a writer that drew no declaration writes one blank
 * page), closes the file of form_pdf_begin and frees w (NULL is a no-op).
 * Returns 0 or the first error of the writer's life, JX_ENOMEM or JX_EIO.
 */
int form_pdf_end(struct form_pdf *w);

#endif
