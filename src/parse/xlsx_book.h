/*
 * xlsx_book.h: an XLSX workbook as the importers need it: its sheets, in
 * order, each read into a grid of cells with its merged ranges.
 *
 * The parts of the package come from a `struct xlsx_parts` (a ZIP archive
 * in memory through libzip, or parts given directly, as the fuzz target
 * does), are streamed through expat (no document tree) and capped, so that
 * a ZIP bomb is refused before it costs more than a bounded amount of time
 * and memory: a sheet may decompress to XLSX_SHEET_MAX bytes (its rows can
 * be streamed to the caller, so the sheet need not be held), the shared
 * strings, held whole, to XLSX_SST_MAX, every other part to XLSX_PART_MAX,
 * the package to XLSX_BOOK_MAX; the cells a sheet keeps in memory hold at
 * most XLSX_GRID_TEXT_MAX bytes of text.  Cell values are kept as the sheet
 * XML writes them: numbers as their decimal text, never converted to binary
 * floating point; cellval.h turns them into the fields' types.
 */
#ifndef JX_XLSX_BOOK_H
#define JX_XLSX_BOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../util/arena.h"
#include "../util/strbuf.h"

#define XLSX_PART_MAX   (16ull << 20)   /* a decompressed part of the structure */
#define XLSX_SST_MAX    (256ull << 20)  /* the shared strings */
#define XLSX_SHEET_MAX  (1ull << 30)    /* a sheet, streamed */
#define XLSX_BOOK_MAX   (2ull << 30)    /* all parts read, together */
#define XLSX_GRID_TEXT_MAX (64u << 20)  /* text of the cells a sheet keeps */
#define XLSX_CELLS_MAX 2000000u         /* cells of one sheet */
#define XLSX_SHEETS_MAX 10000u       /* the writer's cap too */
#define XLSX_ROWS      1048576u         /* Excel's grid */
#define XLSX_COLS      16384u

/* Streams a part's bytes; returns 0 to go on or a JX_ code that stops. */
typedef int (*xlsx_chunk_fn)(void *ctx, const char *buf, size_t n);

/* Where the parts of a package come from. */
struct xlsx_parts {
	void *ctx;
	/*
	 * Streams part `name` ("xl/workbook.xml", no leading '/', matched
	 * without regard to case) to fn, refusing it past `cap` decompressed
	 * bytes (and the package past XLSX_BOOK_MAX).  Returns 0, JX_ENOENT when
	 * there is no such part, JX_ETOOBIG past a cap or JX_EINPUT for a
	 * damaged part (a Chinese reason in err), JX_ENOMEM, or what fn returned.
	 */
	int (*read)(void *ctx, const char *name, uint64_t cap, xlsx_chunk_fn fn, void *fn_ctx,
	            struct strbuf *err);
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
 * Called with each row of a sheet as its </row> is read, its cells sorted
 * by column (their text valid until the call returns).  Returns
 * XLSX_ROW_KEEP to keep the row in the grid, XLSX_ROW_TAKEN when the caller
 * has used it (it is not kept), or a JX_ code that stops the sheet.
 */
enum { XLSX_ROW_KEEP = -1, XLSX_ROW_TAKEN = 0 };
typedef int (*xlsx_row_fn)(void *ctx, const struct xlsx_cell *cells, size_t n);

/*
 * Reads sheet i into g (xlsx_grid_release it, also on failure), offering
 * each row to `row` first when it is not NULL.  Returns 0, JX_ENOMEM, what
 * `row` returned, or JX_EINPUT/JX_ETOOBIG with a Chinese reason in err (a
 * missing or damaged part, a cell outside the grid, too many cells).
 */
int xlsx_book_read_sheet(struct xlsx_book *b, size_t i, xlsx_row_fn row, void *row_ctx,
                         struct xlsx_grid *g, struct strbuf *err);
void xlsx_grid_release(struct xlsx_grid *g);

/* The merged range whose top-left cell is (row, col); NULL when none. */
const struct xlsx_merge *xlsx_grid_merge_at(const struct xlsx_grid *g, uint32_t row, uint32_t col);

/* Appends "C5" for (5, 2); with a sheet name "Sheet1!C5", the name quoted
 * as Excel quotes it when it holds spaces or punctuation. */
void xlsx_cell_ref(struct strbuf *out, const char *sheet, uint32_t row, uint32_t col);
/* Appends the column letters of col ("A", "AB"). */
void xlsx_col_name(struct strbuf *out, uint32_t col);

#endif
