/*
 * cmd_db.c — `canbao db verify` and `canbao db backup DIR`.
 *
 * verify exits 0 when every file and index is sound and 1 when something
 * is wrong (each problem on its own line on stderr); backup takes a hot
 * backup that store_open can open and `db verify` can check.  A database
 * that cannot be opened at all is exit status 2.
 */
#include "system.h"

#include <getopt.h>

#include "cmd.h"
#include "msg.h"
#include "store.h"
#include "termtext.h"

static void
report_problem (const char *line, void *arg)
{
  (void) arg;
  fputs ("canbao: ", stderr);
  cmd_put_text (stderr, line);
  fputc ('\n', stderr);
}

static int
open_store (const struct cmd_context *ctx, struct store **store)
{
  char *dir = cmd_db_dir (ctx), *error = NULL;

  if (store_open (dir, store, &error) != STORE_OK)
    {
      fprintf (stderr, "canbao: %s\n", error);
      free (error);
      free (dir);
      return CMD_USAGE;
    }
  free (dir);
  return CMD_OK;
}

static int
db_verify (const struct cmd_context *ctx)
{
  struct store *store;
  int status = open_store (ctx, &store);

  if (status != CMD_OK)
    return status;
  status = store_verify (store, report_problem, NULL) == STORE_OK
    ? CMD_OK : CMD_REJECTED;
  if (status == CMD_OK)
    printf (_("%s: every file and index is sound\n"), store_dir (store));
  store_close (&store);
  return status;
}

static int
db_backup (const struct cmd_context *ctx, const char *target)
{
  struct store *store;
  char *error = NULL;
  int status = open_store (ctx, &store);

  if (status != CMD_OK)
    return status;
  if (store_backup (store, target, &error) != STORE_OK)
    {
      fprintf (stderr, "canbao: %s\n", error);
      free (error);
      status = CMD_USAGE;
    }
  else
    printf (_("backed up %s into %s\n"), store_dir (store), target);
  store_close (&store);
  return status;
}

static int
run_db (const struct cmd_context *ctx, int argc, char **argv)
{
  static const struct option options[] = {
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  int opt;

  optind = 0;
  while ((opt = getopt_long (argc, argv, "+h", options, NULL)) != -1)
    {
      if (opt == 'h')
        {
          printf ("%s canbao db %s\n%s\n", _("Usage:"), _(cmd_db.args),
                  _(cmd_db.summary));
          return CMD_OK;
        }
      return cmd_usage_error (&cmd_db, _("unknown option"));
    }
  if (optind == argc)
    return cmd_usage_error (&cmd_db, _("say verify or backup"));
  if (strcmp (argv[optind], "verify") == 0 && argc - optind == 1)
    return db_verify (ctx);
  if (strcmp (argv[optind], "backup") == 0)
    {
      if (argc - optind != 2)
        return cmd_usage_error (&cmd_db, _("backup needs one directory"));
      return db_backup (ctx, argv[optind + 1]);
    }
  return cmd_usage_error (&cmd_db, _("unknown db command '%s'"),
                          argv[optind]);
}

const struct cmd cmd_db = {
  "db", N_("verify | backup DIR"),
  N_("check the database files and indices, or take a hot backup"),
  run_db
};
