/*
 * cmd_show.c — `canbao show ID`: one person's record and its history.
 *
 * The form's fields come first, in the paper's order and under the
 * paper's labels, when the record names a form that is installed; every
 * other field follows under its stored name, then the metadata, then the
 * audit history oldest first.  Values from data pass through
 * cmd_put_text, so nothing in them reaches a terminal raw.
 */
#include "system.h"

#include <getopt.h>

#include "cmd.h"
#include "formdef.h"
#include "idnum.h"
#include "msg.h"
#include "store.h"
#include "termtext.h"

static void
put_pair (const char *label, const char *value)
{
  cmd_put_text (stdout, label);
  fputs (": ", stdout);
  cmd_put_text (stdout, value);
  fputc ('\n', stdout);
}

/* Prints the fields of DEF that REC holds; marks them in SHOWN. */
static void
show_form_fields (const struct formdef *def, const struct record *rec,
                  bool *shown)
{
  for (size_t i = 0; i < def->n_fields; i++)
    {
      const char *value = record_get (rec, def->fields[i].id);

      if (!value)
        continue;
      put_pair (def->fields[i].name, value);
      for (size_t j = 0; j < record_count (rec); j++)
        if (strcmp (record_name_at (rec, j), def->fields[i].id) == 0)
          shown[j] = true;
    }
}

static int
show_history (const struct store_audit_entry *e, void *arg)
{
  (void) arg;
  cmd_put_text (stdout, e->time);
  fputc (' ', stdout);
  cmd_put_text (stdout, e->user);
  if (*e->user_name)
    {
      fputs (" (", stdout);
      cmd_put_text (stdout, e->user_name);
      fputc (')', stdout);
    }
  fputc (' ', stdout);
  cmd_put_text (stdout, e->action);
  fputc (' ', stdout);
  cmd_put_text (stdout, e->field);
  fputs (": ", stdout);
  cmd_put_text (stdout, e->old_value ? e->old_value : "-");
  fputs (" -> ", stdout);
  cmd_put_text (stdout, e->new_value ? e->new_value : "-");
  fputc ('\n', stdout);
  return STORE_OK;
}

static void
show_record (struct store *store, const char *id, const struct record *rec)
{
  size_t n = record_count (rec);
  bool *shown = xcalloc (n + 1, sizeof *shown);
  const char *form_id = record_get (rec, "_form");
  struct formdef **forms = NULL;
  const char *status = record_get (rec, STORE_F_STATUS);

  put_pair (_("ID number"), id);
  if (status)
    put_pair (_("Status"), store_status_name (status));
  if (form_id)
    {
      /* A form that cannot be loaded only costs the labels. */
      forms = formdef_load_all (formdef_dir (), NULL, NULL);
      const struct formdef *def = forms ? formdef_list_find (forms, form_id)
        : NULL;
      if (def)
        {
          printf ("\n[");
          cmd_put_text (stdout, def->title);
          printf ("]\n");
          show_form_fields (def, rec, shown);
        }
    }
  printf ("\n[%s]\n", _("Other fields"));
  for (size_t i = 0; i < n; i++)
    if (!shown[i] && record_name_at (rec, i)[0] != '_')
      put_pair (record_name_at (rec, i), record_value_at (rec, i));
  printf ("\n[%s]\n", _("Record"));
  for (size_t i = 0; i < n; i++)
    if (record_name_at (rec, i)[0] == '_')
      put_pair (record_name_at (rec, i), record_value_at (rec, i));
  printf ("\n[%s]\n", _("History"));
  store_audit_scan (store, id, show_history, NULL);
  formdef_free_all (&forms);
  free (shown);
}

static int
run_show (const struct cmd_context *ctx, int argc, char **argv)
{
  static const struct option options[] = {
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  struct store *store;
  struct record *rec;
  char *dir, *error = NULL, *input;
  char id[IDNUM_SIZE + 32];
  int opt, status, exit_status = CMD_OK;

  optind = 0;
  while ((opt = getopt_long (argc, argv, "+h", options, NULL)) != -1)
    {
      if (opt == 'h')
        {
          printf ("%s canbao show %s\n%s\n", _("Usage:"), _(cmd_show.args),
                  _(cmd_show.summary));
          return CMD_OK;
        }
      return cmd_usage_error (&cmd_show, _("unknown option"));
    }
  if (argc - optind != 1)
    return cmd_usage_error (&cmd_show, _("give one ID number"));
  input = termtext_locale_to_utf8 (argv[optind]);
  if (!input)
    return cmd_usage_error (&cmd_show,
                            _("the ID is not text in the terminal's "
                              "character set"));
  idnum_normalise (input, id, sizeof id);
  free (input);

  dir = cmd_db_dir (ctx);
  if (store_open (dir, &store, &error) != STORE_OK)
    {
      fprintf (stderr, "canbao: %s\n", error);
      free (error);
      free (dir);
      return CMD_USAGE;
    }
  free (dir);
  status = store_get (store, id, &rec);
  if (status == STORE_OK)
    show_record (store, id, rec);
  else if (status == STORE_NOTFOUND)
    {
      fputs ("canbao: ", stderr);
      fprintf (stderr, _("%s: no such person in the database\n"), id);
      exit_status = CMD_REJECTED;
    }
  else
    {
      fprintf (stderr, "canbao: %s\n", store_error (store));
      exit_status = CMD_USAGE;
    }
  record_free (&rec);
  store_close (&store);
  return exit_status;
}

const struct cmd cmd_show = {
  "show", N_("ID"),
  N_("show one person's record and its change history"),
  run_show
};
