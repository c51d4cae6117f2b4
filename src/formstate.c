/*
 * formstate.c — the keys of a paper form, without a terminal.
 *
 * Values are kept per field as UTF-8 strings; the field being typed into
 * lives in an editbuf until the clerk leaves it.  See formstate.h.
 */
#include "system.h"

#include "formstate.h"
#include "idnum.h"
#include "msg.h"
#include "region.h"
#include "termtext.h"

#define NO_FIELD ((size_t) -1)
#define PENDING_MAX 8

struct formstate
{
  const struct formdef *def;
  struct record *base;
  char **values;                /* per field, malloc'd, never NULL */
  bool *from_id;                /* per field: the ID put the value there */
  size_t current;
  struct editbuf *edit;         /* for the current field unless a choice */
  size_t choice_cursor;
  char pending[PENDING_MAX + 1];
  char *message;
  char *scratch;                /* formstate_value's answer */
};

static const struct formdef_field *
field_at (const struct formstate *fs, size_t i)
{
  return &fs->def->fields[i];
}

static void
set_message (struct formstate *fs, char *message)
{
  free (fs->message);
  fs->message = message;
}

static void
replace_value (struct formstate *fs, size_t i, const char *value)
{
  char *copy = xstrdup (value ? value : "");

  free (fs->values[i]);
  fs->values[i] = copy;
}

/* ------------------------------------------------------------ values */

static const char *
get_value (void *ctx, const char *field_id)
{
  struct formstate *fs = ctx;
  size_t i = formstate_index (fs, field_id);

  if (i == NO_FIELD)
    return record_get (fs->base, field_id);
  return formstate_value (fs, i);
}

size_t
formstate_index (const struct formstate *fs, const char *id)
{
  for (size_t i = 0; i < fs->def->n_fields; i++)
    if (strcmp (fs->def->fields[i].id, id) == 0)
      return i;
  return NO_FIELD;
}

const char *
formstate_value (struct formstate *fs, size_t i)
{
  if (i == fs->current && fs->edit)
    {
      free (fs->scratch);
      fs->scratch = editbuf_get_utf8 (fs->edit);
      return fs->scratch;
    }
  return fs->values[i];
}

void
formstate_set_value (struct formstate *fs, size_t i, const char *value)
{
  replace_value (fs, i, value);
  fs->from_id[i] = false;
  if (i == fs->current && fs->edit)
    editbuf_set_utf8 (fs->edit, fs->values[i]);
}

bool
formstate_applies (const struct formstate *fs, size_t i)
{
  return validate_applies (fs->def, field_at (fs, i), get_value,
                           (void *) fs);
}

bool
formstate_editable (const struct formstate *fs, size_t i)
{
  return field_at (fs, i)->signed_by == FORMDEF_SIGNED_NONE
         && formstate_applies (fs, i);
}

/* ------------------------------------------------------------ editing */

static bool
is_choice (const struct formdef_field *f)
{
  return f->type == FORMDEF_CHOICE;
}

static void
open_field (struct formstate *fs, size_t i)
{
  const struct formdef_field *f = field_at (fs, i);

  fs->current = i;
  fs->pending[0] = '\0';
  fs->choice_cursor = 0;
  editbuf_free (&fs->edit);
  if (is_choice (f))
    {
      bool ticked[FORMDEF_MAX_OPTIONS] = { false };

      /* Start on the first ticked box, where Space unticks it. */
      if (formdef_choice_split (f, fs->values[i], ticked, NULL) > 0)
        for (size_t k = 0; k < f->n_options; k++)
          if (ticked[k])
            {
              fs->choice_cursor = k;
              break;
            }
      return;
    }
  /* Long text scrolls inside a blank the screen may draw narrower; the
     columns are checked as the clerk leaves the field. */
  fs->edit = editbuf_new (f->width, (size_t) f->width);
  editbuf_set_scroll (fs->edit, f->type == FORMDEF_TEXT);
  if (f->type == FORMDEF_IDNUM)
    editbuf_set_filter (fs->edit, editbuf_filter_id);
  else if (f->type == FORMDEF_MOBILE)
    editbuf_set_filter (fs->edit, editbuf_filter_digits);
  editbuf_set_utf8 (fs->edit, fs->values[i]);
}

