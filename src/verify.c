/*
 * verify.c — comparing a flagged person's three versions, recording the
 * clerk's decision, and the feedback file.  See verify.h.
 */
#include "system.h"

#include "csv.h"
#include "idnum.h"
#include "msg.h"
#include "upstream.h"
#include "verify.h"

/* The spec's section-2 person columns, in its order. */
static const enum upstream_column person_columns[] = {
  UP_NAME, UP_SEX, UP_ETHNICITY, UP_BIRTH, UP_HUKOU, UP_HOME, UP_MOBILE,
  UP_EMPLOYMENT, UP_EMPLOYER, UP_PENSION, UP_MEDICAL, UP_INJURY,
  UP_UNEMPLOYMENT, UP_MATERNITY, UP_REASON, UP_ELSEWHERE
};
#define N_PERSON ARRAY_SIZE (person_columns)

static const char *const state_texts[VERIFY_NSTATES] = {
  VERIFY_PENDING, VERIFY_CONFIRMED, VERIFY_CORRECTED, VERIFY_UNVERIFIABLE
};

enum verify_state
verify_state_of (const struct record *rec)
{
  const char *result = record_get (rec, VERIFY_F_RESULT);

  for (int s = 1; result && s < VERIFY_NSTATES; s++)
    if (strcmp (result, state_texts[s]) == 0)
      return (enum verify_state) s;
  return VERIFY_STATE_PENDING;
}

const char *
verify_state_text (enum verify_state state)
{
  return state_texts[state];
}

/* ------------------------------------------------------------ values */

static const char *
get (const struct record *rec, const char *name)
{
  const char *v = record_get (rec, name);

  return v ? v : "";
}

static char *
upstream_value (const struct record *rec, const char *source,
                const char *field)
{
  char name[RECORD_NAME_MAX + 1];

  snprintf (name, sizeof name, "up.%s.%s", source, field);
  return xstrdup (get (rec, name));
}

static char *
join_fields (const struct record *rec, const char *const *names)
{
  size_t size = 1;
  char *out;

  for (size_t i = 0; names[i]; i++)
    size += strlen (get (rec, names[i]));
  out = xmalloc (size);
  out[0] = '\0';
  for (size_t i = 0; names[i]; i++)
    strcat (out, get (rec, names[i]));
  return out;
}

/* The keyed form's value in upstream's terms, "" without a form. */
static char *
local_value (const struct record *rec, const char *id, const char *field)
{
  static const char *const hukou[] = { "hukou_province", "hukou_prefecture",
                                       "hukou_county", NULL };
  static const char *const home[] = { "home_province", "home_prefecture",
                                      "home_county", "home_township",
                                      "home_village", "home_street", NULL };

  if (!record_get (rec, "_form"))
    return xstrdup ("");
  if (strcmp (field, "hukou") == 0)
    return join_fields (rec, hukou);
  if (strcmp (field, "home") == 0)
    return join_fields (rec, home);
  if (strcmp (field, "birth_date") == 0)
    {
      struct idnum_facts facts;
      char date[16] = "";

      /* The form has no date of birth: the ID carries it. */
      if (idnum_validate (id, idnum_today (), &facts) == IDNUM_VALID)
        snprintf (date, sizeof date, "%04d%02d%02d", facts.year, facts.month,
                  facts.day);
      return xstrdup (date);
    }
  if (strcmp (field, "employment") == 0)
    return xstrdup (strcmp (get (rec, "employment"), "已单位就业") == 0
                    ? "已单位就业" : get (rec, "no_employer"));
  if (strcmp (field, "injury") == 0 || strcmp (field, "unemployment") == 0
      || strcmp (field, "maternity") == 0)
    return xstrdup (*get (rec, field) ? "是" : "否");
  if (strcmp (field, "insured_elsewhere") == 0)
    return xstrdup ("");
  return xstrdup (get (rec, field));
}

/* Dates compare without their dashes: 1990-01-01 is 19900101. */
static bool
same_value (const char *field, const char *a, const char *b)
{
  if (strcmp (field, "birth_date") == 0)
    {
      while (*a || *b)
        {
          if (*a == '-')
            a++;
          else if (*b == '-')
            b++;
          else if (*a++ != *b++)
            return false;
        }
      return true;
    }
  return strcmp (a, b) == 0;
}

