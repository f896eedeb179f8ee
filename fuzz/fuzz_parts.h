/*
 * fuzz_parts.h: a workbook package written as text, for the fuzz targets
 * that read XLSX (fuzz_xlsx, fuzz_monitor).
 *
 * Inside a ZIP the CRC refuses nearly every mutation, so a target also takes
 * the package as text: parts one after another, each after a line
 * "--- NAME", and the mutations reach the sheet XML itself.
 */
#ifndef JX_FUZZ_PARTS_H
#define JX_FUZZ_PARTS_H

#include <stddef.h>
#include <stdint.h>

#include "../src/parse/xlsx_book.h"

/* True when the fuzzer's bytes are a package written as text ("--- "). */
bool fuzz_is_parts(const uint8_t *data, size_t size);

/*
 * Splits "--- name\n…--- name\n…" into the parts of *p (at most 32).  The
 * parts point into `data` and into static storage for their names: valid
 * until the next call, which the single-threaded fuzzer never overlaps.
 * Returns xlsx_parts_mem's code (0 = a package to read).
 */
int fuzz_parts(struct xlsx_parts *p, const uint8_t *data, size_t size);

#endif
