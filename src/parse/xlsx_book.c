/*
 * xlsx_book.c: the parts of an XLSX package (libzip) and the XML inside them
 * (expat, streamed), down to a grid of cells per sheet.
 *
 * The package is found as OOXML says: _rels/.rels names the workbook part,
 * its .rels file names the sheets, the shared strings and the styles.  Only
 * what the importers need is read: sheet names and order, the date system,
 * shared strings (runs joined, phonetic runs left out), which cell styles
 * show numbers as percentages or dates, and every sheet's cells and merged
 * ranges.  Element names are matched by their local name, whatever prefix a
 * producer uses.  Handlers do nothing once a parse is stopped (expat may
 * deliver a few more callbacks).  A DOCTYPE stops the parse (no XLSX part has one; it is
 * how entity expansion attacks begin).
 */
#include <expat.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "../util/err.h"
#include "../util/text.h"
#include "xlsx_book.h"

/* ---- parts from a ZIP archive ----------------------------------------- */

struct zip_parts {
	zip_t *z;
	uint64_t total;         /* bytes decompressed so far */
};

/* libzip's error codes people meet, in Chinese; others show libzip's text. */
static const struct {
	int code;
	const char *text;
} zip_errors[] = {
	{ ZIP_ER_NOZIP, "不是 ZIP 文件" },
	{ ZIP_ER_INCONS, "ZIP 目录结构不一致，文件可能已损坏或不完整" },
	{ ZIP_ER_CRC, "CRC 校验失败，文件已损坏" },
	{ ZIP_ER_COMPNOTSUPP, "不支持的压缩方法" },
	{ ZIP_ER_ENCRNOTSUPP, "不支持的加密方法" },
	{ ZIP_ER_NOPASSWD, "文件已加密" },
	{ ZIP_ER_WRONGPASSWD, "文件已加密" },
	{ ZIP_ER_ZLIB, "压缩数据已损坏" },
	{ ZIP_ER_EOF, "文件意外结束，可能不完整" },
	{ ZIP_ER_READ, "读取失败" },
	{ ZIP_ER_SEEK, "文件不完整" },
	{ ZIP_ER_MEMORY, "内存不足" },
};

static void zip_reason(struct strbuf *err, zip_error_t *ze)
{
	int code = zip_error_code_zip(ze);

	for (size_t i = 0; i < sizeof(zip_errors) / sizeof(zip_errors[0]); i++)
		if (zip_errors[i].code == code) {
			sb_adds(err, zip_errors[i].text);
			return;
		}
	sb_addf(err, "ZIP 错误：%s", zip_error_strerror(ze));
}

/* The reason for a cap passed. */
static int too_big(struct strbuf *err, const char *name, uint64_t cap)
{
	sb_addf(err, "部件 %s 解压后超过 %llu MiB 上限（可能是压缩炸弹）", name,
	        (unsigned long long)(cap >> 20));
	return JX_ETOOBIG;
}

static int zip_part_read(void *ctx, const char *name, uint64_t cap, xlsx_chunk_fn fn,
                         void *fn_ctx, struct strbuf *err)
{
	struct zip_parts *zp = ctx;
	zip_int64_t idx = zip_name_locate(zp->z, name, ZIP_FL_NOCASE);
	zip_file_t *f;
	char buf[65536];
	zip_int64_t got;
	uint64_t part = 0;
	int rc = 0;

	if (idx < 0)
		return JX_ENOENT;
	if (!(f = zip_fopen_index(zp->z, (zip_uint64_t)idx, 0))) {
		sb_addf(err, "无法读取部件 %s：", name);
		zip_reason(err, zip_get_error(zp->z));
		return JX_EINPUT;
	}
	while ((got = zip_fread(f, buf, sizeof(buf))) > 0) {
		part += (uint64_t)got;
		zp->total += (uint64_t)got;
		if (part > cap || zp->total > XLSX_BOOK_MAX) {
			rc = too_big(err, name, part > cap ? cap : XLSX_BOOK_MAX);
			break;
		}
		if ((rc = fn(fn_ctx, buf, (size_t)got)))
			break;
	}
	if (got < 0 && !rc) {
		sb_addf(err, "无法读取部件 %s：", name);
		zip_reason(err, zip_file_get_error(f));
		rc = JX_EINPUT;
	}
	zip_fclose(f);
	return rc;
}

static void zip_parts_close(void *ctx)
{
	struct zip_parts *zp = ctx;

	if (zp->z)
		zip_discard(zp->z);
	free(zp);
}

