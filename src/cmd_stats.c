/*
 * cmd_stats.c — `canbao stats [--township NAME] [--format table|csv]`:
 * the statistics by region (统计分析) that stats.c counts.
 *
 * As tables for the terminal: each township's subtotal followed by its
 * villages indented, then 合计; first 人数, 已录入, 已复核 and the
 * verification states, then the people flagged with each comparison result
 * (columns headed by the codes, a legend naming them), then the uninsured
 * by reason.  Columns are measured in terminal columns (a CJK character
 * takes two) and names too wide for theirs are cut, marked with '>'.
 * Headings and names are data and pass through cmd_put_text.
 *
 * --format csv writes the three tables as one CSV (stats_write_csv):
 * UTF-8 bytes as they are when standard output is a file or a pipe; on a
 * terminal each record is shown through cmd_put_text instead, so nothing
 * from data reaches it raw.
 */
#include "system.h"

#include <getopt.h>
#include <unistd.h>

#include "cmd.h"
#include "msg.h"
#include "stats.h"
#include "termtext.h"

/* The widest a name or a reason may make its column. */
#define NAME_COLS 20
#define REASON_COLS 30
/* Between two columns. */
#define GAP "  "
/* How wide the legend may run. */
#define LEGEND_COLS 78

/* A table being built: NCOLS columns, a heading each, rows of malloc'd
   UTF-8 cells. */
struct table
{
  size_t ncols;
  const char *const *heads;
  const bool *left;             /* left-aligned columns */
  const int *max;               /* the widest each may be, 0: any */
  char **cells;                 /* nrows * ncols */
  size_t nrows, cap;
};

static void
table_add (struct table *t, char **row)
{
  if (t->nrows == t->cap)
    {
      t->cap = t->cap ? 2 * t->cap : 16;
      t->cells = xrealloc (t->cells, t->cap * t->ncols * sizeof *t->cells);
    }
  memcpy (&t->cells[t->nrows * t->ncols], row, t->ncols * sizeof *row);
  t->nrows++;
}

static void
table_release (struct table *t)
{
  for (size_t i = 0; i < t->nrows * t->ncols; i++)
    free (t->cells[i]);
  free (t->cells);
  t->cells = NULL;
  t->nrows = t->cap = 0;
}

static void
put_spaces (int n)
{
  while (n-- > 0)
    fputc (' ', stdout);
}

/* TEXT in exactly WIDTH columns: cut with '>' when it is wider, padded on
   the right (LEFT) or the left. */
static void
put_cell (const char *text, int width, bool left)
{
  wchar_t *ws = termtext_from_utf8 (text);
  wchar_t *fitted = termtext_fit_mark (ws, width, L">");
  int w = termtext_width (fitted);
  char *utf8 = termtext_to_utf8 (fitted);

  if (!left)
    put_spaces (width - w);
  cmd_put_text (stdout, utf8);
  if (left)
    put_spaces (width - w);
  free (utf8);
  free (fitted);
  free (ws);
}

static void
table_print (const struct table *t)
{
  int *width = xcalloc (t->ncols, sizeof *width);
  int total = 0;

  for (size_t c = 0; c < t->ncols; c++)
    {
      width[c] = termtext_utf8_width (t->heads[c]);
      for (size_t r = 0; r < t->nrows; r++)
        {
          int w = termtext_utf8_width (t->cells[r * t->ncols + c]);

          if (w > width[c])
            width[c] = w;
        }
      if (t->max[c] && width[c] > t->max[c])
        width[c] = t->max[c];
      total += width[c] + (c ? (int) strlen (GAP) : 0);
    }
  for (size_t c = 0; c < t->ncols; c++)
    {
      if (c)
        fputs (GAP, stdout);
      /* The last column needs no padding after it. */
      if (c + 1 == t->ncols && t->left[c])
        cmd_put_text (stdout, t->heads[c]);
      else
        put_cell (t->heads[c], width[c], t->left[c]);
    }
  fputc ('\n', stdout);
  for (int i = 0; i < total; i++)
    fputc ('-', stdout);
  fputc ('\n', stdout);
  for (size_t r = 0; r < t->nrows; r++)
    {
      for (size_t c = 0; c < t->ncols; c++)
        {
          if (c)
            fputs (GAP, stdout);
          put_cell (t->cells[r * t->ncols + c], width[c], t->left[c]);
        }
      fputc ('\n', stdout);
    }
  free (width);
}

