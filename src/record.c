/*
 * record.c — name/value records and their v1 encoding; see record.h.
 *
 * Entries live in one array sorted by name, so lookups are a binary
 * search and encoding is a straight walk.  The decoder and
 * record_find_encoded share one validating walker, so that what the
 * secondary indices read is held to the same rules as what
 * record_decode accepts.
 */
#include "system.h"

#include "msg.h"
#include "record.h"

struct entry
{
  char *name;
  char *value;
};

struct record
{
  struct entry *entries;
  size_t count;
  size_t cap;
};

struct record *
record_new (void)
{
  return xcalloc (1, sizeof (struct record));
}

void
record_free (struct record **rec)
{
  struct record *r = *rec;

  if (!r)
    return;
  for (size_t i = 0; i < r->count; i++)
    {
      free (r->entries[i].name);
      free (r->entries[i].value);
    }
  free (r->entries);
  xfree (rec);
}

struct record *
record_dup (const struct record *rec)
{
  struct record *copy = record_new ();

  if (rec->count)
    {
      copy->entries = xcalloc (rec->count, sizeof *copy->entries);
      copy->cap = rec->count;
      for (size_t i = 0; i < rec->count; i++)
        {
          copy->entries[i].name = xstrdup (rec->entries[i].name);
          copy->entries[i].value = xstrdup (rec->entries[i].value);
        }
      copy->count = rec->count;
    }
  return copy;
}

int
record_name_valid (const char *name)
{
  size_t len = strlen (name);
  unsigned char c0 = (unsigned char) name[0];

  if (len == 0 || len > RECORD_NAME_MAX)
    return 0;
  if (!((c0 >= 'A' && c0 <= 'Z') || (c0 >= 'a' && c0 <= 'z') || c0 == '_'))
    return 0;
  for (size_t i = 1; i < len; i++)
    {
      unsigned char c = (unsigned char) name[i];

      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
            || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-'))
        return 0;
    }
  return 1;
}

int
record_utf8_valid (const char *s, size_t len)
{
  const unsigned char *p = (const unsigned char *) s;
  size_t i = 0;

  while (i < len)
    {
      unsigned char c = p[i];
      uint32_t cp;
      size_t n;

      if (c == 0)
        return 0;
      if (c < 0x80)
        {
          i++;
          continue;
        }
      if (c >= 0xC2 && c <= 0xDF)
        n = 1, cp = c & 0x1F;
      else if (c >= 0xE0 && c <= 0xEF)
        n = 2, cp = c & 0x0F;
      else if (c >= 0xF0 && c <= 0xF4)
        n = 3, cp = c & 0x07;
      else
        return 0;
      if (len - i - 1 < n)
        return 0;
      for (size_t k = 1; k <= n; k++)
        {
          if ((p[i + k] & 0xC0) != 0x80)
            return 0;
          cp = (cp << 6) | (p[i + k] & 0x3F);
        }
      /* Overlong three- and four-byte forms, surrogates, beyond Unicode;
         two-byte overlongs were excluded by the lead byte. */
      if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000)
          || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return 0;
      i += n + 1;
    }
  return 1;
}

/* The index of NAME, or of where it would go; *FOUND says which. */
static size_t
find (const struct record *rec, const char *name, int *found)
{
  size_t lo = 0, hi = rec->count;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      int cmp = strcmp (rec->entries[mid].name, name);

      if (cmp == 0)
        {
          *found = 1;
          return mid;
        }
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  *found = 0;
  return lo;
}

/* Inserts NAME/VALUE (taking ownership) at I, keeping the order. */
static void
insert_at (struct record *rec, size_t i, char *name, char *value)
{
  if (rec->count == rec->cap)
    {
      rec->cap = rec->cap ? rec->cap * 2 : 8;
      rec->entries = xrealloc (rec->entries,
                               rec->cap * sizeof *rec->entries);
    }
  memmove (rec->entries + i + 1, rec->entries + i,
           (rec->count - i) * sizeof *rec->entries);
  rec->entries[i].name = name;
  rec->entries[i].value = value;
  rec->count++;
}

int
record_set (struct record *rec, const char *name, const char *value)
{
  int found;
  size_t i;

  if (!record_name_valid (name))
    {
      errno = EINVAL;
      return -1;
    }
  if (value)
    {
      size_t vlen = strlen (value);

      if (vlen > RECORD_VALUE_MAX || !record_utf8_valid (value, vlen))
        {
          errno = EINVAL;
          return -1;
        }
    }
  i = find (rec, name, &found);
  if (!value)
    {
      if (found)
        {
          free (rec->entries[i].name);
          free (rec->entries[i].value);
          memmove (rec->entries + i, rec->entries + i + 1,
                   (rec->count - i - 1) * sizeof *rec->entries);
          rec->count--;
        }
      return 0;
    }
  if (found)
    {
      /* Copy first: VALUE may be the string being replaced. */
      char *copy = xstrdup (value);

      free (rec->entries[i].value);
      rec->entries[i].value = copy;
      return 0;
    }
  if (rec->count >= RECORD_FIELDS_MAX)
    {
      errno = EINVAL;
      return -1;
    }
  insert_at (rec, i, xstrdup (name), xstrdup (value));
  return 0;
}

