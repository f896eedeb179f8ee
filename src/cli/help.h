/*
 * help.h: the long help of each subcommand (shown by `jixiao CMD --help`).
 */
#ifndef JX_HELP_H
#define JX_HELP_H

/* The help text of command `name`; "" when there is none. */
const char *command_help(const char *name);

#endif