static void
fill_from_id (struct formstate *fs, const char *id)
{
  struct idnum_facts facts;
  struct region_info region;
  bool have_region;

  if (idnum_validate (id, idnum_today (), &facts) != IDNUM_VALID)
    return;
  have_region = region_lookup (facts.region, &region);
  for (size_t i = 0; i < fs->def->n_fields; i++)
    {
      const struct formdef_field *f = field_at (fs, i);
      char buf[16];
      const char *value = NULL;

      if (f->from_id == FORMDEF_FROM_ID_NONE
          || !(fs->from_id[i] || validate_blank (fs->values[i])))
        continue;
      switch (f->from_id)
        {
        case FORMDEF_FROM_ID_BIRTH:
          snprintf (buf, sizeof buf, "%04d-%02d-%02d", facts.year,
                    facts.month, facts.day);
          value = buf;
          break;
        case FORMDEF_FROM_ID_SEX:
          value = facts.female ? "女" : "男";
          break;
        case FORMDEF_FROM_ID_PROVINCE:
          value = have_region ? region.province : NULL;
          break;
        case FORMDEF_FROM_ID_PREFECTURE:
          value = have_region ? region.prefecture : NULL;
          break;
        case FORMDEF_FROM_ID_COUNTY:
          value = have_region ? region.county : NULL;
          break;
        case FORMDEF_FROM_ID_NONE:
          break;
        }
      if (value && *value)
        {
          replace_value (fs, i, value);
          fs->from_id[i] = true;
        }
    }
}

/* The clerk may have typed a sex or a date of birth before the ID: say
   at once when they disagree with it, not only on saving. */
static void
warn_from_id (struct formstate *fs)
{
  for (size_t i = 0; i < fs->def->n_fields && !fs->message; i++)
    {
      const struct formdef_field *f = field_at (fs, i);
      char *problem = NULL;

      if (f->from_id != FORMDEF_FROM_ID_NONE && !fs->from_id[i]
          && !validate_field (fs->def, f, fs->values[i], get_value, fs,
                              &problem))
        set_message (fs, problem);
    }
}

/* Takes the current field's text into its value, normalised, and judges
   it; a problem becomes the message. */
static void
commit_current (struct formstate *fs, bool judge)
{
  size_t i = fs->current;
  const struct formdef_field *f = field_at (fs, i);
  char *problem = NULL;

  if (fs->edit)
    {
      char *text = editbuf_get_utf8 (fs->edit);

      if (strcmp (text, fs->values[i]) != 0)
        {
          fs->from_id[i] = false;
          if (f->type == FORMDEF_IDNUM)
            {
              char id[64];

              if (idnum_normalise (text, id, sizeof id) < sizeof id)
                {
                  free (text);
                  text = xstrdup (id);
                }
            }
          free (fs->values[i]);
          fs->values[i] = text;
          editbuf_set_utf8 (fs->edit, text);
          if (strcmp (f->id, "id") == 0)
            {
              fill_from_id (fs, text);
              warn_from_id (fs);
            }
        }
      else
        free (text);
    }
  if (judge && !fs->message
      && !validate_field (fs->def, f, fs->values[i], get_value, fs,
                          &problem))
    set_message (fs, problem);
}

void
formstate_commit (struct formstate *fs)
{
  commit_current (fs, false);
}

bool
formstate_goto (struct formstate *fs, size_t i)
{
  if (i >= fs->def->n_fields)
    return false;
  commit_current (fs, true);
  if (!formstate_editable (fs, i))
    return false;
  open_field (fs, i);
  return true;
}

static bool
move (struct formstate *fs, int step)
{
  size_t i = fs->current;

  commit_current (fs, true);
  for (;;)
    {
      if (step > 0 ? i + 1 >= fs->def->n_fields : i == 0)
        {
          if (!fs->message)
            set_message (fs, xstrdup (step > 0
                                      ? _("This is the last field; F2 or "
                                          "Ctrl-S saves the form.")
                                      : _("This is the first field.")));
          open_field (fs, fs->current);
          return false;
        }
      i = step > 0 ? i + 1 : i - 1;
      if (formstate_editable (fs, i))
        break;
    }
  open_field (fs, i);
  return true;
}

