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
	const char **vague;         /* words that measure nothing: 提升, 及时… */
	size_t n_vague;
	const char *satisfaction_floor;  /* decimal percent, e.g. "85"; NULL for none */
	int min_indicators;
	int good_max_warnings;      /* 良 allows at most this many warnings */
	int poor_min_errors;        /* 差 from this many errors on */
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

#endif
