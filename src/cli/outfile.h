/*
 * outfile.h: the file of `export -o FILE`, written as FILE.tmp and renamed
 * over FILE only once everything is written, so that a failed export
 * leaves no file behind (and a FILE that was there as it was).
 */
#ifndef JX_OUTFILE_H
#define JX_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct outfile {
	FILE *f;                /* FILE.tmp, open for writing */
	char *tmp;              /* its name, malloc'd */
	const char *path;       /* FILE, not owned */
};

/* Creates (or truncates) path.tmp.  Returns 0, JX_ENOMEM, or JX_EIO with
 * a Chinese reason in err (errlen bytes). */
int outfile_open(struct outfile *o, const char *path, char *err, size_t errlen);

/* Closes the file and, when `keep`, renames it to FILE; otherwise (or when
 * closing or renaming fails) removes it.  Releases o.  Returns 0, or JX_EIO
 * with the reason in err when `keep` could not be honoured. */
int outfile_close(struct outfile *o, bool keep, char *err, size_t errlen);

#endif
