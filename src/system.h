/*
 * system.h — what every canbao source file includes first.
 *
 * It brings in config.h and the handful of standard headers almost every
 * module needs, and defines _() and N_() for gettext, so that translation
 * is the same one line everywhere.  Program strings are English msgids;
 * zh_CN is the main catalogue (locale/zh_CN.po).
 */
#ifndef CANBAO_SYSTEM_H
#define CANBAO_SYSTEM_H

#include <config.h>

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if ENABLE_NLS
# include <libintl.h>
# define _(msgid) gettext (msgid)
#else
# define _(msgid) (msgid)
# define ngettext(s, p, n) ((n) == 1 ? (s) : (p))
#endif
#define N_(msgid) (msgid)

#define ARRAY_SIZE(a) (sizeof (a) / sizeof ((a)[0]))

#endif
