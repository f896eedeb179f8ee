/*
 * csv_cell.c: the CSV cell writer and its reading rule (csv_cell.h): the
 * one place that decides what a spreadsheet would take for a formula.
 */
#include <string.h>

#include "csv_cell.h"

/* The first characters that make a spreadsheet read a cell as a formula. */
static const char triggers[] = "=+-@\t\r";

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* An optional sign, digits (with thousands commas), an optional decimal
 * part and an optional percent sign: a number, never a formula. */
static bool plain_number(const char *s, size_t n)
{
	size_t i = n && (s[0] == '+' || s[0] == '-');

	if (i == n || !is_digit(s[i]))
		return false;
	while (i < n && (is_digit(s[i]) || (s[i] == ',' && i + 1 < n && is_digit(s[i + 1]))))
		i++;
	if (i < n && s[i] == '.') {
		if (++i == n || !is_digit(s[i]))
			return false;
		while (i < n && is_digit(s[i]))
			i++;
	}
	if (i < n && s[i] == '%')
		i++;
	return i == n;
}

/* True when s, past its leading single quotes, begins with a trigger; *quotes
 * is how many quotes it begins with. */
static bool trigger_after_quotes(const char *s, size_t n, size_t *quotes)
{
	size_t q = 0;

	while (q < n && s[q] == '\'')
		q++;
	*quotes = q;
	return q < n && s[q] && strchr(triggers, s[q]);
}

bool csv_cell_guarded(const char *text, size_t n)
{
	size_t q;

	return trigger_after_quotes(text, n, &q) && !plain_number(text, n);
}

void csv_cell_add(struct strbuf *out, const char *text, bool first, char sep)
{
	size_t n = text ? strlen(text) : 0;
	bool guard, quote;

	if (!first)
		sb_addc(out, sep);
	if (!n)
		return;
	guard = csv_cell_guarded(text, n);
	quote = guard || text[0] == ' ' || text[n - 1] == ' ' || strchr(text, sep) ||
	        strpbrk(text, "\"\r\n");
	if (!quote) {
		sb_add(out, text, n);
		return;
	}
	sb_addc(out, '"');
	if (guard)
		sb_addc(out, '\'');
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '"')
			sb_addc(out, '"');
		sb_addc(out, text[i]);
	}
	sb_addc(out, '"');
}

size_t csv_cell_unguard(const char *text, size_t n)
{
	size_t q;

	return trigger_after_quotes(text, n, &q) && q > 0 ? 1 : 0;
}
