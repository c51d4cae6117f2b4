/*
 * cmd_demo.c — `canbao demo [--reset]`: canbao on a database of synthetic
 * people, so that a newcomer sees every screen with something on it.
 *
 * The demonstration database lives in its own directory (the default
 * database's name with "-demo", or --db), and is marked demo=1 in
 * meta.db.  canbao never puts demonstration data into a database that
 * holds anything else: an unmarked database that is not empty is refused.
 * The data are the synthetic upstream round and invalid IDs of the
 * samples, a few more people for the results they lack (03, 04, 21),
 * so that every comparison result is there, keyed forms for some of the same
 * people, and a few decisions already recorded, read from DEMODIR
 * ($CANBAO_DEMODIR when set, for a build tree).
 */
#include "system.h"

#include <getopt.h>

#include "cmd.h"
#include "formdef.h"
#include "import_records.h"
#include "import_upstream.h"
#include "msg.h"
#include "store.h"
#include "termtext.h"
#include "ui.h"
#include "verify.h"

#define DEMO_META "demo"

static const char *
demo_dir (void)
{
  const char *dir = getenv ("CANBAO_DEMODIR");

  return dir && *dir ? dir : DEMODIR;
}

struct meta_get
{
  char *value;
};

static int
read_demo_mark (struct store_txn *txn, void *arg)
{
  struct meta_get *m = arg;
  int status;

  free (m->value);
  m->value = NULL;
  status = store_txn_meta_get (txn, DEMO_META, &m->value);
  return status == STORE_NOTFOUND ? STORE_OK : status;
}

static int
write_demo_mark (struct store_txn *txn, void *arg)
{
  (void) arg;
  return store_txn_meta_put (txn, DEMO_META, "1");
}

/* A few decisions, so that the statistics and the feedback file have
   something in them: the first flagged people of the queue. */
struct first_flagged
{
  char ids[3][32];
  unsigned long revs[3];
  size_t n;
};

static int
collect_flagged (const char *id, const struct record *rec, void *arg)
{
  struct first_flagged *f = arg;

  if (f->n == 3)
    return STORE_STOP;
  snprintf (f->ids[f->n], sizeof f->ids[f->n], "%s", id);
  f->revs[f->n++] = store_record_rev (rec);
  return STORE_OK;
}

static int
fill (struct store *store)
{
  static const char *const upstream[] = { "upstream-round1.csv",
                                          "upstream-invalid-id.csv",
                                          "upstream-more.csv" };
  static const char *const results[] = { VERIFY_CONFIRMED, VERIFY_CORRECTED,
                                         VERIFY_UNVERIFIABLE };
  static const char *const notes[] = { "", "按户口簿核对更正",
                                       "人户分离，联系不上" };
  struct upstream_vocab *vocab;
  struct formdef **forms;
  struct first_flagged flagged;
  char *error = NULL;
  FILE *devnull = fopen ("/dev/null", "w");
  int status = CMD_OK;

  vocab = import_vocab_load (&error);
  forms = formdef_load_all (formdef_dir (), NULL, &error);
  if (!vocab || !forms || !devnull)
    {
      fprintf (stderr, "canbao: %s\n", error ? error : strerror (errno));
      status = CMD_USAGE;
      goto out;
    }
  for (size_t i = 0; i < ARRAY_SIZE (upstream) && status == CMD_OK; i++)
    {
      struct import_totals totals;
      char *path = xasprintf ("%s/%s", demo_dir (), upstream[i]);

      memset (&totals, 0, sizeof totals);
      /* Every demonstration row is good: a rejected one is a broken
         installation, better said than hidden. */
      if (import_upstream_file (store, path, upstream[i], vocab, &totals,
                                stderr, NULL) != IMPORT_OK
          || totals.rejected > 0)
        status = CMD_USAGE;
      free (path);
    }
  if (status == CMD_OK)
    {
      struct import_totals totals;
      char *path = xasprintf ("%s/forms-registration.csv", demo_dir ());
      const struct formdef *reg = formdef_list_find (forms, "registration");

      memset (&totals, 0, sizeof totals);
      if (!reg || import_records_file (store, reg, path,
                                       "forms-registration.csv", &totals,
                                       stderr) != IMPORT_OK
          || totals.rejected > 0)
        status = CMD_USAGE;
      free (path);
    }
  memset (&flagged, 0, sizeof flagged);
  if (status == CMD_OK)
    store_scan (store, STORE_BY_QUEUE, "", collect_flagged, &flagged);
  for (size_t i = 0; i < flagged.n && status == CMD_OK; i++)
    {
      struct verify_decision d = { results[i], notes[i], NULL, 0, NULL,
                                   NULL };

      if (verify_decide (store, flagged.ids[i], flagged.revs[i], &d)
          != STORE_OK)
        status = CMD_USAGE;
    }
  if (status == CMD_OK && store_run (store, 0, write_demo_mark, NULL)
      != STORE_OK)
    status = CMD_USAGE;
out:
  if (devnull)
    fclose (devnull);
  import_vocab_free (&vocab);
  formdef_free_all (&forms);
  free (error);
  return status;
}

static int
run_demo (const struct cmd_context *ctx, int argc, char **argv)
{
  static const struct option options[] = {
    { "no-start", no_argument, NULL, 'n' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  struct cmd_context demo_ctx = *ctx;
  struct store_summary summary;
  struct meta_get mark = { NULL };
  struct store *store = NULL;
  char *dir, *error = NULL;
  bool start = true;
  int opt, status = CMD_OK;

  optind = 0;
  while ((opt = getopt_long (argc, argv, "+nh", options, NULL)) != -1)
    switch (opt)
      {
      case 'n':
        start = false;
        break;
      case 'h':
        printf ("%s canbao demo %s\n%s\n", _("Usage:"), _(cmd_demo.args),
                _(cmd_demo.summary));
        return CMD_OK;
      default:
        return cmd_usage_error (&cmd_demo, _("unknown option"));
      }
  if (optind != argc)
    return cmd_usage_error (&cmd_demo, _("unexpected argument"));
  if (ctx->db_dir)
    dir = xstrdup (ctx->db_dir);
  else
    {
      char *real = store_default_dir ();

      dir = xasprintf ("%s-demo", real);
      free (real);
    }
  if (store_open (dir, &store, &error) != STORE_OK)
    {
      fprintf (stderr, "canbao: %s\n", error);
      free (error);
      free (dir);
      return CMD_USAGE;
    }
  if (store_run (store, 0, read_demo_mark, &mark) != STORE_OK
      || store_summarise (store, &summary) != STORE_OK)
    status = CMD_USAGE;
  else if (!mark.value && summary.people > 0)
    {
      char *shown = termtext_utf8_to_locale (dir);

      fprintf (stderr, _("canbao: %s holds real data: demonstration data "
                         "go into a database of their own\n"), shown);
      free (shown);
      status = CMD_USAGE;
    }
  else if (!mark.value)
    {
      fprintf (stderr, _("canbao: making the demonstration database…\n"));
      status = fill (store);
    }
  free (mark.value);
  store_close (&store);
  if (status == CMD_OK && start)
    {
      demo_ctx.db_dir = dir;
      status = ui_run (&demo_ctx);
    }
  else if (status == CMD_OK)
    {
      char *shown = termtext_utf8_to_locale (dir);

      printf ("%s\n", shown);
      free (shown);
    }
  free (dir);
  return status;
}

const struct cmd cmd_demo = {
  "demo", N_("[--no-start]"),
  N_("open canbao on a database of synthetic people (made on first use)"),
  run_demo
};
