/*
 * ui_reconcile.c — the reconciliation walk-through: the queue of people
 * upstream flagged, and one person at a time side by side (公安 | 社保 |
 * 本地登记) to a recorded decision.
 *
 * The data work is verify.c's; this file draws and reads keys.  The queue
 * comes from the store's queue index (township, then village), filtered
 * here by comparison result and by verification state.  Where a clerk
 * left off is kept per clerk in meta.db, and a person being worked on is
 * marked there too, so that a second clerk opening them is told who has
 * them; a stale revision on saving is a conflict all the same.
 *
 * Disagreeing fields are marked with '*' in the first column, which shows
 * on a monochrome terminal and costs no attribute bytes.
 */
#include "system.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <time.h>

#include "editbuf.h"
#include "formdef.h"
#include "idnum.h"
#include "msg.h"
#include "termtext.h"
#include "ui.h"
#include "upstream.h"
#include "verify.h"

#define MAX_QUEUE 50000
#define LIST_TOP 4
#define META_LAST "reconcile.last."     /* + login: the ID last opened */
#define META_OPEN "reconcile.open."     /* + ID: "login name time" */
#define OPEN_FRESH_SECONDS (30 * 60)

struct queue_row
{
  char *id, *name, *village, *results;
  enum verify_state state;
};

struct queue
{
  struct queue_row *rows;
  size_t n;
  char *place;                  /* "township" or "township\tvillage" */
  int result_filter;            /* -1 all, else an index of the codes */
  int state_filter;             /* -1 all, else enum verify_state */
  size_t done, total;           /* progress over the filtered queue */
};

/* ------------------------------------------------------------ meta */

struct meta_io
{
  const char *key;
  const char *put;              /* NULL: read into value */
  char *value;
};

static int
meta_io_work (struct store_txn *txn, void *arg)
{
  struct meta_io *m = arg;

  free (m->value);
  m->value = NULL;
  if (m->put)
    return store_txn_meta_put (txn, m->key, m->put);
  return store_txn_meta_get (txn, m->key, &m->value);
}

static char *
meta_read (struct store *store, const char *key)
{
  struct meta_io m = { key, NULL, NULL };

  if (store_run (store, 0, meta_io_work, &m) != STORE_OK)
    {
      free (m.value);
      return NULL;
    }
  return m.value;
}

static void
meta_write (struct store *store, const char *key, const char *value)
{
  struct meta_io m = { key, value, NULL };

  store_run (store, STORE_BULK, meta_io_work, &m);
  free (m.value);
}

/* ------------------------------------------------------------ the queue */

static const char *
rget (const struct record *rec, const char *name)
{
  const char *v = record_get (rec, name);

  return v ? v : "";
}

static bool
has_code (const char *results, const char *code)
{
  size_t n = strlen (code);

  for (const char *p = results; (p = strstr (p, code)); p += n)
    if ((p == results || p[-1] == ';') && (p[n] == ';' || p[n] == '\0'))
      return true;
  return false;
}

static void
queue_clear (struct queue *q)
{
  for (size_t i = 0; i < q->n; i++)
    {
      free (q->rows[i].id);
      free (q->rows[i].name);
      free (q->rows[i].village);
      free (q->rows[i].results);
    }
  free (q->rows);
  q->rows = NULL;
  q->n = q->done = q->total = 0;
}

static int
queue_collect (const char *id, const struct record *rec, void *arg)
{
  struct queue *q = arg;
  struct queue_row *r;
  const char *results = rget (rec, "up.results");
  enum verify_state state = verify_state_of (rec);

  if (q->result_filter >= 0
      && !has_code (results, upstream_result_code (q->result_filter)))
    return STORE_OK;
  q->total++;
  if (state != VERIFY_STATE_PENDING)
    q->done++;
  if (q->state_filter >= 0 && (int) state != q->state_filter)
    return STORE_OK;
  if (q->n == MAX_QUEUE)
    return STORE_OK;
  if (q->n % 256 == 0)
    q->rows = xrealloc (q->rows, (q->n + 256) * sizeof *q->rows);
  r = &q->rows[q->n++];
  r->id = xstrdup (id);
  r->name = xstrdup (*rget (rec, "up.gongan.name") ? rget (rec,
                                                           "up.gongan.name")
                     : rget (rec, "up.shebao.name"));
  r->village = xstrdup (rget (rec, "up.village"));
  r->results = xstrdup (results);
  r->state = state;
  return STORE_OK;
}

