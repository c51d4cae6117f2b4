/*
 * stats.c — counts by region; see stats.h.
 *
 * During the scan there is one stats_region per village, in an array kept
 * sorted by (township, village) and searched by bisection; at the end the
 * villages become the rows, each township's subtotal before them.
 */
#include "system.h"

#include "msg.h"
#include "stats.h"

struct collect
{
  const char *township;         /* the filter, or NULL */
  struct stats_region *villages;
  size_t n, cap;
};

/* The value of A if it is not empty, else of B (NULL: none); NULL when
   neither has one. */
static const char *
field_or (const struct record *rec, const char *a, const char *b)
{
  const char *v = record_get (rec, a);

  if (v && *v)
    return v;
  v = b ? record_get (rec, b) : NULL;
  return v && *v ? v : NULL;
}

static int
region_cmp (const char *t1, const char *v1, const char *t2, const char *v2)
{
  int c = strcmp (t1, t2);

  return c ? c : strcmp (v1, v2);
}

/* The counts of TOWNSHIP's VILLAGE, made when first met. */
static struct stats_region *
village_of (struct collect *c, const char *township, const char *village)
{
  size_t lo = 0, hi = c->n;
  struct stats_region *r;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      int cmp = region_cmp (township, village, c->villages[mid].township,
                            c->villages[mid].village);

      if (cmp == 0)
        return &c->villages[mid];
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  if (c->n == c->cap)
    {
      c->cap = c->cap ? 2 * c->cap : 16;
      c->villages = xrealloc (c->villages, c->cap * sizeof *c->villages);
    }
  memmove (&c->villages[lo + 1], &c->villages[lo],
           (c->n - lo) * sizeof *c->villages);
  c->n++;
  r = &c->villages[lo];
  memset (r, 0, sizeof *r);
  r->township = xstrdup (township);
  r->village = xstrdup (village);
  return r;
}

