/*
 * check_record.c — records and their v1 encoding: the name and value
 * rules, sorted entries, the exact bytes, the round trip, and a decoder
 * that refuses every kind of damaged buffer without reading outside it.
 */
#include "system.h"

#include <check.h>

#include "msg.h"
#include "record.h"
#include "suites.h"

START_TEST (test_peek_encoded)
{
  struct record *rec = record_new ();
  unsigned char *buf;
  size_t len, vlen;
  const char *value;

  record_set (rec, "b", "乙");
  record_set (rec, "d", "");
  record_set (rec, "name", "王芳");
  record_encode (rec, &buf, &len);
  ck_assert_int_eq (record_peek_encoded (buf, len, "name", &value, &vlen), 1);
  ck_assert_uint_eq (vlen, strlen ("王芳"));
  ck_assert (memcmp (value, "王芳", vlen) == 0);
  ck_assert_int_eq (record_peek_encoded (buf, len, "d", &value, &vlen), 1);
  ck_assert_uint_eq (vlen, 0);
  /* Absent before, between and after the names there are. */
  ck_assert_int_eq (record_peek_encoded (buf, len, "a", &value, &vlen), 0);
  ck_assert_int_eq (record_peek_encoded (buf, len, "c", &value, &vlen), 0);
  ck_assert_int_eq (record_peek_encoded (buf, len, "bb", &value, &vlen), 0);
  ck_assert_int_eq (record_peek_encoded (buf, len, "z", &value, &vlen), 0);
  /* Cut anywhere before the value: never a read past the end (ASan and
     valgrind watch), never a value that is not all there. */
  for (size_t cut = 0; cut < len; cut++)
    {
      unsigned char *part = xmalloc (cut ? cut : 1);
      int ret;

      memcpy (part, buf, cut);
      ret = record_peek_encoded (part, cut, "name", &value, &vlen);
      ck_assert_int_eq (ret, -1);
      free (part);
    }
  free (buf);
  record_free (&rec);
}
END_TEST

START_TEST (test_builder_matches_encode)
{
  /* The builder writes what record_encode writes for the same pairs,
     skipping NULL values, and the result decodes. */
  struct record *rec = record_new (), *back;
  struct record_builder b;
  unsigned char *built, *encoded;
  size_t built_len, encoded_len;

  record_set (rec, "action", "import");
  record_set (rec, "f.0000", "name");
  record_set (rec, "n.0000", "𠮷䶮");
  record_set (rec, "user", "");
  record_encode (rec, &encoded, &encoded_len);
  record_builder_init (&b);
  record_builder_add (&b, "action", "import");
  record_builder_add (&b, "f.0000", "name");
  record_builder_add (&b, "id", NULL);
  record_builder_add (&b, "n.0000", "𠮷䶮");
  record_builder_add (&b, "o.0000", NULL);
  record_builder_add (&b, "user", "");
  record_builder_finish (&b, &built, &built_len);
  ck_assert_uint_eq (built_len, encoded_len);
  ck_assert (memcmp (built, encoded, built_len) == 0);
  ck_assert_int_eq (record_decode (built, built_len, &back), 0);
  ck_assert (record_equal (rec, back));
  free (built);
  free (encoded);
  record_free (&back);
  record_free (&rec);
}
END_TEST

START_TEST (test_equal)
{
  struct record *a = record_new (), *b = record_new ();

  ck_assert (record_equal (a, b));
  record_set (a, "name", "王芳");
  ck_assert (!record_equal (a, b));
  record_set (b, "name", "王芳");
  ck_assert (record_equal (a, b));
  record_set (b, "name", "王芳芳");
  ck_assert (!record_equal (a, b));
  record_set (b, "name", "王芳");
  record_set (b, "village", "");
  ck_assert (!record_equal (a, b));
  record_free (&a);
  record_free (&b);
}
END_TEST