/* ------------------------------------------------------------ choices */

/* Ticks or unticks option K of the current choice field. */
static void
pick_option (struct formstate *fs, size_t k, bool toggle)
{
  const struct formdef_field *f = field_at (fs, fs->current);
  bool ticked[FORMDEF_MAX_OPTIONS] = { false };
  char *joined;

  if (formdef_choice_split (f, fs->values[fs->current], ticked, NULL) < 0)
    memset (ticked, 0, sizeof ticked);
  if (!f->multiple)
    {
      bool was = ticked[k];

      memset (ticked, 0, sizeof ticked);
      ticked[k] = toggle ? !was : true;
    }
  else
    {
      ticked[k] = !ticked[k];
      if (ticked[k])
        for (size_t j = 0; j < f->n_options; j++)
          if (j != k && (f->options[k].exclusive || f->options[j].exclusive))
            ticked[j] = false;
    }
  joined = formdef_choice_join (f, ticked);
  /* A box the clerk changed is the clerk's: a new ID must not overwrite
     it (as commit_current does for text). */
  if (strcmp (joined, fs->values[fs->current]) != 0)
    fs->from_id[fs->current] = false;
  free (fs->values[fs->current]);
  fs->values[fs->current] = joined;
  fs->choice_cursor = k;
}

static char *
no_option (const struct formdef_field *f, const char *digits)
{
  char *name = termtext_utf8_to_locale (f->name);
  char *text = xasprintf (_("%s: there is no option %s"), name, digits);

  free (name);
  return text;
}

/* Whether some option's printed number is longer than DIGITS and starts
   with them: then DIGITS may still grow into it. */
static bool
number_may_grow (const struct formdef_field *f, const char *digits)
{
  size_t n = strlen (digits);

  for (size_t k = 0; k < f->n_options; k++)
    if (strlen (f->options[k].number) > n
        && strncmp (f->options[k].number, digits, n) == 0)
      return true;
  return false;
}

static size_t
option_index (const struct formdef_field *f, const struct formdef_option *o)
{
  return (size_t) (o - f->options);
}

static bool
choice_digit (struct formstate *fs, wchar_t ch)
{
  const struct formdef_field *f = field_at (fs, fs->current);
  const struct formdef_option *exact;
  size_t n = strlen (fs->pending);

  if (n >= PENDING_MAX)
    return false;
  fs->pending[n] = (char) ch;
  fs->pending[n + 1] = '\0';
  exact = formdef_option_by_number (f, fs->pending);
  if (number_may_grow (f, fs->pending))
    return true;                /* wait for the next digit or Enter */
  if (!exact)
    {
      set_message (fs, no_option (f, fs->pending));
      fs->pending[0] = '\0';
      return false;
    }
  fs->pending[0] = '\0';
  pick_option (fs, option_index (f, exact), f->multiple);
  return true;
}

/* Enter with digits pending: the option they name so far, if any. */
static bool
choice_finish_pending (struct formstate *fs)
{
  const struct formdef_field *f = field_at (fs, fs->current);
  const struct formdef_option *exact;

  if (!fs->pending[0])
    return true;
  exact = formdef_option_by_number (f, fs->pending);
  if (!exact)
    {
      set_message (fs, no_option (f, fs->pending));
      fs->pending[0] = '\0';
      return false;
    }
  fs->pending[0] = '\0';
  pick_option (fs, option_index (f, exact), f->multiple);
  return true;
}

