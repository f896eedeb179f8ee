/*
 * err.c: the string table behind err.h.
 */
#include "err.h"

static const char *const messages[JX_ERR__MAX] = {
#define X(code, text) [code] = text,
	JX_ERRORS(X)
#undef X
};

const char *jx_strerror(int err)
{
	if (err < 0 || err >= JX_ERR__MAX)
		return "未知错误";
	return messages[err];
}
