/*
 * selfeval_json.c: the self-evaluation document (FORMAT.md part 2) and its
 * score as JSON, the inverse of parse/selfeval_read.c and the output of
 * `jixiao score --format json`.
 */
#include "selfeval_json.h"

static const char *const band_ids[] = {
	[BAND_NONE] = NULL,
	[BAND_ACHIEVED] = "achieved",
	[BAND_PARTIAL] = "partial",
	[BAND_MISSED] = "missed",
};

static void str_or_null(struct jw *w, const char *s)
{
	if (s)
		jw_str(w, s);
	else
		jw_null(w);
}

void selfeval_json_write(struct jw *w, const struct selfeval *se)
{
	static const char *const weight_keys[1 + SC__MAX] = { "budget", "output", "benefit",
		                                                  "satisfaction" };
	const struct score_input *in = &se->in;
	bool weights = false;

	jw_obj_begin(w);
	jw_key(w, "schema");
	jw_str(w, "jixiao.selfeval/1");
	jw_key(w, "declaration");
	json_write_decl(w, &se->decl);
	jw_key(w, "budget");
	jw_obj_begin(w);
	jw_key(w, "annual");
	jw_amount(w, in->annual);
	jw_key(w, "executed");
	jw_amount(w, in->executed);
	if (in->budget_reason && *in->budget_reason) {
		jw_key(w, "reason");
		jw_str(w, in->budget_reason);
	}
	jw_obj_end(w);
	jw_key(w, "weights");
	for (int k = 0; k <= SC__MAX; k++)
		weights = weights || in->weights[k];
	if (!weights) {
		jw_null(w);
	} else {
		jw_obj_begin(w);
		for (int k = 0; k <= SC__MAX; k++) {
			jw_key(w, weight_keys[k]);
			jw_int(w, in->weights[k]);
		}
		jw_obj_end(w);
	}
	jw_key(w, "achieved");
	jw_str(w, se->achieved ? se->achieved : "");
	jw_key(w, "results");
	jw_arr_begin(w);
	for (size_t i = 0; i < in->n_results; i++) {
		const struct score_result_in *r = &in->results[i];
		jw_obj_begin(w);
		jw_key(w, "actual");
		str_or_null(w, r->actual);
		jw_key(w, "applicable");
		jw_bool(w, r->applicable);
		jw_key(w, "band");
		str_or_null(w, (unsigned)r->band <= BAND_MISSED ? band_ids[r->band] : NULL);
		jw_key(w, "score_pct");
		str_or_null(w, r->score_pct);
		jw_key(w, "reason");
		jw_str(w, r->reason ? r->reason : "");
		if (r->weight) {
			jw_key(w, "weight");
			jw_str(w, r->weight);
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

/* A score as a JSON number: "9.36", "10". */
static void jw_centi(struct jw *w, centi c)
{
	char buf[32];

	centi_format(buf, c);
	jw_raw_number(w, buf);
}

void score_json_write(struct jw *w, const struct selfeval *se, const struct score_output *o)
{
	jw_obj_begin(w);
	jw_key(w, "budget_points");
	jw_centi(w, o->budget_points);
	jw_key(w, "budget_score");
	jw_centi(w, o->budget_score);
	jw_key(w, "budget_flags");
	jw_arr_begin(w);
	for (size_t k = 0; k < sizeof(score_flags) / sizeof(score_flags[0]); k++)
		if (o->budget_flags & score_flags[k].bit)
			jw_str(w, score_flags[k].id);
	jw_arr_end(w);
	jw_key(w, "indicators");
	jw_arr_begin(w);
	for (size_t i = 0; i < se->decl.n_ind; i++) {
		jw_obj_begin(w);
		jw_key(w, "points");
		jw_centi(w, o->ind[i].points);
		jw_key(w, "score");
		jw_centi(w, o->ind[i].score);
		jw_key(w, "flags");
		jw_arr_begin(w);
		for (size_t k = 0; k < sizeof(score_flags) / sizeof(score_flags[0]); k++)
			if (o->ind[i].flags & score_flags[k].bit)
				jw_str(w, score_flags[k].id);
		jw_arr_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_key(w, "total");
	jw_centi(w, o->total);
	jw_key(w, "grade");
	jw_str(w, o->grade);
	jw_obj_end(w);
}