/* Empty values say nothing (公安 keeps no insurance data): only values
   that are there are compared. */
static bool
values_differ (const char *field, const char *const *values, size_t n)
{
  const char *first = NULL;

  for (size_t i = 0; i < n; i++)
    {
      if (!*values[i])
        continue;
      if (!first)
        first = values[i];
      else if (!same_value (field, first, values[i]))
        return true;
    }
  return false;
}

static bool
insurance_field (const char *field)
{
  static const char *const insurance[] = { "pension", "medical", "injury",
                                           "unemployment", "maternity" };

  for (size_t i = 0; i < ARRAY_SIZE (insurance); i++)
    if (strcmp (field, insurance[i]) == 0)
      return true;
  return false;
}

size_t
verify_compare (const struct record *rec, struct verify_line **linesp)
{
  struct verify_line *lines = xcalloc (N_PERSON, sizeof *lines);
  const char *id = get (rec, "id");

  for (size_t i = 0; i < N_PERSON; i++)
    {
      struct verify_line *l = &lines[i];
      char settled[RECORD_NAME_MAX + 1];
      const char *values[3];

      l->field = upstream_column_field (person_columns[i]);
      l->column = upstream_column_name (person_columns[i]);
      l->gongan = upstream_value (rec, "gongan", l->field);
      l->shebao = upstream_value (rec, "shebao", l->field);
      l->local = local_value (rec, id, l->field);
      snprintf (settled, sizeof settled, "%s%s", VERIFY_VALUE_PREFIX,
                l->field);
      l->settled = record_get (rec, settled)
                   ? xstrdup (record_get (rec, settled)) : NULL;
      /* 公安 holds no insurance data: its 否 in those columns only means
         it does not know. */
      values[0] = insurance_field (l->field) ? "" : l->gongan;
      values[1] = l->shebao;
      values[2] = l->local;
      l->differs = values_differ (l->field, values, 3);
    }
  *linesp = lines;
  return N_PERSON;
}

void
verify_compare_free (struct verify_line **linesp, size_t n)
{
  struct verify_line *lines = *linesp;

  if (!lines)
    return;
  for (size_t i = 0; i < n; i++)
    {
      free (lines[i].gongan);
      free (lines[i].shebao);
      free (lines[i].local);
      free (lines[i].settled);
    }
  free (lines);
  *linesp = NULL;
}

/* Who the person is comes from the household registry (公安); what they
   are insured in from the insurance records (社保). */
static bool
identity_field (const char *field)
{
  static const char *const identity[] = { "name", "sex", "ethnicity",
                                          "birth_date", "hukou" };

  for (size_t i = 0; i < ARRAY_SIZE (identity); i++)
    if (strcmp (field, identity[i]) == 0)
      return true;
  return false;
}

static const char *
verified_value (const struct verify_line *l)
{
  const char *first, *second;

  if (l->settled)
    return l->settled;
  if (*l->local)
    return l->local;
  first = identity_field (l->field) ? l->gongan : l->shebao;
  second = identity_field (l->field) ? l->shebao : l->gongan;
  return *first ? first : second;
}

/* ------------------------------------------------------------ deciding */

struct decide_work
{
  const char *id;
  unsigned long expected_rev;
  const struct verify_decision *d;
  const struct clerk *clerk;
};

static unsigned long
meta_number (struct store_txn *txn, const char *key, int *status)
{
  char *value = NULL;
  unsigned long n = 0;

  *status = store_txn_meta_get (txn, key, &value);
  if (*status == STORE_NOTFOUND)
    *status = STORE_OK;
  if (value)
    n = strtoul (value, NULL, 10);
  free (value);
  return n;
}

static void
today (char out[16])
{
  unsigned d = (unsigned) idnum_today ();

  snprintf (out, 16, "%04u-%02u-%02u", d / 10000 % 10000, d / 100 % 100,
            d % 100);
}

