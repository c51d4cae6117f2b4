/*
 * ui_form.c — the form screen: a paper form keyed with the keyboard alone.
 *
 * The screen draws a window of the form's long page (formlayout) and feeds
 * keys to formstate, which decides what they do.  What it adds is the
 * terminal and the store: saving in one transaction, the second save of
 * a person never overwriting the first silently, review by a second
 * clerk, and the clerk's draft, written whenever a changed field is left
 * and when the session ends (SIGHUP, SIGTERM, Ctrl-C), so that a dropped
 * SSH link loses nothing.
 *
 * Every key redraws the whole window into curses' buffer; curses sends
 * only what changed, so a typed character costs a few bytes on the wire.
 * Blanks are '_' and boxes [ ]/[X], never attributes or ambiguous-width
 * characters.
 */
#include "system.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>

#include "formlayout.h"
#include "formstate.h"
#include "idnum.h"
#include "msg.h"
#include "termtext.h"
#include "ui.h"

/* Draft fields that say where the draft came from. */
#define DRAFT_OPEN_ID "_draft_open_id"
#define DRAFT_BASE_REV "_draft_base_rev"
#define DRAFT_FIELD "_draft_field"

struct form_screen
{
  struct ui_session *session;
  const struct formdef *def;
  enum ui_form_mode mode;
  struct formstate *fs;
  struct formlayout *layout;
  int layout_cols;
  wchar_t **shown;              /* per layout item: its text as drawn */
  int top;                      /* the page line at the window's top */
  char *open_id;                /* the ID the record is stored under, or "" */
  unsigned long base_rev;       /* its revision when opened, 0 for new */
  char *checked_id;             /* the last ID looked up in the store */
  unsigned long edits, edits_in_draft;
  bool owns_draft;              /* the clerk's draft is this form's */
  char *notice;                 /* the screen's own message (locale) */
  bool done;
};

/* ------------------------------------------------------------ helpers */

static void
set_notice (struct form_screen *sc, char *text)
{
  free (sc->notice);
  sc->notice = text;
}

static void
set_notice_copy (struct form_screen *sc, const char *text)
{
  set_notice (sc, xstrdup (text));
}

static const char *
field_value (struct form_screen *sc, size_t i)
{
  return formstate_value (sc->fs, i);
}

static void
sign_fields (struct form_screen *sc, enum formdef_signed_by who,
             const char *name)
{
  for (size_t i = 0; i < sc->def->n_fields; i++)
    if (sc->def->fields[i].signed_by == who)
      formstate_set_value (sc->fs, i, name);
}

static const char *
base_status (const struct form_screen *sc)
{
  const char *status = record_get (formstate_base (sc->fs), STORE_F_STATUS);

  return status ? status : "";
}

/* ------------------------------------------------------------ drawing */

/* Wide characters from editbuf_view that curses cannot draw (no width in
   this locale, or a control character from stored data) become '?'s of
   the columns editbuf counted for them. */
static void
draw_edit_view (int y, int x, wchar_t *view)
{
  wchar_t shown[2 * FORMDEF_MAX_WIDTH + 8];
  size_t n = 0;

  for (size_t i = 0; view[i] && n + 2 < ARRAY_SIZE (shown); i++)
    {
      if (wcwidth (view[i]) < 0)
        for (int c = editbuf_wcwidth (view[i]); c > 0; c--)
          shown[n++] = L'?';
      else
        shown[n++] = view[i];
    }
  shown[n] = L'\0';
  mvaddwstr (y, x, shown);
}

/* A stored text value in a blank of WIDTH columns. */
static void
draw_text_value (int y, int x, int width, const char *value)
{
  wchar_t *shown = termtext_from_utf8 (value);
  wchar_t *fitted = termtext_fit_mark (shown, width, L">");
  int used = termtext_width (fitted);

  mvaddwstr (y, x, fitted);
  if (width > used)
    mvhline (y, x + used, '_', width - used);
  free (fitted);
  free (shown);
}

/* A long choice's blank: [NN]text, or the digits typed so far. */
static void
draw_code_blank (struct form_screen *sc, const struct formlayout_item *it,
                 int y, bool current, int *cursor_x)
{
  const struct formdef_field *f = &sc->def->fields[it->field];
  const char *value = field_value (sc, it->field);
  const struct formdef_option *o = formdef_find_option (f, value);
  const char *pending = current ? formstate_pending (sc->fs) : "";
  char code[16];

  if (*pending)
    snprintf (code, sizeof code, "[%-2s]", pending);
  else if (o)
    snprintf (code, sizeof code, "[%2s]", o->number);
  else
    snprintf (code, sizeof code, "[__]");
  mvaddstr (y, it->col, code);
  draw_text_value (y, it->col + FORMLAYOUT_CODE_WIDTH + 1,
                   FORMLAYOUT_CODE_TEXT, o ? o->text : value);
  if (current)
    *cursor_x = it->col + 1 + (int) strlen (pending);
}