START_TEST (test_set_get_remove)
{
  struct record *rec = record_new ();

  ck_assert_uint_eq (record_count (rec), 0);
  ck_assert_int_eq (record_set (rec, "name", "张三"), 0);
  ck_assert_int_eq (record_set (rec, "id", "430103198407172172"), 0);
  ck_assert_int_eq (record_set (rec, "empty", ""), 0);
  ck_assert_str_eq (record_get (rec, "name"), "张三");
  ck_assert_str_eq (record_get (rec, "empty"), "");
  ck_assert_ptr_null (record_get (rec, "absent"));
  ck_assert_int_eq (record_set (rec, "name", "李四"), 0);
  ck_assert_str_eq (record_get (rec, "name"), "李四");
  ck_assert_uint_eq (record_count (rec), 3);
  ck_assert_int_eq (record_set (rec, "name", NULL), 0);
  ck_assert_ptr_null (record_get (rec, "name"));
  ck_assert_int_eq (record_set (rec, "name", NULL), 0);
  ck_assert_uint_eq (record_count (rec), 2);
  record_free (&rec);
  ck_assert_ptr_null (rec);
  record_free (&rec);
}
END_TEST

START_TEST (test_entries_sorted)
{
  struct record *rec = record_new ();
  static const char *const names[] = { "village", "_rev", "name", "id",
                                       "up.gongan.name", "Z" };

  for (size_t i = 0; i < ARRAY_SIZE (names); i++)
    ck_assert_int_eq (record_set (rec, names[i], names[i]), 0);
  ck_assert_uint_eq (record_count (rec), ARRAY_SIZE (names));
  for (size_t i = 1; i < record_count (rec); i++)
    ck_assert_int_lt (strcmp (record_name_at (rec, i - 1),
                              record_name_at (rec, i)), 0);
  ck_assert_str_eq (record_name_at (rec, 0), "Z");
  ck_assert_str_eq (record_value_at (rec, 0), "Z");
  record_free (&rec);
}
END_TEST

START_TEST (test_names_checked)
{
  struct record *rec = record_new ();
  char long_name[RECORD_NAME_MAX + 2];

  ck_assert (record_name_valid ("up.gongan.name"));
  ck_assert (record_name_valid ("_status"));
  ck_assert (record_name_valid ("a-b"));
  ck_assert (!record_name_valid (""));
  ck_assert (!record_name_valid ("1abc"));
  ck_assert (!record_name_valid (".x"));
  ck_assert (!record_name_valid ("-x"));
  ck_assert (!record_name_valid ("名字"));
  ck_assert (!record_name_valid ("a b"));
  memset (long_name, 'a', sizeof long_name - 1);
  long_name[sizeof long_name - 1] = '\0';
  ck_assert (!record_name_valid (long_name));
  long_name[RECORD_NAME_MAX] = '\0';
  ck_assert (record_name_valid (long_name));

  errno = 0;
  ck_assert_int_eq (record_set (rec, "a b", "x"), -1);
  ck_assert_int_eq (errno, EINVAL);
  ck_assert_uint_eq (record_count (rec), 0);
  record_free (&rec);
}
END_TEST

START_TEST (test_values_checked)
{
  struct record *rec = record_new ();
  char *big = xmalloc (RECORD_VALUE_MAX + 2);

  ck_assert_int_eq (record_set (rec, "v", "ok"), 0);
  ck_assert_int_eq (record_set (rec, "v", "\xff"), -1);
  ck_assert_int_eq (record_set (rec, "v", "\xc0\x80"), -1);  /* overlong */
  ck_assert_int_eq (record_set (rec, "v", "\xed\xa0\x80"), -1); /* surrogate */
  ck_assert_int_eq (record_set (rec, "v", "\xf4\x90\x80\x80"), -1);
  ck_assert_int_eq (record_set (rec, "v", "\xe4\xb8"), -1);    /* cut */
  /* Refused changes leave the old value. */
  ck_assert_str_eq (record_get (rec, "v"), "ok");
  ck_assert_int_eq (record_set (rec, "v", "𠮷䶮·"), 0);
  memset (big, 'a', RECORD_VALUE_MAX + 1);
  big[RECORD_VALUE_MAX + 1] = '\0';
  ck_assert_int_eq (record_set (rec, "big", big), -1);
  big[RECORD_VALUE_MAX] = '\0';
  ck_assert_int_eq (record_set (rec, "big", big), 0);
  ck_assert (record_utf8_valid ("a\xe5\xbc\xa0", 4));
  ck_assert (!record_utf8_valid ("a\0b", 3));
  free (big);
  record_free (&rec);
}
END_TEST