static void
queue_load (struct ui_session *s, struct queue *q)
{
  queue_clear (q);
  store_scan (s->store, STORE_BY_QUEUE, q->place, queue_collect, q);
}

/* ------------------------------------------------------------ prompts */

/* ------------------------------------------------------------ one person */

struct person_view
{
  struct ui_session *session;
  char *id;
  struct record *rec;
  struct verify_line *lines;
  size_t n_lines, selected;
  char **settled;               /* per line: the value decided, or NULL */
  const char *result;           /* VERIFY_* or NULL */
  char *note;
  char *new_id;
  char *notice;                 /* in the locale's charset */
  bool changed;
};

static void
view_free (struct person_view *v)
{
  for (size_t i = 0; i < v->n_lines && v->settled; i++)
    free (v->settled[i]);
  free (v->settled);
  verify_compare_free (&v->lines, v->n_lines);
  record_free (&v->rec);
  free (v->id);
  free (v->note);
  free (v->new_id);
  free (v->notice);
  memset (v, 0, sizeof *v);
}

static bool
view_load (struct person_view *v, struct ui_session *s, const char *id)
{
  struct record *rec = NULL;

  if (store_get (s->store, id, &rec) != STORE_OK)
    return false;
  view_free (v);
  v->session = s;
  v->id = xstrdup (id);
  v->rec = rec;
  v->n_lines = verify_compare (rec, &v->lines);
  v->settled = xcalloc (v->n_lines, sizeof *v->settled);
  for (size_t i = 0; i < v->n_lines; i++)
    if (v->lines[i].settled)
      v->settled[i] = xstrdup (v->lines[i].settled);
  v->note = xstrdup (rget (rec, VERIFY_F_NOTE));
  switch (verify_state_of (rec))
    {
    case VERIFY_STATE_CONFIRMED: v->result = VERIFY_CONFIRMED; break;
    case VERIFY_STATE_CORRECTED: v->result = VERIFY_CORRECTED; break;
    case VERIFY_STATE_UNVERIFIABLE: v->result = VERIFY_UNVERIFIABLE; break;
    case VERIFY_STATE_PENDING: v->result = NULL; break;
    }
  /* Start on the first field that disagrees. */
  for (size_t i = 0; i < v->n_lines; i++)
    if (v->lines[i].differs)
      {
        v->selected = i;
        break;
      }
  return true;
}

static void
set_view_notice (struct person_view *v, char *text)
{
  free (v->notice);
  v->notice = text;
}

static void
draw_cell (int y, int x, const char *utf8, int cols)
{
  ui_put_utf8 (y, x, utf8, cols);
}

static void
draw_results_line (const struct person_view *v, int y)
{
  const char *results = rget (v->rec, "up.results");
  char line[512] = "";

  for (int i = 0; i < UP_NRESULTS; i++)
    if (has_code (results, upstream_result_code (i)))
      {
        size_t n = strlen (line);

        snprintf (line + n, sizeof line - n, "%s%s %s", n ? "  " : "",
                  upstream_result_code (i), upstream_result_name (i));
      }
  draw_cell (y, 1, line, COLS - 2);
}

