/*
 * fuzz_parts.c: a workbook package written as text ("--- NAME" lines), split
 * into its parts for the fuzz targets that read XLSX; see fuzz_parts.h.
 */
#include <string.h>

#include "fuzz_parts.h"

#define MAX_PARTS 32

bool fuzz_is_parts(const uint8_t *data, size_t size)
{
	return size >= 4 && memcmp(data, "--- ", 4) == 0;
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

int fuzz_parts(struct xlsx_parts *p, const uint8_t *data, size_t size)
{
	static char names[4096];
	static struct xlsx_mem_part parts[MAX_PARTS];
	size_t n = split_parts((const char *)data, size, parts, names, sizeof(names));

	return xlsx_parts_mem(p, parts, n);
}
