/*
 * json_write.c: JSON writer and the FORMAT.md declaration object.
 */
#include <stdio.h>
#include <string.h>

#include "../parse/scalar.h"
#include "json_write.h"

/* Bytes at the start of s, in whole 8-byte words, that need no escaping:
 * none below 0x20, no '"', '\\' or 0xE2 (the lead byte of U+2028/9).
 * SWAR: a zero byte in x ^ pattern marks a match. */
static size_t plain_prefix(const char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	size_t i = 0;
	uint64_t w, hit;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		hit = (w - ones * 0x20) & ~w;                   /* bytes < 0x20 */
		hit |= ((w ^ (ones * '"')) - ones) & ~(w ^ (ones * '"'));
		hit |= ((w ^ (ones * '\\')) - ones) & ~(w ^ (ones * '\\'));
		hit |= ((w ^ (ones * 0xe2)) - ones) & ~(w ^ (ones * 0xe2));
		if (hit & highs)
			break;
	}
	return i;
}

void json_quote(struct strbuf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, run;

	if (sb_grow(out, n + 2))
		return;
	sb_addc(out, '"');
	while (i < n) {
		run = i + plain_prefix(s + i, n - i);
		for (; run < n; run++) {
			unsigned char c = (unsigned char)s[run];
			if (c < 0x20 || c == '"' || c == '\\' || c == 0xe2)
				break;
		}
		sb_add(out, s + i, run - i);
		if (run >= n)
			break;
		i = run;
		unsigned char c = (unsigned char)s[i];
		if (c == 0xe2) {
			/* U+2028 and U+2029 break JavaScript string literals */
			if (i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
			    ((unsigned char)s[i + 2] == 0xa8 || (unsigned char)s[i + 2] == 0xa9)) {
				sb_adds(out, (unsigned char)s[i + 2] == 0xa8 ? "\\u2028" : "\\u2029");
				i += 3;
			} else {
				sb_addc(out, (char)c);
				i++;
			}
			continue;
		}
		switch (c) {
		case '"':
			sb_adds(out, "\\\"");
			break;
		case '\\':
			sb_adds(out, "\\\\");
			break;
		case '\n':
			sb_adds(out, "\\n");
			break;
		case '\t':
			sb_adds(out, "\\t");
			break;
		case '\r':
			sb_adds(out, "\\r");
			break;
		default: {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
			sb_add(out, u, 6);
		}
		}
		i++;
	}
	sb_addc(out, '"');
}

void jw_init(struct jw *w, struct strbuf *out, bool pretty, int depth)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->pretty = pretty;
	w->depth = depth;
	w->first[depth] = true;
	w->after_key = true;    /* the first value needs no separator */
}

static void newline(struct jw *w)
{
	static const char spaces[] = "\n                                ";

	if (!w->pretty)
		return;
	sb_add(w->out, spaces, 1 + 2 * (size_t)w->depth);
}

/* Separator and indentation before a value or key. */
static void before_value(struct jw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (!w->first[w->depth])
		sb_addc(w->out, ',');
	w->first[w->depth] = false;
	newline(w);
}

static void container_open(struct jw *w, char c)
{
	before_value(w);
	sb_addc(w->out, c);
	if (w->depth + 1 < JW_MAX_DEPTH)
		w->depth++;
	w->first[w->depth] = true;
}

static void container_close(struct jw *w, char c)
{
	bool empty = w->first[w->depth];

	if (w->depth > 0)
		w->depth--;
	if (!empty)
		newline(w);
	sb_addc(w->out, c);
}

void jw_obj_begin(struct jw *w)
{
	container_open(w, '{');
}

void jw_obj_end(struct jw *w)
{
	container_close(w, '}');
}

void jw_arr_begin(struct jw *w)
{
	container_open(w, '[');
}

void jw_arr_end(struct jw *w)
{
	container_close(w, ']');
}

void jw_key(struct jw *w, const char *key)
{
	size_t n = strlen(key);

	before_value(w);
	/* keys are the program's own ASCII names: nothing to escape */
	if (sb_grow(w->out, n + 4))
		return;
	sb_addc(w->out, '"');
	sb_add(w->out, key, n);
	sb_add(w->out, w->pretty ? "\": " : "\":", w->pretty ? 3 : 2);
	w->after_key = true;
}

void jw_strn(struct jw *w, const char *s, size_t n)
{
	before_value(w);
	json_quote(w->out, s, n);
}

