/*
 * msg.c — severities and allocation; see msg.h.
 */
#include "system.h"

#include <stdarg.h>

#include "msg.h"

static void (*restore_hook) (void);

void
msg_set_restore_hook (void (*hook) (void))
{
  restore_hook = hook;
}

static void
restore_terminal (void)
{
  void (*hook) (void) = restore_hook;

  /* Clear first: a hook that fails must not be called again. */
  restore_hook = NULL;
  if (hook)
    hook ();
}

static void vreport (const char *severity, const char *fmt, va_list ap)
  MSG_PRINTF (2, 0);

static void
vreport (const char *severity, const char *fmt, va_list ap)
{
  fflush (stdout);
  fputs ("canbao: ", stderr);
  if (severity)
    fprintf (stderr, "%s: ", severity);
  vfprintf (stderr, fmt, ap);
  fputc ('\n', stderr);
}

void
msg_panic (const char *fmt, ...)
{
  va_list ap;

  restore_terminal ();
  va_start (ap, fmt);
  vreport (_("internal error"), fmt, ap);
  va_end (ap);
  abort ();
}

void
msg_fatal (const char *fmt, ...)
{
  va_list ap;

  restore_terminal ();
  va_start (ap, fmt);
  vreport (NULL, fmt, ap);
  va_end (ap);
  exit (2);
}

void
msg_warn (const char *fmt, ...)
{
  va_list ap;

  va_start (ap, fmt);
  vreport (_("warning"), fmt, ap);
  va_end (ap);
}

void *
xmalloc (size_t n)
{
  void *p = malloc (n ? n : 1);

  if (!p)
    msg_fatal (_("out of memory"));
  return p;
}

void *
xcalloc (size_t n, size_t size)
{
  void *p = calloc (n ? n : 1, size ? size : 1);

  if (!p)
    msg_fatal (_("out of memory"));
  return p;
}

void *
xrealloc (void *p, size_t n)
{
  void *q = realloc (p, n ? n : 1);

  if (!q)
    msg_fatal (_("out of memory"));
  return q;
}

char *
xstrdup (const char *s)
{
  return xstrndup (s, strlen (s));
}

char *
xstrndup (const char *s, size_t n)
{
  char *p = xmalloc (n + 1);

  memcpy (p, s, n);
  p[n] = '\0';
  return p;
}

char *
xvasprintf (const char *fmt, va_list ap)
{
  va_list again;
  int n;
  char *out;

  va_copy (again, ap);
  n = vsnprintf (NULL, 0, fmt, ap);
  if (n < 0)
    n = 0;
  out = xmalloc ((size_t) n + 1);
  vsnprintf (out, (size_t) n + 1, fmt, again);
  va_end (again);
  return out;
}

char *
xasprintf (const char *fmt, ...)
{
  va_list ap;
  char *out;

  va_start (ap, fmt);
  out = xvasprintf (fmt, ap);
  va_end (ap);
  return out;
}
