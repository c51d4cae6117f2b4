/*
 * import_upstream.c — upstream comparison files into the store; see
 * import_upstream.h.
 *
 * The file is mapped, its encoding decided once over the whole of it
 * (charset_detect), and then decoded and parsed as a stream.  Good rows
 * wait in a batch; a batch is one transaction.  Which rows are the first
 * of their person in the file is decided before the transaction runs, so
 * that a transaction rerun after a deadlock does exactly the same.
 */
#include "system.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "charset.h"
#include "csv.h"
#include "formdef.h"
#include "import_upstream.h"
#include "msg.h"
#include "termtext.h"
#include "verify.h"

#define BATCH_ROWS 1000
/* Input kept resident behind the decoder: more than the CSV reader can
   still be looking at. */
#define PAGE_GIVE_BACK (1024 * 1024)

/* ---- the people seen in this file: ID → line of each source's row ---- */

struct seen_entry
{
  const char *id;               /* in the seen's arena; NULL: empty slot */
  size_t line[2];               /* 公安, 社保; 0 when not seen */
};

/* The IDs themselves live in blocks that never move, so that a slot is
   24 bytes whatever an ID's length: a county's file names a million
   people, and slots holding the longest ID (UPSTREAM_ID_MAX) made the
   table 180 MB. */
struct seen_block
{
  struct seen_block *next;
  size_t used;
  char text[64 * 1024 - 2 * sizeof (size_t)];
};

struct seen
{
  struct seen_entry *slots;
  size_t cap, used;
  struct seen_block *blocks;
};

static size_t
hash_id (const char *id)
{
  size_t h = 5381;

  for (; *id; id++)
    h = h * 33 + (unsigned char) *id;
  return h;
}

/* The slot holding ID, or the empty slot where it would go. */
static size_t
seen_probe (const struct seen *s, const char *id)
{
  size_t i = hash_id (id) & (s->cap - 1);

  while (s->slots[i].id && strcmp (s->slots[i].id, id) != 0)
    i = (i + 1) & (s->cap - 1);
  return i;
}

static const char *
seen_keep (struct seen *s, const char *id)
{
  size_t n = strlen (id) + 1;
  char *copy;

  if (!s->blocks || sizeof s->blocks->text - s->blocks->used < n)
    {
      struct seen_block *b = xmalloc (sizeof *b);

      b->next = s->blocks;
      b->used = 0;
      s->blocks = b;
    }
  copy = s->blocks->text + s->blocks->used;
  memcpy (copy, id, n);
  s->blocks->used += n;
  return copy;
}

static void
seen_free (struct seen *s)
{
  while (s->blocks)
    {
      struct seen_block *next = s->blocks->next;

      free (s->blocks);
      s->blocks = next;
    }
  free (s->slots);
  s->slots = NULL;
}

static void
seen_grow (struct seen *s)
{
  struct seen_entry *old = s->slots;
  size_t old_cap = s->cap;

  s->cap = old_cap ? old_cap * 2 : 1024;
  s->slots = xcalloc (s->cap, sizeof *s->slots);
  for (size_t i = 0; i < old_cap; i++)
    if (old[i].id)
      s->slots[seen_probe (s, old[i].id)] = old[i];
  free (old);
}

/* The entry for ID, created empty if absent. */
static struct seen_entry *
seen_find (struct seen *s, const char *id)
{
  size_t i;

  if ((s->used + 1) * 2 > s->cap)
    seen_grow (s);
  i = seen_probe (s, id);
  if (s->slots[i].id)
    return &s->slots[i];
  s->slots[i].id = seen_keep (s, id);
  s->used++;
  return &s->slots[i];
}

/* ---- a batch of good rows ---- */

struct pending
{
  struct upstream_row row;
};

struct batch
{
  struct pending rows[BATCH_ROWS];
  size_t n;
  unsigned long changed, unchanged;     /* set by the work, per attempt */
};

static const char *
source_prefix (const struct upstream_row *row)
{
  return strcmp (row->value[UP_SOURCE], "公安") == 0 ? "up.gongan."
    : "up.shebao.";
}

/* Columns stored once per person rather than per source. */
static bool
per_person (enum upstream_column col)
{
  return col == UP_SEQ || col == UP_TOWNSHIP || col == UP_VILLAGE
    || col == UP_ID || col == UP_SOURCE;
}

/* up.results and _queue from the rows the record holds: the two sources
   may flag different results, and the person's are their union, which
   does not depend on the order the rows came in. */
