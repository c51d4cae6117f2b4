/*
 * cmd_import.c — `canbao import upstream FILE…` and
 * `canbao import records --form NAME FILE…`.
 *
 * Exit status: 0 when every row of every file went in (or was there
 * already), 1 when some rows were rejected, 2 when a file was refused as
 * a whole (that file changed nothing) or the command was misused.
 */
#include "system.h"

#include <getopt.h>
#include <unistd.h>

#include "cmd.h"
#include "formdef.h"
#include "import_records.h"
#include "import_upstream.h"
#include "msg.h"
#include "store.h"
#include "termtext.h"

static void
show_progress (size_t rows, size_t size)
{
  (void) size;
  fputc ('\r', stderr);
  fprintf (stderr, _("%zu rows read"), rows);
  fflush (stderr);
}

/* After one file (SHOWN, its name in the locale's charset, freed here):
   the summary line, and the exit status so far in *EXIT_STATUS.  True
   when the command stops here: a signal, or the database failed. */
static bool
file_done (char *shown, enum import_status status,
           const struct import_totals *t, bool with_warnings,
           int *exit_status)
{
  if (status == IMPORT_REFUSED || status == IMPORT_FAILED)
    *exit_status = CMD_USAGE;
  else if (t->rejected && *exit_status == CMD_OK)
    *exit_status = CMD_REJECTED;
  /* A fixed English line, like the ok/invalid of 'canbao id': scripts and
     county staff's own tools read it.  Records files have no warnings. */
  printf ("%s: %lu rows: %lu imported, %lu unchanged, %lu rejected", shown,
          t->rows, t->imported, t->unchanged, t->rejected);
  if (with_warnings)
    printf (", %lu warnings", t->warnings);
  putchar ('\n');
  free (shown);
  if (status == IMPORT_INTERRUPTED)
    {
      fprintf (stderr, _("canbao: interrupted; the rows counted above are "
                         "saved, and importing the file again finishes the "
                         "work\n"));
      *exit_status = CMD_USAGE;
      return true;
    }
  if (status == IMPORT_FAILED)
    {
      *exit_status = CMD_USAGE;
      return true;
    }
  return false;
}

static int
import_files (struct store *store, const struct upstream_vocab *vocab,
              int nfiles, char **files)
{
  int exit_status = CMD_OK;
  bool tty = isatty (STDERR_FILENO);

  for (int i = 0; i < nfiles; i++)
    {
      struct import_totals t;
      enum import_status status;
      char *shown = termtext_utf8_to_locale (files[i]);

      status = import_upstream_file (store, files[i], files[i], vocab, &t,
                                     stderr, tty ? show_progress : NULL);
      if (tty)
        fputs ("\r\033[K", stderr);
      if (file_done (shown, status, &t, true, &exit_status))
        return exit_status;
    }
  return exit_status;
}

/* Opens the store of CTX with the signal handlers in place; NULL after
   reporting. */
static struct store *
open_store (const struct cmd_context *ctx)
{
  struct store *store = NULL;
  char *dir = cmd_db_dir (ctx), *error = NULL;

  store_install_signal_handlers ();
  if (store_open (dir, &store, &error) != STORE_OK)
    {
      fprintf (stderr, "canbao: %s\n", error);
      free (error);
    }
  free (dir);
  return store;
}

/* Imports each of FILES as records of DEF; the exit status. */
static int
import_records_files (struct store *store, const struct formdef *def,
                      int nfiles, char **files)
{
  int exit_status = CMD_OK;

  for (int i = 0; i < nfiles; i++)
    {
      struct import_totals t;
      enum import_status status;
      char *shown = termtext_utf8_to_locale (files[i]);

      status = import_records_file (store, def, files[i], files[i], &t,
                                    stderr);
      if (file_done (shown, status, &t, false, &exit_status))
        return exit_status;
    }
  return exit_status;
}

/* `import records --form NAME FILE…`; ARGV[0] is "records". */
static int
run_import_records (const struct cmd_context *ctx, int argc, char **argv)
{
  static const struct option options[] = {
    { "form", required_argument, NULL, 'f' },
    { NULL, 0, NULL, 0 }
  };
  const char *form = NULL;
  struct formdef **forms;
  const struct formdef *def;
  struct store *store;
  char *error = NULL;
  int opt, status;

  optind = 0;
  while ((opt = getopt_long (argc, argv, "+f:", options, NULL)) != -1)
    {
      if (opt != 'f')
        return cmd_usage_error (&cmd_import, _("unknown option"));
      form = optarg;
    }
  if (!form)
    return cmd_usage_error (&cmd_import, _("say which form: --form NAME"));
  if (optind == argc)
    return cmd_usage_error (&cmd_import, _("no file given"));
  forms = formdef_load_all (formdef_dir (), NULL, &error);
  if (!forms)
    {
      fprintf (stderr, "canbao: %s\n", error);
      free (error);
      return CMD_USAGE;
    }
  def = formdef_list_find (forms, form);
  if (!def)
    {
      formdef_free_all (&forms);
      return cmd_usage_error (&cmd_import, _("no form is called %s"), form);
    }
  store = open_store (ctx);
  status = store ? import_records_files (store, def, argc - optind,
                                         argv + optind) : CMD_USAGE;
  store_close (&store);
  formdef_free_all (&forms);
  return status;
}

static int
run_import (const struct cmd_context *ctx, int argc, char **argv)
{
  static const struct option options[] = {
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  struct upstream_vocab *vocab;
  struct store *store;
  char *error = NULL;
  int opt, status;

  optind = 0;
  while ((opt = getopt_long (argc, argv, "+h", options, NULL)) != -1)
    {
      if (opt == 'h')
        {
          printf ("%s canbao import %s\n%s\n", _("Usage:"),
                  _(cmd_import.args), _(cmd_import.summary));
          return CMD_OK;
        }
      return cmd_usage_error (&cmd_import, _("unknown option"));
    }
  if (optind < argc && strcmp (argv[optind], "records") == 0)
    return run_import_records (ctx, argc - optind, argv + optind);
  if (optind == argc || strcmp (argv[optind], "upstream") != 0)
    return cmd_usage_error (&cmd_import, _("say what to import: upstream "
                                           "or records"));
  if (++optind == argc)
    return cmd_usage_error (&cmd_import, _("no file given"));

  vocab = import_vocab_load (&error);
  if (!vocab)
    {
      fprintf (stderr, "canbao: %s\n", error);
      free (error);
      return CMD_USAGE;
    }
  store = open_store (ctx);
  if (!store)
    {
      import_vocab_free (&vocab);
      return CMD_USAGE;
    }
  status = import_files (store, vocab, argc - optind, argv + optind);
  store_close (&store);
  import_vocab_free (&vocab);
  return status;
}

const struct cmd cmd_import = {
  "import", N_("upstream FILE... | records --form NAME FILE..."),
  N_("import upstream comparison files, or a paper form's records (CSV)"),
  run_import
};
