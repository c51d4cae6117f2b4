/*
 * formlayout — where each part of a paper form goes on a terminal of a
 * given width, as if the form were one long page.
 *
 * The form screen shows a window of that page and scrolls it; this module
 * only places things, so that the placing can be tested without a
 * terminal.  It promises:
 *
 *   - Sections come in the paper's order, each under a heading line
 *     【title】 with its notes below; fields of one printed row share a
 *     line while they fit, and wrap onto the next line when they do not.
 *     Nothing is placed beyond column COLS - 1 (the last column is left
 *     free: writing there makes some terminals scroll).
 *   - A text-like field is its label and a blank, in the paper's order
 *     (label：____ or ____label for label-after fields).  The blank is as
 *     wide as the field's width, or as the screen allows (the field then
 *     scrolls in its blank).
 *   - A choice of up to FORMLAYOUT_INLINE_OPTIONS options shows every
 *     option as number[ ]text, as printed; a longer one (民族, 56 groups)
 *     shows a blank for the number and the chosen text, and the screen
 *     lists the options on request.
 *   - Only ASCII and the form's own text are used: brackets [ ] and [X]
 *     for boxes, '_' for blanks, no East Asian ambiguous-width characters
 *     (□ ○ ─ are two columns on CJK terminals).
 *   - Widths are terminal columns in the current locale (termtext).
 */
#ifndef CANBAO_FORMLAYOUT_H
#define CANBAO_FORMLAYOUT_H

#include <stddef.h>

#include "formdef.h"

#define FORMLAYOUT_INLINE_OPTIONS 16
/* A long choice's blank: "[NN]" and room for the chosen text. */
#define FORMLAYOUT_CODE_WIDTH 4
#define FORMLAYOUT_CODE_TEXT 24

enum formlayout_kind
{
  FORMLAYOUT_HEADING,           /* a section's title; text is set */
  FORMLAYOUT_NOTE,              /* a line of a note; text is set */
  FORMLAYOUT_LABEL,             /* a field's label; text is set */
  FORMLAYOUT_BLANK,             /* a field's blank, width columns */
  FORMLAYOUT_OPTION             /* one option: number[ ]text */
};

struct formlayout_item
{
  enum formlayout_kind kind;
  int line, col, width;
  size_t field;                 /* for LABEL, BLANK and OPTION */
  size_t option;                /* for OPTION */
  char *text;                   /* UTF-8, for HEADING, NOTE, LABEL, OPTION */
};

struct formlayout
{
  size_t n_items;
  struct formlayout_item *items;
  int n_lines;
  int *field_first;             /* per field: its first line … */
  int *field_last;              /* … and its last */
  int *section_first;           /* per section: its heading's line */
};

/* Lays DEF out for a terminal COLS columns wide (at least 40). */
struct formlayout *formlayout_build (const struct formdef *def, int cols);
void formlayout_free (struct formlayout **layout);

/* Whether field F shows its options inline (else as a number blank). */
bool formlayout_inline_choice (const struct formdef_field *f);
/* The column of an option's box mark (the X of [X]) within its item. */
int formlayout_option_mark (const struct formdef_option *o);

#endif