static int
decide_work (struct store_txn *txn, void *arg)
{
  struct decide_work *w = arg;
  const struct verify_decision *d = w->d;
  struct record *rec = NULL;
  unsigned long counter;
  char number[32], date[16], alias[RECORD_NAME_MAX + 64];
  int status = store_txn_get (txn, w->id, &rec);

  if (status != STORE_OK)
    return status;
  if (store_record_rev (rec) != w->expected_rev)
    {
      record_free (&rec);
      return STORE_CONFLICT;
    }
  counter = meta_number (txn, VERIFY_META_COUNTER, &status) + 1;
  snprintf (number, sizeof number, "%lu", counter);
  if (status == STORE_OK)
    status = store_txn_meta_put (txn, VERIFY_META_COUNTER, number);
  today (date);
  record_set (rec, VERIFY_F_RESULT, d->result);
  record_set (rec, VERIFY_F_NOTE, d->note ? d->note : "");
  record_set (rec, VERIFY_F_BY, w->clerk->name[0] ? w->clerk->name
              : w->clerk->user);
  record_set (rec, VERIFY_F_DATE, date);
  record_set (rec, VERIFY_F_MARK, number);
  for (size_t i = 0; i < d->n_settled; i++)
    {
      char name[RECORD_NAME_MAX + 1];

      snprintf (name, sizeof name, "%s%s", VERIFY_VALUE_PREFIX,
                d->fields[i]);
      record_set (rec, name, d->values[i]);
    }
  if (d->new_id && strcmp (d->new_id, w->id) != 0)
    {
      /* The first ID upstream sent stays, however often it is fixed. */
      if (!record_get (rec, VERIFY_F_ORIGINAL_ID))
        record_set (rec, VERIFY_F_ORIGINAL_ID, w->id);
      /* A keyed form names the person's ID too. */
      if (record_get (rec, "id"))
        record_set (rec, "id", d->new_id);
    }
  if (status == STORE_OK)
    status = store_txn_put (txn, w->id, rec, "verify");
  if (status == STORE_OK && d->new_id && strcmp (d->new_id, w->id) != 0)
    {
      status = store_txn_rename (txn, w->id, d->new_id, "verify");
      snprintf (alias, sizeof alias, "%s%s", VERIFY_META_ALIAS,
                get (rec, VERIFY_F_ORIGINAL_ID));
      if (status == STORE_OK)
        status = store_txn_meta_put (txn, alias, d->new_id);
    }
  record_free (&rec);
  return status;
}

int
verify_decide (struct store *store, const char *id,
               unsigned long expected_rev, const struct verify_decision *d)
{
  struct decide_work w = { id, expected_rev, d, store_clerk (store) };

  return store_run (store, 0, decide_work, &w);
}

struct alias_work
{
  const char *key;
  char *value;
};

static int
alias_work (struct store_txn *txn, void *arg)
{
  struct alias_work *w = arg;

  free (w->value);
  w->value = NULL;
  return store_txn_meta_get (txn, w->key, &w->value);
}

char *
verify_alias (struct store *store, const char *upstream_id)
{
  char key[RECORD_NAME_MAX + 64];
  struct alias_work w = { key, NULL };

  snprintf (key, sizeof key, "%s%s", VERIFY_META_ALIAS, upstream_id);
  if (store_run (store, 0, alias_work, &w) != STORE_OK)
    {
      free (w.value);
      return NULL;
    }
  return w.value;
}

/* ------------------------------------------------------------ feedback */

struct feedback
{
  FILE *out;
  enum charset_encoding enc;
  bool all;
  unsigned long since;          /* marks above this are new */
  unsigned long rows;
  struct csv_buf buf;
  int write_errno;
};

static bool
flush_buf (struct feedback *f)
{
  bool ok = charset_fwrite (f->buf.data, f->buf.len, f->enc, f->out);

  if (!ok)
    f->write_errno = errno;
  f->buf.len = 0;
  return ok;
}

#define N_FEEDBACK (3 + 1 + N_PERSON + 3 + 5)

