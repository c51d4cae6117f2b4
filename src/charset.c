/*
 * charset.c — encoding detection, streaming decoding and conversion; see
 * charset.h.  Detection walks the bytes itself (iconv per byte would make a
 * 300 MB file take minutes); iconv only converts.
 */
#include "system.h"

#include <iconv.h>

#include "charset.h"
#include "msg.h"

#ifndef ICONV_CONST
# define ICONV_CONST
#endif

#define HIGH_BITS UINT64_C (0x8080808080808080)

/* Both encodings read ASCII alike and most upstream text is ASCII digits
   and commas, so the scanners skip eight ASCII bytes at a time. */
static inline size_t
skip_ascii (const unsigned char *p, size_t i, size_t len)
{
  uint64_t w;

  while (len - i >= 8)
    {
      memcpy (&w, p + i, 8);
      if (w & HIGH_BITS)
        break;
      i += 8;
    }
  while (i < len && p[i] < 0x80)
    i++;
  return i;
}

static inline size_t
decode_one (const unsigned char *p, size_t len, uint32_t *cp)
{
  unsigned char b0, lo = 0x80, hi = 0xbf;
  size_t n, i;
  uint32_t c;

  if (len == 0)
    return 0;
  b0 = p[0];
  if (b0 < 0x80)
    {
      *cp = b0;
      return 1;
    }
  /* C0 and C1 would only start overlong forms; F5 and up exceed U+10FFFF.
     The narrowed second-byte ranges exclude the remaining overlong forms
     (E0, F0), the surrogates (ED) and values above U+10FFFF (F4). */
  if (b0 < 0xc2)
    return 0;
  if (b0 < 0xe0)
    {
      n = 2;
      c = b0 & 0x1f;
    }
  else if (b0 < 0xf0)
    {
      n = 3;
      c = b0 & 0x0f;
      if (b0 == 0xe0)
        lo = 0xa0;
      else if (b0 == 0xed)
        hi = 0x9f;
    }
  else if (b0 < 0xf5)
    {
      n = 4;
      c = b0 & 0x07;
      if (b0 == 0xf0)
        lo = 0x90;
      else if (b0 == 0xf4)
        hi = 0x8f;
    }
  else
    return 0;
  if (len < n || p[1] < lo || p[1] > hi)
    return 0;
  c = (c << 6) | (p[1] & 0x3f);
  for (i = 2; i < n; i++)
    {
      if ((p[i] & 0xc0) != 0x80)
        return 0;
      c = (c << 6) | (p[i] & 0x3f);
    }
  *cp = c;
  return n;
}

size_t
utf8_decode (const char *s, size_t len, uint32_t *cp)
{
  return decode_one ((const unsigned char *) s, len, cp);
}

size_t
utf8_encode (uint32_t cp, char *out)
{
  unsigned char *o = (unsigned char *) out;

  if (cp < 0x80)
    {
      o[0] = (unsigned char) cp;
      return 1;
    }
  if (cp < 0x800)
    {
      o[0] = (unsigned char) (0xc0 | (cp >> 6));
      o[1] = (unsigned char) (0x80 | (cp & 0x3f));
      return 2;
    }
  if (cp >= 0xd800 && cp <= 0xdfff)
    return 0;
  if (cp < 0x10000)
    {
      o[0] = (unsigned char) (0xe0 | (cp >> 12));
      o[1] = (unsigned char) (0x80 | ((cp >> 6) & 0x3f));
      o[2] = (unsigned char) (0x80 | (cp & 0x3f));
      return 3;
    }
  if (cp <= 0x10ffff)
    {
      o[0] = (unsigned char) (0xf0 | (cp >> 18));
      o[1] = (unsigned char) (0x80 | ((cp >> 12) & 0x3f));
      o[2] = (unsigned char) (0x80 | ((cp >> 6) & 0x3f));
      o[3] = (unsigned char) (0x80 | (cp & 0x3f));
      return 4;
    }
  return 0;
}

/* The valid UTF-8 prefix of P; *FIRST_HIGH gets the offset of the first
   non-ASCII byte (or the prefix length when there is none before it). */
