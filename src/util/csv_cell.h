/*
 * csv_cell.h: one CSV cell, written and read back, with spreadsheet formula
 * injection neutralised (OWASP's rule for CSV files).
 *
 * A spreadsheet that opens a CSV file takes a cell beginning with = + - @,
 * a tab or a carriage return for a formula (`=cmd|' /C calc'!A0` runs a
 * program in some).  Every CSV cell the program writes goes through
 * csv_cell_add, which prefixes such a cell with a single quote and quotes
 * it; a spreadsheet then shows it as text.  The rule, exactly:
 *
 *   written: a quote is prefixed when the text, after any single quotes it
 *            begins with, begins with = + - @ tab or CR, unless the whole
 *            text is a plain number (an optional sign, digits with optional
 *            thousands commas, an optional decimal part, an optional %):
 *            "-5%", "+3" and "-1,234.50" are data and stay as they are;
 *   read:    csv_cell_unguard drops one leading quote when the text, after
 *            the single quotes it begins with, begins with = + - @ tab or
 *            CR.
 *
 * So every text read back is the text written (a text that itself begins
 * with quotes before such a character gets one more), and an indicator
 * named "=cmd…" in a template comes back by that name when the filled
 * template is uploaded.
 */
#ifndef JX_CSV_CELL_H
#define JX_CSV_CELL_H

#include <stdbool.h>
#include <stddef.h>

#include "strbuf.h"

/* True when a spreadsheet would take text (n bytes) for a formula and
 * csv_cell_add prefixes it with a quote. */
bool csv_cell_guarded(const char *text, size_t n);

/* Appends the cell `text` (NULL: empty) to out, preceded by `sep` unless it
 * is the first of its record: neutralised as above, quoted when it holds
 * the separator, a quote, a line break, or begins or ends with a space. */
void csv_cell_add(struct strbuf *out, const char *text, bool first, char sep);

/* How many bytes (0 or 1) of a cell read from a CSV file are the quote
 * csv_cell_add prefixed: the cell's text starts after them. */
size_t csv_cell_unguard(const char *text, size_t n);

#endif