static bool
choice_key (struct formstate *fs, enum formstate_key key, wchar_t ch)
{
  const struct formdef_field *f = field_at (fs, fs->current);
  size_t n;

  switch (key)
    {
    case FORMSTATE_CHAR:
      if (ch >= L'０' && ch <= L'９')
        ch = L'0' + (ch - L'０');
      if (ch >= L'0' && ch <= L'9')
        return choice_digit (fs, ch);
      if (ch == L' ' || ch == L'\x3000')
        {
          fs->pending[0] = '\0';
          pick_option (fs, fs->choice_cursor, true);
          return true;
        }
      set_message (fs, termtext_message (_("%s: type an option's number"),
                                         f->name));
      return false;
    case FORMSTATE_LEFT:
      if (fs->choice_cursor == 0)
        return false;
      fs->choice_cursor--;
      return true;
    case FORMSTATE_RIGHT:
      if (fs->choice_cursor + 1 >= f->n_options)
        return false;
      fs->choice_cursor++;
      return true;
    case FORMSTATE_HOME:
      fs->choice_cursor = 0;
      return true;
    case FORMSTATE_END:
      fs->choice_cursor = f->n_options ? f->n_options - 1 : 0;
      return true;
    case FORMSTATE_BACKSPACE:
      n = strlen (fs->pending);
      if (n > 0)
        {
          fs->pending[n - 1] = '\0';
          return true;
        }
      /* With no digits typed, Backspace clears the boxes. */
      __attribute__ ((fallthrough));
    case FORMSTATE_DELETE:
    case FORMSTATE_KILL_EOL:
    case FORMSTATE_KILL_LINE:
      fs->pending[0] = '\0';
      if (!*fs->values[fs->current])
        return false;
      replace_value (fs, fs->current, "");
      return true;
    case FORMSTATE_NEXT:
    case FORMSTATE_PREV:
      break;
    }
  return false;
}

/* ------------------------------------------------------------ text */

static bool
text_key (struct formstate *fs, enum formstate_key key, wchar_t ch)
{
  const struct formdef_field *f = field_at (fs, fs->current);
  enum editbuf_status status;

  switch (key)
    {
    case FORMSTATE_CHAR:
      status = editbuf_insert (fs->edit, ch);
      if (status == EDITBUF_REFUSED)
        {
          set_message (fs, termtext_message (f->type == FORMDEF_IDNUM
                                             ? _("%s: only digits and X")
                                             : f->type == FORMDEF_MOBILE
                                             ? _("%s: only digits")
                                             : _("%s: this character cannot "
                                                 "be typed here"), f->name));
          return false;
        }
      if (status == EDITBUF_FULL)
        {
          set_message (fs, termtext_message (_("%s: the field is full"),
                                             f->name));
          return false;
        }
      if (f->auto_advance && editbuf_full (fs->edit))
        move (fs, +1);
      return true;
    case FORMSTATE_LEFT: return editbuf_left (fs->edit);
    case FORMSTATE_RIGHT: return editbuf_right (fs->edit);
    case FORMSTATE_HOME: return editbuf_home (fs->edit);
    case FORMSTATE_END: return editbuf_end (fs->edit);
    case FORMSTATE_BACKSPACE: return editbuf_backspace (fs->edit);
    case FORMSTATE_DELETE: return editbuf_delete (fs->edit);
    case FORMSTATE_KILL_EOL: return editbuf_kill_eol (fs->edit);
    case FORMSTATE_KILL_LINE: return editbuf_kill_line (fs->edit);
    case FORMSTATE_NEXT:
    case FORMSTATE_PREV:
      break;
    }
  return false;
}

bool
formstate_key (struct formstate *fs, enum formstate_key key, wchar_t ch)
{
  set_message (fs, NULL);
  if (key == FORMSTATE_NEXT || key == FORMSTATE_PREV)
    {
      if (!fs->edit && !choice_finish_pending (fs))
        return false;
      return move (fs, key == FORMSTATE_NEXT ? +1 : -1);
    }
  if (fs->edit)
    return text_key (fs, key, ch);
  return choice_key (fs, key, ch);
}

/* ------------------------------------------------------------ the rest */

struct formstate *
formstate_new (const struct formdef *def, const struct record *base)
{
  struct formstate *fs = xcalloc (1, sizeof *fs);

  fs->def = def;
  fs->base = base ? record_dup (base) : record_new ();
  fs->values = xcalloc (def->n_fields ? def->n_fields : 1,
                        sizeof *fs->values);
  fs->from_id = xcalloc (def->n_fields ? def->n_fields : 1,
                         sizeof *fs->from_id);
  for (size_t i = 0; i < def->n_fields; i++)
    fs->values[i] = xstrdup (record_get (fs->base, def->fields[i].id)
                             ? record_get (fs->base, def->fields[i].id) : "");
  fs->current = 0;
  for (size_t i = 0; i < def->n_fields; i++)
    if (formstate_editable (fs, i))
      {
        fs->current = i;
        break;
      }
  if (def->n_fields)
    open_field (fs, fs->current);
  return fs;
}

