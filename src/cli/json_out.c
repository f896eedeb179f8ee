/*
 * json_out.c: streaming or held-back JSON array output.
 */
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../render/json_write.h"
#include "../util/err.h"
#include "json_out.h"

#define SPILL_AT (8u << 20)

void json_out_init(struct json_out *o, bool hold)
{
	struct stat st, null;
	off_t at;

	memset(o, 0, sizeof(*o));
	sb_init(&o->sb, 0);
	if (!hold || fstat(STDOUT_FILENO, &st))
		return;
	o->buffered = true;
	if (S_ISREG(st.st_mode) && (at = lseek(STDOUT_FILENO, 0, SEEK_CUR)) >= 0) {
		int flags = fcntl(STDOUT_FILENO, F_GETFL);
		o->buffered = false;
		o->truncate = true;
		/* appending (>>) writes at the end whatever the offset says */
		o->start = flags >= 0 && (flags & O_APPEND) ? (long long)st.st_size : (long long)at;
	} else if (S_ISCHR(st.st_mode) && stat("/dev/null", &null) == 0 &&
	           st.st_rdev == null.st_rdev) {
		o->buffered = false;
	}
}

static int drain(struct json_out *o)
{
	FILE *to;

	if (!o->buffered) {
		to = stdout;
	} else {
		if (!o->spill && !(o->spill = tmpfile()))
			return o->err = JX_EIO;
		to = o->spill;
	}
	if (fwrite(o->sb.buf, 1, o->sb.len, to) != o->sb.len)
		return o->err = JX_EIO;
	sb_reset(&o->sb);
	return 0;
}

int json_out_decl(struct json_out *o, const struct decl *d)
{
	struct jw w;

	if (o->err)
		return o->err;
	sb_adds(&o->sb, o->count ? ",\n  " : "[\n  ");
	jw_init(&w, &o->sb, true, 1);
	json_write_decl(&w, d);
	o->count++;
	if (o->sb.err)
		return o->err = o->sb.err;
	if (o->sb.len >= (o->buffered ? SPILL_AT : 1u << 16))
		return drain(o);
	return 0;
}

int json_out_finish(struct json_out *o, bool emit)
{
	char buf[65536];
	size_t got;
	int rc = o->err;

	sb_adds(&o->sb, o->count ? "\n]\n" : "[]\n");
	if (!rc && o->sb.err)
		rc = o->sb.err;
	if (!rc && emit) {
		if (o->spill) {
			rewind(o->spill);
			while ((got = fread(buf, 1, sizeof(buf), o->spill)) > 0)
				if (fwrite(buf, 1, got, stdout) != got)
					rc = JX_EIO;
			if (ferror(o->spill))
				rc = JX_EIO;
		}
		if (fwrite(o->sb.buf, 1, o->sb.len, stdout) != o->sb.len)
			rc = JX_EIO;
		if (fflush(stdout))
			rc = JX_EIO;
	}
	if (o->truncate && (rc || !emit)) {
		/* take back what was streamed: a failed run leaves no output */
		fflush(stdout);
		if (ftruncate(STDOUT_FILENO, (off_t)o->start) == 0)
			lseek(STDOUT_FILENO, (off_t)o->start, SEEK_SET);
	}
	if (o->spill)
		fclose(o->spill);
	sb_release(&o->sb);
	return rc;
}