static size_t
utf8_scan (const unsigned char *p, size_t len, size_t *first_high)
{
  size_t i = 0, n;
  uint32_t cp;
  bool seen_high = false;

  for (;;)
    {
      i = skip_ascii (p, i, len);
      if (i == len)
        break;
      if (!seen_high)
        {
          *first_high = i;
          seen_high = true;
        }
      n = decode_one (p + i, len - i, &cp);
      if (n == 0)
        return i;
      i += n;
    }
  if (!seen_high)
    *first_high = len;
  return len;
}

size_t
charset_utf8_prefix (const char *buf, size_t len)
{
  size_t first_high;

  return utf8_scan ((const unsigned char *) buf, len, &first_high);
}

bool
charset_utf8_valid (const char *buf, size_t len)
{
  return charset_utf8_prefix (buf, len) == len;
}

size_t
charset_gb18030_prefix (const char *buf, size_t len)
{
  const unsigned char *p = (const unsigned char *) buf;
  size_t i = 0;
  unsigned char b, b2;

  for (;;)
    {
      i = skip_ascii (p, i, len);
      if (i == len)
        return len;
      b = p[i];
      if (b == 0x80 || b == 0xff || len - i < 2)
        return i;
      b2 = p[i + 1];
      if ((b2 >= 0x40 && b2 <= 0x7e) || (b2 >= 0x80 && b2 <= 0xfe))
        i += 2;
      else if (b2 >= 0x30 && b2 <= 0x39 && len - i >= 4
               && p[i + 2] >= 0x81 && p[i + 2] <= 0xfe
               && p[i + 3] >= 0x30 && p[i + 3] <= 0x39)
        i += 4;
      else
        return i;
    }
}

struct charset_pos
charset_pos_at (const char *buf, size_t offset)
{
  struct charset_pos pos = { 1, offset };
  const char *p = buf, *end = buf + offset, *nl;

  while (p < end && (nl = memchr (p, '\n', (size_t) (end - p))) != NULL)
    {
      pos.line++;
      p = nl + 1;
    }
  return pos;
}

const char *
charset_encoding_name (enum charset_encoding enc)
{
  return enc == CHARSET_GB18030 ? "GB18030" : "UTF-8";
}

/* Detection scans in windows of this size and reports after each, so
   that a caller reading a mapped file can give back the pages behind:
   otherwise a county's file is resident all at once. */
#define DETECT_WINDOW ((size_t) 4 << 20)

/* The valid prefix of the LEN bytes at P, in UTF-8 (setting *FIRST_HIGH
   as utf8_scan does) or GB18030 structure, scanned window by window.  A
   character cut by a window's end (at most 3 bytes) is scanned again at
   the start of the next window; any other stop is the end of the valid
   prefix. */
static size_t
prefix_in_windows (const unsigned char *p, size_t len, bool utf8,
                   size_t *first_high, size_t offset,
                   charset_progress_fn progress, void *arg)
{
  size_t pos = 0;
  bool high = false;

  for (;;)
    {
      size_t w = len - pos < DETECT_WINDOW ? len - pos : DETECT_WINDOW;
      size_t n, fh;

      if (utf8)
        {
          n = utf8_scan (p + pos, w, &fh);
          if (!high && fh < w)
            {
              *first_high = pos + fh;
              high = true;
            }
        }
      else
        n = charset_gb18030_prefix ((const char *) p + pos, w);
      pos += n;
      if (progress)
        progress (offset + pos, arg);
      if (pos == len || n == 0 || w - n >= 4 || pos + (w - n) == len)
        break;
    }
  if (utf8 && !high)
    *first_high = pos;
  return pos;
}

int
charset_detect (const char *buf, size_t len, enum charset_encoding *enc,
                struct charset_pos *bad)
{
  return charset_detect_progress (buf, len, enc, bad, NULL, NULL);
}

