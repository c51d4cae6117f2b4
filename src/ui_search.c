/*
 * ui_search.c — finding people: by ID (or its start), by name (or its
 * start) or by village, and the list of forms waiting for review.
 *
 * A query of digits and X is an ID prefix; anything else is looked up as
 * the start of a name and of a village, through the store's indices, so a
 * search costs a few page reads however large the township.  The list is
 * capped: a clerk narrows the query rather than paging through thousands.
 */
#include "system.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "editbuf.h"
#include "formstate.h"
#include "msg.h"
#include "termtext.h"
#include "ui.h"

#define MAX_ROWS 500
#define QUERY_COLS 30
#define LIST_TOP 5

struct person_row
{
  char *id, *name, *village, *status;
};

struct person_list
{
  struct person_row *rows;
  size_t n;
  bool more;                    /* the scan stopped at MAX_ROWS */
  const char *exclude_user;     /* review: skip what this login saved */
};

static const char *
first_of (const struct record *rec, const char *a, const char *b,
          const char *c)
{
  const char *v = record_get (rec, a);

  if (!v && b)
    v = record_get (rec, b);
  if (!v && c)
    v = record_get (rec, c);
  return v ? v : "";
}

static void
list_clear (struct person_list *list)
{
  for (size_t i = 0; i < list->n; i++)
    {
      free (list->rows[i].id);
      free (list->rows[i].name);
      free (list->rows[i].village);
      free (list->rows[i].status);
    }
  free (list->rows);
  list->rows = NULL;
  list->n = 0;
  list->more = false;
}

static int
collect (const char *id, const struct record *rec, void *arg)
{
  struct person_list *list = arg;
  struct person_row *row;
  const char *by = record_get (rec, STORE_F_CHANGED_BY);

  for (size_t i = 0; i < list->n; i++)
    if (strcmp (list->rows[i].id, id) == 0)
      return STORE_OK;          /* found by name and by village */
  if (list->exclude_user && by && strcmp (by, list->exclude_user) == 0)
    return STORE_OK;
  if (list->n == MAX_ROWS)
    {
      list->more = true;
      return STORE_STOP;
    }
  if (list->n % 64 == 0)
    list->rows = xrealloc (list->rows, (list->n + 64) * sizeof *list->rows);
  row = &list->rows[list->n++];
  row->id = xstrdup (id);
  row->name = xstrdup (first_of (rec, "name", "up.gongan.name",
                                 "up.shebao.name"));
  row->village = xstrdup (first_of (rec, "village", "up.village", NULL));
  row->status = xstrdup (first_of (rec, STORE_F_STATUS, NULL, NULL));
  return STORE_OK;
}

static bool
looks_like_id (const char *q)
{
  for (; *q; q++)
    if (!(*q >= '0' && *q <= '9') && *q != 'X' && *q != 'x')
      return false;
  return true;
}

static void
run_query (struct ui_session *session, const char *query,
           struct person_list *list)
{
  list_clear (list);
  if (!*query)
    return;
  if (looks_like_id (query))
    {
      char id[64];

      snprintf (id, sizeof id, "%s", query);
      for (char *p = id; *p; p++)
        if (*p == 'x')
          *p = 'X';
      store_scan (session->store, STORE_BY_ID, id, collect, list);
      return;
    }
  if (store_scan (session->store, STORE_BY_NAME, query, collect, list)
      == STORE_STOP)
    return;
  store_scan (session->store, STORE_BY_VILLAGE, query, collect, list);
}

/* ------------------------------------------------------------ drawing */

