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

#define MAX_PARTS 32

static int sink(void *ctx, const struct decl *d)
{
	struct strbuf *out = ctx;
	struct jw w;

	sb_reset(out);
	jw_init(&w, out, false, 0);
	json_write_decl(&w, d);
	return 0;
}

/* Splits "--- name\n…--- name\n…" into parts (names copied into `names`). */
static size_t split_parts(const char *s, size_t n, struct xlsx_mem_part *parts, char *names,
                          size_t names_cap)
{
	size_t k = 0, used = 0, i = 0;

	while (i + 4 <= n && memcmp(s + i, "--- ", 4) == 0 && k < MAX_PARTS) {
		const char *nl = memchr(s + i + 4, '\n', n - i - 4);
		const char *name = s + i + 4, *body, *next;
		size_t len;

		if (!nl)
			break;
		len = (size_t)(nl - name);
		if (used + len + 1 > names_cap)
			break;
		memcpy(names + used, name, len);
		names[used + len] = '\0';
		body = nl + 1;
		next = memmem(body, (size_t)(s + n - body), "\n--- ", 5);
		parts[k].name = names + used;
		parts[k].data = body;
		parts[k].n = next ? (size_t)(next - body) : (size_t)(s + n - body);
		used += len + 1;
		k++;
		if (!next)
			break;
		i = (size_t)(next - s) + 1;
	}
	return k;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char names[4096];
	struct strbuf out = STRBUF_INIT;
	struct parse_opts opts = { .sink = sink, .sink_ctx = &out };
	struct xlsx_mem_part parts[MAX_PARTS];
	struct xlsx_parts p;
	struct diags diags;
	const char *s = (const char *)data;

	diags_init(&diags);
	if (size >= 4 && memcmp(s, "PK\3\4", 4) == 0) {
		xlsx_read(data, size, "fuzz.xlsx", &diags, &opts);
	} else if (size >= 4 && memcmp(s, "--- ", 4) == 0) {
		size_t n = split_parts(s, size, parts, names, sizeof(names));
		if (xlsx_parts_mem(&p, parts, n) == 0)
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