/* What drawing needs of the field whose items are being drawn, worked
   out once per field and screen rather than once per box: a field's items
   come one after another in the layout. */
struct field_look
{
  size_t field;
  bool applies;
  bool ticked[FORMDEF_MAX_OPTIONS];
};

static void
look_at_field (struct form_screen *sc, size_t i, struct field_look *look)
{
  const struct formdef_field *f = &sc->def->fields[i];

  look->field = i;
  look->applies = formstate_applies (sc->fs, i);
  memset (look->ticked, 0, sizeof look->ticked);
  if (f->type == FORMDEF_CHOICE
      && formdef_choice_split (f, field_value (sc, i), look->ticked, NULL) < 0)
    memset (look->ticked, 0, sizeof look->ticked);
}

static void
draw_blank (struct form_screen *sc, const struct formlayout_item *it, int y,
            const struct field_look *look, int *cursor_x)
{
  const struct formdef_field *f = &sc->def->fields[it->field];
  bool current = it->field == formstate_field (sc->fs);

  if (!look->applies)
    return;                     /* not to be filled: no blank */
  if (f->type == FORMDEF_CHOICE)
    {
      draw_code_blank (sc, it, y, current, cursor_x);
      return;
    }
  if (current && formstate_editbuf (sc->fs))
    {
      struct editbuf *eb = formstate_editbuf (sc->fs);
      struct editbuf *view_eb = eb;
      wchar_t view[2 * FORMDEF_MAX_WIDTH + 8];
      int col = 0;

      /* The blank may be narrower than the field's width: view a copy
         of the editor sized to the blank. */
      if (it->width != f->width)
        {
          char *text = editbuf_get_utf8 (eb);
          size_t cursor = editbuf_cursor (eb);

          view_eb = editbuf_new (it->width, 0);
          editbuf_set_scroll (view_eb, true);
          editbuf_set_utf8 (view_eb, text);
          editbuf_home (view_eb);
          for (size_t k = 0; k < cursor; k++)
            editbuf_right (view_eb);
          free (text);
        }
      editbuf_view (view_eb, view, ARRAY_SIZE (view), &col);
      draw_edit_view (y, it->col, view);
      *cursor_x = it->col + col;
      if (view_eb != eb)
        editbuf_free (&view_eb);
      return;
    }
  draw_text_value (y, it->col, it->width, field_value (sc, it->field));
}

static void
draw_option (struct form_screen *sc, size_t k, int y,
             const struct field_look *look, int *cursor_x)
{
  const struct formlayout_item *it = &sc->layout->items[k];
  const struct formdef_field *f = &sc->def->fields[it->field];
  int mark = formlayout_option_mark (&f->options[it->option]);

  mvaddwstr (y, it->col, sc->shown[k]);
  if (!look->applies)
    {
      mvaddch (y, it->col + mark, '-');     /* not to be ticked */
      return;
    }
  if (look->ticked[it->option])
    mvaddch (y, it->col + mark, 'X');
  if (it->field == formstate_field (sc->fs)
      && it->option == formstate_choice_cursor (sc->fs))
    *cursor_x = it->col + mark;
}

static void
free_layout (struct form_screen *sc)
{
  if (sc->layout)
    for (size_t k = 0; k < sc->layout->n_items; k++)
      free (sc->shown[k]);
  free (sc->shown);
  sc->shown = NULL;
  formlayout_free (&sc->layout);
}

/* The layout for this width, with the display form of every fixed text
   (headings, notes, labels, options) made once: every key redraws the
   window, and converting the same labels again each time was most of
   what a keystroke cost. */
static void
ensure_layout (struct form_screen *sc)
{
  if (sc->layout && sc->layout_cols == COLS)
    return;
  free_layout (sc);
  sc->layout = formlayout_build (sc->def, COLS);
  sc->layout_cols = COLS;
  sc->shown = xcalloc (sc->layout->n_items, sizeof *sc->shown);
  for (size_t k = 0; k < sc->layout->n_items; k++)
    {
      const struct formlayout_item *it = &sc->layout->items[k];

      if (it->kind != FORMLAYOUT_BLANK)
        {
          wchar_t *whole = termtext_from_utf8 (it->text);

          sc->shown[k] = termtext_fit (whole, it->width);
          free (whole);
        }
    }
}

