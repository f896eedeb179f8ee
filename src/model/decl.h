/*
 * decl.h: the declaration (项目支出绩效目标申报表) as data, FORMAT.md v1.
 *
 * A struct decl does not own its strings: whoever fills it (a parser, the
 * store) allocates them in an arena it names, and they live as long as that
 * arena.  Money is integer fen; a blank cell is distinct from zero.
 */
#ifndef JX_DECL_H
#define JX_DECL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"

enum decl_field {
#define FIELD(id, label, key) F_##id,
#include "fields.def"
#undef FIELD
	F__MAX
};

/* The form's label (Chinese) and the FORMAT.md key of a field. */
const char *field_label(enum decl_field f);
const char *field_key(enum decl_field f);

/* An amount of money in fen (分); `set` is false for a blank cell. */
struct amount {
	int64_t fen;
	bool set;
};

/* Largest amount accepted anywhere: 10^15 fen (ten trillion yuan). */
#define AMOUNT_MAX_FEN 1000000000000000LL

/* A calendar date; y == 0 means absent. */
struct date {
	int y, m, d;
};

bool date_valid(int y, int m, int d);
int date_days_in_month(int y, int m);
/* Days since 1970-01-01 (proleptic Gregorian); for comparisons. */
int64_t date_serial(struct date d);
/* Compares two set dates: <0, 0, >0. */
int date_cmp(struct date a, struct date b);

enum target_kind { TARGET_EMPTY, TARGET_NUMERIC, TARGET_DEADLINE, TARGET_QUALITATIVE };
enum target_op { OP_EQ, OP_GE, OP_LE, OP_GT, OP_LT };

/* "=", ">=", "<=", ">", "<" */
const char *target_op_str(enum target_op op);
/* "empty", "numeric", "deadline", "qualitative" */
const char *target_kind_str(enum target_kind k);

/* The parsed meaning of an indicator's value (FORMAT.md `target`). */
struct target {
	enum target_kind kind;
	enum target_op op;      /* numeric */
	const char *number;     /* numeric: decimal string, e.g. "12", "1.2" */
	const char *unit;       /* numeric: "" when none */
	const char *note;       /* numeric: NULL when none */
	struct date by;         /* deadline */
	const char *text;       /* qualitative */
};

struct indicator {
	const char *level1;     /* 一级指标 */
	const char *level2;     /* 二级指标 */
	const char *name;       /* 三级指标 */
	const char *value;      /* 年度指标值 as written, normalised */
	struct target target;
	int line;               /* source line; 0 when unknown */
};

struct decl {
	int year;
	const char *name;
	const char *category;
	const char *department;
	const char *implementer;
	struct date start, end;
	struct amount funds[7];     /* indexed by enum fund */
	int overall_from, overall_to;   /* 0 when the form gives no years */
	const char *overall;
	const char *annual_goal;
	struct indicator *ind;
	size_t n_ind;
	size_t cap_ind;
	/* where it came from, for findings */
	const char *file;
	int line;                   /* the line of the form's title */
	int field_line[F__MAX];     /* the line each field was read on */
};

enum fund {
	FUND_TOTAL, FUND_TOTAL_FISCAL, FUND_TOTAL_OTHER,
	FUND_ANNUAL, FUND_ANNUAL_APPROP, FUND_ANNUAL_CARRY, FUND_ANNUAL_OTHER,
	FUND__MAX
};

/* The field of a fund cell. */
enum decl_field fund_field(enum fund f);

/* Empties d; strings are not freed (they belong to an arena). */
void decl_init(struct decl *d);
/* A deep copy of src into dst, its strings in `a`; 0 or JX_ENOMEM. */
int decl_copy(struct decl *dst, const struct decl *src, struct arena *a);
/* Appends an indicator (zeroed) allocated in `a`; NULL when out of memory. */
struct indicator *decl_add_indicator(struct decl *d, struct arena *a);

#endif
