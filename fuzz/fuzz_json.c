/*
 * fuzz_json.c: libFuzzer target for the FORMAT.md JSON reader; every
 * declaration it accepts is written back and read again, which must give
 * the same JSON (the round trip the import/export contract relies on).
 * The reader streams: the same bytes pulled in small chunks (1 to 16 bytes,
 * as the input's first byte says) must give the same declarations and the
 * same findings as from memory.
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

/* The bytes of a fuzz input, handed over a few at a time. */
struct chunks {
	const uint8_t *data;
	size_t n, at, step;
};

static size_t pull(void *ctx, char *buf, size_t n)
{
	struct chunks *c = ctx;

	if (n > c->step)
		n = c->step;
	if (n > c->n - c->at)
		n = c->n - c->at;
	memcpy(buf, c->data + c->at, n);
	c->at += n;
	return n;
}

/* Every finding as text, one per line. */
static void findings(struct strbuf *out, const struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		diag_format(out, &d->v[i]);
		sb_addc(out, '\n');
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pass one = { STRBUF_INIT, 0 }, two = { STRBUF_INIT, 0 }, pulled = { STRBUF_INIT, 0 };
	struct parse_opts o1 = { .sink = sink, .sink_ctx = &one };
	struct parse_opts o2 = { .sink = sink, .sink_ctx = &two };
	struct parse_opts o3 = { .sink = sink, .sink_ctx = &pulled };
	struct chunks c = { data, size, 0, size ? (size_t)(data[0] % 16) + 1 : 1 };
	struct strbuf f1 = STRBUF_INIT, f3 = STRBUF_INIT;
	struct diags diags, diags3;

	diags_init(&diags);
	diags_init(&diags3);
	json_read((const char *)data, size, "fuzz.json", &diags, &o1);
	json_read_pull(pull, &c, size, "fuzz.json", &diags3, &o3);
	findings(&f1, &diags);
	findings(&f3, &diags3);
	if (diags.n_error != diags3.n_error || f1.len != f3.len || memcmp(f1.buf, f3.buf, f1.len) != 0 ||
	    one.out.len != pulled.out.len || memcmp(one.out.buf, pulled.out.buf, one.out.len) != 0)
		__builtin_trap();
	if (one.count && !diags.n_error) {
		sb_addc(&one.out, ']');
		json_read(one.out.buf, one.out.len, "again.json", &diags, &o2);
		sb_addc(&two.out, ']');
		if (diags.n_error || one.out.len != two.out.len ||
		    memcmp(one.out.buf, two.out.buf, one.out.len) != 0)
			__builtin_trap();
	}
	diags_release(&diags);
	diags_release(&diags3);
	sb_release(&f1);
	sb_release(&f3);
	sb_release(&one.out);
	sb_release(&two.out);
	sb_release(&pulled.out);
	return 0;
}