/* Scrolls so that the current field shows whole, by section where the
   section fits in the window. */
static void
scroll_to_field (struct form_screen *sc, int height)
{
  size_t i = formstate_field (sc->fs);
  int first = sc->layout->field_first[i], last = sc->layout->field_last[i];
  int section_top = sc->layout->section_first[sc->def->fields[i].section];

  if (first >= sc->top && last < sc->top + height)
    return;
  if (last - section_top < height)
    sc->top = section_top;
  else if (first < sc->top)
    sc->top = first;
  else
    sc->top = last - height + 1;
  if (sc->top < 0)
    sc->top = 0;
}

static void
draw_title (struct form_screen *sc)
{
  const char *id = field_value (sc, formstate_index (sc->fs, "id"));
  /* The status is a translated message, in the locale's charset. */
  const char *status = *base_status (sc) ? store_status_name (base_status (sc))
                       : _("new");
  int x = COLS / 2;

  attron (A_REVERSE);
  mvhline (0, 0, ' ', COLS);
  ui_put_utf8 (0, 1, sc->def->title, x - 2);
  ui_put_utf8 (0, x, *sc->open_id ? sc->open_id : id ? id : "", 18);
  ui_put_msg (0, x + 20, status, COLS - x - 21);
  attroff (A_REVERSE);
}

static void
draw_hint (struct form_screen *sc)
{
  const struct formdef_field *f = &sc->def->fields[formstate_field (sc->fs)];

  move (LINES - 2, 0);
  clrtoeol ();
  if (f->n_notes)
    ui_put_utf8 (LINES - 2, 0, f->notes[0], COLS - 1);
  else if (f->type == FORMDEF_CHOICE && !formlayout_inline_choice (f))
    ui_put_msg (LINES - 2, 0, _("Type the option's number; F4 or Ctrl-O "
                                "lists the options."), COLS - 1);
  else
    ui_put_msg (LINES - 2, 0, _("F1 help  F2 save  F3 review  Esc cancel  "
                                "F10 main screen"), COLS - 1);
}

static void
draw_form (struct form_screen *sc)
{
  int height = LINES - 3, cursor_x = -1, cursor_y = -1;
  const char *message;
  struct field_look look;

  if (ui_too_small ())
    return;
  ensure_layout (sc);
  scroll_to_field (sc, height);
  erase ();
  draw_title (sc);
  look.field = (size_t) -1;
  for (size_t k = 0; k < sc->layout->n_items; k++)
    {
      const struct formlayout_item *it = &sc->layout->items[k];
      int y = it->line - sc->top + 1;
      int x = -1;

      if (it->line < sc->top || it->line >= sc->top + height)
        continue;
      switch (it->kind)
        {
        case FORMLAYOUT_HEADING:
        case FORMLAYOUT_NOTE:
        case FORMLAYOUT_LABEL:
          mvaddwstr (y, it->col, sc->shown[k]);
          break;
        case FORMLAYOUT_BLANK:
        case FORMLAYOUT_OPTION:
          if (look.field != it->field)
            look_at_field (sc, it->field, &look);
          if (it->kind == FORMLAYOUT_BLANK)
            draw_blank (sc, it, y, &look, &x);
          else
            draw_option (sc, k, y, &look, &x);
          break;
        }
      if (x >= 0)
        cursor_x = x, cursor_y = y;
    }
  draw_hint (sc);
  message = formstate_message (sc->fs);
  ui_status (sc->notice ? sc->notice : message ? message : "");
  if (cursor_y >= 0)
    move (cursor_y, cursor_x);
  refresh ();
}

/* ------------------------------------------------------------ drafts */

static void
put_draft (struct form_screen *sc)
{
  struct record *rec = formstate_record (sc->fs);
  char rev[32];

  snprintf (rev, sizeof rev, "%lu", sc->base_rev);
  record_set (rec, DRAFT_OPEN_ID, sc->open_id);
  record_set (rec, DRAFT_BASE_REV, rev);
  record_set (rec, DRAFT_FIELD,
              sc->def->fields[formstate_field (sc->fs)].id);
  if (store_draft_put (sc->session->store, sc->session->clerk.user, rec)
      != STORE_OK)
    set_notice (sc, termtext_message (_("The draft could not be kept: %s"),
                                      store_error (sc->session->store)));
  else
    {
      sc->edits_in_draft = sc->edits;
      sc->owns_draft = true;
    }
  record_free (&rec);
}

static void
keep_draft_if_changed (struct form_screen *sc)
{
  if (sc->edits != sc->edits_in_draft && formstate_changed (sc->fs))
    put_draft (sc);
}

