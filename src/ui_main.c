/*
 * ui_main.c — the main screen: which database, which clerk, what it holds.
 *
 * ui_run() opens the store, draws this screen and runs the one event loop;
 * later screens are entered from here and return here.  The screen is
 * drawn once per change, with no attributes beyond the title line, because
 * every attribute change costs bytes on a slow SSH link.
 */
#include "system.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "clerk.h"
#include "msg.h"
#include "store.h"
#include "termtext.h"
#include "ui.h"

struct main_screen
{
  struct ui_session session;
  char *db_dir;
  struct store_summary summary;
  bool has_draft;
  bool demo;                    /* meta demo=1: synthetic people */
};

static void
draw_count (int y, const char *label, unsigned long count)
{
  char number[32];

  /* Labels are measured in columns: CJK is two wide. */
  ui_put_msg (y, 44, label, 24);
  snprintf (number, sizeof number, "%10lu", count);
  ui_put_msg (y, 68, number, COLS - 69);
}

static void
draw_menu_line (int y, const char *key, const char *what)
{
  ui_put_msg (y, 2, key, 6);
  ui_put_msg (y, 8, what, 34);
}

static void
draw_main (struct main_screen *ms)
{
  struct ui_session *s = &ms->session;
  char line[512];
  int y = 4;

  if (ui_too_small ())
    return;
  erase ();
  attron (A_REVERSE);
  mvhline (0, 0, ' ', COLS);
  ui_put_msg (0, 1, _("canbao  Universal insurance registration"), COLS / 2);
  if (ms->demo)
    ui_put_msg (0, COLS / 2, _("[demonstration data]"), COLS / 2 - 1);
  attroff (A_REVERSE);

  snprintf (line, sizeof line, "%s %s", _("Database:"), ms->db_dir);
  ui_put_msg (1, 1, line, COLS - 2);
  snprintf (line, sizeof line, "%s ", _("Clerk:"));
  ui_put_msg (2, 1, line, COLS - 2);
  {
    char who[sizeof s->clerk.user + sizeof s->clerk.name + 4];
    int x = 1 + ui_msg_width (line);

    if (s->clerk.name[0])
      snprintf (who, sizeof who, "%s (%s)", s->clerk.name, s->clerk.user);
    else
      snprintf (who, sizeof who, "%s", s->clerk.user);
    ui_put_utf8 (2, x, who, COLS - 1 - x);
  }

  for (size_t i = 0; i < s->n_forms && i < 9; i++)
    {
      char key[8];

      snprintf (key, sizeof key, "%zu", i + 1);
      ui_put_msg (y, 2, key, 6);
      ui_put_utf8 (y++, 8, s->forms[i]->title, 34);
    }
  draw_menu_line (y++, "r", _("Reconcile the comparison list"));
  draw_menu_line (y++, "s", _("Find and edit"));
  draw_menu_line (y++, "k", _("Check sheet of a village (核对表)"));
  draw_menu_line (y++, "t", _("Statistics by region"));
  draw_menu_line (y++, "v", _("Review (复核)"));
  if (ms->has_draft)
    draw_menu_line (y++, "d", _("Continue your unsaved form"));
  draw_menu_line (y++, "q", _("Quit"));

  y = 4;
  draw_count (y++, _("People"), ms->summary.people);
  draw_count (y++, _("Keyed"), ms->summary.entered);
  draw_count (y++, _("Reviewed"), ms->summary.reviewed);
  draw_count (y++, _("On the comparison list"), ms->summary.queued);
  draw_count (y++, _("Changes in the audit log"), ms->summary.audit_entries);

  ui_status (_("Type a number to key that form.  F1 help   F10/q quit"));
  refresh ();
}

