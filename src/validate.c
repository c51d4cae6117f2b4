/*
 * validate.c — a form's rules applied to a record; see validate.h.
 *
 * Everything a form says about a field is data in formdef; this file only
 * knows what each kind of rule means.  Messages are composed as "NAME:
 * reason" through one translatable pattern so that a translation can use
 * the full-width colon.
 */
#include "system.h"

#include <stdarg.h>

#include "charset.h"
#include "formdef.h"
#include "idnum.h"
#include "msg.h"
#include "termtext.h"
#include "validate.h"


/* "NAME: REASON"; takes REASON. */
static char *
problem_text (const struct formdef_field *field, char *reason)
{
  char *name = termtext_utf8_to_locale (field->name);
  char *out = xasprintf (_("%s: %s"), name, reason);

  free (name);
  free (reason);
  return out;
}

/* ------------------------------------------------------------ formats */

bool
validate_blank (const char *value)
{
  if (!value)
    return true;
  while (*value)
    {
      if (*value == ' ' || *value == '\t')
        value++;
      else if (strncmp (value, "\xe3\x80\x80", 3) == 0)
        value += 3;
      else
        return false;
    }
  return true;
}

static bool
all_digits (const char *s, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (!(s[i] >= '0' && s[i] <= '9'))
      return false;
  return true;
}

bool
validate_mobile (const char *s)
{
  return s && strlen (s) == 11 && s[0] == '1' && all_digits (s, 11);
}

bool
validate_phone (const char *s)
{
  const char *hyphen;
  size_t n;

  if (!s)
    return false;
  if (validate_mobile (s))
    return true;
  n = strlen (s);
  /* An area code starts with 0 but not 00, the international prefix. */
  if (n < 2 || s[0] != '0' || s[1] == '0')
    return false;
  hyphen = strchr (s, '-');
  if (hyphen)
    {
      size_t area = (size_t) (hyphen - s), local = n - area - 1;

      return (area == 3 || area == 4) && all_digits (s, area)
        && (local == 7 || local == 8) && all_digits (hyphen + 1, local);
    }
  /* Without the hyphen the split is unknown; any area code of 3 or 4
     digits and a number of 7 or 8 gives 10 to 12 digits. */
  return n >= 10 && n <= 12 && all_digits (s, n);
}

static int
two (const char *s)
{
  return (s[0] - '0') * 10 + (s[1] - '0');
}

bool
validate_date (const char *s, int *yyyymmdd)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  char digits[8];
  int year, month, day, last;

  if (!s)
    return false;
  if (strlen (s) == 10 && s[4] == '-' && s[7] == '-')
    {
      memcpy (digits, s, 4);
      memcpy (digits + 4, s + 5, 2);
      memcpy (digits + 6, s + 8, 2);
    }
  else if (strlen (s) == 8)
    memcpy (digits, s, 8);
  else
    return false;
  if (!all_digits (digits, 8))
    return false;
  year = two (digits) * 100 + two (digits + 2);
  month = two (digits + 4);
  day = two (digits + 6);
  if (year < 1900 || year > 2099 || month < 1 || month > 12)
    return false;
  last = days[month - 1];
  if (month == 2 && year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))
    last = 29;
  if (day < 1 || day > last)
    return false;
  if (yyyymmdd)
    *yyyymmdd = year * 10000 + month * 100 + day;
  return true;
}

static int
orgcode_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  return -1;
}

char
validate_orgcode_check (const char *body)
{
  static const int weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0, check;

  if (!body)
    return '\0';
  for (int i = 0; i < 8; i++)
    {
      int v = orgcode_value (body[i]);

      if (v < 0)
        return '\0';            /* also stops at the NUL of a short body */
      sum += v * weights[i];
    }
  check = 11 - sum % 11;
  if (check == 10)
    return 'X';
  if (check == 11)
    return '0';
  return (char) ('0' + check);
}

/* Eight code characters, an optional hyphen and a character that could be
   a check character: the shape, whatever the check says. */
static bool
orgcode_shape (const char *s)
{
  size_t n = s ? strlen (s) : 0;
  char last;

  if (!(n == 9 || (n == 10 && s[8] == '-')))
    return false;
  for (int i = 0; i < 8; i++)
    if (orgcode_value (s[i]) < 0)
      return false;
  last = s[n - 1];
  return (last >= '0' && last <= '9') || last == 'X';
}

bool
validate_orgcode (const char *s)
{
  return orgcode_shape (s) && validate_orgcode_check (s) == s[strlen (s) - 1];
}

/* Columns of one code point on a terminal that shows Chinese wide. */
static int
code_point_columns (uint32_t c)
{
  if ((c >= 0x0300 && c <= 0x036f) || (c >= 0x1ab0 && c <= 0x1aff)
      || (c >= 0x1dc0 && c <= 0x1dff) || (c >= 0x200b && c <= 0x200f)
      || (c >= 0x20d0 && c <= 0x20ff) || (c >= 0xfe00 && c <= 0xfe0f)
      || (c >= 0xfe20 && c <= 0xfe2f))
    return 0;
  if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e)
      || (c >= 0x3041 && c <= 0x33ff) || (c >= 0x3400 && c <= 0x4dbf)
      || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf)
      || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff)
      || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60)
      || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x2fffd)
      || (c >= 0x30000 && c <= 0x3fffd))
    return 2;
  return 1;
}

