/*
 * cmd_export.c — `canbao export WHAT …`: files made from the database.
 *
 * Each WHAT is a function in the table below (records, upstream,
 * feedback, and sheet in cmd_export_sheet.c), with its own options; the
 * data work lives in a curses-free module (export_records.c,
 * export_upstream.c, verify.c, sheet.c) that the tests call.
 *
 * `export records` writes UTF-8 without a byte-order mark unless told
 * otherwise; `export upstream` writes GB18030, which is what the upstream
 * format asks of a file that goes back up, unless told otherwise.  Both
 * write to -o FILE or to standard output, and refuse to write to a
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
#include "cmd_export.h"
#include "export_records.h"
#include "export_upstream.h"
#include "formdef.h"
#include "msg.h"
#include "store.h"
#include "termtext.h"
#include "verify.h"

/* What is exported: each takes its own options. */
enum export_kind
{
  EXPORT_KIND_RECORDS,          /* --form */
  EXPORT_KIND_UPSTREAM,
  EXPORT_KIND_FEEDBACK          /* --all */
};

struct export_options
{
  const char *form;             /* records only */
  bool all;                     /* feedback only */
  const char *output;           /* NULL: standard output */
  enum charset_encoding enc;
};

/* Parses the options of `export KIND`; O->enc comes in holding the
   default.  CMD_OK, or the exit status to leave with (after --help or a
   usage error). */
