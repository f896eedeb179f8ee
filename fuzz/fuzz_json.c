/*
 * fuzz_json.c: libFuzzer target for the FORMAT.md JSON reader; every
 * declaration it accepts is written back and read again, which must give
 * the same JSON (the round trip the import/export contract relies on).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../src/parse/json_read.h"
#include "../src/render/json_write.h"
#include "../src/util/diag.h"

struct pass {
	struct strbuf out;
	size_t count;
};

static int sink(void *ctx, const struct decl *d)
{
	struct pass *p = ctx;
	struct jw w;

	sb_addc(&p->out, p->count++ ? ',' : '[');
	jw_init(&w, &p->out, false, 0);
	json_write_decl(&w, d);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pass one = { STRBUF_INIT, 0 }, two = { STRBUF_INIT, 0 };
	struct parse_opts o1 = { .sink = sink, .sink_ctx = &one };
	struct parse_opts o2 = { .sink = sink, .sink_ctx = &two };
	struct diags diags;

	diags_init(&diags);
	json_read((const char *)data, size, "fuzz.json", &diags, &o1);
	if (one.count && !diags.n_error) {
		sb_addc(&one.out, ']');
		json_read(one.out.buf, one.out.len, "again.json", &diags, &o2);
		sb_addc(&two.out, ']');
		if (diags.n_error || one.out.len != two.out.len ||
		    memcmp(one.out.buf, two.out.buf, one.out.len) != 0)
			__builtin_trap();
	}
	diags_release(&diags);
	sb_release(&one.out);
	sb_release(&two.out);
	return 0;
}