static void
draw_person (struct person_view *v)
{
  int label_w = 12, col_w = (COLS - 3 - label_w - 2) / 3;
  int x0 = 2 + label_w, y = 4, x;

  if (ui_too_small ())
    return;
  erase ();
  attron (A_REVERSE);
  mvhline (0, 0, ' ', COLS);
  ui_put_msg (0, 1, _("Verify"), 10);
  draw_cell (0, 12, v->id, 20);
  draw_cell (0, 32, v->lines[0].gongan[0] ? v->lines[0].gongan
             : v->lines[0].shebao, 20);
  attroff (A_REVERSE);
  draw_results_line (v, 1);
  if (*rget (v->rec, VERIFY_F_ORIGINAL_ID))
    {
      char *line = termtext_message (_("Upstream sent the ID %s."),
                                     rget (v->rec, VERIFY_F_ORIGINAL_ID));
      ui_put_msg (2, 1, line, COLS - 2);
      free (line);
    }
  ui_put_msg (3, x0, _("Public security (公安)"), col_w - 1);
  ui_put_msg (3, x0 + col_w, _("Insurance (社保)"), col_w - 1);
  ui_put_msg (3, x0 + 2 * col_w, _("Local form (本地登记)"), col_w - 1);
  for (size_t i = 0; i < v->n_lines && y < LINES - 5; i++, y++)
    {
      const struct verify_line *l = &v->lines[i];
      char *local = v->settled[i] ? xasprintf ("=%s", v->settled[i])
                    : xstrdup (l->local);

      if (i == v->selected)
        mvaddch (y, 0, '>');
      if (l->differs)
        mvaddch (y, 1, '*');
      draw_cell (y, 2, l->column, label_w);
      draw_cell (y, x0, l->gongan, col_w - 1);
      draw_cell (y, x0 + col_w, l->shebao, col_w - 1);
      draw_cell (y, x0 + 2 * col_w, local, col_w - 1);
      free (local);
    }
  /* Labels are messages in the locale's charset, values UTF-8 data:
     each is drawn its own way. */
  x = 1;
  ui_put_msg (LINES - 4, x, _("Result:"), 14);
  x += ui_msg_width (_("Result:")) + 1;
  draw_cell (LINES - 4, x, v->result ? v->result : VERIFY_PENDING, 12);
  x += 14;
  ui_put_msg (LINES - 4, x, _("Note:"), 14);
  x += ui_msg_width (_("Note:")) + 1;
  draw_cell (LINES - 4, x, v->note, COLS - 1 - x);
  if (v->new_id)
    {
      char *line = termtext_message (_("Will move to the ID %s."), v->new_id);
      ui_put_msg (LINES - 3, 1, line, COLS - 2);
      free (line);
    }
  ui_put_msg (LINES - 2, 0, _("g 公安  s 社保  l local  e type  1 无误 "
                              "2 更正 3 无法核实  i ID  F2 save  n/p next"),
              COLS - 1);
  ui_status (v->notice ? v->notice : _("F1 help  o full form  F10 back to "
                                       "the queue"));
  move (4 + (int) v->selected, 0);
  refresh ();
}

static void
settle (struct person_view *v, const char *value)
{
  free (v->settled[v->selected]);
  v->settled[v->selected] = xstrdup (value);
  v->changed = true;
}

/* 核实说明: the form's 未参保原因 reasons by number, or free text. */
static void
ask_note (struct person_view *v)
{
  const struct formdef *reg = formdef_list_find (v->session->forms,
                                                 "registration");
  const struct formdef_field *reasons = reg
    ? formdef_find_field (reg, "reason_uninsured") : NULL;
  char **lines = NULL;
  size_t n = reasons ? reasons->n_options : 0;
  char *answer;

  if (n)
    {
      lines = xcalloc (n, sizeof *lines);
      for (size_t k = 0; k < n; k++)
        lines[k] = xasprintf ("%3s  %s", reasons->options[k].number,
                              reasons->options[k].text);
      /* Shown above the prompt so the numbers are in sight. */
      erase ();
      ui_put_msg (0, 1, _("Reasons (type a number, or your own words):"),
                  COLS - 2);
      for (size_t k = 0; k < n && (int) k + 2 < LINES - 2; k++)
        ui_put_utf8 ((int) k + 2, 2, lines[k], COLS - 4);
    }
  answer = ui_prompt (_("Note:"), v->note, 60, NULL);
  if (answer)
    {
      const struct formdef_option *o = reasons
        ? formdef_option_by_number (reasons, answer) : NULL;

      free (v->note);
      v->note = xstrdup (o ? o->text : answer);
      v->changed = true;
      free (answer);
    }
  for (size_t k = 0; k < n; k++)
    free (lines[k]);
  free (lines);
}

