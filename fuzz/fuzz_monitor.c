/*
 * fuzz_monitor.c: libFuzzer target for the monitoring table's reader
 * (score/monitor_read.c), against the seed's first declaration.
 *
 * As fuzz_xlsx does: an input that starts as a ZIP archive is a workbook
 * read as a file would be; one that starts with "--- " is a package written
 * as text, parts one after another, each after a line "--- NAME" (so that
 * mutations reach the sheet XML); anything else is CSV.  A round read
 * without error goes through the engine (monitor_compute), as the page does.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../src/parse/value.h"
#include "../src/score/monitor_read.h"
#include "../src/util/diag.h"
#include "fuzz_parts.h"

/* The seed's first form: its year, budget and indicators. */
static const char *const seed[][4] = {
	{ "产出指标", "数量指标", "居民区党组织服务群众专项经费覆盖乡镇数", "=15个" },
	{ "产出指标", "数量指标", "居民区党组织服务群众专项经费覆盖居民区数量", "=91个" },
	{ "产出指标", "质量指标", "居民区党组织开展服务群众活动", "常态化,不少于12次" },
	{ "产出指标", "质量指标", "居民区党组织解决群众困难", "常态化" },
	{ "产出指标", "时效指标", "下拨居民区党组织服务群众专项经费", "2023年7月前" },
	{ "效益指标", "社会效益指标", "居民区党组织服务群众活动效果", "提升" },
	{ "满意度指标", "服务对象满意度指标", "居民区群众满意度", "提升" },
};

static struct arena decl_arena;
static struct decl decl;

static void make_decl(void)
{
	arena_init(&decl_arena, 4096);
	decl_init(&decl);
	decl.year = 2023;
	decl.name = "居民区党组织服务群众专项经费";
	decl.funds[FUND_ANNUAL] = (struct amount){ 481000000, true };
	for (size_t i = 0; i < sizeof(seed) / sizeof(seed[0]); i++) {
		struct indicator *in = decl_add_indicator(&decl, &decl_arena);
		in->level1 = seed[i][0];
		in->level2 = seed[i][1];
		in->name = seed[i][2];
		in->value = seed[i][3];
		value_parse(in->value, strlen(in->value), decl.year, &decl_arena, &in->target);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct monitor_upload up;
	struct xlsx_parts p;
	struct diags diags;
	struct arena a;
	int rc = -1;

	if (!decl.name)
		make_decl();
	arena_init(&a, 4096);
	diags_init(&diags);
	if (fuzz_is_parts(data, size)) {
		if (fuzz_parts(&p, data, size) == 0)
			rc = monitor_read_parts(&p, "fuzz.xlsx", &decl, &a, &diags, &up);
	} else {
		rc = monitor_read(data, size, "fuzz", &decl, &a, &diags, &up);
	}
	if (rc == 0 && !diags.n_error) {
		struct monitor_input in = { .decl = &decl, .as_of = up.as_of, .budget = up.budget,
			                        .executed = up.executed, .items = up.items,
			                        .n_items = up.n_items };
		bool risk[sizeof(seed) / sizeof(seed[0])];
		struct monitor_output out = { .at_risk = risk };
		struct monitor_rules rules = { "60", "80" };
		char msg[256];

		monitor_compute(&in, &rules, &out, msg, sizeof(msg));
	}
	diags_release(&diags);
	arena_release(&a);
	return 0;
}
