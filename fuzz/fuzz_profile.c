/*
 * fuzz_profile.c: libFuzzer target for review profile files (profile.h):
 * any bytes either load into a profile whose every string is readable, or
 * are refused with a message.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../src/review/profile.h"

static void touch(const char *s)
{
	volatile size_t n;

	if (s)
		n = strlen(s);
	(void)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf err = STRBUF_INIT;
	struct profile *p = NULL;

	if (profile_parse((const char *)data, size, "fuzz.json", &p, &err) == 0) {
		touch(p->name);
		touch(p->title);
		for (size_t i = 0; i < p->n_tree; i++)
			for (size_t j = 0; j < p->tree[i].n_level2; j++)
				touch(p->tree[i].level2[j]);
		for (size_t i = 0; i < p->n_required; i++)
			touch(p->required[i].level2);
		for (size_t i = 0; i < p->n_vague; i++)
			touch(p->vague[i]);
		for (size_t i = 0; i < p->n_not_vague; i++)
			touch(p->not_vague[i]);
		for (size_t i = 0; i < p->n_capped_rates; i++)
			touch(p->capped_rates[i]);
		for (size_t i = 0; i < p->n_count_units; i++)
			touch(p->count_units[i]);
		for (size_t i = 0; i < p->n_money_verbs; i++)
			touch(p->money_verbs[i]);
		for (size_t i = 0; i < p->n_money_words; i++)
			touch(p->money_words[i]);
		for (size_t i = 0; i < p->n_spending_rates; i++)
			touch(p->spending_rates[i]);
		for (size_t i = 0; i < p->n_sources; i++) {
			touch(p->sources[i].key);
			touch(p->sources[i].text);
		}
		touch(p->satisfaction_floor);
	} else {
		touch(err.buf);
	}
	profile_free(p);
	sb_release(&err);
	return 0;
}
