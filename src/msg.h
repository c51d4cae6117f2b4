/*
 * msg — how canbao reports trouble, by severity (after Postfix's msg.c).
 *
 *   msg_panic  a canbao bug: an impossible state.  Restores the terminal,
 *              prints, aborts (so a core or sanitizer trace exists).
 *   msg_fatal  the environment is broken (a database that cannot be opened,
 *              memory exhausted).  Restores the terminal, prints, exits 2.
 *   msg_warn   something is odd but work goes on.  Printed to stderr.
 *
 * The clerk's own mistakes are not reported here: they are shown in the
 * status line or returned as a status by the module that found them.
 *
 * Everything printed starts with "canbao: ".  The screen module registers a
 * restore hook so that no message lands on a curses screen.
 */
#ifndef CANBAO_MSG_H
#define CANBAO_MSG_H

#include <stdarg.h>

#include <stddef.h>

#if defined __GNUC__
# define MSG_PRINTF(f, a) __attribute__ ((format (printf, f, a)))
# define MSG_NORETURN __attribute__ ((noreturn))
#else
# define MSG_PRINTF(f, a)
# define MSG_NORETURN
#endif

void msg_panic (const char *fmt, ...) MSG_PRINTF (1, 2) MSG_NORETURN;
void msg_fatal (const char *fmt, ...) MSG_PRINTF (1, 2) MSG_NORETURN;
void msg_warn (const char *fmt, ...) MSG_PRINTF (1, 2);

/* Called (once) before a panic or fatal message is printed; the terminal
   module sets it to endwin().  NULL clears it. */
void msg_set_restore_hook (void (*hook) (void));

/* Allocation that cannot fail: on exhaustion, msg_fatal. */
void *xmalloc (size_t n);
void *xcalloc (size_t n, size_t size);
void *xrealloc (void *p, size_t n);
char *xstrdup (const char *s);
char *xstrndup (const char *s, size_t n);
/* A malloc'd sprintf. */
char *xasprintf (const char *fmt, ...) MSG_PRINTF (1, 2);
char *xvasprintf (const char *fmt, va_list ap) MSG_PRINTF (1, 0);
/* Free *p and set it to NULL. */
#define xfree(p) do { free (*(p)); *(p) = NULL; } while (0)

#endif
