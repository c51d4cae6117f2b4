/*
 * region.c — GB/T 2260 region names; see region.h.  The rows themselves
 * are generated into region_table.inc by src/regions/make-region-table.js.
 */
#include "system.h"

#include "region.h"

struct region_row
{
  char code[7];
  const char *province, *prefecture, *county;
  bool abolished;
};

static const struct region_row region_table[] = {
#include "region_table.inc"
};

static bool
is_code6 (const char *code6)
{
  return strlen (code6) == 6 && strspn (code6, "0123456789") == 6;
}

static const struct region_row *
find_row (const char *code6)
{
  size_t lo = 0, hi = ARRAY_SIZE (region_table);

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      int cmp = strcmp (code6, region_table[mid].code);

      if (cmp == 0)
        return &region_table[mid];
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  return NULL;
}

/* CODE6 with its last DIGITS digits zeroed: its prefecture or province. */
static const struct region_row *
find_ancestor (const char *code6, size_t digits)
{
  char code[7];

  memcpy (code, code6, 6 - digits);
  memset (code + 6 - digits, '0', digits);
  code[6] = '\0';
  return find_row (code);
}

static void
fill_info (const struct region_row *row, bool exact, struct region_info *out)
{
  memcpy (out->code, row->code, sizeof out->code);
  out->province = row->province;
  out->prefecture = row->prefecture;
  out->county = row->county;
  out->exact = exact;
  out->abolished = row->abolished;
}

bool
region_lookup (const char *code6, struct region_info *out)
{
  const struct region_row *row;

  if (!is_code6 (code6))
    return false;
  if ((row = find_row (code6)))
    fill_info (row, true, out);
  else if ((row = find_ancestor (code6, 2)) || (row = find_ancestor (code6, 4)))
    fill_info (row, false, out);
  return row != NULL;
}

/* Text built in a caller's buffer the way snprintf does, except that a
   cut falls between UTF-8 characters. */
struct text
{
  char *buf;
  size_t size, stored, len;
  bool cut;
};

static bool
is_utf8_continuation (char c)
{
  return ((unsigned char) c & 0xc0) == 0x80;
}

static void
text_append (struct text *t, const char *s)
{
  size_t n = strlen (s);

  /* After a cut, nothing more: what is stored stays a prefix. */
  if (!t->cut && t->size > 0)
    {
      size_t room = t->size - 1 - t->stored;
      size_t fit = n <= room ? n : room;

      while (fit < n && fit > 0 && is_utf8_continuation (s[fit]))
        fit--;
      memcpy (t->buf + t->stored, s, fit);
      t->stored += fit;
      t->buf[t->stored] = '\0';
      t->cut = fit < n;
    }
  t->len += n;
}

size_t
region_name (const char *code6, char *buf, size_t bufsz)
{
  struct region_info info;
  struct text text = { buf, bufsz, 0, 0, false };

  if (bufsz > 0)
    buf[0] = '\0';
  if (!region_lookup (code6, &info))
    return 0;
  text_append (&text, info.province);
  text_append (&text, info.prefecture);
  text_append (&text, info.county);
  return text.len;
}

size_t
region_count (void)
{
  return ARRAY_SIZE (region_table);
}

bool
region_nth (size_t i, struct region_info *out)
{
  if (i >= ARRAY_SIZE (region_table))
    return false;
  fill_info (&region_table[i], true, out);
  return true;
}