int
charset_detect_progress (const char *buf, size_t len,
                         enum charset_encoding *enc, struct charset_pos *bad,
                         charset_progress_fn progress, void *arg)
{
  const unsigned char *p = (const unsigned char *) buf;
  size_t u, g, first_high, unused;

  if (len >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
    {
      u = 3 + prefix_in_windows (p + 3, len - 3, true, &first_high, 3,
                                 progress, arg);
      if (u == len)
        {
          *enc = CHARSET_UTF8_BOM;
          return 0;
        }
      if (bad)
        *bad = charset_pos_at (buf, u);
      return -1;
    }
  u = prefix_in_windows (p, len, true, &first_high, 0, progress, arg);
  if (u == len)
    {
      *enc = CHARSET_UTF8;
      return 0;
    }
  /* The bytes before the first non-ASCII one read alike in both, so the
     GB18030 reading starts there: a GB18030 file fails UTF-8 at its first
     Chinese character, and the file is then read about once in all. */
  g = first_high + prefix_in_windows (p + first_high, len - first_high,
                                      false, &unused, first_high,
                                      progress, arg);
  if (g == len)
    {
      *enc = CHARSET_GB18030;
      return 0;
    }
  if (bad)
    *bad = charset_pos_at (buf, u > g ? u : g);
  return -1;
}

/* ------------------------------------------------------------ decoder */

struct charset_decoder
{
  enum charset_encoding enc;
  const char *buf;
  size_t len;
  size_t pos;                   /* input bytes consumed */
  iconv_t cd;                   /* GB18030 only */
  /* Output that did not fit the caller's buffer: only used when the
     caller's buffer is smaller than one character. */
  char stage[32];
  size_t stage_off, stage_len;
  const char *error;            /* msgid, once failed */
  size_t error_offset;
};

struct charset_decoder *
charset_decoder_new (enum charset_encoding enc, const char *buf, size_t len)
{
  struct charset_decoder *dec = xcalloc (1, sizeof *dec);

  dec->enc = enc;
  dec->buf = buf;
  dec->len = len;
  dec->cd = (iconv_t) -1;
  if (enc == CHARSET_GB18030)
    {
      dec->cd = iconv_open ("UTF-8", "GB18030");
      if (dec->cd == (iconv_t) -1)
        msg_fatal (_("cannot convert from %s: %s"), "GB18030",
                   strerror (errno));
    }
  else if (len >= 3 && memcmp (buf, "\xef\xbb\xbf", 3) == 0)
    dec->pos = 3;
  return dec;
}

void
charset_decoder_free (struct charset_decoder **dec)
{
  if (!*dec)
    return;
  if ((*dec)->cd != (iconv_t) -1)
    iconv_close ((*dec)->cd);
  xfree (dec);
}

static void
fail (struct charset_decoder *dec, const char *msgid)
{
  dec->error = msgid;
  dec->error_offset = dec->pos;
}

/* Hands out staged output: what fits in CAP without ending inside a
   character, or CAP bytes of the first one when not even it fits.  The
   GB18030 stage holds several characters, and a caller that once asked
   for less than one may ask for more the next time. */
static size_t
drain_stage (struct charset_decoder *dec, char *out, size_t cap)
{
  const char *s = dec->stage + dec->stage_off;
  size_t left = dec->stage_len - dec->stage_off;
  size_t n = left < cap ? left : cap, whole = n;

  if (n < left)
    while (whole > 0 && ((unsigned char) s[whole] & 0xc0) == 0x80)
      whole--;
  if (whole > 0)
    n = whole;
  memcpy (out, s, n);
  dec->stage_off += n;
  if (dec->stage_off == dec->stage_len)
    dec->stage_off = dec->stage_len = 0;
  return n;
}

static ssize_t
read_utf8 (struct charset_decoder *dec, char *out, size_t cap)
{
  const char *in = dec->buf + dec->pos;
  size_t left = dec->len - dec->pos, n, valid;
  uint32_t cp;

  n = left < cap ? left : cap;
  valid = charset_utf8_prefix (in, n);
  if (valid > 0)
    {
      memcpy (out, in, valid);
      dec->pos += valid;
      return (ssize_t) valid;
    }
  /* Nothing whole fits: either a bad sequence, or a character longer than
     the caller's buffer. */
  n = utf8_decode (in, left, &cp);
  if (n == 0)
    {
      fail (dec, N_("not valid UTF-8 text"));
      return -1;
    }
  memcpy (dec->stage, in, n);
  dec->stage_off = 0;
  dec->stage_len = n;
  dec->pos += n;
  return (ssize_t) drain_stage (dec, out, cap);
}

/* One iconv call into OUT; returns the bytes produced and records a
   failure in DEC.  E2BIG is left for the caller to judge. */
static size_t
convert_some (struct charset_decoder *dec, char *out, size_t cap,
              bool *full)
{
  ICONV_CONST char *in = (ICONV_CONST char *) dec->buf + dec->pos;
  size_t inleft = dec->len - dec->pos, outleft = cap;
  char *o = out;
  size_t r = iconv (dec->cd, &in, &inleft, &o, &outleft);
  int err = errno;

  dec->pos = dec->len - inleft;
  *full = false;
  if (r == (size_t) -1)
    {
      if (err == E2BIG)
        *full = true;
      else if (err == EINVAL)
        fail (dec, N_("the text ends inside a GB18030 character"));
      else
        fail (dec, N_("not valid GB18030 text"));
    }
  return cap - outleft;
}

static ssize_t
read_gb18030 (struct charset_decoder *dec, char *out, size_t cap)
{
  bool full;
  size_t n = convert_some (dec, out, cap, &full);

  if (n > 0)
    return (ssize_t) n;
  if (dec->error)
    return -1;
  /* Nothing fitted: convert into the stage and hand it out piecemeal. */
  dec->stage_off = 0;
  dec->stage_len = convert_some (dec, dec->stage, sizeof dec->stage, &full);
  if (dec->stage_len == 0)
    return dec->error ? -1 : 0;
  return (ssize_t) drain_stage (dec, out, cap);
}

ssize_t
charset_decoder_read (struct charset_decoder *dec, char *out, size_t cap)
{
  if (cap == 0)
    return 0;
  if (dec->stage_len > 0)
    return (ssize_t) drain_stage (dec, out, cap);
  if (dec->error)
    return -1;
  if (dec->pos >= dec->len)
    return 0;
  if (dec->enc == CHARSET_GB18030)
    return read_gb18030 (dec, out, cap);
  return read_utf8 (dec, out, cap);
}

size_t
charset_decoder_offset (const struct charset_decoder *dec)
{
  return dec->pos;
}

ssize_t
charset_decoder_source (void *dec, char *out, size_t cap)
{
  return charset_decoder_read (dec, out, cap);
}

const char *
charset_decoder_error (const struct charset_decoder *dec,
                       struct charset_pos *pos)
{
  if (!dec->error)
    return NULL;
  if (pos)
    *pos = charset_pos_at (dec->buf, dec->error_offset);
  return _(dec->error);
}

/* --------------------------------------------------------- conversion */

char *
charset_convert (const char *to, const char *from, const char *in,
                 size_t len, size_t *outlen)
{
  iconv_t cd = iconv_open (to, from);
  ICONV_CONST char *ip = (ICONV_CONST char *) in;
  size_t inleft = len, cap, used = 0, outleft, r;
  char *out, *op;
  bool flushed = false;

  if (cd == (iconv_t) -1)
    {
      errno = EINVAL;
      return NULL;
    }
  /* GB18030 to UTF-8 grows by half at most for Chinese text; a second
     round is rare. */
  cap = len + len / 2 + 16;
  out = xmalloc (cap);
  for (;;)
    {
      op = out + used;
      outleft = cap - used - 1;     /* room for the NUL */
      if (!flushed && inleft > 0)
        r = iconv (cd, &ip, &inleft, &op, &outleft);
      else
        r = iconv (cd, NULL, NULL, &op, &outleft);
      used = (size_t) (op - out);
      if (r != (size_t) -1)
        {
          if (inleft == 0 && flushed)
            break;
          if (inleft == 0)
            flushed = true;
          continue;
        }
      if (errno != E2BIG)
        {
          int err = errno;

          free (out);
          iconv_close (cd);
          errno = err;
          return NULL;
        }
      cap *= 2;
      out = xrealloc (out, cap);
    }
  iconv_close (cd);
  out[used] = '\0';
  if (outlen)
    *outlen = used;
  return out;
}

/* GB18030-2005 gave 24 characters private-use code points; GB18030-2022,
   and glibc's converter since 2.35, give the same bytes to the standard
   code points Unicode has since given those characters, and refuse the
   old ones.  A name typed or imported through a tool with the old table
   (Windows among them) holds the old ones, and would stop an export. */
static const struct
{
  uint32_t old, now;
} gb18030_2005_pua[] = {
  { 0xE78D, 0xFE10 }, { 0xE78E, 0xFE12 }, { 0xE78F, 0xFE11 },
  { 0xE790, 0xFE13 }, { 0xE791, 0xFE14 }, { 0xE792, 0xFE15 },
  { 0xE793, 0xFE16 }, { 0xE794, 0xFE17 }, { 0xE795, 0xFE18 },
  { 0xE796, 0xFE19 }, { 0xE816, 0x20087 }, { 0xE817, 0x20089 },
  { 0xE818, 0x200CC }, { 0xE81E, 0x9FB4 }, { 0xE826, 0x9FB5 },
  { 0xE82B, 0x9FB6 }, { 0xE82C, 0x9FB7 }, { 0xE831, 0x215D7 },
  { 0xE832, 0x9FB8 }, { 0xE83B, 0x2298F }, { 0xE843, 0x9FB9 },
  { 0xE854, 0x9FBA }, { 0xE855, 0x241FE }, { 0xE864, 0x9FBB }
};

/* UTF8 with those private-use code points (all EE xx xx) replaced by the
   standard ones, malloc'd in *OUTLEN bytes; NULL when it holds none. */
static char *
gb18030_standard (const char *utf8, size_t len, size_t *outlen)
{
  /* Three bytes become at most four. */
  char *out = xmalloc (len + len / 3 + 1);
  size_t used = 0, i = 0, k, n;
  bool changed = false;
  uint32_t cp;

  while (i < len)
    {
      n = (unsigned char) utf8[i] == 0xee
        ? utf8_decode (utf8 + i, len - i, &cp) : 0;
      for (k = 0; n == 3 && k < ARRAY_SIZE (gb18030_2005_pua); k++)
        if (gb18030_2005_pua[k].old == cp)
          break;
      if (n == 3 && k < ARRAY_SIZE (gb18030_2005_pua))
        {
          used += utf8_encode (gb18030_2005_pua[k].now, out + used);
          i += n;
          changed = true;
        }
      else
        out[used++] = utf8[i++];
    }
  if (!changed)
    {
      free (out);
      return NULL;
    }
  *outlen = used;
  return out;
}

bool
charset_fwrite (const char *utf8, size_t len, enum charset_encoding enc,
                FILE *out)
{
  char *converted = NULL, *standard;
  size_t standard_len;
  bool ok;
  int err;

  if (enc == CHARSET_GB18030 && len)
    {
      converted = charset_convert ("GB18030", "UTF-8", utf8, len, &len);
      /* Only where iconv has the newer table: with the older one the
         private-use code points convert to the same bytes as they are. */
      if (!converted && errno == EILSEQ
          && (standard = gb18030_standard (utf8, len, &standard_len)))
        {
          converted = charset_convert ("GB18030", "UTF-8", standard,
                                       standard_len, &len);
          err = errno;
          free (standard);
          errno = err;
        }
      if (!converted)
        return false;
      utf8 = converted;
    }
  errno = 0;
  ok = fwrite (utf8, 1, len, out) == len;
  if (!ok && !errno)
    errno = EIO;
  free (converted);
  return ok;
}

bool
unicode_is_format_control (uint32_t cp)
{
  return (cp >= 0x200b && cp <= 0x200f)
    || (cp >= 0x202a && cp <= 0x202e)
    || (cp >= 0x2066 && cp <= 0x2069)
    || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff || cp == 0x061c;
}
