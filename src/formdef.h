/*
 * formdef — the paper forms as data.
 *
 * Each paper form canbao knows is a definition file in forms/, written in
 * the small line language of canbao-forms(5): its sections, fields,
 * options and notes in the paper's order, with the rules the paper
 * implies (single or multiple choice, required and conditional fields,
 * formats, what the ID number fills in, which fields share a line).
 * Screens, validation and exports read the forms from here; nothing about
 * a particular form is compiled in.  This module promises:
 *
 *   - formdef_parse accepts the language of canbao-forms(5) and nothing
 *     else.  A broken file is refused as a whole with one translated
 *     message "FILE:LINE: reason" naming the first problem.  The input is
 *     treated as hostile: no crash on any bytes, and memory bounded by the
 *     limits below whatever the input.
 *   - A loaded definition is read-only.  Its structs are public so that a
 *     screen can walk them, and every member is const; only this module
 *     writes them.  Strings are UTF-8; identifiers are ASCII.
 *   - Choice values are stored in a record as option texts, exactly as
 *     printed (e.g. 已单位就业), several of them joined by FORMDEF_CHOICE_SEP
 *     in printed order, never as option numbers: exports and the upstream
 *     format use the texts.  formdef_choice_split and formdef_choice_join
 *     convert between a stored value and ticked boxes.
 *
 * No curses and no database here.
 */
#ifndef CANBAO_FORMDEF_H
#define CANBAO_FORMDEF_H

#include <stdbool.h>
#include <stddef.h>

/* Limits on what a definition file may hold; beyond them it is refused.
   They are far above any paper form and keep hostile input small. */
#define FORMDEF_MAX_BYTES (256 * 1024)  /* size of one file */
#define FORMDEF_MAX_LINE 1024           /* bytes in one line */
#define FORMDEF_MAX_ID 32               /* bytes in an identifier */
#define FORMDEF_MAX_SECTIONS 100
#define FORMDEF_MAX_FIELDS 500
#define FORMDEF_MAX_OPTIONS 200         /* per field */
#define FORMDEF_MAX_NOTES 50            /* per form, section or field */
#define FORMDEF_MAX_WHEN 16             /* conditions per field */
#define FORMDEF_MAX_WIDTH 200           /* columns of a text field */
#define FORMDEF_MAX_FILES 100           /* files formdef_load_all reads */

/* Joins the texts of several ticked boxes in a stored value (U+3001). */
#define FORMDEF_CHOICE_SEP "\xe3\x80\x81"

enum formdef_type
{
  FORMDEF_TEXT,                 /* free text, at most width columns */
  FORMDEF_CHOICE,               /* boxes: the options */
  FORMDEF_IDNUM,                /* 公民身份证号码, GB 11643 */
  FORMDEF_MOBILE,               /* 11 digits starting with 1 */
  FORMDEF_PHONE,                /* a mobile or a landline with area code */
  FORMDEF_ORGCODE,              /* 组织机构代码, GB 11714 */
  FORMDEF_DATE                  /* YYYY-MM-DD or YYYYMMDD */
};

/* What the ID number fills in (from-id). */
enum formdef_from_id
{
  FORMDEF_FROM_ID_NONE,
  FORMDEF_FROM_ID_BIRTH,        /* the date of birth, into a date field */
  FORMDEF_FROM_ID_SEX,          /* 男 or 女, into a choice field */
  FORMDEF_FROM_ID_PROVINCE,     /* names of the region code's parts, */
  FORMDEF_FROM_ID_PREFECTURE,   /* into text fields */
  FORMDEF_FROM_ID_COUNTY
};

enum formdef_when_kind
{
  FORMDEF_WHEN_CHOSEN,          /* one of the listed options is ticked */
  FORMDEF_WHEN_EMPTY,           /* the field is blank */
  FORMDEF_WHEN_FILLED           /* the field is not blank */
};

/* Who signs a field (signed-by): canbao writes the clerk's name there,
   and the screen does not let anyone type into it. */
enum formdef_signed_by
{
  FORMDEF_SIGNED_NONE,
  FORMDEF_SIGNED_SAVER,         /* whoever saves the record: 经办人 */
  FORMDEF_SIGNED_REVIEWER       /* whoever reviews it: 复核人, 校核人 */
};

struct formdef_option
{
  const char *number;           /* as printed, ASCII digits: "1", "01" */
  const char *text;             /* as printed; what a record stores */
  bool exclusive;               /* printed （单选）: ticked alone or not */
};

/* One condition of a field: the field applies only while all hold. */
struct formdef_when
{
  size_t field;                 /* index of the field tested */
  enum formdef_when_kind kind;
  size_t n_options;             /* FORMDEF_WHEN_CHOSEN: any of these */
  const size_t *options;        /* indexes into that field's options */
};

