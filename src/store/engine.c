/*
 * engine.c: what every engine shares: statement names, values, the engine
 * of a target, and column tables (engine.h).
 */
#include <string.h>

#include "../model/decl.h"
#include "../parse/scalar.h"
#include "../util/err.h"
#include "engine.h"

static const char *const names[Q__MAX] = {
#define STMT(id) [Q_##id] = #id,
#include "statements.def"
#undef STMT
};

const char *stmt_name(enum stmt_id id)
{
	return (unsigned)id < Q__MAX ? names[id] : "statement";
}

struct eng_val ev_text(const char *s)
{
	return s ? (struct eng_val){ .type = EV_TEXT, .p = s, .n = strlen(s) } : ev_null();
}

struct eng_val ev_str(const char *s)
{
	return ev_text(s ? s : "");
}

/* The engines a target may name, the default last (it claims everything). */
static const struct engine_ops *const engines[] = { &engine_pg, &engine_sqlite };

const struct engine_ops *engine_for(const char *target)
{
	for (size_t i = 0; i < sizeof(engines) / sizeof(engines[0]) - 1; i++)
		if (engines[i]->claims(target))
			return engines[i];
	return &engine_sqlite;
}

int cols_read(const struct col *t, size_t n_t, const struct eng_val *col, size_t n, void *out,
              struct arena *a)
{
	char *base = out;

	for (size_t i = 0; i < n_t && i < n; i++) {
		const struct eng_val *v = &col[i];
		void *f = base + t[i].off;
		bool null = v->type == EV_NULL;
		switch (t[i].kind) {
		case COL_SKIP:
			break;
		case COL_I64:
			*(int64_t *)f = v->type == EV_INT ? v->i : 0;
			break;
		case COL_INT:
			*(int *)f = v->type == EV_INT ? (int)v->i : 0;
			break;
		case COL_BOOL:
			*(bool *)f = v->type == EV_INT && v->i != 0;
			break;
		case COL_TEXT:
		case COL_STR:
			if (null || v->type == EV_INT)
				*(const char **)f = t[i].kind == COL_STR ? "" : NULL;
			else if (!(*(const char **)f = arena_strndup(a, v->p, v->n)))
				return JX_ENOMEM;
			break;
		case COL_AMOUNT:
			*(struct amount *)f = (struct amount){ v->type == EV_INT ? v->i : 0,
				                               v->type == EV_INT };
			break;
		case COL_DATE:
			*(struct date *)f = (struct date){ 0, 0, 0 };
			if (v->type == EV_TEXT)
				date_parse(v->p, v->n, (struct date *)f);
			break;
		}
	}
	return 0;
}
