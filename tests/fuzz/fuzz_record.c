/*
 * fuzz_record.c — record_decode and record_find_encoded on hostile
 * bytes, and records built by record_set from the same bytes.
 *
 * Invariants (record.h): the v1 encoding of a set of pairs is unique, so
 * bytes that decode re-encode to exactly themselves, and
 * decode(encode(decode(x))) is decode(x); record_find_encoded accepts what
 * record_decode accepts and finds each value; whatever record_set lets in
 * encodes and decodes back, and what it refuses breaks a documented rule.
 */
#include "system.h"

#include "fuzz.h"
#include "msg.h"
#include "record.h"

static void
assert_same (const struct record *a, const struct record *b)
{
  FUZZ_ASSERT (record_count (a) == record_count (b));
  for (size_t i = 0; i < record_count (a); i++)
    {
      FUZZ_ASSERT (strcmp (record_name_at (a, i), record_name_at (b, i)) == 0);
      FUZZ_ASSERT (strcmp (record_value_at (a, i), record_value_at (b, i)) == 0);
    }
}

/* Encodes REC and decodes it again: the same pairs, sorted and unique. */
static void
check_round_trip (const struct record *rec)
{
  unsigned char *buf;
  size_t len;
  struct record *back;

  record_encode (rec, &buf, &len);
  FUZZ_ASSERT (record_decode (buf, len, &back) == 0);
  assert_same (rec, back);
  for (size_t i = 1; i < record_count (rec); i++)
    FUZZ_ASSERT (strcmp (record_name_at (rec, i - 1),
                         record_name_at (rec, i)) < 0);
  record_free (&back);
  free (buf);
}

static void
check_decode (const uint8_t *data, size_t size)
{
  struct record *rec, *copy;
  unsigned char *buf;
  size_t len, vlen;
  const char *value;

  if (record_decode (data, size, &rec) != 0)
    {
      FUZZ_ASSERT (rec == NULL);
      FUZZ_ASSERT (record_find_encoded (data, size, "id", &value, &vlen) == -1);
      return;
    }
  /* Unique encoding: the bytes come back exactly. */
  record_encode (rec, &buf, &len);
  FUZZ_ASSERT (len == size && memcmp (buf, data, size) == 0);
  free (buf);
  check_round_trip (rec);

  for (size_t i = 0; i < record_count (rec); i++)
    {
      const char *name = record_name_at (rec, i);
      const char *v = record_value_at (rec, i);

      FUZZ_ASSERT (record_name_valid (name));
      FUZZ_ASSERT (record_utf8_valid (v, strlen (v)));
      FUZZ_ASSERT (record_get (rec, name) == v);
      FUZZ_ASSERT (record_find_encoded (data, size, name, &value, &vlen) == 1);
      FUZZ_ASSERT (vlen == strlen (v) && memcmp (value, v, vlen) == 0);
    }
  FUZZ_ASSERT (record_find_encoded (data, size, "no such name", &value, &vlen)
               == 0);

  copy = record_dup (rec);
  assert_same (rec, copy);
  record_free (&copy);
  record_free (&rec);
}

/* Lines of "name=value" (no '=': remove the name) set one by one. */
static void
check_set (const uint8_t *data, size_t size)
{
  char *text = xstrndup ((const char *) data, size), *line, *next;
  struct record *rec = record_new ();

  for (line = text; line; line = next)
    {
      char *eq, *name = line;
      const char *value = NULL;
      size_t before = record_count (rec);
      bool had;
      int ret;

      next = strchr (line, '\n');
      if (next)
        *next++ = '\0';
      eq = strchr (line, '=');
      if (eq)
        {
          *eq = '\0';
          value = eq + 1;
        }
      had = record_get (rec, name) != NULL;
      ret = record_set (rec, name, value);
      if (ret != 0)
        {
          FUZZ_ASSERT (errno == EINVAL);
          FUZZ_ASSERT (record_count (rec) == before);
          FUZZ_ASSERT (!record_name_valid (name)
                       || (value && (strlen (value) > RECORD_VALUE_MAX
                                     || !record_utf8_valid (value,
                                                            strlen (value))))
                       || (!had && before >= RECORD_FIELDS_MAX));
          continue;
        }
      if (value)
        FUZZ_ASSERT (strcmp (record_get (rec, name), value) == 0);
      else
        FUZZ_ASSERT (record_get (rec, name) == NULL);
    }
  check_round_trip (rec);
  record_free (&rec);
  free (text);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  check_decode (data, size);
  check_set (data, size);
  return 0;
}
