/*
 * cmd_export.c — `canbao export WHAT …`: files made from the database.
 *
 * Each WHAT is a function in the table below (records and sheet now;
 * upstream and feedback later), with its own options; the data work lives
 * in a curses-free module (export_records.c, sheet.c) that the tests call.
 *
 * `export records` writes UTF-8 without a byte-order mark unless told
 * otherwise, to -o FILE or to standard output.  It refuses to write to a
 * terminal: the CSV holds values exactly as stored, and nothing from data
 * reaches a terminal raw.  FILE is written beside itself and renamed into
 * place, so a failed export leaves no half file, and it is created 0660
 * (owner and group, like the database) whatever the umask.
 *
 * `export sheet` writes one village's 核对表 (sheet.h) as text for the
 * printer or as CSV, GB18030 by default: the files go to Chinese Windows
 * PCs, their spreadsheets and their printers.  The same rules for FILE and
 * standard output.
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
#include "idnum.h"
#include "msg.h"
#include "sheet.h"
#include "store.h"
#include "termtext.h"
#include "validate.h"

#define RECORDS_ARGS \
  N_("records --form NAME [--encoding gb18030|utf-8] [-o FILE]")

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
        printf ("%s canbao export %s\n%s\n", _("Usage:"), _(RECORDS_ARGS),
                _("export a paper form's records as CSV"));
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

/* Calls WRITE (FP, ARG) with FP a new file beside OUTPUT, renamed into
   place when all went well, or standard output when OUTPUT is NULL;
   CMD_OK or CMD_USAGE (reported).  STORE names the error of
   EXPORT_STORE_FAILED. */
static int
write_export (const char *output, struct store *store,
              enum export_status (*write) (FILE *fp, void *arg), void *arg)
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

struct records_job
{
  struct store *store;
  const struct formdef *def;
  const struct records_options *o;
};

static enum export_status
write_records (FILE *fp, void *arg)
{
  struct records_job *job = arg;

  return export_records (job->store, job->def, job->o->enc, fp, NULL);
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
    {
      struct records_job job = { store, def, &o };

      status = write_export (o.output, store, write_records, &job);
    }
  free (error);
  free (dir);
  store_close (&store);
  formdef_free_all (&forms);
  return status;
}

/* ---------------------------------------------------------------- sheet */

#define SHEET_ARGS N_("sheet --village NAME [--format text|csv] " \
                      "[--lines N] [--encoding gb18030|utf-8] [-o FILE]\n" \
                      "  [--clerk NAME] [--phone NUMBER] [--reviewer NAME] " \
                      "[--head NAME] [--date YYYY-MM-DD]")

struct sheet_cli
{
  struct sheet_options sheet;   /* its strings are malloc'd here */
  bool csv;
  bool lines_given;
  size_t lines;
  enum charset_encoding enc;
  const char *output;           /* NULL: standard output */
};

static void
sheet_cli_release (struct sheet_cli *o)
{
  free ((char *) o->sheet.village);
  free ((char *) o->sheet.clerk);
  free ((char *) o->sheet.phone);
  free ((char *) o->sheet.reviewer);
  free ((char *) o->sheet.head);
}

static int
sheet_usage_error (const char *message)
{
  fprintf (stderr, "canbao: %s\n%s canbao export %s\n", message, _("Usage:"),
           _(SHEET_ARGS));
  fprintf (stderr, _("Try 'canbao --help' for more information.\n"));
  return CMD_USAGE;
}

/* OPTARG of option --NAME as UTF-8 in *TEXT (replacing what was there);
   false when it is not text in the locale's charset. */
static bool
text_option (const char *arg, const char **text)
{
  char *utf8 = termtext_locale_to_utf8 (arg);

  if (!utf8)
    return false;
  free ((char *) *text);
  *text = utf8;
  return true;
}

/* Parses the options of `export sheet`; CMD_OK, or the exit status to
   leave with (after --help or a usage error). */
