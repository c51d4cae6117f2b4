/*
 * check_charset.c — detection as the upstream format says it, the bad
 * byte's line, round trips outside the BMP, and streaming decoding through
 * buffers smaller than a character.
 */
#include "system.h"

#include <check.h>
#include <time.h>

#include "charset.h"
#include "msg.h"
#include "suites.h"
#include "testutil.h"

/* 𠮷 U+20BB7 (outside the BMP) and 䶮 U+4DAE (CJK extension A). */
#define JI_UTF8 "\xf0\xa0\xae\xb7"
#define JI_GB "\x95\x34\xb2\x35"
#define YAN_UTF8 "\xe4\xb6\xae"
#define YAN_GB "\xfe\x9f"

static char *
slurp_sample (const char *name, size_t *len)
{
  char *buf = testutil_slurp (testutil_sample (name), len);

  ck_assert_msg (buf != NULL, "cannot read sample %s", name);
  return buf;
}

/* Everything DEC gives, read through buffers of CAP bytes. */
static char *
drain (struct charset_decoder *dec, size_t cap, size_t *len, ssize_t *last)
{
  size_t used = 0, size = 4096;
  char *out = xmalloc (size);
  char *piece = xmalloc (cap);
  ssize_t got;

  while ((got = charset_decoder_read (dec, piece, cap)) > 0)
    {
      ck_assert_uint_le ((size_t) got, cap);
      if (size - used < (size_t) got + 1)
        out = xrealloc (out, size *= 2);
      memcpy (out + used, piece, (size_t) got);
      used += (size_t) got;
    }
  free (piece);
  out[used] = '\0';
  *len = used;
  *last = got;
  return out;
}

START_TEST (test_utf8_decode_encode)
{
  uint32_t cp = 0;
  char out[4];

  ck_assert_uint_eq (utf8_decode (JI_UTF8, 4, &cp), 4);
  ck_assert_uint_eq (cp, 0x20bb7);
  ck_assert_uint_eq (utf8_decode (YAN_UTF8, 3, &cp), 3);
  ck_assert_uint_eq (cp, 0x4dae);
  ck_assert_uint_eq (utf8_decode ("A", 1, &cp), 1);
  ck_assert_uint_eq (cp, 'A');
  ck_assert_uint_eq (utf8_encode (0x20bb7, out), 4);
  ck_assert (memcmp (out, JI_UTF8, 4) == 0);
  ck_assert_uint_eq (utf8_encode (0x4dae, out), 3);
  ck_assert (memcmp (out, YAN_UTF8, 3) == 0);
  ck_assert_uint_eq (utf8_encode (0x7f, out), 1);
  ck_assert_uint_eq (utf8_encode (0x7ff, out), 2);
  ck_assert_uint_eq (utf8_encode (0xd800, out), 0);
  ck_assert_uint_eq (utf8_encode (0x110000, out), 0);
}
END_TEST

START_TEST (test_utf8_rejects_malformed)
{
  uint32_t cp = 0x1234;

  /* Overlong '/', overlong NUL, overlong 3- and 4-byte forms. */
  ck_assert_uint_eq (utf8_decode ("\xc0\xaf", 2, &cp), 0);
  ck_assert_uint_eq (utf8_decode ("\xc1\xbf", 2, &cp), 0);
  ck_assert_uint_eq (utf8_decode ("\xe0\x80\xaf", 3, &cp), 0);
  ck_assert_uint_eq (utf8_decode ("\xf0\x80\x80\xaf", 4, &cp), 0);
  /* Surrogates, beyond U+10FFFF, stray continuation, truncation. */
  ck_assert_uint_eq (utf8_decode ("\xed\xa0\x80", 3, &cp), 0);
  ck_assert_uint_eq (utf8_decode ("\xf4\x90\x80\x80", 4, &cp), 0);
  ck_assert_uint_eq (utf8_decode ("\xf5\x80\x80\x80", 4, &cp), 0);
  ck_assert_uint_eq (utf8_decode ("\x80", 1, &cp), 0);
  ck_assert_uint_eq (utf8_decode (JI_UTF8, 3, &cp), 0);
  ck_assert_uint_eq (utf8_decode ("", 0, &cp), 0);
  ck_assert_uint_eq (cp, 0x1234);
  ck_assert (!charset_utf8_valid ("a\xc0\xaf", 3));
  ck_assert (!charset_utf8_valid ("\xed\xbf\xbf", 3));
  ck_assert (charset_utf8_valid ("\xed\x9f\xbf" JI_UTF8, 7));
  ck_assert_uint_eq (charset_utf8_prefix ("abcdefghij\xc0\xaf", 12), 10);
}
END_TEST

