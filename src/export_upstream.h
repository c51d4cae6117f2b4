/*
 * export_upstream — the stored upstream comparison rows as a file of
 * format 1 (../shared/spec/upstream-format.md, sections 1 and 2).
 *
 * What it promises:
 *   - One header row naming the spec's section-2 columns in the spec's
 *     order (upstream_column_name), then one row per stored upstream row:
 *     a person with a 公安 row and a 社保 row (up.gongan.* and
 *     up.shebao.*) gives two rows, 公安 first; persons come in ID order
 *     (store_scan STORE_BY_ID).  A person with no upstream row (local data
 *     only) gives none.
 *   - Each row holds what import_upstream stored for it: the person's
 *     key as 公民身份证号码 (already normalised), up.township and
 *     up.village, the source as 数据来源, and every other column from
 *     up.<source>.<field>, 比对结果 included (the codes import keeps).
 *     序号 counts the rows from 1.  Nothing is normalised again here: the
 *     import normalised once, and its normal forms read back as
 *     themselves, so importing the file into the same store reports every
 *     row unchanged, and importing it into an empty one stores the same
 *     up.* fields.
 *   - RFC 4180 with CRLF, quoted only where needed (csv_write_record), so
 *     that every value, line breaks and edge spaces included, reads back
 *     byte for byte.
 *   - The encoding is GB18030 (without a byte-order mark, as the spec
 *     wants by default), UTF-8, or UTF-8 with a byte-order mark; GB18030
 *     encodes all of Unicode, so no stored value is lost.
 *   - Rows are written as they are read, so a large township's export
 *     takes little memory.
 *
 * It creates no file and prints nothing (cmd_export.c does both); no
 * curses here.
 */
#ifndef CANBAO_EXPORT_UPSTREAM_H
#define CANBAO_EXPORT_UPSTREAM_H

#include <stdio.h>

#include "charset.h"
#include "export_records.h"     /* enum export_status */
#include "store.h"

/* Writes the upstream rows in STORE to OUT in encoding ENC.  *ROWS (if
   ROWS is not NULL) gets the number of data rows written. */
enum export_status export_upstream (struct store *store,
                                    enum charset_encoding enc, FILE *out,
                                    unsigned long *rows);

#endif
