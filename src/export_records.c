/*
 * export_records.c — a form's records as CSV; see export_records.h.
 *
 * Each row is built in a csv_buf in UTF-8, converted if need be, written,
 * and the buffer reused for the next row.
 */
#include "system.h"

#include "csv.h"
#include "export_records.h"
#include "formstate.h"
#include "msg.h"

/* True when no field of DEF but the I-th is labelled or named S, and S
   is not the status column's heading. */
static bool
only_field_called (const struct formdef *def, size_t i, const char *s)
{
  if (strcmp (s, EXPORT_RECORDS_STATUS) == 0)
    return false;
  for (size_t j = 0; j < def->n_fields; j++)
    if (j != i && (strcmp (def->fields[j].label, s) == 0
                   || strcmp (def->fields[j].name, s) == 0))
      return false;
  return true;
}

const char *
export_records_header (const struct formdef *def, size_t i)
{
  const struct formdef_field *f = &def->fields[i];

  if (only_field_called (def, i, f->label))
    return f->label;
  if (only_field_called (def, i, f->name))
    return f->name;
  /* Ids are unique ASCII identifiers: they always tell fields apart. */
  return f->id;
}

struct export_ctx
{
  const struct formdef *def;
  enum charset_encoding enc;
  FILE *out;
  struct csv_buf buf;
  const char **values;          /* def->n_fields + 1 */
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

static int
export_one (const char *id, const struct record *rec, void *arg)
{
  struct export_ctx *x = arg;
  const struct formdef *def = x->def;
  const char *form = record_get (rec, FORMSTATE_F_FORM);
  const char *status = record_get (rec, STORE_F_STATUS);

  if (!form || strcmp (form, def->id) != 0)
    return STORE_OK;
  for (size_t i = 0; i < def->n_fields; i++)
    {
      x->values[i] = record_get (rec, def->fields[i].id);
      if (!x->values[i]
          && strcmp (def->fields[i].id, EXPORT_RECORDS_ID_FIELD) == 0)
        x->values[i] = id;
    }
  x->values[def->n_fields] = status ? store_status_name (status) : NULL;
  csv_write_record (&x->buf, x->values, def->n_fields + 1, CSV_CRLF);
  if (!flush_row (x))
    return STORE_STOP;
  x->rows++;
  return STORE_OK;
}

static bool
write_header (struct export_ctx *x)
{
  if (x->enc == CHARSET_UTF8_BOM
      && fwrite ("\xef\xbb\xbf", 1, 3, x->out) != 3)
    {
      x->write_errno = errno ? errno : EIO;
      return false;
    }
  for (size_t i = 0; i < x->def->n_fields; i++)
    x->values[i] = export_records_header (x->def, i);
  x->values[x->def->n_fields] = EXPORT_RECORDS_STATUS;
  csv_write_record (&x->buf, x->values, x->def->n_fields + 1, CSV_CRLF);
  return flush_row (x);
}

enum export_status
export_records (struct store *store, const struct formdef *def,
                enum charset_encoding enc, FILE *out, unsigned long *rows)
{
  struct export_ctx x = { def, enc, out, { NULL, 0, 0 }, NULL, 0, 0 };
  enum export_status result = EXPORT_OK;
  int status;

  x.values = xcalloc (def->n_fields + 1, sizeof *x.values);
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
  free (x.values);
  csv_buf_release (&x.buf);
  /* The caller reports errno: keep it from being overwritten above. */
  if (result == EXPORT_WRITE_FAILED)
    errno = x.write_errno;
  return result;
}
