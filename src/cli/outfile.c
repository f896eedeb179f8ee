/*
 * outfile.c: write to FILE.tmp, rename to FILE on success, remove it on
 * failure (outfile.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/err.h"
#include "../util/strbuf.h"
#include "outfile.h"

int outfile_open(struct outfile *o, const char *path, char *err, size_t errlen)
{
	struct strbuf sb = STRBUF_INIT;

	*o = (struct outfile){ .path = path };
	sb_addf(&sb, "%s.tmp", path);
	if (sb.err) {
		sb_release(&sb);
		return JX_ENOMEM;
	}
	o->tmp = sb_detach(&sb, NULL);
	if (!(o->f = fopen(o->tmp, "wb"))) {
		snprintf(err, errlen, "无法写入 %s：%s", o->tmp, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return JX_EIO;
	}
	return 0;
}

int outfile_close(struct outfile *o, bool keep, char *err, size_t errlen)
{
	int rc = 0;

	if (!o->f)
		return 0;
	if (fclose(o->f) && keep) {
		snprintf(err, errlen, "无法写入 %s：%s", o->tmp, strerror(errno));
		keep = false;
		rc = JX_EIO;
	}
	if (keep && rename(o->tmp, o->path)) {
		snprintf(err, errlen, "无法把 %s 改名为 %s：%s", o->tmp, o->path, strerror(errno));
		rc = JX_EIO;
		keep = false;
	}
	if (!keep)
		unlink(o->tmp);
	free(o->tmp);
	*o = (struct outfile){ 0 };
	return rc;
}
