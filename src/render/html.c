/*
 * html.c: the HTML element writer of html.h.  Two tables decide everything:
 * the known tags (void or not, where a line break goes for readable output)
 * and the attributes that need a policy (URL-valued ones, refused ones).
 * All text and attribute values go through escape(); nothing else copies
 * caller text to the output.
 */
#include <assert.h>
#include <stdarg.h>
#include <string.h>

#include "../util/err.h"
#include "../util/text.h"
#include "html.h"

enum {
	T_VOID = 1,         /* no content, no end tag */
	T_NL_OPEN = 2,      /* a line break after the start tag */
	T_NL_CLOSE = 4,     /* a line break after the end tag (or the void tag) */
};
#define T_BLOCK (T_NL_OPEN | T_NL_CLOSE)

/* The tags our pages use.  script and style are missing on purpose: their
 * content is raw text that escaping cannot make safe. */
static const struct tag_info {
	const char *name;
	unsigned flags;
} tags[] = {
	{ "a", 0 },           { "abbr", 0 },           { "b", 0 },
	{ "body", T_BLOCK },  { "br", T_VOID | T_NL_CLOSE },
	{ "button", 0 },      { "caption", T_NL_CLOSE }, { "code", 0 },
	{ "col", T_VOID | T_NL_CLOSE }, { "colgroup", T_BLOCK },
	{ "dd", T_NL_CLOSE }, { "del", 0 },            { "details", T_BLOCK },
	{ "div", T_NL_CLOSE }, { "ins", 0 },
	{ "dl", T_BLOCK },    { "dt", T_NL_CLOSE },    { "em", 0 },
	{ "fieldset", T_BLOCK }, { "footer", T_BLOCK }, { "form", T_BLOCK },
	{ "h1", T_NL_CLOSE }, { "h2", T_NL_CLOSE },    { "h3", T_NL_CLOSE },
	{ "h4", T_NL_CLOSE }, { "head", T_BLOCK },     { "header", T_BLOCK },
	{ "hr", T_VOID | T_NL_CLOSE }, { "html", T_BLOCK },
	{ "input", T_VOID },  { "label", 0 },          { "legend", T_NL_CLOSE },
	{ "li", T_NL_CLOSE }, { "link", T_VOID | T_NL_CLOSE },
	{ "main", T_BLOCK },  { "mark", 0 },           { "meta", T_VOID | T_NL_CLOSE },
	{ "nav", T_BLOCK },   { "ol", T_BLOCK },       { "option", T_NL_CLOSE },
	{ "p", T_NL_CLOSE },  { "pre", T_NL_OPEN },    { "section", T_BLOCK },
	{ "select", T_BLOCK }, { "small", 0 },         { "span", 0 },
	{ "strong", 0 },      { "summary", T_NL_CLOSE }, { "table", T_BLOCK },
	{ "tbody", T_BLOCK }, { "td", 0 },
	/* the parser drops one line break after <textarea> and <pre>: ours */
	{ "textarea", T_NL_OPEN },
	{ "tfoot", T_BLOCK }, { "th", 0 },             { "thead", T_BLOCK },
	{ "time", 0 },        { "title", T_NL_CLOSE }, { "tr", T_NL_CLOSE },
	{ "ul", T_BLOCK },
	/* inline SVG of the overview's charts */
	{ "svg", T_BLOCK },   { "g", T_NL_CLOSE },     { "rect", T_NL_CLOSE },
	{ "text", 0 },        { "figure", T_BLOCK },   { "figcaption", T_NL_CLOSE },
};

enum attr_kind { A_PLAIN, A_URL, A_REFUSED };

/* Attributes with a policy; any other well-formed name is plain text, except
 * the event handlers on*, which are refused. */
static const struct {
	const char *name;
	enum attr_kind kind;
} attrs[] = {
	{ "action", A_URL },    { "cite", A_URL },      { "data", A_URL },
	{ "formaction", A_URL }, { "href", A_URL },     { "poster", A_URL },
	{ "src", A_URL },
	{ "http-equiv", A_REFUSED }, { "srcdoc", A_REFUSED }, { "srcset", A_REFUSED },
	{ "style", A_REFUSED },
};

/* What a byte becomes in text and attribute values; NULL for itself. */
static const char *const entity[256] = {
	['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
	[0] = "\xef\xbf\xbd",
};

#define NTAGS (sizeof(tags) / sizeof(tags[0]))

/* A bug in the caller: stop in debug builds, else remember it. */
#define MISUSE(h, what)                \
	do {                           \
		assert(!(what));       \
		(h)->err = JX_EINPUT;  \
	} while (0)

static void escape(struct strbuf *out, const char *s, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		const char *e = entity[(unsigned char)s[i]];
		if (!e)
			continue;
		sb_add(out, s + run, i - run);
		sb_adds(out, e);
		run = i + 1;
	}
	sb_add(out, s + run, n - run);
}

