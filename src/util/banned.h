/*
 * banned.h: functions jixiao never calls.  Included after the system headers
 * by every source file (through the compiler's -include flag), so that a use
 * of one of these is a compile error instead of a review comment.
 * strcpy/strcat/sprintf overflow, strtok keeps hidden state, atoi cannot report
 * errors, gmtime/localtime return static storage (use the _r forms).
 */
#ifndef JX_BANNED_H
#define JX_BANNED_H

#define BANNED(func) sorry_##func##_is_banned

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef atol
#define atol(x) BANNED(atol)
#undef gmtime
#define gmtime(x) BANNED(gmtime)
#undef localtime
#define localtime(x) BANNED(localtime)

#endif