int xlsx_parts_zip(struct xlsx_parts *out, const void *data, size_t n, struct strbuf *err)
{
	struct zip_parts *zp = calloc(1, sizeof(*zp));
	zip_source_t *src;
	zip_error_t ze;

	if (!zp)
		return JX_ENOMEM;
	zip_error_init(&ze);
	if (!(src = zip_source_buffer_create(data, n, 0, &ze))) {
		zip_error_fini(&ze);
		free(zp);
		return JX_ENOMEM;
	}
	if (!(zp->z = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
		sb_adds(err, "不是有效的 XLSX 文件：");
		zip_reason(err, &ze);
		zip_source_free(src);
		zip_error_fini(&ze);
		free(zp);
		return JX_EINPUT;
	}
	zip_error_fini(&ze);
	out->ctx = zp;
	out->read = zip_part_read;
	out->close = zip_parts_close;
	return 0;
}

/* ---- parts given in memory --------------------------------------------- */

struct mem_parts {
	const struct xlsx_mem_part *v;
	size_t n;
	uint64_t total;
};

static int mem_part_read(void *ctx, const char *name, uint64_t cap, xlsx_chunk_fn fn,
                         void *fn_ctx, struct strbuf *err)
{
	struct mem_parts *mp = ctx;

	for (size_t i = 0; i < mp->n; i++) {
		const struct xlsx_mem_part *p = &mp->v[i];
		if (strcasecmp(p->name, name) != 0)
			continue;
		mp->total += p->n;
		if (p->n > cap || mp->total > XLSX_BOOK_MAX)
			return too_big(err, name, p->n > cap ? cap : XLSX_BOOK_MAX);
		/* in two pieces, so that chunk boundaries are exercised */
		size_t half = p->n / 2;
		int rc = fn(fn_ctx, p->data, half);
		return rc ? rc : fn(fn_ctx, p->data + half, p->n - half);
	}
	return JX_ENOENT;
}

static void mem_parts_close(void *ctx)
{
	free(ctx);
}

int xlsx_parts_mem(struct xlsx_parts *out, const struct xlsx_mem_part *parts, size_t n)
{
	struct mem_parts *mp = calloc(1, sizeof(*mp));

	if (!mp)
		return JX_ENOMEM;
	mp->v = parts;
	mp->n = n;
	out->ctx = mp;
	out->read = mem_part_read;
	out->close = mem_parts_close;
	return 0;
}

/* ---- references ---------------------------------------------------------- */

void xlsx_col_name(struct strbuf *out, uint32_t col)
{
	char buf[8];
	int i = (int)sizeof(buf);

	col++;
	while (col && i > 0) {
		buf[--i] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	sb_add(out, buf + i, sizeof(buf) - (size_t)i);
}

/* Excel quotes a sheet name in a reference unless it is letters, digits,
 * underscores, dots and non-ASCII characters. */
static bool needs_quotes(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x80 && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && c != '_' && c != '.')
			return true;
	}
	return false;
}

void xlsx_cell_ref(struct strbuf *out, const char *sheet, uint32_t row, uint32_t col)
{
	if (sheet) {
		if (needs_quotes(sheet)) {
			sb_addc(out, '\'');
			for (const char *s = sheet; *s; s++) {
				if (*s == '\'')
					sb_addc(out, '\'');
				sb_addc(out, *s);
			}
			sb_addc(out, '\'');
		} else {
			sb_adds(out, sheet);
		}
		sb_addc(out, '!');
	}
	xlsx_col_name(out, col);
	sb_addf(out, "%u", row);
}

/* Parses "AB12" (letters then digits, all of it); false when malformed or
 * outside the grid.  With `need_row` false a bare column ("AB") is
 * allowed and *row is 0. */
static bool parse_ref(const char *s, size_t n, uint32_t *row, uint32_t *col)
{
	size_t i = 0;
	uint32_t c = 0, r = 0;

	while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))) {
		c = c * 26 + (uint32_t)((s[i] | 0x20) - 'a' + 1);
		if (++i > 3)
			return false;
	}
	if (!i || c > XLSX_COLS)
		return false;
	if (i == n || s[i] < '1' || s[i] > '9')
		return false;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		r = r * 10 + (uint32_t)(s[i] - '0');
		if (r > XLSX_ROWS)
			return false;
	}
	*row = r;
	*col = c - 1;
	return true;
}

/* ---- the XML of a part --------------------------------------------------- */

struct xml_pass {
	XML_Parser p;
	const char *part;
	struct strbuf *err;
	int rc;                 /* a JX code a handler stopped with */
};

