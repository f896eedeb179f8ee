/*
 * score.h: the year-end self-evaluation (绩效自评) score of a declaration,
 * FORMAT.md part 2 and DOMAIN.md §6: a pure function of the declaration,
 * the budget and its execution, the weights, and the actual result of each
 * indicator.  No I/O, no database.
 *
 * All arithmetic is exact (rationals over 128-bit integers): a score is
 * rounded half-up to two decimals once, at the end, so the same input gives
 * the same cents on every machine.
 */
#ifndef JX_SCORE_H
#define JX_SCORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/decl.h"
#include "../util/strbuf.h"

/* A score or points in hundredths (cents of a point): 9.36 is 936. */
typedef int64_t centi;

/* The weight classes of DOMAIN.md §6. */
enum score_class { SC_OUTPUT, SC_BENEFIT, SC_SATISFACTION, SC__MAX };

/* How a reverse (<=, <) target that was missed scores. */
enum reverse_formula {
	REVERSE_RATIO,      /* A / B × W */
	REVERSE_LINEAR,     /* (1 − (B − A) / A) × W, 0 at B ≥ 2A */
};

/* The evaluator's band for a qualitative target. */
enum score_band { BAND_NONE, BAND_ACHIEVED, BAND_PARTIAL, BAND_MISSED };

/* Rules that are a region's practice: from the profile (the one place the
 * defaults live; the profile marks which of them are local choices). */
struct score_rules {
	enum reverse_formula reverse;
	const char *over_ratio;     /* flag over_achieved from B ≥ this × A; decimal, e.g. "1.5" */
	const char *grade_excellent, *grade_good, *grade_fair;  /* 90, 80, 60 */
	int weights[1 + SC__MAX];   /* the default weights: budget, output, benefit,
	                               satisfaction (10/50/30/10); all 0: the input must give them */
	const char *exec_reason_below;  /* budget.reason required below this executed / annual
	                                   ratio, e.g. "0.90"; NULL: never */
};

/* One indicator's result (FORMAT.md part 2 `results[i]`). */
struct score_result_in {
	const char *actual;         /* numeric: decimal; deadline: YYYY-MM-DD; NULL when not done */
	bool applicable;
	enum score_band band;       /* qualitative */
	const char *score_pct;      /* qualitative: decimal percentage inside the band */
	const char *reason;         /* the deviation explanation; may be "" */
	const char *weight;         /* 分值: the indicator's points as a decimal; NULL: the even split */
};

struct score_input {
	const struct decl *decl;
	struct amount annual;       /* 全年预算数; not set: the declaration's funds.annual */
	struct amount executed;     /* 全年执行数 */
	int weights[1 + SC__MAX];   /* budget, output, benefit, satisfaction; all 0: the rules' */
	const char *budget_reason;  /* budget.reason: why execution fell short; NULL or "" for none */
	const struct score_result_in *results;   /* one per indicator, same order */
	size_t n_results;
};

enum {
	FLAG_OVER_ACHIEVED = 1,     /* far over the target: full points, target maybe too low */
	FLAG_NEEDS_REASON = 2,      /* points lost, or far over the target, and no explanation given;
	                               on the budget: execution below exec_reason_below, no reason */
	FLAG_NOT_APPLICABLE = 4,    /* dropped, the others rescaled */
};

/* The flags as the views show them: the JSON id and a short Chinese note,
 * in the order of their bits. */
struct score_flag {
	unsigned bit;
	const char *id;             /* over_achieved, needs_reason, not_applicable */
	const char *note;           /* 远超目标（目标可能定得过低）… */
};
extern const struct score_flag score_flags[3];
/* The note of flag `bit` of an indicator flagged `flags`, as the table and
 * the text show it; NULL when the flag is not set or is not shown
 * (not_applicable: the row says 不适用).  needs_reason on an over_achieved
 * indicator reads 须说明原因: it lost no points. */
const char *score_flag_note(unsigned flags, unsigned bit);

struct score_indicator {
	centi points;               /* W, rounded for display */
	centi score;                /* rounded half-up */
	unsigned flags;
};

struct score_output {
	centi budget_points, budget_score;
	centi exec_rate;                /* executed / annual × 100, not capped: 93.56% is 9356 */
	unsigned budget_flags;          /* FLAG_NEEDS_REASON or 0 */
	struct score_indicator *ind;    /* n_results of them, caller-provided */
	centi total;
	const char *grade;              /* 优 良 中 差 */
};

/*
 * Scores `in` into `out` (out->ind has room for in->n_results).  Returns 0,
 * or writes a Chinese message naming the problem (the indicator, the value
 * seen) into msg (size n) and returns JX_EINPUT: a result that does not fit
 * its target (a non-number for a numeric target, a band and percentage that
 * disagree, results and indicators of different counts, no budget).
 */
int score_compute(const struct score_input *in, const struct score_rules *rules,
                  struct score_output *out, char *msg, size_t n);

/*
 * May a scored self-evaluation be submitted?  Every indicator flagged
 * needs_reason (points lost, or far over its target) and a budget flagged
 * needs_reason must be explained first.  Returns 0 and leaves `why` empty
 * when it may; otherwise appends the Chinese reason it may not, naming the
 * indicators (or the execution rate), to `why`.  `o` is score_compute's
 * output for `in` under `rules`.
 */
void score_submit_refusal(const struct score_input *in, const struct score_rules *rules,
                          const struct score_output *o, struct strbuf *why);

/* The even split of DOMAIN.md §6 (each 一级's weight over its indicators,
 * scaled to 100 − budget points), all indicators applicable, rounded to
 * hundredths into points[d->n_ind]: the 分值 a form starts from.  `weights`
 * as score_input's (all 0: the rules'). Returns 0 or JX_EINPUT (msg). */
int score_even_split(const struct decl *d, const int weights[1 + SC__MAX],
                     const struct score_rules *rules, centi *points, char *msg, size_t n);

/* The weight class of a 一级指标 name; SC__MAX for an unknown one. */
enum score_class score_class_of(const char *level1);
/* "achieved", "partial", "missed" → band; BAND_NONE for anything else. */
enum score_band score_band_by_id(const char *id);
/* The band's id ("achieved"…) and the name users read (完成, 部分完成,
 * 未完成); "" for BAND_NONE. */
const char *score_band_id(enum score_band b);
const char *score_band_name(enum score_band b);
/* Writes c as a decimal with at most two decimals ("9.36", "10", "8.5"). */
void centi_format(char buf[32], centi c);

#endif
