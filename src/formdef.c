/*
 * formdef.c — the definition-file parser and its lookups; see formdef.h
 * and canbao-forms(5).
 *
 * The parser reads one line at a time into a bounded buffer and hands the
 * line to the handler of its directive (a table, as tmux keeps its
 * options).  Anything that can only be checked once the whole file is
 * known — conditions may name a field defined further down, from-id needs
 * the form's `id` field — is kept as pending work with its line number and
 * settled at the end, so every refusal still names the right line.  The
 * definition under construction lives in its public struct from the
 * start; on any refusal formdef_free takes it apart, whatever state it is
 * in.
 */
#include "system.h"

#include <dirent.h>
#include <stdarg.h>

#include "charset.h"
#include "formdef.h"
#include "msg.h"

#ifndef FORMSDIR
# define FORMSDIR "/usr/local/share/canbao/forms"
#endif

/* A condition as written, settled once every field is known. */
struct pending_when
{
  size_t field;
  size_t line;
  char *target;
  size_t n_args;
  char **args;
};

/* A from-id, checked once the `id` field and the options are known. */
struct pending_from_id
{
  size_t field;
  size_t line;
};

/* Attributes a field may be given once. */
enum
{
  SEEN_WIDTH = 1 << 0,
  SEEN_MULTIPLE = 1 << 1,
  SEEN_REQUIRED = 1 << 2,
  SEEN_FROM_ID = 1 << 3,
  SEEN_ADVANCE = 1 << 4,
  SEEN_LABEL_AFTER = 1 << 5,
  SEEN_SIGNED_BY = 1 << 6
};

struct parser
{
  const char *filename;
  size_t line;
  char *error;                  /* the first refusal, malloc'd */
  struct formdef *def;
  size_t form_line;
  bool have_field;              /* the last field is still being defined */
  unsigned seen;                /* SEEN_* for that field */
  size_t field_when;            /* conditions given to that field */
  bool in_row;                  /* a `row` is open in this section */
  size_t row;                   /* the open row's number */
  size_t next_row;
  struct pending_when *whens;
  size_t n_whens;
  struct pending_from_id *from_ids;
  size_t n_from_ids;
};

typedef bool directive_fn (struct parser *p, char *args);

struct directive
{
  const char *name;
  directive_fn *fn;
  bool in_field;                /* an attribute of the field being defined */
};

static const char *const type_names[] = {
  [FORMDEF_TEXT] = "text",
  [FORMDEF_CHOICE] = "choice",
  [FORMDEF_IDNUM] = "idnum",
  [FORMDEF_MOBILE] = "mobile",
  [FORMDEF_PHONE] = "phone",
  [FORMDEF_ORGCODE] = "orgcode",
  [FORMDEF_DATE] = "date"
};

/* A full value's length for the fixed formats (formdef.h, width). */
static const int type_widths[] = {
  [FORMDEF_TEXT] = 0,
  [FORMDEF_CHOICE] = 0,
  [FORMDEF_IDNUM] = 18,
  [FORMDEF_MOBILE] = 11,
  [FORMDEF_PHONE] = 13,
  [FORMDEF_ORGCODE] = 10,
  [FORMDEF_DATE] = 10
};

static const char *const from_id_names[] = {
  [FORMDEF_FROM_ID_NONE] = "",
  [FORMDEF_FROM_ID_BIRTH] = "birth",
  [FORMDEF_FROM_ID_SEX] = "sex",
  [FORMDEF_FROM_ID_PROVINCE] = "province",
  [FORMDEF_FROM_ID_PREFECTURE] = "prefecture",
  [FORMDEF_FROM_ID_COUNTY] = "county"
};

const char *
formdef_type_name (enum formdef_type type)
{
  if ((size_t) type < ARRAY_SIZE (type_names))
    return type_names[type];
  return "?";
}

const char *
formdef_from_id_name (enum formdef_from_id part)
{
  if ((size_t) part < ARRAY_SIZE (from_id_names))
    return from_id_names[part];
  return "?";
}

/* ------------------------------------------------------------ errors */

static bool fail (struct parser *p, size_t line, const char *fmt, ...)
  MSG_PRINTF (3, 4);

/* Records the first refusal as "FILE:LINE: reason" (no line when LINE is
   0) and returns false, so that handlers can `return fail (…)`. */
static bool
fail (struct parser *p, size_t line, const char *fmt, ...)
{
  va_list ap;
  char *reason;

  if (p->error)
    return false;
  va_start (ap, fmt);
  reason = xvasprintf (fmt, ap);
  va_end (ap);
  if (line)
    p->error = xasprintf ("%s:%zu: %s", p->filename, line, reason);
  else
    p->error = xasprintf ("%s: %s", p->filename, reason);
  free (reason);
  return false;
}

/* ------------------------------------------------------------ memory */

/* Room for one more element in an array of N that only ever grows here:
   the capacity is the next power of two, so doubling happens when N is
   one. */
static void *
grow (void *array, size_t n, size_t size)
{
  if (n == 0 || (n & (n - 1)) == 0)
    return xrealloc (array, (n ? 2 * n : 1) * size);
  return array;
}

