/*
 * fuzz_xlsx.c: libFuzzer target for the XLSX and CSV readers.
 *
 * An input that starts as a ZIP archive goes through libzip as a file
 * would.  An input that starts with "--- " is a package written as text:
 * parts one after another, each after a line "--- NAME", so that mutations
 * reach the XML itself (inside a ZIP the CRC would refuse nearly all of
 * them).  Anything else is read as CSV in the flat layout.  Every
 * declaration read is written as JSON, touching all it holds.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../src/parse/csv_read.h"
#include "../src/parse/xlsx_read.h"
#include "../src/render/json_write.h"
#include "../src/util/diag.h"
#include "fuzz_parts.h"

static int sink(void *ctx, const struct decl *d)
{
	struct strbuf *out = ctx;
	struct jw w;

	sb_reset(out);
	jw_init(&w, out, false, 0);
	json_write_decl(&w, d);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf out = STRBUF_INIT;
	struct parse_opts opts = { .sink = sink, .sink_ctx = &out };
	struct xlsx_parts p;
	struct diags diags;
	const char *s = (const char *)data;

	diags_init(&diags);
	if (size >= 4 && memcmp(s, "PK\3\4", 4) == 0) {
		xlsx_read(data, size, "fuzz.xlsx", &diags, &opts);
	} else if (fuzz_is_parts(data, size)) {
		if (fuzz_parts(&p, data, size) == 0)
			xlsx_read_parts(&p, "fuzz.xlsx", &diags, &opts);
	} else {
		struct reader *r;
		if (reader_open_mem(&r, data, size) == 0) {
			csv_read(r, "fuzz.csv", &diags, &opts);
			reader_close(r);
		}
	}
	diags_release(&diags);
	sb_release(&out);
	return 0;
}
