/*
 * export_upstream.c — the stored upstream rows as format 1; see
 * export_upstream.h.
 *
 * The mirror of import_upstream.c's apply_row: what it stores per source
 * under up.<source>.<field>, and per person under the key, up.township
 * and up.village, is read back into the same columns.  Each row is built
 * in a csv_buf in UTF-8, converted if need be, written, and the buffer
 * reused for the next row.
 */
#include "system.h"

#include "csv.h"
#include "export_upstream.h"
#include "upstream.h"

/* The two sources, in the order a person's rows are written: the spec
   lists 公安 first, and so do upstream's own files. */
static const struct
{
  const char *name;             /* 数据来源 as the file writes it */
  const char *prefix;           /* as import_upstream.c stores it */
} sources[] = {
  { "公安", "up.gongan." },
  { "社保", "up.shebao." },
};

struct export_ctx
{
  enum charset_encoding enc;
  FILE *out;
  struct csv_buf buf;
  unsigned long rows;
  int write_errno;              /* 0 while writing works */
};

/* Writes the row in X->buf to the stream and empties the buffer. */
static bool
flush_row (struct export_ctx *x)
{
  bool ok = charset_fwrite (x->buf.data, x->buf.len, x->enc, x->out);

  if (!ok)
    x->write_errno = errno;
  x->buf.len = 0;
  return ok;
}

/* True when REC holds a field whose name starts with PREFIX: import
   stores at least 姓名 and 比对结果 of every row, but any one field is
   enough to say the row is there. */
static bool
has_source (const struct record *rec, const char *prefix)
{
  size_t plen = strlen (prefix);

  for (size_t i = 0; i < record_count (rec); i++)
    if (strncmp (record_name_at (rec, i), prefix, plen) == 0)
      return true;
  return false;
}

/* Writes ID's row from source S. */
static bool
write_row (struct export_ctx *x, const char *id, const struct record *rec,
           size_t s)
{
  const char *values[UP_NCOLUMNS];
  char seq[32], name[96];

  snprintf (seq, sizeof seq, "%lu", x->rows + 1);
  for (int c = 0; c < UP_NCOLUMNS; c++)
    {
      enum upstream_column col = (enum upstream_column) c;

      switch (col)
        {
        case UP_SEQ:
          values[c] = seq;
          break;
        /* Stored once per person (import's per_person): both rows carry
           the person's, which is what import stored from either. */
        case UP_TOWNSHIP:
          values[c] = record_get (rec, "up.township");
          break;
        case UP_VILLAGE:
          values[c] = record_get (rec, "up.village");
          break;
        case UP_ID:
          values[c] = id;
          break;
        case UP_SOURCE:
          values[c] = sources[s].name;
          break;
        default:
          snprintf (name, sizeof name, "%s%s", sources[s].prefix,
                    upstream_column_field (col));
          /* Import leaves empty columns out: absent is written empty. */
          values[c] = record_get (rec, name);
          break;
        }
    }
  csv_write_record (&x->buf, values, UP_NCOLUMNS, CSV_CRLF);
  if (!flush_row (x))
    return false;
  x->rows++;
  return true;
}

static int
export_one (const char *id, const struct record *rec, void *arg)
{
  struct export_ctx *x = arg;

  for (size_t s = 0; s < ARRAY_SIZE (sources); s++)
    if (has_source (rec, sources[s].prefix) && !write_row (x, id, rec, s))
      return STORE_STOP;
  return STORE_OK;
}

static bool
write_header (struct export_ctx *x)
{
  const char *names[UP_NCOLUMNS];

  if (x->enc == CHARSET_UTF8_BOM
      && fwrite ("\xef\xbb\xbf", 1, 3, x->out) != 3)
    {
      x->write_errno = errno ? errno : EIO;
      return false;
    }
  /* The enum follows the spec's table, so this is the spec's order. */
  for (int c = 0; c < UP_NCOLUMNS; c++)
    names[c] = upstream_column_name ((enum upstream_column) c);
  csv_write_record (&x->buf, names, UP_NCOLUMNS, CSV_CRLF);
  return flush_row (x);
}

enum export_status
export_upstream (struct store *store, enum charset_encoding enc, FILE *out,
                 unsigned long *rows)
{
  struct export_ctx x = { enc, out, { NULL, 0, 0 }, 0, 0 };
  enum export_status result = EXPORT_OK;
  int status;

  if (!write_header (&x))
    result = EXPORT_WRITE_FAILED;
  else
    {
      status = store_scan (store, STORE_BY_ID, "", export_one, &x);
      if (x.write_errno)
        result = EXPORT_WRITE_FAILED;
      else if (status != STORE_OK)
        result = EXPORT_STORE_FAILED;
    }
  if (result == EXPORT_OK && fflush (out) != 0)
    {
      x.write_errno = errno;
      result = EXPORT_WRITE_FAILED;
    }
  if (rows)
    *rows = x.rows;
  csv_buf_release (&x.buf);
  /* The caller reports errno: keep it from being overwritten above. */
  if (result == EXPORT_WRITE_FAILED)
    errno = x.write_errno;
  return result;
}