static int
parse_export_options (int argc, char **argv, enum export_kind kind,
                      struct export_options *o, bool *done)
{
  static const struct option options[] = {
    { "form", required_argument, NULL, 'f' },
    { "all", no_argument, NULL, 'a' },
    { "encoding", required_argument, NULL, 'e' },
    { "output", required_argument, NULL, 'o' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  int opt;

  *done = false;
  optind = 0;
  while ((opt = getopt_long (argc, argv, "+f:ae:o:h", options, NULL)) != -1)
    switch (opt)
      {
      case 'f':
        /* Upstream rows and feedback belong to no paper form. */
        if (kind != EXPORT_KIND_RECORDS)
          return cmd_usage_error (&cmd_export, _("unknown option"));
        o->form = optarg;
        break;
      case 'a':
        if (kind != EXPORT_KIND_FEEDBACK)
          return cmd_usage_error (&cmd_export, _("unknown option"));
        o->all = true;
        break;
      case 'o':
        o->output = optarg;
        break;
      case 'e':
        if (!cmd_export_encoding (optarg, &o->enc))
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
  if (kind == EXPORT_KIND_RECORDS && !o->form)
    return cmd_usage_error (&cmd_export, _("say which form: --form NAME"));
  if (!o->output && isatty (STDOUT_FILENO))
    return cmd_usage_error (&cmd_export, _("standard output is a terminal; "
                                           "give -o FILE or redirect it"));
  return CMD_OK;
}

bool
cmd_export_encoding (const char *arg, enum charset_encoding *enc)
{
  if (strcasecmp (arg, "utf-8") == 0)
    *enc = CHARSET_UTF8;
  else if (strcasecmp (arg, "gb18030") == 0)
    *enc = CHARSET_GB18030;
  else
    return false;
  return true;
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

/* What writes one kind of export to a stream: export_records or
   export_upstream with what they need. */
struct export_job
{
  struct store *store;
  const struct formdef *def;    /* records only */
  enum charset_encoding enc;
  bool all;                     /* feedback only */
  enum export_status (*write) (const struct export_job *job, FILE *fp);
};

int
cmd_export_to_file (const char *output, struct store *store,
                    enum export_status (*write) (FILE *fp, void *arg),
                    void *arg)
{
  char *tmp = NULL;
  FILE *fp = output ? open_beside (output, &tmp) : stdout;
  enum export_status status;

  if (!fp)
    {
      report_file_error (output);
      free (tmp);
      return CMD_USAGE;
    }
  status = write (fp, arg);
  /* A write error on standard output is main.c's to report, once. */
  if (status == EXPORT_WRITE_FAILED && output)
    report_file_error (output);
  else if (status == EXPORT_STORE_FAILED)
    fprintf (stderr, "canbao: %s\n", store_error (store));
  if (output)
    {
      if (fclose (fp) != 0 && status == EXPORT_OK)
        {
          report_file_error (output);
          status = EXPORT_WRITE_FAILED;
        }
      if (status == EXPORT_OK && rename (tmp, output) != 0)
        {
          report_file_error (output);
          status = EXPORT_WRITE_FAILED;
        }
      if (status != EXPORT_OK)
        unlink (tmp);
      free (tmp);
    }
  return status == EXPORT_OK ? CMD_OK : CMD_USAGE;
}

static enum export_status
write_job (FILE *fp, void *arg)
{
  const struct export_job *job = arg;

  return job->write (job, fp);
}

/* Opens the store of CTX and runs JOB with it; the exit status. */
static int
run_job (const struct cmd_context *ctx, struct export_job *job,
         const struct export_options *o)
{
  char *dir = cmd_db_dir (ctx), *error = NULL;
  int status;

  if (store_open (dir, &job->store, &error) != STORE_OK)
    {
      fprintf (stderr, "canbao: %s\n", error);
      status = CMD_USAGE;
    }
  else
    status = cmd_export_to_file (o->output, job->store, write_job, job);
  free (error);
  free (dir);
  store_close (&job->store);
  return status;
}

static enum export_status
write_records (const struct export_job *job, FILE *fp)
{
  return export_records (job->store, job->def, job->enc, fp, NULL);
}

static int
export_records_cmd (const struct cmd_context *ctx, int argc, char **argv)
{
  struct export_options o = { NULL, false, NULL, CHARSET_UTF8 };
  struct export_job job = { NULL, NULL, CHARSET_UTF8, false, write_records };
  struct formdef **forms;
  char *error = NULL;
  bool done;
  int status = parse_export_options (argc, argv, EXPORT_KIND_RECORDS, &o, &done);

  if (status != CMD_OK || done)
    return status;
  forms = formdef_load_all (formdef_dir (), NULL, &error);
  if (!forms)
    {
      fprintf (stderr, "canbao: %s\n", error);
      free (error);
      return CMD_USAGE;
    }
  job.def = formdef_list_find (forms, o.form);
  if (!job.def)
    {
      formdef_free_all (&forms);
      return cmd_usage_error (&cmd_export, _("no form is called %s"), o.form);
    }
  job.enc = o.enc;
  status = run_job (ctx, &job, &o);
  formdef_free_all (&forms);
  return status;
}

static enum export_status
write_upstream (const struct export_job *job, FILE *fp)
{
  return export_upstream (job->store, job->enc, fp, NULL);
}

static int
export_upstream_cmd (const struct cmd_context *ctx, int argc, char **argv)
{
  /* GB18030 unless told otherwise: spec section 1, and what the county's
     tools and Excel on Chinese Windows open without asking. */
  struct export_options o = { NULL, false, NULL, CHARSET_GB18030 };
  struct export_job job = { NULL, NULL, CHARSET_GB18030, false, write_upstream };
  bool done;
  int status = parse_export_options (argc, argv, EXPORT_KIND_UPSTREAM, &o, &done);

  if (status != CMD_OK || done)
    return status;
  job.enc = o.enc;
  return run_job (ctx, &job, &o);
}

static enum export_status
write_feedback (const struct export_job *job, FILE *fp)
{
  unsigned long rows = 0;
  int status = verify_export_feedback (job->store, fp, job->enc, job->all,
                                       &rows);

  if (status == STORE_OK)
    {
      fprintf (stderr, _("%lu people in the feedback file.\n"), rows);
      return EXPORT_OK;
    }
  return ferror (fp) ? EXPORT_WRITE_FAILED : EXPORT_STORE_FAILED;
}

/* `export feedback`: the spec's section 3, GB18030 by default as upstream
   reads it.  Without --all only what was decided since the last export,
   which this one then becomes. */
static int
export_feedback_cmd (const struct cmd_context *ctx, int argc, char **argv)
{
  struct export_options o = { NULL, false, NULL, CHARSET_GB18030 };
  struct export_job job = { NULL, NULL, CHARSET_GB18030, false,
                            write_feedback };
  bool done;
  int status = parse_export_options (argc, argv, EXPORT_KIND_FEEDBACK, &o,
                                     &done);

  if (status != CMD_OK || done)
    return status;
  job.enc = o.enc;
  job.all = o.all;
  return run_job (ctx, &job, &o);
}

/* What `canbao export` can write. */
static const struct
{
  const char *what;
  int (*run) (const struct cmd_context *ctx, int argc, char **argv);
} exports[] = {
  { "records", export_records_cmd },
  { "upstream", export_upstream_cmd },
  { "feedback", export_feedback_cmd },
  { "sheet", cmd_export_sheet },
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
  return cmd_usage_error (&cmd_export, _("say what to export: records, "
                                         "upstream, feedback or sheet"));
}

const struct cmd cmd_export = {
  "export", N_("records --form NAME [--encoding gb18030|utf-8] [-o FILE] | "
               "upstream [--encoding gb18030|utf-8] [-o FILE] | "
               "feedback [--all] [--encoding gb18030|utf-8] [-o FILE] | "
               "sheet --village NAME [OPTION]..."),
  N_("export a paper form's records, the upstream comparison rows or the "
     "feedback file as CSV, or a village's check sheet"),
  run_export
};
