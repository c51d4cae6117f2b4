/*
 * idnum.c — citizen ID numbers (GB 11643-1999); see idnum.h.
 */
#include "system.h"

#include <time.h>

#include "idnum.h"
#include "msg.h"

/* U+3000 IDEOGRAPHIC SPACE, as a Chinese input method types it. */
static const char ideographic_space[] = "\xe3\x80\x80";

/* ------------------------------------------------------------ normalising */

/* Writes into a caller's buffer the way snprintf does: keeps counting past
   the end so that the caller learns the whole length. */
struct sink
{
  char *buf;
  size_t size, len;
};

static void
sink_put (struct sink *sink, char c)
{
  if (sink->len + 1 < sink->size)
    sink->buf[sink->len] = c;
  sink->len++;
}

static void
sink_finish (struct sink *sink)
{
  if (sink->size > 0)
    sink->buf[sink->len < sink->size ? sink->len : sink->size - 1] = '\0';
}

static bool
is_ascii_digit (char c)
{
  return c >= '0' && c <= '9';
}

/* The bytes taken by a blank at the start of [START, END), or 0. */
static size_t
leading_blank_width (const char *start, const char *end)
{
  if (start < end && (*start == ' ' || *start == '\t'))
    return 1;
  if (end - start >= 3 && memcmp (start, ideographic_space, 3) == 0)
    return 3;
  return 0;
}

/* The bytes taken by a blank at the end of [START, END), or 0. */
static size_t
trailing_blank_width (const char *start, const char *end)
{
  if (start < end && (end[-1] == ' ' || end[-1] == '\t'))
    return 1;
  if (end - start >= 3 && memcmp (end - 3, ideographic_space, 3) == 0)
    return 3;
  return 0;
}

/* Narrows [*START, *END) past blanks at both ends. */
static void
trim_blanks (const char **start, const char **end)
{
  size_t width;

  while ((width = leading_blank_width (*start, *end)))
    *start += width;
  while ((width = trailing_blank_width (*start, *end)))
    *end -= width;
}

/* The ASCII character that the character at P (with AVAIL bytes left)
   stands for, or '\0' when it is not a digit or X in any width.  *WIDTH
   gets the bytes it takes. */
static char
ascii_equivalent (const unsigned char *p, size_t avail, size_t *width)
{
  *width = 1;
  if (is_ascii_digit ((char) *p) || *p == 'X')
    return (char) *p;
  if (*p == 'x')
    return 'X';
  if (avail < 3 || p[0] != 0xef)
    return '\0';
  *width = 3;
  /* U+FF10..U+FF19 FULLWIDTH DIGIT ZERO..NINE are EF BC 90..99. */
  if (p[1] == 0xbc && p[2] >= 0x90 && p[2] <= 0x99)
    return (char) ('0' + (p[2] - 0x90));
  /* U+FF38 FULLWIDTH X is EF BC B8; U+FF58 FULLWIDTH x is EF BD 98. */
  if ((p[1] == 0xbc && p[2] == 0xb8) || (p[1] == 0xbd && p[2] == 0x98))
    return 'X';
  *width = 1;
  return '\0';
}

static void
sink_put_string (struct sink *sink, const char *s)
{
  while (*s)
    sink_put (sink, *s++);
}

size_t
idnum_normalise (const char *in, char *out, size_t outsz)
{
  const char *start = in, *end = in + strlen (in);
  struct sink sink = { out, outsz, 0 };
  /* Enough to tell whether the result is a 15-digit ID. */
  char head[16];
  size_t head_len = 0;
  bool all_digits = true;

  trim_blanks (&start, &end);
  for (const char *p = start; p < end;)
    {
      size_t width;
      char c = ascii_equivalent ((const unsigned char *) p,
                                 (size_t) (end - p), &width);
      /* Anything else is kept byte by byte, for the caller to report. */
      char kept = c ? c : *p;

      sink_put (&sink, kept);
      if (head_len < sizeof head - 1)
        head[head_len++] = kept;
      all_digits = all_digits && is_ascii_digit (kept);
      p += width;
    }

  if (sink.len == 15 && all_digits)
    {
      char id18[IDNUM_SIZE];

      head[head_len] = '\0';
      idnum_upgrade15 (head, id18);
      sink.len = 0;
      sink_put_string (&sink, id18);
    }
  sink_finish (&sink);
  return sink.len;
}

/* ------------------------------------------------------- check character */

