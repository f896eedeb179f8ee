/*
 * review_load.c: a stored review (the findings JSON of review_json.c) read
 * back into a struct review, so that pages show what was stored with the
 * revision instead of reviewing again.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../util/err.h"
#include "review.h"

int review_load(struct review *rv, const char *findings, const char *verdict)
{
	json_t *arr = json_loads(findings ? findings : "[]", 0, NULL), *f;
	size_t i;
	int rc = 0;

	arena_reset(&rv->arena);
	rv->n = 0;
	rv->err = 0;
	memset(rv->count, 0, sizeof(rv->count));
	rv->reason = NULL;
	rv->verdict = VERDICT_EXCELLENT;
	for (int v = VERDICT_EXCELLENT; v <= VERDICT_POOR; v++)
		if (verdict && strcmp(verdict, verdict_name((enum verdict)v)) == 0)
			rv->verdict = (enum verdict)v;
	if (!json_is_array(arr)) {
		json_decref(arr);
		return JX_EINPUT;
	}
	json_array_foreach(arr, i, f) {
		const char *rule = json_string_value(json_object_get(f, "rule"));
		const char *field = json_string_value(json_object_get(f, "field"));
		const char *msg = json_string_value(json_object_get(f, "message"));
		json_t *line = json_object_get(f, "line");
		struct finding *out;
		enum rule_id id = rule ? rule_by_id(rule) : RULE__MAX;

		if (id == RULE__MAX || !field || !msg)
			continue;       /* a rule this build does not know: leave it out */
		if (rv->n == rv->cap) {
			size_t cap = rv->cap ? rv->cap * 2 : 16;
			struct finding *v = realloc(rv->v, cap * sizeof(*v));
			if (!v) {
				rc = JX_ENOMEM;
				break;
			}
			rv->v = v;
			rv->cap = cap;
		}
		out = &rv->v[rv->n];
		out->rule = id;
		out->sev = severity_by_id(json_string_value(json_object_get(f, "severity")));
		out->line = json_is_integer(line) ? (int)json_integer_value(line) : 0;
		out->field = arena_strdup(&rv->arena, field);
		out->msg = arena_strdup(&rv->arena, msg);
		if (!out->field || !out->msg) {
			rc = JX_ENOMEM;
			break;
		}
		rv->count[out->sev]++;
		rv->n++;
	}
	json_decref(arr);
	return rc;
}
