/*
 * upstream — rows of the upstream comparison file (上级比对结果), format 1.
 *
 * ../shared/spec/upstream-format.md section 2 fixes the columns and what a
 * row may hold.  This module knows the columns by name, maps a header to
 * them, and turns one CSV record into a normalised row or a rejection with
 * its reason.  It neither reads files nor touches the database: the
 * importer (import_upstream.c) does that, so the rules are tested here on
 * their own.
 *
 * Normalisation: the ID as idnum_normalise() gives it (full-width digits,
 * lower-case x and 15-digit IDs upgraded); 性别 1/2 become 男/女; a two-digit
 * 民族 code becomes the group's name; 出生日期 becomes YYYYMMDD; 工伤/失业/
 * 生育 become 是 or 否 (empty is 否); 养老/医疗 scheme names get the
 * parenthesised note the form prints; 比对结果 becomes two-digit codes
 * joined by ';' in ascending order.  A row with a value longer than a
 * record can hold (RECORD_VALUE_MAX bytes, once normalised) is rejected.
 */
#ifndef CANBAO_UPSTREAM_H
#define CANBAO_UPSTREAM_H

#include <stdbool.h>
#include <stddef.h>

enum upstream_column
{
  UP_SEQ, UP_TOWNSHIP, UP_VILLAGE, UP_ID, UP_NAME, UP_SEX, UP_ETHNICITY,
  UP_BIRTH, UP_HUKOU, UP_HOME, UP_MOBILE, UP_EMPLOYMENT, UP_EMPLOYER,
  UP_PENSION, UP_MEDICAL, UP_INJURY, UP_UNEMPLOYMENT, UP_MATERNITY,
  UP_REASON, UP_ELSEWHERE, UP_SOURCE, UP_RESULT, UP_NOTE,
  UP_NCOLUMNS
};

/* The column's name as the spec writes it (UTF-8). */
const char *upstream_column_name (enum upstream_column col);
/* The ASCII field name the store uses for it ("id", "name", …). */
const char *upstream_column_field (enum upstream_column col);

/* Comparison results (比对结果), as a bit set. */
enum upstream_result
{
  UP_R01 = 1 << 0, UP_R02 = 1 << 1, UP_R03 = 1 << 2, UP_R04 = 1 << 3,
  UP_R05 = 1 << 4, UP_R10 = 1 << 5, UP_R11 = 1 << 6, UP_R12 = 1 << 7,
  UP_R13 = 1 << 8, UP_R14 = 1 << 9, UP_R20 = 1 << 10, UP_R21 = 1 << 11
};
#define UP_NRESULTS 12
/* Code ("05") and name ("户口所在地不一致") of the I-th result, 0 ≤ I < 12. */
const char *upstream_result_code (int i);
const char *upstream_result_name (int i);
/* "05;13" → bits; false when a part is neither a code nor a name. */
bool upstream_results_parse (const char *text, unsigned *bits);
/* Bits → "05;13" into BUF. */
void upstream_results_format (unsigned bits, char *buf, size_t bufsz);

/* The words a row may use that come from the registration form: 民族
   codes and names, and the scheme names as printed. */
struct upstream_vocab
{
  const char *const *ethnic_codes;   /* "01" … */
  const char *const *ethnic_names;   /* "汉族" … */
  size_t n_ethnic;
  const char *const *schemes;        /* every 养老 and 医疗 option text */
  size_t n_schemes;
};

/* Which record field holds each column; -1 when the file lacks it. */
struct upstream_header
{
  int field_of[UP_NCOLUMNS];
  /* Columns the spec does not list, to be warned about once. */
  char **unknown;
  size_t n_unknown;
};

void upstream_header_map (struct upstream_header *h,
                          const char *const *names, size_t n);
void upstream_header_release (struct upstream_header *h);
/* True when the header names at least the required columns' neighbours:
   a file with none of the spec's columns is not an upstream file. */
bool upstream_header_plausible (const struct upstream_header *h);

/* The most bytes an accepted row's ID takes.  The spec counts an ID's
   characters, not its bytes, and a code-20 row keeps its ID as written,
   so it may hold 18 characters of 4 bytes each. */
#define UPSTREAM_ID_MAX (18 * 4)

/* A normalised row; values are malloc'd UTF-8, never NULL. */
struct upstream_row
{
  char *value[UP_NCOLUMNS];
  unsigned results;
  bool id_valid;                /* the ID passes GB 11643 */
};

enum upstream_verdict
{
  UPSTREAM_OK,
  UPSTREAM_WARN,                /* imported, with a warning */
  UPSTREAM_REJECT
};

/* Parses one record.  On UPSTREAM_REJECT, *reason says why (translated,
   static); on UPSTREAM_WARN, *reason says what is odd and the row is
   good.  The row must be released with upstream_row_release either way. */
enum upstream_verdict upstream_row_parse (const struct upstream_header *h,
                                          const struct upstream_vocab *vocab,
                                          const char *const *fields,
                                          size_t nfields,
                                          struct upstream_row *row,
                                          const char **reason);
void upstream_row_release (struct upstream_row *row);

#endif
