/*
 * review_json.c: review results through the JSON writer (review_json.h).
 */
#include "review_json.h"

/* The findings, with (full) or without (the stored form) what follows
 * from the rule: its dimension and hint. */
static void findings(struct jw *w, const struct review *rv, bool full)
{
	jw_arr_begin(w);
	for (size_t i = 0; i < rv->n; i++) {
		const struct finding *f = &rv->v[i];
		const struct rule_info *r = rule_info(f->rule);

		jw_obj_begin(w);
		jw_key(w, "rule");
		jw_str(w, r->id);
		jw_key(w, "severity");
		jw_str(w, severity_id(f->sev));
		if (full) {
			jw_key(w, "dimension");
			jw_str(w, dimension_name(r->dimension));
		}
		jw_key(w, "field");
		jw_str(w, f->field);
		jw_key(w, "line");
		if (f->line > 0)
			jw_int(w, f->line);
		else
			jw_null(w);
		jw_key(w, "message");
		jw_str(w, f->msg);
		if (full) {
			jw_key(w, "hint");
			jw_str(w, r->hint);
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

void json_write_findings(struct jw *w, const struct review *rv)
{
	findings(w, rv, true);
}

void json_write_findings_stored(struct jw *w, const struct review *rv)
{
	findings(w, rv, false);
}

void json_write_review(struct jw *w, const struct decl *d, const struct review *rv,
                       const char *profile, const struct review_origin *o)
{
	jw_obj_begin(w);
	if (o->id > 0) {
		jw_key(w, "id");
		jw_int(w, o->id);
		jw_key(w, "revision");
		jw_int(w, o->rev);
	} else {
		jw_key(w, "file");
		jw_str(w, o->file ? o->file : "");
		jw_key(w, "line");
		if (o->line > 0)
			jw_int(w, o->line);
		else
			jw_null(w);
	}
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
	jw_key(w, "year");
	jw_int(w, d->year);
	jw_obj_end(w);
	jw_key(w, "profile");
	jw_str(w, profile);
	jw_key(w, "verdict");
	jw_str(w, verdict_name(rv->verdict));
	jw_key(w, "verdict_reason");
	jw_str(w, rv->reason ? rv->reason : "");
	jw_key(w, "counts");
	jw_obj_begin(w);
	jw_key(w, "error");
	jw_int(w, (long long)rv->count[DIAG_ERROR]);
	jw_key(w, "warning");
	jw_int(w, (long long)rv->count[DIAG_WARNING]);
	jw_key(w, "info");
	jw_int(w, (long long)rv->count[DIAG_INFO]);
	jw_obj_end(w);
	jw_key(w, "findings");
	json_write_findings(w, rv);
	jw_obj_end(w);
}