static const char *local_name(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(local_name(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

/* Stops the parse with an error code (the message, if any, already in err). */
static void xml_stop(struct xml_pass *x, int rc)
{
	if (!x->rc)
		x->rc = rc;
	XML_StopParser(x->p, XML_FALSE);
}

static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal)
{
	struct xml_pass *x = *(struct xml_pass **)ud;

	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	sb_addf(x->err, "部件 %s 含有 DOCTYPE，不是 XLSX 的 XML", x->part);
	xml_stop(x, JX_EINPUT);
}

static int xml_chunk(void *ctx, const char *buf, size_t n)
{
	struct xml_pass *x = ctx;

	while (n) {
		int k = n > (1u << 30) ? 1 << 30 : (int)n;
		if (XML_Parse(x->p, buf, k, XML_FALSE) != XML_STATUS_OK)
			return x->rc ? x->rc : JX_EINPUT;
		buf += k;
		n -= (size_t)k;
	}
	return 0;
}

/*
 * Parses part `name` with the handlers; the user data of the parser is a
 * struct whose first member is a struct xml_pass * (so handlers find both).
 * Returns 0, JX_ENOENT for a missing part (no message), or an error with its
 * reason in err.
 */
static int xml_part(struct xlsx_parts *parts, const char *name, uint64_t cap, void *ud,
                    struct xml_pass *x, XML_StartElementHandler start, XML_EndElementHandler end,
                    XML_CharacterDataHandler chars, struct strbuf *err)
{
	int rc;

	x->part = name;
	x->err = err;
	x->rc = 0;
	if (!(x->p = XML_ParserCreate(NULL)))
		return JX_ENOMEM;
	XML_SetUserData(x->p, ud);
	XML_SetElementHandler(x->p, start, end);
	if (chars)
		XML_SetCharacterDataHandler(x->p, chars);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
	rc = parts->read(parts->ctx, name, cap, xml_chunk, x, err);
	if (!rc && XML_Parse(x->p, "", 0, XML_TRUE) != XML_STATUS_OK)
		rc = x->rc ? x->rc : JX_EINPUT;
	if (rc == JX_EINPUT && !err->len)
		sb_addf(err, "部件 %s 不是有效的 XML（第 %lu 行：%s）", name,
		        (unsigned long)XML_GetCurrentLineNumber(x->p),
		        XML_ErrorString(XML_GetErrorCode(x->p)));
	XML_ParserFree(x->p);
	x->p = NULL;
	return rc;
}

/* Appends OOXML string text, its _xHHHH_ escapes decoded. */
static void xstring(struct strbuf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEFabcdef";
	size_t i = 0;

	while (i < n) {
		if (s[i] == '_' && i + 7 <= n && s[i + 1] == 'x' && s[i + 6] == '_' &&
		    strspn(s + i + 2, hex) >= 4) {
			uint32_t cp = (uint32_t)strtoul((char[5]){ s[i + 2], s[i + 3], s[i + 4], s[i + 5], 0 },
			                                NULL, 16);
			if (cp < 0xd800 || cp > 0xdfff) {
				utf8_encode(out, cp);
				i += 7;
				continue;
			}
		}
		sb_addc(out, s[i++]);
	}
}

/* ---- the book -------------------------------------------------------------- */

struct sheet_ref {
	const char *name;
	const char *part;
};

struct sst_entry {
	const char *s;
	size_t n;
};

struct xlsx_book {
	struct xlsx_parts parts;
	struct arena arena;
	struct sheet_ref *sheets;
	size_t n_sheets;
	struct sst_entry *sst;
	size_t n_sst, cap_sst;
	unsigned char *xf;          /* enum xlsx_fmt of each cellXfs entry */
	size_t n_xf, cap_xf;
	bool date1904;
};

/* Grows a malloc'd array to hold one more element; false when out of memory. */
static bool grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *nv;
	size_t nc;

	if (n < *cap)
		return true;
	nc = *cap ? *cap * 2 : 64;
	if (!(nv = realloc(*v, nc * size)))
		return false;
	*v = nv;
	*cap = nc;
	return true;
}

/* Resolves a relationship target against the folder of the part that has
 * it ("xl/"): "worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml",
 * "/xl/x.xml" → "xl/x.xml", "../a.xml" goes up. */
static char *resolve(struct arena *a, const char *dir, const char *target)
{
	struct strbuf sb = STRBUF_INIT;
	char *out;

	if (target[0] == '/')
		target++;
	else
		sb_adds(&sb, dir);
	while (*target) {
		const char *slash = strchr(target, '/');
		size_t n = slash ? (size_t)(slash - target) : strlen(target);
		if (n == 2 && target[0] == '.' && target[1] == '.') {
			size_t k = sb.len ? sb.len - 1 : 0;
			while (k && sb.buf[k - 1] != '/')
				k--;
			sb_setlen(&sb, k);
		} else if (!(n == 1 && target[0] == '.') && n) {
			sb_add(&sb, target, n);
			if (slash)
				sb_addc(&sb, '/');
		}
		target += n + (slash != NULL);
	}
	out = sb.err ? NULL : arena_strndup(a, sb.buf, sb.len);
	sb_release(&sb);
	return out;
}

/* The relationships of a part: Id, Type, Target. */
struct rel {
	const char *id, *type, *target;
};

struct rels_pass {
	struct xml_pass *x;
	struct arena *a;
	struct rel *v;
	size_t n, cap;
};

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct rels_pass *r = ud;
	const char *id, *type, *target, *mode;

	if (r->x->rc)
		return;

	if (strcmp(local_name(name), "Relationship") != 0)
		return;
	id = attr(atts, "Id");
	type = attr(atts, "Type");
	target = attr(atts, "Target");
	mode = attr(atts, "TargetMode");
	if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
		return;
	if (!grow((void **)&r->v, &r->cap, r->n, sizeof(*r->v))) {
		xml_stop(r->x, JX_ENOMEM);
		return;
	}
	r->v[r->n].id = arena_strdup(r->a, id);
	r->v[r->n].type = arena_strdup(r->a, type);
	r->v[r->n].target = arena_strdup(r->a, target);
	r->n++;
}