/* Only the draft this form wrote (or was opened from) is dropped: an
   older one the clerk has not taken up again stays. */
static void
drop_draft (struct form_screen *sc)
{
  if (sc->owns_draft)
    store_draft_delete (sc->session->store, sc->session->clerk.user);
  sc->owns_draft = false;
  sc->edits_in_draft = sc->edits = 0;
}

/* ------------------------------------------------------------ the record */

static void
start_form (struct form_screen *sc, const struct record *rec,
            const char *open_id)
{
  /* OPEN_ID may be sc->open_id itself: copy before freeing. */
  char *id = xstrdup (open_id ? open_id : "");

  formstate_free (&sc->fs);
  sc->fs = formstate_new (sc->def, rec);
  free (sc->open_id);
  sc->open_id = id;
  sc->base_rev = rec ? store_record_rev (rec) : 0;
  free (sc->checked_id);
  sc->checked_id = xstrdup (field_value (sc, formstate_index (sc->fs, "id")));
  sc->top = 0;
  sc->edits = sc->edits_in_draft = 0;
}

/* A new form whose ID is already stored takes that person's record as its
   base: their upstream rows and any earlier form stay, and the save
   becomes an edit of it. */
static void
check_new_id (struct form_screen *sc)
{
  size_t id_field = formstate_index (sc->fs, "id");
  const char *id;
  struct record *stored = NULL;

  if (id_field == (size_t) -1 || formstate_field (sc->fs) == id_field
      || *sc->open_id)
    return;
  id = field_value (sc, id_field);
  if (strcmp (id, sc->checked_id) == 0)
    return;
  free (sc->checked_id);
  sc->checked_id = xstrdup (id);
  if (idnum_validate (id, idnum_today (), NULL) != IDNUM_VALID
      || store_get (sc->session->store, id, &stored) != STORE_OK)
    return;
  formstate_rebase (sc->fs, stored);
  free (sc->open_id);
  sc->open_id = xstrdup (id);
  sc->base_rev = store_record_rev (stored);
  if (record_get (stored, FORMSTATE_F_FORM))
    set_notice (sc, termtext_message (_("This person is already registered "
                                        "(%s): the stored form is open."),
                                      store_status_name
                                      (record_get (stored, STORE_F_STATUS)
                                       ? record_get (stored, STORE_F_STATUS)
                                       : "")));
  else
    set_notice_copy (sc, _("This person is on the upstream list: the form "
                           "is added to their record."));
  record_free (&stored);
}

/* ------------------------------------------------------------ saving */

struct save_work
{
  const char *old_id, *new_id;
  const struct record *rec;
  unsigned long expected_rev;
  const char *action;
  struct record *current;       /* on conflict */
};

/* Moves the record to a corrected ID and saves it, in one transaction. */
static int
save_renamed (struct store_txn *txn, void *arg)
{
  struct save_work *w = arg;
  struct record *stored = NULL;
  int status;

  record_free (&w->current);
  status = store_txn_get (txn, w->old_id, &stored);
  if (status != STORE_OK)
    return status;
  if (store_record_rev (stored) != w->expected_rev)
    {
      w->current = stored;
      return STORE_CONFLICT;
    }
  record_free (&stored);
  status = store_txn_rename (txn, w->old_id, w->new_id, w->action);
  if (status == STORE_OK)
    status = store_txn_put (txn, w->new_id, w->rec, w->action);
  return status;
}

static int
store_record (struct form_screen *sc, const struct record *rec,
              const char *action, unsigned long expected_rev,
              struct record **current)
{
  const char *id = record_get (rec, "id");

  if (*sc->open_id && strcmp (sc->open_id, id) != 0)
    {
      struct save_work w = { sc->open_id, id, rec, expected_rev, action,
                             NULL };
      int status = store_run (sc->session->store, 0, save_renamed, &w);

      *current = w.current;
      return status;
    }
  return store_save (sc->session->store, id, rec, expected_rev, action,
                     current, NULL);
}

/* The lines that tell the clerk what someone else changed. */
static char **
conflict_lines (struct form_screen *sc, const struct record *current,
                size_t *n)
{
  const struct record *base = formstate_base (sc->fs);
  char **lines = xcalloc (sc->def->n_fields + 2, sizeof *lines);
  const char *by = record_get (current, STORE_F_CHANGED_BY);
  const char *at = record_get (current, STORE_F_CHANGED_AT);

  *n = 0;
  lines[(*n)++] = xasprintf ("%s  %s", by ? by : "?", at ? at : "?");
  for (size_t i = 0; i < sc->def->n_fields; i++)
    {
      const char *id = sc->def->fields[i].id;
      const char *was = record_get (base, id), *now = record_get (current, id);
      const char *mine = field_value (sc, i);

      if (strcmp (was ? was : "", now ? now : "") == 0)
        continue;
      lines[(*n)++] = xasprintf ("%s: %s -> %s  (%s)", sc->def->fields[i].name,
                                 was ? was : "", now ? now : "", mine);
    }
  return lines;
}

