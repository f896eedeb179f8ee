/*
 * diag.c: the findings list and its text form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

void diags_init(struct diags *d)
{
	memset(d, 0, sizeof(*d));
}

static void diag_free(struct diag *g)
{
	free(g->file);
	free(g->field);
	free(g->rule);
	free(g->msg);
}

void diags_release(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		diag_free(&d->v[i]);
	free(d->v);
	diags_init(d);
}

static char *dup_or_null(const char *s, int *fail)
{
	char *p;

	if (!s)
		return NULL;
	p = strdup(s);
	if (!p)
		*fail = 1;
	return p;
}

void diags_add(struct diags *d, enum diag_sev sev, const char *file, int line,
               const char *field, const char *rule, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	struct diag g = { 0 };
	size_t limit = d->limit ? d->limit : 1000;
	int fail = 0;
	va_list ap;

	if (sev == DIAG_ERROR)
		d->n_error++;
	if (d->n >= limit) {
		d->dropped++;
		return;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct diag *v = realloc(d->v, cap * sizeof(*v));
		if (!v) {
			d->dropped++;
			return;
		}
		d->v = v;
		d->cap = cap;
	}
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	g.sev = sev;
	g.line = line;
	g.file = dup_or_null(file, &fail);
	g.field = dup_or_null(field, &fail);
	g.rule = dup_or_null(rule, &fail);
	g.msg = sb_detach(&sb, NULL);
	if (fail || !g.msg) {
		diag_free(&g);
		d->dropped++;
		return;
	}
	d->v[d->n++] = g;
}

const char *diag_sev_name(enum diag_sev sev)
{
	switch (sev) {
	case DIAG_ERROR:
		return "错误";
	case DIAG_WARNING:
		return "警告";
	case DIAG_INFO:
		return "提示";
	}
	return "?";
}

void diag_format(struct strbuf *out, const struct diag *g)
{
	if (g->file) {
		sb_adds(out, g->file);
		if (g->line > 0)
			sb_addf(out, ":%d", g->line);
		sb_adds(out, ": ");
	}
	sb_adds(out, diag_sev_name(g->sev));
	sb_adds(out, ": ");
	if (g->field && g->field[0]) {
		sb_adds(out, g->field);
		sb_adds(out, ": ");
	}
	sb_adds(out, g->msg);
	if (g->rule)
		sb_addf(out, " [%s]", g->rule);
}

void diag_quote(struct strbuf *out, const char *text, size_t n)
{
	size_t i = 0, chars = 0;

	sb_addc(out, '"');
	while (i < n) {
		unsigned char c = (unsigned char)text[i];
		size_t len = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;

		if (chars == 60) {
			sb_adds(out, "…");
			break;
		}
		if (i + len > n)
			len = n - i;
		if (c < 0x20 || c == 0x7f)
			sb_addc(out, ' ');
		else
			sb_add(out, text + i, len);
		i += len;
		chars++;
	}
	sb_addc(out, '"');
}
