/*
 * editbuf — the text of one form field while the clerk types into it
 * (after neomutt's editor/enter.c).
 *
 * The screens draw a field as a blank of N terminal columns.  libformw
 * gets double-width characters wrong, so this is canbao's own editor, on a
 * wchar_t buffer, with no curses in it.  It promises:
 *
 *   - Everything is measured in terminal columns by wcwidth in the current
 *     locale, as ncursesw lays out (so · U+00B7 is two columns under
 *     zh_CN.GB18030 and one under zh_CN.UTF-8).  A character without a
 *     width there (one the terminal's charset cannot encode, a control
 *     character) counts as two columns when it is a CJK or other wide code
 *     point and one otherwise: see editbuf_wcwidth.  Widths are looked up
 *     when needed, never cached, so a change of locale takes effect at once.
 *   - The stored text is never changed by display: any valid UTF-8 given to
 *     editbuf_set_utf8 comes back byte for byte from editbuf_get_utf8,
 *     whatever the terminal can show.  UTF-8 is read and written without
 *     the locale (utf8_decode in charset.h); each byte that is not part of
 *     well-formed UTF-8 becomes U+FFFD.
 *   - The cursor sits between characters.  A "character" for every key is
 *     a character with a width plus the zero-width marks that follow it
 *     (combining accents), so the cursor never lands inside a double-width
 *     character nor between a letter and its accent, and Backspace and
 *     Delete remove the whole of it.
 *   - A typed character is inserted only when it passes the field's filter
 *     (which may also convert it, e.g. full-width digits to ASCII) and
 *     fits: within the field's columns, or, in a scrolling field, without
 *     a limit on columns; and never beyond max_chars characters.  Text put
 *     there by editbuf_set_utf8 is taken whole, even when it is too long.
 *   - editbuf_view gives exactly the field's width in columns to draw, with
 *     the cursor inside the blank; see there.
 *   - Keys cost no allocation; the buffer grows by doubling.
 */
#ifndef CANBAO_EDITBUF_H
#define CANBAO_EDITBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

struct editbuf;

/* What became of a typed character. */
enum editbuf_status
{
  EDITBUF_OK,                   /* inserted at the cursor */
  EDITBUF_FULL,                 /* no room: the field's columns or max_chars */
  EDITBUF_REFUSED               /* the filter refused it, or it is a control
                                   character or no Unicode scalar value */
};

/* A field's filter: returns false to refuse *WC, or true to accept it,
   possibly after replacing *WC with the character to store. */
typedef bool editbuf_filter_fn (wchar_t *wc);

/* An empty field drawn WIDTH_COLS columns wide (at least 1) that holds at
   most MAX_CHARS characters (0: no limit but the columns).  It does not
   scroll and has no filter until told. */
struct editbuf *editbuf_new (int width_cols, size_t max_chars);
/* Frees *EB (NULL is fine) and sets it to NULL. */
void editbuf_free (struct editbuf **eb);

/* A scrolling field takes text wider than its blank and shows the part
   around the cursor; a fixed one refuses a character that does not fit. */
void editbuf_set_scroll (struct editbuf *eb, bool scroll);
/* FILTER (NULL: none) sees every character typed from now on. */
void editbuf_set_filter (struct editbuf *eb, editbuf_filter_fn *filter);

/* The filters the forms need.  Both accept full-width digits ０-９ and
   store them as ASCII, since a Chinese input method in full-width mode
   sends those.  The ID filter also takes X, x, Ｘ and ｘ, stored as X (the
   check character of a resident ID). */
bool editbuf_filter_digits (wchar_t *wc);
bool editbuf_filter_id (wchar_t *wc);

/* Replaces the text with UTF8 (NULL reads as ""), puts the cursor at its
   end and makes this the text editbuf_changed compares with.  Neither the
   filter nor the limits apply: stored data is shown as it is. */
void editbuf_set_utf8 (struct editbuf *eb, const char *utf8);
/* The text as UTF-8 (malloc'd; the caller frees it). */
char *editbuf_get_utf8 (const struct editbuf *eb);

/* Inserts WC at the cursor and moves the cursor past it. */
enum editbuf_status editbuf_insert (struct editbuf *eb, wchar_t wc);

/* The keys.  Each returns false when it had nothing to do (Backspace at
   the start, Right at the end...), so that the screen may beep. */
bool editbuf_backspace (struct editbuf *eb);    /* remove before cursor */
bool editbuf_delete (struct editbuf *eb);       /* remove at cursor */
bool editbuf_left (struct editbuf *eb);
bool editbuf_right (struct editbuf *eb);
bool editbuf_home (struct editbuf *eb);
bool editbuf_end (struct editbuf *eb);
bool editbuf_kill_eol (struct editbuf *eb);     /* Ctrl-K: cursor to end */
bool editbuf_kill_line (struct editbuf *eb);    /* Ctrl-U: all of it */

/* True when no further character fits: max_chars reached, or a fixed
   field with no free column.  Fixed-length fields (an 18-character ID, an
   11-digit mobile) move on to the next field when this becomes true. */
bool editbuf_full (const struct editbuf *eb);
/* True when the text differs from what editbuf_set_utf8 last put there
   (from "" for a new field); typing a character and erasing it again is
   no change. */
bool editbuf_changed (const struct editbuf *eb);

/* Characters (code points) in the text, and the cursor's place among
   them (0 to editbuf_length). */
size_t editbuf_length (const struct editbuf *eb);
size_t editbuf_cursor (const struct editbuf *eb);
/* Columns the whole text takes. */
int editbuf_width (const struct editbuf *eb);

/* What the screen draws for the field: writes to OUT (OUTSZ wide
   characters, at least width_cols + 1) a NUL-terminated string exactly
   width_cols columns wide by editbuf_wcwidth: the text, then '_' filling
   the rest of the blank.  Returns the characters written before the NUL.
   A character whose wcwidth is negative is the screen's to replace by a
   placeholder of editbuf_wcwidth columns; it is left in OUT as stored.

   When the text is wider than the blank, the view scrolls just enough to
   show the whole character at the cursor (or the '_' after the text), and
   no further than needed to fill the blank.  A double-width character cut
   by an edge is shown as '<' (left) or '>' (right) in its visible column.
   Zero-width marks that OUTSZ has no room for are left out (they take no
   column); 2 * width_cols + 1 is room for ordinary accented text.

   *CURSOR_COL (if not NULL) gets the cursor's column in the blank, 0 to
   width_cols - 1.  When the text fills the blank exactly and the cursor
   is after it, the view does not scroll (that would hide the first
   character of a complete ID); the cursor is then put on the last
   character, as libform does for a full field. */
size_t editbuf_view (struct editbuf *eb, wchar_t *out, size_t outsz,
                     int *cursor_col);

/* Columns WC takes in the current locale: wcwidth, or for a character
   without a width there 2 when it is a CJK or other wide code point
   (U+1100-U+115F, U+2E80-U+A4CF, U+AC00-U+D7A3, U+F900-U+FAFF,
   U+FE30-U+FE4F, U+FF00-U+FF60, U+FFE0-U+FFE6, U+20000-U+3FFFD) and 1
   otherwise, so that a name holding it keeps its layout.  0 to 2. */
int editbuf_wcwidth (wchar_t wc);

#endif