const char *
record_get (const struct record *rec, const char *name)
{
  int found;
  size_t i = find (rec, name, &found);

  return found ? rec->entries[i].value : NULL;
}

bool
record_equal (const struct record *a, const struct record *b)
{
  if (a->count != b->count)
    return false;
  for (size_t i = 0; i < a->count; i++)
    if (strcmp (a->entries[i].name, b->entries[i].name) != 0
        || strcmp (a->entries[i].value, b->entries[i].value) != 0)
      return false;
  return true;
}

size_t
record_count (const struct record *rec)
{
  return rec->count;
}

const char *
record_name_at (const struct record *rec, size_t i)
{
  return i < rec->count ? rec->entries[i].name : NULL;
}

const char *
record_value_at (const struct record *rec, size_t i)
{
  return i < rec->count ? rec->entries[i].value : NULL;
}

/* ------------------------------------------------------------ encoding */

static unsigned char *
put_be (unsigned char *p, uint32_t v, int bytes)
{
  for (int k = bytes - 1; k >= 0; k--)
    *p++ = (unsigned char) (v >> (8 * k));
  return p;
}

static uint32_t
get_be (const unsigned char *p, int bytes)
{
  uint32_t v = 0;

  for (int k = 0; k < bytes; k++)
    v = (v << 8) | p[k];
  return v;
}

void
record_encode (const struct record *rec, unsigned char **buf, size_t *len)
{
  size_t total = 3;
  unsigned char *p;

  for (size_t i = 0; i < rec->count; i++)
    total += 2 + strlen (rec->entries[i].name)
      + 4 + strlen (rec->entries[i].value);
  p = *buf = xmalloc (total);
  *p++ = RECORD_FORMAT_V1;
  p = put_be (p, (uint32_t) rec->count, 2);
  for (size_t i = 0; i < rec->count; i++)
    {
      size_t nl = strlen (rec->entries[i].name);
      size_t vl = strlen (rec->entries[i].value);

      p = put_be (p, (uint32_t) nl, 2);
      memcpy (p, rec->entries[i].name, nl);
      p += nl;
      p = put_be (p, (uint32_t) vl, 4);
      memcpy (p, rec->entries[i].value, vl);
      p += vl;
    }
  *len = total;
}

void
record_builder_init (struct record_builder *b)
{
  memset (b, 0, sizeof *b);
  b->cap = 1024;
  b->buf = xmalloc (b->cap);
  b->buf[0] = RECORD_FORMAT_V1;
  b->len = 3;                   /* the count goes in at the end */
}

void
record_builder_add (struct record_builder *b, const char *name,
                    const char *value)
{
  size_t nl = strlen (name), vl;

  if (!value)
    return;
  vl = strlen (value);
  if (nl == 0 || nl > RECORD_NAME_MAX || vl > RECORD_VALUE_MAX
      || b->count >= RECORD_FIELDS_MAX
      || (b->count > 0 && strcmp (b->last, name) >= 0))
    msg_panic ("record_builder_add: \"%s\" out of order or too long", name);
  if (b->len + 6 + nl + vl > b->cap)
    {
      b->cap = (b->len + 6 + nl + vl) * 2;
      b->buf = xrealloc (b->buf, b->cap);
    }
  put_be (b->buf + b->len, (uint32_t) nl, 2);
  memcpy (b->buf + b->len + 2, name, nl);
  put_be (b->buf + b->len + 2 + nl, (uint32_t) vl, 4);
  memcpy (b->buf + b->len + 6 + nl, value, vl);
  b->len += 6 + nl + vl;
  memcpy (b->last, name, nl + 1);
  b->count++;
}

void
record_builder_finish (struct record_builder *b, unsigned char **buf,
                       size_t *len)
{
  put_be (b->buf + 1, b->count, 2);
  *buf = b->buf;
  *len = b->len;
  memset (b, 0, sizeof *b);
}

/* A validating walk over an encoding: one entry per call. */
struct walker
{
  const unsigned char *buf;
  size_t len;
  size_t pos;
  uint32_t left;                /* entries not yet returned */
  const unsigned char *prev;    /* the previous name, for the order */
  size_t prev_len;
};