static void XMLCALL no_end(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

/* Reads the .rels of part `part` ("xl/workbook.xml" → "xl/_rels/workbook.xml.rels"). */
static int read_rels(struct xlsx_book *b, const char *part, struct rels_pass *r, struct strbuf *err)
{
	struct strbuf name = STRBUF_INIT;
	const char *slash = strrchr(part, '/');
	size_t dir = slash ? (size_t)(slash - part + 1) : 0;
	struct xml_pass x = { 0 };
	int rc;

	sb_add(&name, part, dir);
	sb_addf(&name, "_rels/%s.rels", part + dir);
	memset(r, 0, sizeof(*r));
	r->x = &x;
	r->a = &b->arena;
	rc = name.err ? JX_ENOMEM
	              : xml_part(&b->parts, name.buf, XLSX_PART_MAX, r, &x, rels_start, no_end, NULL, err);
	sb_release(&name);
	return rc;
}

/* The target of the first relationship whose type ends with `type`. */
static const char *rel_by_type(const struct rels_pass *r, const char *type)
{
	size_t k = strlen(type);

	for (size_t i = 0; i < r->n; i++) {
		size_t n = strlen(r->v[i].type);
		if (n >= k && strcmp(r->v[i].type + n - k, type) == 0)
			return r->v[i].target;
	}
	return NULL;
}

/* workbook.xml: the date system and the sheets, by relationship id. */
struct wb_pass {
	struct xml_pass *x;
	struct xlsx_book *b;
	const struct rels_pass *rels;
	const char *dir;
	struct strbuf *err;
	size_t cap;
};

static void XMLCALL wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct wb_pass *w = ud;
	struct xlsx_book *b = w->b;
	const char *ln = local_name(name), *v;

	if (w->x->rc)
		return;

	if (strcmp(ln, "workbookPr") == 0) {
		v = attr(atts, "date1904");
		b->date1904 = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
		return;
	}
	if (strcmp(ln, "sheet") != 0)
		return;
	const char *sname = attr(atts, "name"), *rid = attr(atts, "id");
	const struct rel *rel = NULL;

	if (!sname || !rid) {
		sb_addf(w->err, "部件 %s 中的工作表缺少名称或关系编号", w->x->part);
		xml_stop(w->x, JX_EINPUT);
		return;
	}
	for (size_t i = 0; i < w->rels->n; i++)
		if (strcmp(w->rels->v[i].id, rid) == 0)
			rel = &w->rels->v[i];
	if (!rel) {
		sb_addf(w->err, "工作表“%s”的关系编号 %s 在工作簿的关系中不存在", sname, rid);
		xml_stop(w->x, JX_EINPUT);
		return;
	}
	{
		size_t n = strlen(rel->type), k = strlen("/worksheet");
		if (n < k || strcmp(rel->type + n - k, "/worksheet") != 0)
			return;     /* a chart sheet, a dialog sheet: no cells */
	}
	if (b->n_sheets >= XLSX_SHEETS_MAX) {
		sb_addf(w->err, "工作表超过 %u 个", XLSX_SHEETS_MAX);
		xml_stop(w->x, JX_ETOOBIG);
		return;
	}
	if (!grow((void **)&b->sheets, &w->cap, b->n_sheets, sizeof(*b->sheets))) {
		xml_stop(w->x, JX_ENOMEM);
		return;
	}
	b->sheets[b->n_sheets].name = arena_strdup(&b->arena, sname);
	b->sheets[b->n_sheets].part = resolve(&b->arena, w->dir, rel->target);
	b->n_sheets++;
}

/* sharedStrings.xml: <si> with <t> directly or in runs <r><t>; <rPh> phonetic
 * runs are not part of the text. */
struct sst_pass {
	struct xml_pass *x;
	struct xlsx_book *b;
	struct strbuf text;
	int in_si, in_rph, in_t;
};

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sst_pass *s = ud;
	const char *ln = local_name(name);

	if (s->x->rc)
		return;

	(void)atts;
	if (strcmp(ln, "si") == 0) {
		s->in_si = 1;
		sb_reset(&s->text);
	} else if (strcmp(ln, "rPh") == 0) {
		s->in_rph++;
	} else if (strcmp(ln, "t") == 0 && s->in_si && !s->in_rph) {
		s->in_t = 1;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	struct sst_pass *s = ud;
	struct xlsx_book *b = s->b;
	const char *ln = local_name(name);
	struct strbuf dec = STRBUF_INIT;

	if (s->x->rc)
		return;

	if (strcmp(ln, "t") == 0) {
		s->in_t = 0;
	} else if (strcmp(ln, "rPh") == 0) {
		s->in_rph--;
	} else if (strcmp(ln, "si") == 0 && s->in_si) {
		s->in_si = 0;
		if (!grow((void **)&b->sst, &b->cap_sst, b->n_sst, sizeof(*b->sst))) {
			xml_stop(s->x, JX_ENOMEM);
			return;
		}
		xstring(&dec, s->text.buf, s->text.len);
		b->sst[b->n_sst].s = arena_strndup(&b->arena, dec.buf, dec.len);
		b->sst[b->n_sst].n = dec.len;
		if (dec.err || !b->sst[b->n_sst].s)
			xml_stop(s->x, JX_ENOMEM);
		b->n_sst++;
		sb_release(&dec);
	}
}

static void XMLCALL sst_chars(void *ud, const XML_Char *s, int len)
{
	struct sst_pass *p = ud;

	if (p->in_t)
		sb_add(&p->text, s, (size_t)len);
}

/* styles.xml: custom number formats, then the cell formats that use them. */
struct custom_fmt {
	unsigned id;
	unsigned char fmt;
};

struct style_pass {
	struct xml_pass *x;
	struct xlsx_book *b;
	struct custom_fmt *custom;
	size_t n_custom, cap_custom;
	int in_cellxfs;
};

