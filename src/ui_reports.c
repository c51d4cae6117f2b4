/*
 * ui_reports.c — the statistics and a village's 核对表 on screen, from the
 * same modules as `canbao stats` and `canbao export sheet`, so that what
 * the clerk sees is what will be sent and printed.
 */
#include "system.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "idnum.h"
#include "msg.h"
#include "sheet.h"
#include "stats.h"
#include "termtext.h"
#include "ui.h"
#include "upstream.h"
#include "verify.h"

#define NAME_COLS 20

struct lines
{
  char **v;
  size_t n, cap;
};

static void
add_line (struct lines *l, char *line)
{
  if (l->n == l->cap)
    {
      l->cap = l->cap ? 2 * l->cap : 64;
      l->v = xrealloc (l->v, l->cap * sizeof *l->v);
    }
  l->v[l->n++] = line;
}

static void
free_lines (struct lines *l)
{
  for (size_t i = 0; i < l->n; i++)
    free (l->v[i]);
  free (l->v);
}

/* NAME padded or cut to NAME_COLS terminal columns (CJK two wide). */
static char *
padded (const char *name)
{
  wchar_t *shown = termtext_from_utf8 (name);
  wchar_t *fitted = termtext_fit (shown, NAME_COLS);
  char *utf8 = termtext_to_utf8 (fitted);
  int width = termtext_width (fitted);
  char *out = xasprintf ("%s%*s", utf8, NAME_COLS - width, "");

  free (utf8);
  free (fitted);
  free (shown);
  return out;
}

/* UTF8 right-aligned in COLS terminal columns, after a space. */
static char *
right (const char *utf8, int cols)
{
  int width = termtext_utf8_width (utf8);

  return xasprintf (" %*s%s", width < cols ? cols - width : 0, "", utf8);
}

static char *
region_label (const struct stats_region *r)
{
  char *label;

  if (!r->village)
    return padded (r->township ? r->township : STATS_TOTAL);
  label = xasprintf ("  %s", r->village);
  {
    char *out = padded (label);

    free (label);
    return out;
  }
}

void
ui_stats_run (struct ui_session *session)
{
  struct stats s;
  struct lines l = { NULL, 0, 0 };
  char *head;

  if (stats_collect (session->store, NULL, &s) != STORE_OK)
    {
      stats_release (&s);
      ui_status (store_error (session->store));
      return;
    }
  head = padded (STATS_H_REGION);
  {
    static const char *const heads[] = {
      STATS_H_PEOPLE, STATS_H_KEYED, STATS_H_REVIEWED, VERIFY_PENDING,
      VERIFY_CONFIRMED, VERIFY_CORRECTED, VERIFY_UNVERIFIABLE
    };
    static const int widths[] = { 6, 6, 6, 6, 10, 6, 8 };
    char *line = xstrdup (head);

    for (size_t k = 0; k < ARRAY_SIZE (heads); k++)
      {
        char *cell = right (heads[k], widths[k]);
        char *longer = xasprintf ("%s%s", line, cell);

        free (cell);
        free (line);
        line = longer;
      }
    add_line (&l, line);
  }
  for (size_t i = 0; i <= s.n_rows; i++)
    {
      const struct stats_region *r = stats_row (&s, i);
      char *name = region_label (r);

      add_line (&l, xasprintf ("%s %6lu %6lu %6lu %6lu %10lu %6lu %8lu",
                               name, r->people, r->keyed, r->reviewed,
                               r->by_state[0], r->by_state[1],
                               r->by_state[2], r->by_state[3]));
      free (name);
    }
  add_line (&l, xstrdup (""));
  {
    char codes[UP_NRESULTS * 5 + 1] = "";

    for (int c = 0; c < UP_NRESULTS; c++)
      snprintf (codes + strlen (codes), sizeof codes - strlen (codes),
                " %4s", upstream_result_code (c));
    add_line (&l, xasprintf ("%s%s", head, codes));
  }
  for (size_t i = 0; i <= s.n_rows; i++)
    {
      const struct stats_region *r = stats_row (&s, i);
      char *name = region_label (r), nums[UP_NRESULTS * 8 + 1] = "";

      for (int c = 0; c < UP_NRESULTS; c++)
        snprintf (nums + strlen (nums), sizeof nums - strlen (nums), " %4lu",
                  r->by_result[c]);
      add_line (&l, xasprintf ("%s%s", name, nums));
      free (name);
    }
  for (int c = 0; c < UP_NRESULTS; c++)
    add_line (&l, xasprintf ("  %s %s", upstream_result_code (c),
                             upstream_result_name (c)));
  add_line (&l, xstrdup (""));
  add_line (&l, xasprintf ("%s %s", STATS_T_REASONS, STATS_TOTAL));
  for (size_t k = 0; k < s.total.n_reasons; k++)
    add_line (&l, xasprintf ("  %-6lu %s", s.total.reasons[k].people,
                             s.total.reasons[k].reason));
  free (head);
  ui_show_lines (_("Statistics by region"), l.v, l.n, NULL);
  free_lines (&l);
  stats_release (&s);
}

void
ui_sheet_run (struct ui_session *session)
{
  struct sheet_options o;
  struct sheet *sheet = NULL;
  struct sheet_text text;
  char *village = ui_prompt (_("Village (as on the forms):"), "", 30, NULL);

  if (!village)
    return;
  memset (&o, 0, sizeof o);
  o.village = village;
  o.clerk = ui_clerk_name (session);
  o.date = idnum_today ();
  if (sheet_load (session->store, &o, &sheet) != STORE_OK)
    ui_status (store_error (session->store));
  else if (sheet->n_rows == 0)
    {
      char *message = termtext_message (_("Nobody in the database belongs "
                                          "to the village %s."), village);

      ui_status (message);
      free (message);
      wint_t ch;
      ui_read_key (&ch);
    }
  else if (sheet_text_render (sheet, SHEET_DEFAULT_LINES, &text))
    {
      ui_show_lines (_("Check sheet (核对表), as it prints"), text.lines,
                     text.n_pages * text.lines_per_page, NULL);
      sheet_text_release (&text);
    }
  sheet_free (&sheet);
  free (village);
}
