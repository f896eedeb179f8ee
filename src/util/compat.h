/*
 * compat.h: force-included before every source file (-include).  Pulls in
 * the system headers that declare the banned functions, then banned.h, so
 * that any later use of them fails to compile (git-compat-util.h).
 */
#ifndef JX_COMPAT_H
#define JX_COMPAT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "banned.h"

#endif
