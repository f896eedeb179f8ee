/*
 * cellval.c: table cells as amounts, dates and text, numbers handled as
 * decimal text throughout (cellval.h says why rounding to 15 digits is
 * exact).
 */
#include <string.h>

#include "cellval.h"
#include "scalar.h"

/* A decimal number: 0.d[0]d[1]…d[nd-1] × 10^exp, no leading zeros in d. */
struct dec {
	bool neg;
	int nd;
	long exp;
	char d[CELL_DIGITS + 2];
};

/* Reads the xsd:double text of a sheet number, keeping its first
 * CELL_DIGITS significant digits (dec_round rounds them). */
static bool dec_read(const char *s, size_t n, struct dec *out)
{
	size_t i = 0;
	long point = 0, e = 0;
	bool seen_point = false, any = false;
	int esign = 1;

	memset(out, 0, sizeof(*out));
	if (i < n && (s[i] == '-' || s[i] == '+'))
		out->neg = s[i++] == '-';
	for (; i < n; i++) {
		char c = s[i];
		if (c == '.' && !seen_point) {
			seen_point = true;
			continue;
		}
		if (c < '0' || c > '9')
			break;
		any = true;
		if (c == '0' && out->nd == 0) {
			if (seen_point)
				point--;    /* 0.00ddd: the point moves right */
			continue;
		}
		if (!seen_point)
			point++;
		if (out->nd < CELL_DIGITS)
			out->d[out->nd++] = c;
	}
	if (!any)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t k = 0;
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			esign = s[i++] == '-' ? -1 : 1;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, k++)
			if (e < 100000)
				e = e * 10 + (s[i] - '0');
		if (!k)
			return false;
	}
	if (i != n)
		return false;
	out->exp = point + esign * e;
	return true;
}

/* The first digit dropped by dec_read decides the rounding; dec_read keeps
 * the digits, this looks at the text again for that digit. */
static int first_dropped(const char *s, size_t n)
{
	int kept = 0;
	bool started = false;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == 'e' || c == 'E')
			break;
		if (c < '0' || c > '9')
			continue;
		if (!started && c == '0')
			continue;
		started = true;
		if (kept++ == CELL_DIGITS)
			return c - '0';
	}
	return 0;
}

static void dec_round(struct dec *x, const char *s, size_t n)
{
	int i;

	if (x->nd == CELL_DIGITS && first_dropped(s, n) >= 5) {
		for (i = x->nd - 1; i >= 0; i--) {
			if (x->d[i] != '9') {
				x->d[i]++;
				break;
			}
			x->d[i] = '0';
		}
		if (i < 0) {        /* 999… became 1000… */
			x->d[0] = '1';
			x->nd = 1;
			x->exp++;
		}
	}
	while (x->nd && x->d[x->nd - 1] == '0')
		x->nd--;
	if (!x->nd) {
		x->neg = false;
		x->exp = 0;
	}
}

static void dec_text(struct strbuf *out, const struct dec *x)
{
	long i;

	if (!x->nd) {
		sb_addc(out, '0');
		return;
	}
	if (x->neg)
		sb_addc(out, '-');
	if (x->exp > 20 || x->exp < -20) {
		/* as Excel's general format shows a huge or tiny number */
		sb_addc(out, x->d[0]);
		if (x->nd > 1) {
			sb_addc(out, '.');
			sb_add(out, x->d + 1, (size_t)x->nd - 1);
		}
		sb_addf(out, "E%c%02ld", x->exp - 1 < 0 ? '-' : '+', labs(x->exp - 1));
		return;
	}
	if (x->exp <= 0) {
		sb_adds(out, "0.");
		for (i = x->exp; i < 0; i++)
			sb_addc(out, '0');
		sb_add(out, x->d, (size_t)x->nd);
		return;
	}
	for (i = 0; i < x->exp || i < x->nd; i++) {
		if (i == x->exp)
			sb_addc(out, '.');
		sb_addc(out, i < x->nd ? x->d[i] : '0');
	}
}

bool cell_number_text(struct strbuf *out, const char *s, size_t n, int shift)
{
	struct dec x;

	if (!dec_read(s, n, &x))
		return false;
	dec_round(&x, s, n);
	if (x.nd)
		x.exp += shift;
	dec_text(out, &x);
	return true;
}