static void
free_lines (char **lines, size_t n)
{
  for (size_t i = 0; i < n; i++)
    free (lines[i]);
  free (lines);
}

/* Someone saved the person since this form was opened.  Shows what they
   changed and lets the clerk choose: m puts this clerk's changes on top
   of theirs, t takes theirs and drops this clerk's, anything else goes
   back to the form.  Returns true when the form should be saved again
   (its base is then the current record). */
static bool
resolve_conflict (struct form_screen *sc, const struct record *current)
{
  size_t n, nf = sc->def->n_fields;
  char **lines = conflict_lines (sc, current, &n);
  wint_t ch = 0;
  enum ui_key key = ui_show_lines (_("Someone else saved this person "
                                     "meanwhile (field: before -> theirs "
                                     "(yours)).  m: your changes on theirs   "
                                     "t: take theirs   other keys: back"),
                                   lines, n, &ch);

  free_lines (lines, n);
  if (key == UI_KEY_SIGNAL)
    return false;
  if (key == UI_KEY_CHAR && (ch == 'm' || ch == 'M'))
    {
      const struct record *base = formstate_base (sc->fs);
      char **mine = xcalloc (nf, sizeof *mine);

      /* Only the fields this clerk changed go over theirs. */
      for (size_t i = 0; i < nf; i++)
        {
          const char *was = record_get (base, sc->def->fields[i].id);
          const char *now = field_value (sc, i);

          if (strcmp (was ? was : "", now) != 0)
            mine[i] = xstrdup (now);
        }
      start_form (sc, current, sc->open_id);
      for (size_t i = 0; i < nf; i++)
        if (mine[i])
          {
            formstate_set_value (sc->fs, i, mine[i]);
            free (mine[i]);
          }
      free (mine);
      sc->edits++;
      return true;
    }
  if (key == UI_KEY_CHAR && (ch == 't' || ch == 'T'))
    {
      start_form (sc, current, sc->open_id);
      set_notice_copy (sc, _("Their version is open; your changes were "
                             "dropped."));
    }
  return false;
}

static void
show_problems (struct form_screen *sc, struct validate_problem *problems,
               size_t n)
{
  char **lines = xcalloc (n + 1, sizeof *lines);

  for (size_t i = 0; i < n; i++)
    {
      lines[i] = termtext_locale_to_utf8 (problems[i].message);
      if (!lines[i])
        lines[i] = xstrdup ("?");
    }
  ui_show_lines (_("The form cannot be saved yet:"), lines, n, NULL);
  free_lines (lines, n);
  for (size_t i = 0; i < n; i++)
    if (formstate_goto (sc->fs, formstate_index (sc->fs,
                                                 problems[i].field_id)))
      break;
}

/* Saves the form: validation, signatures, status, one transaction.
   Returns true when it was saved. */
static bool
save_form (struct form_screen *sc)
{
  struct validate_problem *problems = NULL;
  struct record *rec, *current = NULL;
  size_t n;
  int status;

  formstate_commit (sc->fs);
  if (!formstate_changed (sc->fs) && *sc->open_id
      && (strcmp (base_status (sc), "entered") == 0
          || strcmp (base_status (sc), "reviewed") == 0))
    {
      set_notice_copy (sc, _("Nothing has changed; nothing to save."));
      return false;
    }
  sign_fields (sc, FORMDEF_SIGNED_SAVER, ui_clerk_name (sc->session));
  /* What was reviewed has changed: the review no longer holds. */
  sign_fields (sc, FORMDEF_SIGNED_REVIEWER, "");
  n = formstate_validate (sc->fs, &problems);
  if (n > 0)
    {
      show_problems (sc, problems, n);
      set_notice (sc, xasprintf (_("%zu problems; the form was not saved."),
                                 n));
      validate_problems_free (&problems, n);
      return false;
    }
  rec = formstate_record (sc->fs);
  record_set (rec, STORE_F_STATUS, "entered");
  status = store_record (sc, rec, "save", sc->base_rev, &current);
  record_free (&rec);
  if (status == STORE_CONFLICT)
    {
      bool again = current && resolve_conflict (sc, current);

      record_free (&current);
      if (again)
        return save_form (sc);
      if (!sc->notice)
        set_notice_copy (sc, _("Not saved: someone else saved this person."));
      return false;
    }
  record_free (&current);
  if (status == STORE_EXISTS)
    {
      set_notice_copy (sc, _("Not saved: another person has this ID."));
      return false;
    }
  if (status != STORE_OK)
    {
      set_notice (sc, termtext_message (_("Not saved: %s"),
                                        store_error (sc->session->store)));
      return false;
    }
  drop_draft (sc);
  return true;
}

