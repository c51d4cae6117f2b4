/*
 * ui_term.c — curses set-up, keys and safe drawing.
 *
 * The terminal runs raw (Ctrl-S, Ctrl-Q and Ctrl-C reach us) with a short
 * ESCDELAY so that Esc answers at once even over SSH.  Drawing of data goes
 * through termtext, so nothing from the database reaches the terminal raw.
 */
#include "system.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "editbuf.h"
#include "msg.h"
#include "store.h"
#include "termtext.h"
#include "ui.h"

#define CTRL(c) ((c) & 0x1f)

static bool started;

static void
restore_hook (void)
{
  ui_term_stop ();
}

void
ui_term_start (void)
{
  /* Before initscr: ncurses reads ESCDELAY once.  25 ms is long enough for
     a function key's bytes to arrive together over a slow link. */
  set_escdelay (25);
  if (!initscr ())
    msg_fatal (_("cannot start the terminal interface (is TERM set?)"));
  started = true;
  msg_set_restore_hook (restore_hook);
  raw ();
  noecho ();
  nonl ();
  keypad (stdscr, TRUE);
  intrflush (stdscr, FALSE);
  set_escdelay (25);
}

void
ui_term_stop (void)
{
  if (!started)
    return;
  started = false;
  msg_set_restore_hook (NULL);
  endwin ();
}

static enum ui_key
fold_function_key (int key)
{
  switch (key)
    {
    case KEY_F (1): return UI_KEY_HELP;
    case KEY_F (2): return UI_KEY_SAVE;
    case KEY_F (3): return UI_KEY_REVIEW;
    case KEY_F (4): return UI_KEY_LIST;
    case KEY_F (10): return UI_KEY_QUIT;
    case KEY_RESIZE: return UI_KEY_RESIZE;
    case KEY_ENTER: return UI_KEY_ENTER;
    case KEY_BTAB: return UI_KEY_BACKTAB;
    case KEY_UP: return UI_KEY_UP;
    case KEY_DOWN: return UI_KEY_DOWN;
    case KEY_LEFT: return UI_KEY_LEFT;
    case KEY_RIGHT: return UI_KEY_RIGHT;
    case KEY_HOME: return UI_KEY_HOME;
    case KEY_END: return UI_KEY_END;
    case KEY_PPAGE: return UI_KEY_PAGE_UP;
    case KEY_NPAGE: return UI_KEY_PAGE_DOWN;
    case KEY_BACKSPACE: return UI_KEY_BACKSPACE;
    case KEY_DC: return UI_KEY_DELETE;
    default: return UI_KEY_OTHER;
    }
}

static enum ui_key
fold_control_char (wint_t c)
{
  switch (c)
    {
    case CTRL ('G'): return UI_KEY_HELP;
    case CTRL ('S'): return UI_KEY_SAVE;
    case CTRL ('R'): return UI_KEY_REVIEW;
    case CTRL ('O'): return UI_KEY_LIST;
    case CTRL ('K'): return UI_KEY_KILL_EOL;
    case CTRL ('U'): return UI_KEY_KILL_LINE;
    case CTRL ('L'): return UI_KEY_REDRAW;
    case CTRL ('A'): return UI_KEY_HOME;
    case CTRL ('E'): return UI_KEY_END;
    case CTRL ('X'): return UI_KEY_QUIT;
    case CTRL ('C'): return UI_KEY_INTERRUPT;
    case 0x1b: return UI_KEY_ESCAPE;
    case '\r': case '\n': return UI_KEY_ENTER;
    case '\t': return UI_KEY_TAB;
    /* Terminals send either for Backspace. */
    case 0x7f: case 0x08: return UI_KEY_BACKSPACE;
    default: return UI_KEY_OTHER;
    }
}

enum ui_key
ui_read_key (wint_t *ch)
{
  for (;;)
    {
      int kind;

      if (store_termination_requested ())
        return UI_KEY_SIGNAL;
      kind = get_wch (ch);
      if (kind == KEY_CODE_YES)
        return fold_function_key ((int) *ch);
      if (kind == OK)
        {
          if (*ch < 0x20 || *ch == 0x7f)
            return fold_control_char (*ch);
          return UI_KEY_CHAR;
        }
      /* ERR: a signal interrupted the read; the loop checks which. */
    }
}

void
ui_put_utf8 (int y, int x, const char *utf8, int cols)
{
  wchar_t *shown = termtext_from_utf8 (utf8 ? utf8 : "");
  wchar_t *fitted = termtext_fit (shown, cols);

  mvaddwstr (y, x, fitted);
  free (fitted);
  free (shown);
}

void
ui_put_msg (int y, int x, const char *text, int cols)
{
  size_t n = mbstowcs (NULL, text, 0);
  wchar_t *wide, *fitted;

  if (n == (size_t) -1)
    {
      mvaddnstr (y, x, "?", cols);
      return;
    }
  wide = xmalloc ((n + 1) * sizeof *wide);
  mbstowcs (wide, text, n + 1);
  fitted = termtext_fit (wide, cols);
  mvaddwstr (y, x, fitted);
  free (fitted);
  free (wide);
}

int
ui_msg_width (const char *text)
{
  size_t n = mbstowcs (NULL, text, 0);
  wchar_t *wide;
  int width;

  if (n == (size_t) -1)
    return (int) strlen (text);
  wide = xmalloc ((n + 1) * sizeof *wide);
  mbstowcs (wide, text, n + 1);
  width = termtext_width (wide);
  free (wide);
  return width;
}

void
ui_title (const char *text)
{
  attron (A_REVERSE);
  mvhline (0, 0, ' ', COLS);
  ui_put_msg (0, 1, text, COLS - 2);
  attroff (A_REVERSE);
}