static void
refresh_person (struct record *rec)
{
  static const char *const fields[] = { "up.gongan.result",
                                        "up.shebao.result" };
  unsigned all = 0, bits;
  char codes[64], queue[96];
  const char *township = record_get (rec, "up.township");
  const char *village = record_get (rec, "up.village");

  for (size_t i = 0; i < ARRAY_SIZE (fields); i++)
    {
      const char *r = record_get (rec, fields[i]);

      if (r && upstream_results_parse (r, &bits))
        all |= bits;
    }
  upstream_results_format (all, codes, sizeof codes);
  record_set (rec, "up.results", codes);
  /* The queue key holds a tab; record values may. */
  snprintf (queue, sizeof queue, "%.40s\t%.40s", township ? township : "",
            village ? village : "");
  record_set (rec, STORE_F_QUEUE, all ? queue : NULL);
}

/* Removes REC's fields whose names start with PREFIX (one source's
   row); whether there were any. */
static bool
drop_fields (struct record *rec, const char *prefix)
{
  size_t len = strlen (prefix);
  bool dropped = false;

  for (size_t i = record_count (rec); i-- > 0;)
    if (strncmp (record_name_at (rec, i), prefix, len) == 0)
      {
        record_set (rec, record_name_at (rec, i), NULL);
        dropped = true;
      }
  return dropped;
}

static void
apply_row (struct record *rec, const struct pending *p)
{
  const struct upstream_row *row = &p->row;
  const char *prefix = source_prefix (row);
  size_t prefix_len = strlen (prefix);
  char name[96];

  /* This source's row replaces the one stored, column by column, so a
     column now empty goes away.  The other source's row is left alone
     here: drop_stale_rows removes it at the end if this file no longer
     has it, so that a person's two rows never pass through a state that
     differs from the stored one only for a moment. */
  drop_fields (rec, prefix);
  memcpy (name, prefix, prefix_len);
  for (int c = 0; c < UP_NCOLUMNS; c++)
    {
      const char *field = upstream_column_field ((enum upstream_column) c);

      if (per_person ((enum upstream_column) c))
        continue;
      /* Not snprintf: this runs for every column of every row. */
      if (prefix_len + strlen (field) >= sizeof name)
        msg_panic ("upstream field name too long: %s", field);
      strcpy (name + prefix_len, field);
      /* Empty columns are left out, so a file that lacks a column and
         one that leaves it blank store the same. */
      record_set (rec, name, *row->value[c] ? row->value[c] : NULL);
    }
  record_set (rec, "up.township", row->value[UP_TOWNSHIP]);
  record_set (rec, "up.village", row->value[UP_VILLAGE]);
  refresh_person (rec);
}

/* A person whose ID a clerk corrected (code 20) is stored under the right
   ID, and upstream keeps sending the old one: *ID becomes the right one
   (held in *ALIAS, which the caller frees). */
static int
resolve_alias (struct store_txn *txn, const char **id, char **alias)
{
  char key[RECORD_NAME_MAX + 64];
  int status;

  snprintf (key, sizeof key, "%s%s", VERIFY_META_ALIAS, *id);
  status = store_txn_meta_get (txn, key, alias);
  if (status == STORE_OK)
    *id = *alias;
  return status == STORE_NOTFOUND ? STORE_OK : status;
}

/* Applies the rows FROM .. TO-1 of B, which name the same person ID, to
   the record read once, and writes it once: a person's 公安 and 社保
   rows come one after the other, and one write instead of two halves the
   index updates and audit entries of an import.  Each row still counts
   as changed or unchanged on its own. */
static int
apply_person (struct store_txn *txn, struct batch *b, size_t from, size_t to,
              const char *id)
{
  struct record *old, *rec;
  bool changed;
  size_t rows_changed = 0;
  int status = store_txn_get (txn, id, &old);

  if (status != STORE_OK && status != STORE_NOTFOUND)
    return status;
  rec = old ? record_dup (old) : record_new ();
  for (size_t i = from; i < to; i++)
    {
      struct record *before = to - from > 1 ? record_dup (rec) : NULL;

      apply_row (rec, &b->rows[i]);
      if (!before || !record_equal (before, rec))
        rows_changed++;
      record_free (&before);
    }
  status = store_txn_put_over (txn, id, old, rec, "import", &changed);
  record_free (&old);
  record_free (&rec);
  if (status != STORE_OK)
    return status;
  if (!changed)
    rows_changed = 0;
  b->changed += rows_changed;
  b->unchanged += (to - from) - rows_changed;
  return STORE_OK;
}

