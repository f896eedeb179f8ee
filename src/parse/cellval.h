/*
 * cellval.h: the value of a table cell (from an XLSX sheet or a CSV file)
 * as the type of the field it stands for.
 *
 * A number in a sheet is the decimal text the sheet XML holds, never a
 * binary double here.  A program writing a sheet (libxlsxwriter with
 * "%.16G", Excel with 17 digits) may show the nearest double to 0.07 as
 * 0.07000000000000001; rounding that text, as text, to 15 significant
 * digits gives back the decimal the double was made from whenever it had at
 * most 15 (every amount up to AMOUNT_MAX_FEN has: 13 digits of yuan and 2 of
 * fen), because the double and its printed form both lie within 2·10^-16 of
 * it, relatively, well inside half a unit of the 15th digit.
 */
#ifndef JX_CELLVAL_H
#define JX_CELLVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "../model/decl.h"
#include "../util/strbuf.h"
#include "xlsx_book.h"

/* Significant digits a number keeps (Excel shows at most 15). */
#define CELL_DIGITS 15

/*
 * Appends the decimal text of a sheet number `s` (its XML form, e.g.
 * "5350000.07", "7.0000000000000007E-2"), rounded half away from zero to
 * CELL_DIGITS significant digits, without exponent or trailing zeros:
 * "0.07".  `shift` moves the decimal point right (2 for a percentage).
 * Returns false (appending nothing) when s is not a number.
 */
bool cell_number_text(struct strbuf *out, const char *s, size_t n, int shift);

/*
 * Appends the cell as it shows on screen: text as it is; a number in a
 * general format as cell_number_text, a percentage as "85%", a date as
 * "2023-01-01"; booleans as TRUE or FALSE; errors as written ("#N/A").
 */
void cell_text(struct strbuf *out, const struct xlsx_cell *c, bool date1904);

/*
 * An amount: a number is rounded as above and must then be a whole number
 * of fen; text goes through amount_parse ("5,350,000.00").  An absent
 * cell (c == NULL) is a blank amount.  Returns 0, or -1 when the cell holds
 * no amount (out untouched).
 */
int cell_amount(const struct xlsx_cell *c, struct amount *out);

/*
 * A date: a number is a day of the workbook's date system (Excel's 1900
 * system with its phantom 1900-02-29, or the 1904 one), its time of day
 * dropped; text goes through date_parse.  An absent cell is an absent date.
 * Returns 0 or -1.
 */
int cell_date(const struct xlsx_cell *c, bool date1904, struct date *out);

/*
 * Appends the key a label or column title is compared by: without spaces,
 * "其中", colons, and "(元)" at the end; full-width parentheses as ASCII.
 * "其中：财政资金（元）" and "财政资金" have the same key.
 */
void cell_label_key(struct strbuf *key, const char *s, size_t n);

/* The date of serial day `serial`; false outside 1..2958465 (9999-12-31)
 * or on the phantom day 60 of the 1900 system. */
bool cell_serial_date(long serial, bool date1904, struct date *out);

#endif