void
formstate_free (struct formstate **fsp)
{
  struct formstate *fs = *fsp;

  if (!fs)
    return;
  for (size_t i = 0; i < fs->def->n_fields; i++)
    free (fs->values[i]);
  free (fs->values);
  free (fs->from_id);
  editbuf_free (&fs->edit);
  record_free (&fs->base);
  free (fs->message);
  free (fs->scratch);
  free (fs);
  *fsp = NULL;
}

const struct formdef *
formstate_def (const struct formstate *fs)
{
  return fs->def;
}

const struct record *
formstate_base (const struct formstate *fs)
{
  return fs->base;
}

void
formstate_rebase (struct formstate *fs, const struct record *rec)
{
  commit_current (fs, false);
  record_free (&fs->base);
  fs->base = record_dup (rec);
  for (size_t i = 0; i < fs->def->n_fields; i++)
    {
      const char *stored = record_get (rec, fs->def->fields[i].id);

      if (stored && (validate_blank (fs->values[i]) || fs->from_id[i]))
        {
          replace_value (fs, i, stored);
          fs->from_id[i] = false;
        }
    }
  open_field (fs, fs->current);
}

size_t
formstate_field (const struct formstate *fs)
{
  return fs->current;
}

struct editbuf *
formstate_editbuf (struct formstate *fs)
{
  return fs->edit;
}

size_t
formstate_choice_cursor (const struct formstate *fs)
{
  return fs->choice_cursor;
}

const char *
formstate_pending (const struct formstate *fs)
{
  return fs->pending;
}

const char *
formstate_message (const struct formstate *fs)
{
  return fs->message;
}

bool
formstate_changed (struct formstate *fs)
{
  for (size_t i = 0; i < fs->def->n_fields; i++)
    {
      const char *stored = record_get (fs->base, fs->def->fields[i].id);
      const char *now = formstate_value (fs, i);

      if (strcmp (stored ? stored : "", now) != 0)
        return true;
    }
  return false;
}

/* A field that no longer applies (工作单位全名称 after 就业状态 became
   无单位) is not part of the record: its value goes, or the save would
   be refused for a field the clerk cannot reach.  Conditions may chain,
   so this runs until nothing changes. */
static void
clear_fields_that_do_not_apply (struct formstate *fs)
{
  bool cleared = true;

  for (size_t pass = 0; cleared && pass < fs->def->n_fields; pass++)
    {
      cleared = false;
      for (size_t i = 0; i < fs->def->n_fields; i++)
        if (*fs->values[i] && !formstate_applies (fs, i))
          {
            replace_value (fs, i, "");
            fs->from_id[i] = false;
            cleared = true;
          }
    }
  if (fs->edit)
    editbuf_set_utf8 (fs->edit, fs->values[fs->current]);
}

size_t
formstate_validate (struct formstate *fs, struct validate_problem **problems)
{
  commit_current (fs, false);
  clear_fields_that_do_not_apply (fs);
  return validate_record (fs->def, get_value, fs, problems);
}

struct record *
formstate_record (struct formstate *fs)
{
  struct record *rec = record_dup (fs->base);

  commit_current (fs, false);
  for (size_t i = 0; i < fs->def->n_fields; i++)
    {
      const char *value = fs->values[i];
      bool keep = !validate_blank (value) && formstate_applies (fs, i);

      /* record_set refuses only what a record cannot hold; a value typed
         here is UTF-8 without NUL and far below the limits. */
      if (record_set (rec, fs->def->fields[i].id, keep ? value : NULL) != 0)
        record_set (rec, fs->def->fields[i].id, NULL);
    }
  record_set (rec, FORMSTATE_F_FORM, fs->def->id);
  return rec;
}