static int
batch_work (struct store_txn *txn, void *arg)
{
  struct batch *b = arg;
  size_t i = 0;

  b->changed = b->unchanged = 0;
  while (i < b->n)
    {
      const char *id = b->rows[i].row.value[UP_ID];
      size_t next = i + 1;
      char *alias = NULL;
      int status;

      while (next < b->n && strcmp (b->rows[next].row.value[UP_ID], id) == 0)
        next++;
      status = resolve_alias (txn, &id, &alias);
      if (status == STORE_OK)
        status = apply_person (txn, b, i, next, id);
      free (alias);
      if (status != STORE_OK)
        return status;
      i = next;
    }
  return STORE_OK;
}

static void
batch_release (struct batch *b)
{
  for (size_t i = 0; i < b->n; i++)
    upstream_row_release (&b->rows[i].row);
  b->n = 0;
}

/* ---- the end of a file: rows of the earlier round that this one
   no longer has ---- */

struct stale_work
{
  const struct seen *seen;
  size_t from, to;              /* slots of seen to look at */
};

static int
stale_work (struct store_txn *txn, void *arg)
{
  struct stale_work *w = arg;

  for (size_t i = w->from; i < w->to; i++)
    {
      const struct seen_entry *e = &w->seen->slots[i];
      const char *other, *id = e->id;
      struct record *rec, *kept;
      char *alias = NULL;
      int status;

      if (!e->id || (e->line[0] && e->line[1]))
        continue;
      other = e->line[0] ? "up.shebao." : "up.gongan.";
      status = resolve_alias (txn, &id, &alias);
      if (status == STORE_OK)
        status = store_txn_get (txn, id, &rec);
      if (status != STORE_OK)
        {
          free (alias);
          return status;
        }
      /* Usually there is nothing to drop, and nothing is written. */
      kept = record_dup (rec);
      if (drop_fields (kept, other))
        {
          refresh_person (kept);
          status = store_txn_put_over (txn, id, rec, kept, "import", NULL);
        }
      record_free (&kept);
      record_free (&rec);
      free (alias);
      if (status != STORE_OK)
        return status;
    }
  return STORE_OK;
}

static int
drop_stale_rows (struct store *store, const struct seen *seen)
{
  for (size_t from = 0; from < seen->cap; from += BATCH_ROWS)
    {
      struct stale_work w = { seen, from, from + BATCH_ROWS < seen->cap
                              ? from + BATCH_ROWS : seen->cap };
      int status = store_run (store, STORE_BULK, stale_work, &w);

      if (status != STORE_OK)
        return status;
    }
  return STORE_OK;
}

static int
batch_commit (struct store *store, struct batch *b,
              struct import_totals *totals)
{
  int status;

  /* An empty batch (a file of whole batches ends with one) ran no work:
     its counts are still the previous batch's, already added. */
  if (b->n == 0)
    return STORE_OK;
  status = store_run (store, STORE_BULK, batch_work, b);
  if (status == STORE_OK)
    {
      totals->imported += b->changed;
      totals->unchanged += b->unchanged;
    }
  batch_release (b);
  return status;
}

/* ---- reporting ---- */

static void
report_line (FILE *report, const char *name, size_t line, const char *reason)
{
  char *shown = termtext_utf8_to_locale (name);

  /* NAME came from the command line and may hold anything: it goes out
     through termtext too. */
  fprintf (report, "%s:%zu: %s\n", shown, line, reason);
  free (shown);
}

/* charset_detect_progress's report: MAP's pages before DONE go back. */
static void
give_back (size_t done, void *map)
{
  if (done > PAGE_GIVE_BACK)
    madvise (map, (done - PAGE_GIVE_BACK) & ~(size_t) 0xfff, MADV_DONTNEED);
}

/* ---- the file ---- */

static const char *const *
record_texts (const struct csv_record *rec, const char **buf, size_t cap)
{
  size_t n = rec->nfields < cap ? rec->nfields : cap;

  for (size_t i = 0; i < n; i++)
    buf[i] = rec->fields[i].text;
  return buf;
}

