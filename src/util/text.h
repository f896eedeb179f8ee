/*
 * text.h: UTF-8 and the Text rules of FORMAT.md.
 *
 * PDF table extraction breaks long cells into lines and joins them back with
 * a space; these functions undo that (text_normalise), turn goal-cell HTML
 * into plain paragraphs (text_strip_html) and read full-width forms as ASCII
 * (text_halfwidth).  All append to a strbuf and never fail on bad bytes: an
 * invalid byte is copied as it is (the reader rejects invalid UTF-8 earlier).
 */
#ifndef JX_TEXT_H
#define JX_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/*
 * Decodes one code point at s (n bytes available).  Returns its length in
 * bytes, or 0 when the bytes there are not valid UTF-8 (overlong forms,
 * surrogates and values above U+10FFFF are invalid).
 */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Appends the UTF-8 encoding of cp. */
void utf8_encode(struct strbuf *out, uint32_t cp);
/* Offset of the first invalid byte, or n when all of s is valid UTF-8. */
size_t utf8_check(const char *s, size_t n);
/* The same, a NUL byte counting as invalid: n when s is text. */
size_t utf8_check_text(const char *s, size_t n);
/* Length in code points (invalid bytes count one each). */
size_t utf8_chars(const char *s, size_t n);

/* CJK ideographs, CJK and full-width punctuation, kana: the characters next
 * to which a space is an extraction artefact. */
bool is_cjk(uint32_t cp);
/* ASCII space, tab, CR, LF, no-break space, ideographic space. */
bool is_space_cp(uint32_t cp);

/*
 * Appends s normalised: a run of spaces is removed where a CJK character
 * stands on either side of it and folds to one space elsewhere; spaces at
 * the ends and around line breaks go; runs of line breaks fold to one.
 */
void text_normalise(struct strbuf *out, const char *s, size_t n);
/* True when text_normalise would append s as it is: s holds no blank
 * (space, tab, CR, LF, no-break or ideographic space). */
bool text_is_normal(const char *s, size_t n);
/*
 * Appends s with HTML markup turned into text: <p>, </p>, <br>, <div>,
 * <li> become line breaks, other tags go, and the common entities are
 * decoded.  A '<' that does not open a tag is kept.  Does not normalise.
 */
void text_strip_html(struct strbuf *out, const char *s, size_t n);
/*
 * Appends s with full-width ASCII variants (U+FF01..U+FF5E) as ASCII, the
 * ideographic space as a space, and ≧ ≦ ⩾ ⩽ as ≥ ≤.
 */
void text_halfwidth(struct strbuf *out, const char *s, size_t n);

/* The work of text_trim, for when an end may be blank. */
void text_trim_ends(const char **s, size_t *n);
/* Trims spaces, tabs, CRs, LFs, no-break and ideographic spaces from both
 * ends of [*s, *s + *n) (the blanks of is_space_cp).  Inline, as most text
 * has nothing to trim: a first byte that starts no blank and a last byte
 * that ends none (blanks end in 09 0A 0D 20 A0 80). */
static inline void text_trim(const char **s, size_t *n)
{
	const unsigned char *u = (const unsigned char *)*s;

	if (*n && u[0] > ' ' && u[0] != 0xc2 && u[0] != 0xe3 && u[*n - 1] > ' ' &&
	    u[*n - 1] != 0xa0 && u[*n - 1] != 0x80)
		return;
	text_trim_ends(s, n);
}
/* True when s (n bytes) contains nothing but spaces. */
bool text_blank(const char *s, size_t n);

#endif