static void
ask_new_id (struct person_view *v)
{
  char *answer = ui_prompt (_("The right ID number:"),
                              v->new_id ? v->new_id : "", 18,
                              editbuf_filter_id);
  char id[64];

  if (!answer)
    return;
  if (idnum_normalise (answer, id, sizeof id) >= sizeof id
      || idnum_validate (id, idnum_today (), NULL) != IDNUM_VALID)
    set_view_notice (v, xstrdup (_("That is not a valid ID number.")));
  else
    {
      free (v->new_id);
      v->new_id = xstrdup (id);
      v->result = VERIFY_CORRECTED;
      v->changed = true;
    }
  free (answer);
}

/* Records the decision; true when saved. */
static bool
save_decision (struct person_view *v)
{
  const char **fields = xcalloc (v->n_lines, sizeof *fields);
  const char **values = xcalloc (v->n_lines, sizeof *values);
  struct verify_decision d;
  size_t n = 0;
  int status;

  if (!v->result)
    {
      set_view_notice (v, xstrdup (_("Choose the result first: 1, 2 or 3.")));
      free (fields);
      free (values);
      return false;
    }
  for (size_t i = 0; i < v->n_lines; i++)
    if (v->settled[i])
      {
        fields[n] = v->lines[i].field;
        values[n++] = v->settled[i];
      }
  d.result = v->result;
  d.note = v->note;
  d.new_id = v->new_id;
  d.n_settled = n;
  d.fields = fields;
  d.values = values;
  status = verify_decide (v->session->store, v->id,
                          store_record_rev (v->rec), &d);
  free (fields);
  free (values);
  if (status == STORE_OK)
    {
      char *id = xstrdup (v->new_id ? v->new_id : v->id);

      view_load (v, v->session, id);
      set_view_notice (v, termtext_message (_("Recorded for %s."), id));
      free (id);
      return true;
    }
  set_view_notice (v, xstrdup (status == STORE_CONFLICT
                               ? _("Not recorded: someone changed this "
                                   "person meanwhile; it is shown again.")
                               : status == STORE_EXISTS
                               ? _("Not recorded: that ID is another "
                                   "person's.")
                               : _("Not recorded: the database refused.")));
  if (status == STORE_CONFLICT)
    {
      char *id = xstrdup (v->id);

      view_load (v, v->session, id);
      free (id);
    }
  return false;
}

/* Tells the clerk when another clerk has this person open, and marks it
   as this clerk's. */
static bool
claim_person (struct ui_session *s, const char *id)
{
  char key[RECORD_NAME_MAX + 64], mark[512];
  char *held;
  bool go_on = true;

  snprintf (key, sizeof key, "%s%s", META_OPEN, id);
  held = meta_read (s->store, key);
  if (held)
    {
      char login[64] = "", name[256] = "";
      long when = 0;

      if (sscanf (held, "%63s %ld %255[^\n]", login, &when, name) >= 2
          && strcmp (login, s->clerk.user) != 0
          && time (NULL) - when < OPEN_FRESH_SECONDS)
        {
          char *q = termtext_message (_("%s has this person open. Open it "
                                        "too?"), *name ? name : login);

          go_on = ui_confirm (q);
          free (q);
        }
      free (held);
    }
  if (go_on)
    {
      snprintf (mark, sizeof mark, "%s %ld %s", s->clerk.user,
                (long) time (NULL), ui_clerk_name (s));
      meta_write (s->store, key, mark);
    }
  return go_on;
}

