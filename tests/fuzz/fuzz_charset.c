/*
 * fuzz_charset.c — charset_detect and the streaming decoder on any bytes.
 *
 * Invariants (charset.h): detection agrees with the prefix scanners and,
 * on refusal, names a position inside the buffer with its line; a UTF-8
 * file decodes to itself without the byte-order mark; a GB18030 file
 * either decodes to valid UTF-8, the same as charset_convert gives for
 * the whole buffer, or is refused by both; the pieces the caller asks
 * for, however small, change nothing; and the UTF-8 that comes out can
 * be written as GB18030 with charset_fwrite, as exports do, and read
 * back.
 */
#include "system.h"

#include "charset.h"
#include "fuzz.h"
#include "msg.h"

/* Capacities the decoder is asked to fill, in turn: 1 and 2 are smaller
   than a character and go through its stage. */
static const size_t caps[] = { 4096, 1, 3, 2, 17, 5, 64 };

/* A piece may end inside a character only when the caller asked for
   fewer bytes than that character takes. */
static void
check_piece_end (const char *out, size_t end, size_t want)
{
  size_t lead = end, n;
  unsigned char b;

  while (lead > 0 && end - lead < 4
         && ((unsigned char) out[lead - 1] & 0xc0) == 0x80)
    lead--;
  if (lead == 0)
    return;
  b = (unsigned char) out[--lead];
  n = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
  if (lead + n > end)
    FUZZ_ASSERT (n > want);
}

/* Decodes all of BUF in pieces; NULL when the decoder refuses, with *POS
   set to where. */
static char *
decode_all (enum charset_encoding enc, const char *buf, size_t len,
            size_t first_cap, size_t *outlen, struct charset_pos *pos)
{
  struct charset_decoder *dec = charset_decoder_new (enc, buf, len);
  size_t cap = 64, used = 0;
  char *out = xmalloc (cap);
  ssize_t got;

  for (unsigned turn = first_cap;; turn++)
    {
      size_t want = caps[turn % ARRAY_SIZE (caps)];

      if (cap - used < want)
        {
          cap = 2 * cap + want;
          out = xrealloc (out, cap);
        }
      got = charset_decoder_read (dec, out + used, want);
      FUZZ_ASSERT (got >= -1 && got <= (ssize_t) want);
      if (got <= 0)
        break;
      used += (size_t) got;
      check_piece_end (out, used, want);
    }
  if (got < 0)
    {
      FUZZ_ASSERT (charset_decoder_error (dec, pos) != NULL);
      FUZZ_ASSERT (pos->offset <= len);
      FUZZ_ASSERT (charset_decoder_read (dec, out, 8) == -1);
      free (out);
      out = NULL;
    }
  else
    {
      FUZZ_ASSERT (charset_decoder_error (dec, NULL) == NULL);
      FUZZ_ASSERT (charset_decoder_read (dec, out, 8) == 0);
    }
  charset_decoder_free (&dec);
  *outlen = used;
  return out;
}

static void
check_refusal (const char *buf, size_t len, const struct charset_pos *bad)
{
  struct charset_pos again;

  FUZZ_ASSERT (bad->offset < len);
  again = charset_pos_at (buf, bad->offset);
  FUZZ_ASSERT (again.line == bad->line && again.offset == bad->offset);
  /* Neither reading gets past the bad byte. */
  FUZZ_ASSERT (charset_utf8_prefix (buf, len) <= bad->offset);
  FUZZ_ASSERT (!charset_utf8_valid (buf, len));
}

/* Every code point of the valid UTF-8 at S encodes back to its bytes. */
static void
check_code_points (const char *s, size_t len)
{
  size_t i = 0;

  while (i < len)
    {
      uint32_t cp;
      char enc[4];
      size_t n = utf8_decode (s + i, len - i, &cp);

      FUZZ_ASSERT (n >= 1 && n <= 4);
      FUZZ_ASSERT (utf8_encode (cp, enc) == n);
      FUZZ_ASSERT (memcmp (enc, s + i, n) == 0);
      i += n;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *buf = (const char *) data;
  enum charset_encoding enc;
  struct charset_pos bad, pos;
  size_t len1, len2, conv_len, exported_len, back_len;
  char *out1, *out2, *conv, *back, *exported = NULL;
  FILE *fp;

  if (charset_detect (buf, size, &enc, &bad) != 0)
    {
      check_refusal (buf, size, &bad);
      return 0;
    }
  FUZZ_ASSERT (charset_detect (buf, size, &enc, NULL) == 0);
  if (enc == CHARSET_GB18030)
    FUZZ_ASSERT (!charset_utf8_valid (buf, size)
                 && charset_gb18030_prefix (buf, size) == size);
  else
    FUZZ_ASSERT ((enc == CHARSET_UTF8_BOM)
                 == (size >= 3 && memcmp (buf, "\xef\xbb\xbf", 3) == 0));

  out1 = decode_all (enc, buf, size, 0, &len1, &pos);
  out2 = decode_all (enc, buf, size, (unsigned) size, &len2, &pos);
  FUZZ_ASSERT ((out1 == NULL) == (out2 == NULL));
  if (out1)
    FUZZ_ASSERT (len2 == len1 && memcmp (out1, out2, len1) == 0);
  if (enc != CHARSET_GB18030)
    {
      size_t skip = enc == CHARSET_UTF8_BOM ? 3 : 0;

      FUZZ_ASSERT (out1 != NULL);
      FUZZ_ASSERT (len1 == size - skip && memcmp (out1, buf + skip, len1) == 0);
    }
  else
    {
      /* The structure scan lets through what iconv may still refuse
         (four-byte codes beyond Unicode); then whole-buffer conversion
         refuses it too. */
      conv = charset_convert ("UTF-8", "GB18030", buf, size, &conv_len);
      FUZZ_ASSERT ((conv == NULL) == (out1 == NULL));
      if (out1)
        FUZZ_ASSERT (len1 == conv_len && memcmp (out1, conv, len1) == 0);
      free (conv);
    }
  if (out1)
    {
      FUZZ_ASSERT (charset_utf8_valid (out1, len1));
      check_code_points (out1, len1);
      /* Exports write any stored text as GB18030, which reads back. */
      fp = open_memstream (&exported, &exported_len);
      FUZZ_ASSERT (fp != NULL);
      FUZZ_ASSERT (charset_fwrite (out1, len1, CHARSET_GB18030, fp));
      FUZZ_ASSERT (fclose (fp) == 0);
      back = charset_convert ("UTF-8", "GB18030", exported, exported_len,
                              &back_len);
      FUZZ_ASSERT (back != NULL && charset_utf8_valid (back, back_len));
      free (back);
      free (exported);
    }
  free (out1);
  free (out2);
  return 0;
}