/* What a number format code shows: a percentage, a date or time, or else. */
static unsigned char classify_code(const char *code)
{
	bool date = false, pct = false;
	const char *s;

	for (s = code; *s; s++) {
		char c = *s;
		if (c == '"') {
			const char *q = strchr(s + 1, '"');
			if (!q)
				break;
			s = q;
		} else if (c == '\\' || c == '_' || c == '*') {
			if (!s[1])
				break;
			s++;
		} else if (c == '[') {
			const char *q = strchr(s + 1, ']');
			if (!q)
				break;
			/* [h], [mm], [ss]: elapsed time; [Red], [$-804]: not */
			if (strchr("hHmMsS", s[1]))
				date = true;
			s = q;
		} else if (c == '%') {
			pct = true;
		} else if (strchr("yYdDhHsSmM", c)) {
			date = true;
		} else if (c == ';') {
			break;  /* the positive section decides */
		}
	}
	return date ? XF_DATE : pct ? XF_PERCENT : XF_GENERAL;
}

/* The built-in formats that are not general (ECMA-376 18.8.30, and the
 * CJK date formats 27–36 and 50–58). */
static unsigned char builtin_fmt(unsigned id)
{
	if (id == 9 || id == 10)
		return XF_PERCENT;
	if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
	    (id >= 50 && id <= 58))
		return XF_DATE;
	return XF_GENERAL;
}

static void XMLCALL style_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct style_pass *s = ud;
	struct xlsx_book *b = s->b;
	const char *ln = local_name(name), *id = attr(atts, "numFmtId");
	unsigned long v = id ? strtoul(id, NULL, 10) : 0;

	if (s->x->rc)
		return;

	if (strcmp(ln, "cellXfs") == 0) {
		s->in_cellxfs = 1;
	} else if (strcmp(ln, "numFmt") == 0 && id) {
		const char *code = attr(atts, "formatCode");
		if (!grow((void **)&s->custom, &s->cap_custom, s->n_custom, sizeof(*s->custom))) {
			xml_stop(s->x, JX_ENOMEM);
			return;
		}
		s->custom[s->n_custom].id = (unsigned)v;
		s->custom[s->n_custom].fmt = code ? classify_code(code) : XF_GENERAL;
		s->n_custom++;
	} else if (strcmp(ln, "xf") == 0 && s->in_cellxfs) {
		unsigned char fmt = builtin_fmt((unsigned)v);
		for (size_t i = 0; i < s->n_custom; i++)
			if (s->custom[i].id == v)
				fmt = s->custom[i].fmt;
		if (!grow((void **)&b->xf, &b->cap_xf, b->n_xf, 1)) {
			xml_stop(s->x, JX_ENOMEM);
			return;
		}
		b->xf[b->n_xf++] = fmt;
	}
}

static void XMLCALL style_end(void *ud, const XML_Char *name)
{
	struct style_pass *s = ud;

	if (strcmp(local_name(name), "cellXfs") == 0)
		s->in_cellxfs = 0;
}

int xlsx_book_open(struct xlsx_book **out, struct xlsx_parts *parts, struct strbuf *err)
{
	struct xlsx_book *b = calloc(1, sizeof(*b));
	struct rels_pass root = { 0 }, wrels = { 0 };
	struct xml_pass x = { 0 };
	const char *wb_part = "xl/workbook.xml", *part, *slash;
	char *dir = NULL;
	int rc;

	*out = NULL;
	if (!b) {
		parts->close(parts->ctx);
		return JX_ENOMEM;
	}
	b->parts = *parts;
	arena_init(&b->arena, 64 * 1024);

	rc = read_rels(b, "", &root, err);
	if (rc && rc != JX_ENOENT)
		goto out;
	if ((part = rel_by_type(&root, "/officeDocument")))
		wb_part = resolve(&b->arena, "", part);
	if (!wb_part) {
		rc = JX_ENOMEM;
		goto out;
	}
	slash = strrchr(wb_part, '/');
	dir = arena_strndup(&b->arena, wb_part, slash ? (size_t)(slash - wb_part + 1) : 0);
	if ((rc = read_rels(b, wb_part, &wrels, err))) {
		if (rc == JX_ENOENT) {
			sb_addf(err, "不是有效的 XLSX 文件：缺少部件 %s_rels/%s.rels", dir,
			        wb_part + strlen(dir));
			rc = JX_EINPUT;
		}
		goto out;
	}
	{
		struct wb_pass w = { &x, b, &wrels, dir, err, 0 };
		rc = xml_part(&b->parts, wb_part, XLSX_PART_MAX, &w, &x, wb_start, no_end, NULL, err);
		if (rc == JX_ENOENT) {
			sb_addf(err, "不是有效的 XLSX 文件：缺少部件 %s", wb_part);
			rc = JX_EINPUT;
		}
		if (rc)
			goto out;
	}
	if ((part = rel_by_type(&wrels, "/sharedStrings"))) {
		struct sst_pass s = { &x, b, STRBUF_INIT, 0, 0, 0 };
		sb_init(&s.text, XLSX_SST_MAX);
		part = resolve(&b->arena, dir, part);
		rc = part ? xml_part(&b->parts, part, XLSX_SST_MAX, &s, &x, sst_start, sst_end, sst_chars, err)
		          : JX_ENOMEM;
		if (!rc && s.text.err)
			rc = JX_ENOMEM;
		sb_release(&s.text);
		if (rc == JX_ENOENT) {
			sb_addf(err, "工作簿缺少共享字符串部件 %s", part);
			rc = JX_EINPUT;
		}
		if (rc)
			goto out;
	}
	if ((part = rel_by_type(&wrels, "/styles"))) {
		struct style_pass s = { &x, b, NULL, 0, 0, 0 };
		part = resolve(&b->arena, dir, part);
		rc = part ? xml_part(&b->parts, part, XLSX_PART_MAX, &s, &x, style_start, style_end, NULL, err)
		          : JX_ENOMEM;
		free(s.custom);
		if (rc == JX_ENOENT)
			rc = 0;     /* no styles: every number is general */
		if (rc)
			goto out;
	}
	if (b->arena.err)
		rc = JX_ENOMEM;
out:
	free(root.v);
	free(wrels.v);
	if (rc) {
		xlsx_book_free(b);
		return rc;
	}
	*out = b;
	return 0;
}

