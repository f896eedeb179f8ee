/*
 * overview.c: the overview's columns and cells (overview.h).
 */
#include <string.h>

#include "overview.h"

const struct ov_column_info ov_columns[OVC__MAX] = {
#define OVCOL(sym, group, title, kind) [OVC_##sym] = { OVG_##group, title, OVK_##kind },
#include "overview.def"
#undef OVCOL
};

const char *ov_group_name(enum ov_group g)
{
	static const char *const names[OVG__MAX] = { "", "申报", "运行监控", "绩效自评" };

	return (unsigned)g < OVG__MAX ? names[g] : "";
}

int ov_grade_index(const char *v)
{
	static const char *const names[] = { "优", "良", "中", "差" };

	for (int i = 0; v && i < 4; i++)
		if (strcmp(v, names[i]) == 0)
			return i;
	return 4;
}

bool ov_rate(int64_t executed, int64_t budget, int64_t *centi_pct)
{
	__int128 twice;

	if (budget <= 0)
		return false;
	twice = (__int128)executed * 20000;
	*centi_pct = (int64_t)((twice + (twice < 0 ? -budget : budget)) / (2 * (__int128)budget));
	return true;
}

static struct ov_value count(int64_t n)
{
	return (struct ov_value){ .n = n };
}

static struct ov_value rate(int64_t executed, int64_t budget)
{
	struct ov_value v = { 0 };

	v.blank = !ov_rate(executed, budget, &v.n);
	return v;
}

struct ov_value ov_value(const struct ov_row *r, enum ov_column c)
{
	switch (c) {
	case OVC_YEAR:
		return (struct ov_value){ .n = r->year, .blank = !r->department };
	case OVC_DEPARTMENT:
		return (struct ov_value){ .text = r->department ? r->department : "合计" };
	case OVC_DECLS:
		return count(r->count);
	case OVC_DRAFT:
		return count(r->by_state[WS_DRAFT] + r->by_state[WS_ADJUSTING]);
	case OVC_IN_REVIEW:
		return count(r->by_state[WS_SUBMITTED] + r->by_state[WS_DEPT_REVIEW] +
		             r->by_state[WS_FINANCE_REVIEW]);
	case OVC_APPROVED:
		return count(r->by_state[WS_APPROVED]);
	case OVC_RETURNED:
		return count(r->by_state[WS_RETURNED] + r->by_state[WS_REJECTED]);
	case OVC_V_EXCELLENT:
	case OVC_V_GOOD:
	case OVC_V_FAIR:
	case OVC_V_POOR:
		return count(r->by_verdict[c - OVC_V_EXCELLENT]);
	case OVC_ANNUAL:
		return count(r->annual_fen);
	case OVC_APPROVED_FUNDS:
		return count(r->approved_fen);
	case OVC_GREEN:
	case OVC_YELLOW:
	case OVC_RED:
		return count(r->by_light[c - OVC_GREEN]);
	case OVC_MON_BUDGET:
		return count(r->mon_budget_fen);
	case OVC_MON_EXECUTED:
		return count(r->mon_executed_fen);
	case OVC_MON_RATE:
		return rate(r->mon_executed_fen, r->mon_budget_fen);
	case OVC_SELFEVALS:
		return count(r->se_count);
	case OVC_SE_APPROVED:
		return count(r->se_approved);
	case OVC_G_EXCELLENT:
	case OVC_G_GOOD:
	case OVC_G_FAIR:
	case OVC_G_POOR:
		return count(r->by_grade[c - OVC_G_EXCELLENT]);
	case OVC_SE_BUDGET:
		return count(r->se_budget_fen);
	case OVC_SE_EXECUTED:
		return count(r->se_executed_fen);
	case OVC_SE_RATE:
		return rate(r->se_executed_fen, r->se_budget_fen);
	case OVC__MAX:
		break;
	}
	return (struct ov_value){ .blank = true };
}