int
validate_columns (const char *utf8)
{
  size_t len = utf8 ? strlen (utf8) : 0, pos = 0;
  int columns = 0;

  while (pos < len)
    {
      uint32_t c;
      size_t used = utf8_decode (utf8 + pos, len - pos, &c);

      if (used == 0)
        return -1;
      pos += used;
      /* Bounded: a value's length is, and so is INT_MAX / 2 per char. */
      if (columns < 0x3fffffff)
        columns += code_point_columns (c);
    }
  return columns;
}

static bool
has_control (const char *utf8)
{
  size_t len = strlen (utf8), pos = 0;

  while (pos < len)
    {
      uint32_t c = 0;
      size_t used = utf8_decode (utf8 + pos, len - pos, &c);

      if (used == 0)
        return false;           /* reported as bad UTF-8 instead */
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        return true;
      pos += used;
    }
  return false;
}

/* ------------------------------------------------------------ conditions */

static const char *
value_of (validate_get_fn *get, void *ctx, const char *id)
{
  return get ? get (ctx, id) : NULL;
}

static bool
holds (const struct formdef *def, const struct formdef_when *w,
       validate_get_fn *get, void *ctx)
{
  const struct formdef_field *target = &def->fields[w->field];
  const char *value = value_of (get, ctx, target->id);
  bool ticked[FORMDEF_MAX_OPTIONS];

  switch (w->kind)
    {
    case FORMDEF_WHEN_EMPTY:
      return validate_blank (value);
    case FORMDEF_WHEN_FILLED:
      return !validate_blank (value);
    case FORMDEF_WHEN_CHOSEN:
    default:
      if (validate_blank (value)
          || formdef_choice_split (target, value, ticked, NULL) <= 0)
        return false;
      for (size_t i = 0; i < w->n_options; i++)
        if (w->options[i] < target->n_options && ticked[w->options[i]])
          return true;
      return false;
    }
}

/* The first condition of FIELD that does not hold, or NULL. */
static const struct formdef_when *
failing_condition (const struct formdef *def,
                   const struct formdef_field *field,
                   validate_get_fn *get, void *ctx)
{
  if (!get)
    return NULL;
  for (size_t i = 0; i < field->n_when; i++)
    if (!holds (def, &field->when[i], get, ctx))
      return &field->when[i];
  return NULL;
}

bool
validate_applies (const struct formdef *def,
                  const struct formdef_field *field,
                  validate_get_fn *get, void *ctx)
{
  return failing_condition (def, field, get, ctx) == NULL;
}

/* Why a value in FIELD is out of place: "only with 已单位就业". */
static char *
condition_reason (const struct formdef *def, const struct formdef_when *w)
{
  const struct formdef_field *target = &def->fields[w->field];
  size_t size = 1;
  char *texts, *reason;

  switch (w->kind)
    {
    case FORMDEF_WHEN_EMPTY:
      return termtext_message (_("only when %s is blank"), target->name);
    case FORMDEF_WHEN_FILLED:
      return termtext_message (_("only when %s is filled in"), target->name);
    case FORMDEF_WHEN_CHOSEN:
    default:
      for (size_t i = 0; i < w->n_options; i++)
        size += strlen (target->options[w->options[i]].text) + 1;
      texts = xmalloc (size);
      texts[0] = '\0';
      for (size_t i = 0; i < w->n_options; i++)
        {
          if (i > 0)
            strcat (texts, "/");
          strcat (texts, target->options[w->options[i]].text);
        }
      reason = termtext_message (_("only with %s"), texts);
      free (texts);
      return reason;
    }
}

/* ------------------------------------------------------------ one value */

static char *
choice_reason (const struct formdef_field *field, const char *value)
{
  bool ticked[FORMDEF_MAX_OPTIONS];
  char *unknown = NULL, *reason;
  int count = formdef_choice_split (field, value, ticked, &unknown);

  if (count < 0)
    {
      reason = termtext_message (_("\"%s\" is not one of the boxes"),
                                 unknown ? unknown : "");
      free (unknown);
      return reason;
    }
  if (count > 1 && !field->multiple)
    return xstrdup (_("only one box may be ticked"));
  if (count > 1)
    for (size_t i = 0; i < field->n_options; i++)
      if (ticked[i] && field->options[i].exclusive)
        return termtext_message (_("\"%s\" cannot be ticked with another "
                                   "box"), field->options[i].text);
  return NULL;
}

/* Where the ID fills a field, the two must agree: a date of birth or a sex
   that differs from the ID's means one of them was mistyped.  (The
   region's names are only an offer: people move their 户口.) */
