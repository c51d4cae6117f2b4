/*
 * cmd_export.c — `canbao export WHAT …`: files made from the database.
 *
 * Each WHAT is a function in the table below (records now; upstream,
 * feedback and sheet later), with its own options; the data work lives
 * in a curses-free module (export_records.c) that the tests call.
 *
 * `export records` writes UTF-8 without a byte-order mark unless told
 * otherwise, to -o FILE or to standard output.  It refuses to write to a
 * terminal: the CSV holds values exactly as stored, and nothing from data
 * reaches a terminal raw.  FILE is written beside itself and renamed into
 * place, so a failed export leaves no half file, and it is created 0660
 * (owner and group, like the database) whatever the umask.
 */
#include "system.h"

#include <fcntl.h>
#include <getopt.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "export_records.h"
#include "formdef.h"
#include "msg.h"
#include "store.h"
#include "termtext.h"
#include "verify.h"

struct records_options
{
  const char *form;
  const char *output;           /* NULL: standard output */
  enum charset_encoding enc;
};

/* Parses the options of `export records`; CMD_OK, or the exit status to
   leave with (after --help or a usage error). */
static int
parse_records_options (int argc, char **argv, struct records_options *o,
                       bool *done)
{
  static const struct option options[] = {
    { "form", required_argument, NULL, 'f' },
    { "encoding", required_argument, NULL, 'e' },
    { "output", required_argument, NULL, 'o' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  int opt;

  *done = false;
  o->enc = CHARSET_UTF8;
  optind = 0;
  while ((opt = getopt_long (argc, argv, "+f:e:o:h", options, NULL)) != -1)
    switch (opt)
      {
      case 'f':
        o->form = optarg;
        break;
      case 'o':
        o->output = optarg;
        break;
      case 'e':
        if (strcasecmp (optarg, "utf-8") == 0)
          o->enc = CHARSET_UTF8;
        else if (strcasecmp (optarg, "gb18030") == 0)
          o->enc = CHARSET_GB18030;
        else
          return cmd_usage_error (&cmd_export, _("the encoding is gb18030 "
                                                 "or utf-8"));
        break;
      case 'h':
        printf ("%s canbao export %s\n%s\n", _("Usage:"), _(cmd_export.args),
                _(cmd_export.summary));
        *done = true;
        return CMD_OK;
      default:
        return cmd_usage_error (&cmd_export, _("unknown option"));
      }
  if (optind != argc)
    return cmd_usage_error (&cmd_export, _("unexpected argument"));
  if (!o->form)
    return cmd_usage_error (&cmd_export, _("say which form: --form NAME"));
  if (!o->output && isatty (STDOUT_FILENO))
    return cmd_usage_error (&cmd_export, _("standard output is a terminal; "
                                           "give -o FILE or redirect it"));
  return CMD_OK;
}

/* Opens a new file beside PATH for the export; its name in *TMP. */
static FILE *
open_beside (const char *path, char **tmp)
{
  int fd;
  FILE *fp;

  *tmp = xasprintf ("%s.XXXXXX", path);
  fd = mkstemp (*tmp);
  if (fd < 0)
    return NULL;
  /* mkstemp gives 0600; the group shares the township's work. */
  if (fchmod (fd, 0660) != 0 || !(fp = fdopen (fd, "wb")))
    {
      int saved = errno;
      close (fd);
      unlink (*tmp);
      errno = saved;
      return NULL;
    }
  return fp;
}

static void
report_file_error (const char *path)
{
  char *shown = termtext_utf8_to_locale (path);

  fprintf (stderr, "canbao: %s: %s\n", shown, strerror (errno));
  free (shown);
}

/* Writes the export to O->output (or standard output); CMD_OK or
   CMD_USAGE (reported). */
static int
write_records (struct store *store, const struct formdef *def,
               const struct records_options *o)
{
  char *tmp = NULL;
  FILE *fp = o->output ? open_beside (o->output, &tmp) : stdout;
  enum export_status status;

  if (!fp)
    {
      report_file_error (o->output);
      free (tmp);
      return CMD_USAGE;
    }
  status = export_records (store, def, o->enc, fp, NULL);
  /* A write error on standard output is main.c's to report, once. */
  if (status == EXPORT_WRITE_FAILED && o->output)
    report_file_error (o->output);
  else if (status == EXPORT_STORE_FAILED)
    fprintf (stderr, "canbao: %s\n", store_error (store));
  if (o->output)
    {
      if (fclose (fp) != 0 && status == EXPORT_OK)
        {
          report_file_error (o->output);
          status = EXPORT_WRITE_FAILED;
        }
      if (status == EXPORT_OK && rename (tmp, o->output) != 0)
        {
          report_file_error (o->output);
          status = EXPORT_WRITE_FAILED;
        }
      if (status != EXPORT_OK)
        unlink (tmp);
      free (tmp);
    }
  return status == EXPORT_OK ? CMD_OK : CMD_USAGE;
}

static int
export_records_cmd (const struct cmd_context *ctx, int argc, char **argv)
{
  struct records_options o = { NULL, NULL, CHARSET_UTF8 };
  struct formdef **forms;
  const struct formdef *def;
  struct store *store = NULL;
  char *dir, *error = NULL;
  bool done;
  int status = parse_records_options (argc, argv, &o, &done);

  if (status != CMD_OK || done)
    return status;
  forms = formdef_load_all (formdef_dir (), NULL, &error);
  if (!forms)
    {
      fprintf (stderr, "canbao: %s\n", error);
      free (error);
      return CMD_USAGE;
    }
  def = formdef_list_find (forms, o.form);
  if (!def)
    {
      formdef_free_all (&forms);
      return cmd_usage_error (&cmd_export, _("no form is called %s"), o.form);
    }
  dir = cmd_db_dir (ctx);
  if (store_open (dir, &store, &error) != STORE_OK)
    {
      fprintf (stderr, "canbao: %s\n", error);
      status = CMD_USAGE;
    }
  else
    status = write_records (store, def, &o);
  free (error);
  free (dir);
  store_close (&store);
  formdef_free_all (&forms);
  return status;
}

/* `export feedback [--all] [--encoding gb18030|utf-8] [-o FILE]`: the
   feedback file of the spec's section 3, GB18030 by default as upstream
   reads it.  Without --all only what was decided since the last export,
   which this one then becomes. */
static int
export_feedback_cmd (const struct cmd_context *ctx, int argc, char **argv)
{
  static const struct option options[] = {
    { "all", no_argument, NULL, 'a' },
    { "encoding", required_argument, NULL, 'e' },
    { "output", required_argument, NULL, 'o' },
    { NULL, 0, NULL, 0 }
  };
  enum charset_encoding enc = CHARSET_GB18030;
  const char *output = NULL;
  bool all = false;
  struct store *store = NULL;
  char *dir, *error = NULL, *tmp = NULL;
  unsigned long rows = 0;
  FILE *fp;
  int opt, status;

  optind = 0;
  while ((opt = getopt_long (argc, argv, "+ae:o:", options, NULL)) != -1)
    switch (opt)
      {
      case 'a':
        all = true;
        break;
      case 'o':
        output = optarg;
        break;
      case 'e':
        if (strcasecmp (optarg, "utf-8") == 0)
          enc = CHARSET_UTF8;
        else if (strcasecmp (optarg, "gb18030") == 0)
          enc = CHARSET_GB18030;
        else
          return cmd_usage_error (&cmd_export, _("the encoding is gb18030 "
                                                 "or utf-8"));
        break;
      default:
        return cmd_usage_error (&cmd_export, _("unknown option"));
      }
  if (optind != argc)
    return cmd_usage_error (&cmd_export, _("unexpected argument"));
  if (!output && isatty (STDOUT_FILENO))
    return cmd_usage_error (&cmd_export, _("standard output is a terminal; "
                                           "give -o FILE or redirect it"));
  dir = cmd_db_dir (ctx);
  status = store_open (dir, &store, &error);
  free (dir);
  if (status != STORE_OK)
    {
      fprintf (stderr, "canbao: %s\n", error);
      free (error);
      return CMD_USAGE;
    }
  fp = output ? open_beside (output, &tmp) : stdout;
  if (!fp)
    {
      report_file_error (output);
      free (tmp);
      store_close (&store);
      return CMD_USAGE;
    }
  status = verify_export_feedback (store, fp, enc, all, &rows);
  if (status != STORE_OK)
    fprintf (stderr, "canbao: %s\n", store_error (store));
  if (output)
    {
      if ((fclose (fp) != 0 || rename (tmp, output) != 0)
          && status == STORE_OK)
        {
          report_file_error (output);
          status = STORE_ERROR;
        }
      if (status != STORE_OK)
        unlink (tmp);
      free (tmp);
    }
  store_close (&store);
  if (status == STORE_OK)
    fprintf (stderr, _("%lu people in the feedback file.\n"), rows);
  return status == STORE_OK ? CMD_OK : CMD_USAGE;
}

/* What `canbao export` can write. */
static const struct
{
  const char *what;
  int (*run) (const struct cmd_context *ctx, int argc, char **argv);
} exports[] = {
  { "records", export_records_cmd },
  { "feedback", export_feedback_cmd },
};

static int
run_export (const struct cmd_context *ctx, int argc, char **argv)
{
  if (argc >= 2 && (strcmp (argv[1], "--help") == 0
                    || strcmp (argv[1], "-h") == 0))
    {
      printf ("%s canbao export %s\n%s\n", _("Usage:"), _(cmd_export.args),
              _(cmd_export.summary));
      return CMD_OK;
    }
  for (size_t i = 0; argc >= 2 && i < ARRAY_SIZE (exports); i++)
    if (strcmp (argv[1], exports[i].what) == 0)
      return exports[i].run (ctx, argc - 1, argv + 1);
  return cmd_usage_error (&cmd_export, _("say what to export: records or "
                                         "feedback"));
}

const struct cmd cmd_export = {
  "export", N_("records --form NAME [--encoding gb18030|utf-8] [-o FILE]\n"
               "       feedback [--all] [--encoding gb18030|utf-8] [-o FILE]"),
  N_("export a paper form's records, or the feedback file, as CSV"),
  run_export
};
