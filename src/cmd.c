/*
 * cmd.c — the table of subcommands and what they share.
 */
#include "system.h"

#include <stdarg.h>

#include "cmd.h"
#include "msg.h"
#include "store.h"
#include "termtext.h"

const struct cmd *const cmd_table[] = {
  &cmd_id,
  &cmd_show,
  &cmd_db,
  &cmd_import,
  &cmd_export,
  &cmd_demo,
  &cmd_stats,
  NULL
};

const struct cmd *
cmd_find (const char *name)
{
  for (size_t i = 0; cmd_table[i]; i++)
    if (strcmp (cmd_table[i]->name, name) == 0)
      return cmd_table[i];
  return NULL;
}

int
cmd_usage_error (const struct cmd *cmd, const char *fmt, ...)
{
  va_list ap;

  fputs ("canbao: ", stderr);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fprintf (stderr, "\n%s canbao %s %s\n", _("Usage:"), cmd->name,
           _(cmd->args));
  fprintf (stderr, _("Try 'canbao --help' for more information.\n"));
  return CMD_USAGE;
}

void
cmd_put_text (FILE *fp, const char *utf8)
{
  char *text = termtext_utf8_to_locale (utf8);

  fputs (text, fp);
  free (text);
}

char *
cmd_db_dir (const struct cmd_context *ctx)
{
  return ctx->db_dir ? xstrdup (ctx->db_dir) : store_default_dir ();
}
