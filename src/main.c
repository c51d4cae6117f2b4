/*
 * main.c — canbao's entry point: locale, global options, dispatch.
 *
 * `canbao` alone starts the terminal interface; `canbao COMMAND …` runs a
 * subcommand from the table in cmd.c.  GNU conventions: --help, --version,
 * and a write error on standard output (canbao … >/dev/full) is an error.
 */
#include "system.h"

#include <getopt.h>
#include <locale.h>
#include <unistd.h>

#include "cmd.h"
#include "msg.h"
#include "ui.h"

static void
close_stdout (void)
{
  /* Output that never reached its file is a failure the user must see. */
  bool failed = ferror (stdout) != 0;

  if (fclose (stdout) != 0)
    failed = errno != EBADF || failed;
  if (failed)
    {
      fprintf (stderr, "canbao: %s: %s\n", _("write error"),
               strerror (errno ? errno : EIO));
      _exit (CMD_USAGE);
    }
}

static void
setup_locale (void)
{
  const char *localedir = getenv ("CANBAO_LOCALEDIR");

  /* A county server reached over SSH often passes no locale at all; the C
     locale cannot show a Chinese name, and UTF-8 is the better guess. */
  if (!setlocale (LC_ALL, ""))
    setlocale (LC_ALL, "C");
  const char *ctype = setlocale (LC_CTYPE, NULL);
  if (ctype && (!strcmp (ctype, "C") || !strcmp (ctype, "POSIX")))
    setlocale (LC_CTYPE, "C.UTF-8");
#if ENABLE_NLS
  bindtextdomain (PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  textdomain (PACKAGE);
#else
  (void) localedir;
#endif
}

static void
print_help (void)
{
  printf (_("Usage: canbao [OPTION]... [COMMAND [ARG]...]\n"));
  fputs (_("Universal social-insurance registration for township and county\n"
           "clerks.  Without a COMMAND, starts the terminal interface.\n"), stdout);
  fputs ("\n", stdout);
  fputs (_("Options:\n"), stdout);
  fputs (_("  -d, --db=DIR     use the database in DIR (default: $CANBAO_DB,\n"
           "                   else $XDG_DATA_HOME/canbao, else ~/.local/share/canbao)\n"),
         stdout);
  fputs (_("  -h, --help       display this help and exit\n"), stdout);
  fputs (_("  -V, --version    output version information and exit\n"), stdout);
  fputs ("\n", stdout);
  fputs (_("Commands:\n"), stdout);
  for (size_t i = 0; cmd_table[i]; i++)
    {
      const struct cmd *c = cmd_table[i];
      char line[128];

      snprintf (line, sizeof line, "%s %s", c->name, _(c->args));
      printf ("  %-28s %s\n", line, _(c->summary));
    }
  fputs ("\n", stdout);
  fputs (_("Exit status: 0 success, 1 some input rejected, 2 usage error or\n"
           "refused input (nothing changed).\n"), stdout);
  printf (_("See canbao(1) for the keys of every screen.\n"));
}

static void
print_version (void)
{
  printf ("canbao %s\n", PACKAGE_VERSION);
  fputs (_("License: GPL-3.0-or-later.  There is NO WARRANTY, to the extent\n"
           "permitted by law.\n"), stdout);
}

int
main (int argc, char **argv)
{
  static const struct option options[] = {
    { "db", required_argument, NULL, 'd' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 }
  };
  struct cmd_context ctx = { NULL, "canbao" };
  int opt;

  setup_locale ();
  atexit (close_stdout);

  /* '+': options after the command name belong to the command. */
  while ((opt = getopt_long (argc, argv, "+d:hV", options, NULL)) != -1)
    switch (opt)
      {
      case 'd':
        ctx.db_dir = optarg;
        break;
      case 'h':
        print_help ();
        return CMD_OK;
      case 'V':
        print_version ();
        return CMD_OK;
      default:
        fprintf (stderr, _("Try 'canbao --help' for more information.\n"));
        return CMD_USAGE;
      }

  if (optind == argc)
    return ui_run (&ctx);

  const struct cmd *cmd = cmd_find (argv[optind]);
  if (!cmd)
    {
      fprintf (stderr, _("canbao: unknown command '%s'\n"), argv[optind]);
      fprintf (stderr, _("Try 'canbao --help' for more information.\n"));
      return CMD_USAGE;
    }
  /* The command sees its own name as argv[0], as getopt expects. */
  optind++;
  return cmd->run (&ctx, argc - optind + 1, argv + optind - 1);
}
