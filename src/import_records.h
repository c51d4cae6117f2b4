/*
 * import_records — a CSV file of one paper form's records (as
 * export_records writes it) into the store.
 *
 * What it promises:
 *   - A file whose bytes are text in neither UTF-8 (a byte-order mark is
 *     fine) nor GB18030 is refused as a whole, naming the line of the
 *     first bad byte, and nothing changes.  So is a file whose first row
 *     does not name the form's columns: a heading that is no field of the
 *     form (its export heading or its id) nor 状态, a heading given twice,
 *     or a missing column for the ID or for a required field.  The signed
 *     saver field (经办人) may be missing: canbao signs it.  The 状态
 *     column is read past: the import decides the status.
 *   - Every other row becomes the record of the person its normalised ID
 *     names (idnum_normalise).  A column that is present replaces the
 *     field (blank removes it); a column that is absent leaves the stored
 *     field alone; upstream fields (up.*) and metadata are kept; _form is
 *     set to the form.  The result is judged with validate_record, and a
 *     row with problems is reported as NAME:LINE: and every problem, and
 *     left out; so is a row with the wrong number of fields, a second row
 *     for one ID, and a value no record can hold.
 *   - The saver field, when the file leaves it blank, keeps the stored
 *     signature while the record is otherwise unchanged, and is signed
 *     with the importing clerk's name (the GECOS name, else the login)
 *     when the record is new or changes.
 *   - A new or changed record gets _status "entered"; a row equal to the
 *     stored record writes nothing, so exporting and importing again
 *     changes nothing.  Each row is its own transaction (action
 *     "import-records", committed in bulk and flushed at the end), judged
 *     against the record as it is stored when the row is written.
 *   - SIGHUP/SIGTERM/SIGINT stop between rows; the rows before stay.
 */
#ifndef CANBAO_IMPORT_RECORDS_H
#define CANBAO_IMPORT_RECORDS_H

#include <stdio.h>

#include "formdef.h"
#include "import_upstream.h"
#include "store.h"

/* Imports the file at PATH (NAME in messages) as records of form DEF.
   Rejections go to REPORT, one line each ("NAME:LINE: reason").  The
   totals' warnings stay 0. */
enum import_status import_records_file (struct store *store,
                                        const struct formdef *def,
                                        const char *path, const char *name,
                                        struct import_totals *totals,
                                        FILE *report);

#endif