static int
walker_start (struct walker *w, const void *buf, size_t len)
{
  memset (w, 0, sizeof *w);
  w->buf = buf;
  w->len = len;
  if (len < 3 || w->buf[0] != RECORD_FORMAT_V1)
    return -1;
  w->left = get_be (w->buf + 1, 2);
  /* Each entry takes at least 7 bytes: a cheap early refusal. */
  if (w->left > RECORD_FIELDS_MAX || w->left > (len - 3) / 7)
    return -1;
  w->pos = 3;
  return 0;
}

/* Returns 1 with the next entry, 0 at a valid end, -1 when invalid. */
static int
walker_next (struct walker *w, const unsigned char **name, size_t *nlen,
             const unsigned char **value, size_t *vlen)
{
  size_t nl, vl;
  char namebuf[RECORD_NAME_MAX + 1];

  if (w->left == 0)
    return w->pos == w->len ? 0 : -1;
  if (w->len - w->pos < 2)
    return -1;
  nl = get_be (w->buf + w->pos, 2);
  w->pos += 2;
  if (nl == 0 || nl > RECORD_NAME_MAX || w->len - w->pos < nl)
    return -1;
  memcpy (namebuf, w->buf + w->pos, nl);
  namebuf[nl] = '\0';
  if (memchr (namebuf, '\0', nl) || !record_name_valid (namebuf))
    return -1;
  if (w->prev)
    {
      size_t common = nl < w->prev_len ? nl : w->prev_len;
      int cmp = memcmp (w->prev, w->buf + w->pos, common);

      /* Strictly increasing: equal names are refused with the rest. */
      if (cmp > 0 || (cmp == 0 && w->prev_len >= nl))
        return -1;
    }
  *name = w->buf + w->pos;
  *nlen = nl;
  w->prev = *name;
  w->prev_len = nl;
  w->pos += nl;
  if (w->len - w->pos < 4)
    return -1;
  vl = get_be (w->buf + w->pos, 4);
  w->pos += 4;
  if (vl > RECORD_VALUE_MAX || w->len - w->pos < vl)
    return -1;
  if (!record_utf8_valid ((const char *) w->buf + w->pos, vl))
    return -1;
  *value = w->buf + w->pos;
  *vlen = vl;
  w->pos += vl;
  w->left--;
  return 1;
}

int
record_decode (const void *buf, size_t len, struct record **out)
{
  struct walker w;
  struct record *rec;
  const unsigned char *name, *value;
  size_t nl, vl;
  int ret;

  *out = NULL;
  if (!buf || walker_start (&w, buf, len) != 0)
    {
      errno = EINVAL;
      return -1;
    }
  rec = record_new ();
  while ((ret = walker_next (&w, &name, &nl, &value, &vl)) == 1)
    /* Already in order: append. */
    insert_at (rec, rec->count, xstrndup ((const char *) name, nl),
               xstrndup ((const char *) value, vl));
  if (ret < 0)
    {
      record_free (&rec);
      errno = EINVAL;
      return -1;
    }
  *out = rec;
  return 0;
}

int
record_find_encoded (const void *buf, size_t len, const char *name,
                     const char **value, size_t *vlen)
{
  struct walker w;
  const unsigned char *n, *v;
  size_t nl, vl, want = strlen (name);
  int ret, found = 0;

  if (!buf || walker_start (&w, buf, len) != 0)
    return -1;
  while ((ret = walker_next (&w, &n, &nl, &v, &vl)) == 1)
    if (!found && nl == want && memcmp (n, name, nl) == 0)
      {
        *value = (const char *) v;
        *vlen = vl;
        found = 1;
      }
  /* The whole buffer is checked even after a hit, so that an index
     never holds a key taken from a record that would not decode. */
  if (ret < 0)
    return -1;
  return found;
}

int
record_peek_encoded (const void *buf, size_t len, const char *name,
                     const char **value, size_t *vlen)
{
  const unsigned char *p = buf;
  size_t pos = 3, want = strlen (name);
  uint32_t left;

  if (!buf || len < 3 || p[0] != RECORD_FORMAT_V1)
    return -1;
  left = (uint32_t) get_be (p + 1, 2);
  for (; left > 0; left--)
    {
      size_t nl, vl;
      int cmp;

      if (len - pos < 2)
        return -1;
      nl = get_be (p + pos, 2);
      pos += 2;
      if (len - pos < nl)
        return -1;
      cmp = memcmp (p + pos, name, nl < want ? nl : want);
      if (cmp == 0 && nl != want)
        cmp = nl < want ? -1 : 1;
      pos += nl;
      if (len - pos < 4)
        return -1;
      vl = get_be (p + pos, 4);
      pos += 4;
      if (len - pos < vl)
        return -1;
      if (cmp == 0)
        {
          if (!record_utf8_valid ((const char *) p + pos, vl))
            return -1;
          *value = (const char *) p + pos;
          *vlen = vl;
          return 1;
        }
      /* Names are in order: past NAME's place, it is absent. */
      if (cmp > 0)
        return 0;
      pos += vl;
    }
  return 0;
}