START_TEST (test_overlong_is_not_utf8)
{
  enum charset_encoding enc = CHARSET_UTF8;

  /* C0 AF is not UTF-8; as bytes it happens to be one GB18030
     character, so the file is read as GB18030. */
  ck_assert_int_eq (charset_detect ("a\xc0\xaf\n", 4, &enc, NULL), 0);
  ck_assert_int_eq (enc, CHARSET_GB18030);
}
END_TEST

START_TEST (test_round_trip_outside_bmp)
{
  size_t len;
  char *gb = charset_convert ("GB18030", "UTF-8", JI_UTF8 YAN_UTF8, 7, &len);
  char *back;

  ck_assert_ptr_nonnull (gb);
  ck_assert_uint_eq (len, 6);
  ck_assert (memcmp (gb, JI_GB YAN_GB, 6) == 0);
  ck_assert_int_eq (gb[len], '\0');
  back = charset_convert ("UTF-8", "GB18030", gb, len, &len);
  ck_assert_ptr_nonnull (back);
  ck_assert_uint_eq (len, 7);
  ck_assert_str_eq (back, JI_UTF8 YAN_UTF8);
  free (back);
  free (gb);
}
END_TEST

START_TEST (test_convert_failures)
{
  size_t len = 99;

  /* GBK has neither 𠮷 nor 䶮. */
  errno = 0;
  ck_assert_ptr_null (charset_convert ("GBK", "UTF-8", JI_UTF8, 4, &len));
  ck_assert_int_eq (errno, EILSEQ);
  errno = 0;
  ck_assert_ptr_null (charset_convert ("UTF-8", "GB18030", "\xd6", 1, &len));
  ck_assert_int_eq (errno, EINVAL);
  errno = 0;
  ck_assert_ptr_null (charset_convert ("NO-SUCH-CHARSET", "UTF-8", "a", 1,
                                       &len));
  ck_assert_int_eq (errno, EINVAL);
}
END_TEST

START_TEST (test_convert_empty_and_large)
{
  size_t len = 99, n = 300000, i;
  char *out = charset_convert ("GB18030", "UTF-8", "", 0, &len);
  char *big, *gb, *back;

  ck_assert_ptr_nonnull (out);
  ck_assert_uint_eq (len, 0);
  ck_assert_str_eq (out, "");
  free (out);

  /* Far more output than the first guess: ASCII to UTF-16. */
  big = xmalloc (n);
  for (i = 0; i < n; i++)
    big[i] = (char) ('a' + i % 26);
  gb = charset_convert ("UTF-16LE", "UTF-8", big, n, &len);
  ck_assert_ptr_nonnull (gb);
  ck_assert_uint_eq (len, 2 * n);
  back = charset_convert ("UTF-8", "UTF-16LE", gb, len, &len);
  ck_assert_uint_eq (len, n);
  ck_assert (memcmp (back, big, n) == 0);
  free (back);
  free (gb);
  free (big);
}
END_TEST

static void
expect_encoding (const char *name, enum charset_encoding want)
{
  size_t len;
  char *buf = slurp_sample (name, &len);
  enum charset_encoding enc;
  struct charset_pos bad = { 0, 0 };

  ck_assert_msg (charset_detect (buf, len, &enc, &bad) == 0,
                 "%s refused at line %zu", name, bad.line);
  ck_assert_msg (enc == want, "%s detected as %s", name,
                 charset_encoding_name (enc));
  free (buf);
}