void xlsx_book_free(struct xlsx_book *b)
{
	if (!b)
		return;
	b->parts.close(b->parts.ctx);
	free(b->sheets);
	free(b->sst);
	free(b->xf);
	arena_release(&b->arena);
	free(b);
}

size_t xlsx_book_sheets(const struct xlsx_book *b)
{
	return b->n_sheets;
}

const char *xlsx_book_sheet_name(const struct xlsx_book *b, size_t i)
{
	return i < b->n_sheets ? b->sheets[i].name : NULL;
}

bool xlsx_book_date1904(const struct xlsx_book *b)
{
	return b->date1904;
}

/* ---- a sheet ---------------------------------------------------------------- */

struct sheet_pass {
	struct xml_pass *x;
	struct xlsx_book *b;
	struct xlsx_grid *g;
	struct strbuf *err;
	xlsx_row_fn row_fn;         /* NULL: every cell kept */
	void *row_ctx;
	struct arena row_arena;     /* text of the row being read, when offered */
	size_t row_start;           /* its first cell in g->cells */
	bool in_row;
	size_t text;                /* bytes of text the grid keeps */
	size_t cap_cells, cap_merge;
	int in_data, in_c, in_v, in_is, in_t, in_rph;
	uint32_t row, next_col;         /* current row, next column without r */
	uint32_t c_row, c_col;
	char c_type[12];
	unsigned char c_fmt;
	struct strbuf v, t;
};

/* "1.5", "-2E-3", "12": the xsd:double forms a sheet writes (no INF/NaN). */
static bool number_syntax(const char *s, size_t n)
{
	size_t i = 0, d = 0;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, d++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, d++;
	}
	if (!d)
		return false;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t e = 0;
		i++;
		if (i < n && (s[i] == '-' || s[i] == '+'))
			i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, e++;
		if (!e)
			return false;
	}
	return i == n;
}

static void sheet_fail(struct sheet_pass *s, int rc)
{
	xml_stop(s->x, rc);
}

static void cell_error(struct sheet_pass *s, const char *what, const char *seen, size_t n)
{
	sb_adds(s->err, "单元格 ");
	xlsx_cell_ref(s->err, s->g->name, s->c_row, s->c_col);
	sb_addf(s->err, "：%s ", what);
	sb_addc(s->err, '"');
	sb_add(s->err, seen, n > 40 ? 40 : n);
	sb_addc(s->err, '"');
	sheet_fail(s, JX_EINPUT);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct sheet_pass *s = ud;
	const char *ln = local_name(name), *v;

	if (s->x->rc)
		return;

	if (strcmp(ln, "sheetData") == 0) {
		s->in_data = 1;
	} else if (!s->in_data) {
		if (strcmp(ln, "mergeCell") == 0 && (v = attr(atts, "ref"))) {
			struct xlsx_merge m;
			const char *colon = strchr(v, ':');
			if (!colon)
				return;
			if (!parse_ref(v, (size_t)(colon - v), &m.r1, &m.c1) ||
			    !parse_ref(colon + 1, strlen(colon + 1), &m.r2, &m.c2) || m.r2 < m.r1 ||
			    m.c2 < m.c1) {
				sb_addf(s->err, "工作表“%s”的合并区域 \"%.40s\" 无效", s->g->name, v);
				sheet_fail(s, JX_EINPUT);
				return;
			}
			if (s->g->n_merge >= XLSX_CELLS_MAX) {
				sb_addf(s->err, "工作表“%s”的合并区域超过 %u 个", s->g->name, XLSX_CELLS_MAX);
				sheet_fail(s, JX_ETOOBIG);
				return;
			}
			if (!grow((void **)&s->g->merges, &s->cap_merge, s->g->n_merge, sizeof(m))) {
				sheet_fail(s, JX_ENOMEM);
				return;
			}
			s->g->merges[s->g->n_merge++] = m;
		}
	} else if (strcmp(ln, "row") == 0) {
		uint32_t r = s->row + 1;
		if ((v = attr(atts, "r"))) {
			char *end;
			unsigned long k = strtoul(v, &end, 10);
			if (*end || k < 1 || k > XLSX_ROWS) {
				sb_addf(s->err, "工作表“%s”的行号 \"%.20s\" 无效", s->g->name, v);
				sheet_fail(s, JX_EINPUT);
				return;
			}
			r = (uint32_t)k;
		}
		if (r > XLSX_ROWS) {
			sb_addf(s->err, "工作表“%s”超过 %u 行", s->g->name, XLSX_ROWS);
			sheet_fail(s, JX_EINPUT);
			return;
		}
		s->row = r;
		s->next_col = 0;
		s->in_row = true;
		s->row_start = s->g->n;
	} else if (strcmp(ln, "c") == 0) {
		const char *t = attr(atts, "t"), *st = attr(atts, "s");
		s->in_c = 1;
		s->c_row = s->row ? s->row : 1;
		s->c_col = s->next_col;
		if ((v = attr(atts, "r")) && !parse_ref(v, strlen(v), &s->c_row, &s->c_col)) {
			s->c_col = s->next_col;
			cell_error(s, "单元格位置无效", v, strlen(v));
			return;
		}
		if (s->c_col >= XLSX_COLS) {
			cell_error(s, "超出最后一列", "", 0);
			return;
		}
		s->next_col = s->c_col + 1;
		snprintf(s->c_type, sizeof(s->c_type), "%s", t ? t : "n");
		s->c_fmt = XF_GENERAL;
		if (st) {
			unsigned long k = strtoul(st, NULL, 10);
			if (k < s->b->n_xf)
				s->c_fmt = s->b->xf[k];
		}
		sb_reset(&s->v);
		sb_reset(&s->t);
	} else if (s->in_c && strcmp(ln, "v") == 0) {
		s->in_v = 1;
	} else if (s->in_c && strcmp(ln, "is") == 0) {
		s->in_is = 1;
	} else if (s->in_is && strcmp(ln, "rPh") == 0) {
		s->in_rph++;
	} else if (s->in_is && !s->in_rph && strcmp(ln, "t") == 0) {
		s->in_t = 1;
	}
}