void jw_str(struct jw *w, const char *s)
{
	if (!s) {
		jw_null(w);
		return;
	}
	jw_strn(w, s, strlen(s));
}

void jw_raw_number(struct jw *w, const char *num)
{
	before_value(w);
	sb_adds(w->out, num);
}

void jw_int(struct jw *w, long long v)
{
	char buf[24], *p = buf + sizeof(buf);
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;

	before_value(w);
	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	sb_add(w->out, p, (size_t)(buf + sizeof(buf) - p));
}

void jw_bool(struct jw *w, bool v)
{
	before_value(w);
	sb_adds(w->out, v ? "true" : "false");
}

void jw_null(struct jw *w)
{
	before_value(w);
	sb_add(w->out, "null", 4);
}

void jw_amount(struct jw *w, struct amount a)
{
	char buf[32];

	if (!a.set) {
		jw_null(w);
		return;
	}
	amount_format(buf, a.fen);
	jw_str(w, buf);
}

void jw_date(struct jw *w, struct date d)
{
	char buf[11];

	if (!d.y) {
		jw_null(w);
		return;
	}
	date_format(buf, d);
	jw_str(w, buf);
}

void json_write_target(struct jw *w, const struct target *t)
{
	jw_obj_begin(w);
	jw_key(w, "kind");
	jw_str(w, target_kind_str(t->kind));
	switch (t->kind) {
	case TARGET_NUMERIC:
		jw_key(w, "op");
		jw_str(w, target_op_str(t->op));
		jw_key(w, "value");
		jw_str(w, t->number ? t->number : "");
		jw_key(w, "unit");
		jw_str(w, t->unit ? t->unit : "");
		if (t->note) {
			jw_key(w, "note");
			jw_str(w, t->note);
		}
		break;
	case TARGET_DEADLINE:
		jw_key(w, "by");
		jw_date(w, t->by);
		break;
	case TARGET_QUALITATIVE:
		jw_key(w, "text");
		jw_str(w, t->text ? t->text : "");
		break;
	case TARGET_EMPTY:
		break;
	}
	jw_obj_end(w);
}

static void year_or_null(struct jw *w, int y)
{
	if (y)
		jw_int(w, y);
	else
		jw_null(w);
}

void json_write_decl(struct jw *w, const struct decl *d)
{
	static const char *const fund_keys[FUND__MAX] = {
		"total", "total_fiscal", "total_other", "annual",
		"annual_appropriation", "annual_carryover", "annual_other",
	};
	size_t i;

	jw_obj_begin(w);
	jw_key(w, "schema");
	jw_str(w, "jixiao.declaration/1");
	jw_key(w, "year");
	jw_int(w, d->year);

	jw_key(w, "project");
	jw_obj_begin(w);
	jw_key(w, "name");
	jw_str(w, d->name ? d->name : "");
	jw_key(w, "category");
	jw_str(w, d->category ? d->category : "");
	jw_key(w, "department");
	jw_str(w, d->department ? d->department : "");
	jw_key(w, "implementer");
	jw_str(w, d->implementer ? d->implementer : "");
	jw_key(w, "start");
	jw_date(w, d->start);
	jw_key(w, "end");
	jw_date(w, d->end);
	jw_obj_end(w);

	jw_key(w, "funds");
	jw_obj_begin(w);
	for (i = 0; i < FUND__MAX; i++) {
		jw_key(w, fund_keys[i]);
		jw_amount(w, d->funds[i]);
	}
	jw_obj_end(w);

	jw_key(w, "goals");
	jw_obj_begin(w);
	jw_key(w, "overall_from");
	year_or_null(w, d->overall_from);
	jw_key(w, "overall_to");
	year_or_null(w, d->overall_to);
	jw_key(w, "overall");
	jw_str(w, d->overall ? d->overall : "");
	jw_key(w, "annual");
	jw_str(w, d->annual_goal ? d->annual_goal : "");
	jw_obj_end(w);

	jw_key(w, "indicators");
	jw_arr_begin(w);
	for (i = 0; i < d->n_ind; i++) {
		const struct indicator *ind = &d->ind[i];
		jw_obj_begin(w);
		jw_key(w, "level1");
		jw_str(w, ind->level1);
		jw_key(w, "level2");
		jw_str(w, ind->level2);
		jw_key(w, "name");
		jw_str(w, ind->name);
		jw_key(w, "value");
		jw_str(w, ind->value);
		jw_key(w, "target");
		json_write_target(w, &ind->target);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}