/* ------------------------------------------------------------ review */

/* Whether the saved record was keyed by this clerk: its last saver, or
   the name its saver signature carries. */
static bool
own_entry (struct form_screen *sc)
{
  const struct record *base = formstate_base (sc->fs);
  const char *saver = record_get (base, STORE_F_CHANGED_BY);

  if (saver && strcmp (saver, sc->session->clerk.user) == 0)
    return true;
  for (size_t i = 0; i < sc->def->n_fields; i++)
    if (sc->def->fields[i].signed_by == FORMDEF_SIGNED_SAVER)
      {
        const char *signer = record_get (base, sc->def->fields[i].id);

        if (signer && strcmp (signer, ui_clerk_name (sc->session)) == 0)
          return true;
      }
  return false;
}

/* 复核: a second clerk signs a saved record.  Returns true when done. */
static bool
review_form (struct form_screen *sc)
{
  struct record *rec, *current = NULL;
  int status;

  formstate_commit (sc->fs);
  if (!*sc->open_id || !*base_status (sc))
    set_notice_copy (sc, _("Save the form before it is reviewed."));
  else if (formstate_changed (sc->fs))
    set_notice_copy (sc, _("Save your changes first; a review signs the "
                           "saved form."));
  else if (strcmp (base_status (sc), "reviewed") == 0)
    set_notice_copy (sc, _("This form is already reviewed."));
  else if (own_entry (sc))
    set_notice_copy (sc, _("You keyed this form: another clerk must review "
                           "it."));
  else
    {
      if (!ui_confirm (_("Sign this form as its reviewer?")))
        return false;
      sign_fields (sc, FORMDEF_SIGNED_REVIEWER, ui_clerk_name (sc->session));
      rec = formstate_record (sc->fs);
      record_set (rec, STORE_F_STATUS, "reviewed");
      status = store_record (sc, rec, "review", sc->base_rev, &current);
      record_free (&rec);
      record_free (&current);
      if (status == STORE_OK)
        return true;
      sign_fields (sc, FORMDEF_SIGNED_REVIEWER, "");
      set_notice_copy (sc, status == STORE_CONFLICT
                       ? _("Not reviewed: someone saved this person "
                           "meanwhile; open it again.")
                       : _("Not reviewed: the database refused."));
    }
  return false;
}

/* ------------------------------------------------------------ help */

static void
show_form_help (void)
{
  static const char *const keys[] = {
    N_("Typing fills the field; the ID and the mobile move on when full."),
    N_("Enter, Tab, Down        next field"),
    N_("Shift-Tab, Up           previous field"),
    N_("PgDn, PgUp              next or previous section"),
    N_("Left, Right, Home, End  move in the field (Ctrl-A, Ctrl-E)"),
    N_("Backspace, Delete       erase; Ctrl-K to the end, Ctrl-U all"),
    N_("Option number           picks it (01 汉族); in a multiple choice it "
       "ticks or unticks"),
    N_("Space                   ticks or unticks the option at the cursor"),
    N_("F4  or Ctrl-O           list a long choice's options"),
    N_("F2  or Ctrl-S           save (problems are listed, nothing is lost)"),
    N_("F3  or Ctrl-R           review: sign a form another clerk saved"),
    N_("Esc                     cancel, after asking if something changed"),
    N_("F10 or Ctrl-X           back to the main screen"),
    N_("Ctrl-L                  redraw the screen"),
    N_("Ctrl-C                  leave canbao; the form is kept as a draft"),
    N_("F1  or Ctrl-G           this help")
  };
  char *lines[ARRAY_SIZE (keys)];

  for (size_t i = 0; i < ARRAY_SIZE (keys); i++)
    {
      lines[i] = termtext_locale_to_utf8 (_(keys[i]));
      if (!lines[i])
        lines[i] = xstrdup (keys[i]);
    }
  ui_show_lines (_("Keys on the form screen"), lines, ARRAY_SIZE (keys),
                 NULL);
  for (size_t i = 0; i < ARRAY_SIZE (keys); i++)
    free (lines[i]);
}

