/*
 * export_records — one paper form's stored records as a CSV file.
 *
 * What it promises:
 *   - One header row, then one row per stored person whose _form is the
 *     form's id, in ID order (store_scan STORE_BY_ID).  A row has one
 *     column per field of the form, in paper order, and then 状态 (the
 *     record's _status as store_status_name gives it, in the locale's
 *     language).
 *   - A field's column is headed by its label; where two fields share a
 *     label (the parts of two addresses) by its name (formdef_field.name,
 *     which tells them apart), and by its id as a last resort, so that
 *     every heading names one field.  import_records reads the same
 *     headings back (export_records_header).
 *   - Values are written exactly as stored: RFC 4180, CRLF, quoted only
 *     where needed (csv_write_record), so that the file reads back byte
 *     for byte.  A record of the form without an id field is given its
 *     key there.
 *   - The encoding is UTF-8, UTF-8 with a byte-order mark, or GB18030;
 *     GB18030 encodes all of Unicode, so no stored value is lost.
 *   - Rows are written as they are read, so an export of a large township
 *     takes little memory.
 *
 * It creates no file and prints nothing (cmd_export.c does both); no
 * curses here.
 */
#ifndef CANBAO_EXPORT_RECORDS_H
#define CANBAO_EXPORT_RECORDS_H

#include <stdio.h>

#include "charset.h"
#include "formdef.h"
#include "store.h"

/* The heading of the column after the fields. */
#define EXPORT_RECORDS_STATUS "状态"
/* The field that holds the person's ID number, as formstate and validate
   know it. */
#define EXPORT_RECORDS_ID_FIELD "id"

enum export_status
{
  EXPORT_OK,
  EXPORT_WRITE_FAILED,          /* writing to the stream failed: errno */
  EXPORT_STORE_FAILED           /* the scan failed: store_error */
};

/* The heading of the column of field I of DEF (see above). */
const char *export_records_header (const struct formdef *def, size_t i);

/* Writes the records of form DEF in STORE to OUT in encoding ENC.  *ROWS
   (if ROWS is not NULL) gets the number of records written. */
enum export_status export_records (struct store *store,
                                   const struct formdef *def,
                                   enum charset_encoding enc, FILE *out,
                                   unsigned long *rows);

#endif
