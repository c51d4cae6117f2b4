/*
 * validate — a form's rules applied to a record.
 *
 * The rules live in the form definition (formdef.h); this module applies
 * them to field values.  It does not know the database's record type: a
 * record is whatever a validate_get_fn reads values from, by field id.  It
 * promises:
 *
 *   - validate_field judges one value as the clerk leaves the field: its
 *     format, its boxes, whether the field applies at all given the other
 *     fields, and whether it agrees with the ID number where the ID fills
 *     it.  An empty value is never a problem there: a required field is
 *     only demanded on saving.
 *   - validate_record judges a whole record on saving and returns every
 *     problem, one per field at most, in the form's order, so the screen
 *     can walk the clerk through them top to bottom.  A field that does not
 *     apply (its `when` conditions do not all hold) must be empty; a
 *     required field that applies must not be.
 *   - Every message is translated, in the locale's charset (names and
 *     option texts from the form converted), and reads "LABEL: reason", with the
 *     field's name from the form (formdef_field.name) and an English msgid
 *     for the reason.
 *   - Values are UTF-8 as the record stores them: ID numbers normalised
 *     (idnum_normalise; the screen does it as the clerk leaves the field),
 *     choices as option texts joined by 、 (formdef.h).  A value that is
 *     NULL, empty or only blanks (ASCII spaces, tabs, U+3000) is blank.
 *   - The format checks are plain functions, usable on their own.
 *
 * No curses and no database here.
 */
#ifndef CANBAO_VALIDATE_H
#define CANBAO_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "formdef.h"

/* The value of field FIELD_ID in the record CTX, or NULL when it has
   none.  The string must stay valid until the validating call returns. */
typedef const char *validate_get_fn (void *ctx, const char *field_id);

struct validate_problem
{
  const char *field_id;         /* points into the form definition */
  char *message;                /* "LABEL: reason", translated, malloc'd */
};

/* Whether FIELD applies to the record: all its `when` conditions hold.
   Screens use it to skip fields that do not apply.  With GET NULL every
   field applies. */
bool validate_applies (const struct formdef *def,
                       const struct formdef_field *field,
                       validate_get_fn *get, void *ctx);

/* Judges VALUE for FIELD of DEF, reading other fields through GET and CTX
   (GET may be NULL: then conditions and the ID are not consulted).
   Returns true when VALUE is fine; otherwise false and, if PROBLEM is not
   NULL, *PROBLEM is a malloc'd message. */
bool validate_field (const struct formdef *def,
                     const struct formdef_field *field, const char *value,
                     validate_get_fn *get, void *ctx, char **problem);

/* Judges every field of the record, reading values through GET and CTX.
   Returns the number of problems; *PROBLEMS (if PROBLEMS is not NULL) is
   a malloc'd array of them in form order (NULL when there are none), to be
   freed with validate_problems_free. */
size_t validate_record (const struct formdef *def, validate_get_fn *get,
                        void *ctx, struct validate_problem **problems);
void validate_problems_free (struct validate_problem **problems, size_t n);

/* True for a value that counts as empty (see above). */
bool validate_blank (const char *value);

/* 11 ASCII digits starting with 1. */
bool validate_mobile (const char *s);
/* A mobile number, or a landline with its area code: 0 and two or three
   more digits, an optional '-', then 7 or 8 digits (0731-88888888,
   01012345678). */
bool validate_phone (const char *s);
/* YYYY-MM-DD or YYYYMMDD naming a real day of the Gregorian calendar in
   the years 1900 to 2099.  When true and YYYYMMDD is not NULL, it gets the
   date as the number YYYYMMDD. */
bool validate_date (const char *s, int *yyyymmdd);
/* 组织机构代码 (GB 11714): eight digits or capital letters, an optional
   '-', and the check character. */
bool validate_orgcode (const char *s);
/* The GB 11714 check character ('0'..'9' or 'X') for the first 8
   characters of BODY; '\0' when they are not all digits or capital
   letters.  Weights 3 7 9 10 5 8 4 2; letters count 10 (A) to 35 (Z);
   check = 11 - (sum mod 11), 10 written X and 11 written 0. */
char validate_orgcode_check (const char *body);
/* Columns UTF8 takes on a terminal that shows Chinese two columns wide,
   whatever the locale: East Asian wide and full-width characters count
   two, combining marks none, everything else one.  Text fields' widths are
   measured so, so that a value does not pass on one terminal and fail on
   the next.  -1 when UTF8 is not valid UTF-8. */
int validate_columns (const char *utf8);

#endif
