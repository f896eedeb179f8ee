/*
 * profile.h: a review profile: everything about a region's review practice
 * that is data, not code (DOMAIN.md: "keep the tree as data, one per
 * profile").  A profile is a JSON file (docs/rules.md describes its keys);
 * the built-in ones, profiles/NAME.json in the source tree, are compiled
 * into the program.
 */
#ifndef JX_PROFILE_H
#define JX_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "../util/arena.h"
#include "../util/strbuf.h"
#include "../score/score.h"
#include "rules.h"

/* The built-in default. */
#define PROFILE_DEFAULT "shanghai-2023"

/* A 一级指标 of the tree and its 二级指标. */
struct profile_level1 {
	const char *name;
	const char **level2;
	size_t n_level2;
};

/* A required category: a 一级 (level2 == NULL) or a 二级 under a 一级. */
struct profile_required {
	const char *level1;
	const char *level2;
	int l1_index;               /* of level1 in the tree */
	int l2_index;               /* of level2 under it; -1 for a 一级 */
};

struct profile {
	const char *name;           /* "shanghai-2023" */
	const char *title;          /* Chinese description */
	struct profile_level1 *tree;
	size_t n_tree;
	struct profile_required *required;
	size_t n_required;
	/* Category names (一级 or 二级) whose indicators play a role. */
	const char **cost;          /* 成本: no >= */
	size_t n_cost;
	const char **satisfaction;  /* 满意度: quantified, not below the floor */
	size_t n_satisfaction;
	const char **output;        /* 产出: no money moved (input_as_output) */
	size_t n_output;
	const char **quality;       /* 质量: no counts (quantity_as_quality) */
	size_t n_quality;
	const char **vague;         /* words that measure nothing: 提升, 及时… */
	size_t n_vague;
	const char **not_vague;     /* words that hold one of them and are not
	                             * vague: 可持续, 无明显… (vague.h) */
	size_t n_not_vague;
	const char **capped_rates;  /* rates that cannot pass 100%: 覆盖率… */
	size_t n_capped_rates;
	const char **count_units;   /* units of counts: 个, 次, 人次… */
	size_t n_count_units;
	const char **money_verbs;   /* moving money: 下拨, 拨付… */
	size_t n_money_verbs;
	const char **money_words;   /* what is moved: 资金, 经费… */
	size_t n_money_words;
	const char **spending_rates;  /* rates of spending: 执行率… */
	size_t n_spending_rates;
	const char *satisfaction_floor;  /* decimal percent, e.g. "85"; NULL for none */
	int min_indicators;
	/* The suggested verdict (review.c): 优 with no error and at most
	 * excellent_max_warnings warnings; 良 with no error; 中 with errors in
	 * at most fair_max_error_dims dimensions; else 差, and 差 whenever a
	 * rule of poor_rule[] finds something or, with poor_without_indicators,
	 * the form has no indicator. */
	int excellent_max_warnings;
	int fair_max_error_dims;
	bool poor_rule[RULE__MAX];
	bool poor_without_indicators;
	/* Where a setting comes from: "中央：…", "地方：…" or "待核实：…",
	 * by top-level key (docs/rules.md shows them). */
	struct profile_source {
		const char *key;
		const char *text;
	} *sources;
	size_t n_sources;
	signed char severity[RULE__MAX];  /* enum diag_sev, or -1 for off */
	/* self-evaluation (score.h): "ratio" or "linear" for missed reverse
	 * targets, the over-achievement ratio and the grade thresholds */
	bool reverse_linear;
	const char *over_ratio;
	const char *grade_excellent, *grade_good, *grade_fair;
	/* the default weights (budget, output, benefit, satisfaction; all 0
	 * when the profile gives none) and the execution ratio below which
	 * budget.reason is required (NULL: never) */
	int weights[1 + SC__MAX];
	const char *exec_reason_below;
	/* monitoring (monitor.h): progress below red_below is red, below
	 * yellow_below yellow, else green (percent) */
	const char *red_below, *yellow_below;
	struct arena arena;         /* owns everything above */
};

/*
 * Loads a profile: `spec` is a built-in name (shanghai-2023, central-2021)
 * or the path of a profile file (anything with a '/' or ending in .json).
 * Returns 0 with *out set (free it with profile_free), JX_ENOMEM, or
 * JX_EINPUT with a Chinese message naming the file, the key and the value
 * seen in `err`.
 */
int profile_load(const char *spec, struct profile **out, struct strbuf *err);
/* Parses profile JSON text; `name` is the file name for messages. */
int profile_parse(const char *json, size_t n, const char *name, struct profile **out,
                  struct strbuf *err);
void profile_free(struct profile *p);

/* The self-evaluation rules (score.h) of the profile. */
struct score_rules profile_score_rules(const struct profile *p);

/* The built-in profiles, for listings; NULL past the end. */
const char *profile_builtin_name(size_t i);

/* True when category `name` (a 一级 or 二级 name) is in the list. */
bool profile_in(const char *const *list, size_t n, const char *name);
/* The 一级 of the tree named `level1`; NULL when not in the tree. */
const struct profile_level1 *profile_level1(const struct profile *p, const char *level1);
/* The source of top-level key `key`; NULL when the profile gives none. */
const char *profile_source(const struct profile *p, const char *key);

#endif
