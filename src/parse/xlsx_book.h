/*
 * xlsx_book.h: an XLSX workbook as the importers need it: its sheets, in
 * order, each read into a grid of cells with its merged ranges.
 *
 * The parts of the package come from a `struct xlsx_parts` (a ZIP archive
 * in memory through libzip, or parts given directly, as the fuzz target
 * does), are streamed through expat (no document tree) and capped: a part
 * that decompresses to more than XLSX_PART_MAX bytes, or a package past
 * XLSX_BOOK_MAX in all, is refused (ZIP bombs).  Cell values are kept as the
 * sheet XML writes them: numbers as their decimal text, never converted to
 * binary floating point; xlsx_cell.h turns them into the fields' types.
 */
#ifndef JX_XLSX_BOOK_H
#define JX_XLSX_BOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/strbuf.h"

#define XLSX_PART_MAX  (64u << 20)      /* one decompressed part */
#define XLSX_BOOK_MAX  (256u << 20)     /* all parts read, together */
#define XLSX_CELLS_MAX 2000000u         /* cells of one sheet */
#define XLSX_SHEETS_MAX 1000u
#define XLSX_ROWS      1048576u         /* Excel's grid */
#define XLSX_COLS      16384u

/* Streams a part's bytes; returns 0 to go on or a JX_ code that stops. */
typedef int (*xlsx_chunk_fn)(void *ctx, const char *buf, size_t n);

/* Where the parts of a package come from. */
struct xlsx_parts {
	void *ctx;
	/*
	 * Streams part `name` ("xl/workbook.xml", no leading '/', matched
	 * without regard to case) to fn.  Returns 0, JX_ENOENT when there is no
	 * such part, JX_ETOOBIG past the caps, JX_EINPUT for a damaged part
	 * (a Chinese reason in err), JX_ENOMEM, or what fn returned.
	 */
	int (*read)(void *ctx, const char *name, xlsx_chunk_fn fn, void *fn_ctx, struct strbuf *err);
	void (*close)(void *ctx);
};

/*
 * Parts from a ZIP archive of n bytes at data (kept alive by the caller
 * until close).  Returns 0, JX_ENOMEM, or JX_EINPUT with the reason in err
 * ("不是有效的 XLSX 文件（…）").
 */
int xlsx_parts_zip(struct xlsx_parts *out, const void *data, size_t n, struct strbuf *err);

/* Parts given as names and contents (copied neither: kept alive by the
 * caller); for tests and fuzzing. */
struct xlsx_mem_part {
	const char *name;
	const char *data;
	size_t n;
};
int xlsx_parts_mem(struct xlsx_parts *out, const struct xlsx_mem_part *parts, size_t n);

enum xlsx_type { XT_STRING, XT_NUMBER, XT_BOOL, XT_ERROR };
/* What a number's style makes of it on screen. */
enum xlsx_fmt { XF_GENERAL, XF_PERCENT, XF_DATE };

/* A cell that holds something.  row from 1, col from 0 (A). */
struct xlsx_cell {
	uint32_t row, col;
	unsigned char type;     /* enum xlsx_type */
	unsigned char fmt;      /* enum xlsx_fmt, numbers only */
	const char *s;          /* text; for numbers the XML's decimal text */
	size_t n;
};

/* A merged range, inclusive, rows from 1 and cols from 0. */
struct xlsx_merge {
	uint32_t r1, c1, r2, c2;
};

/* A sheet read into memory: cells sorted by row then column. */
struct xlsx_grid {
	const char *name;
	struct xlsx_cell *cells;
	size_t n;
	struct xlsx_merge *merges;  /* sorted by r1, c1 */
	size_t n_merge;
	struct arena arena;         /* the cells' text */
};

struct xlsx_book;

/*
 * Reads the workbook's structure (sheets, shared strings, styles) from
 * `parts`, which it takes over (closed by xlsx_book_free, also on failure).
 * Returns 0, JX_ENOMEM, or JX_EINPUT with a Chinese reason in err.
 */
int xlsx_book_open(struct xlsx_book **out, struct xlsx_parts *parts, struct strbuf *err);
void xlsx_book_free(struct xlsx_book *b);

size_t xlsx_book_sheets(const struct xlsx_book *b);
const char *xlsx_book_sheet_name(const struct xlsx_book *b, size_t i);
/* True when dates count from 1904 (workbookPr date1904). */
bool xlsx_book_date1904(const struct xlsx_book *b);

/*
 * Reads sheet i into g (xlsx_grid_release it, also on failure).  Returns 0,
 * JX_ENOMEM, or JX_EINPUT with a Chinese reason in err (a missing or
 * damaged part, a cell outside the grid, too many cells).
 */
int xlsx_book_read_sheet(struct xlsx_book *b, size_t i, struct xlsx_grid *g, struct strbuf *err);
void xlsx_grid_release(struct xlsx_grid *g);

/* The merged range whose top-left cell is (row, col); NULL when none. */
const struct xlsx_merge *xlsx_grid_merge_at(const struct xlsx_grid *g, uint32_t row, uint32_t col);

/* Appends "C5" for (5, 2); with a sheet name "Sheet1!C5", the name quoted
 * as Excel quotes it when it holds spaces or punctuation. */
void xlsx_cell_ref(struct strbuf *out, const char *sheet, uint32_t row, uint32_t col);
/* Appends the column letters of col ("A", "AB"). */
void xlsx_col_name(struct strbuf *out, uint32_t col);

#endif