/* F4: a long choice's options, number and text, one per line. */
static void
show_options (struct form_screen *sc)
{
  const struct formdef_field *f = &sc->def->fields[formstate_field (sc->fs)];
  char **lines;
  char *title;

  if (f->type != FORMDEF_CHOICE)
    return;
  lines = xcalloc (f->n_options + 1, sizeof *lines);
  for (size_t k = 0; k < f->n_options; k++)
    lines[k] = xasprintf ("%4s  %s", f->options[k].number,
                          f->options[k].text);
  title = termtext_message (_("Options of %s"), f->name);
  ui_show_lines (title, lines, f->n_options, NULL);
  free (title);
  free_lines (lines, f->n_options);
}

/* ------------------------------------------------------------ keys */

static void
goto_section (struct form_screen *sc, int step)
{
  size_t s = sc->def->fields[formstate_field (sc->fs)].section;

  while (step > 0 ? s + 1 < sc->def->n_sections : s > 0)
    {
      const struct formdef_section *sec;

      s = step > 0 ? s + 1 : s - 1;
      sec = &sc->def->sections[s];
      for (size_t i = sec->first_field; i < sec->first_field + sec->n_fields;
           i++)
        if (formstate_goto (sc->fs, i))
          return;
    }
}

static bool
ask_cancel (struct form_screen *sc)
{
  return !formstate_changed (sc->fs)
         || ui_confirm (_("Drop the changes to this form?"));
}

/* After a save or a review: in entry mode the next blank form; when
   editing, the saved record again (its new revision), so the clerk sees
   what was stored and goes back with F10. */
static void
after_save (struct form_screen *sc, bool reviewed)
{
  char *id = xstrdup (field_value (sc, formstate_index (sc->fs, "id")));
  char *saved = termtext_message (reviewed ? _("Reviewed %s.")
                                  : _("Saved %s."), id);
  struct record *stored = NULL;

  if (sc->mode == UI_FORM_ENTRY && !reviewed)
    {
      char *next = xasprintf ("%s %s", saved, _("Next form."));

      start_form (sc, NULL, NULL);
      set_notice (sc, next);
      free (saved);
    }
  else
    {
      if (store_get (sc->session->store, id, &stored) == STORE_OK)
        start_form (sc, stored, id);
      else
        sc->done = true;
      record_free (&stored);
      set_notice (sc, saved);
    }
  free (id);
}

static enum formstate_key
form_key (enum ui_key key)
{
  switch (key)
    {
    case UI_KEY_ENTER: case UI_KEY_TAB: case UI_KEY_DOWN:
      return FORMSTATE_NEXT;
    case UI_KEY_BACKTAB: case UI_KEY_UP: return FORMSTATE_PREV;
    case UI_KEY_LEFT: return FORMSTATE_LEFT;
    case UI_KEY_RIGHT: return FORMSTATE_RIGHT;
    case UI_KEY_HOME: return FORMSTATE_HOME;
    case UI_KEY_END: return FORMSTATE_END;
    case UI_KEY_BACKSPACE: return FORMSTATE_BACKSPACE;
    case UI_KEY_DELETE: return FORMSTATE_DELETE;
    case UI_KEY_KILL_EOL: return FORMSTATE_KILL_EOL;
    case UI_KEY_KILL_LINE: return FORMSTATE_KILL_LINE;
    default: return FORMSTATE_CHAR;
    }
}

static void
handle_key (struct form_screen *sc, enum ui_key key, wint_t ch)
{
  enum formstate_key fk;
  size_t before = formstate_field (sc->fs);

  switch (key)
    {
    case UI_KEY_SIGNAL:
      /* The session is ending (SIGHUP, SIGTERM): keep what was typed. */
      if (formstate_changed (sc->fs))
        put_draft (sc);
      sc->session->leaving = sc->done = true;
      return;
    case UI_KEY_INTERRUPT:
      if (ui_confirm (_("Leave canbao? This form is kept as your draft.")))
        {
          if (formstate_changed (sc->fs))
            put_draft (sc);
          sc->session->leaving = sc->done = true;
        }
      return;
    case UI_KEY_ESCAPE:
    case UI_KEY_QUIT:
      if (ask_cancel (sc))
        {
          drop_draft (sc);
          sc->done = true;
        }
      return;
    case UI_KEY_HELP: show_form_help (); return;
    case UI_KEY_LIST: show_options (sc); return;
    case UI_KEY_REDRAW: clearok (curscr, TRUE); return;
    case UI_KEY_RESIZE: return;
    case UI_KEY_SAVE:
      if (save_form (sc))
        after_save (sc, false);
      return;
    case UI_KEY_REVIEW:
      if (review_form (sc))
        after_save (sc, true);
      return;
    case UI_KEY_PAGE_DOWN: goto_section (sc, +1); break;
    case UI_KEY_PAGE_UP: goto_section (sc, -1); break;
    case UI_KEY_OTHER: beep (); return;
    case UI_KEY_CHAR:
    default:
      fk = form_key (key);
      if (!formstate_key (sc->fs, fk, (wchar_t) ch))
        {
          if (!formstate_message (sc->fs))
            beep ();
        }
      else if (fk != FORMSTATE_NEXT && fk != FORMSTATE_PREV
               && fk != FORMSTATE_LEFT && fk != FORMSTATE_RIGHT
               && fk != FORMSTATE_HOME && fk != FORMSTATE_END)
        sc->edits++;
      break;
    }
  if (formstate_field (sc->fs) != before)
    {
      check_new_id (sc);
      keep_draft_if_changed (sc);
    }
}