static void
draw_rows (const struct person_list *list, size_t top, size_t selected,
           bool list_focus)
{
  int height = LINES - LIST_TOP - 3;

  ui_put_msg (LIST_TOP - 1, 2, _("ID number           Name          "
                                 "Village             Status"), COLS - 3);
  for (int y = 0; y < height && top + (size_t) y < list->n; y++)
    {
      const struct person_row *r = &list->rows[top + (size_t) y];
      int line = LIST_TOP + y;

      if (list_focus && top + (size_t) y == selected)
        mvaddch (line, 0, '>');
      ui_put_utf8 (line, 2, r->id, 18);
      ui_put_utf8 (line, 22, r->name, 12);
      ui_put_utf8 (line, 36, r->village, 18);
      ui_put_msg (line, 56, *r->status ? store_status_name (r->status) : "",
                  COLS - 57);
    }
}

static void
draw_count (const struct person_list *list)
{
  char line[128];

  if (list->more)
    snprintf (line, sizeof line, _("%zu or more found; type more of the "
                                   "query to narrow it."), list->n);
  else
    snprintf (line, sizeof line, _("%zu found."), list->n);
  ui_put_msg (LINES - 2, 0, line, COLS - 1);
}

/* ------------------------------------------------------------ the list */

static void
scroll_to (size_t selected, size_t *top)
{
  size_t height = LINES > LIST_TOP + 4 ? (size_t) (LINES - LIST_TOP - 3) : 1;

  if (selected < *top)
    *top = selected;
  else if (selected >= *top + height)
    *top = selected - height + 1;
}

/* Moves the selection for a list key; false when KEY is not one. */
static bool
move_selection (enum ui_key key, size_t n, size_t *selected)
{
  size_t page = LINES > LIST_TOP + 4 ? (size_t) (LINES - LIST_TOP - 3) : 1;

  switch (key)
    {
    case UI_KEY_DOWN: if (*selected + 1 < n) (*selected)++; return true;
    case UI_KEY_UP: if (*selected > 0) (*selected)--; return true;
    case UI_KEY_PAGE_DOWN:
      *selected = *selected + page < n ? *selected + page : n ? n - 1 : 0;
      return true;
    case UI_KEY_PAGE_UP:
      *selected = *selected > page ? *selected - page : 0;
      return true;
    default:
      return false;
    }
}

void
ui_search_run (struct ui_session *session)
{
  struct editbuf *query = editbuf_new (QUERY_COLS, 0);
  struct person_list list = { NULL, 0, false, NULL };
  char *last_query = xstrdup ("");
  size_t selected = 0, top = 0;
  bool list_focus = false;

  editbuf_set_scroll (query, true);
  curs_set (1);
  while (!session->leaving)
    {
      wint_t ch = 0;
      enum ui_key key;

      if (!ui_too_small ())
        {
          wchar_t view[2 * QUERY_COLS + 2];
          int col = 0;
          const char *prompt = _("Find (ID, name or village): ");
          int px = 1 + ui_msg_width (prompt);

          erase ();
          ui_title (_("Find and edit"));
          ui_put_msg (2, 1, prompt, COLS - 2);
          editbuf_view (query, view, ARRAY_SIZE (view), &col);
          mvaddwstr (2, px, view);
          draw_rows (&list, top, selected, list_focus);
          draw_count (&list);
          ui_status (_("Enter search / open   Up Down choose   "
                       "Esc or F10 back"));
          if (list_focus && list.n)
            move (LIST_TOP + (int) (selected - top), 0);
          else
            move (2, px + col);
          refresh ();
        }
      key = ui_read_key (&ch);
      if (key == UI_KEY_SIGNAL)
        session->leaving = true;
      else if (key == UI_KEY_INTERRUPT)
        {
          if (ui_confirm (_("Leave canbao?")))
            session->leaving = true;
        }
      else if (key == UI_KEY_ESCAPE || key == UI_KEY_QUIT)
        break;
      else if (key == UI_KEY_ENTER || key == UI_KEY_TAB)
        {
          char *q = editbuf_get_utf8 (query);

          if (list_focus && list.n && strcmp (q, last_query) == 0)
            {
              ui_open_person (session, list.rows[selected].id);
              run_query (session, q, &list);
              if (selected >= list.n)
                selected = list.n ? list.n - 1 : 0;
            }
          else
            {
              run_query (session, q, &list);
              free (last_query);
              last_query = xstrdup (q);
              selected = top = 0;
              list_focus = list.n > 0;
            }
          free (q);
        }
      else if (list.n && move_selection (key, list.n, &selected))
        list_focus = true;
      else if (key == UI_KEY_CHAR)
        {
          list_focus = false;
          if (editbuf_insert (query, (wchar_t) ch) != EDITBUF_OK)
            beep ();
        }
      else if (key == UI_KEY_BACKSPACE)
        {
          list_focus = false;
          editbuf_backspace (query);
        }
      else if (key == UI_KEY_KILL_LINE)
        editbuf_kill_line (query);
      else if (key == UI_KEY_HELP)
        ui_status (_("Type the start of an ID, a name or a village and "
                     "press Enter."));
      scroll_to (selected, &top);
    }
  curs_set (0);
  list_clear (&list);
  free (last_query);
  editbuf_free (&query);
}