bool html_name_ok(const char *name)
{
	const char *p;

	if (!name || !*name)
		return false;
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

bool html_url_ok(const char *url)
{
	const unsigned char *p;

	if (!url || (url[0] != '/' && url[0] != '?' && url[0] != '#'))
		return false;
	/* "//host" and "/\host" (read as "//host") leave the site */
	if (url[0] == '/' && (url[1] == '/' || url[1] == '\\'))
		return false;
	/* browsers drop tabs and line breaks inside URLs: "/\t/host" */
	for (p = (const unsigned char *)url; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '\\')
			return false;
	return true;
}

static int tag_find(const char *tag)
{
	if (!tag)
		return -1;
	for (size_t i = 0; i < NTAGS; i++)
		if (strcmp(tags[i].name, tag) == 0)
			return (int)i;
	return -1;
}

static enum attr_kind attr_kind(const char *name)
{
	if (!html_name_ok(name) || strncmp(name, "on", 2) == 0)
		return A_REFUSED;
	for (size_t i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		if (strcmp(attrs[i].name, name) == 0)
			return attrs[i].kind;
	return A_PLAIN;
}

void html_init(struct html *h, struct strbuf *out)
{
	memset(h, 0, sizeof(*h));
	h->out = out;
}

void html_doctype(struct html *h)
{
	sb_adds(h->out, "<!DOCTYPE html>\n");
}

/* Writes a start tag; pushes it unless `want_void`. */
static void start_tag(struct html *h, const char *tag, bool want_void, va_list ap)
{
	int t = tag_find(tag);
	const char *name, *value;

	if (t < 0) {
		MISUSE(h, "html: unknown tag");
		return;
	}
	if (!(tags[t].flags & T_VOID) != !want_void) {
		MISUSE(h, "html: void element opened, or element used as void");
		return;
	}
	if (!want_void && h->depth >= HTML_MAX_DEPTH) {
		MISUSE(h, "html: elements nested too deep");
		return;
	}
	sb_addc(h->out, '<');
	sb_adds(h->out, tags[t].name);
	while ((name = va_arg(ap, const char *))) {
		enum attr_kind k = attr_kind(name);
		value = va_arg(ap, const char *);
		if (k == A_REFUSED) {
			MISUSE(h, "html: attribute name refused");
			continue;
		}
		if (!value)
			continue;
		if (k == A_URL && !html_url_ok(value))
			value = "#";
		sb_addc(h->out, ' ');
		sb_adds(h->out, name);
		sb_add(h->out, "=\"", 2);
		escape(h->out, value, strlen(value));
		sb_addc(h->out, '"');
	}
	sb_addc(h->out, '>');
	if (want_void) {
		if (tags[t].flags & T_NL_CLOSE)
			sb_addc(h->out, '\n');
		return;
	}
	h->stack[h->depth++] = (unsigned char)t;
	if (tags[t].flags & T_NL_OPEN)
		sb_addc(h->out, '\n');
}

void html_open(struct html *h, const char *tag, ...)
{
	va_list ap;

	va_start(ap, tag);
	start_tag(h, tag, false, ap);
	va_end(ap);
}

void html_void(struct html *h, const char *tag, ...)
{
	va_list ap;

	va_start(ap, tag);
	start_tag(h, tag, true, ap);
	va_end(ap);
}

void html_close(struct html *h)
{
	const struct tag_info *t;

	if (h->depth <= 0) {
		MISUSE(h, "html: nothing open to close");
		return;
	}
	t = &tags[h->stack[--h->depth]];
	sb_add(h->out, "</", 2);
	sb_adds(h->out, t->name);
	sb_addc(h->out, '>');
	if (t->flags & T_NL_CLOSE)
		sb_addc(h->out, '\n');
}

void html_close_to(struct html *h, int depth)
{
	if (depth < 0 || depth > h->depth) {
		MISUSE(h, "html: closing to a depth that is not open");
		return;
	}
	while (h->depth > depth)
		html_close(h);
}

void html_close_all(struct html *h)
{
	html_close_to(h, 0);
}

void html_textn(struct html *h, const char *s, size_t n)
{
	if (s)
		escape(h->out, s, n);
}

void html_text(struct html *h, const char *s)
{
	if (s)
		escape(h->out, s, strlen(s));
}

void html_textf(struct html *h, const char *fmt, ...)
{
	struct strbuf tmp = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&tmp, fmt, ap);
	va_end(ap);
	if (tmp.err)
		h->err = tmp.err;
	else
		escape(h->out, tmp.buf, tmp.len);
	sb_release(&tmp);
}

void html_paras(struct html *h, const char *s)
{
	const char *line, *nl, *t;
	size_t n;

	if (!s)
		return;
	for (line = s; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		t = line;
		n = (size_t)(nl - line);
		text_trim(&t, &n);
		if (n) {
			html_open(h, "p", NULL);
			html_textn(h, t, n);
			html_close(h);
		}
		if (!*nl)
			break;
	}
}

int html_finish(struct html *h)
{
	html_close_all(h);
	if (h->out->err)
		return h->out->err;
	return h->err;
}

void html_script_src(struct html *h, const char *url)
{
	if (h->err || h->out->err)
		return;
	if (!url || !html_url_ok(url)) {
		assert(!"html_script_src: not a local URL");
		h->err = JX_EINPUT;
		return;
	}
	sb_adds(h->out, "<script src=\"");
	escape(h->out, url, strlen(url));
	sb_adds(h->out, "\" defer></script>\n");
}