static void
show_help (void)
{
  char *lines[9];
  static const char *const text[9] = {
    N_("1, 2 ...          key a new paper form of that kind"),
    N_("r                 work through the people upstream flagged"),
    N_("k                 a village's check sheet (核对表), as it prints"),
    N_("t                 statistics by township and village"),
    N_("s                 find a person by ID, name or village, and edit"),
    N_("v                 review forms that other clerks keyed"),
    N_("d                 continue your unsaved form (after a cut link)"),
    N_("F10, Ctrl-X or q  quit canbao; Ctrl-C asks first"),
    N_("F1 or Ctrl-G      help; on every screen F10 comes back here")
  };

  for (size_t i = 0; i < ARRAY_SIZE (text); i++)
    {
      lines[i] = termtext_locale_to_utf8 (_(text[i]));
      if (!lines[i])
        lines[i] = xstrdup (text[i]);
    }
  ui_show_lines (_("Keys on the main screen"), lines, ARRAY_SIZE (lines),
                 NULL);
  for (size_t i = 0; i < ARRAY_SIZE (text); i++)
    free (lines[i]);
}

static int
read_demo (struct store_txn *txn, void *arg)
{
  struct main_screen *ms = arg;
  char *value = NULL;
  int status = store_txn_meta_get (txn, "demo", &value);

  ms->demo = status == STORE_OK;
  free (value);
  return status == STORE_NOTFOUND ? STORE_OK : status;
}

static void
refresh_state (struct main_screen *ms)
{
  struct record *draft = NULL;

  if (store_summarise (ms->session.store, &ms->summary) != STORE_OK)
    memset (&ms->summary, 0, sizeof ms->summary);
  ms->has_draft = store_draft_get (ms->session.store, ms->session.clerk.user,
                                   &draft) == STORE_OK;
  record_free (&draft);
}

static void
event_loop (struct main_screen *ms)
{
  struct ui_session *s = &ms->session;

  while (!s->leaving)
    {
      wint_t ch;
      enum ui_key key;

      refresh_state (ms);
      draw_main (ms);
      key = ui_read_key (&ch);
      switch (key)
        {
        case UI_KEY_SIGNAL:
        case UI_KEY_QUIT:
          return;
        case UI_KEY_CHAR:
          if (ch == 'q' || ch == 'Q')
            return;
          if (ch >= '1' && ch <= '9' && (size_t) (ch - '0') <= s->n_forms)
            ui_form_run (s, s->forms[ch - '1'], NULL, NULL, UI_FORM_ENTRY);
          else if (ch == 's' || ch == 'S' || ch == '/')
            ui_search_run (s);
          else if (ch == 'v' || ch == 'V')
            ui_review_run (s);
          else if (ch == 'r' || ch == 'R')
            ui_reconcile_run (s);
          else if (ch == 'k' || ch == 'K')
            ui_sheet_run (s);
          else if (ch == 't' || ch == 'T')
            ui_stats_run (s);
          else if ((ch == 'd' || ch == 'D') && ms->has_draft)
            ui_form_resume_draft (s, false);
          else
            beep ();
          break;
        case UI_KEY_INTERRUPT:
          if (ui_confirm (_("Leave canbao?")))
            return;
          break;
        case UI_KEY_HELP:
          show_help ();
          break;
        case UI_KEY_REDRAW:
          clearok (curscr, TRUE);
          break;
        default:
          break;
        }
    }
}

int
ui_run (const struct cmd_context *ctx)
{
  struct main_screen ms;
  char *error = NULL;

  memset (&ms, 0, sizeof ms);
  ms.db_dir = cmd_db_dir (ctx);
  clerk_current (&ms.session.clerk);
  ms.session.forms = formdef_load_all (formdef_dir (), &ms.session.n_forms,
                                       &error);
  if (!ms.session.forms)
    {
      fprintf (stderr, "canbao: %s\n", error);
      free (error);
      free (ms.db_dir);
      return CMD_USAGE;
    }
  store_install_signal_handlers ();
  if (store_open (ms.db_dir, &ms.session.store, &error) != STORE_OK)
    {
      fprintf (stderr, "canbao: %s\n", error);
      free (error);
      formdef_free_all (&ms.session.forms);
      free (ms.db_dir);
      return CMD_USAGE;
    }

  store_run (ms.session.store, 0, read_demo, &ms);
  ui_term_start ();
  curs_set (0);
  refresh_state (&ms);
  if (ms.has_draft)
    {
      draw_main (&ms);
      ui_form_resume_draft (&ms.session, true);
    }
  event_loop (&ms);
  ui_term_stop ();

  store_close (&ms.session.store);
  formdef_free_all (&ms.session.forms);
  free (ms.db_dir);
  return CMD_OK;
}
