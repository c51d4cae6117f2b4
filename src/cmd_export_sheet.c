/*
 * cmd_export_sheet.c — `canbao export sheet --village NAME …`: one
 * village's 核对表 (附件2 全民参保登记个人信息核对表, sheet.h) as text for
 * the office printer or as CSV, GB18030 by default for the county's
 * Windows PCs, their spreadsheets and their printers.  The file rules are
 * export's (cmd_export.h).
 */
#include "system.h"

#include <getopt.h>
#include <unistd.h>

#include "cmd.h"
#include "cmd_export.h"
#include "idnum.h"
#include "msg.h"
#include "sheet.h"
#include "store.h"
#include "termtext.h"
#include "validate.h"

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
          if (!cmd_export_encoding (optarg, &o->enc))
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

int
cmd_export_sheet (const struct cmd_context *ctx, int argc, char **argv)
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

      status = cmd_export_to_file (o.output, store, write_sheet, &job);
    }
  sheet_free (&sheet);
  free (error);
  free (dir);
  store_close (&store);
  sheet_cli_release (&o);
  return status;
}

