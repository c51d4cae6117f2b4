/*
 * idnum — citizen ID numbers (公民身份号码, GB 11643-1999).
 *
 * An ID is 18 characters: a 6-digit GB/T 2260 region code, the date of
 * birth as YYYYMMDD, a 3-digit sequence number whose last digit is odd for
 * men and even for women, and an ISO 7064 MOD 11-2 check character ('0' to
 * '9' or 'X').  IDs issued before 1999 have 15 digits (a two-digit year
 * of the 1900s and no check character); they are upgraded to 18.
 *
 * The module promises:
 *   - idnum_normalise turns what a clerk types or pastes (full-width digits,
 *     ideographic spaces, a lower-case x, a 15-digit ID) into the canonical
 *     ASCII form, and keeps anything it does not understand so that
 *     idnum_validate can reject it;
 *   - idnum_validate reports the first thing wrong in the order length,
 *     characters, date, check character, and says what it could read;
 *   - nothing here allocates, prints or consults the locale except
 *     idnum_verdict_text (gettext) and idnum_today (the local date).
 * Input and output are UTF-8.
 */
#ifndef CANBAO_IDNUM_H
#define CANBAO_IDNUM_H

#include <stdbool.h>
#include <stddef.h>

/* 18 characters and the NUL. */
#define IDNUM_SIZE 19

/* The earliest date of birth accepted, as YYYYMMDD: nobody born before
   1886-06-25 can be holding an ID, so such a date is a typing mistake. */
#define IDNUM_EARLIEST_BIRTH 18860625

enum idnum_verdict
{
  IDNUM_VALID,
  IDNUM_BAD_LENGTH,             /* not 18 characters */
  IDNUM_BAD_CHARACTER,          /* not 17 digits and a digit or X */
  IDNUM_BAD_DATE,               /* no such day, or outside 1886-06-25..today */
  IDNUM_BAD_CHECK               /* the check character does not match */
};

/* What an ID says about its holder. */
struct idnum_facts
{
  int year, month, day;         /* date of birth; year 0 when unreadable */
  bool female;
  char region[7];               /* GB/T 2260 code, "" when unreadable */
};

/* Normalises UTF-8 input: trims ASCII spaces, tabs and U+3000 at both ends;
   turns full-width digits (０-９) and Ｘ/ｘ into ASCII and x into X; upgrades
   an ID of exactly 15 digits to 18.  Anything else is kept as it is, so the
   caller can report it.  Writes the NUL-terminated result to OUT, truncated
   to OUTSZ bytes (nothing when OUTSZ is 0); returns the length of the whole
   result, like snprintf, so that a result >= OUTSZ shows an over-long
   input.  IN and OUT must not overlap. */
size_t idnum_normalise (const char *in, char *out, size_t outsz);

/* The ISO 7064 MOD 11-2 check character ('0'..'9' or 'X') for the first 17
   characters of FIRST17; '\0' when they are not all ASCII digits. */
char idnum_check_char (const char *first17);

/* Upgrades a 15-digit ID: "19" goes after the region code and the check
   character on the end.  False, with OUT set to "", unless ID15 is exactly
   15 ASCII digits. */
bool idnum_upgrade15 (const char *id15, char out[IDNUM_SIZE]);

/* Validates a normalised ID against TODAY (YYYYMMDD; see idnum_today):
   exactly 18 characters, 17 digits and a digit or X, a real date of birth
   from IDNUM_EARLIEST_BIRTH to TODAY inclusive, and the right check
   character.  Returns the first failure in that order.
   FACTS (may be NULL) is filled whenever the 18 characters start with 17
   digits and the date of birth is a real calendar date, even when it is
   out of range or the check character is wrong; otherwise it is zeroed.
   So a caller can show the date, sex and region of a mistyped ID. */
enum idnum_verdict idnum_validate (const char *id, int today_yyyymmdd,
                                   struct idnum_facts *facts);

/* A short translated reason, e.g. "wrong check character". */
const char *idnum_verdict_text (enum idnum_verdict verdict);

/* The local date as YYYYMMDD. */
int idnum_today (void);

#endif
