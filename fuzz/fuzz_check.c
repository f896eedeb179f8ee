/*
 * fuzz_check.c: libFuzzer target for the review: raw bytes through the
 * seed-layout importer, every declaration read reviewed under each built-in
 * profile and its findings written as JSON, so that odd declarations (empty
 * names, huge numbers, strange units, long goals) reach every rule.
 */
#include <stddef.h>
#include <stdint.h>

#include "../src/parse/parse_text.h"
#include "../src/render/review_json.h"
#include "../src/review/review.h"
#include "../src/util/diag.h"

static struct profile *profiles[2];
static struct review rv;
static struct strbuf out = STRBUF_INIT;

static int sink(void *ctx, const struct decl *d)
{
	struct review_origin o = { .file = "fuzz.txt", .line = d->line };

	for (size_t i = 0; i < 2; i++) {
		struct jw w;
		if (review_decl(profiles[i], d, &rv))
			continue;
		sb_reset(&out);
		jw_init(&w, &out, false, 0);
		json_write_review(&w, d, &rv, profiles[i]->name, &o);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse_opts opts = { .sink = sink };
	struct diags diags;
	struct reader *r;

	if (!profiles[0]) {
		struct strbuf err = STRBUF_INIT;
		if (profile_load("shanghai-2023", &profiles[0], &err) ||
		    profile_load("central-2021", &profiles[1], &err))
			__builtin_trap();
		sb_release(&err);
		review_init(&rv);
	}
	diags_init(&diags);
	if (reader_open_mem(&r, data, size) == 0) {
		parse_text(r, "fuzz.txt", &diags, &opts);
		reader_close(r);
	}
	diags_release(&diags);
	return 0;
}
