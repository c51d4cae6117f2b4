/*
 * ui — the terminal interface.  Screens are thin: they draw and read keys,
 * and leave parsing, validation and storage to the modules below them.
 *
 * Keys (every function key has a control-key twin, because PuTTY's
 * default function keys are not xterm's):
 *   F1  / Ctrl-G   help
 *   F10 / Ctrl-X   leave the screen (on the main screen: quit canbao)
 *   Ctrl-C         asks before it leaves canbao
 * The terminal runs raw, so Ctrl-S, Ctrl-Q and Ctrl-C reach canbao.
 */
#ifndef CANBAO_UI_H
#define CANBAO_UI_H

#include <wchar.h>

#include "cmd.h"

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
/* The bottom line: a message for the clerk. */
void ui_status (const char *text);
/* Asks a yes/no question on the bottom line; true for yes. */
bool ui_confirm (const char *question);

#endif