START_TEST (test_field_limit)
{
  struct record *rec = record_new ();
  char name[16];

  for (int i = 0; i < RECORD_FIELDS_MAX; i++)
    {
      snprintf (name, sizeof name, "f%d", i);
      ck_assert_int_eq (record_set (rec, name, ""), 0);
    }
  ck_assert_int_eq (record_set (rec, "one_more", ""), -1);
  /* Replacing is still allowed at the limit. */
  ck_assert_int_eq (record_set (rec, "f0", "x"), 0);
  record_free (&rec);
}
END_TEST

START_TEST (test_exact_bytes)
{
  static const unsigned char empty[] = { 0xA1, 0x00, 0x00 };
  static const unsigned char one[] = {
    0xA1, 0x00, 0x01, 0x00, 0x04, 'n', 'a', 'm', 'e',
    0x00, 0x00, 0x00, 0x06, 0xE5, 0xBC, 0xA0, 0xE4, 0xB8, 0x89
  };
  struct record *rec = record_new ();
  unsigned char *buf;
  size_t len;

  record_encode (rec, &buf, &len);
  ck_assert_uint_eq (len, sizeof empty);
  ck_assert_mem_eq (buf, empty, len);
  free (buf);
  record_set (rec, "name", "张三");
  record_encode (rec, &buf, &len);
  ck_assert_uint_eq (len, sizeof one);
  ck_assert_mem_eq (buf, one, len);
  free (buf);
  record_free (&rec);
}
END_TEST

static struct record *
sample (void)
{
  struct record *rec = record_new ();

  record_set (rec, "name", "司马·𠮷");
  record_set (rec, "id", "43010319840717217X");
  record_set (rec, "note", "");
  record_set (rec, "_rev", "12");
  return rec;
}

START_TEST (test_round_trip)
{
  struct record *rec = sample (), *back, *copy;
  unsigned char *buf;
  size_t len;

  record_encode (rec, &buf, &len);
  ck_assert_int_eq (record_decode (buf, len, &back), 0);
  ck_assert_uint_eq (record_count (back), record_count (rec));
  for (size_t i = 0; i < record_count (rec); i++)
    {
      ck_assert_str_eq (record_name_at (back, i), record_name_at (rec, i));
      ck_assert_str_eq (record_value_at (back, i), record_value_at (rec, i));
    }
  copy = record_dup (back);
  record_set (back, "name", "x");
  ck_assert_str_eq (record_get (copy, "name"), "司马·𠮷");
  free (buf);
  record_free (&rec);
  record_free (&back);
  record_free (&copy);
}
END_TEST

START_TEST (test_find_encoded)
{
  struct record *rec = sample ();
  unsigned char *buf;
  size_t len, vlen;
  const char *value;

  record_encode (rec, &buf, &len);
  ck_assert_int_eq (record_find_encoded (buf, len, "id", &value, &vlen), 1);
  ck_assert_uint_eq (vlen, 18);
  ck_assert_int_eq (memcmp (value, "43010319840717217X", 18), 0);
  ck_assert_int_eq (record_find_encoded (buf, len, "note", &value, &vlen), 1);
  ck_assert_uint_eq (vlen, 0);
  ck_assert_int_eq (record_find_encoded (buf, len, "absent", &value, &vlen),
                    0);
  ck_assert_int_eq (record_find_encoded (buf, len - 1, "id", &value, &vlen),
                    -1);
  free (buf);
  record_free (&rec);
}
END_TEST

