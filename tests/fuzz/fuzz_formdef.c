/*
 * fuzz_formdef.c — formdef_parse on any bytes, and the lookups and choice
 * helpers on whatever it accepts.
 *
 * Invariants (formdef.h): a refusal is one "FILE:LINE: reason" message;
 * an accepted definition stays within the limits, its sections cover its
 * fields in order, conditions point at real fields and options, option
 * numbers and texts are unique; every field and option is found again by
 * the lookups; the ticked boxes of a choice field survive
 * formdef_choice_join and formdef_choice_split.
 */
#include "system.h"

#include "formdef.h"
#include "fuzz.h"

static const char filename[] = "fuzz.form";

static void
check_choices (const struct formdef_field *f)
{
  bool ticked[FORMDEF_MAX_OPTIONS], back[FORMDEF_MAX_OPTIONS];
  char *value, *unknown;
  int count;

  /* One box of a single-choice field; every other box, then all of them,
     of a multiple-choice one. */
  for (int pattern = 0; pattern < 3; pattern++)
    {
      int want = 0;

      for (size_t i = 0; i < f->n_options; i++)
        {
          ticked[i] = f->multiple ? (pattern == 2 || i % 2 == (size_t) pattern)
            : i == (size_t) pattern;
          want += ticked[i];
        }
      value = formdef_choice_join (f, ticked);
      count = formdef_choice_split (f, value, back, &unknown);
      FUZZ_ASSERT (count == want);
      FUZZ_ASSERT (unknown == NULL);
      FUZZ_ASSERT (memcmp (ticked, back, f->n_options * sizeof *back) == 0);
      free (value);
    }
  FUZZ_ASSERT (formdef_choice_split (f, "", back, NULL) == 0);
}

static void
check_field (const struct formdef *def, size_t k)
{
  const struct formdef_field *f = &def->fields[k];
  const struct formdef_section *s;

  FUZZ_ASSERT (f->id && f->label && f->name && *f->label);
  FUZZ_ASSERT (strlen (f->id) <= FORMDEF_MAX_ID);
  FUZZ_ASSERT (formdef_find_field (def, f->id) == f);
  FUZZ_ASSERT (f->section < def->n_sections);
  s = &def->sections[f->section];
  FUZZ_ASSERT (k >= s->first_field && k < s->first_field + s->n_fields);
  FUZZ_ASSERT (k == 0 || f->row >= def->fields[k - 1].row);
  FUZZ_ASSERT (f->n_notes <= FORMDEF_MAX_NOTES);
  FUZZ_ASSERT (strcmp (formdef_type_name (f->type), "?") != 0);
  if (f->type == FORMDEF_TEXT)
    FUZZ_ASSERT (f->width >= 1 && f->width <= FORMDEF_MAX_WIDTH);
  if (f->type == FORMDEF_CHOICE)
    FUZZ_ASSERT (f->n_options >= 1 && f->n_options <= FORMDEF_MAX_OPTIONS);
  else
    FUZZ_ASSERT (f->n_options == 0 && !f->multiple);
  if (f->from_id != FORMDEF_FROM_ID_NONE)
    {
      const struct formdef_field *id = formdef_find_field (def, "id");

      FUZZ_ASSERT (id && id->type == FORMDEF_IDNUM);
    }

  for (size_t i = 0; i < f->n_options; i++)
    {
      const struct formdef_option *o = &f->options[i];

      FUZZ_ASSERT (formdef_find_option (f, o->text) == o);
      FUZZ_ASSERT (formdef_match_option (f, o->text) == o);
      FUZZ_ASSERT (formdef_option_by_number (f, o->number) == o);
      FUZZ_ASSERT (!f->multiple || !strstr (o->text, FORMDEF_CHOICE_SEP));
      FUZZ_ASSERT (!o->exclusive || f->multiple);
    }
  FUZZ_ASSERT (f->n_when <= FORMDEF_MAX_WHEN);
  for (size_t i = 0; i < f->n_when; i++)
    {
      const struct formdef_when *w = &f->when[i];

      FUZZ_ASSERT (w->field < def->n_fields && w->field != k);
      if (w->kind == FORMDEF_WHEN_CHOSEN)
        {
          const struct formdef_field *t = &def->fields[w->field];

          FUZZ_ASSERT (t->type == FORMDEF_CHOICE && w->n_options >= 1);
          for (size_t j = 0; j < w->n_options; j++)
            FUZZ_ASSERT (w->options[j] < t->n_options);
        }
      else
        FUZZ_ASSERT (w->n_options == 0);
    }
  if (f->type == FORMDEF_CHOICE)
    check_choices (f);
}

static void
check_def (const struct formdef *def)
{
  size_t next = 0;

  FUZZ_ASSERT (def->id && def->title && *def->title);
  FUZZ_ASSERT (strcmp (def->filename, filename) == 0);
  FUZZ_ASSERT (def->n_fields >= 1 && def->n_fields <= FORMDEF_MAX_FIELDS);
  FUZZ_ASSERT (def->n_sections >= 1
               && def->n_sections <= FORMDEF_MAX_SECTIONS);
  FUZZ_ASSERT (def->n_notes <= FORMDEF_MAX_NOTES);
  for (size_t i = 0; i < def->n_sections; i++)
    {
      FUZZ_ASSERT (def->sections[i].first_field == next);
      FUZZ_ASSERT (def->sections[i].n_notes <= FORMDEF_MAX_NOTES);
      next += def->sections[i].n_fields;
    }
  FUZZ_ASSERT (next == def->n_fields);
  for (size_t k = 0; k < def->n_fields; k++)
    check_field (def, k);
  FUZZ_ASSERT (formdef_find_field (def, "no such field!") == NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *error = NULL;
  struct formdef *def = formdef_parse ((const char *) data, size, filename,
                                       &error);

  if (def)
    {
      FUZZ_ASSERT (error == NULL);
      check_def (def);
      formdef_free (&def);
      FUZZ_ASSERT (def == NULL);
    }
  else
    {
      FUZZ_ASSERT (error != NULL);
      FUZZ_ASSERT (strncmp (error, "fuzz.form:", 10) == 0);
      free (error);
      /* The same refusal without anyone to hear it frees its message. */
      FUZZ_ASSERT (formdef_parse ((const char *) data, size, filename, NULL)
                   == NULL);
    }
  return 0;
}
