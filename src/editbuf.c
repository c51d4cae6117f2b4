/*
 * editbuf.c — the field editor's text, cursor and view; see editbuf.h.
 */
#include "system.h"

#include <limits.h>
#include <wchar.h>

#include "charset.h"
#include "editbuf.h"
#include "msg.h"

#ifndef __STDC_ISO_10646__
# error "editbuf needs wchar_t to hold Unicode code points"
#endif

struct editbuf
{
  wchar_t *buf;                 /* the text, NUL-terminated */
  size_t len;                   /* characters in buf */
  size_t cap;                   /* room in buf, the NUL included */
  size_t cursor;                /* 0 to len */
  wchar_t *orig;                /* the text as last set, for changed */
  size_t orig_len;
  int width;                    /* the blank's columns */
  size_t max_chars;             /* 0: no limit */
  bool scroll;
  editbuf_filter_fn *filter;
  long offset;                  /* text column at the blank's left edge */
};

/* Code points that are two columns wide where a locale can show them (the
   ranges the screen's placeholder uses too). */
static bool
is_wide_code_point (uint32_t cp)
{
  static const uint32_t wide[][2] = {
    { 0x1100, 0x115f }, { 0x2e80, 0xa4cf }, { 0xac00, 0xd7a3 },
    { 0xf900, 0xfaff }, { 0xfe30, 0xfe4f }, { 0xff00, 0xff60 },
    { 0xffe0, 0xffe6 }, { 0x20000, 0x3fffd },
  };
  size_t i;

  for (i = 0; i < ARRAY_SIZE (wide); i++)
    if (cp >= wide[i][0] && cp <= wide[i][1])
      return true;
  return false;
}

int
editbuf_wcwidth (wchar_t wc)
{
  int w = wcwidth (wc);

  if (w >= 0)
    return w > 2 ? 2 : w;
  /* The terminal cannot show it, but the screen draws a placeholder as
     wide as the character would be where it can be shown, so that a name
     holding a rare character keeps its layout. */
  return wc > 0 && is_wide_code_point ((uint32_t) wc) ? 2 : 1;
}

/* Invisible characters that reorder or hide what follows them: a clerk
   cannot see them, so they are neither typed nor drawn. */
static bool
is_format_control (wchar_t wc)
{
  return (wc >= 0x200b && wc <= 0x200f)
    || (wc >= 0x202a && wc <= 0x202e)
    || (wc >= 0x2066 && wc <= 0x2069)
    || wc == 0x2028 || wc == 0x2029 || wc == 0xfeff || wc == 0x061c;
}

/* What may be typed into a field: a Unicode scalar value that is neither
   a control character nor an invisible format character. */
static bool
is_typeable (wchar_t wc)
{
  if (wc < 0x20 || (wc >= 0x7f && wc <= 0x9f))
    return false;
  if ((wc >= 0xd800 && wc <= 0xdfff) || wc > 0x10ffff)
    return false;
  return !is_format_control (wc);
}

/* A zero-width character belongs to the character before it. */
static bool
is_mark (wchar_t wc)
{
  return editbuf_wcwidth (wc) == 0;
}

/* Where the character that starts at I ends (its marks included). */
static size_t
next_boundary (const struct editbuf *eb, size_t i)
{
  if (i >= eb->len)
    return eb->len;
  i++;
  while (i < eb->len && is_mark (eb->buf[i]))
    i++;
  return i;
}

/* Where the character that ends at I starts. */
static size_t
prev_boundary (const struct editbuf *eb, size_t i)
{
  if (i == 0)
    return 0;
  i--;
  while (i > 0 && is_mark (eb->buf[i]))
    i--;
  return i;
}

static long
span_width (const wchar_t *ws, size_t n)
{
  long total = 0;
  size_t i;

  for (i = 0; i < n; i++)
    total += editbuf_wcwidth (ws[i]);
  return total;
}

/* Room for at least NEED characters plus the NUL. */
static void
reserve (struct editbuf *eb, size_t need)
{
  size_t cap = eb->cap;

  if (need < eb->cap)
    return;
  if (need >= (SIZE_MAX / sizeof *eb->buf) / 2)
    msg_fatal (_("out of memory"));
  while (cap <= need)
    cap *= 2;
  eb->buf = xrealloc (eb->buf, cap * sizeof *eb->buf);
  eb->cap = cap;
}

/* Removes characters [FROM, TO) and puts the cursor at FROM. */
static void
cut (struct editbuf *eb, size_t from, size_t to)
{
  wmemmove (eb->buf + from, eb->buf + to, eb->len - to + 1);
  eb->len -= to - from;
  eb->cursor = from;
}