struct formdef_field
{
  const char *id;               /* stable ASCII name the database stores */
  const char *label;            /* the paper's caption, without colon */
  /* What messages call the field: the label, or for a label printed after
     its blank (the parts of an address) the section title and the label,
     e.g. 户口所在地（区/县）, so that the two addresses' parts differ. */
  const char *name;
  enum formdef_type type;
  /* Most columns a value may take (text), or the length of a full value
     for the fixed formats (idnum 18, mobile 11, date 10, orgcode 10,
     phone 13); 0 for a choice. */
  int width;
  bool multiple;                /* choice: several boxes may be ticked */
  bool required;                /* must be filled while it applies */
  /* The screen moves to the next field once the value is width long (on
     by default for idnum and mobile; advance/no-advance change it). */
  bool auto_advance;
  bool label_after;             /* the paper prints the label after it */
  enum formdef_from_id from_id;
  enum formdef_signed_by signed_by;
  size_t n_options;
  const struct formdef_option *options;
  size_t n_when;                /* all must hold for the field to apply */
  const struct formdef_when *when;
  size_t n_notes;
  const char *const *notes;
  size_t section;               /* index of its section */
  /* Fields with the same row share a printed line; rows count up through
     the form from 0, so a new number means a new line. */
  size_t row;
  size_t line;                  /* where the definition file defines it */
};

struct formdef_section
{
  const char *title;
  size_t n_notes;
  const char *const *notes;
  size_t first_field;           /* its fields are first_field… */
  size_t n_fields;              /* …up to first_field + n_fields */
};

struct formdef
{
  const char *id;               /* the form's stable ASCII name */
  const char *title;
  const char *filename;         /* as given to formdef_parse */
  size_t n_notes;
  const char *const *notes;
  size_t n_sections;
  const struct formdef_section *sections;
  size_t n_fields;              /* every field, in paper order */
  const struct formdef_field *fields;
};

/* Parses LEN bytes of TEXT, a definition file called FILENAME in
   messages.  Returns the definition, or NULL with *ERROR (if ERROR is not
   NULL) set to a malloc'd "FILENAME:LINE: reason". */
struct formdef *formdef_parse (const char *text, size_t len,
                               const char *filename, char **error);
/* Reads and parses the file at PATH; the same contract. */
struct formdef *formdef_load (const char *path, char **error);
void formdef_free (struct formdef **def);

/* The field called ID, or NULL. */
const struct formdef_field *formdef_find_field (const struct formdef *def,
                                                const char *id);
/* The option of FIELD whose text is TEXT exactly, or NULL. */
const struct formdef_option *
formdef_find_option (const struct formdef_field *field, const char *text);
/* The option of FIELD printed with NUMBER ("1" and "01" are the same
   number), or NULL. */
const struct formdef_option *
formdef_option_by_number (const struct formdef_field *field,
                          const char *number);
/* Like formdef_find_option, but TEXT may also leave out the parenthesised
   notes of the option's text (（含城居保和新农保）, （单建制度）…), as the
   upstream format allows; an exact match wins. */
const struct formdef_option *
formdef_match_option (const struct formdef_field *field, const char *text);

/* Which boxes the stored VALUE of choice FIELD ticks: sets TICKED[i] (an
   array of field->n_options) for each.  Returns the number of boxes
   ticked (0 for a blank value), or -1 when a part of VALUE is not an
   option's text; then *UNKNOWN (if UNKNOWN is not NULL) gets a malloc'd
   copy of that part. */
int formdef_choice_split (const struct formdef_field *field,
                          const char *value, bool *ticked, char **unknown);
/* The stored value for the boxes TICKED: their texts in printed order,
   joined by FORMDEF_CHOICE_SEP ("" when none).  Malloc'd. */
char *formdef_choice_join (const struct formdef_field *field,
                           const bool *ticked);

/* The directory the installed forms are read from: $CANBAO_FORMSDIR when
   set and not empty, else the compiled-in FORMSDIR. */
const char *formdef_dir (void);
/* Loads every file named *.form in DIR (not those starting with a dot),
   in strcmp order of their names, so the list is the same on every
   machine.  Returns a NULL-terminated array (possibly with no forms) and
   sets *COUNT (if not NULL), or NULL with *ERROR set when the directory
   cannot be read, a file is broken, or two files define the same form
   id: a broken province form is not silently skipped. */
struct formdef **formdef_load_all (const char *dir, size_t *count,
                                   char **error);
void formdef_free_all (struct formdef ***list);
/* The form called ID in a list from formdef_load_all, or NULL. */
const struct formdef *formdef_list_find (struct formdef *const *list,
                                         const char *id);

/* Printable names of a type and of a from-id part, as the language
   spells them ("text", "province"). */
const char *formdef_type_name (enum formdef_type type);
const char *formdef_from_id_name (enum formdef_from_id part);

#endif