static void
release_person (struct ui_session *s, const char *id)
{
  char key[RECORD_NAME_MAX + 64];

  snprintf (key, sizeof key, "%s%s", META_OPEN, id);
  /* An empty mark is no mark: meta has no delete, and one put is cheap. */
  meta_write (s->store, key, "- 0");
}

static void
remember_place (struct ui_session *s, const char *id)
{
  char key[RECORD_NAME_MAX + 64];

  snprintf (key, sizeof key, "%s%s", META_LAST, s->clerk.user);
  meta_write (s->store, key, id);
}

/* The next (STEP +1) or previous (-1) unresolved person after I. */
static bool
next_unresolved (const struct queue *q, size_t *i, int step)
{
  for (size_t k = *i; step > 0 ? k + 1 < q->n : k > 0;)
    {
      k = step > 0 ? k + 1 : k - 1;
      if (q->rows[k].state == VERIFY_STATE_PENDING)
        {
          *i = k;
          return true;
        }
    }
  return false;
}

static void
show_person_help (void)
{
  static const char *const keys[] = {
    N_("Up, Down                choose a field ('*' marks disagreement)"),
    N_("g / s / l               take the 公安, 社保 or local value"),
    N_("e                       type the value found at the door"),
    N_("1  2  3                 result: 已核实无误, 已更正, 无法核实"),
    N_("r                       核实说明 (reasons offered by number)"),
    N_("i                       give the right ID (code 20)"),
    N_("F2 or Ctrl-S            record the decision"),
    N_("n / p                   next / previous unresolved person"),
    N_("o                       the person's full form, and back"),
    N_("F10, Ctrl-X or Esc      back to the queue")
  };
  char *lines[ARRAY_SIZE (keys)];

  for (size_t i = 0; i < ARRAY_SIZE (keys); i++)
    {
      lines[i] = termtext_locale_to_utf8 (_(keys[i]));
      if (!lines[i])
        lines[i] = xstrdup (keys[i]);
    }
  ui_show_lines (_("Keys of the verification screen"), lines,
                 ARRAY_SIZE (keys), NULL);
  for (size_t i = 0; i < ARRAY_SIZE (keys); i++)
    free (lines[i]);
}

/* Works through the queue from row *I; returns when the clerk goes back
   to the queue, with *I where they were. */
