/*
 * test_form_pdf.c: the PDF writer's contract (render/form_pdf.h): it
 * streams declarations as the parser hands them over, each from a new page;
 * it writes a whole PDF through a callback or into a file; and it reports
 * failures as codes, with a reason where there is one.  What the pages
 * show is tested on their text in tests/pdf.sh.  Run from the repository
 * root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/parse/parse_text.h"
#include "../../src/parse/reader.h"
#include "../../src/render/form_pdf.h"
#include "../../src/review/profile.h"
#include "../../src/util/err.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define SEED "tests/golden/convert/seed.txt"

/* A PDF in memory (the web download's case). */
static int to_strbuf(void *closure, const unsigned char *data, size_t n)
{
	struct strbuf *sb = closure;

	sb_add(sb, data, n);
	return sb->err;
}

static int refuse(void *closure, const unsigned char *data, size_t n)
{
	(void)closure, (void)data, (void)n;
	return -1;
}

/* The parser's sink: each declaration is drawn as soon as it is read. */
struct run {
	struct form_pdf *w;
	const struct profile *p;
	int pages[4];           /* pages drawn after each declaration */
	size_t n;
};

static int draw(void *ctx, const struct decl *d)
{
	struct run *r = ctx;
	int rc = form_pdf_decl(r->w, d, r->p);

	if (r->n < N(r->pages))
		r->pages[r->n++] = form_pdf_pages(r->w);
	return rc;
}

static int parse_seed(struct run *run)
{
	struct parse_opts opts = { draw, run, NULL, NULL };
	struct reader *r = NULL;
	struct diags diags;
	int rc;

	diags_init(&diags);
	rc = reader_open(&r, SEED);
	if (!rc)
		rc = parse_text(r, SEED, &diags, &opts);
	if (!rc && diags.n_error)
		rc = JX_EINPUT;
	if (r)
		reader_close(r);
	diags_release(&diags);
	return rc;
}

static bool is_pdf(const char *s, size_t n)
{
	static const char tail[] = "%%EOF\n";

	return n > 100 && memcmp(s, "%PDF-1.", 7) == 0 &&
	       memcmp(s + n - (sizeof(tail) - 1), tail, sizeof(tail) - 1) == 0;
}

/* The seed's two forms, with and without a profile: pages after each. */
static void test_seed_streamed(void **state)
{
	static const struct {
		const char *profile;    /* NULL: no tree, every indicator a row of its own */
		int pages[2];
	} rows[] = {
		{ "shanghai-2023", { 2, 3 } },
		{ "central-2021", { 2, 3 } },
		{ NULL, { 2, 3 } },
	};
	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		struct strbuf pdf = STRBUF_INIT, err = STRBUF_INIT;
		struct profile *p = NULL;
		struct run run = { 0 };

		if (rows[i].profile)
			assert_int_equal(profile_load(rows[i].profile, &p, &err), 0);
		run.p = p;
		assert_int_equal(form_pdf_begin_stream(to_strbuf, &pdf, &run.w, &err), 0);
		assert_int_equal(parse_seed(&run), 0);
		assert_int_equal(run.n, 2);
		if (run.pages[0] != rows[i].pages[0] || run.pages[1] != rows[i].pages[1])
			fail_msg("profile %s: pages %d, %d; want %d, %d", rows[i].profile ? rows[i].profile : "none",
			         run.pages[0], run.pages[1], rows[i].pages[0], rows[i].pages[1]);
		assert_int_equal(form_pdf_end(run.w), 0);
		assert_true(is_pdf(pdf.buf, pdf.len));
		assert_int_equal(err.len, 0);
		profile_free(p);
		sb_release(&pdf);
		sb_release(&err);
	}
}

/* A declaration with nothing in it is still a form: one page. */
static void test_empty_decl(void **state)
{
	struct strbuf pdf = STRBUF_INIT;
	struct form_pdf *w = NULL;
	struct decl d;

	(void)state;
	decl_init(&d);
	assert_int_equal(form_pdf_begin_stream(to_strbuf, &pdf, &w, NULL), 0);
	assert_int_equal(form_pdf_decl(w, &d, NULL), 0);
	assert_int_equal(form_pdf_pages(w), 1);
	assert_int_equal(form_pdf_decl(w, &d, NULL), 0);
	assert_int_equal(form_pdf_pages(w), 2);
	assert_int_equal(form_pdf_end(w), 0);
	assert_true(is_pdf(pdf.buf, pdf.len));
	sb_release(&pdf);
}

/* No declaration at all: still a valid PDF. */
static void test_no_decl(void **state)
{
	struct strbuf pdf = STRBUF_INIT;
	struct form_pdf *w = NULL;

	(void)state;
	assert_int_equal(form_pdf_begin_stream(to_strbuf, &pdf, &w, NULL), 0);
	assert_int_equal(form_pdf_pages(w), 0);
	assert_int_equal(form_pdf_end(w), 0);
	assert_true(is_pdf(pdf.buf, pdf.len));
	sb_release(&pdf);
	assert_int_equal(form_pdf_end(NULL), 0);
}

/* Output that cannot be written is JX_EIO, by the end at the latest. */
static void test_write_failure(void **state)
{
	struct form_pdf *w = NULL;
	struct decl d;

	(void)state;
	decl_init(&d);
	assert_int_equal(form_pdf_begin_stream(refuse, NULL, &w, NULL), 0);
	form_pdf_decl(w, &d, NULL);
	assert_int_equal(form_pdf_end(w), JX_EIO);
}

/* form_pdf_begin: into a file, or the reason it cannot be. */
static void test_begin_path(void **state)
{
	static const struct {
		const char *path;
		int rc;
		const char *err;
	} rows[] = {
		{ "build/asan/tests/test_form_pdf.pdf", 0, "" },
		{ "build/asan/tests/no-such-dir/x.pdf", JX_EIO,
		  "无法写入 build/asan/tests/no-such-dir/x.pdf：No such file or directory" },
	};
	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		struct strbuf err = STRBUF_INIT;
		struct form_pdf *w = NULL;
		char head[8] = "";
		FILE *f;

		assert_int_equal(form_pdf_begin(rows[i].path, &w, &err), rows[i].rc);
		assert_string_equal(err.buf, rows[i].err);
		sb_release(&err);
		if (rows[i].rc) {
			assert_null(w);
			continue;
		}
		assert_int_equal(form_pdf_end(w), 0);
		assert_non_null(f = fopen(rows[i].path, "rb"));
		assert_int_equal(fread(head, 1, 7, f), 7);
		fclose(f);
		remove(rows[i].path);
		assert_string_equal(head, "%PDF-1.");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_streamed),
		cmocka_unit_test(test_empty_decl),
		cmocka_unit_test(test_no_decl),
		cmocka_unit_test(test_write_failure),
		cmocka_unit_test(test_begin_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
