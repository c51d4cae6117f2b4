/*
 * formstate — one paper form being keyed: the values, the field the
 * cursor is in, and what each key does to them.
 *
 * The form screen (ui_form.c) draws a formstate and feeds it keys; every
 * decision about the keys lives here, without curses, so that it can be
 * tested key by key.  It promises:
 *
 *   - The cursor is only ever in a field that applies (its `when`
 *     conditions hold, validate_applies) and that the clerk may type into
 *     (not a signed-by field).  Next and previous skip the others.
 *   - A text-like field (text, idnum, mobile, phone, orgcode, date) is
 *     edited in an editbuf of its width; a fixed-length field moves on by
 *     itself when full (formdef auto_advance).
 *   - In a choice field the printed number of an option picks it: digits
 *     are collected until they name exactly one option (typing 1 where 1,
 *     10 and 11 are printed waits for the next digit; Enter then takes 1),
 *     so 01 picks 汉族 at once.  In a single choice the picked option
 *     replaces the others; in a multiple choice it toggles, and an
 *     exclusive box unticks the others and is unticked by them.  Space
 *     toggles the option under the choice cursor (Left/Right move it);
 *     Backspace drops a typed digit, or with none clears the field.
 *   - Leaving a field normalises it (an ID's full-width digits and x) and
 *     judges it with validate_field: a problem becomes the message, the
 *     cursor still moves.  Leaving the field with id "id" fills the
 *     from-id fields that are blank or still hold what the ID put there.
 *   - formstate_record gives the record to save: the base record (with
 *     metadata and upstream fields untouched) with every form field set,
 *     blank and non-applying ones removed, and _form set to the form's id.
 *   - Messages are translated, in the locale's charset (field names
 *     converted), and stay valid until the next key.
 */
#ifndef CANBAO_FORMSTATE_H
#define CANBAO_FORMSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "editbuf.h"
#include "formdef.h"
#include "record.h"
#include "validate.h"

/* The record field naming a record's paper form. */
#define FORMSTATE_F_FORM "_form"

enum formstate_key
{
  FORMSTATE_CHAR,               /* a printable character */
  FORMSTATE_NEXT,               /* Enter, Tab, Down */
  FORMSTATE_PREV,               /* Shift-Tab, Up */
  FORMSTATE_LEFT,
  FORMSTATE_RIGHT,
  FORMSTATE_HOME,
  FORMSTATE_END,
  FORMSTATE_BACKSPACE,
  FORMSTATE_DELETE,
  FORMSTATE_KILL_EOL,           /* Ctrl-K */
  FORMSTATE_KILL_LINE           /* Ctrl-U */
};

struct formstate;

/* A form of DEF over a copy of BASE (NULL: a blank form), with the cursor
   in the first field the clerk may type into.  DEF must outlive it. */
struct formstate *formstate_new (const struct formdef *def,
                                 const struct record *base);
void formstate_free (struct formstate **fs);

const struct formdef *formstate_def (const struct formstate *fs);
/* The base record as given (or as last rebased). */
const struct record *formstate_base (const struct formstate *fs);
/* Makes REC the base: metadata and upstream fields come from it from now
   on, and form fields the clerk has left blank take its values.  For a
   new form whose ID turns out to be a stored person. */
void formstate_rebase (struct formstate *fs, const struct record *rec);

/* Handles one key (CH for FORMSTATE_CHAR).  Returns false when the key
   had nothing to do or was refused, so that the screen may beep. */
bool formstate_key (struct formstate *fs, enum formstate_key key, wchar_t ch);
/* Moves the cursor to field I if the clerk may type there (committing
   and judging the field it leaves).  False when not. */
bool formstate_goto (struct formstate *fs, size_t i);
/* Commits the field being typed into without leaving it. */
void formstate_commit (struct formstate *fs);

/* The field the cursor is in. */
size_t formstate_field (const struct formstate *fs);
/* Whether field I applies now, and whether the clerk may type into it. */
bool formstate_applies (const struct formstate *fs, size_t i);
bool formstate_editable (const struct formstate *fs, size_t i);
/* The value of field I: for the field being typed into, its text as it
   stands ("" when blank; never NULL).  Valid until the next call. */
const char *formstate_value (struct formstate *fs, size_t i);
/* Sets field I's value directly (signatures, the screen's own fills). */
void formstate_set_value (struct formstate *fs, size_t i, const char *value);

/* The editor of the current field, or NULL when it is a choice. */
struct editbuf *formstate_editbuf (struct formstate *fs);
/* In a choice field: the option under the choice cursor, and the digits
   typed so far ("" when none). */
size_t formstate_choice_cursor (const struct formstate *fs);
const char *formstate_pending (const struct formstate *fs);

/* The message for the status line after the last key, or NULL. */
const char *formstate_message (const struct formstate *fs);
/* True when any value differs from the base record. */
bool formstate_changed (struct formstate *fs);

/* Judges the whole form (validate_record; see validate.h), after
   clearing the fields that no longer apply. */
size_t formstate_validate (struct formstate *fs,
                           struct validate_problem **problems);
/* The field index of field id ID, or (size_t) -1. */
size_t formstate_index (const struct formstate *fs, const char *id);
/* The record to save (see above); the caller frees it. */
struct record *formstate_record (struct formstate *fs);

#endif