static void grid_too_big(struct sheet_pass *s)
{
	sb_addf(s->err, "工作表“%s”中要按申报表样式读入的内容超过 %u MiB", s->g->name,
	        XLSX_GRID_TEXT_MAX >> 20);
	sheet_fail(s, JX_ETOOBIG);
}

/* Adds the cell just read. */
static void cell_end(struct sheet_pass *s)
{
	struct xlsx_grid *g = s->g;
	struct xlsx_cell c = { s->c_row, s->c_col, XT_STRING, XF_GENERAL, NULL, 0 };
	struct strbuf dec = STRBUF_INIT;
	const char *t = s->c_type;
	/* a row offered to the caller lives in the row arena until it is kept */
	struct arena *a = s->row_fn && s->in_row ? &s->row_arena : &g->arena;

	if (strcmp(t, "s") == 0) {
		char *end;
		unsigned long k;
		if (!s->v.len)
			return;
		k = strtoul(s->v.buf, &end, 10);
		if (*end || s->v.buf[0] < '0' || s->v.buf[0] > '9' || k >= s->b->n_sst) {
			cell_error(s, "共享字符串编号无效", s->v.buf, s->v.len);
			return;
		}
		c.s = s->b->sst[k].s;
		c.n = s->b->sst[k].n;
	} else if (strcmp(t, "inlineStr") == 0 || strcmp(t, "str") == 0) {
		const struct strbuf *src = t[0] == 'i' ? &s->t : &s->v;
		xstring(&dec, src->buf, src->len);
		c.s = arena_strndup(a, dec.buf, dec.len);
		c.n = dec.len;
	} else if (strcmp(t, "b") == 0) {
		if (!s->v.len)
			return;
		c.type = XT_BOOL;
		c.s = strcmp(s->v.buf, "0") == 0 ? "FALSE" : "TRUE";
		c.n = strlen(c.s);
	} else if (strcmp(t, "e") == 0) {
		c.type = XT_ERROR;
		c.s = arena_strndup(a, s->v.buf, s->v.len);
		c.n = s->v.len;
	} else if (strcmp(t, "d") == 0) {
		/* an ISO 8601 date: its date part */
		const char *tt = memchr(s->v.buf, 'T', s->v.len);
		c.n = tt ? (size_t)(tt - s->v.buf) : s->v.len;
		c.s = arena_strndup(a, s->v.buf, c.n);
	} else if (strcmp(t, "n") == 0) {
		if (!s->v.len)
			return;
		if (!number_syntax(s->v.buf, s->v.len)) {
			cell_error(s, "数字格式无效", s->v.buf, s->v.len);
			return;
		}
		c.type = XT_NUMBER;
		c.fmt = s->c_fmt;
		c.s = arena_strndup(a, s->v.buf, s->v.len);
		c.n = s->v.len;
	} else {
		cell_error(s, "单元格类型无效", t, strlen(t));
		return;
	}
	if (!c.s || dec.err) {
		sb_release(&dec);
		if (c.n || dec.err)
			sheet_fail(s, JX_ENOMEM);
		return;
	}
	sb_release(&dec);
	if (!c.n)
		return;
	if (a == &g->arena && (s->text += c.n) > XLSX_GRID_TEXT_MAX) {
		grid_too_big(s);
		return;
	}
	if (g->n >= XLSX_CELLS_MAX) {
		sb_addf(s->err, "工作表“%s”的单元格超过 %u 个", g->name, XLSX_CELLS_MAX);
		sheet_fail(s, JX_ETOOBIG);
		return;
	}
	if (!grow((void **)&g->cells, &s->cap_cells, g->n, sizeof(c))) {
		sheet_fail(s, JX_ENOMEM);
		return;
	}
	g->cells[g->n++] = c;
}

static int cell_cmp(const void *a, const void *b);

/* The end of a row: offered to the caller, then kept (its text moved into
 * the grid's arena) or dropped. */