static void
free_notes (const char *const *notes, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free ((void *) notes[i]);
  free ((void *) notes);
}

static void
free_field (const struct formdef_field *f)
{
  free ((void *) f->id);
  free ((void *) f->label);
  free ((void *) f->name);
  for (size_t i = 0; i < f->n_options; i++)
    {
      free ((void *) f->options[i].number);
      free ((void *) f->options[i].text);
    }
  free ((void *) f->options);
  for (size_t i = 0; i < f->n_when; i++)
    free ((void *) f->when[i].options);
  free ((void *) f->when);
  free_notes (f->notes, f->n_notes);
}

void
formdef_free (struct formdef **defp)
{
  struct formdef *def;

  if (!defp || !*defp)
    return;
  def = *defp;
  for (size_t i = 0; i < def->n_fields; i++)
    free_field (&def->fields[i]);
  free ((void *) def->fields);
  for (size_t i = 0; i < def->n_sections; i++)
    {
      free ((void *) def->sections[i].title);
      free_notes (def->sections[i].notes, def->sections[i].n_notes);
    }
  free ((void *) def->sections);
  free_notes (def->notes, def->n_notes);
  free ((void *) def->id);
  free ((void *) def->title);
  free ((void *) def->filename);
  xfree (defp);
}

static void
free_pending (struct parser *p)
{
  for (size_t i = 0; i < p->n_whens; i++)
    {
      free (p->whens[i].target);
      for (size_t j = 0; j < p->whens[i].n_args; j++)
        free (p->whens[i].args[j]);
      free (p->whens[i].args);
    }
  free (p->whens);
  free (p->from_ids);
}

/* The definition's arrays, writable: only the parser uses these. */
static struct formdef_field *
field_at (struct parser *p, size_t i)
{
  return (struct formdef_field *) &p->def->fields[i];
}

static struct formdef_field *
current_field (struct parser *p)
{
  return p->have_field ? field_at (p, p->def->n_fields - 1) : NULL;
}

static struct formdef_section *
current_section (struct parser *p)
{
  if (p->def->n_sections == 0)
    return NULL;
  return (struct formdef_section *)
    &p->def->sections[p->def->n_sections - 1];
}

static bool
add_note (struct parser *p, const char *const **notes, size_t *n,
          const char *text)
{
  char **v = (char **) *notes;

  if (*n >= FORMDEF_MAX_NOTES)
    return fail (p, p->line, _("too many notes (at most %d)"),
                 FORMDEF_MAX_NOTES);
  v = grow (v, *n, sizeof *v);
  v[(*n)++] = xstrdup (text);
  *notes = (const char *const *) v;
  return true;
}

/* ------------------------------------------------------------ words */

static bool
is_blank (char c)
{
  return c == ' ' || c == '\t';
}

static char *
skip_blanks (char *s)
{
  while (is_blank (*s))
    s++;
  return s;
}

/* The next blank-separated word of *CURSOR, NUL-terminated in place, or
   NULL when none is left. */
static char *
next_word (char **cursor)
{
  char *s = skip_blanks (*cursor), *word;

  if (*s == '\0')
    return NULL;
  word = s;
  while (*s && !is_blank (*s))
    s++;
  if (*s)
    *s++ = '\0';
  *cursor = s;
  return word;
}

/* The rest of the line as one text, trailing blanks cut (the leading
   ones are gone already); "" when nothing is left. */
static char *
rest_text (char *s)
{
  size_t n;

  s = skip_blanks (s);
  n = strlen (s);
  while (n > 0 && is_blank (s[n - 1]))
    n--;
  s[n] = '\0';
  return s;
}

static bool
no_more (struct parser *p, char *args, const char *directive)
{
  char *extra = next_word (&args);

  if (extra)
    return fail (p, p->line, _("unexpected '%s' after '%s'"), extra,
                 directive);
  return true;
}

/* Identifiers are what the database stores: lower-case ASCII letters,
   digits, '_' and '-', starting with a letter. */
static bool
valid_id (const char *s)
{
  size_t n = strlen (s);

  if (n == 0 || n > FORMDEF_MAX_ID || !(*s >= 'a' && *s <= 'z'))
    return false;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')
          || *s == '_' || *s == '-'))
      return false;
  return true;
}

static bool
check_id (struct parser *p, const char *id, const char *directive)
{
  if (!id)
    return fail (p, p->line, _("'%s' needs an identifier"), directive);
  if (!valid_id (id))
    return fail (p, p->line,
                 _("bad identifier '%s' (lower-case ASCII letters, digits, "
                   "'_' and '-', starting with a letter, at most %d)"),
                 id, FORMDEF_MAX_ID);
  return true;
}

/* An option number: one to three ASCII digits; -1 when S is not one. */
static int
parse_number (const char *s)
{
  int value = 0;
  size_t n = 0;

  for (; *s; s++, n++)
    {
      if (!(*s >= '0' && *s <= '9') || n >= 3)
        return -1;
      value = value * 10 + (*s - '0');
    }
  return n ? value : -1;
}

