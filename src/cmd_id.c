/*
 * cmd_id.c — `canbao id ID…`: normalise and check citizen ID numbers.
 *
 * One tab-separated line per input: the normalised ID, "ok" or
 * "invalid: reason", the date of birth, the sex and the region name.  An
 * unknown region is a warning on stderr, never a rejection.  "-" reads IDs
 * from standard input, one per line, in the locale's charset.
 */
#include "system.h"

#include <getopt.h>

#include "cmd.h"
#include "idnum.h"
#include "msg.h"
#include "region.h"
#include "termtext.h"

/* Checks one ID given as UTF-8; returns true when it is valid. */
static bool
report_one (const char *input, int today)
{
  char id[64];
  struct idnum_facts facts;
  enum idnum_verdict verdict;
  char region[256] = "";
  char line[512];

  idnum_normalise (input, id, sizeof id);
  verdict = idnum_validate (id, today, &facts);
  bool dated = verdict == IDNUM_VALID || verdict == IDNUM_BAD_CHECK;

  if (dated && region_name (facts.region, region, sizeof region) == 0)
    {
      char *shown = termtext_utf8_to_locale (id);
      msg_warn (_("%s: region %s is not in the GB/T 2260 table"), shown,
                facts.region);
      free (shown);
    }

  cmd_put_text (stdout, id);
  if (verdict == IDNUM_VALID)
    fputs ("\tok", stdout);
  else
    /* "ok" and "invalid" are for scripts and stay untranslated; the
       reason is for people. */
    printf ("\tinvalid: %s", idnum_verdict_text (verdict));
  if (dated)
    {
      /* The separators are ours; only the fields pass through
         cmd_put_text, which would show a tab as ^I. */
      snprintf (line, sizeof line, "%04d-%02d-%02d", facts.year, facts.month,
                facts.day);
      fprintf (stdout, "\t%s\t", line);
      cmd_put_text (stdout, facts.female ? "女" : "男");
      fputc ('\t', stdout);
      cmd_put_text (stdout, region);
    }
  else
    fputs ("\t\t\t", stdout);
  fputc ('\n', stdout);
  return verdict == IDNUM_VALID;
}

/* Converts an argument or a line from the locale's charset and checks it. */
static bool
report_locale_text (const char *text, int today)
{
  char *utf8 = termtext_locale_to_utf8 (text);
  bool valid;

  if (!utf8)
    {
      /* Not text in this locale's charset: report it as the bytes it is. */
      printf ("?\tinvalid: %s\t\t\t\n",
              _("not text in the terminal's character set"));
      return false;
    }
  valid = report_one (utf8, today);
  free (utf8);
  return valid;
}

static bool
report_stdin (int today)
{
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  bool all_valid = true;

  while ((len = getline (&line, &cap, stdin)) != -1)
    {
      while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        line[--len] = '\0';
      if (len == 0)
        continue;
      all_valid &= report_locale_text (line, today);
    }
  free (line);
  return all_valid;
}

static int
run_id (const struct cmd_context *ctx, int argc, char **argv)
{
  static const struct option options[] = {
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  int opt, today = idnum_today ();
  bool all_valid = true;

  (void) ctx;
  optind = 0;
  while ((opt = getopt_long (argc, argv, "+h", options, NULL)) != -1)
    {
      if (opt == 'h')
        {
          printf ("%s canbao id %s\n%s\n", _("Usage:"), _(cmd_id.args),
                  _(cmd_id.summary));
          return CMD_OK;
        }
      return cmd_usage_error (&cmd_id, _("unknown option"));
    }
  if (optind == argc)
    return cmd_usage_error (&cmd_id, _("no ID number given"));

  for (int i = optind; i < argc; i++)
    all_valid &= strcmp (argv[i], "-") == 0
      ? report_stdin (today) : report_locale_text (argv[i], today);
  return all_valid ? CMD_OK : CMD_REJECTED;
}

const struct cmd cmd_id = {
  "id", N_("ID... (- reads standard input)"),
  N_("check citizen ID numbers (GB 11643): date of birth, sex, region"),
  run_id
};
