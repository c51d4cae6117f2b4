/*
 * fuzz_idnum.c — idnum_normalise, idnum_validate and the check character
 * on whatever a clerk might type or paste.
 *
 * Invariants (idnum.h): normalising returns the whole length like
 * snprintf and truncates to a prefix of the same result; it trims blanks
 * and is idempotent; a valid ID has 18 characters, the right check
 * character and the facts its digits spell; facts are zeroed unless the
 * ID starts with 17 digits.
 */
#include "system.h"

#include "fuzz.h"
#include "idnum.h"
#include "msg.h"

/* Far beyond an ID; longer inputs teach nothing new. */
#define MAX_INPUT 256

static int today;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  (void) argc;
  (void) argv;
  today = idnum_today ();
  return 0;
}

static bool
is_blank_at_start (const char *s)
{
  return s[0] == ' ' || s[0] == '\t' || strncmp (s, "\xe3\x80\x80", 3) == 0;
}

static bool
is_blank_at_end (const char *s, size_t len)
{
  return len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'
                     || (len >= 3 && memcmp (s + len - 3, "\xe3\x80\x80",
                                             3) == 0));
}

static int
digits (const char *s, int n)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    v = v * 10 + (s[i] - '0');
  return v;
}

/* Truncation: OUTSZ bytes hold a prefix of the whole result FULL. */
static void
check_truncated (const char *in, const char *full, size_t n, size_t outsz)
{
  char *small = outsz ? xmalloc (outsz) : NULL;

  FUZZ_ASSERT (idnum_normalise (in, small, outsz) == n);
  if (small)
    {
      size_t kept = n < outsz - 1 ? n : outsz - 1;

      FUZZ_ASSERT (strlen (small) == kept);
      FUZZ_ASSERT (memcmp (small, full, kept) == 0);
    }
  free (small);
}

static void
check_valid (const char *id, const struct idnum_facts *facts)
{
  int birth = facts->year * 10000 + facts->month * 100 + facts->day;

  FUZZ_ASSERT (strlen (id) == 18);
  FUZZ_ASSERT (strspn (id, "0123456789") >= 17);
  FUZZ_ASSERT (idnum_check_char (id) == id[17]);
  FUZZ_ASSERT (facts->year == digits (id + 6, 4));
  FUZZ_ASSERT (facts->month == digits (id + 10, 2));
  FUZZ_ASSERT (facts->day == digits (id + 12, 2));
  FUZZ_ASSERT (facts->female == ((id[16] - '0') % 2 == 0));
  FUZZ_ASSERT (strlen (facts->region) == 6);
  FUZZ_ASSERT (memcmp (facts->region, id, 6) == 0);
  FUZZ_ASSERT (birth >= IDNUM_EARLIEST_BIRTH && birth <= today);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *in, out[MAX_INPUT + 1], again[MAX_INPUT + 1], id18[IDNUM_SIZE];
  struct idnum_facts facts;
  enum idnum_verdict verdict;
  size_t n;

  if (size > MAX_INPUT)
    return -1;                  /* not added to the corpus */
  in = xstrndup ((const char *) data, size);

  /* Nothing grows: each character becomes at most itself, and only a
     15-digit result becomes 18. */
  n = idnum_normalise (in, out, sizeof out);
  FUZZ_ASSERT (n < sizeof out);
  FUZZ_ASSERT (n == strlen (out));
  FUZZ_ASSERT (n <= strlen (in) || n == 18);
  FUZZ_ASSERT (!*out || (!is_blank_at_start (out) && !is_blank_at_end (out, n)));
  check_truncated (in, out, n, 0);
  check_truncated (in, out, n, 1);
  check_truncated (in, out, n, n / 2 + 1);
  check_truncated (in, out, n, n + 1);

  FUZZ_ASSERT (idnum_normalise (out, again, sizeof again) == n);
  FUZZ_ASSERT (strcmp (again, out) == 0);

  verdict = idnum_validate (out, today, &facts);
  FUZZ_ASSERT (verdict >= IDNUM_VALID && verdict <= IDNUM_BAD_CHECK);
  FUZZ_ASSERT (idnum_verdict_text (verdict) != NULL);
  if (verdict == IDNUM_VALID)
    check_valid (out, &facts);
  if (strspn (out, "0123456789") < 17 || verdict == IDNUM_BAD_LENGTH)
    FUZZ_ASSERT (facts.year == 0 && facts.region[0] == '\0');
  /* A 17-digit start with a real date is read whatever follows. */
  if (verdict == IDNUM_BAD_CHECK)
    FUZZ_ASSERT (facts.year != 0);

  /* The raw input is hostile too. */
  verdict = idnum_validate (in, today, NULL);
  FUZZ_ASSERT (verdict >= IDNUM_VALID && verdict <= IDNUM_BAD_CHECK);
  if (verdict == IDNUM_VALID)
    FUZZ_ASSERT (idnum_check_char (in) == in[17]);
  if (strlen (in) >= 17)
    {
      char c = idnum_check_char (in);

      FUZZ_ASSERT ((c == '\0') == (strspn (in, "0123456789") < 17));
      FUZZ_ASSERT (c == '\0' || strchr ("0123456789X", c));
    }

  /* Exactly 15 digits are upgraded, to an ID with its check character,
     the same one normalising gives. */
  if (idnum_upgrade15 (in, id18))
    {
      FUZZ_ASSERT (strlen (in) == 15 && strspn (in, "0123456789") == 15);
      FUZZ_ASSERT (strlen (id18) == 18 && idnum_check_char (id18) == id18[17]);
      FUZZ_ASSERT (memcmp (id18 + 6, "19", 2) == 0);
      FUZZ_ASSERT (strcmp (id18, out) == 0);
    }
  else
    FUZZ_ASSERT (id18[0] == '\0');

  free (in);
  return 0;
}