static const struct formdef_field *
find_field (const struct formdef *def, const char *id)
{
  for (size_t i = 0; i < def->n_fields; i++)
    if (strcmp (def->fields[i].id, id) == 0)
      return &def->fields[i];
  return NULL;
}

/* An option of F by printed number or by exact text; SIZE_MAX if none. */
static size_t
option_index (const struct formdef_field *f, const char *ref)
{
  int number = parse_number (ref);

  for (size_t i = 0; i < f->n_options; i++)
    if ((number >= 0 && parse_number (f->options[i].number) == number)
        || (number < 0 && strcmp (f->options[i].text, ref) == 0))
      return i;
  return SIZE_MAX;
}

/* ------------------------------------------------------------ directives */

/* What the field needs before the next one starts; its name for messages
   is made here, when label-after is known. */
static bool
finish_field (struct parser *p)
{
  struct formdef_field *f = current_field (p);
  const struct formdef_section *s;

  if (!f)
    return true;
  p->have_field = false;
  if (f->type == FORMDEF_CHOICE && f->n_options == 0)
    return fail (p, f->line, _("choice field '%s' has no options"), f->id);
  if (f->type == FORMDEF_TEXT && f->width == 0)
    return fail (p, f->line, _("text field '%s' needs a width"), f->id);
  s = &p->def->sections[f->section];
  if (f->label_after)
    {
      size_t n = strlen (s->title) + strlen (f->label) + 1;
      char *name = xmalloc (n);

      snprintf (name, n, "%s%s", s->title, f->label);
      f->name = name;
    }
  else
    f->name = xstrdup (f->label);
  return true;
}

static bool
d_form (struct parser *p, char *args)
{
  char *id;

  if (p->def->id)
    return fail (p, p->line, _("'%s' given twice"), "form");
  id = next_word (&args);
  if (!check_id (p, id, "form") || !no_more (p, args, "form"))
    return false;
  p->def->id = xstrdup (id);
  p->form_line = p->line;
  return true;
}

static bool
d_title (struct parser *p, char *args)
{
  const char *text = rest_text (args);

  if (p->def->title)
    return fail (p, p->line, _("'%s' given twice"), "title");
  if (p->def->n_sections > 0)
    return fail (p, p->line, _("'title' belongs before the first section"));
  if (!*text)
    return fail (p, p->line, _("'%s' needs a text"), "title");
  p->def->title = xstrdup (text);
  return true;
}

static bool
d_note (struct parser *p, char *args)
{
  const char *text = rest_text (args);
  struct formdef_field *f = current_field (p);
  struct formdef_section *s = current_section (p);

  if (!*text)
    return fail (p, p->line, _("'%s' needs a text"), "note");
  if (f)
    return add_note (p, &f->notes, &f->n_notes, text);
  if (s)
    return add_note (p, &s->notes, &s->n_notes, text);
  return add_note (p, &p->def->notes, &p->def->n_notes, text);
}

static bool
d_section (struct parser *p, char *args)
{
  const char *title = rest_text (args);
  struct formdef_section *v;

  if (!finish_field (p))
    return false;
  if (!*title)
    return fail (p, p->line, _("'section' needs a title"));
  if (p->def->n_sections >= FORMDEF_MAX_SECTIONS)
    return fail (p, p->line, _("too many sections (at most %d)"),
                 FORMDEF_MAX_SECTIONS);
  v = grow ((void *) p->def->sections, p->def->n_sections, sizeof *v);
  p->def->sections = v;
  v += p->def->n_sections++;
  memset (v, 0, sizeof *v);
  v->title = xstrdup (title);
  v->first_field = p->def->n_fields;
  p->in_row = false;
  return true;
}

static bool
d_row (struct parser *p, char *args)
{
  if (!finish_field (p))
    return false;
  if (p->def->n_sections == 0)
    return fail (p, p->line, _("'row' outside a section"));
  if (!no_more (p, args, "row"))
    return false;
  p->in_row = true;
  p->row = p->next_row++;
  return true;
}

static bool
d_field (struct parser *p, char *args)
{
  char *id, *type_word;
  const char *label;
  const struct formdef_field *twin;
  struct formdef_field *f;
  size_t type;

  if (!finish_field (p))
    return false;
  id = next_word (&args);
  if (!check_id (p, id, "field"))
    return false;
  if (p->def->n_sections == 0)
    return fail (p, p->line, _("field '%s' outside a section"), id);
  twin = find_field (p->def, id);
  if (twin)
    return fail (p, p->line, _("field '%s' already defined on line %zu"),
                 id, twin->line);
  type_word = next_word (&args);
  if (!type_word)
    return fail (p, p->line, _("field '%s' needs a type"), id);
  for (type = 0; type < ARRAY_SIZE (type_names); type++)
    if (strcmp (type_word, type_names[type]) == 0)
      break;
  if (type == ARRAY_SIZE (type_names))
    return fail (p, p->line,
                 _("unknown type '%s' (text, choice, idnum, mobile, phone, "
                   "orgcode or date)"), type_word);
  label = rest_text (args);
  if (!*label)
    return fail (p, p->line, _("field '%s' has no label"), id);
  if (p->def->n_fields >= FORMDEF_MAX_FIELDS)
    return fail (p, p->line, _("too many fields (at most %d)"),
                 FORMDEF_MAX_FIELDS);

  f = grow ((void *) p->def->fields, p->def->n_fields, sizeof *f);
  p->def->fields = f;
  f += p->def->n_fields++;
  memset (f, 0, sizeof *f);
  f->id = xstrdup (id);
  f->label = xstrdup (label);
  f->type = (enum formdef_type) type;
  f->width = type_widths[type];
  f->auto_advance = f->type == FORMDEF_IDNUM || f->type == FORMDEF_MOBILE;
  f->section = p->def->n_sections - 1;
  f->row = p->in_row ? p->row : p->next_row++;
  f->line = p->line;
  current_section (p)->n_fields++;
  p->have_field = true;
  p->seen = 0;
  p->field_when = 0;
  return true;
}

