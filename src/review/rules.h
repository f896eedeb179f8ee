/*
 * rules.h: the review rule catalogue of rules.def as a table: stable ids,
 * default severities, dimensions, and the texts of `jixiao rules` and
 * docs/rules.md.
 */
#ifndef JX_RULES_H
#define JX_RULES_H

#include "../util/diag.h"

enum rule_id {
#define RULE(sym, id, sev, dim, field, title, hint, source) R_##sym,
#include "rules.def"
#undef RULE
	RULE__MAX
};

/* The four review dimensions of 财预〔2015〕88号. */
enum dimension { DIM_COMPLETE, DIM_RELEVANT, DIM_APPROPRIATE, DIM_FEASIBLE, DIM__MAX };

struct rule_info {
	const char *id;             /* "funds.total_sum" */
	enum diag_sev severity;     /* the default */
	enum dimension dimension;
	const char *field;
	const char *title;
	const char *hint;
	const char *source;
};

const struct rule_info *rule_info(enum rule_id r);
/* The rule with this id; RULE__MAX when there is none. */
enum rule_id rule_by_id(const char *id);
/* 完整性, 相关性, 适当性, 可行性 */
const char *dimension_name(enum dimension d);
/* "error", "warning", "info": the machine names of the JSON output. */
const char *severity_id(enum diag_sev s);
/* The severity named by severity_id(); DIAG_INFO for anything else. */
enum diag_sev severity_by_id(const char *id);

#endif