START_TEST (test_samples_detect)
{
  size_t len;
  char *buf;
  enum charset_encoding enc;
  struct charset_pos bad = { 0, 0 };

  expect_encoding ("round1-gb18030.csv", CHARSET_GB18030);
  expect_encoding ("round1-utf8-bom.csv", CHARSET_UTF8_BOM);
  expect_encoding ("round2-gb18030.csv", CHARSET_GB18030);
  expect_encoding ("edge-syntax.csv", CHARSET_GB18030);
  expect_encoding ("bad-rows.csv", CHARSET_GB18030);
  expect_encoding ("invalid-id.csv", CHARSET_GB18030);

  buf = slurp_sample ("broken-encoding.csv", &len);
  ck_assert_int_eq (charset_detect (buf, len, &enc, &bad), -1);
  ck_assert_uint_eq (bad.line, 3);
  /* The bad sequence is 81 20 after "430103198407172172,". */
  ck_assert_int_eq ((unsigned char) buf[bad.offset], 0x81);
  ck_assert_int_eq (buf[bad.offset - 1], ',');
  free (buf);
}
END_TEST

START_TEST (test_bad_byte_line_five)
{
  /* 中 is D6 D0 in GB18030; line 5 holds an FF, which starts nothing. */
  static const char gb[] =
    "id,\xd6\xd0\r\n"
    "1,\xd6\xd0\r\n"
    "\r\n"
    "2,\xd6\xd0\r\n"
    "3,ab\xff\xd6\xd0\r\n"
    "4,\xd6\xd0\r\n";
  /* The same damage in a file that is otherwise UTF-8 (中 E4 B8 AD) is
     blamed on line 5 too, not on the first Chinese character. */
  static const char u8[] =
    "id,\xe4\xb8\xad\n"
    "1,\xe4\xb8\xad\n"
    "\n"
    "2,\xe4\xb8\xad\n"
    "3,ab\xff\xe4\xb8\xad\n";
  enum charset_encoding enc;
  struct charset_pos bad = { 0, 0 };

  ck_assert_int_eq (charset_detect (gb, sizeof gb - 1, &enc, &bad), -1);
  ck_assert_uint_eq (bad.line, 5);
  ck_assert_uint_eq (bad.offset, (size_t) (strchr (gb, '\xff') - gb));
  ck_assert_int_eq (charset_detect (u8, sizeof u8 - 1, &enc, &bad), -1);
  ck_assert_uint_eq (bad.line, 5);
  ck_assert_uint_eq (bad.offset, (size_t) (strchr (u8, '\xff') - u8));
}
END_TEST

START_TEST (test_detect_edges)
{
  enum charset_encoding enc;
  struct charset_pos bad = { 0, 0 };

  ck_assert_int_eq (charset_detect ("", 0, &enc, &bad), 0);
  ck_assert_int_eq (enc, CHARSET_UTF8);
  ck_assert_int_eq (charset_detect ("plain,ascii\n", 12, &enc, &bad), 0);
  ck_assert_int_eq (enc, CHARSET_UTF8);
  ck_assert_int_eq (charset_detect ("\xef\xbb\xbf", 3, &enc, &bad), 0);
  ck_assert_int_eq (enc, CHARSET_UTF8_BOM);
  ck_assert_int_eq (charset_detect (JI_GB "\n", 5, &enc, &bad), 0);
  ck_assert_int_eq (enc, CHARSET_GB18030);
  /* A byte-order mark promises UTF-8: GB18030 is not tried after it. */
  ck_assert_int_eq (charset_detect ("\xef\xbb\xbf" "a\n\xd6\xd0", 7, &enc,
                                    &bad), -1);
  ck_assert_uint_eq (bad.line, 2);
  ck_assert_uint_eq (bad.offset, 5);
  /* A GB18030 character cut off by the end of the file. */
  ck_assert_int_eq (charset_detect ("a\n\xd6", 3, &enc, &bad), -1);
  ck_assert_uint_eq (bad.line, 2);
  ck_assert_uint_eq (bad.offset, 2);
  /* 0x80 and a four-byte form with a bad third byte. */
  ck_assert_int_eq (charset_detect ("\x80", 1, &enc, &bad), -1);
  ck_assert_int_eq (charset_detect ("\x81\x30\x20\x30", 4, &enc, &bad), -1);
  ck_assert_uint_eq (bad.offset, 0);
}
END_TEST

