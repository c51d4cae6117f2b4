/*
 * import_records.c — a form's records from CSV into the store; see
 * import_records.h.
 *
 * The file is read whole (a township's forms are a few megabytes at
 * most), its encoding decided once, and then decoded and parsed as a
 * stream.  The header maps each column to a field.  Each row is checked
 * on its own first (field count, values a record can hold, a repeated
 * ID), then merged with the stored record and judged inside its own
 * transaction, so that it is judged against what is really stored.
 */
#include "system.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "charset.h"
#include "csv.h"
#include "export_records.h"
#include "formstate.h"
#include "idnum.h"
#include "import_records.h"
#include "msg.h"
#include "termtext.h"
#include "validate.h"

/* A column that maps to no field: 状态. */
#define COL_STATUS ((size_t) -1)

/* A file larger than this is not a township's forms. */
#define MAX_FILE_BYTES (512L * 1024 * 1024)

/* ------------------------------------------------------------ the file */

/* The whole file at PATH, or NULL with errno set. */
static char *
slurp (const char *path, size_t *len)
{
  struct stat st;
  char *buf;
  size_t done = 0;
  int fd = open (path, O_RDONLY);

  if (fd < 0)
    return NULL;
  if (fstat (fd, &st) != 0 || st.st_size > MAX_FILE_BYTES)
    {
      int saved = st.st_size > MAX_FILE_BYTES ? EFBIG : errno;
      close (fd);
      errno = saved;
      return NULL;
    }
  buf = xmalloc ((size_t) st.st_size + 1);
  while (done < (size_t) st.st_size)
    {
      ssize_t n = read (fd, buf + done, (size_t) st.st_size - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      done += (size_t) n;
    }
  close (fd);
  buf[done] = '\0';
  *len = done;
  return buf;
}

static void
report_line (FILE *report, const char *name, size_t line, const char *reason)
{
  /* NAME came from the command line and may hold anything. */
  char *shown = termtext_utf8_to_locale (name);

  fprintf (report, "%s:%zu: %s\n", shown, line, reason);
  free (shown);
}

/* ------------------------------------------------------------ the header */

struct columns
{
  size_t n;                     /* columns in the first row */
  size_t *field;                /* per column: a field index or COL_STATUS */
  size_t id_field;              /* index of the ID field */
};

/* The field a heading names (its export heading or its id), or
   DEF->n_fields when none. */
static size_t
field_for_heading (const struct formdef *def, const char *heading)
{
  for (size_t i = 0; i < def->n_fields; i++)
    if (strcmp (export_records_header (def, i), heading) == 0
        || strcmp (def->fields[i].id, heading) == 0)
      return i;
  return def->n_fields;
}

/* The first of the first N columns that maps to field I, or N when
   none does. */
static size_t
column_of (const struct columns *cols, size_t n, size_t i)
{
  for (size_t c = 0; c < n; c++)
    if (cols->field[c] == i)
      return c;
  return n;
}

/* What is wrong with the heading H of a column that maps to field I
   (DEF->n_fields: none).  H comes from the file: it goes through
   termtext like everything from data. */
static char *
heading_problem (const struct formdef *def, size_t i, const char *h)
{
  char *shown = termtext_utf8_to_locale (h);
  char *text = i == def->n_fields
    ? xasprintf (_("column %s is not a field of the form %s"), shown,
                 def->id)
    : xasprintf (_("column %s is given twice"), shown);

  free (shown);
  return text;
}

/* Maps the first row's headings; NULL, or what is wrong (malloc'd). */
static char *
map_header (const struct formdef *def, const struct csv_record *rec,
            struct columns *cols)
{
  const struct formdef_field *id = formdef_find_field (def,
                                                       EXPORT_RECORDS_ID_FIELD);

  cols->n = rec->nfields;
  cols->field = xcalloc (cols->n, sizeof *cols->field);
  for (size_t c = 0; c < cols->n; c++)
    {
      const char *h = rec->fields[c].text;
      size_t i = field_for_heading (def, h);

      if (strcmp (h, EXPORT_RECORDS_STATUS) == 0 && i == def->n_fields)
        i = COL_STATUS;
      else if (i == def->n_fields && !*h)
        return xasprintf (_("column %zu has no heading"), c + 1);
      if (i == def->n_fields || column_of (cols, c, i) < c)
        return heading_problem (def, i, h);
      cols->field[c] = i;
    }
  if (!id)
    return xasprintf (_("the form %s has no field for the ID number"),
                      def->id);
  cols->id_field = (size_t) (id - def->fields);
  for (size_t i = 0; i < def->n_fields; i++)
    if ((i == cols->id_field || (def->fields[i].required
                                 && def->fields[i].signed_by
                                 != FORMDEF_SIGNED_SAVER))
        && column_of (cols, cols->n, i) == cols->n)
      return xasprintf (_("no column for %s, which the form requires"),
                        export_records_header (def, i));
  return NULL;
}

/* ------------------------------------------------------------ a row */

struct row
{
  const char **value;           /* per field; NULL when no column */
  char id[IDNUM_SIZE + 32];     /* normalised */
};

/* Fills ROW from REC; NULL, or why the row cannot be a record
   (malloc'd). */
static char *
row_values (const struct formdef *def, const struct columns *cols,
            const struct csv_record *rec, struct row *row)
{
  if (rec->nfields != cols->n)
    return xasprintf (_("the row has %zu fields where the first row has "
                        "%zu"), rec->nfields, cols->n);
  memset (row->value, 0, def->n_fields * sizeof *row->value);
  for (size_t c = 0; c < cols->n; c++)
    {
      const struct csv_field *f = &rec->fields[c];
      size_t i = cols->field[c];

      if (i == COL_STATUS)
        continue;
      if (strlen (f->text) != f->len || f->len > RECORD_VALUE_MAX)
        return xasprintf (_("%s: the value cannot be stored (a NUL byte, "
                            "or too long)"), def->fields[i].name);
      row->value[i] = f->text;
    }
  if (idnum_normalise (row->value[cols->id_field], row->id, sizeof row->id)
      >= sizeof row->id)
    return xasprintf (_("%s: too long for an ID number"),
                      def->fields[cols->id_field].name);
  row->value[cols->id_field] = row->id;
  return NULL;
}

/* ------------------------------------------------------------ the record */

static bool
records_equal (const struct record *a, const struct record *b)
{
  if (record_count (a) != record_count (b))
    return false;
  for (size_t i = 0; i < record_count (a); i++)
    if (strcmp (record_name_at (a, i), record_name_at (b, i)) != 0
        || strcmp (record_value_at (a, i), record_value_at (b, i)) != 0)
      return false;
  return true;
}

static bool
signed_by_saver (const struct formdef_field *f)
{
  return f->signed_by == FORMDEF_SIGNED_SAVER;
}

/* STORED (NULL for a new person) with ROW's fields in it, signed by
   CLERK where the file leaves the saver's field blank and the record
   changes; *CHANGED says whether it differs from STORED.  Values were
   checked by row_values, so record_set cannot fail. */
static struct record *
merge (const struct formdef *def, const struct record *stored,
       const struct row *row, const char *clerk, bool *changed)
{
  struct record *rec = stored ? record_dup (stored) : record_new ();

  for (size_t i = 0; i < def->n_fields; i++)
    {
      const struct formdef_field *f = &def->fields[i];
      const char *v = row->value[i];

      if (v && !(signed_by_saver (f) && validate_blank (v)))
        record_set (rec, f->id, validate_blank (v) ? NULL : v);
    }
  record_set (rec, FORMSTATE_F_FORM, def->id);
  *changed = !stored || !records_equal (rec, stored);
  for (size_t i = 0; i < def->n_fields; i++)
    {
      const struct formdef_field *f = &def->fields[i];

      if (signed_by_saver (f) && validate_blank (row->value[i])
          && (*changed || !record_get (rec, f->id)))
        record_set (rec, f->id, clerk);
    }
  *changed = !stored || !records_equal (rec, stored);
  return rec;
}

static const char *
get_value (void *ctx, const char *field_id)
{
  return record_get (ctx, field_id);
}

/* REC's problems as form DEF judges them, joined by "; " (malloc'd), or
   NULL when there are none. */
static char *
judge (const struct formdef *def, struct record *rec)
{
  struct validate_problem *list = NULL;
  size_t n = validate_record (def, get_value, rec, &list);
  char *text = NULL;

  for (size_t i = 0; i < n; i++)
    {
      char *joined = text ? xasprintf ("%s; %s", text, list[i].message)
        : xstrdup (list[i].message);

      free (text);
      text = joined;
    }
  validate_problems_free (&list, n);
  return text;
}

/* ------------------------------------------------------------ saving */

struct row_work
{
  const struct formdef *def;
  const struct row *row;
  const char *clerk;
  char *problem;                /* set by the work: why the row is out */
  bool changed;
};

static int
row_work (struct store_txn *txn, void *arg)
{
  struct row_work *w = arg;
  struct record *stored, *rec;
  int status;

  /* The work may run again after a deadlock: start from nothing. */
  xfree (&w->problem);
  w->changed = false;
  status = store_txn_get (txn, w->row->id, &stored);
  if (status != STORE_OK && status != STORE_NOTFOUND)
    return status;
  rec = merge (w->def, stored, w->row, w->clerk, &w->changed);
  /* A row that brings nothing is unchanged even when the stored record
     has problems: importing it writes nothing to judge. */
  if (w->changed)
    w->problem = judge (w->def, rec);
  status = w->problem ? STORE_STOP : STORE_OK;
  if (w->changed && !w->problem)
    {
      record_set (rec, STORE_F_STATUS, "entered");
      status = store_txn_put (txn, w->row->id, rec, "import-records");
    }
  record_free (&rec);
  record_free (&stored);
  return status;
}

/* The name the saver's field is signed with. */
static const char *
clerk_signature (struct store *store)
{
  const struct clerk *c = store_clerk (store);

  return c->name[0] ? c->name : c->user;
}

/* Saves ROW; STORE_STOP with *PROBLEM set when it is judged bad. */
static int
save_row (struct store *store, const struct formdef *def,
          const struct row *row, bool *changed, char **problem)
{
  struct row_work w = { def, row, clerk_signature (store), NULL, false };
  int status;

  if (idnum_validate (row->id, idnum_today (), NULL) != IDNUM_VALID)
    {
      /* No person to merge with: judge the row alone, which names the
         ID's problem along with any other. */
      struct record *rec = merge (def, NULL, row, w.clerk, changed);

      *problem = judge (def, rec);
      if (!*problem)
        *problem = xasprintf ("%s: %s", formdef_find_field
                              (def, EXPORT_RECORDS_ID_FIELD)->name,
                              idnum_verdict_text
                              (idnum_validate (row->id, idnum_today (),
                                               NULL)));
      record_free (&rec);
      return STORE_STOP;
    }
  status = store_run (store, STORE_BULK, row_work, &w);
  *changed = w.changed;
  *problem = w.problem;
  return status;
}

/* ------------------------------------------------------------ seen IDs */

/* The IDs met in this file and the line of each: a small hash table. */
struct seen
{
  struct
  {
    char *id;
    size_t line;
  } *slots;
  size_t cap, used;
};

static size_t
hash_id (const char *id)
{
  size_t h = 5381;

  for (; *id; id++)
    h = h * 33 + (unsigned char) *id;
  return h;
}

/* The line ID was first met on, or 0 after noting it at LINE. */
static size_t
seen_note (struct seen *s, const char *id, size_t line)
{
  size_t i;

  if ((s->used + 1) * 2 > s->cap)
    {
      struct seen old = *s;

      s->cap = old.cap ? old.cap * 2 : 256;
      s->slots = xcalloc (s->cap, sizeof *s->slots);
      s->used = 0;
      for (size_t j = 0; j < old.cap; j++)
        if (old.slots[j].id)
          {
            for (i = hash_id (old.slots[j].id) & (s->cap - 1);
                 s->slots[i].id; i = (i + 1) & (s->cap - 1))
              ;
            s->slots[i] = old.slots[j];
            s->used++;
          }
      free (old.slots);
    }
  for (i = hash_id (id) & (s->cap - 1); s->slots[i].id;
       i = (i + 1) & (s->cap - 1))
    if (strcmp (s->slots[i].id, id) == 0)
      return s->slots[i].line;
  s->slots[i].id = xstrdup (id);
  s->slots[i].line = line;
  s->used++;
  return 0;
}

static void
seen_release (struct seen *s)
{
  for (size_t i = 0; i < s->cap; i++)
    free (s->slots[i].id);
  free (s->slots);
}

/* ------------------------------------------------------------ the import */

struct import
{
  struct store *store;
  const struct formdef *def;
  const char *name;
  FILE *report;
  struct import_totals *totals;
  struct columns cols;
  struct row row;
  struct seen seen;
};

/* One data row; STORE_OK, or what stops the import. */
static int
import_row (struct import *im, const struct csv_record *rec)
{
  char *problem = row_values (im->def, &im->cols, rec, &im->row);
  bool changed = false;
  size_t first;
  int status = STORE_OK;

  im->totals->rows++;
  if (!problem && (first = seen_note (&im->seen, im->row.id,
                                      rec->line_first)) != 0)
    problem = xasprintf (_("the same ID number as line %zu"), first);
  if (!problem)
    {
      status = save_row (im->store, im->def, &im->row, &changed, &problem);
      if (status == STORE_STOP)
        status = STORE_OK;
    }
  if (problem)
    {
      report_line (im->report, im->name, rec->line_first, problem);
      im->totals->rejected++;
    }
  else if (status == STORE_OK && changed)
    im->totals->imported++;
  else if (status == STORE_OK)
    im->totals->unchanged++;
  free (problem);
  return status;
}

/* Reads the rows after the header; the import's status. */
static enum import_status
import_rows (struct import *im, struct csv_reader *reader,
             struct charset_decoder *decoder)
{
  struct csv_record rec;
  enum csv_status cs;

  while ((cs = csv_read (reader, &rec)) == CSV_RECORD)
    {
      int status = import_row (im, &rec);

      if (status == STORE_INTERRUPTED)
        return IMPORT_INTERRUPTED;
      if (status != STORE_OK)
        {
          fprintf (im->report, "canbao: %s\n", store_error (im->store));
          return IMPORT_FAILED;
        }
    }
  if (cs == CSV_ERROR)
    {
      struct charset_pos pos;
      const char *why = charset_decoder_error (decoder, &pos);

      /* Rows before the damage are kept; the rest cannot be read. */
      report_line (im->report, im->name,
                   why ? pos.line : csv_error_line (reader),
                   why ? why : csv_error_message (reader));
      im->totals->rejected++;
    }
  return IMPORT_OK;
}

/* Reads and maps the first row; false (reported) when the file is
   refused. */
static bool
import_header (struct import *im, struct csv_reader *reader)
{
  struct csv_record rec;
  enum csv_status cs = csv_read (reader, &rec);
  char *problem;

  if (cs == CSV_EOF)
    {
      report_line (im->report, im->name, 1,
                   _("the file is empty; nothing was imported"));
      return false;
    }
  if (cs == CSV_ERROR)
    {
      report_line (im->report, im->name, csv_error_line (reader),
                   csv_error_message (reader));
      return false;
    }
  problem = map_header (im->def, &rec, &im->cols);
  if (!problem)
    return true;
  {
    char *line = xasprintf (_("%s; nothing was imported"), problem);

    report_line (im->report, im->name, rec.line_first, line);
    free (line);
    free (problem);
  }
  return false;
}

enum import_status
import_records_file (struct store *store, const struct formdef *def,
                     const char *path, const char *name,
                     struct import_totals *totals, FILE *report)
{
  struct import im = { store, def, name, report, totals, { 0, NULL, 0 },
                       { NULL, { 0 } }, { NULL, 0, 0 } };
  enum import_status result = IMPORT_REFUSED;
  struct charset_decoder *decoder = NULL;
  struct csv_reader *reader = NULL;
  enum charset_encoding enc;
  struct charset_pos bad;
  size_t len = 0;
  char *buf;

  memset (totals, 0, sizeof *totals);
  buf = slurp (path, &len);
  if (!buf)
    {
      report_line (report, name, 0, strerror (errno));
      return IMPORT_REFUSED;
    }
  if (charset_detect (buf, len, &enc, &bad) != 0)
    {
      report_line (report, name, bad.line,
                   _("the file is text in neither UTF-8 nor GB18030; "
                     "nothing was imported"));
      free (buf);
      return IMPORT_REFUSED;
    }
  decoder = charset_decoder_new (enc, buf, len);
  reader = csv_reader_new (charset_decoder_source, decoder);
  im.row.value = xcalloc (def->n_fields + 1, sizeof *im.row.value);
  if (import_header (&im, reader))
    {
      result = import_rows (&im, reader, decoder);
      /* Whatever was committed in bulk reaches the disk now. */
      store_flush (store);
    }
  free (im.row.value);
  free (im.cols.field);
  seen_release (&im.seen);
  csv_reader_free (&reader);
  charset_decoder_free (&decoder);
  free (buf);
  return result;
}