void
ui_status (const char *text)
{
  move (LINES - 1, 0);
  clrtoeol ();
  ui_put_msg (LINES - 1, 0, text, COLS - 1);
}

bool
ui_confirm (const char *question)
{
  char line[256];
  wint_t ch;

  snprintf (line, sizeof line, "%s %s", question, _("(y/n)"));
  ui_status (line);
  for (;;)
    {
      enum ui_key key = ui_read_key (&ch);

      if (key == UI_KEY_SIGNAL)
        return true;
      if (key == UI_KEY_CHAR && (ch == 'y' || ch == 'Y'))
        return true;
      if (key == UI_KEY_ESCAPE || key == UI_KEY_INTERRUPT
          || (key == UI_KEY_CHAR && (ch == 'n' || ch == 'N')))
        {
          ui_status ("");
          return false;
        }
    }
}

const char *
ui_clerk_name (const struct ui_session *session)
{
  return session->clerk.name[0] ? session->clerk.name : session->clerk.user;
}

bool
ui_too_small (void)
{
  if (LINES >= UI_MIN_LINES && COLS >= UI_MIN_COLS)
    return false;
  erase ();
  ui_put_msg (0, 0, _("The terminal is smaller than 80x24; please enlarge it."),
              COLS);
  refresh ();
  return true;
}

/* UTF8 from column LEFT on, in COLS columns: wide lines (the 核对表 is
   205 columns) scroll sideways. */
static void
put_from_column (int y, int x, const char *utf8, int left, int cols)
{
  wchar_t *shown = termtext_from_utf8 (utf8);
  int skipped = 0;
  size_t n = left > 0 ? termtext_fit_span (shown, left, &skipped) : 0;
  wchar_t *fitted;

  /* A double-width character cut by the edge is left out. */
  if (skipped < left && shown[n])
    n++;
  fitted = termtext_fit (shown + n, cols);
  mvaddwstr (y, x, fitted);
  free (fitted);
  free (shown);
}

enum ui_key
ui_show_lines (const char *title, char *const *lines, size_t n,
               wint_t *chp)
{
  size_t top = 0;
  int left = 0;                 /* columns scrolled off to the left */

  for (;;)
    {
      int height = LINES - 3;
      wint_t ch;
      enum ui_key key;

      if (!ui_too_small ())
        {
          char where[64];

          erase ();
          ui_put_msg (0, 1, title, COLS - 2);
          for (int y = 0; y < height && top + (size_t) y < n; y++)
            put_from_column (2 + y, 2, lines[top + (size_t) y], left,
                             COLS - 3);
          snprintf (where, sizeof where, "%zu-%zu / %zu", n ? top + 1 : 0,
                    top + (size_t) height < n ? top + (size_t) height : n, n);
          ui_status (_("PgUp/PgDn page, Left/Right sideways; any other key "
                       "goes back."));
          ui_put_msg (LINES - 1, COLS - 1 - ui_msg_width (where), where,
                      ui_msg_width (where));
          refresh ();
        }
      key = ui_read_key (&ch);
      if (height < 1)
        height = 1;
      if (key == UI_KEY_PAGE_DOWN || key == UI_KEY_DOWN)
        {
          size_t step = key == UI_KEY_DOWN ? 1 : (size_t) height;

          if (top + step < n)
            top += step;
        }
      else if (key == UI_KEY_RIGHT)
        left += COLS / 2;
      else if (key == UI_KEY_LEFT)
        left = left > COLS / 2 ? left - COLS / 2 : 0;
      else if (key == UI_KEY_PAGE_UP || key == UI_KEY_UP)
        {
          size_t step = key == UI_KEY_UP ? 1 : (size_t) height;

          top = top > step ? top - step : 0;
        }
      else if (key != UI_KEY_RESIZE && key != UI_KEY_REDRAW)
        {
          if (chp)
            *chp = ch;
          return key;
        }
    }
}

/* Asks for a line of text on the bottom line; NULL when the clerk gives
   up (Esc).  FILTER limits what may be typed. */
char *
ui_prompt (const char *question, const char *initial, int cols,
             editbuf_filter_fn *filter)
{
  struct editbuf *eb = editbuf_new (cols, 0);
  char *answer = NULL;

  editbuf_set_scroll (eb, true);
  editbuf_set_filter (eb, filter);
  editbuf_set_utf8 (eb, initial);
  for (;;)
    {
      wchar_t view[2 * 80 + 2];
      int col = 0, x = ui_msg_width (question) + 1;
      wint_t ch = 0;
      enum ui_key key;

      ui_status (question);
      editbuf_view (eb, view, ARRAY_SIZE (view), &col);
      mvaddwstr (LINES - 1, x, view);
      move (LINES - 1, x + col);
      refresh ();
      key = ui_read_key (&ch);
      if (key == UI_KEY_ENTER)
        {
          answer = editbuf_get_utf8 (eb);
          break;
        }
      if (key == UI_KEY_ESCAPE || key == UI_KEY_QUIT || key == UI_KEY_SIGNAL
          || key == UI_KEY_INTERRUPT)
        break;
      if (key == UI_KEY_CHAR)
        {
          if (editbuf_insert (eb, (wchar_t) ch) != EDITBUF_OK)
            beep ();
        }
      else if (key == UI_KEY_BACKSPACE)
        editbuf_backspace (eb);
      else if (key == UI_KEY_LEFT)
        editbuf_left (eb);
      else if (key == UI_KEY_RIGHT)
        editbuf_right (eb);
      else if (key == UI_KEY_KILL_LINE)
        editbuf_kill_line (eb);
    }
  editbuf_free (&eb);
  ui_status ("");
  return answer;
}