/* R's name in the first column: the township, a village indented, or
   合计. */
static char *
region_name (const struct stats *s, const struct stats_region *r)
{
  if (r == &s->total)
    return xstrdup (STATS_TOTAL);
  if (r->village)
    return xasprintf ("  %s", r->village);
  return xstrdup (r->township);
}

static void
print_progress (const struct stats *s)
{
  static const char *const heads[] = {
    STATS_H_REGION, STATS_H_PEOPLE, STATS_H_KEYED, STATS_H_REVIEWED,
    VERIFY_PENDING, VERIFY_CONFIRMED, VERIFY_CORRECTED, VERIFY_UNVERIFIABLE
  };
  static const bool left[ARRAY_SIZE (heads)] = { true };
  static const int max[ARRAY_SIZE (heads)] = { NAME_COLS };
  struct table t = { ARRAY_SIZE (heads), heads, left, max, NULL, 0, 0 };

  for (size_t i = 0; i <= s->n_rows; i++)
    {
      const struct stats_region *r = stats_row (s, i);
      char *row[ARRAY_SIZE (heads)];

      row[0] = region_name (s, r);
      row[1] = xasprintf ("%lu", r->people);
      row[2] = xasprintf ("%lu", r->keyed);
      row[3] = xasprintf ("%lu", r->reviewed);
      for (int j = 0; j < VERIFY_NSTATES; j++)
        row[4 + j] = xasprintf ("%lu", r->by_state[j]);
      table_add (&t, row);
    }
  printf ("%s\n\n", _("People, forms keyed and verification by region"));
  table_print (&t);
  table_release (&t);
}

/* The codes and their names, as many to a line as fit. */
static void
print_legend (void)
{
  int used = 0;

  for (int i = 0; i < UP_NRESULTS; i++)
    {
      char *item = xasprintf ("%s %s", upstream_result_code (i),
                              upstream_result_name (i));
      int w = termtext_utf8_width (item);

      if (used && used + (int) strlen (GAP) + w > LEGEND_COLS)
        {
          fputc ('\n', stdout);
          used = 0;
        }
      if (used)
        {
          fputs (GAP, stdout);
          used += (int) strlen (GAP);
        }
      cmd_put_text (stdout, item);
      used += w;
      free (item);
    }
  fputc ('\n', stdout);
}

static void
print_results (const struct stats *s)
{
  const char *heads[1 + UP_NRESULTS];
  bool left[1 + UP_NRESULTS] = { true };
  int max[1 + UP_NRESULTS] = { NAME_COLS };
  struct table t = { ARRAY_SIZE (heads), heads, left, max, NULL, 0, 0 };

  heads[0] = STATS_H_REGION;
  for (int i = 0; i < UP_NRESULTS; i++)
    heads[1 + i] = upstream_result_code (i);
  for (size_t i = 0; i <= s->n_rows; i++)
    {
      const struct stats_region *r = stats_row (s, i);
      char *row[1 + UP_NRESULTS];

      row[0] = region_name (s, r);
      for (int j = 0; j < UP_NRESULTS; j++)
        row[1 + j] = xasprintf ("%lu", r->by_result[j]);
      table_add (&t, row);
    }
  printf ("%s\n\n", _("People flagged by comparison result"));
  print_legend ();
  fputc ('\n', stdout);
  table_print (&t);
  table_release (&t);
}