static void
write_header (struct feedback *f)
{
  const char *h[N_FEEDBACK];
  size_t n = 0;

  h[n++] = upstream_column_name (UP_SEQ);
  h[n++] = upstream_column_name (UP_TOWNSHIP);
  h[n++] = upstream_column_name (UP_VILLAGE);
  h[n++] = upstream_column_name (UP_ID);
  for (size_t i = 0; i < N_PERSON; i++)
    h[n++] = upstream_column_name (person_columns[i]);
  h[n++] = upstream_column_name (UP_SOURCE);
  h[n++] = upstream_column_name (UP_RESULT);
  h[n++] = upstream_column_name (UP_NOTE);
  h[n++] = "原身份证号码";
  h[n++] = "核实结果";
  h[n++] = "核实说明";
  h[n++] = "经办人";
  h[n++] = "核实日期";
  csv_write_record (&f->buf, h, n, CSV_CRLF);
}

static const char *
first_of (const struct record *rec, const char *a, const char *b)
{
  return *get (rec, a) ? get (rec, a) : get (rec, b);
}

static int
feedback_row (const char *id, const struct record *rec, void *arg)
{
  struct feedback *f = arg;
  struct verify_line *lines = NULL;
  const char *v[N_FEEDBACK];
  char seq[32];
  size_t n = 0, nl;

  if (verify_state_of (rec) == VERIFY_STATE_PENDING)
    return STORE_OK;
  if (!f->all && strtoul (get (rec, VERIFY_F_MARK), NULL, 10) <= f->since)
    return STORE_OK;
  nl = verify_compare (rec, &lines);
  snprintf (seq, sizeof seq, "%lu", f->rows + 1);
  v[n++] = seq;
  v[n++] = first_of (rec, "township", "up.township");
  v[n++] = first_of (rec, "village", "up.village");
  v[n++] = id;
  for (size_t i = 0; i < nl; i++)
    v[n++] = verified_value (&lines[i]);
  v[n++] = "入户核实";
  v[n++] = get (rec, "up.results");
  v[n++] = first_of (rec, "up.gongan.note", "up.shebao.note");
  v[n++] = get (rec, VERIFY_F_ORIGINAL_ID);
  v[n++] = get (rec, VERIFY_F_RESULT);
  v[n++] = get (rec, VERIFY_F_NOTE);
  v[n++] = get (rec, VERIFY_F_BY);
  v[n++] = get (rec, VERIFY_F_DATE);
  csv_write_record (&f->buf, v, n, CSV_CRLF);
  verify_compare_free (&lines, nl);
  f->rows++;
  return flush_buf (f) ? STORE_OK : STORE_ERROR;
}

struct marks
{
  unsigned long counter, exported;
  bool update;
};

static int
marks_work (struct store_txn *txn, void *arg)
{
  struct marks *m = arg;
  int status = STORE_OK;
  char number[32];

  if (m->update)
    {
      snprintf (number, sizeof number, "%lu", m->counter);
      return store_txn_meta_put (txn, VERIFY_META_FEEDBACK, number);
    }
  m->counter = meta_number (txn, VERIFY_META_COUNTER, &status);
  if (status == STORE_OK)
    m->exported = meta_number (txn, VERIFY_META_FEEDBACK, &status);
  return status;
}

int
verify_export_feedback (struct store *store, FILE *out,
                        enum charset_encoding enc, bool all,
                        unsigned long *rows)
{
  struct marks m = { 0, 0, false };
  struct feedback f;
  int status;

  memset (&f, 0, sizeof f);
  f.out = out;
  f.enc = enc;
  f.all = all;
  status = store_run (store, 0, marks_work, &m);
  if (status != STORE_OK)
    return status;
  f.since = m.exported;
  if (enc == CHARSET_UTF8_BOM && fwrite ("\xef\xbb\xbf", 1, 3, out) != 3)
    return STORE_ERROR;
  write_header (&f);
  status = flush_buf (&f) ? STORE_OK : STORE_ERROR;
  if (status == STORE_OK)
    status = store_scan (store, STORE_BY_ID, "", feedback_row, &f);
  if (status == STORE_OK && fflush (out) != 0)
    status = STORE_ERROR;
  csv_buf_release (&f.buf);
  if (rows)
    *rows = f.rows;
  if (status != STORE_OK)
    return status;
  /* Decisions made while the file was written have marks above the
     counter read before it, so the next export still takes them. */
  m.update = true;
  return store_run (store, 0, marks_work, &m);
}