/* For an attribute that may be given once. */
static bool
once (struct parser *p, unsigned bit, const char *directive)
{
  if (p->seen & bit)
    return fail (p, p->line, _("'%s' given twice for field '%s'"),
                 directive, current_field (p)->id);
  p->seen |= bit;
  return true;
}

static bool
need_choice (struct parser *p, const char *directive)
{
  if (current_field (p)->type != FORMDEF_CHOICE)
    return fail (p, p->line, _("'%s' is only for choice fields"), directive);
  return true;
}

static bool
d_width (struct parser *p, char *args)
{
  struct formdef_field *f = current_field (p);
  char *word = next_word (&args);
  long width = 0;

  if (f->type != FORMDEF_TEXT)
    return fail (p, p->line, _("'width' is only for text fields: a %s "
                               "field's length is fixed"),
                 formdef_type_name (f->type));
  if (!once (p, SEEN_WIDTH, "width"))
    return false;
  if (!word)
    return fail (p, p->line, _("'width' needs a number of columns"));
  for (const char *s = word; *s; s++)
    {
      if (!(*s >= '0' && *s <= '9') || width > FORMDEF_MAX_WIDTH)
        {
          width = -1;
          break;
        }
      width = width * 10 + (*s - '0');
    }
  if (width < 1 || width > FORMDEF_MAX_WIDTH)
    return fail (p, p->line, _("bad width '%s' (1 to %d columns)"), word,
                 FORMDEF_MAX_WIDTH);
  f->width = (int) width;
  return no_more (p, args, "width");
}

static bool
d_option (struct parser *p, char *args)
{
  struct formdef_field *f = current_field (p);
  struct formdef_option *v;
  char *number;
  const char *text;
  int value;

  if (!need_choice (p, "option"))
    return false;
  number = next_word (&args);
  if (!number)
    return fail (p, p->line, _("'option' needs a number and a text"));
  value = parse_number (number);
  if (value < 0)
    return fail (p, p->line,
                 _("bad option number '%s' (one to three digits)"), number);
  text = rest_text (args);
  if (!*text)
    return fail (p, p->line, _("option %s has no text"), number);
  if (f->n_options >= FORMDEF_MAX_OPTIONS)
    return fail (p, p->line, _("too many options (at most %d)"),
                 FORMDEF_MAX_OPTIONS);
  for (size_t i = 0; i < f->n_options; i++)
    {
      if (parse_number (f->options[i].number) == value)
        return fail (p, p->line,
                     _("option number %s used twice in field '%s'"),
                     number, f->id);
      if (strcmp (f->options[i].text, text) == 0)
        return fail (p, p->line, _("option text '%s' used twice in field "
                                   "'%s'"), text, f->id);
    }
  if (f->multiple && strstr (text, FORMDEF_CHOICE_SEP))
    return fail (p, p->line, _("an option of a multiple-choice field cannot "
                               "contain '%s', which joins the ticked boxes"),
                 FORMDEF_CHOICE_SEP);
  v = grow ((void *) f->options, f->n_options, sizeof *v);
  f->options = v;
  v += f->n_options++;
  v->number = xstrdup (number);
  v->text = xstrdup (text);
  v->exclusive = false;
  return true;
}

static bool
d_multiple (struct parser *p, char *args)
{
  struct formdef_field *f = current_field (p);

  if (!need_choice (p, "multiple") || !once (p, SEEN_MULTIPLE, "multiple")
      || !no_more (p, args, "multiple"))
    return false;
  /* A stored value joins texts with 、, so in a multiple-choice field no
     text may hold one. */
  for (size_t i = 0; i < f->n_options; i++)
    if (strstr (f->options[i].text, FORMDEF_CHOICE_SEP))
      return fail (p, p->line, _("option %s contains '%s', which joins the "
                                 "ticked boxes of a multiple-choice field"),
                   f->options[i].number, FORMDEF_CHOICE_SEP);
  f->multiple = true;
  return true;
}