START_TEST (test_stream_tiny_buffer)
{
  size_t len, whole_len, got_len;
  char *buf = slurp_sample ("round1-gb18030.csv", &len);
  char *whole = charset_convert ("UTF-8", "GB18030", buf, len, &whole_len);
  struct charset_decoder *dec;
  char *got;
  ssize_t last;
  size_t caps[] = { 7, 1, 2, 3, 4096 };
  size_t i;

  ck_assert_ptr_nonnull (whole);
  for (i = 0; i < ARRAY_SIZE (caps); i++)
    {
      dec = charset_decoder_new (CHARSET_GB18030, buf, len);
      got = drain (dec, caps[i], &got_len, &last);
      ck_assert_int_eq (last, 0);
      ck_assert_ptr_null (charset_decoder_error (dec, NULL));
      ck_assert_uint_eq (got_len, whole_len);
      ck_assert_msg (memcmp (got, whole, whole_len) == 0,
                     "differs with a %zu-byte buffer", caps[i]);
      free (got);
      charset_decoder_free (&dec);
      ck_assert_ptr_null (dec);
    }
  free (whole);
  free (buf);
}
END_TEST

/* A caller that asked for less than a character and then for more gets
   the rest of that character, and never half of the next one: the
   GB18030 decoder's stage holds several (found by fuzz_charset). */
START_TEST (test_stream_stage_keeps_characters_whole)
{
  /* 序保 in GB18030; in UTF-8 E5 BA 8F E4 BF 9D. */
  struct charset_decoder *dec = charset_decoder_new (CHARSET_GB18030,
                                                     "\xd0\xf2\xb1\xa3\n", 5);
  char out[8];

  ck_assert_int_eq (charset_decoder_read (dec, out, 1), 1);
  ck_assert_int_eq ((unsigned char) out[0], 0xe5);
  ck_assert_int_eq (charset_decoder_read (dec, out, 3), 2);
  ck_assert (memcmp (out, "\xba\x8f", 2) == 0);
  ck_assert_int_eq (charset_decoder_read (dec, out, 3), 3);
  ck_assert (memcmp (out, "保", 3) == 0);
  ck_assert_int_eq (charset_decoder_read (dec, out, 3), 1);
  ck_assert_int_eq (out[0], '\n');
  ck_assert_int_eq (charset_decoder_read (dec, out, 3), 0);
  charset_decoder_free (&dec);
}
END_TEST

/* Exports write any stored text as GB18030: every Unicode character,
   the 24 that GB18030-2005 kept at private-use code points and glibc's
   newer table refuses included, as the bytes both tables give them
   (found by fuzz_charset). */
START_TEST (test_fwrite_gb18030_every_character)
{
  char *all = xmalloc (0x110000 * 4), *text = NULL;
  size_t used = 0, size = 0;
  FILE *fp = open_memstream (&text, &size);

  ck_assert_ptr_nonnull (fp);
  for (uint32_t cp = 1; cp <= 0x10ffff; cp++)
    used += utf8_encode (cp, all + used);       /* 0 for a surrogate */
  ck_assert (charset_fwrite (all, used, CHARSET_GB18030, fp));
  ck_assert_int_eq (fclose (fp), 0);
  free (text);
  free (all);

  /* 王, U+E816 (𠂇 in the old table), U+E78D (︐). */
  fp = open_memstream (&text, &size);
  ck_assert_ptr_nonnull (fp);
  ck_assert (charset_fwrite ("王\xee\xa0\x96\xee\x9e\x8d", 9, CHARSET_GB18030,
                             fp));
  ck_assert_int_eq (fclose (fp), 0);
  ck_assert_uint_eq (size, 6);
  ck_assert (memcmp (text, "\xcd\xf5\xfe\x51\xa6\xd9", 6) == 0);
  free (text);
}
END_TEST