static void
person_screen (struct ui_session *s, struct queue *q, size_t *i)
{
  struct person_view v;

  memset (&v, 0, sizeof v);
  if (!claim_person (s, q->rows[*i].id) || !view_load (&v, s, q->rows[*i].id))
    return;
  remember_place (s, q->rows[*i].id);
  while (!s->leaving)
    {
      wint_t ch = 0;
      enum ui_key key;
      size_t to = *i;

      draw_person (&v);
      key = ui_read_key (&ch);
      set_view_notice (&v, NULL);
      if (key == UI_KEY_SIGNAL)
        s->leaving = true;
      else if (key == UI_KEY_INTERRUPT)
        {
          if (ui_confirm (_("Leave canbao?")))
            s->leaving = true;
        }
      else if (key == UI_KEY_ESCAPE || key == UI_KEY_QUIT)
        {
          if (!v.changed || ui_confirm (_("Drop this undecided work?")))
            break;
        }
      else if (key == UI_KEY_HELP)
        show_person_help ();
      else if (key == UI_KEY_UP && v.selected > 0)
        v.selected--;
      else if (key == UI_KEY_DOWN && v.selected + 1 < v.n_lines)
        v.selected++;
      else if (key == UI_KEY_SAVE)
        {
          if (save_decision (&v))
            {
              q->rows[*i].state = verify_state_of (v.rec);
              v.changed = false;
            }
        }
      else if (key == UI_KEY_CHAR && (ch == 'n' || ch == 'p'))
        {
          if (v.changed && !ui_confirm (_("Drop this undecided work?")))
            continue;
          if (!next_unresolved (q, &to, ch == 'n' ? +1 : -1))
            {
              set_view_notice (&v, xstrdup (_("No more unresolved people "
                                              "that way.")));
              continue;
            }
          release_person (s, v.id);
          *i = to;
          if (!claim_person (s, q->rows[*i].id)
              || !view_load (&v, s, q->rows[*i].id))
            break;
          remember_place (s, q->rows[*i].id);
        }
      else if (key == UI_KEY_CHAR)
        switch (ch)
          {
          case 'g': settle (&v, v.lines[v.selected].gongan); break;
          case 's': settle (&v, v.lines[v.selected].shebao); break;
          case 'l': settle (&v, v.lines[v.selected].local); break;
          case 'e':
            {
              char *typed = ui_prompt (_("Value found:"),
                                         v.settled[v.selected]
                                         ? v.settled[v.selected] : "",
                                         40, NULL);
              if (typed)
                settle (&v, typed);
              free (typed);
            }
            break;
          case '1': v.result = VERIFY_CONFIRMED; v.changed = true; break;
          case '2': v.result = VERIFY_CORRECTED; v.changed = true; break;
          case '3':
            v.result = VERIFY_UNVERIFIABLE;
            v.changed = true;
            ask_note (&v);
            break;
          case 'r': ask_note (&v); break;
          case 'i': ask_new_id (&v); break;
          case 'o':
            ui_open_person (s, v.id);
            {
              char *id = xstrdup (v.id);

              view_load (&v, s, id);
              free (id);
            }
            break;
          default: beep (); break;
          }
    }
  if (v.id)
    release_person (s, v.id);
  view_free (&v);
}

/* ------------------------------------------------------------ queue screen */

static void
draw_queue (const struct queue *q, size_t selected, size_t top)
{
  int height = LINES - LIST_TOP - 2;
  char line[256];
  char *where;

  if (ui_too_small ())
    return;
  erase ();
  ui_title (_("Reconciliation queue"));
  snprintf (line, sizeof line, _("%zu / %zu done"), q->done, q->total);
  ui_put_msg (0, COLS - 1 - ui_msg_width (line), line, ui_msg_width (line));
  where = xasprintf ("%s", *q->place ? q->place : "*");
  for (char *p = where; *p; p++)
    if (*p == '\t')
      *p = '/';
  ui_put_msg (1, 1, _("Place:"), 10);
  ui_put_utf8 (1, 12, where, 30);
  free (where);
  ui_put_msg (1, 44, _("Result:"), 10);
  if (q->result_filter >= 0)
    {
      char *r = xasprintf ("%s %s", upstream_result_code (q->result_filter),
                           upstream_result_name (q->result_filter));
      ui_put_utf8 (1, 54, r, COLS - 55);
      free (r);
    }
  else
    ui_put_msg (1, 54, _("all"), 10);
  ui_put_msg (2, 44, _("State:"), 10);
  if (q->state_filter >= 0)
    ui_put_utf8 (2, 54, verify_state_text (q->state_filter), COLS - 55);
  else
    ui_put_msg (2, 54, _("all"), 10);
  for (int y = 0; y < height && top + (size_t) y < q->n; y++)
    {
      const struct queue_row *r = &q->rows[top + (size_t) y];
      int line_y = LIST_TOP + y;

      if (top + (size_t) y == selected)
        mvaddch (line_y, 0, '>');
      ui_put_utf8 (line_y, 2, r->id, 18);
      ui_put_utf8 (line_y, 22, r->name, 12);
      ui_put_utf8 (line_y, 36, r->village, 14);
      ui_put_utf8 (line_y, 52, r->results, 12);
      ui_put_utf8 (line_y, 66, verify_state_text (r->state), COLS - 67);
    }
  ui_put_msg (LINES - 2, 0, _("Enter open  n next unresolved  t place  "
                              "c result  f state  F10 back"), COLS - 1);
  ui_status ("");
  if (q->n)
    move (LIST_TOP + (int) (selected - top), 0);
  refresh ();
}