static void
run_screen (struct form_screen *sc)
{
  curs_set (1);
  while (!sc->done)
    {
      wint_t ch = 0;
      enum ui_key key;

      draw_form (sc);
      key = ui_read_key (&ch);
      /* A message lasts until the next key. */
      set_notice (sc, NULL);
      handle_key (sc, key, ch);
    }
  curs_set (0);
}

static void
free_screen (struct form_screen *sc)
{
  formstate_free (&sc->fs);
  free_layout (sc);
  free (sc->open_id);
  free (sc->checked_id);
  free (sc->notice);
}

void
ui_form_run (struct ui_session *session, const struct formdef *def,
             const struct record *rec, const char *open_id,
             enum ui_form_mode mode)
{
  struct form_screen sc;
  struct record *draft = NULL;

  /* One draft per clerk: say so before this form's replaces it. */
  if (store_draft_get (session->store, session->clerk.user, &draft)
      == STORE_OK)
    {
      record_free (&draft);
      if (!ui_confirm (_("You have an unsaved form (d on the main screen); "
                         "this one will replace it as your draft. Go on?")))
        return;
    }
  memset (&sc, 0, sizeof sc);
  sc.session = session;
  sc.def = def;
  sc.mode = mode;
  start_form (&sc, rec, open_id);
  run_screen (&sc);
  free_screen (&sc);
}

/* ------------------------------------------------------------ drafts */

void
ui_form_resume_draft (struct ui_session *session, bool ask)
{
  struct record *draft = NULL, *stored = NULL;
  const struct formdef *def;
  struct form_screen sc;
  const char *open_id, *field;

  if (store_draft_get (session->store, session->clerk.user, &draft)
      != STORE_OK)
    return;
  def = formdef_list_find (session->forms,
                           record_get (draft, FORMSTATE_F_FORM)
                           ? record_get (draft, FORMSTATE_F_FORM) : "");
  if (!def)
    {
      record_free (&draft);
      return;
    }
  if (ask)
    {
      char *question = termtext_message (_("You have an unsaved %s. "
                                           "Continue it?"), def->title);
      bool yes = ui_confirm (question);

      free (question);
      if (!yes)
        {
          record_free (&draft);
          return;
        }
    }
  open_id = record_get (draft, DRAFT_OPEN_ID);
  open_id = open_id ? open_id : "";
  if (*open_id)
    store_get (session->store, open_id, &stored);
  memset (&sc, 0, sizeof sc);
  sc.session = session;
  sc.def = def;
  sc.mode = *open_id ? UI_FORM_EDIT : UI_FORM_ENTRY;
  start_form (&sc, stored, stored ? open_id : "");
  /* The revision the clerk started from, so that a save made by someone
     else since then is still a conflict. */
  if (stored && record_get (draft, DRAFT_BASE_REV))
    sc.base_rev = strtoul (record_get (draft, DRAFT_BASE_REV), NULL, 10);
  for (size_t i = 0; i < def->n_fields; i++)
    {
      const char *value = record_get (draft, def->fields[i].id);

      formstate_set_value (sc.fs, i, value ? value : "");
    }
  field = record_get (draft, DRAFT_FIELD);
  if (field)
    formstate_goto (sc.fs, formstate_index (sc.fs, field));
  sc.edits = 1;
  sc.edits_in_draft = 1;
  sc.owns_draft = true;
  set_notice_copy (&sc, _("Your draft is open again."));
  record_free (&draft);
  record_free (&stored);
  run_screen (&sc);
  free_screen (&sc);
}