struct editbuf *
editbuf_new (int width_cols, size_t max_chars)
{
  struct editbuf *eb;

  if (width_cols < 1)
    msg_panic ("editbuf_new: field width %d", width_cols);
  eb = xcalloc (1, sizeof *eb);
  eb->width = width_cols;
  eb->max_chars = max_chars;
  /* Most fields never grow past their blank. */
  eb->cap = (size_t) width_cols + 1 < 16 ? 16 : (size_t) width_cols + 1;
  eb->buf = xmalloc (eb->cap * sizeof *eb->buf);
  eb->buf[0] = L'\0';
  eb->orig = xmalloc (sizeof *eb->orig);
  eb->orig[0] = L'\0';
  return eb;
}

void
editbuf_free (struct editbuf **eb)
{
  if (!*eb)
    return;
  xfree (&(*eb)->buf);
  xfree (&(*eb)->orig);
  xfree (eb);
}

void
editbuf_set_scroll (struct editbuf *eb, bool scroll)
{
  eb->scroll = scroll;
}

void
editbuf_set_filter (struct editbuf *eb, editbuf_filter_fn *filter)
{
  eb->filter = filter;
}

bool
editbuf_filter_digits (wchar_t *wc)
{
  if (*wc >= L'0' && *wc <= L'9')
    return true;
  if (*wc >= 0xff10 && *wc <= 0xff19)   /* ０-９ */
    {
      *wc = L'0' + (*wc - 0xff10);
      return true;
    }
  return false;
}

bool
editbuf_filter_id (wchar_t *wc)
{
  /* x, Ｘ and ｘ are the same check character as X; the ID is stored and
     compared in one form. */
  if (*wc == L'X' || *wc == L'x' || *wc == 0xff38 || *wc == 0xff58)
    {
      *wc = L'X';
      return true;
    }
  return editbuf_filter_digits (wc);
}

void
editbuf_set_utf8 (struct editbuf *eb, const char *utf8)
{
  const char *s = utf8 ? utf8 : "";
  size_t len = strlen (s), i = 0, n;
  uint32_t cp;

  /* Never more characters than bytes. */
  reserve (eb, len);
  eb->len = 0;
  while (i < len)
    {
      n = utf8_decode (s + i, len - i, &cp);
      if (n == 0)
        {
          cp = 0xfffd;
          n = 1;
        }
      eb->buf[eb->len++] = (wchar_t) cp;
      i += n;
    }
  eb->buf[eb->len] = L'\0';
  eb->cursor = eb->len;
  eb->offset = 0;

  eb->orig = xrealloc (eb->orig, (eb->len + 1) * sizeof *eb->orig);
  wmemcpy (eb->orig, eb->buf, eb->len + 1);
  eb->orig_len = eb->len;
}

char *
editbuf_get_utf8 (const struct editbuf *eb)
{
  char *out = xmalloc (eb->len * 4 + 1), *p = out;
  size_t i, n;

  for (i = 0; i < eb->len; i++)
    {
      n = utf8_encode ((uint32_t) eb->buf[i], p);
      /* Only scalar values get in: set decodes, insert checks. */
      if (n == 0)
        msg_panic ("editbuf: U+%lX stored", (unsigned long) eb->buf[i]);
      p += n;
    }
  *p = '\0';
  return out;
}

enum editbuf_status
editbuf_insert (struct editbuf *eb, wchar_t wc)
{
  if (eb->filter && !eb->filter (&wc))
    return EDITBUF_REFUSED;
  if (!is_typeable (wc))
    return EDITBUF_REFUSED;
  if (eb->max_chars && eb->len >= eb->max_chars)
    return EDITBUF_FULL;
  if (!eb->scroll
      && span_width (eb->buf, eb->len) + editbuf_wcwidth (wc) > eb->width)
    return EDITBUF_FULL;

  reserve (eb, eb->len + 1);
  wmemmove (eb->buf + eb->cursor + 1, eb->buf + eb->cursor,
            eb->len - eb->cursor + 1);
  eb->buf[eb->cursor++] = wc;
  eb->len++;
  return EDITBUF_OK;
}

bool
editbuf_backspace (struct editbuf *eb)
{
  if (eb->cursor == 0)
    return false;
  cut (eb, prev_boundary (eb, eb->cursor), eb->cursor);
  return true;
}

bool
editbuf_delete (struct editbuf *eb)
{
  if (eb->cursor >= eb->len)
    return false;
  cut (eb, eb->cursor, next_boundary (eb, eb->cursor));
  return true;
}

bool
editbuf_left (struct editbuf *eb)
{
  if (eb->cursor == 0)
    return false;
  eb->cursor = prev_boundary (eb, eb->cursor);
  return true;
}

bool
editbuf_right (struct editbuf *eb)
{
  if (eb->cursor >= eb->len)
    return false;
  eb->cursor = next_boundary (eb, eb->cursor);
  return true;
}

bool
editbuf_home (struct editbuf *eb)
{
  if (eb->cursor == 0)
    return false;
  eb->cursor = 0;
  return true;
}

