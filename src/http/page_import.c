/*
 * page_import.c: import by upload: a file (seed-layout text or JSON) or
 * pasted text, stored with its review; the page lists what happened.
 */
#include <stdio.h>
#include <string.h>

#include "importer.h"
#include "layout.h"

static void import_form(struct req *r, struct html *h)
{
	html_open(h, "form", "class", "import", "method", "post", "action", "/import", "enctype",
	          "multipart/form-data", NULL);
	page_csrf(r, h);
	html_open(h, "label", NULL);
	html_text(h, "申报表文件（从 PDF 提取的文本、jixiao JSON、Excel 工作簿 .xlsx 或明细 CSV）");
	html_void(h, "input", "type", "file", "name", "file", "accept", ".txt,.json,.xlsx,.csv,text/plain,text/csv,application/json", NULL);
	html_close(h);
	html_open(h, "label", NULL);
	html_text(h, "或粘贴申报表文本");
	html_open(h, "textarea", "name", "text", "rows", "12", NULL);
	html_close(h);
	html_close(h);
	html_open(h, "button", "type", "submit", NULL);
	html_text(h, "导入");
	html_close(h);
	html_close(h);
}

int page_import_form(struct req *r)
{
	struct html h;

	page_begin(r, &h, "导入申报表");
	page_message(&h, "hint", "同一年度、实施单位和项目名称的申报表，内容相同则不变，不同则保存为新版本。"
	                         "任何一处有错误，就什么都不保存。");
	import_form(r, &h);
	return page_end(r, &h, 200);
}

int page_import(struct req *r)
{
	static const char *const what[3] = { "新增", "更新", "未变" };
	struct import_result res;
	struct html h;
	const char *data = req_form(r, "file"), *name = req_form_filename(r, "file");
	size_t n = req_form_len(r, "file");
	int rc, status;

	if (!n) {
		data = req_form(r, "text");
		n = req_form_len(r, "text");
		name = "粘贴的文本";
	}
	if ((rc = web_import(r, data ? data : "", n, name ? name : "上传的文件", &res))) {
		diags_release(&res.diags);
		return rc;
	}
	page_begin(r, &h, "导入结果");
	if (res.diags.n_error) {
		struct strbuf line = STRBUF_INIT;
		char msg[96];
		snprintf(msg, sizeof(msg), "共 %zu 处问题，什么都没有保存：", res.diags.n_error);
		page_message(&h, "error", msg);
		html_open(&h, "ul", "class", "problems", NULL);
		for (size_t i = 0; i < res.diags.n; i++) {
			sb_reset(&line);
			diag_format(&line, &res.diags.v[i]);
			html_open(&h, "li", NULL);
			html_text(&h, line.buf);
			html_close(&h);
		}
		html_close(&h);
		sb_release(&line);
		import_form(r, &h);
	} else {
		html_open(&h, "ul", "class", "imported", NULL);
		for (size_t i = 0; i < res.n; i++) {
			char href[40], text[96];
			snprintf(href, sizeof(href), "/d/%lld", (long long)res.v[i].id);
			snprintf(text, sizeof(text), "%s 第%d版：", what[res.v[i].res], res.v[i].rev);
			html_open(&h, "li", NULL);
			html_text(&h, text);
			html_open(&h, "a", "href", href, NULL);
			html_text(&h, res.v[i].name);
			html_close(&h);
			snprintf(text, sizeof(text), "（自动审核建议“%s”，错误 %d，警告 %d）", res.v[i].verdict,
			         res.v[i].n_error, res.v[i].n_warning);
			html_text(&h, text);
			html_close(&h);
		}
		html_close(&h);
	}
	status = import_status(&res);
	diags_release(&res.diags);
	return page_end(r, &h, status);
}
