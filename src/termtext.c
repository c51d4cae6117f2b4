/*
 * termtext.c — display forms, widths and fitting; see termtext.h.
 */
#include "system.h"

#include <limits.h>
#include <wchar.h>

#include "charset.h"
#include "msg.h"
#include "termtext.h"

#ifndef __STDC_ISO_10646__
# error "termtext needs wchar_t to hold Unicode code points"
#endif

#define PLACEHOLDER_WIDE 0x3013 /* 〓, the GB 2312 "geta" mark */

/* The longest display form of one input byte: "<xNN>" for a bad byte, or
   "<U+0085>" for a two-byte C1 control (four per byte). */
#define MAX_FORM_PER_BYTE 5

struct wbuf
{
  wchar_t *data;
  size_t len;
};

static void
put_wc (struct wbuf *b, wchar_t wc)
{
  b->data[b->len++] = wc;
}

static void
put_ascii (struct wbuf *b, const char *s)
{
  while (*s)
    put_wc (b, (wchar_t) (unsigned char) *s++);
}

/* The width a character has where it can be shown: the locale that cannot
   show it cannot say.  East Asian Wide and Fullwidth blocks are two
   columns, the rest one (a zero-width character still needs a column for
   its placeholder to be seen). */
static int
natural_width (uint32_t cp)
{
  static const uint32_t wide[][2] = {
    { 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff },
    { 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
    { 0xa960, 0xa97f }, { 0xac00, 0xd7a3 }, { 0xf900, 0xfaff },
    { 0xfe10, 0xfe19 }, { 0xfe30, 0xfe6f }, { 0xff00, 0xff60 },
    { 0xffe0, 0xffe6 }, { 0x16fe0, 0x18aff }, { 0x1b000, 0x1b2ff },
    { 0x1f300, 0x1f64f }, { 0x1f900, 0x1f9ff }, { 0x20000, 0x2fffd },
    { 0x30000, 0x3fffd },
  };
  size_t i;

  for (i = 0; i < ARRAY_SIZE (wide); i++)
    if (cp >= wide[i][0] && cp <= wide[i][1])
      return 2;
  return 1;
}

/* True when the terminal's charset can encode WC. */
static bool
encodable (wchar_t wc)
{
  char mb[MB_LEN_MAX];
  mbstate_t st;

  memset (&st, 0, sizeof st);
  return wcrtomb (mb, wc, &st) != (size_t) -1;
}

static void
put_placeholder (struct wbuf *b, int width, bool geta_ok)
{
  if (width == 2 && geta_ok)
    put_wc (b, PLACEHOLDER_WIDE);
  else
    while (width-- > 0)
      put_wc (b, L'?');
}

static void
put_char (struct wbuf *b, uint32_t cp, bool geta_ok)
{
  char form[16];
  wchar_t wc = (wchar_t) cp;

  if (cp < 0x20 || cp == 0x7f)
    {
      put_wc (b, L'^');
      put_wc (b, cp == 0x7f ? L'?' : (wchar_t) (cp + 0x40));
    }
  else if ((cp >= 0x80 && cp <= 0x9f) || unicode_is_format_control (cp))
    {
      snprintf (form, sizeof form, "<U+%04X>", (unsigned) cp);
      put_ascii (b, form);
    }
  else if (cp < 0x7f)
    put_wc (b, wc);
  else if (wcwidth (wc) < 0 || !encodable (wc))
    put_placeholder (b, natural_width (cp), geta_ok);
  else
    put_wc (b, wc);
}

wchar_t *
termtext_from_utf8 (const char *utf8)
{
  const char *s = utf8 ? utf8 : "";
  size_t len = strlen (s), i = 0, n;
  struct wbuf b;
  uint32_t cp;
  char form[8];
  bool geta_ok = wcwidth (PLACEHOLDER_WIDE) == 2
    && encodable (PLACEHOLDER_WIDE);

  b.data = xmalloc ((len * MAX_FORM_PER_BYTE + 1) * sizeof *b.data);
  b.len = 0;
  while (i < len)
    {
      n = utf8_decode (s + i, len - i, &cp);
      if (n == 0)
        {
          snprintf (form, sizeof form, "<x%02X>", (unsigned char) s[i]);
          put_ascii (&b, form);
          i++;
          continue;
        }
      put_char (&b, cp, geta_ok);
      i += n;
    }
  b.data[b.len] = L'\0';
  return xrealloc (b.data, (b.len + 1) * sizeof *b.data);
}

static int
column_width (wchar_t wc)
{
  int w = wcwidth (wc);

  return w < 0 ? 1 : w;
}

int
termtext_width (const wchar_t *ws)
{
  long total = 0;

  for (; *ws; ws++)
    {
      total += column_width (*ws);
      if (total >= INT_MAX)
        return INT_MAX;
    }
  return (int) total;
}

int
termtext_utf8_width (const char *utf8)
{
  wchar_t *shown = termtext_from_utf8 (utf8);
  int width = termtext_width (shown);

  free (shown);
  return width;
}

size_t
termtext_fit_span (const wchar_t *ws, int cols, int *width)
{
  size_t i = 0;
  int used = 0, w;

  for (; ws[i]; i++)
    {
      w = column_width (ws[i]);
      if (w > cols - used)
        break;
      used += w;
    }
  if (width)
    *width = used;
  return i;
}

/* The first N characters of WS, then spaces up to PAD columns, then
   MARK. */
static wchar_t *
assemble (const wchar_t *ws, size_t n, int pad, const wchar_t *mark)
{
  size_t mlen = mark ? wcslen (mark) : 0;
  wchar_t *out = xmalloc ((n + (size_t) pad + mlen + 1) * sizeof *out);
  wchar_t *p = out;

  wmemcpy (p, ws, n);
  p += n;
  while (pad-- > 0)
    *p++ = L' ';
  if (mlen)
    wmemcpy (p, mark, mlen);
  p[mlen] = L'\0';
  return out;
}

wchar_t *
termtext_fit_mark (const wchar_t *ws, int cols, const wchar_t *mark)
{
  int used, mw = 0;
  size_t n;

  if (cols < 0)
    cols = 0;
  n = termtext_fit_span (ws, cols, &used);
  if (!ws[n])
    return assemble (ws, n, 0, NULL);
  if (mark)
    {
      mw = termtext_width (mark);
      if (mw > cols)
        {
          mark = NULL;
          mw = 0;
        }
      else
        n = termtext_fit_span (ws, cols - mw, &used);
    }
  return assemble (ws, n, cols - mw - used, mark);
}

wchar_t *
termtext_fit (const wchar_t *ws, int cols)
{
  return termtext_fit_mark (ws, cols, NULL);
}

char *
termtext_to_utf8 (const wchar_t *ws)
{
  size_t n = wcslen (ws), len = 0, k;
  char *out = xmalloc (n * 4 + 1);

  for (; *ws; ws++)
    {
      /* wchar_t is signed: a negative value becomes huge and invalid. */
      k = utf8_encode ((uint32_t) *ws, out + len);
      if (k == 0)
        k = utf8_encode (0xfffd, out + len);
      len += k;
    }
  out[len] = '\0';
  return out;
}

char *
termtext_locale_to_utf8 (const char *mbs)
{
  size_t left = strlen (mbs), cap = left * 3 + 8, len = 0, r, k;
  char *out = xmalloc (cap);
  mbstate_t st;
  wchar_t wc;

  memset (&st, 0, sizeof st);
  while (left > 0)
    {
      r = mbrtowc (&wc, mbs, left, &st);
      if (r == (size_t) -1 || r == (size_t) -2)
        {
          free (out);
          return NULL;
        }
      if (r == 0)
        break;
      if (cap - len < 5)
        out = xrealloc (out, cap *= 2);
      k = utf8_encode ((uint32_t) wc, out + len);
      if (k == 0)
        {
          free (out);
          return NULL;
        }
      len += k;
      mbs += r;
      left -= r;
    }
  out[len] = '\0';
  return out;
}

char *
termtext_utf8_to_locale (const char *utf8)
{
  wchar_t *shown = termtext_from_utf8 (utf8);
  size_t n = wcslen (shown), len = 0, r, i;
  char *out = xmalloc (n * MB_LEN_MAX + 1);
  mbstate_t st;

  memset (&st, 0, sizeof st);
  for (i = 0; i < n; i++)
    {
      r = wcrtomb (out + len, shown[i], &st);
      /* The display form holds only what the locale encodes; this is a
         last guard, not a path. */
      if (r == (size_t) -1)
        {
          memset (&st, 0, sizeof st);
          out[len] = '?';
          r = 1;
        }
      len += r;
    }
  out[len] = '\0';
  free (shown);
  return out;
}

char *
termtext_message (const char *fmt, const char *utf8)
{
  char *local = termtext_utf8_to_locale (utf8);
  char *out;

  /* FMT comes from the catalogue with exactly one %s. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  out = xasprintf (fmt, local);
#pragma GCC diagnostic pop
  free (local);
  return out;
}