/* Adds N people to REASON's count in R. */
static void
add_reason (struct stats_region *r, const char *reason, unsigned long n)
{
  size_t lo = 0, hi = r->n_reasons;

  while (lo < hi)
    {
      size_t mid = lo + (hi - lo) / 2;
      int cmp = strcmp (reason, r->reasons[mid].reason);

      if (cmp == 0)
        {
          r->reasons[mid].people += n;
          return;
        }
      if (cmp < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  r->reasons = xrealloc (r->reasons, (r->n_reasons + 1) * sizeof *r->reasons);
  memmove (&r->reasons[lo + 1], &r->reasons[lo],
           (r->n_reasons - lo) * sizeof *r->reasons);
  r->n_reasons++;
  r->reasons[lo].reason = xstrdup (reason);
  r->reasons[lo].people = n;
}

/* The results named in TEXT ("01;05", codes or names, ';' or '；'
   between them) as bits in upstream_result_code order; parts that name
   none are passed over. */
static unsigned
result_bits (const char *text)
{
  unsigned bits = 0;

  while (text && *text)
    {
      const char *semi = strchr (text, ';');
      const char *wide = strstr (text, "；");
      const char *end = semi;
      size_t skip = 1;

      if (wide && (!end || wide < end))
        {
          end = wide;
          skip = strlen ("；");
        }
      size_t len = end ? (size_t) (end - text) : strlen (text);

      for (int i = 0; i < UP_NRESULTS; i++)
        if ((strlen (upstream_result_code (i)) == len
             && strncmp (text, upstream_result_code (i), len) == 0)
            || (strlen (upstream_result_name (i)) == len
                && strncmp (text, upstream_result_name (i), len) == 0))
          bits |= 1u << i;
      text = end ? end + skip : NULL;
    }
  return bits;
}

static const char *const state_text[VERIFY_NSTATES] = {
  [VERIFY_STATE_PENDING] = VERIFY_PENDING,
  [VERIFY_STATE_CONFIRMED] = VERIFY_CONFIRMED,
  [VERIFY_STATE_CORRECTED] = VERIFY_CORRECTED,
  [VERIFY_STATE_UNVERIFIABLE] = VERIFY_UNVERIFIABLE
};

const char *
stats_state_text (int i)
{
  return i >= 0 && i < VERIFY_NSTATES ? state_text[i] : "";
}

static int
count_person (const char *id, const struct record *rec, void *arg)
{
  struct collect *c = arg;
  const char *township = field_or (rec, "township", "up.township");
  const char *village = field_or (rec, "village", "up.village");
  const char *status = record_get (rec, STORE_F_STATUS);
  const char *form = record_get (rec, "_form");
  const char *results = record_get (rec, "up.results");
  const char *verdict = record_get (rec, VERIFY_F_RESULT);
  const char *reason;
  struct stats_region *r;
  unsigned bits;

  (void) id;
  if (!township)
    township = STATS_UNFILLED;
  if (!village)
    village = STATS_UNFILLED;
  if (c->township && strcmp (township, c->township) != 0)
    return STORE_OK;
  r = village_of (c, township, village);
  r->people++;
  if (form && *form && status
      && (strcmp (status, "entered") == 0 || strcmp (status, "reviewed") == 0))
    r->keyed++;
  if (status && strcmp (status, "reviewed") == 0)
    r->reviewed++;
  bits = result_bits (results);
  for (int i = 0; i < UP_NRESULTS; i++)
    if (bits & (1u << i))
      r->by_result[i]++;
  if (verdict && *verdict)
    {
      for (int i = VERIFY_STATE_CONFIRMED; i < VERIFY_NSTATES; i++)
        if (strcmp (verdict, state_text[i]) == 0)
          r->by_state[i]++;
    }
  else if (results && *results)
    r->by_state[VERIFY_STATE_PENDING]++;
  reason = field_or (rec, "reason_uninsured", "up.gongan.reason_uninsured");
  if (!reason)
    reason = field_or (rec, "up.shebao.reason_uninsured", NULL);
  if (reason)
    {
      r->uninsured++;
      add_reason (r, reason, 1);
    }
  return STORE_OK;
}

/* Adds FROM's counts into TO. */
static void
add_into (struct stats_region *to, const struct stats_region *from)
{
  to->people += from->people;
  to->keyed += from->keyed;
  to->reviewed += from->reviewed;
  for (int i = 0; i < UP_NRESULTS; i++)
    to->by_result[i] += from->by_result[i];
  for (int i = 0; i < VERIFY_NSTATES; i++)
    to->by_state[i] += from->by_state[i];
  to->uninsured += from->uninsured;
  for (size_t i = 0; i < from->n_reasons; i++)
    add_reason (to, from->reasons[i].reason, from->reasons[i].people);
}

static void
region_release (struct stats_region *r)
{
  free (r->township);
  free (r->village);
  for (size_t i = 0; i < r->n_reasons; i++)
    free (r->reasons[i].reason);
  free (r->reasons);
  memset (r, 0, sizeof *r);
}

void
stats_release (struct stats *s)
{
  for (size_t i = 0; i < s->n_rows; i++)
    region_release (&s->rows[i]);
  free (s->rows);
  region_release (&s->total);
  memset (s, 0, sizeof *s);
}

int
stats_collect (struct store *store, const char *township, struct stats *out)
{
  struct collect c = { township, NULL, 0, 0 };
  struct stats_region *subtotal = NULL;
  size_t towns = 0;
  int status;

  memset (out, 0, sizeof *out);
  status = store_scan (store, STORE_BY_ID, "", count_person, &c);
  if (status != STORE_OK)
    {
      for (size_t i = 0; i < c.n; i++)
        region_release (&c.villages[i]);
      free (c.villages);
      return status;
    }
  for (size_t i = 0; i < c.n; i++)
    if (i == 0 || strcmp (c.villages[i].township,
                          c.villages[i - 1].township) != 0)
      towns++;
  out->rows = xcalloc (c.n + towns + 1, sizeof *out->rows);
  out->n_townships = towns;
  for (size_t i = 0; i < c.n; i++)
    {
      struct stats_region *v;

      if (!subtotal || strcmp (c.villages[i].township,
                               subtotal->township) != 0)
        {
          subtotal = &out->rows[out->n_rows++];
          subtotal->township = xstrdup (c.villages[i].township);
        }
      v = &out->rows[out->n_rows++];
      *v = c.villages[i];       /* the row takes the strings over */
      add_into (subtotal, v);
      add_into (&out->total, v);
    }
  free (c.villages);
  return STORE_OK;
}

/* ---- CSV ---- */

struct csv_out
{
  struct csv_buf buf;
  bool (*fn) (const struct csv_buf *buf, void *arg);
  void *arg;
  bool ok;
};

static void
put_record (struct csv_out *o, const char *const *fields, size_t n)
{
  if (!o->ok)
    return;
  o->buf.len = 0;
  csv_write_record (&o->buf, fields, n, CSV_CRLF);
  o->ok = o->fn (&o->buf, o->arg);
}

/* The township and village cells of R: 合计 and "" for the total. */
static void
region_cells (const struct stats *s, const struct stats_region *r,
              const char **cells)
{
  if (r == &s->total)
    {
      cells[0] = STATS_TOTAL;
      cells[1] = "";
    }
  else
    {
      cells[0] = r->township;
      cells[1] = r->village ? r->village : "";
    }
}

#define NUM_SIZE 24

static void
csv_progress (struct csv_out *o, const struct stats *s)
{
  const char *cells[3 + 3 + VERIFY_NSTATES];
  char nums[3 + VERIFY_NSTATES][NUM_SIZE];

  cells[0] = STATS_H_TABLE;
  cells[1] = STATS_H_TOWNSHIP;
  cells[2] = STATS_H_VILLAGE;
  cells[3] = STATS_H_PEOPLE;
  cells[4] = STATS_H_KEYED;
  cells[5] = STATS_H_REVIEWED;
  for (int i = 0; i < VERIFY_NSTATES; i++)
    cells[6 + i] = state_text[i];
  put_record (o, cells, ARRAY_SIZE (cells));
  for (size_t i = 0; i <= s->n_rows; i++)
    {
      const struct stats_region *r = stats_row (s, i);

      cells[0] = STATS_T_PROGRESS;
      region_cells (s, r, cells + 1);
      snprintf (nums[0], NUM_SIZE, "%lu", r->people);
      snprintf (nums[1], NUM_SIZE, "%lu", r->keyed);
      snprintf (nums[2], NUM_SIZE, "%lu", r->reviewed);
      for (int j = 0; j < VERIFY_NSTATES; j++)
        snprintf (nums[3 + j], NUM_SIZE, "%lu", r->by_state[j]);
      for (size_t j = 0; j < ARRAY_SIZE (nums); j++)
        cells[3 + j] = nums[j];
      put_record (o, cells, ARRAY_SIZE (cells));
    }
}

static void
csv_results (struct csv_out *o, const struct stats *s)
{
  const char *cells[3 + UP_NRESULTS];
  char nums[UP_NRESULTS][NUM_SIZE];

  cells[0] = STATS_H_TABLE;
  cells[1] = STATS_H_TOWNSHIP;
  cells[2] = STATS_H_VILLAGE;
  for (int i = 0; i < UP_NRESULTS; i++)
    cells[3 + i] = upstream_result_code (i);
  put_record (o, cells, ARRAY_SIZE (cells));
  for (size_t i = 0; i <= s->n_rows; i++)
    {
      const struct stats_region *r = stats_row (s, i);

      cells[0] = STATS_T_RESULTS;
      region_cells (s, r, cells + 1);
      for (int j = 0; j < UP_NRESULTS; j++)
        {
          snprintf (nums[j], NUM_SIZE, "%lu", r->by_result[j]);
          cells[3 + j] = nums[j];
        }
      put_record (o, cells, ARRAY_SIZE (cells));
    }
}

static void
csv_reasons (struct csv_out *o, const struct stats *s)
{
  const char *cells[5] = { STATS_H_TABLE, STATS_H_TOWNSHIP, STATS_H_VILLAGE,
                           STATS_H_REASON, STATS_H_PEOPLE };
  char num[NUM_SIZE];

  put_record (o, cells, ARRAY_SIZE (cells));
  for (size_t i = 0; i <= s->n_rows; i++)
    {
      const struct stats_region *r = stats_row (s, i);

      cells[0] = STATS_T_REASONS;
      region_cells (s, r, cells + 1);
      for (size_t j = 0; j < r->n_reasons; j++)
        {
          cells[3] = r->reasons[j].reason;
          snprintf (num, sizeof num, "%lu", r->reasons[j].people);
          cells[4] = num;
          put_record (o, cells, ARRAY_SIZE (cells));
        }
    }
}

bool
stats_each_csv_record (const struct stats *s,
                       bool (*fn) (const struct csv_buf *buf, void *arg),
                       void *arg)
{
  struct csv_out o = { { NULL, 0, 0 }, fn, arg, true };

  csv_progress (&o, s);
  csv_results (&o, s);
  csv_reasons (&o, s);
  csv_buf_release (&o.buf);
  return o.ok;
}

static bool
write_record (const struct csv_buf *buf, void *arg)
{
  return fwrite (buf->data, 1, buf->len, (FILE *) arg) == buf->len;
}

bool
stats_write_csv (const struct stats *s, FILE *out)
{
  return stats_each_csv_record (s, write_record, out) && fflush (out) == 0;
}

const struct stats_region *
stats_row (const struct stats *s, size_t i)
{
  return i < s->n_rows ? &s->rows[i] : &s->total;
}
