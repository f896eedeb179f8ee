/*
 * fuzz_text.c: libFuzzer target for the seed-layout text importer, from
 * raw bytes (any encoding) through the reader to declarations written as
 * JSON, so the writer is fuzzed too.
 */
#include <stddef.h>
#include <stdint.h>

#include "../src/parse/parse_text.h"
#include "../src/render/json_write.h"
#include "../src/util/diag.h"

static int sink(void *ctx, const struct decl *d)
{
	struct strbuf *sb = ctx;
	struct jw w;

	sb_reset(sb);
	jw_init(&w, sb, true, 0);
	json_write_decl(&w, d);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf sb = STRBUF_INIT;
	struct parse_opts opts = { .sink = sink, .sink_ctx = &sb };
	struct diags diags;
	struct reader *r;

	diags_init(&diags);
	if (reader_open_mem(&r, data, size) == 0) {
		parse_text(r, "fuzz.txt", &diags, &opts);
		reader_close(r);
	}
	for (size_t i = 0; i < diags.n; i++) {
		sb_reset(&sb);
		diag_format(&sb, &diags.v[i]);
	}
	diags_release(&diags);
	sb_release(&sb);
	return 0;
}
