/*
 * ui — the terminal interface.  Screens are thin: they draw and read keys,
 * and leave parsing, validation and storage to the modules below them.
 *
 * Keys (every function key has a control-key twin, because PuTTY's
 * default function keys are not xterm's):
 *   F1  / Ctrl-G   help
 *   F2  / Ctrl-S   save
 *   F3  / Ctrl-R   review (复核) the record on screen
 *   F4  / Ctrl-O   list a long choice's options (民族)
 *   F10 / Ctrl-X   back to the main screen (on the main screen: quit)
 *   Esc            cancel, asking first when something would be lost
 *   Ctrl-L         redraw the screen
 *   Ctrl-C         asks before it leaves canbao
 * The terminal runs raw, so Ctrl-S, Ctrl-Q and Ctrl-C reach canbao.
 */
#ifndef CANBAO_UI_H
#define CANBAO_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "clerk.h"
#include "cmd.h"
#include "formdef.h"
#include "record.h"
#include "store.h"

/* The screens need at least this much terminal. */
#define UI_MIN_LINES 24
#define UI_MIN_COLS 80

/* What every screen works with: one per canbao run. */
struct ui_session
{
  struct store *store;
  struct clerk clerk;
  struct formdef **forms;       /* NULL-terminated, formdef_load_all */
  size_t n_forms;
  bool leaving;                 /* the clerk asked to leave canbao */
};

/* The name a clerk signs with: the GECOS name, else the login. */
const char *ui_clerk_name (const struct ui_session *session);

/* Runs the interface until the clerk quits; returns an exit status. */
int ui_run (const struct cmd_context *ctx);

/* ---- ui_term.c: the terminal itself ---- */

/* Logical keys, after control-key twins are folded onto function keys. */
enum ui_key
{
  UI_KEY_CHAR,                  /* a printable character in *ch */
  UI_KEY_HELP,
  UI_KEY_QUIT,
  UI_KEY_INTERRUPT,             /* Ctrl-C */
  UI_KEY_RESIZE,
  UI_KEY_ESCAPE,
  UI_KEY_ENTER,
  UI_KEY_TAB,
  UI_KEY_BACKTAB,
  UI_KEY_UP,
  UI_KEY_DOWN,
  UI_KEY_LEFT,
  UI_KEY_RIGHT,
  UI_KEY_HOME,
  UI_KEY_END,
  UI_KEY_PAGE_UP,
  UI_KEY_PAGE_DOWN,
  UI_KEY_BACKSPACE,
  UI_KEY_DELETE,
  UI_KEY_SAVE,                  /* F2 / Ctrl-S */
  UI_KEY_REVIEW,                /* F3 / Ctrl-R */
  UI_KEY_LIST,                  /* F4 / Ctrl-O */
  UI_KEY_KILL_EOL,              /* Ctrl-K */
  UI_KEY_KILL_LINE,             /* Ctrl-U */
  UI_KEY_REDRAW,                /* Ctrl-L */
  UI_KEY_SIGNAL,                /* SIGHUP or SIGTERM arrived: leave now */
  UI_KEY_OTHER
};

void ui_term_start (void);
void ui_term_stop (void);

/* Waits for one key; *ch gets the character for UI_KEY_CHAR. */
enum ui_key ui_read_key (wint_t *ch);

/* Draws UTF-8 text from data at (y, x) within cols columns: control
   characters are made visible and characters the terminal cannot show
   become placeholders (termtext.h); the stored text is not touched. */
void ui_put_utf8 (int y, int x, const char *utf8, int cols);
/* Draws a translated message (already in the locale's charset). */
void ui_put_msg (int y, int x, const char *text, int cols);
/* Columns a translated message takes on this terminal. */
int ui_msg_width (const char *text);
/* The top line in reverse video (the one attribute a screen spends)
   with a translated message. */
void ui_title (const char *text);
/* The bottom line: a message for the clerk. */
void ui_status (const char *text);
/* Asks a yes/no question on the bottom line; true for yes. */
bool ui_confirm (const char *question);

/* Asks QUESTION (a translated message) on the bottom line and reads a
   line of at most COLS columns' view, starting from INITIAL (UTF-8);
   FILTER (NULL: none) limits what may be typed.  The answer in UTF-8
   (malloc'd), or NULL when the clerk gives up with Esc. */
char *ui_prompt (const char *question, const char *initial, int cols,
                 bool (*filter) (wchar_t *wc));

/* True (after drawing a request to enlarge it) when the terminal is
   smaller than UI_MIN_COLS x UI_MIN_LINES. */
bool ui_too_small (void);
/* Shows LINES (UTF-8 from data or forms; N of them) under TITLE (a
   translated message), a page at a time, until a key other than the
   paging keys; returns that key, and its character in *CH (if CH is not
   NULL). */
enum ui_key ui_show_lines (const char *title, char *const *lines, size_t n,
                           wint_t *ch);

/* ---- ui_form.c: keying and editing a paper form ---- */

enum ui_form_mode
{
  UI_FORM_ENTRY,                /* a stack of new forms: after a save, the
                                   next blank one */
  UI_FORM_EDIT                  /* one stored record, then back */
};

/* Runs the form screen for DEF over REC (NULL: a blank form).  OPEN_ID is
   the ID REC is stored under ("" or NULL for a new one).  Returns when
   the clerk leaves; session->leaving is set when canbao should end. */
void ui_form_run (struct ui_session *session, const struct formdef *def,
                  const struct record *rec, const char *open_id,
                  enum ui_form_mode mode);
/* Offers and resumes this clerk's draft, if there is one. */
void ui_form_resume_draft (struct ui_session *session, bool ask);

/* ---- ui_search.c: finding people ---- */

/* Search by ID, name or village, and open what is found. */
void ui_search_run (struct ui_session *session);
/* The records waiting for review by someone other than their saver. */
void ui_review_run (struct ui_session *session);
/* ---- ui_reconcile.c: the reconciliation walk-through ---- */

/* The queue of flagged people and the side-by-side verification. */
void ui_reconcile_run (struct ui_session *session);

/* ---- ui_reports.c: what goes up, on screen ---- */

/* Statistics by region, as `canbao stats` prints them. */
void ui_stats_run (struct ui_session *session);
/* A village's 核对表, paged as it will print. */
void ui_sheet_run (struct ui_session *session);

/* Opens the stored record of ID in its form (asking which form when it
   has none yet). */
void ui_open_person (struct ui_session *session, const char *id);

#endif