void
ui_reconcile_run (struct ui_session *s)
{
  struct queue q;
  size_t selected = 0, top = 0;
  char key[RECORD_NAME_MAX + 64], *last;

  memset (&q, 0, sizeof q);
  q.place = xstrdup ("");
  q.result_filter = q.state_filter = -1;
  queue_load (s, &q);
  /* Resume where this clerk left off. */
  snprintf (key, sizeof key, "%s%s", META_LAST, s->clerk.user);
  last = meta_read (s->store, key);
  for (size_t i = 0; last && i < q.n; i++)
    if (strcmp (q.rows[i].id, last) == 0)
      selected = i;
  free (last);
  while (!s->leaving)
    {
      wint_t ch = 0;
      enum ui_key k;
      int height = LINES - LIST_TOP - 2 > 1 ? LINES - LIST_TOP - 2 : 1;

      if (selected < top)
        top = selected;
      else if (selected >= top + (size_t) height)
        top = selected - (size_t) height + 1;
      draw_queue (&q, selected, top);
      k = ui_read_key (&ch);
      if (k == UI_KEY_SIGNAL)
        s->leaving = true;
      else if (k == UI_KEY_INTERRUPT)
        {
          if (ui_confirm (_("Leave canbao?")))
            s->leaving = true;
        }
      else if (k == UI_KEY_ESCAPE || k == UI_KEY_QUIT)
        break;
      else if (k == UI_KEY_DOWN && selected + 1 < q.n)
        selected++;
      else if (k == UI_KEY_UP && selected > 0)
        selected--;
      else if (k == UI_KEY_PAGE_DOWN)
        selected = selected + (size_t) height < q.n
                   ? selected + (size_t) height : q.n ? q.n - 1 : 0;
      else if (k == UI_KEY_PAGE_UP)
        selected = selected > (size_t) height ? selected - (size_t) height
                   : 0;
      else if (k == UI_KEY_ENTER && q.n)
        {
          char *at;

          person_screen (s, &q, &selected);
          /* Decisions change the counts (and a corrected ID the row's
             key): reload and keep the place by ID. */
          at = xstrdup (q.n ? q.rows[selected].id : "");
          queue_load (s, &q);
          for (size_t i = 0; i < q.n; i++)
            if (strcmp (q.rows[i].id, at) == 0)
              selected = i;
          if (selected >= q.n)
            selected = q.n ? q.n - 1 : 0;
          free (at);
        }
      else if (k == UI_KEY_CHAR && ch == 'n' && q.n)
        next_unresolved (&q, &selected, +1);
      else if (k == UI_KEY_CHAR && ch == 'c')
        {
          q.result_filter = q.result_filter + 1 < UP_NRESULTS
                            ? q.result_filter + 1 : -1;
          queue_load (s, &q);
          selected = top = 0;
        }
      else if (k == UI_KEY_CHAR && ch == 'f')
        {
          q.state_filter = q.state_filter + 1 < VERIFY_NSTATES
                           ? q.state_filter + 1 : -1;
          queue_load (s, &q);
          selected = top = 0;
        }
      else if (k == UI_KEY_CHAR && ch == 't')
        {
          char *place = ui_prompt (_("Township, or township/village "
                                       "(empty: all):"), "", 40, NULL);

          if (place)
            {
              char *slash = strchr (place, '/');

              if (slash)
                *slash = '\t';
              free (q.place);
              q.place = place;
              queue_load (s, &q);
              selected = top = 0;
            }
        }
    }
  queue_clear (&q);
  free (q.place);
}