static void
print_reasons (const struct stats *s)
{
  static const char *const heads[] = {
    STATS_H_REGION, STATS_H_REASON, STATS_H_PEOPLE
  };
  static const bool left[ARRAY_SIZE (heads)] = { true, true, false };
  static const int max[ARRAY_SIZE (heads)] = { NAME_COLS, REASON_COLS, 0 };
  struct table t = { ARRAY_SIZE (heads), heads, left, max, NULL, 0, 0 };

  for (size_t i = 0; i <= s->n_rows; i++)
    {
      const struct stats_region *r = stats_row (s, i);

      for (size_t j = 0; j < r->n_reasons; j++)
        {
          char *row[ARRAY_SIZE (heads)];

          row[0] = j == 0 ? region_name (s, r) : xstrdup ("");
          row[1] = xstrdup (r->reasons[j].reason);
          row[2] = xasprintf ("%lu", r->reasons[j].people);
          table_add (&t, row);
        }
      if (r == &s->total && r->n_reasons == 0)
        {
          char *row[ARRAY_SIZE (heads)];

          row[0] = region_name (s, r);
          row[1] = xstrdup ("");
          row[2] = xstrdup ("0");
          table_add (&t, row);
        }
    }
  printf ("%s\n\n", _("Uninsured people by reason"));
  table_print (&t);
  table_release (&t);
}

/* One CSV record on a terminal: shown, never raw. */
static bool
show_record (const struct csv_buf *buf, void *arg)
{
  char *line = xstrndup (buf->data, buf->len);
  size_t len = strlen (line);

  (void) arg;
  while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
    line[--len] = '\0';
  cmd_put_text (stdout, line);
  fputc ('\n', stdout);
  free (line);
  return true;
}

static int
run_stats (const struct cmd_context *ctx, int argc, char **argv)
{
  static const struct option options[] = {
    { "township", required_argument, NULL, 't' },
    { "format", required_argument, NULL, 'f' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  struct store *store;
  struct stats s;
  char *dir, *error = NULL, *township = NULL;
  bool csv = false;
  int opt, status = CMD_OK;

  optind = 0;
  while ((opt = getopt_long (argc, argv, "+t:f:h", options, NULL)) != -1)
    switch (opt)
      {
      case 't':
        free (township);
        township = termtext_locale_to_utf8 (optarg);
        if (!township)
          return cmd_usage_error (&cmd_stats,
                                  _("the township is not text in the "
                                    "terminal's character set"));
        break;
      case 'f':
        if (strcmp (optarg, "csv") == 0)
          csv = true;
        else if (strcmp (optarg, "table") == 0)
          csv = false;
        else
          {
            free (township);
            return cmd_usage_error (&cmd_stats,
                                    _("the format is table or csv"));
          }
        break;
      case 'h':
        printf ("%s canbao stats %s\n%s\n", _("Usage:"), _(cmd_stats.args),
                _(cmd_stats.summary));
        free (township);
        return CMD_OK;
      default:
        free (township);
        return cmd_usage_error (&cmd_stats, _("unknown option"));
      }
  if (optind != argc)
    {
      free (township);
      return cmd_usage_error (&cmd_stats, _("unexpected argument"));
    }

  dir = cmd_db_dir (ctx);
  if (store_open (dir, &store, &error) != STORE_OK)
    {
      fprintf (stderr, "canbao: %s\n", error);
      free (error);
      free (dir);
      free (township);
      return CMD_USAGE;
    }
  free (dir);
  if (stats_collect (store, township, &s) != STORE_OK)
    {
      fprintf (stderr, "canbao: %s\n", store_error (store));
      status = CMD_USAGE;
    }
  else
    {
      if (township && s.n_rows == 0)
        {
          char *msg = termtext_message (_("no one in the database belongs "
                                          "to township %s"), township);

          fprintf (stderr, "canbao: %s\n", msg);
          free (msg);
          status = CMD_REJECTED;
        }
      if (csv && isatty (STDOUT_FILENO))
        stats_each_csv_record (&s, show_record, NULL);
      else if (csv)
        stats_write_csv (&s, stdout);   /* main.c reports a write error */
      else
        {
          print_progress (&s);
          fputc ('\n', stdout);
          print_results (&s);
          fputc ('\n', stdout);
          print_reasons (&s);
        }
    }
  stats_release (&s);
  store_close (&store);
  free (township);
  return status;
}

const struct cmd cmd_stats = {
  "stats", N_("[--township NAME] [--format table|csv]"),
  N_("count people, forms, verification and reasons by township and "
     "village"),
  run_stats
};