char
idnum_check_char (const char *first17)
{
  /* ISO 7064 MOD 11-2: weight 2^(17-i) mod 11 for the i-th character. */
  static const int weights[17] = {
    7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
  };
  static const char check_chars[] = "10X98765432";
  int sum = 0;

  for (int i = 0; i < 17; i++)
    {
      if (!is_ascii_digit (first17[i]))
        return '\0';
      sum += (first17[i] - '0') * weights[i];
    }
  return check_chars[sum % 11];
}

bool
idnum_upgrade15 (const char *id15, char out[IDNUM_SIZE])
{
  out[0] = '\0';
  if (strlen (id15) != 15 || strspn (id15, "0123456789") != 15)
    return false;
  memcpy (out, id15, 6);
  memcpy (out + 6, "19", 2);
  memcpy (out + 8, id15 + 6, 9);
  out[17] = idnum_check_char (out);
  out[18] = '\0';
  return true;
}

/* -------------------------------------------------------------- validating */

/* UTF-8 characters, not bytes: "4301一…" is a bad character, not a bad
   length. */
static size_t
utf8_length (const char *s)
{
  size_t n = 0;

  for (; *s; s++)
    if (((unsigned char) *s & 0xc0) != 0x80)
      n++;
  return n;
}

static int
digits_value (const char *s, int n)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    v = v * 10 + (s[i] - '0');
  return v;
}

static bool
is_leap_year (int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
days_in_month (int year, int month)
{
  static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  return month == 2 && is_leap_year (year) ? 29 : days[month - 1];
}

static bool
is_calendar_date (int year, int month, int day)
{
  return month >= 1 && month <= 12 && day >= 1
    && day <= days_in_month (year, month);
}

static bool
starts_with_17_digits (const char *id)
{
  return strspn (id, "0123456789") >= 17;
}

/* 17 digits and a digit or X; ID is known to be 18 characters long, but a
   stray UTF-8 continuation byte would not have counted as one. */
static bool
has_id_characters (const char *id)
{
  return starts_with_17_digits (id)
    && (is_ascii_digit (id[17]) || id[17] == 'X') && id[18] == '\0';
}

/* Only called once the first 17 characters are known to be digits. */
static bool
read_facts (const char *id, struct idnum_facts *facts)
{
  int year = digits_value (id + 6, 4);
  int month = digits_value (id + 10, 2);
  int day = digits_value (id + 12, 2);

  if (!is_calendar_date (year, month, day))
    return false;
  facts->year = year;
  facts->month = month;
  facts->day = day;
  facts->female = (id[16] - '0') % 2 == 0;
  memcpy (facts->region, id, 6);
  facts->region[6] = '\0';
  return true;
}

enum idnum_verdict
idnum_validate (const char *id, int today_yyyymmdd, struct idnum_facts *facts)
{
  struct idnum_facts scratch;
  bool dated;
  int birth;

  if (!facts)
    facts = &scratch;
  memset (facts, 0, sizeof *facts);

  if (utf8_length (id) != 18)
    return IDNUM_BAD_LENGTH;
  /* Even with a bad last character the date can be read and shown. */
  dated = starts_with_17_digits (id) && read_facts (id, facts);
  if (!has_id_characters (id))
    return IDNUM_BAD_CHARACTER;
  if (!dated)
    return IDNUM_BAD_DATE;
  birth = facts->year * 10000 + facts->month * 100 + facts->day;
  if (birth < IDNUM_EARLIEST_BIRTH || birth > today_yyyymmdd)
    return IDNUM_BAD_DATE;
  if (idnum_check_char (id) != id[17])
    return IDNUM_BAD_CHECK;
  return IDNUM_VALID;
}

const char *
idnum_verdict_text (enum idnum_verdict verdict)
{
  static const char *const texts[] = {
    [IDNUM_VALID] = N_("valid"),
    [IDNUM_BAD_LENGTH] = N_("not 15 or 18 characters"),
    [IDNUM_BAD_CHARACTER] = N_("only digits and a final X are allowed"),
    [IDNUM_BAD_DATE] = N_("no such date of birth"),
    [IDNUM_BAD_CHECK] = N_("wrong check character"),
  };

  if ((unsigned) verdict >= ARRAY_SIZE (texts))
    msg_panic ("idnum_verdict_text: verdict %d", (int) verdict);
  return _(texts[verdict]);
}

int
idnum_today (void)
{
  time_t now = time (NULL);
  struct tm tm;

  if (!localtime_r (&now, &tm))
    msg_fatal (_("cannot read the local date"));
  return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}