static void row_end(struct sheet_pass *s)
{
	struct xlsx_grid *g = s->g;
	size_t n = g->n - s->row_start, i;
	int rc;

	s->in_row = false;
	if (!s->row_fn)
		return;
	if (n > 1)
		qsort(g->cells + s->row_start, n, sizeof(*g->cells), cell_cmp);
	rc = n ? s->row_fn(s->row_ctx, g->cells + s->row_start, n) : XLSX_ROW_KEEP;
	if (rc == XLSX_ROW_TAKEN) {
		g->n = s->row_start;
	} else if (rc == XLSX_ROW_KEEP) {
		for (i = s->row_start; i < g->n; i++) {
			struct xlsx_cell *c = &g->cells[i];
			if ((s->text += c->n) > XLSX_GRID_TEXT_MAX) {
				grid_too_big(s);
				break;
			}
			if (!(c->s = arena_strndup(&g->arena, c->s, c->n))) {
				sheet_fail(s, JX_ENOMEM);
				break;
			}
		}
	} else {
		sheet_fail(s, rc);
	}
	arena_reset(&s->row_arena);
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	struct sheet_pass *s = ud;
	const char *ln = local_name(name);

	if (s->x->rc)
		return;

	if (strcmp(ln, "sheetData") == 0) {
		s->in_data = 0;
	} else if (!s->in_data) {
		return;
	} else if (strcmp(ln, "c") == 0 && s->in_c) {
		s->in_c = s->in_v = s->in_is = s->in_t = s->in_rph = 0;
		if (s->v.err || s->t.err) {
			sb_adds(s->err, "单元格 ");
			xlsx_cell_ref(s->err, s->g->name, s->c_row, s->c_col);
			sb_adds(s->err, " 的内容过长");
			sheet_fail(s, JX_ETOOBIG);
			return;
		}
		cell_end(s);
	} else if (strcmp(ln, "row") == 0) {
		row_end(s);
	} else if (strcmp(ln, "v") == 0) {
		s->in_v = 0;
	} else if (strcmp(ln, "is") == 0) {
		s->in_is = 0;
	} else if (strcmp(ln, "rPh") == 0 && s->in_rph) {
		s->in_rph--;
	} else if (strcmp(ln, "t") == 0) {
		s->in_t = 0;
	}
}

static void XMLCALL sheet_chars(void *ud, const XML_Char *str, int len)
{
	struct sheet_pass *s = ud;

	if (s->in_v)
		sb_add(&s->v, str, (size_t)len);
	else if (s->in_t)
		sb_add(&s->t, str, (size_t)len);
}

static int cell_cmp(const void *a, const void *b)
{
	const struct xlsx_cell *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

static int merge_cmp(const void *a, const void *b)
{
	const struct xlsx_merge *x = a, *y = b;

	if (x->r1 != y->r1)
		return x->r1 < y->r1 ? -1 : 1;
	return x->c1 < y->c1 ? -1 : x->c1 > y->c1;
}

int xlsx_book_read_sheet(struct xlsx_book *b, size_t i, xlsx_row_fn row, void *row_ctx,
                         struct xlsx_grid *g, struct strbuf *err)
{
	struct sheet_pass s = { 0 };
	struct xml_pass x = { 0 };
	size_t k, n;
	int rc;

	memset(g, 0, sizeof(*g));
	arena_init(&g->arena, 64 * 1024);
	if (i >= b->n_sheets)
		return JX_EINPUT;
	g->name = b->sheets[i].name;
	if (!b->sheets[i].part || !g->name)
		return JX_ENOMEM;
	s.x = &x;
	s.b = b;
	s.g = g;
	s.err = err;
	s.row_fn = row;
	s.row_ctx = row_ctx;
	arena_init(&s.row_arena, 16 * 1024);
	sb_init(&s.v, 1u << 20);
	sb_init(&s.t, 1u << 20);
	rc = xml_part(&b->parts, b->sheets[i].part, XLSX_SHEET_MAX, &s, &x, sheet_start, sheet_end,
	              sheet_chars, err);
	sb_release(&s.v);
	sb_release(&s.t);
	if (!rc && s.row_arena.err)
		rc = JX_ENOMEM;
	arena_release(&s.row_arena);
	if (rc == JX_ENOENT) {
		sb_addf(err, "工作簿缺少工作表“%s”的部件 %s", g->name, b->sheets[i].part);
		rc = JX_EINPUT;
	}
	if (!rc && g->arena.err)
		rc = JX_ENOMEM;
	if (rc)
		return rc;
	if (g->n)
		qsort(g->cells, g->n, sizeof(*g->cells), cell_cmp);
	for (k = n = 0; k < g->n; k++)     /* a cell given twice: the first counts */
		if (!n || cell_cmp(&g->cells[n - 1], &g->cells[k]) != 0)
			g->cells[n++] = g->cells[k];
	g->n = n;
	if (g->n_merge)
		qsort(g->merges, g->n_merge, sizeof(*g->merges), merge_cmp);
	return 0;
}

void xlsx_grid_release(struct xlsx_grid *g)
{
	free(g->cells);
	free(g->merges);
	arena_release(&g->arena);
	memset(g, 0, sizeof(*g));
}

const struct xlsx_merge *xlsx_grid_merge_at(const struct xlsx_grid *g, uint32_t row, uint32_t col)
{
	struct xlsx_merge key = { row, col, row, col };

	if (!g->n_merge)
		return NULL;
	return bsearch(&key, g->merges, g->n_merge, sizeof(key), merge_cmp);
}
