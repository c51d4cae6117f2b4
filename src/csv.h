/*
 * csv — RFC 4180 records as the upstream format (section 1) has them.
 *
 * The reader promises, for UTF-8 input pulled from any source:
 *
 *   - fields are separated by ',' and records end with CRLF or LF (the
 *     last one may be missing); a lone CR outside quotes is data;
 *   - wholly empty lines (nothing between two line breaks) are skipped, and
 *     line numbers stay physical: a record knows the line it starts on and
 *     the line it ends on, counting every LF in the file;
 *   - a field may be enclosed in double quotes; inside them "" is one '"'
 *     and commas and line breaks are data, kept as they were (CRLF stays
 *     CRLF); spaces around the quotes are dropped, the text inside them is
 *     not trimmed, and text after the closing quote is kept as data;
 *   - an unquoted field is trimmed of ASCII spaces and tabs and of U+3000
 *     (ideographic space) at both ends; a '"' inside it is data;
 *   - a quoted field still open at the end of the input is an error naming
 *     the line where it opened;
 *   - each field says whether it was quoted.
 *
 * Debian's libcsv was not used because it cannot say whether a field was
 * quoted, trims only single bytes, and does not report physical line
 * numbers; this is a small state machine instead.
 *
 * The writer quotes exactly the fields that would not survive reading
 * unquoted, so what it writes reads back byte for byte.
 */
#ifndef CANBAO_CSV_H
#define CANBAO_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Fills BUF with up to CAP bytes of input; returns their number, 0 at the
   end of the input, -1 on error.  charset_decoder_source is one. */
typedef ssize_t (*csv_source_fn) (void *ctx, char *buf, size_t cap);

struct csv_field
{
  const char *text;             /* NUL-terminated; may hold NULs too */
  size_t len;
  bool quoted;
};

struct csv_record
{
  const struct csv_field *fields;
  size_t nfields;               /* at least 1 */
  size_t line_first;            /* physical lines, 1-based */
  size_t line_last;
};

enum csv_status
{
  CSV_RECORD,                   /* *REC holds the next record */
  CSV_EOF,                      /* no more records */
  CSV_ERROR                     /* see csv_error_line, csv_error_message */
};

/* A reader pulling from SOURCE with CTX, which must outlive it. */
struct csv_reader *csv_reader_new (csv_source_fn source, void *ctx);
/* A reader over LEN bytes of UTF-8 at BUF, which must outlive it. */
struct csv_reader *csv_reader_new_mem (const char *buf, size_t len);
void csv_reader_free (struct csv_reader **reader);

/* Reads the next record into *REC.  Its fields stay valid until the next
   call or csv_reader_free.  After CSV_ERROR every call returns
   CSV_ERROR. */
enum csv_status csv_read (struct csv_reader *reader, struct csv_record *rec);
/* After CSV_ERROR: the physical line it concerns, and a translated
   message.  For "cannot read the input" the source knows more: a charset
   decoder's charset_decoder_error names the bad byte's own line. */
size_t csv_error_line (const struct csv_reader *reader);
const char *csv_error_message (const struct csv_reader *reader);

/* The writer's output: a growable buffer the caller owns.  Start from
   { NULL, 0, 0 } and give it back with csv_buf_release.  DATA is
   NUL-terminated after LEN bytes once anything was written. */
struct csv_buf
{
  char *data;
  size_t len, cap;
};

enum csv_eol
{
  CSV_CRLF,                     /* what upstream's Windows tools write */
  CSV_LF
};

void csv_buf_release (struct csv_buf *buf);

/* Appends one record of N fields (NUL-terminated UTF-8; NULL is empty),
   quoting a field that holds ',' '"' CR or LF or that starts or ends with
   a space, tab or U+3000, and ending it with EOL.  A record of one empty
   field (or of none) is written as "" so that it is not read as a blank
   line. */
void csv_write_record (struct csv_buf *buf, const char *const *fields,
                       size_t n, enum csv_eol eol);
/* The same with explicit lengths (a field may then hold NULs). */
void csv_write_record_n (struct csv_buf *buf, const char *const *fields,
                         const size_t *lens, size_t n, enum csv_eol eol);

#endif