enum import_status
import_upstream_file (struct store *store, const char *path,
                      const char *name, const struct upstream_vocab *vocab,
                      struct import_totals *totals, FILE *report,
                      void (*progress) (size_t done, size_t size))
{
  enum import_status result = IMPORT_OK;
  struct upstream_header header;
  struct charset_decoder *decoder = NULL;
  struct csv_reader *reader = NULL;
  struct csv_record rec;
  struct charset_pos bad;
  enum charset_encoding enc;
  struct seen seen = { NULL, 0, 0, NULL };
  struct batch *batch = NULL;
  const char *texts[256];
  char *map = NULL;
  struct stat st;
  char line_reason[512];
  int fd, status;
  bool have_header = false;

  memset (totals, 0, sizeof *totals);
  memset (&header, 0, sizeof header);
  fd = open (path, O_RDONLY);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      snprintf (line_reason, sizeof line_reason, "%s", strerror (errno));
      report_line (report, name, 0, line_reason);
      if (fd >= 0)
        close (fd);
      return IMPORT_REFUSED;
    }
  if (st.st_size > 0)
    {
      map = mmap (NULL, (size_t) st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (map == MAP_FAILED)
        {
          report_line (report, name, 0, strerror (errno));
          close (fd);
          return IMPORT_REFUSED;
        }
    }
  close (fd);

  if (charset_detect_progress (map ? map : "", (size_t) st.st_size, &enc,
                               &bad, map ? give_back : NULL, map) != 0)
    {
      report_line (report, name, bad.line,
                   _("the file is text in neither UTF-8 nor GB18030; "
                     "nothing was imported"));
      result = IMPORT_REFUSED;
      goto done;
    }
  /* Detecting read the whole file and gave back what it read as it went;
     the rest goes now, and below what the decoder has read goes back
     batch by batch, so that a county's file is never resident all at
     once.  Pages come back from the page cache if touched again. */
  if (map)
    madvise (map, (size_t) st.st_size, MADV_DONTNEED);
  decoder = charset_decoder_new (enc, map ? map : "", (size_t) st.st_size);
  reader = csv_reader_new (charset_decoder_source, decoder);
  batch = xcalloc (1, sizeof *batch);

  for (;;)
    {
      enum csv_status cs = csv_read (reader, &rec);
      struct pending *p;
      const char *reason;
      enum upstream_verdict verdict;

      if (cs == CSV_EOF)
        break;
      if (cs == CSV_ERROR)
        {
          struct charset_pos pos;
          const char *why = charset_decoder_error (decoder, &pos);

          /* Rows before the damage are kept; the rest cannot be read. */
          report_line (report, name, why ? pos.line : csv_error_line (reader),
                       why ? why : csv_error_message (reader));
          totals->rejected++;
          break;
        }
      if (!have_header)
        {
          record_texts (&rec, texts, ARRAY_SIZE (texts));
          upstream_header_map (&header, texts,
                               rec.nfields < ARRAY_SIZE (texts)
                               ? rec.nfields : ARRAY_SIZE (texts));
          have_header = true;
          if (!upstream_header_plausible (&header))
            {
              report_line (report, name, rec.line_first,
                           _("the first row does not name the upstream "
                             "format's columns (公民身份证号码, 姓名, 数据来源, "
                             "比对结果); nothing was imported"));
              result = IMPORT_REFUSED;
              goto done;
            }
          for (size_t i = 0; i < header.n_unknown; i++)
            {
              char *col = termtext_utf8_to_locale (header.unknown[i]);

              snprintf (line_reason, sizeof line_reason,
                        _("warning: column %s is not in the upstream format "
                          "and is ignored"), col);
              free (col);
              report_line (report, name, rec.line_first, line_reason);
              totals->warnings++;
            }
          continue;
        }

      totals->rows++;
      p = &batch->rows[batch->n];
      verdict = upstream_row_parse (&header, vocab,
                                    record_texts (&rec, texts,
                                                  ARRAY_SIZE (texts)),
                                    rec.nfields < ARRAY_SIZE (texts)
                                    ? rec.nfields : ARRAY_SIZE (texts),
                                    &p->row, &reason);
      if (verdict == UPSTREAM_REJECT)
        {
          report_line (report, name, rec.line_first, reason);
          upstream_row_release (&p->row);
          totals->rejected++;
          continue;
        }
      {
        struct seen_entry *e = seen_find (&seen, p->row.value[UP_ID]);
        int source = strcmp (p->row.value[UP_SOURCE], "公安") == 0 ? 0 : 1;

        if (e->line[source])
          {
            snprintf (line_reason, sizeof line_reason,
                      _("the same 公民身份证号码 and 数据来源 as line %zu"),
                      e->line[source]);
            report_line (report, name, rec.line_first, line_reason);
            upstream_row_release (&p->row);
            totals->rejected++;
            continue;
          }
        e->line[source] = rec.line_first;
      }
      if (verdict == UPSTREAM_WARN)
        {
          snprintf (line_reason, sizeof line_reason, "%s: %s", _("warning"),
                    reason);
          report_line (report, name, rec.line_first, line_reason);
          totals->warnings++;
        }
      if (++batch->n == BATCH_ROWS)
        {
          size_t read = charset_decoder_offset (decoder);

          status = batch_commit (store, batch, totals);
          if (map)
            give_back (read, map);
          if (status == STORE_INTERRUPTED)
            {
              result = IMPORT_INTERRUPTED;
              goto done;
            }
          if (status != STORE_OK)
            {
              fprintf (report, "canbao: %s\n", store_error (store));
              result = IMPORT_FAILED;
              goto done;
            }
          if (progress)
            progress (totals->rows, (size_t) st.st_size);
        }
    }
  if (!have_header)
    {
      report_line (report, name, 1, _("the file is empty; nothing was "
                                      "imported"));
      result = IMPORT_REFUSED;
      goto done;
    }
  status = batch_commit (store, batch, totals);
  if (status == STORE_OK)
    status = drop_stale_rows (store, &seen);
  if (status == STORE_INTERRUPTED)
    result = IMPORT_INTERRUPTED;
  else if (status != STORE_OK)
    {
      fprintf (report, "canbao: %s\n", store_error (store));
      result = IMPORT_FAILED;
    }

done:
  if (batch)
    batch_release (batch);
  free (batch);
  /* Whatever was committed in bulk reaches the disk now. */
  if (result != IMPORT_REFUSED)
    store_flush (store);
  seen_free (&seen);
  csv_reader_free (&reader);
  charset_decoder_free (&decoder);
  upstream_header_release (&header);
  if (map)
    munmap (map, (size_t) st.st_size);
  return result;
}