static int
parse_sheet_options (int argc, char **argv, struct sheet_cli *o, bool *done)
{
  static const struct option options[] = {
    { "village", required_argument, NULL, 'v' },
    { "format", required_argument, NULL, 'F' },
    { "lines", required_argument, NULL, 'l' },
    { "encoding", required_argument, NULL, 'e' },
    { "output", required_argument, NULL, 'o' },
    { "clerk", required_argument, NULL, 'c' },
    { "phone", required_argument, NULL, 'p' },
    { "reviewer", required_argument, NULL, 'r' },
    { "head", required_argument, NULL, 'H' },
    { "date", required_argument, NULL, 'D' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  const char **text;
  char *end;
  long n;
  int opt;

  *done = false;
  optind = 0;
  while ((opt = getopt_long (argc, argv, "+o:h", options, NULL)) != -1)
    {
      text = NULL;
      switch (opt)
        {
        case 'v':
          text = &o->sheet.village;
          break;
        case 'c':
          text = &o->sheet.clerk;
          break;
        case 'r':
          text = &o->sheet.reviewer;
          break;
        case 'H':
          text = &o->sheet.head;
          break;
        case 'p':
          if (!validate_phone (optarg))
            return sheet_usage_error (_("the phone number is a mobile "
                                        "number or a landline with its "
                                        "area code"));
          text = &o->sheet.phone;
          break;
        case 'D':
          if (!validate_date (optarg, &o->sheet.date))
            return sheet_usage_error (_("the date is YYYY-MM-DD"));
          break;
        case 'F':
          if (strcmp (optarg, "csv") == 0)
            o->csv = true;
          else if (strcmp (optarg, "text") == 0)
            o->csv = false;
          else
            return sheet_usage_error (_("the format is text or csv"));
          break;
        case 'l':
          errno = 0;
          n = strtol (optarg, &end, 10);
          if (errno || end == optarg || *end || n < SHEET_MIN_LINES
              || n > SHEET_MAX_LINES)
            {
              char *message = xasprintf (_("--lines takes a number from %d "
                                           "to %d"), SHEET_MIN_LINES,
                                         SHEET_MAX_LINES);
              int status = sheet_usage_error (message);

              free (message);
              return status;
            }
          o->lines = (size_t) n;
          o->lines_given = true;
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
            return sheet_usage_error (_("the encoding is gb18030 or utf-8"));
          break;
        case 'h':
          printf ("%s canbao export %s\n%s\n", _("Usage:"), _(SHEET_ARGS),
                  _("write a village's check sheet for the printer or as "
                    "CSV"));
          *done = true;
          return CMD_OK;
        default:
          return sheet_usage_error (_("unknown option"));
        }
      if (text && !text_option (optarg, text))
        return sheet_usage_error (_("not text in the terminal's character "
                                    "set"));
    }
  if (optind != argc)
    return sheet_usage_error (_("unexpected argument"));
  if (!o->sheet.village || !*o->sheet.village)
    return sheet_usage_error (_("say which village: --village NAME"));
  if (o->csv && o->lines_given)
    return sheet_usage_error (_("--lines is for --format text"));
  if (!o->output && isatty (STDOUT_FILENO))
    return sheet_usage_error (_("standard output is a terminal; give -o "
                                "FILE or redirect it"));
  return CMD_OK;
}

struct sheet_job
{
  const struct sheet *sheet;
  const struct sheet_cli *o;
};

static enum export_status
write_sheet (FILE *fp, void *arg)
{
  struct sheet_job *job = arg;

  if (job->o->csv)
    return sheet_write_csv (job->sheet, job->o->enc, fp);
  return sheet_write_text (job->sheet, job->o->lines, job->o->enc, fp);
}

static int
export_sheet_cmd (const struct cmd_context *ctx, int argc, char **argv)
{
  struct sheet_cli o;
  struct sheet *sheet = NULL;
  struct store *store = NULL;
  char *dir, *error = NULL;
  bool done;
  int status;

  memset (&o, 0, sizeof o);
  o.lines = SHEET_DEFAULT_LINES;
  /* Chinese Windows: Excel and the printer's driver both expect GB18030
     (GBK). */
  o.enc = CHARSET_GB18030;
  o.sheet.date = idnum_today ();
  status = parse_sheet_options (argc, argv, &o, &done);
  if (status != CMD_OK || done)
    {
      sheet_cli_release (&o);
      return status;
    }
  dir = cmd_db_dir (ctx);
  if (store_open (dir, &store, &error) != STORE_OK)
    {
      fprintf (stderr, "canbao: %s\n", error);
      status = CMD_USAGE;
    }
  else if (sheet_load (store, &o.sheet, &sheet) != STORE_OK)
    {
      fprintf (stderr, "canbao: %s\n", store_error (store));
      status = CMD_USAGE;
    }
  else if (sheet->n_rows == 0)
    {
      /* Most likely a misspelt name: an empty sheet helps nobody. */
      char *message = termtext_message (_("nobody in the database belongs "
                                          "to the village %s"),
                                        o.sheet.village);

      fprintf (stderr, "canbao: %s\n", message);
      free (message);
      status = CMD_REJECTED;
    }
  else
    {
      struct sheet_job job = { sheet, &o };

      status = write_export (o.output, store, write_sheet, &job);
    }
  sheet_free (&sheet);
  free (error);
  free (dir);
  store_close (&store);
  sheet_cli_release (&o);
  return status;
}

/* What `canbao export` can write. */
static const struct
{
  const char *what;
  int (*run) (const struct cmd_context *ctx, int argc, char **argv);
} exports[] = {
  { "records", export_records_cmd },
  { "sheet", export_sheet_cmd },
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
                                         "sheet"));
}

const struct cmd cmd_export = {
  "export", N_("records --form NAME [OPTION]... | sheet --village NAME "
               "[OPTION]..."),
  N_("export a paper form's records as CSV, or a village's check sheet"),
  run_export
};
