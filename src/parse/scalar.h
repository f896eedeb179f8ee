/*
 * scalar.h: amounts of money and dates as the forms write them.
 */
#ifndef JX_SCALAR_H
#define JX_SCALAR_H

#include <stddef.h>

#include "../model/decl.h"

/*
 * Reads an amount of yuan: `5,350,000.00`, `5350000`, `５，３５０，０００．００`,
 * `-12.5`, an optional trailing 元.  Blank text gives an unset amount.
 * Thousands separators must group three digits; at most two decimals.
 * Returns 0, or -1 when the text is not an amount (out untouched).
 */
int amount_parse(const char *s, size_t n, struct amount *out);

/* Writes fen as yuan with two decimals, "5350000.00"; buf holds 32 bytes. */
void amount_format(char buf[32], int64_t fen);
/* The same with thousands separators for people, "5,350,000.00";
 * buf holds 40 bytes. */
void amount_format_grouped(char buf[40], int64_t fen);

/*
 * Reads a date: `2023-01-01`, `2023/1/1`, `2023.01.01`, `2023年1月1日`,
 * full-width digits too.  Blank text gives an absent date (y == 0).
 * Returns 0, or -1 when the text is not a valid date.
 */
int date_parse(const char *s, size_t n, struct date *out);

/* Writes "YYYY-MM-DD"; buf holds 11 bytes. */
void date_format(char buf[11], struct date d);

/*
 * Reads a year of the form `2023`, `2023年`, `2023年度`, with full-width digits.
 * Returns the year (1900..2999) or 0.
 */
int year_parse(const char *s, size_t n);

#endif