/* ---- the vocabulary, from the registration form ---- */

struct vocab_store
{
  struct upstream_vocab vocab;
  const char **codes, **names, **schemes;
};

struct upstream_vocab *
import_vocab_load (char **error)
{
  struct formdef **forms = formdef_load_all (formdef_dir (), NULL, error);
  const struct formdef *def;
  const struct formdef_field *ethnic, *pension, *medical;
  struct vocab_store *vs;
  size_t n = 0;

  if (!forms)
    return NULL;
  def = formdef_list_find (forms, "registration");
  ethnic = def ? formdef_find_field (def, "ethnicity") : NULL;
  pension = def ? formdef_find_field (def, "pension") : NULL;
  medical = def ? formdef_find_field (def, "medical") : NULL;
  if (!ethnic || !pension || !medical)
    {
      if (error)
        *error = xstrdup (_("the installed forms lack the registration form "
                            "with its 民族, 养老保险 and 医疗保险 fields"));
      formdef_free_all (&forms);
      return NULL;
    }
  vs = xcalloc (1, sizeof *vs);
  vs->codes = xcalloc (ethnic->n_options, sizeof *vs->codes);
  vs->names = xcalloc (ethnic->n_options, sizeof *vs->names);
  for (size_t i = 0; i < ethnic->n_options; i++)
    {
      vs->codes[i] = xstrdup (ethnic->options[i].number);
      vs->names[i] = xstrdup (ethnic->options[i].text);
    }
  vs->schemes = xcalloc (pension->n_options + medical->n_options,
                         sizeof *vs->schemes);
  for (size_t i = 0; i < pension->n_options; i++)
    vs->schemes[n++] = xstrdup (pension->options[i].text);
  for (size_t i = 0; i < medical->n_options; i++)
    vs->schemes[n++] = xstrdup (medical->options[i].text);
  vs->vocab.ethnic_codes = vs->codes;
  vs->vocab.ethnic_names = vs->names;
  vs->vocab.n_ethnic = ethnic->n_options;
  vs->vocab.schemes = vs->schemes;
  vs->vocab.n_schemes = n;
  formdef_free_all (&forms);
  return &vs->vocab;
}

void
import_vocab_free (struct upstream_vocab **vocab)
{
  struct vocab_store *vs = (struct vocab_store *) *vocab;

  if (!vs)
    return;
  for (size_t i = 0; i < vs->vocab.n_ethnic; i++)
    {
      free ((char *) vs->codes[i]);
      free ((char *) vs->names[i]);
    }
  for (size_t i = 0; i < vs->vocab.n_schemes; i++)
    free ((char *) vs->schemes[i]);
  free (vs->codes);
  free (vs->names);
  free (vs->schemes);
  free (vs);
  *vocab = NULL;
}