bool cell_serial_date(long serial, bool date1904, struct date *out)
{
	/* day 0 of each system, as days since 1970-01-01 */
	static const struct date base1900 = { 1899, 12, 30 }, base1904 = { 1904, 1, 1 };
	int64_t z;
	int64_t era, doe, yoe, y, doy, mp, d, m;

	if (serial < (date1904 ? 0 : 1) || serial > 2958465 || (!date1904 && serial == 60))
		return false;
	if (!date1904 && serial < 60)
		serial++;   /* before the phantom 1900-02-29 days count from 12-31 */
	z = date_serial(date1904 ? base1904 : base1900) + serial;
	/* civil from days, H. Hinnant's algorithm */
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	out->y = (int)(y + (m <= 2));
	out->m = (int)m;
	out->d = (int)d;
	return out->y <= 9999;
}

/* The whole days of a sheet number ("44927", "44927.5"); false when it is
 * not one or out of range. */
static bool serial_of(const char *s, size_t n, long *out)
{
	struct strbuf sb = STRBUF_INIT;
	bool ok = cell_number_text(&sb, s, n, 0) && sb.buf[0] != '-' && !strchr(sb.buf, 'E');
	long v = 0;

	for (size_t i = 0; ok && i < sb.len && sb.buf[i] != '.'; i++) {
		v = v * 10 + (sb.buf[i] - '0');
		if (v > 3000000)
			ok = false;
	}
	sb_release(&sb);
	*out = v;
	return ok;
}

void cell_text(struct strbuf *out, const struct xlsx_cell *c, bool date1904)
{
	size_t len = out->len;
	struct date d;
	long serial;
	char buf[11];

	if (!c)
		return;
	if (c->type != XT_NUMBER) {
		sb_add(out, c->s, c->n);
		return;
	}
	if (c->fmt == XF_DATE && serial_of(c->s, c->n, &serial) &&
	    cell_serial_date(serial, date1904, &d)) {
		date_format(buf, d);
		sb_adds(out, buf);
		return;
	}
	if (cell_number_text(out, c->s, c->n, c->fmt == XF_PERCENT ? 2 : 0)) {
		if (c->fmt == XF_PERCENT)
			sb_addc(out, '%');
		return;
	}
	sb_setlen(out, len);
	sb_add(out, c->s, c->n);
}

int cell_amount(const struct xlsx_cell *c, struct amount *out)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = -1;

	if (!c) {
		out->fen = 0;
		out->set = false;
		return 0;
	}
	if (c->type == XT_STRING)
		return amount_parse(c->s, c->n, out);
	if (c->type == XT_NUMBER && cell_number_text(&sb, c->s, c->n, 0) && !sb.err &&
	    !strchr(sb.buf, 'E'))
		rc = amount_parse(sb.buf, sb.len, out);
	sb_release(&sb);
	return rc;
}

int cell_date(const struct xlsx_cell *c, bool date1904, struct date *out)
{
	long serial;

	if (!c) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	if (c->type == XT_STRING)
		return date_parse(c->s, c->n, out);
	if (c->type == XT_NUMBER && serial_of(c->s, c->n, &serial) &&
	    cell_serial_date(serial, date1904, out))
		return 0;
	return -1;
}

/* Words left out of a label key, and what stands for them. */
static const struct {
	const char *s;
	const char *keep;
} label_noise[] = {
	{ " ", "" }, { "\t", "" }, { "\n", "" }, { "\r", "" }, { "\xe3\x80\x80", "" },
	{ "\xc2\xa0", "" }, { "其中", "" }, { "：", "" }, { ":", "" }, { "（", "(" }, { "）", ")" },
};

void cell_label_key(struct strbuf *key, const char *s, size_t n)
{
	size_t start = key->len, i = 0, k;

	while (i < n) {
		for (k = 0; k < sizeof(label_noise) / sizeof(label_noise[0]); k++) {
			size_t len = strlen(label_noise[k].s);
			if (n - i >= len && memcmp(s + i, label_noise[k].s, len) == 0)
				break;
		}
		if (k < sizeof(label_noise) / sizeof(label_noise[0])) {
			sb_adds(key, label_noise[k].keep);
			i += strlen(label_noise[k].s);
		} else {
			sb_addc(key, s[i++]);
		}
	}
	if (key->len - start > 5 && memcmp(key->buf + key->len - 5, "(元)", 5) == 0)
		sb_setlen(key, key->len - 5);
}
