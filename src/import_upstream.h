/*
 * import_upstream — reading an upstream comparison file (format 1) into
 * the store.
 *
 * What it promises (../shared/spec/upstream-format.md, sections 1 and 2):
 *   - A file whose bytes are text in neither UTF-8 nor GB18030 is refused
 *     as a whole, naming the line of the first bad byte, and nothing
 *     changes; so is a file without the spec's columns.
 *   - Otherwise every good row goes in and every bad row is reported as
 *     FILE:LINE: reason (the column named) and left out.  A second row
 *     with the same ID and 数据来源 in one file is bad.
 *   - The first row of a person in a file replaces every upstream field
 *     the person had (up.*), so a later round replaces the earlier one;
 *     local fields are never touched, and the audit log keeps the old
 *     values.  A row that brings nothing new writes nothing, so importing
 *     a file again, or the same rows in the other encoding, changes
 *     nothing.
 *   - Rows are committed in batches (STORE_BULK) and flushed at the end;
 *     SIGHUP/SIGTERM/SIGINT stop between batches with what was committed
 *     kept, and importing the file again finishes the work.
 *
 * Stored fields, per person (canbao-db(5)): up.gongan.<column> and
 * up.shebao.<column> for each source's row (upstream_column_field names),
 * up.township, up.village, up.results ("01;05"), and _queue
 * ("township<TAB>village") while any result is set.
 */
#ifndef CANBAO_IMPORT_UPSTREAM_H
#define CANBAO_IMPORT_UPSTREAM_H

#include <stdio.h>

#include "store.h"
#include "upstream.h"

struct import_totals
{
  unsigned long rows;           /* data rows read */
  unsigned long imported;       /* rows that changed the database */
  unsigned long unchanged;      /* good rows already there */
  unsigned long rejected;
  unsigned long warnings;
};

enum import_status
{
  IMPORT_OK,                    /* every row read; see the totals */
  IMPORT_REFUSED,               /* the file as a whole: nothing changed */
  IMPORT_INTERRUPTED,           /* a signal: committed batches stay */
  IMPORT_FAILED                 /* the database failed; message printed */
};

/* Imports the file at PATH (NAME in messages).  Rejections and warnings go
   to REPORT, one line each ("NAME:LINE: reason"), already in the locale's
   charset.  PROGRESS, when not NULL, is called now and then with the
   bytes read and the file's size. */
enum import_status import_upstream_file (struct store *store,
                                         const char *path, const char *name,
                                         const struct upstream_vocab *vocab,
                                         struct import_totals *totals,
                                         FILE *report,
                                         void (*progress) (size_t done,
                                                           size_t size));

/* The vocabulary of the registration form (民族, 养老 and 医疗 options),
   from the installed forms; NULL with *ERROR set when it cannot be had. */
struct upstream_vocab *import_vocab_load (char **error);
void import_vocab_free (struct upstream_vocab **vocab);

#endif