void
ui_review_run (struct ui_session *session)
{
  struct person_list list = { NULL, 0, false, session->clerk.user };
  size_t selected = 0, top = 0;

  store_scan_exact (session->store, STORE_BY_STATUS, "entered", collect,
                    &list);
  while (!session->leaving)
    {
      wint_t ch = 0;
      enum ui_key key;

      if (!ui_too_small ())
        {
          erase ();
          ui_title (_("Review: forms keyed by other clerks"));
          ui_put_msg (2, 1, _("Open a form, check it against the paper, "
                              "and press F3 or Ctrl-R to sign it."),
                      COLS - 2);
          draw_rows (&list, top, selected, true);
          draw_count (&list);
          ui_status (_("Enter open   Up Down choose   Esc or F10 back"));
          refresh ();
        }
      key = ui_read_key (&ch);
      if (key == UI_KEY_SIGNAL)
        session->leaving = true;
      else if (key == UI_KEY_INTERRUPT)
        {
          if (ui_confirm (_("Leave canbao?")))
            session->leaving = true;
        }
      else if (key == UI_KEY_ESCAPE || key == UI_KEY_QUIT)
        break;
      else if (key == UI_KEY_ENTER && list.n)
        {
          ui_open_person (session, list.rows[selected].id);
          list_clear (&list);
          store_scan_exact (session->store, STORE_BY_STATUS, "entered",
                            collect, &list);
          if (selected >= list.n)
            selected = list.n ? list.n - 1 : 0;
        }
      else
        move_selection (key, list.n, &selected);
      scroll_to (selected, &top);
    }
  list_clear (&list);
}

/* The form a record is keyed on; for a person known only from upstream,
   the clerk picks one by its number. */
static const struct formdef *
form_for (struct ui_session *session, const struct record *rec)
{
  const char *id = record_get (rec, FORMSTATE_F_FORM);
  wint_t ch;

  if (id)
    return formdef_list_find (session->forms, id);
  if (session->n_forms == 1)
    return session->forms[0];
  ui_status (_("No form keyed yet. Which form? Type its number on the "
               "main screen's list (1-9), Esc to go back."));
  for (;;)
    {
      enum ui_key key = ui_read_key (&ch);

      if (key == UI_KEY_CHAR && ch >= '1'
          && (size_t) (ch - '0') <= session->n_forms)
        return session->forms[ch - '1'];
      if (key != UI_KEY_CHAR && key != UI_KEY_RESIZE)
        return NULL;
    }
}

void
ui_open_person (struct ui_session *session, const char *id)
{
  struct record *rec = NULL;
  const struct formdef *def;

  if (store_get (session->store, id, &rec) != STORE_OK)
    {
      ui_status (_("This person is no longer in the database."));
      return;
    }
  def = form_for (session, rec);
  if (def)
    ui_form_run (session, def, rec, id, UI_FORM_EDIT);
  record_free (&rec);
}
