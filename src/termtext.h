/*
 * termtext — stored text made safe and measurable for the terminal.
 *
 * Data in the database is UTF-8 and may hold anything upstream sent.  This
 * module promises that text passed through it cannot act on the terminal
 * and takes exactly the columns the screen code thinks it takes:
 *
 *   - Control characters become visible ASCII: C0 and DEL as caret forms
 *     (^[ for ESC, ^J for LF, ^? for DEL); C1 controls and the invisible
 *     bidirectional and format characters as <U+202E>; bytes that are not
 *     UTF-8 as <xNN>.
 *   - A character the terminal's charset (LC_CTYPE) cannot encode, or that
 *     has no width there, is shown as a placeholder as wide as the
 *     character would be: 〓 for a double-width one when the terminal can
 *     show 〓, otherwise one '?' per column.
 *   - Column arithmetic uses wcwidth in the current locale, as ncursesw
 *     does, so the two agree (under zh_CN.GB18030 glibc makes every
 *     two-byte character two columns wide, the middle dot · included).
 *
 * The stored text is never changed: every function returns a new string
 * (malloc'd; the caller frees it).  UTF-8 is read and written without the
 * locale (see utf8_decode in charset.h); only the terminal's side uses it.
 * wchar_t holds Unicode code points (glibc defines __STDC_ISO_10646__).
 * No curses here: the screens call this and draw the result.
 */
#ifndef CANBAO_TERMTEXT_H
#define CANBAO_TERMTEXT_H

#include <stddef.h>
#include <wchar.h>

/* The display form of UTF8 (NULL reads as ""). */
wchar_t *termtext_from_utf8 (const char *utf8);

/* Columns WS takes in the current locale; a character without a width
   counts as one column (the display form holds none).  Never negative. */
int termtext_width (const wchar_t *ws);
/* Columns the display form of UTF8 takes. */
int termtext_utf8_width (const char *utf8);

/* How many characters of WS fit in COLS columns without splitting a
   double-width character; *WIDTH (if not NULL) gets the columns they take.
   Zero-width characters that follow the last one that fits go with it. */
size_t termtext_fit_span (const wchar_t *ws, int cols, int *width);
/* WS cut to at most COLS columns.  When a double-width character would be
   split, it is left out and a space fills its first column, so a cut
   string is exactly COLS wide; a string that fits is returned as is. */
wchar_t *termtext_fit (const wchar_t *ws, int cols);
/* The same, but when WS has to be cut, MARK (e.g. L"…" or L">"; the caller
   chooses, since … is two columns wide under GB18030) ends the result so
   the clerk sees that text is missing.  A MARK wider than COLS, or NULL,
   is left out. */
wchar_t *termtext_fit_mark (const wchar_t *ws, int cols,
                            const wchar_t *mark);

/* What the clerk typed (wide characters from get_wch) as UTF-8.  A value
   that is not a Unicode scalar value becomes U+FFFD. */
char *termtext_to_utf8 (const wchar_t *ws);

/* Command-line edges.  Text in the locale's charset (an argument, a line
   of standard input) as UTF-8, or NULL when MBS is not valid there. */
char *termtext_locale_to_utf8 (const char *mbs);
/* UTF-8 from data in the locale's charset for standard output, under the
   rules of termtext_from_utf8 (so a TAB in UTF8 comes out as ^I: print
   separators outside it). */
char *termtext_utf8_to_locale (const char *utf8);

/* A translated message FMT (in the locale's charset, as gettext gives it)
   with its one %s filled by UTF8 from data or a form, converted to the
   locale's charset under the same rules, so that the whole message can
   be shown on any terminal (malloc'd). */
char *termtext_message (const char *fmt, const char *utf8);

#endif
