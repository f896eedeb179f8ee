/*
 * fuzz_selfeval.c: libFuzzer target for the self-evaluation reader
 * (selfeval_read.h), the scoring engine (score.h) and the table drawn from
 * a score (selfeval_table.h, in HTML): any bytes are either refused with
 * findings or scored and drawn without a crash, an overflow or a leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../src/parse/selfeval_read.h"
#include "../src/render/selfeval_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct score_rules rules[2] = {
		{ REVERSE_RATIO, "1.5", "90", "80", "60" },
		{ REVERSE_LINEAR, "1.2", "85", "70", "60" },
	};
	struct diags diags;
	struct arena a;
	struct selfeval se;
	char msg[256];

	diags_init(&diags);
	arena_init(&a, 16384);
	if (selfeval_read((const char *)data, size, "fuzz.json", &diags, &a, &se) == 0 && !diags.n_error) {
		struct score_output out = { 0 };
		if ((out.ind = arena_zalloc(&a, (se.decl.n_ind + 1) * sizeof(*out.ind))))
			for (int i = 0; i < 2; i++)
				if (score_compute(&se.in, &rules[i], &out, msg, sizeof(msg)) == 0) {
					struct strbuf sb = STRBUF_INIT;
					struct html h;
					html_init(&h, &sb);
					selfeval_html(&h, &se, &out);
					if (html_finish(&h) != 0)
						abort();    /* the writer was misused */
					sb_release(&sb);
				}
	}
	arena_release(&a);
	diags_release(&diags);
	return 0;
}