static bool
d_exclusive (struct parser *p, char *args)
{
  struct formdef_field *f = current_field (p);
  char *word;
  size_t count = 0;

  if (!need_choice (p, "exclusive"))
    return false;
  if (!f->multiple)
    return fail (p, p->line, _("'exclusive' needs 'multiple' before it"));
  while ((word = next_word (&args)))
    {
      int number = parse_number (word);
      size_t i = number >= 0 ? option_index (f, word) : SIZE_MAX;

      if (i == SIZE_MAX)
        return fail (p, p->line, _("field '%s' has no option %s (list the "
                                   "options before 'exclusive')"),
                     f->id, word);
      ((struct formdef_option *) f->options)[i].exclusive = true;
      count++;
    }
  if (count == 0)
    return fail (p, p->line, _("'exclusive' needs option numbers"));
  return true;
}

static bool
d_required (struct parser *p, char *args)
{
  if (!once (p, SEEN_REQUIRED, "required") || !no_more (p, args, "required"))
    return false;
  current_field (p)->required = true;
  return true;
}

static bool
d_when (struct parser *p, char *args)
{
  struct pending_when *w;
  char *target = next_word (&args), *word;

  if (!target || !*skip_blanks (args))
    return fail (p, p->line, _("'when' needs a field and what it must "
                               "hold (option numbers or texts, empty or "
                               "filled)"));
  if (p->field_when >= FORMDEF_MAX_WHEN)
    return fail (p, p->line, _("too many conditions (at most %d)"),
                 FORMDEF_MAX_WHEN);
  p->field_when++;
  p->whens = grow (p->whens, p->n_whens, sizeof *p->whens);
  w = &p->whens[p->n_whens++];
  memset (w, 0, sizeof *w);
  w->field = p->def->n_fields - 1;
  w->line = p->line;
  w->target = xstrdup (target);
  /* Arguments are bounded by the line's length. */
  while ((word = next_word (&args)))
    {
      w->args = grow (w->args, w->n_args, sizeof *w->args);
      w->args[w->n_args++] = xstrdup (word);
    }
  return true;
}

static bool
d_from_id (struct parser *p, char *args)
{
  struct formdef_field *f = current_field (p);
  char *word = next_word (&args);
  size_t part;

  if (!once (p, SEEN_FROM_ID, "from-id"))
    return false;
  if (!word)
    return fail (p, p->line, _("'from-id' needs what the ID number fills "
                               "in (birth, sex, province, prefecture or "
                               "county)"));
  for (part = 1; part < ARRAY_SIZE (from_id_names); part++)
    if (strcmp (word, from_id_names[part]) == 0)
      break;
  if (part == ARRAY_SIZE (from_id_names))
    return fail (p, p->line, _("unknown from-id '%s' (birth, sex, province, "
                               "prefecture or county)"), word);
  if (!no_more (p, args, "from-id"))
    return false;
  f->from_id = (enum formdef_from_id) part;
  p->from_ids = grow (p->from_ids, p->n_from_ids, sizeof *p->from_ids);
  p->from_ids[p->n_from_ids].field = p->def->n_fields - 1;
  p->from_ids[p->n_from_ids].line = p->line;
  p->n_from_ids++;
  return true;
}

static bool
set_advance (struct parser *p, char *args, const char *directive, bool on)
{
  if (!once (p, SEEN_ADVANCE, directive) || !no_more (p, args, directive))
    return false;
  current_field (p)->auto_advance = on;
  return true;
}

static bool
d_advance (struct parser *p, char *args)
{
  return set_advance (p, args, "advance", true);
}

static bool
d_no_advance (struct parser *p, char *args)
{
  return set_advance (p, args, "no-advance", false);
}

static bool
d_label_after (struct parser *p, char *args)
{
  if (!once (p, SEEN_LABEL_AFTER, "label-after")
      || !no_more (p, args, "label-after"))
    return false;
  current_field (p)->label_after = true;
  return true;
}

static bool
d_signed_by (struct parser *p, char *args)
{
  struct formdef_field *f = current_field (p);
  char *word = next_word (&args);

  if (!once (p, SEEN_SIGNED_BY, "signed-by"))
    return false;
  if (f->type != FORMDEF_TEXT)
    return fail (p, p->line, _("'signed-by' is for a text field"));
  if (word && strcmp (word, "saver") == 0)
    f->signed_by = FORMDEF_SIGNED_SAVER;
  else if (word && strcmp (word, "reviewer") == 0)
    f->signed_by = FORMDEF_SIGNED_REVIEWER;
  else
    return fail (p, p->line, _("'signed-by' needs saver or reviewer"));
  return no_more (p, args, "signed-by");
}

static const struct directive directives[] = {
  { "form", d_form, false },
  { "title", d_title, false },
  { "note", d_note, false },
  { "section", d_section, false },
  { "row", d_row, false },
  { "field", d_field, false },
  { "width", d_width, true },
  { "option", d_option, true },
  { "multiple", d_multiple, true },
  { "exclusive", d_exclusive, true },
  { "required", d_required, true },
  { "when", d_when, true },
  { "from-id", d_from_id, true },
  { "advance", d_advance, true },
  { "no-advance", d_no_advance, true },
  { "label-after", d_label_after, true },
  { "signed-by", d_signed_by, true }
};

/* ------------------------------------------------------------ lines */

