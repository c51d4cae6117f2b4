/*
 * formlayout.c — placing a paper form on a long page of COLS columns.
 * See formlayout.h.
 */
#include "system.h"

#include "formlayout.h"
#include "msg.h"
#include "termtext.h"

#define LEFT 1                  /* the page's left margin */
#define GAP 2                   /* columns between fields on one line */
#define OPTION_GAP 1            /* columns between options */

struct placer
{
  struct formlayout *layout;
  size_t cap;
  int cols;                     /* last usable column + 1 */
  int line, col;
};

static void
add (struct placer *p, enum formlayout_kind kind, int width, size_t field,
     size_t option, char *text)
{
  struct formlayout *l = p->layout;
  struct formlayout_item *it;

  if (l->n_items == p->cap)
    {
      p->cap = p->cap ? 2 * p->cap : 64;
      l->items = xrealloc (l->items, p->cap * sizeof *l->items);
    }
  it = &l->items[l->n_items++];
  it->kind = kind;
  it->line = p->line;
  it->col = p->col;
  it->width = width;
  it->field = field;
  it->option = option;
  it->text = text;
  p->col += width;
}

static void
new_line (struct placer *p)
{
  p->line++;
  p->col = LEFT;
}

/* Makes room for WIDTH columns on this line, starting a new one (indented
   by INDENT) when they do not fit after what is already there. */
static void
room_for (struct placer *p, int width, int indent)
{
  if (p->col > LEFT && p->col + width > p->cols)
    {
      new_line (p);
      p->col += indent;
    }
}

/* Places UTF8 as lines of at most the page's width, for headings and
   notes. */
static void
add_wrapped (struct placer *p, enum formlayout_kind kind, const char *utf8,
             int indent)
{
  wchar_t *ws = termtext_from_utf8 (utf8);
  const wchar_t *rest = ws;
  int avail = p->cols - LEFT - indent;

  while (*rest)
    {
      int width;
      size_t n = termtext_fit_span (rest, avail, &width);
      wchar_t *piece;

      if (n == 0)               /* a character wider than the page */
        n = 1, width = 1;
      piece = xmalloc ((n + 1) * sizeof *piece);
      wmemcpy (piece, rest, n);
      piece[n] = L'\0';
      p->col = LEFT + indent;
      add (p, kind, width, 0, 0, termtext_to_utf8 (piece));
      free (piece);
      new_line (p);
      rest += n;
    }
  free (ws);
}

bool
formlayout_inline_choice (const struct formdef_field *f)
{
  return f->n_options <= FORMLAYOUT_INLINE_OPTIONS;
}

int
formlayout_option_mark (const struct formdef_option *o)
{
  return (int) strlen (o->number) + 1;
}

static void
place_choice (struct placer *p, size_t i, const struct formdef_field *f)
{
  char *label = xasprintf ("%s\xef\xbc\x9a", f->label);
  int label_width = termtext_utf8_width (label);

  room_for (p, label_width + 8, 0);
  add (p, FORMLAYOUT_LABEL, label_width, i, 0, label);
  if (!formlayout_inline_choice (f))
    {
      room_for (p, FORMLAYOUT_CODE_WIDTH + 1 + FORMLAYOUT_CODE_TEXT, 2);
      add (p, FORMLAYOUT_BLANK, FORMLAYOUT_CODE_WIDTH + 1
           + FORMLAYOUT_CODE_TEXT, i, 0, NULL);
      return;
    }
  for (size_t k = 0; k < f->n_options; k++)
    {
      /* A box that goes alone among several says so, as the paper
         prints （单选） after it. */
      bool alone = f->multiple && f->options[k].exclusive;
      char *cell = xasprintf ("%s[ ]%s%s", f->options[k].number,
                              f->options[k].text,
                              alone ? "\xef\xbc\x88\xe5\x8d\x95\xe9\x80\x89"
                                      "\xef\xbc\x89" : "");
      int width = termtext_utf8_width (cell);

      if (width > p->cols - LEFT - 2)
        width = p->cols - LEFT - 2;
      room_for (p, width, 2);
      add (p, FORMLAYOUT_OPTION, width, i, k, cell);
      p->col += OPTION_GAP;
    }
}

static void
place_text (struct placer *p, size_t i, const struct formdef_field *f)
{
  char *label = f->label_after ? xstrdup (f->label)
                : xasprintf ("%s\xef\xbc\x9a", f->label);
  int label_width = termtext_utf8_width (label);
  int blank = f->width > 0 ? f->width : 10;
  int most = p->cols - LEFT - label_width - 1;

  if (blank > most)
    blank = most < 4 ? 4 : most;
  room_for (p, label_width + blank, 0);
  if (f->label_after)
    {
      add (p, FORMLAYOUT_BLANK, blank, i, 0, NULL);
      add (p, FORMLAYOUT_LABEL, label_width, i, 0, label);
    }
  else
    {
      add (p, FORMLAYOUT_LABEL, label_width, i, 0, label);
      add (p, FORMLAYOUT_BLANK, blank, i, 0, NULL);
    }
}

struct formlayout *
formlayout_build (const struct formdef *def, int cols)
{
  struct formlayout *l = xcalloc (1, sizeof *l);
  struct placer p = { l, 0, cols - 1, 0, LEFT };
  size_t nf = def->n_fields ? def->n_fields : 1;
  size_t ns = def->n_sections ? def->n_sections : 1;

  l->field_first = xcalloc (nf, sizeof *l->field_first);
  l->field_last = xcalloc (nf, sizeof *l->field_last);
  l->section_first = xcalloc (ns, sizeof *l->section_first);
  for (size_t s = 0; s < def->n_sections; s++)
    {
      const struct formdef_section *sec = &def->sections[s];
      size_t last_row = (size_t) -1;
      char *heading;

      if (s > 0)
        new_line (&p);
      l->section_first[s] = p.line;
      heading = xasprintf ("\xe3\x80\x90%s\xe3\x80\x91", sec->title);
      add_wrapped (&p, FORMLAYOUT_HEADING, heading, 0);
      free (heading);
      for (size_t n = 0; n < sec->n_notes; n++)
        add_wrapped (&p, FORMLAYOUT_NOTE, sec->notes[n], 2);
      for (size_t i = sec->first_field; i < sec->first_field + sec->n_fields;
           i++)
        {
          const struct formdef_field *f = &def->fields[i];
          size_t start;

          if (f->row != last_row && p.col > LEFT)
            new_line (&p);
          else if (p.col > LEFT)
            p.col += GAP;
          last_row = f->row;
          start = l->n_items;
          if (f->type == FORMDEF_CHOICE)
            place_choice (&p, i, f);
          else
            place_text (&p, i, f);
          /* The first line is where the field's first part landed: a
             field that did not fit went to the next line. */
          l->field_first[i] = l->items[start].line;
          l->field_last[i] = p.line;
        }
      if (p.col > LEFT)
        new_line (&p);
    }
  if (def->n_notes)
    new_line (&p);
  for (size_t n = 0; n < def->n_notes; n++)
    add_wrapped (&p, FORMLAYOUT_NOTE, def->notes[n], 0);
  l->n_lines = p.line + (p.col > LEFT ? 1 : 0);
  return l;
}

void
formlayout_free (struct formlayout **lp)
{
  struct formlayout *l = *lp;

  if (!l)
    return;
  for (size_t i = 0; i < l->n_items; i++)
    free (l->items[i].text);
  free (l->items);
  free (l->field_first);
  free (l->field_last);
  free (l->section_first);
  free (l);
  *lp = NULL;
}