START_TEST (test_stream_utf8_bom)
{
  size_t len, got_len;
  char *buf = slurp_sample ("round1-utf8-bom.csv", &len);
  struct charset_decoder *dec = charset_decoder_new (CHARSET_UTF8_BOM, buf,
                                                     len);
  ssize_t last;
  char *got = drain (dec, 7, &got_len, &last);

  ck_assert_int_eq (last, 0);
  ck_assert_uint_eq (got_len, len - 3);
  ck_assert (memcmp (got, buf + 3, len - 3) == 0);
  free (got);
  charset_decoder_free (&dec);

  /* One byte at a time: four-byte characters come out over four calls. */
  dec = charset_decoder_new (CHARSET_UTF8, "a" JI_UTF8 "b", 6);
  got = drain (dec, 1, &got_len, &last);
  ck_assert_int_eq (last, 0);
  ck_assert_str_eq (got, "a" JI_UTF8 "b");
  free (got);
  charset_decoder_free (&dec);
  free (buf);
}
END_TEST

START_TEST (test_stream_reports_line)
{
  /* 84 31 A5 30 has the shape of GB18030 but names no character, so only
     iconv finds it: on line 3. */
  static const char gb[] = "a,b\r\n\xd6\xd0,c\r\nd,\x84\x31\xa5\x30\r\n";
  struct charset_decoder *dec;
  struct charset_pos pos = { 0, 0 };
  enum charset_encoding enc;
  size_t len, got_len;
  ssize_t last;
  char *got, *buf;
  const char *msg;

  ck_assert_int_eq (charset_detect (gb, sizeof gb - 1, &enc, NULL), 0);
  ck_assert_int_eq (enc, CHARSET_GB18030);
  dec = charset_decoder_new (CHARSET_GB18030, gb, sizeof gb - 1);
  got = drain (dec, 3, &got_len, &last);
  ck_assert_int_eq (last, -1);
  ck_assert_str_eq (got, "a,b\r\n\xe4\xb8\xad,c\r\nd,");
  msg = charset_decoder_error (dec, &pos);
  ck_assert_ptr_nonnull (msg);
  ck_assert_uint_eq (pos.line, 3);
  ck_assert_uint_eq (pos.offset, 13);
  ck_assert_int_eq (charset_decoder_read (dec, got, 1), -1);
  free (got);
  charset_decoder_free (&dec);

  /* A decoder told the wrong encoding still names the line. */
  buf = slurp_sample ("broken-encoding.csv", &len);
  dec = charset_decoder_new (CHARSET_GB18030, buf, len);
  got = drain (dec, 4096, &got_len, &last);
  ck_assert_int_eq (last, -1);
  ck_assert_ptr_nonnull (charset_decoder_error (dec, &pos));
  ck_assert_uint_eq (pos.line, 3);
  free (got);
  charset_decoder_free (&dec);
  dec = charset_decoder_new (CHARSET_UTF8, buf, len);
  got = drain (dec, 4096, &got_len, &last);
  ck_assert_int_eq (last, -1);
  ck_assert_ptr_nonnull (charset_decoder_error (dec, &pos));
  ck_assert_uint_eq (pos.line, 1);
  ck_assert_uint_eq (got_len, pos.offset);
  free (got);
  charset_decoder_free (&dec);
  free (buf);
}
END_TEST