bool
editbuf_end (struct editbuf *eb)
{
  if (eb->cursor == eb->len)
    return false;
  eb->cursor = eb->len;
  return true;
}

bool
editbuf_kill_eol (struct editbuf *eb)
{
  if (eb->cursor >= eb->len)
    return false;
  cut (eb, eb->cursor, eb->len);
  return true;
}

bool
editbuf_kill_line (struct editbuf *eb)
{
  if (eb->len == 0)
    return false;
  cut (eb, 0, eb->len);
  return true;
}

bool
editbuf_full (const struct editbuf *eb)
{
  if (eb->max_chars && eb->len >= eb->max_chars)
    return true;
  /* Every typeable character with a width takes at least one column. */
  return !eb->scroll && span_width (eb->buf, eb->len) >= eb->width;
}

bool
editbuf_changed (const struct editbuf *eb)
{
  /* A plain loop: glibc's vectorised wmemcmp reads past short buffers,
     which valgrind reports on every call. */
  if (eb->len != eb->orig_len)
    return true;
  for (size_t i = 0; i < eb->len; i++)
    if (eb->buf[i] != eb->orig[i])
      return true;
  return false;
}

size_t
editbuf_length (const struct editbuf *eb)
{
  return eb->len;
}

size_t
editbuf_cursor (const struct editbuf *eb)
{
  return eb->cursor;
}

int
editbuf_width (const struct editbuf *eb)
{
  long w = span_width (eb->buf, eb->len);

  return w > INT_MAX ? INT_MAX : (int) w;
}

/* Where the view starts, in text columns, given the cursor's column CC,
   the columns CW its character needs and the text's width TOTAL. */
static long
choose_offset (const struct editbuf *eb, long cc, long cw, long total)
{
  long w = eb->width, begin = eb->offset;

  /* Text that fits is shown whole, even when the cursor after it then
     has no column of its own. */
  if (total <= w)
    return 0;
  /* Keeping the previous offset spares the clerk a jumping view; but
     once text is deleted it must not leave blank columns on the right
     while text is hidden on the left (the +1 is the cursor's '_'). */
  if (begin > total + 1 - w)
    begin = total + 1 - w;
  if (cc + cw > begin + w)
    begin = cc + cw - w;
  /* Last, so that a character wider than the whole blank still shows its
     start under the cursor. */
  if (cc < begin)
    begin = cc;
  return begin < 0 ? 0 : begin;
}

size_t
editbuf_view (struct editbuf *eb, wchar_t *out, size_t outsz,
              int *cursor_col)
{
  long w = eb->width, total = 0, cc = 0, cw = 1, last_start = 0;
  long begin, end, col, start, cwidth, used = 0;
  size_t i, j, k, n = 0;

  if (outsz < (size_t) eb->width + 1)
    msg_panic ("editbuf_view: %zu wide characters for %d columns", outsz,
               eb->width);

  /* The cursor's column, the columns of the character under it, and where
     the character before it starts. */
  for (i = 0; i < eb->len; i = j)
    {
      j = next_boundary (eb, i);
      cwidth = span_width (eb->buf + i, j - i);
      if (i < eb->cursor)
        last_start = total;
      if (i <= eb->cursor && eb->cursor < j)
        {
          /* The cursor is at I unless a change of locale has moved the
             boundaries under it; its column is still the sum before it. */
          cc = total + span_width (eb->buf + i, eb->cursor - i);
          cw = cwidth > 0 ? cwidth : 1;
        }
      total += cwidth;
    }
  if (eb->cursor >= eb->len)
    cc = total;

  begin = choose_offset (eb, cc, cw, total);
  eb->offset = begin;
  end = begin + w;

  for (i = 0, col = 0; i < eb->len && col < end; i = j)
    {
      j = next_boundary (eb, i);
      start = col;
      col += span_width (eb->buf + i, j - i);
      /* Wholly left of the blank (a base-less mark at column 0 is drawn
         when column 0 is). */
      if (col < begin || (col == begin && col > start))
        continue;
      if (start < begin)
        for (; used < col - begin; used++)
          out[n++] = L'<';
      else if (col > end)
        for (; used < w; used++)
          out[n++] = L'>';
      else
        {
          used += col - start;
          for (k = i; k < j; k++)
            {
              if (k > i || col == start)
                {
                  /* A mark: dropped when it is an invisible format
                     character, or when OUT must keep room for a
                     character in each column still to come. */
                  if (is_format_control (eb->buf[k])
                      || n + (size_t) (w - used) + 2 > outsz)
                    continue;
                }
              out[n++] = eb->buf[k];
            }
        }
    }
  for (; used < w; used++)
    out[n++] = L'_';
  out[n] = L'\0';

  if (cursor_col)
    *cursor_col = (int) (cc - begin < w ? cc - begin : last_start - begin);
  return n;
}
