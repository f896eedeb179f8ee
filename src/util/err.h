/*
 * err.h: operational error codes.  A function that can fail for reasons that
 * are not the user's data (I/O, memory, database) returns one of these; 0 is
 * success.  Problems in the user's data are findings (diag.h), never codes.
 */
#ifndef JX_ERR_H
#define JX_ERR_H

#define JX_ERRORS(X)                                   \
	X(JX_OK,        "成功")                          \
	X(JX_ENOMEM,    "内存不足")                      \
	X(JX_EIO,       "读写失败")                      \
	X(JX_ENOENT,    "文件不存在")                    \
	X(JX_ENOTFOUND, "记录不存在")                    \
	X(JX_ESTORE,    "数据库错误")                    \
	X(JX_ETOOBIG,   "输入超出大小限制")              \
	X(JX_EINPUT,    "输入有误")                      \
	X(JX_ESTOP,     "已停止")                        \
	X(JX_ECONFLICT, "与当前内容或状态冲突")          \
	X(JX_EEXIST,    "已存在")                        \
	X(JX_EBUSY,     "数据库正忙，请稍后重试")        \
	X(JX_EFULL,     "磁盘已满，数据未保存")

enum jx_err {
#define X(code, text) code,
	JX_ERRORS(X)
#undef X
	JX_ERR__MAX
};

/* A Chinese description of an error code; never NULL, static storage. */
const char *jx_strerror(int err);

#endif