static bool
parse_line (struct parser *p, const char *s, size_t n)
{
  char buf[FORMDEF_MAX_LINE + 1];
  char *cursor, *keyword;
  const struct directive *d = NULL;

  if (n > 0 && s[n - 1] == '\r')
    n--;
  if (n > FORMDEF_MAX_LINE)
    return fail (p, p->line, _("line longer than %d bytes"),
                 FORMDEF_MAX_LINE);
  for (size_t i = 0; i < n; i++)
    {
      unsigned char c = (unsigned char) s[i];

      /* C0 and C1 controls (and NUL) have no business in a form; a stray
         one would reach the screen. */
      if ((c < 0x20 && c != '\t') || c == 0x7f
          || (c == 0xc2 && i + 1 < n && (unsigned char) s[i + 1] >= 0x80
              && (unsigned char) s[i + 1] <= 0x9f))
        return fail (p, p->line, _("control character in the line"));
    }
  if (charset_utf8_prefix (s, n) != n)
    return fail (p, p->line, _("not valid UTF-8"));

  memcpy (buf, s, n);
  buf[n] = '\0';
  cursor = skip_blanks (buf);
  if (*cursor == '\0' || *cursor == '#')
    return true;
  keyword = next_word (&cursor);
  for (size_t i = 0; i < ARRAY_SIZE (directives); i++)
    if (strcmp (keyword, directives[i].name) == 0)
      d = &directives[i];
  if (!d)
    return fail (p, p->line, _("unknown directive '%s'"), keyword);
  if (!p->def->id && d->fn != d_form)
    return fail (p, p->line, _("the file must start with 'form ID'"));
  if (d->in_field && !p->have_field)
    return fail (p, p->line, _("'%s' outside a field"), d->name);
  return d->fn (p, cursor);
}

/* ------------------------------------------------------------ the end */

static bool
settle_when (struct parser *p, const struct pending_when *w)
{
  struct formdef_field *f = field_at (p, w->field);
  const struct formdef_field *target = find_field (p->def, w->target);
  struct formdef_when *v, cond;
  size_t *options = NULL;

  if (!target)
    return fail (p, w->line, _("condition names unknown field '%s'"),
                 w->target);
  if (target == f)
    return fail (p, w->line, _("field '%s' cannot depend on itself"),
                 f->id);
  memset (&cond, 0, sizeof cond);
  cond.field = (size_t) (target - p->def->fields);
  if (w->n_args == 1 && strcmp (w->args[0], "empty") == 0)
    cond.kind = FORMDEF_WHEN_EMPTY;
  else if (w->n_args == 1 && strcmp (w->args[0], "filled") == 0)
    cond.kind = FORMDEF_WHEN_FILLED;
  else
    {
      if (target->type != FORMDEF_CHOICE)
        return fail (p, w->line, _("'%s' is not a choice field: test it "
                                   "with empty or filled"), target->id);
      cond.kind = FORMDEF_WHEN_CHOSEN;
      options = xmalloc (w->n_args * sizeof *options);
      for (size_t i = 0; i < w->n_args; i++)
        {
          size_t o = option_index (target, w->args[i]);

          if (o == SIZE_MAX)
            {
              free (options);
              return fail (p, w->line, _("field '%s' has no option '%s'"),
                           target->id, w->args[i]);
            }
          options[i] = o;
        }
      cond.n_options = w->n_args;
      cond.options = options;
    }
  v = grow ((void *) f->when, f->n_when, sizeof *v);
  f->when = v;
  v[f->n_when++] = cond;
  return true;
}

static bool
settle_from_id (struct parser *p, const struct pending_from_id *pf)
{
  const struct formdef_field *f = &p->def->fields[pf->field];
  const struct formdef_field *id = find_field (p->def, "id");

  if (!id || id->type != FORMDEF_IDNUM)
    return fail (p, pf->line, _("'from-id' needs a field 'id' of type "
                                "idnum"));
  switch (f->from_id)
    {
    case FORMDEF_FROM_ID_BIRTH:
      if (f->type != FORMDEF_DATE)
        return fail (p, pf->line, _("from-id birth needs a date field"));
      break;
    case FORMDEF_FROM_ID_SEX:
      if (f->type != FORMDEF_CHOICE || f->multiple
          || !formdef_find_option (f, "男") || !formdef_find_option (f, "女"))
        return fail (p, pf->line, _("from-id sex needs a single-choice field "
                                    "with options 男 and 女"));
      break;
    case FORMDEF_FROM_ID_PROVINCE:
    case FORMDEF_FROM_ID_PREFECTURE:
    case FORMDEF_FROM_ID_COUNTY:
      if (f->type != FORMDEF_TEXT)
        return fail (p, pf->line, _("from-id %s needs a text field"),
                     formdef_from_id_name (f->from_id));
      break;
    case FORMDEF_FROM_ID_NONE:
    default:
      break;
    }
  return true;
}