/* Every way a buffer can be damaged is refused, and *rec is NULL. */
static void
refused (const unsigned char *buf, size_t len)
{
  struct record *rec = (struct record *) 1;
  const char *value;
  size_t vlen;

  /* A private copy of exactly LEN bytes, so that valgrind and ASan catch
     any read past the end. */
  unsigned char *copy = xmalloc (len ? len : 1);

  memcpy (copy, buf, len);
  errno = 0;
  ck_assert_int_eq (record_decode (copy, len, &rec), -1);
  ck_assert_int_eq (errno, EINVAL);
  ck_assert_ptr_null (rec);
  ck_assert_int_eq (record_find_encoded (copy, len, "zzz", &value, &vlen),
                    -1);
  free (copy);
}

START_TEST (test_decode_refuses_damage)
{
  static const unsigned char good[] = {
    0xA1, 0x00, 0x02,
    0x00, 0x01, 'a', 0x00, 0x00, 0x00, 0x01, 'x',
    0x00, 0x01, 'b', 0x00, 0x00, 0x00, 0x00
  };
  unsigned char bad[sizeof good + 1];
  struct record *rec;

  ck_assert_int_eq (record_decode (good, sizeof good, &rec), 0);
  record_free (&rec);

  refused (good, 0);
  refused (good, 2);
  /* Every truncation. */
  for (size_t n = 1; n < sizeof good; n++)
    refused (good, n);
  /* A byte left over. */
  memcpy (bad, good, sizeof good);
  bad[sizeof good] = 0;
  refused (bad, sizeof good + 1);
  /* A version we do not know. */
  memcpy (bad, good, sizeof good);
  bad[0] = 0xA2;
  refused (bad, sizeof good);
  /* Names out of order, and the same name twice. */
  memcpy (bad, good, sizeof good);
  bad[5] = 'c';
  refused (bad, sizeof good);
  bad[5] = 'b';
  refused (bad, sizeof good);
  /* A name that is not an identifier; a name of length 0. */
  memcpy (bad, good, sizeof good);
  bad[5] = ' ';
  refused (bad, sizeof good);
  memcpy (bad, good, sizeof good);
  bad[4] = 0;
  refused (bad, sizeof good);
  /* A value that is not UTF-8, or holds a NUL. */
  memcpy (bad, good, sizeof good);
  bad[10] = 0xff;
  refused (bad, sizeof good);
  bad[10] = 0;
  refused (bad, sizeof good);
  /* Lengths that point past the end, and a huge count. */
  memcpy (bad, good, sizeof good);
  bad[9] = 0xff;
  refused (bad, sizeof good);
  memcpy (bad, good, sizeof good);
  bad[1] = 0xff;
  refused (bad, sizeof good);
}
END_TEST

Suite *
suite_record (void)
{
  Suite *s = suite_create ("record");
  TCase *tc = tcase_create ("record");

  tcase_add_test (tc, test_equal);
  tcase_add_test (tc, test_builder_matches_encode);
  tcase_add_test (tc, test_peek_encoded);
  tcase_add_test (tc, test_set_get_remove);
  tcase_add_test (tc, test_entries_sorted);
  tcase_add_test (tc, test_names_checked);
  tcase_add_test (tc, test_values_checked);
  tcase_add_test (tc, test_field_limit);
  tcase_add_test (tc, test_exact_bytes);
  tcase_add_test (tc, test_round_trip);
  tcase_add_test (tc, test_find_encoded);
  tcase_add_test (tc, test_decode_refuses_damage);
  suite_add_tcase (s, tc);
  return s;
}
