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
#include "ui.h"

#define MIN_LINES 24
#define MIN_COLS 80

struct main_screen
{
  struct store *store;
  char *db_dir;
  struct clerk clerk;
  struct store_summary summary;
};

static void
draw_too_small (void)
{
  erase ();
  ui_put_msg (0, 0, _("The terminal is smaller than 80x24; please enlarge it."),
              COLS);
  refresh ();
}

static void
draw_count (int y, const char *label, unsigned long count)
{
  char line[160];

  snprintf (line, sizeof line, "%-24s %10lu", label, count);
  ui_put_msg (y, 4, line, COLS - 8);
}

static void
draw_main (const struct main_screen *ms)
{
  char line[512];
  int y = 3;

  if (LINES < MIN_LINES || COLS < MIN_COLS)
    {
      draw_too_small ();
      return;
    }
  erase ();
  attron (A_REVERSE);
  mvhline (0, 0, ' ', COLS);
  ui_put_msg (0, 1, _("canbao  Universal insurance registration"), COLS / 2);
  attroff (A_REVERSE);

  snprintf (line, sizeof line, "%s %s", _("Database:"), ms->db_dir);
  ui_put_msg (1, 1, line, COLS - 2);
  snprintf (line, sizeof line, "%s ", _("Clerk:"));
  ui_put_msg (2, 1, line, COLS - 2);
  {
    char who[sizeof ms->clerk.user + sizeof ms->clerk.name + 4];
    int x = 1 + ui_msg_width (line);

    if (ms->clerk.name[0])
      snprintf (who, sizeof who, "%s (%s)", ms->clerk.name, ms->clerk.user);
    else
      snprintf (who, sizeof who, "%s", ms->clerk.user);
    ui_put_utf8 (2, x, who, COLS - 1 - x);
  }

  ui_put_msg (++y, 2, _("What the database holds"), COLS - 4);
  y++;
  draw_count (++y, _("People"), ms->summary.people);
  draw_count (++y, _("Drafts"), ms->summary.drafts);
  draw_count (++y, _("Keyed"), ms->summary.entered);
  draw_count (++y, _("Reviewed"), ms->summary.reviewed);
  draw_count (++y, _("Changes in the audit log"), ms->summary.audit_entries);

  ui_status (_("F1 help   F10/q quit"));
  refresh ();
}

static void
show_help (void)
{
  wint_t ch;

  erase ();
  ui_put_msg (0, 1, _("Keys on the main screen"), COLS - 2);
  ui_put_msg (2, 2, _("F1  or Ctrl-G    this help"), COLS - 4);
  ui_put_msg (3, 2, _("F10 or Ctrl-X    quit canbao (also q)"), COLS - 4);
  ui_put_msg (4, 2, _("Ctrl-C           quit canbao, after asking"), COLS - 4);
  ui_status (_("Press any key to go back."));
  refresh ();
  ui_read_key (&ch);
}

static int
load_summary (struct main_screen *ms)
{
  if (store_summarise (ms->store, &ms->summary) != STORE_OK)
    {
      memset (&ms->summary, 0, sizeof ms->summary);
      return -1;
    }
  return 0;
}

static void
event_loop (struct main_screen *ms)
{
  for (;;)
    {
      wint_t ch;
      enum ui_key key;

      draw_main (ms);
      key = ui_read_key (&ch);
      switch (key)
        {
        case UI_KEY_SIGNAL:
          return;
        case UI_KEY_QUIT:
          return;
        case UI_KEY_CHAR:
          if (ch == 'q' || ch == 'Q')
            return;
          break;
        case UI_KEY_INTERRUPT:
          if (ui_confirm (_("Leave canbao?")))
            return;
          break;
        case UI_KEY_HELP:
          show_help ();
          break;
        case UI_KEY_RESIZE:
          load_summary (ms);
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
  clerk_current (&ms.clerk);
  store_install_signal_handlers ();
  if (store_open (ms.db_dir, &ms.store, &error) != STORE_OK)
    {
      fprintf (stderr, "canbao: %s\n", error);
      free (error);
      free (ms.db_dir);
      return CMD_USAGE;
    }
  load_summary (&ms);

  ui_term_start ();
  event_loop (&ms);
  ui_term_stop ();

  store_close (&ms.store);
  free (ms.db_dir);
  return CMD_OK;
}