START_TEST (test_detect_is_fast)
{
  /* 64 MB of GB18030 text with a bad byte at the very end: the worst
     case reads it all.  Generous bound: sanitizers slow this down. */
  size_t n = 64u << 20, i;
  char *big = xmalloc (n);
  enum charset_encoding enc;
  struct charset_pos bad;
  clock_t t0;
  double secs;

  if (testutil_under_valgrind ())
    n = 1u << 20;
  for (i = 0; i + 8 <= n; i += 8)
    memcpy (big + i, i % 64 == 56 ? "12,\r\n3,4" : "\xd6\xd0\xce\xc4,123", 8);
  big[n - 1] = '\xff';
  t0 = clock ();
  ck_assert_int_eq (charset_detect (big, n, &enc, &bad), -1);
  secs = (double) (clock () - t0) / CLOCKS_PER_SEC;
  ck_assert_uint_eq (bad.offset, n - 1);
  ck_assert_msg (secs < 5.0, "detection took %.2f s", secs);
  free (big);
}
END_TEST

static void
note_progress (size_t done, void *arg)
{
  size_t *last = arg;

  ck_assert_uint_ge (done, *last);
  *last = done;
}

/* Fills N bytes with ONE (a character of LEN bytes) after a one-byte
   ASCII start, so that characters straddle every 4 MB window boundary;
   the tail that does not fit a whole character is ASCII. */
static char *
straddling (size_t n, const char *one, size_t len)
{
  char *buf = xmalloc (n);
  size_t i = 1;

  buf[0] = 'a';
  for (; i + len <= n; i += len)
    memcpy (buf + i, one, len);
  memset (buf + i, 'z', n - i);
  return buf;
}

START_TEST (test_detect_in_windows)
{
  /* Detection reads big files window by window, reporting as it goes;
     characters cut by a window's end are read whole, and a bad byte
     after the first window is still found where it is. */
  size_t n = (9u << 20) + 5, last = 0;
  char *utf8 = straddling (n, "中", 3);
  char *gb = straddling (n, "\x95\x32\x82\x36", 4);      /* 𠮷 */
  enum charset_encoding enc;
  struct charset_pos bad;

  ck_assert_int_eq (charset_detect_progress (utf8, n, &enc, &bad,
                                             note_progress, &last), 0);
  ck_assert_int_eq (enc, CHARSET_UTF8);
  ck_assert_uint_eq (last, n);
  last = 0;
  ck_assert_int_eq (charset_detect_progress (gb, n, &enc, &bad,
                                             note_progress, &last), 0);
  ck_assert_int_eq (enc, CHARSET_GB18030);
  ck_assert_uint_eq (last, n);
  gb[(5u << 20) + 1] = '\xff';
  ck_assert_int_eq (charset_detect (gb, n, &enc, &bad), -1);
  ck_assert_uint_eq (bad.offset, (5u << 20) + 1);
  utf8[(6u << 20) + 1] = '\xff';
  ck_assert_int_eq (charset_detect (utf8, n, &enc, &bad), -1);
  ck_assert_uint_eq (bad.offset, (6u << 20) + 1);
  free (utf8);
  free (gb);
}
END_TEST

Suite *
suite_charset (void)
{
  Suite *s = suite_create ("charset");
  TCase *tc = tcase_create ("core");

  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_utf8_decode_encode);
  tcase_add_test (tc, test_detect_in_windows);
  tcase_add_test (tc, test_utf8_rejects_malformed);
  tcase_add_test (tc, test_overlong_is_not_utf8);
  tcase_add_test (tc, test_round_trip_outside_bmp);
  tcase_add_test (tc, test_convert_failures);
  tcase_add_test (tc, test_convert_empty_and_large);
  tcase_add_test (tc, test_samples_detect);
  tcase_add_test (tc, test_bad_byte_line_five);
  tcase_add_test (tc, test_detect_edges);
  tcase_add_test (tc, test_stream_tiny_buffer);
  tcase_add_test (tc, test_stream_stage_keeps_characters_whole);
  tcase_add_test (tc, test_fwrite_gb18030_every_character);
  tcase_add_test (tc, test_stream_utf8_bom);
  tcase_add_test (tc, test_stream_reports_line);
  tcase_add_test (tc, test_detect_is_fast);
  suite_add_tcase (s, tc);
  return s;
}
