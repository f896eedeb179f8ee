/*
 * monitor.c: a monitoring round computed and stored (monitor.h).
 */
#include "../parse/scalar.h"
#include "../util/err.h"
#include "monitor.h"

int monitor_save(struct store *s, const struct profile *p, struct arena *a, const char *actor,
                 int64_t id, const struct decl *d, int rev, struct monitor_input *in,
                 const char **problem, char *msg, size_t n, int64_t *round)
{
	size_t k = d->n_ind ? d->n_ind : 1;
	struct store_monitor_item *items = arena_zalloc(a, k * sizeof(*items));
	bool *at_risk = arena_zalloc(a, k * sizeof(*at_risk));
	enum light *lights = arena_zalloc(a, k * sizeof(*lights));
	struct monitor_output out = { .at_risk = at_risk, .lights = lights };
	struct monitor_rules rules = { p->red_below, p->yellow_below };
	struct store_monitor sm = { .rev = rev };
	char *as_of = arena_alloc(a, 11);

	*problem = NULL;
	if (!items || !at_risk || !lights || !as_of)
		return JX_ENOMEM;
	in->decl = d;
	in->n_items = d->n_ind;
	if (monitor_compute(in, &rules, &out, msg, n)) {
		*problem = msg;
		return 0;
	}
	for (size_t i = 0; i < d->n_ind; i++) {
		const struct monitor_item_in *it = &in->items[i];
		items[i] = (struct store_monitor_item){
			.so_far = it->so_far,
			.expected = it->expected,
			.reason = deviation_name(it->reason),
			.reason_text = it->reason_text,
			.likelihood = likelihood_name(it->likelihood),
			.at_risk = at_risk[i],
			.light = light_id(lights[i]),
		};
	}
	date_format(as_of, in->as_of);
	sm.as_of = as_of;
	sm.budget_fen = (in->budget.set ? in->budget : d->funds[FUND_ANNUAL]).fen;
	sm.executed_fen = in->executed.fen;
	sm.exec_rate = out.exec_rate;
	sm.progress = out.progress;
	sm.light = light_id(out.light);
	sm.n_at_risk = (int)out.n_at_risk;
	sm.items = items;
	sm.n_items = d->n_ind;
	return store_monitor_add(s, id, &sm, actor, round);
}
