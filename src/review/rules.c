/*
 * rules.c: the rule catalogue of rules.def as a static table, and the names
 * of severities, dimensions and verdicts.
 */
#include <string.h>

#include "review.h"
#include "rules.h"

static const struct rule_info rules[RULE__MAX] = {
#define RULE(sym, id, sev, dim, field, title, hint, source) \
	[R_##sym] = { id, DIAG_##sev, DIM_##dim, field, title, hint, source },
#include "rules.def"
#undef RULE
};

const struct rule_info *rule_info(enum rule_id r)
{
	return r < RULE__MAX ? &rules[r] : NULL;
}

enum rule_id rule_by_id(const char *id)
{
	for (int r = 0; r < RULE__MAX; r++)
		if (strcmp(rules[r].id, id) == 0)
			return (enum rule_id)r;
	return RULE__MAX;
}

const char *dimension_name(enum dimension d)
{
	static const char *const names[DIM__MAX] = { "完整性", "相关性", "适当性", "可行性" };

	return d < DIM__MAX ? names[d] : "?";
}

const char *severity_id(enum diag_sev s)
{
	switch (s) {
	case DIAG_ERROR:
		return "error";
	case DIAG_WARNING:
		return "warning";
	case DIAG_INFO:
		return "info";
	}
	return "?";
}

enum diag_sev severity_by_id(const char *id)
{
	if (id && strcmp(id, "error") == 0)
		return DIAG_ERROR;
	if (id && strcmp(id, "warning") == 0)
		return DIAG_WARNING;
	return DIAG_INFO;
}

const char *verdict_name(enum verdict v)
{
	static const char *const names[] = { "优", "良", "中", "差" };

	return (unsigned)v < 4 ? names[v] : "?";
}