static bool
finish (struct parser *p)
{
  if (!finish_field (p))
    return false;
  if (!p->def->id)
    return fail (p, p->line ? p->line : 1,
                 _("no 'form' line: the file must start with 'form ID'"));
  if (!p->def->title)
    return fail (p, p->form_line, _("form '%s' has no title"), p->def->id);
  if (p->def->n_fields == 0)
    return fail (p, p->form_line, _("form '%s' has no fields"), p->def->id);
  for (size_t i = 0; i < p->n_whens; i++)
    if (!settle_when (p, &p->whens[i]))
      return false;
  for (size_t i = 0; i < p->n_from_ids; i++)
    if (!settle_from_id (p, &p->from_ids[i]))
      return false;
  return true;
}

struct formdef *
formdef_parse (const char *text, size_t len, const char *filename,
               char **error)
{
  struct parser p;
  size_t pos = 0;

  memset (&p, 0, sizeof p);
  p.filename = filename ? filename : "-";
  p.def = xcalloc (1, sizeof *p.def);
  p.def->filename = xstrdup (p.filename);
  if (error)
    *error = NULL;

  if (!text && len > 0)
    len = 0;
  if (len > FORMDEF_MAX_BYTES)
    fail (&p, 0, _("larger than %d bytes"), FORMDEF_MAX_BYTES);
  else
    {
      /* A byte-order mark is what some editors put first; it is not
         part of the first line. */
      if (len >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
      while (pos < len && !p.error)
        {
          const char *nl = memchr (text + pos, '\n', len - pos);
          size_t end = nl ? (size_t) (nl - text) : len;

          p.line++;
          parse_line (&p, text + pos, end - pos);
          pos = end + 1;
        }
      if (!p.error)
        finish (&p);
    }

  free_pending (&p);
  if (p.error)
    {
      formdef_free (&p.def);
      if (error)
        *error = p.error;
      else
        free (p.error);
      return NULL;
    }
  return p.def;
}

struct formdef *
formdef_load (const char *path, char **error)
{
  FILE *fp;
  char *buf;
  size_t len = 0, size = 4096;
  struct formdef *def;
  int saved;

  if (error)
    *error = NULL;
  fp = fopen (path, "rb");
  if (!fp)
    goto sys_error;
  buf = xmalloc (size);
  for (;;)
    {
      size_t got = fread (buf + len, 1, size - len, fp);

      len += got;
      if (len > FORMDEF_MAX_BYTES)
        break;                  /* formdef_parse says so */
      if (len < size)
        break;
      buf = xrealloc (buf, size *= 2);
    }
  if (ferror (fp))
    {
      saved = errno;
      fclose (fp);
      free (buf);
      errno = saved;
      goto sys_error;
    }
  fclose (fp);
  def = formdef_parse (buf, len, path, error);
  free (buf);
  return def;

 sys_error:
  if (error)
    {
      const char *reason = strerror (errno);
      size_t n = strlen (path) + strlen (reason) + 3;

      *error = xmalloc (n);
      snprintf (*error, n, "%s: %s", path, reason);
    }
  return NULL;
}

/* ------------------------------------------------------------ lookups */

const struct formdef_field *
formdef_find_field (const struct formdef *def, const char *id)
{
  if (!def || !id)
    return NULL;
  return find_field (def, id);
}

const struct formdef_option *
formdef_find_option (const struct formdef_field *field, const char *text)
{
  if (!field || !text)
    return NULL;
  for (size_t i = 0; i < field->n_options; i++)
    if (strcmp (field->options[i].text, text) == 0)
      return &field->options[i];
  return NULL;
}

const struct formdef_option *
formdef_option_by_number (const struct formdef_field *field,
                          const char *number)
{
  int value;

  if (!field || !number || (value = parse_number (number)) < 0)
    return NULL;
  for (size_t i = 0; i < field->n_options; i++)
    if (parse_number (field->options[i].number) == value)
      return &field->options[i];
  return NULL;
}

/* S without its full-width parenthesised parts, malloc'd. */
static char *
strip_notes (const char *s)
{
  static const char open[] = "\xef\xbc\x88", close[] = "\xef\xbc\x89";
  char *out = xmalloc (strlen (s) + 1), *o = out;
  int depth = 0;

  while (*s)
    {
      if (strncmp (s, open, 3) == 0)
        {
          depth++;
          s += 3;
        }
      else if (depth > 0 && strncmp (s, close, 3) == 0)
        {
          depth--;
          s += 3;
        }
      else if (depth > 0)
        s++;
      else
        *o++ = *s++;
    }
  *o = '\0';
  return out;
}

const struct formdef_option *
formdef_match_option (const struct formdef_field *field, const char *text)
{
  const struct formdef_option *exact = formdef_find_option (field, text);
  const struct formdef_option *found = NULL;
  char *want;

  if (exact || !field || !text || !*text)
    return exact;
  want = strip_notes (text);
  for (size_t i = 0; i < field->n_options; i++)
    {
      char *plain = strip_notes (field->options[i].text);
      bool same = strcmp (plain, want) == 0;

      free (plain);
      if (same && found)
        {
          /* Two options differ only in their notes: no guessing. */
          found = NULL;
          break;
        }
      if (same)
        found = &field->options[i];
    }
  free (want);
  return found;
}

int
formdef_choice_split (const struct formdef_field *field, const char *value,
                      bool *ticked, char **unknown)
{
  bool local[FORMDEF_MAX_OPTIONS];
  const size_t sep_len = sizeof FORMDEF_CHOICE_SEP - 1;
  const char *piece;
  int count = 0;

  if (unknown)
    *unknown = NULL;
  if (!ticked)
    ticked = local;
  if (field->n_options > 0)
    memset (ticked, 0, field->n_options * sizeof *ticked);
  if (!value || !*value)
    return 0;
  /* A single option's text may itself hold 、 (社会团体、民办非企业单位、
     基金会): the whole value is tried first. */
  for (size_t i = 0; i < field->n_options; i++)
    if (strcmp (field->options[i].text, value) == 0)
      {
        ticked[i] = true;
        return 1;
      }
  piece = value;
  for (;;)
    {
      const char *end = strstr (piece, FORMDEF_CHOICE_SEP);
      size_t n = end ? (size_t) (end - piece) : strlen (piece);
      size_t i;

      for (i = 0; i < field->n_options; i++)
        if (strlen (field->options[i].text) == n
            && memcmp (field->options[i].text, piece, n) == 0)
          break;
      if (i == field->n_options)
        {
          if (unknown)
            *unknown = xstrndup (piece, n);
          return -1;
        }
      if (!ticked[i])
        count++;
      ticked[i] = true;
      if (!end)
        break;
      piece = end + sep_len;
    }
  return count;
}

char *
formdef_choice_join (const struct formdef_field *field, const bool *ticked)
{
  size_t size = 1;
  char *out;

  for (size_t i = 0; i < field->n_options; i++)
    if (ticked[i])
      size += strlen (field->options[i].text) + sizeof FORMDEF_CHOICE_SEP;
  out = xmalloc (size);
  out[0] = '\0';
  for (size_t i = 0; i < field->n_options; i++)
    if (ticked[i])
      {
        if (out[0])
          strcat (out, FORMDEF_CHOICE_SEP);
        strcat (out, field->options[i].text);
      }
  return out;
}

/* ------------------------------------------------------------ directory */

const char *
formdef_dir (void)
{
  const char *dir = getenv ("CANBAO_FORMSDIR");

  return dir && *dir ? dir : FORMSDIR;
}

static int
compare_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static bool
is_form_name (const char *name)
{
  size_t n = strlen (name);

  return name[0] != '.' && n > 5 && strcmp (name + n - 5, ".form") == 0;
}

void
formdef_free_all (struct formdef ***listp)
{
  if (!listp || !*listp)
    return;
  for (struct formdef **d = *listp; *d; d++)
    formdef_free (d);
  xfree (listp);
}

static char *
dir_error (const char *dir, const char *reason)
{
  size_t n = strlen (dir) + strlen (reason) + 3;
  char *e = xmalloc (n);

  snprintf (e, n, "%s: %s", dir, reason);
  return e;
}

struct formdef **
formdef_load_all (const char *dir, size_t *count, char **error)
{
  DIR *dp;
  struct dirent *ent;
  char **names = NULL;
  size_t n_names = 0, n_loaded = 0;
  struct formdef **list;
  char *err = NULL;

  if (count)
    *count = 0;
  if (error)
    *error = NULL;
  dp = opendir (dir);
  if (!dp)
    {
      if (error)
        *error = dir_error (dir, strerror (errno));
      return NULL;
    }
  while ((ent = readdir (dp)))
    {
      if (!is_form_name (ent->d_name))
        continue;
      if (n_names >= FORMDEF_MAX_FILES)
        {
          char reason[100];

          snprintf (reason, sizeof reason,
                    _("more than %d form files"), FORMDEF_MAX_FILES);
          err = dir_error (dir, reason);
          break;
        }
      names = grow (names, n_names, sizeof *names);
      names[n_names++] = xstrdup (ent->d_name);
    }
  closedir (dp);
  if (n_names > 1)
    qsort (names, n_names, sizeof *names, compare_names);

  list = xcalloc (n_names + 1, sizeof *list);
  for (size_t i = 0; i < n_names && !err; i++)
    {
      size_t n = strlen (dir) + strlen (names[i]) + 2;
      char *path = xmalloc (n);
      struct formdef *def;

      snprintf (path, n, "%s/%s", dir, names[i]);
      def = formdef_load (path, &err);
      free (path);
      if (!def)
        break;
      for (size_t j = 0; j < n_loaded; j++)
        if (strcmp (list[j]->id, def->id) == 0)
          {
            char reason[200];

            snprintf (reason, sizeof reason,
                      _("form '%s' is also defined in %s"),
                      def->id, list[j]->filename);
            err = dir_error (def->filename, reason);
            break;
          }
      list[n_loaded++] = def;
    }
  for (size_t i = 0; i < n_names; i++)
    free (names[i]);
  free (names);
  if (err)
    {
      formdef_free_all (&list);
      if (error)
        *error = err;
      else
        free (err);
      return NULL;
    }
  if (count)
    *count = n_loaded;
  return list;
}

const struct formdef *
formdef_list_find (struct formdef *const *list, const char *id)
{
  if (!list || !id)
    return NULL;
  for (; *list; list++)
    if (strcmp ((*list)->id, id) == 0)
      return *list;
  return NULL;
}