static char *
from_id_reason (const struct formdef *def, const struct formdef_field *field,
                const char *value, validate_get_fn *get, void *ctx)
{
  const struct formdef_field *id_field = formdef_find_field (def, "id");
  struct idnum_facts facts;
  const char *id;
  int date;

  if (field->from_id != FORMDEF_FROM_ID_SEX
      && field->from_id != FORMDEF_FROM_ID_BIRTH)
    return NULL;
  if (!id_field || !(id = value_of (get, ctx, id_field->id))
      || idnum_validate (id, idnum_today (), &facts) != IDNUM_VALID)
    return NULL;                /* the ID's own problem is reported there */
  if (field->from_id == FORMDEF_FROM_ID_SEX)
    {
      const char *sex = facts.female ? "女" : "男";

      if (strcmp (value, sex) != 0)
        return termtext_message (_("does not match the ID number (%s)"),
                                 sex);
      return NULL;
    }
  if (validate_date (value, &date)
      && date != facts.year * 10000 + facts.month * 100 + facts.day)
    return xasprintf (_("does not match the ID number (%04d-%02d-%02d)"),
                   facts.year, facts.month, facts.day);
  return NULL;
}

/* The reason a non-blank VALUE is wrong for FIELD, or NULL. */
static char *
value_reason (const struct formdef *def, const struct formdef_field *field,
              const char *value, validate_get_fn *get, void *ctx)
{
  enum idnum_verdict verdict;
  int columns;

  switch (field->type)
    {
    case FORMDEF_TEXT:
      columns = validate_columns (value);
      if (columns < 0)
        return xstrdup (_("not valid UTF-8"));
      if (has_control (value))
        return xstrdup (_("contains a control character"));
      if (columns > field->width)
        return xasprintf (_("too long: %d columns, at most %d"), columns,
                       field->width);
      return NULL;
    case FORMDEF_CHOICE:
      return choice_reason (field, value);
    case FORMDEF_IDNUM:
      verdict = idnum_validate (value, idnum_today (), NULL);
      if (verdict != IDNUM_VALID)
        return xstrdup (idnum_verdict_text (verdict));
      return NULL;
    case FORMDEF_MOBILE:
      if (!validate_mobile (value))
        return xstrdup (_("not a mobile number (11 digits starting with 1)"));
      return NULL;
    case FORMDEF_PHONE:
      if (!validate_phone (value))
        return xstrdup (_("not a phone number (a mobile, or a landline with "
                         "its area code such as 0731-88888888)"));
      return NULL;
    case FORMDEF_ORGCODE:
      if (orgcode_shape (value) && !validate_orgcode (value))
        return xstrdup (_("wrong check character"));
      if (!validate_orgcode (value))
        return xstrdup (_("not an organisation code (8 digits or capital "
                         "letters, then the check character)"));
      return NULL;
    case FORMDEF_DATE:
      if (!validate_date (value, NULL))
        return xstrdup (_("not a real date (YYYY-MM-DD or YYYYMMDD)"));
      return from_id_reason (def, field, value, get, ctx);
    default:
      return NULL;
    }
}

static char *
field_reason (const struct formdef *def, const struct formdef_field *field,
              const char *value, validate_get_fn *get, void *ctx)
{
  char *reason = value_reason (def, field, value, get, ctx);

  if (!reason && field->type == FORMDEF_CHOICE)
    reason = from_id_reason (def, field, value, get, ctx);
  return reason;
}

bool
validate_field (const struct formdef *def, const struct formdef_field *field,
                const char *value, validate_get_fn *get, void *ctx,
                char **problem)
{
  const struct formdef_when *w;
  char *reason;

  if (problem)
    *problem = NULL;
  if (!def || !field || validate_blank (value))
    return true;
  w = failing_condition (def, field, get, ctx);
  reason = w ? condition_reason (def, w)
    : field_reason (def, field, value, get, ctx);
  if (!reason)
    return true;
  if (problem)
    *problem = problem_text (field, reason);
  else
    free (reason);
  return false;
}

/* ------------------------------------------------------------ a record */

size_t
validate_record (const struct formdef *def, validate_get_fn *get, void *ctx,
                 struct validate_problem **problems)
{
  struct validate_problem *list = NULL;
  size_t n = 0;

  if (problems)
    *problems = NULL;
  if (!def)
    return 0;
  for (size_t i = 0; i < def->n_fields; i++)
    {
      const struct formdef_field *field = &def->fields[i];
      const char *value = value_of (get, ctx, field->id);
      const struct formdef_when *w = failing_condition (def, field, get, ctx);
      char *reason = NULL;

      if (w && !validate_blank (value))
        reason = condition_reason (def, w);
      else if (!w && validate_blank (value) && field->required)
        reason = xstrdup (_("required"));
      else if (!w && !validate_blank (value))
        reason = field_reason (def, field, value, get, ctx);
      if (!reason)
        continue;
      /* At most one problem per field, so n never exceeds n_fields. */
      list = xrealloc (list, (n + 1) * sizeof *list);
      list[n].field_id = field->id;
      list[n].message = problem_text (field, reason);
      n++;
    }
  if (problems)
    *problems = list;
  else
    validate_problems_free (&list, n);
  return n;
}

void
validate_problems_free (struct validate_problem **problems, size_t n)
{
  if (!problems || !*problems)
    return;
  for (size_t i = 0; i < n; i++)
    free ((*problems)[i].message);
  xfree (problems);
}
