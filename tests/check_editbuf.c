/*
 * check_editbuf.c — the field editor, key by key: columns not bytes,
 * double-width characters whole, fixed fields that fill and scrolling
 * ones that keep the cursor in sight, filters, and text that comes back
 * byte for byte whatever the locale.  Every test that changes the locale
 * gets C.UTF-8 back in the teardown.
 */
#include "system.h"

#include <check.h>
#include <locale.h>
#include <wchar.h>

#include "charset.h"
#include "editbuf.h"
#include "suites.h"

#define ZHANG 0x5f20            /* 张 */
#define SAN 0x4e09              /* 三 */
#define FENG 0x4e30             /* 丰 */
#define ZHONG 0x4e2d            /* 中 */
#define MIDDLE_DOT 0x00b7       /* ·, ambiguous width */
#define YAN 0x4dae              /* 䶮, not in GBK */
#define COMBINING_DIAERESIS 0x0308

static void
use_locale (const char *name)
{
  ck_assert_msg (setlocale (LC_ALL, name) != NULL, "no locale %s", name);
}

static void
restore_locale (void)
{
  setlocale (LC_ALL, "C.UTF-8");
}

/* Types KEYS; each must be taken. */
static void
type (struct editbuf *eb, const wchar_t *keys)
{
  for (; *keys; keys++)
    ck_assert_msg (editbuf_insert (eb, *keys) == EDITBUF_OK,
                   "U+%04lX refused", (unsigned long) *keys);
}

static void
expect_text (const struct editbuf *eb, const char *want)
{
  char *got = editbuf_get_utf8 (eb);

  ck_assert_str_eq (got, want);
  free (got);
}

/* Columns of a view by the editor's own rule (what the screen draws). */
static int
view_cols (const wchar_t *v)
{
  int cols = 0;

  for (; *v; v++)
    cols += editbuf_wcwidth (*v);
  return cols;
}

/* The view must be WANT with the cursor at column WANT_CURSOR, and
   exactly as wide as the field. */
static void
expect_view (struct editbuf *eb, int width, const wchar_t *want,
             int want_cursor)
{
  wchar_t v[64];
  int cc = -1;
  size_t n = editbuf_view (eb, v, ARRAY_SIZE (v), &cc);

  ck_assert_msg (wcscmp (v, want) == 0, "view \"%ls\", not \"%ls\"", v,
                 want);
  ck_assert_uint_eq (n, wcslen (want));
  ck_assert_int_eq (view_cols (v), width);
  ck_assert_int_eq (cc, want_cursor);
}

START_TEST (test_type_ascii)
{
  struct editbuf *eb = editbuf_new (10, 0);

  ck_assert (!editbuf_changed (eb));
  expect_view (eb, 10, L"__________", 0);
  type (eb, L"Li Lei");
  expect_text (eb, "Li Lei");
  ck_assert_uint_eq (editbuf_length (eb), 6);
  ck_assert_uint_eq (editbuf_cursor (eb), 6);
  ck_assert_int_eq (editbuf_width (eb), 6);
  ck_assert (editbuf_changed (eb));
  ck_assert (!editbuf_full (eb));
  expect_view (eb, 10, L"Li Lei____", 6);
  editbuf_free (&eb);
  ck_assert_ptr_null (eb);
  editbuf_free (&eb);           /* NULL is fine */
}
END_TEST

START_TEST (test_cjk_in_odd_width_field)
{
  struct editbuf *eb = editbuf_new (5, 0);

  ck_assert_int_eq (editbuf_insert (eb, ZHANG), EDITBUF_OK);
  ck_assert_int_eq (editbuf_insert (eb, SAN), EDITBUF_OK);
  /* A third would take columns 5 and 6 of a 5-column blank. */
  ck_assert_int_eq (editbuf_insert (eb, FENG), EDITBUF_FULL);
  expect_text (eb, u8"\u5f20\u4e09");
  ck_assert_int_eq (editbuf_width (eb), 4);
  expect_view (eb, 5, L"\u5f20\u4e09_", 4);
  /* One column is still free, so the field is not full... */
  ck_assert (!editbuf_full (eb));
  ck_assert_int_eq (editbuf_insert (eb, L'a'), EDITBUF_OK);
  /* ...until it is; the whole text stays in view, the cursor on its last
     character. */
  ck_assert (editbuf_full (eb));
  ck_assert_int_eq (editbuf_insert (eb, L'b'), EDITBUF_FULL);
  expect_view (eb, 5, L"\u5f20\u4e09a", 4);
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_backspace_removes_wide_char_whole)
{
  struct editbuf *eb = editbuf_new (10, 0);

  type (eb, L"a\u5f20b");
  ck_assert (editbuf_left (eb));
  expect_view (eb, 10, L"a\u5f20b______", 3);
  ck_assert (editbuf_backspace (eb));
  expect_text (eb, "ab");
  ck_assert_uint_eq (editbuf_cursor (eb), 1);
  expect_view (eb, 10, L"ab________", 1);
  ck_assert (editbuf_backspace (eb));
  ck_assert (!editbuf_backspace (eb));
  expect_text (eb, "b");
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_cursor_steps_over_wide_chars)
{
  struct editbuf *eb = editbuf_new (8, 0);

  type (eb, L"\u5f20\u4e09x");
  ck_assert (editbuf_home (eb));
  expect_view (eb, 8, L"\u5f20\u4e09x___", 0);
  ck_assert (editbuf_right (eb));
  ck_assert_uint_eq (editbuf_cursor (eb), 1);
  expect_view (eb, 8, L"\u5f20\u4e09x___", 2);
  ck_assert (editbuf_right (eb));
  expect_view (eb, 8, L"\u5f20\u4e09x___", 4);
  ck_assert (editbuf_right (eb));
  expect_view (eb, 8, L"\u5f20\u4e09x___", 5);
  ck_assert (!editbuf_right (eb));
  ck_assert (editbuf_left (eb));
  ck_assert (editbuf_left (eb));
  ck_assert_uint_eq (editbuf_cursor (eb), 1);
  expect_view (eb, 8, L"\u5f20\u4e09x___", 2);
  ck_assert (editbuf_left (eb));
  ck_assert (!editbuf_left (eb));
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_home_end)
{
  struct editbuf *eb = editbuf_new (6, 0);

  type (eb, L"abc");
  ck_assert (!editbuf_end (eb));
  ck_assert (editbuf_home (eb));
  ck_assert (!editbuf_home (eb));
  ck_assert_uint_eq (editbuf_cursor (eb), 0);
  type (eb, L"Z");
  expect_text (eb, "Zabc");
  ck_assert (editbuf_end (eb));
  ck_assert_uint_eq (editbuf_cursor (eb), 4);
  expect_view (eb, 6, L"Zabc__", 4);
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_delete_in_middle)
{
  struct editbuf *eb = editbuf_new (10, 0);

  type (eb, L"ab\u5f20cd");
  editbuf_home (eb);
  editbuf_right (eb);
  editbuf_right (eb);
  ck_assert (editbuf_delete (eb));
  expect_text (eb, "abcd");
  ck_assert_uint_eq (editbuf_cursor (eb), 2);
  ck_assert (editbuf_delete (eb));
  expect_text (eb, "abd");
  expect_view (eb, 10, L"abd_______", 2);
  editbuf_end (eb);
  ck_assert (!editbuf_delete (eb));
  expect_text (eb, "abd");
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_kill_eol_and_line)
{
  struct editbuf *eb = editbuf_new (10, 0);

  type (eb, L"abc\u5f20ef");
  editbuf_home (eb);
  editbuf_right (eb);
  editbuf_right (eb);
  editbuf_right (eb);
  ck_assert (editbuf_kill_eol (eb));
  expect_text (eb, "abc");
  ck_assert_uint_eq (editbuf_cursor (eb), 3);
  ck_assert (!editbuf_kill_eol (eb));
  editbuf_left (eb);
  ck_assert (editbuf_kill_line (eb));
  expect_text (eb, "");
  ck_assert_uint_eq (editbuf_cursor (eb), 0);
  ck_assert_uint_eq (editbuf_length (eb), 0);
  ck_assert (!editbuf_kill_line (eb));
  expect_view (eb, 10, L"__________", 0);
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_id_filter)
{
  struct editbuf *eb = editbuf_new (18, 18);
  /* 11010519491231002 in full-width digits, then a full-width x. */
  const wchar_t *keys = L"\uff11\uff11\uff10\uff11\uff10\uff15\uff11\uff19"
    L"\uff14\uff19\uff11\uff12\uff13\uff11\uff10\uff10\uff12";
  size_t i;

  editbuf_set_filter (eb, editbuf_filter_id);
  for (i = 0; keys[i]; i++)
    {
      ck_assert (!editbuf_full (eb));
      ck_assert_int_eq (editbuf_insert (eb, keys[i]), EDITBUF_OK);
    }
  ck_assert_int_eq (editbuf_insert (eb, L'a'), EDITBUF_REFUSED);
  ck_assert_int_eq (editbuf_insert (eb, 0xff21), EDITBUF_REFUSED); /* Ａ */
  ck_assert_int_eq (editbuf_insert (eb, L'-'), EDITBUF_REFUSED);
  ck_assert_int_eq (editbuf_insert (eb, ZHANG), EDITBUF_REFUSED);
  ck_assert (!editbuf_full (eb));
  ck_assert_int_eq (editbuf_insert (eb, 0xff58), EDITBUF_OK);    /* ｘ */
  expect_text (eb, "11010519491231002X");
  ck_assert (editbuf_full (eb));
  ck_assert_int_eq (editbuf_insert (eb, L'1'), EDITBUF_FULL);
  /* A complete ID is shown whole. */
  expect_view (eb, 18, L"11010519491231002X", 17);

  /* Ｘ and x become X too. */
  editbuf_backspace (eb);
  ck_assert_int_eq (editbuf_insert (eb, 0xff38), EDITBUF_OK);
  expect_text (eb, "11010519491231002X");
  editbuf_backspace (eb);
  ck_assert_int_eq (editbuf_insert (eb, L'x'), EDITBUF_OK);
  expect_text (eb, "11010519491231002X");
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_full_by_max_chars)
{
  /* The ID's blank has room to spare; 18 characters still fill it. */
  struct editbuf *eb = editbuf_new (20, 18);
  int i;

  editbuf_set_filter (eb, editbuf_filter_id);
  for (i = 0; i < 17; i++)
    ck_assert_int_eq (editbuf_insert (eb, L'0' + i % 10), EDITBUF_OK);
  ck_assert (!editbuf_full (eb));
  ck_assert_int_eq (editbuf_insert (eb, L'X'), EDITBUF_OK);
  ck_assert (editbuf_full (eb));
  ck_assert_int_eq (editbuf_insert (eb, L'1'), EDITBUF_FULL);
  ck_assert_uint_eq (editbuf_length (eb), 18);
  expect_view (eb, 20, L"01234567890123456X__", 18);
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_mobile_full_after_11_digits)
{
  struct editbuf *eb = editbuf_new (11, 11);

  editbuf_set_filter (eb, editbuf_filter_digits);
  type (eb, L"1380013800");
  ck_assert (!editbuf_full (eb));
  ck_assert_int_eq (editbuf_insert (eb, L'X'), EDITBUF_REFUSED);
  ck_assert_int_eq (editbuf_insert (eb, L' '), EDITBUF_REFUSED);
  ck_assert_int_eq (editbuf_insert (eb, 0xff10), EDITBUF_OK);   /* ０ */
  ck_assert (editbuf_full (eb));
  ck_assert_int_eq (editbuf_insert (eb, L'1'), EDITBUF_FULL);
  expect_text (eb, "13800138000");
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_filters_directly)
{
  wchar_t wc;

  wc = 0xff19;
  ck_assert (editbuf_filter_digits (&wc));
  ck_assert_int_eq (wc, L'9');
  wc = L'x';
  ck_assert (!editbuf_filter_digits (&wc));
  ck_assert (editbuf_filter_id (&wc));
  ck_assert_int_eq (wc, L'X');
  wc = 0xff1a;                  /* ： just past ９ */
  ck_assert (!editbuf_filter_id (&wc));
  wc = L'/';                    /* just before 0 */
  ck_assert (!editbuf_filter_digits (&wc));
}
END_TEST

/* Walks the cursor over a long text in a narrow scrolling field; at every
   position the view is exactly WIDTH columns (by the editor's rule and by
   wcwidth) and shows the character under the cursor whole, at the
   reported column.  *LT and *GT count the views with a '<' or a '>'. */
static void
check_view_at_cursor (struct editbuf *eb, int width, const wchar_t *text,
                      int *lt, int *gt)
{
  wchar_t v[64];
  int cc = -1, col = 0;
  size_t n = editbuf_view (eb, v, ARRAY_SIZE (v), &cc), i, cur;

  ck_assert_int_eq (view_cols (v), width);
  ck_assert_int_eq (wcswidth (v, n), width);
  ck_assert_int_ge (cc, 0);
  ck_assert_int_lt (cc, width);
  for (i = 0; i < n && col < cc; i++)
    col += wcwidth (v[i]);
  ck_assert_msg (col == cc, "cursor column %d inside a character of \"%ls\"",
                 cc, v);
  cur = editbuf_cursor (eb);
  ck_assert_msg (v[i] == (text[cur] ? text[cur] : L'_'),
                 "at %zu the cursor is on '%lc' in \"%ls\"", cur, (wint_t) v[i], v);
  /* The character under the cursor is wholly in the blank. */
  ck_assert_int_le (cc + wcwidth (v[i]), width);
  for (i = 0; i < n; i++)
    {
      if (v[i] == L'<')
        {
          ck_assert_uint_eq (i, 0);
          ++*lt;
        }
      if (v[i] == L'>')
        {
          ck_assert_uint_eq (i, n - 1);
          ++*gt;
        }
    }
}

START_TEST (test_scrolling_name_keeps_cursor_in_view)
{
  /* 30 characters, 42 columns, wide ones at odd and even columns. */
  const wchar_t *name = L"Abc\u4e2d\u5f20de\u4e09f\u4e30gh\u4e2di"
    L"\u5f20\u4e09jk\u4e30lm\u4e2d\u5f20no\u4e09pq\u4e30r";
  struct editbuf *eb = editbuf_new (10, 0);
  int lt = 0, gt = 0, i;

  ck_assert_uint_eq (wcslen (name), 30);
  editbuf_set_scroll (eb, true);
  type (eb, name);
  ck_assert_int_eq (editbuf_width (eb), 42);
  ck_assert (!editbuf_full (eb));
  check_view_at_cursor (eb, 10, name, &lt, &gt);
  for (i = 0; i < 30; i++)
    {
      ck_assert (editbuf_left (eb));
      check_view_at_cursor (eb, 10, name, &lt, &gt);
    }
  ck_assert_uint_eq (editbuf_cursor (eb), 0);
  for (i = 0; i < 30; i++)
    {
      ck_assert (editbuf_right (eb));
      check_view_at_cursor (eb, 10, name, &lt, &gt);
    }
  editbuf_home (eb);
  check_view_at_cursor (eb, 10, name, &lt, &gt);
  editbuf_end (eb);
  check_view_at_cursor (eb, 10, name, &lt, &gt);
  /* Cut wide characters were met at both edges. */
  ck_assert_int_gt (lt, 0);
  ck_assert_int_gt (gt, 0);

  /* The same name in a fixed field stops at the blank's width. */
  editbuf_set_scroll (eb, false);
  editbuf_kill_line (eb);
  for (i = 0; editbuf_insert (eb, name[i]) == EDITBUF_OK; i++)
    continue;
  /* "Abc中张de" is 9 columns; 三 would make 11. */
  ck_assert_int_eq (i, 7);
  ck_assert_int_eq (editbuf_width (eb), 9);
  ck_assert (!editbuf_full (eb));
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_scroll_does_not_jump)
{
  struct editbuf *eb = editbuf_new (5, 0);

  editbuf_set_scroll (eb, true);
  type (eb, L"abcdefgh");
  expect_view (eb, 5, L"efgh_", 4);
  /* Moving left inside the view moves the cursor, not the text. */
  editbuf_left (eb);
  expect_view (eb, 5, L"efgh_", 3);
  editbuf_left (eb);
  editbuf_left (eb);
  editbuf_left (eb);
  expect_view (eb, 5, L"efgh_", 0);
  editbuf_left (eb);
  expect_view (eb, 5, L"defgh", 0);
  /* Deleting leaves no blank on the right while text hides on the left. */
  editbuf_end (eb);
  expect_view (eb, 5, L"efgh_", 4);
  editbuf_backspace (eb);
  editbuf_backspace (eb);
  expect_view (eb, 5, L"cdef_", 4);
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_one_column_field)
{
  struct editbuf *eb = editbuf_new (1, 0);

  editbuf_set_scroll (eb, true);
  type (eb, L"\u5f20");
  expect_view (eb, 1, L"_", 0);
  editbuf_home (eb);
  /* Half of it is all there is room for. */
  expect_view (eb, 1, L">", 0);
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_set_text_wider_than_fixed_field)
{
  struct editbuf *eb = editbuf_new (5, 0);

  editbuf_set_utf8 (eb, u8"ab\u5f20\u4e09cd");
  /* Stored data is taken whole and shown around the cursor. */
  expect_text (eb, u8"ab\u5f20\u4e09cd");
  ck_assert (!editbuf_changed (eb));
  ck_assert (editbuf_full (eb));
  ck_assert_int_eq (editbuf_insert (eb, L'e'), EDITBUF_FULL);
  expect_view (eb, 5, L"\u4e09cd_", 4);
  editbuf_home (eb);
  expect_view (eb, 5, L"ab\u5f20>", 0);
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_middle_dot_gb18030)
{
  struct editbuf *eb = editbuf_new (2, 0);
  wchar_t v[8];

  use_locale ("zh_CN.GB18030");
  ck_assert_int_eq (editbuf_wcwidth (MIDDLE_DOT), 2);
  ck_assert_int_eq (editbuf_insert (eb, MIDDLE_DOT), EDITBUF_OK);
  ck_assert (editbuf_full (eb));
  ck_assert_int_eq (editbuf_insert (eb, L'a'), EDITBUF_FULL);
  editbuf_view (eb, v, ARRAY_SIZE (v), NULL);
  ck_assert_int_eq (wcswidth (v, wcslen (v)), 2);
  editbuf_set_utf8 (eb, u8"a\u00b7b");
  ck_assert_int_eq (editbuf_width (eb), 4);
  expect_text (eb, u8"a\u00b7b");
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_middle_dot_utf8)
{
  struct editbuf *eb = editbuf_new (2, 0);
  wchar_t v[8];

  use_locale ("zh_CN.UTF-8");
  ck_assert_int_eq (editbuf_wcwidth (MIDDLE_DOT), 1);
  ck_assert_int_eq (editbuf_insert (eb, MIDDLE_DOT), EDITBUF_OK);
  ck_assert (!editbuf_full (eb));
  ck_assert_int_eq (editbuf_insert (eb, L'a'), EDITBUF_OK);
  ck_assert (editbuf_full (eb));
  editbuf_view (eb, v, ARRAY_SIZE (v), NULL);
  ck_assert_int_eq (wcswidth (v, wcslen (v)), 2);
  editbuf_set_utf8 (eb, u8"a\u00b7b");
  ck_assert_int_eq (editbuf_width (eb), 3);
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_gbk_unencodable_keeps_layout)
{
  const char *name = u8"\u5218\u4dae";        /* 刘䶮 */
  struct editbuf *eb = editbuf_new (5, 0);

  use_locale ("zh_CN.GBK");
  /* The test means something only if GBK really cannot show 䶮. */
  ck_assert_int_lt (wcwidth (YAN), 0);
  ck_assert_int_eq (editbuf_wcwidth (YAN), 2);
  ck_assert_int_eq (editbuf_wcwidth (0x20bb7), 2);     /* 𠮷 */
  ck_assert_int_eq (editbuf_wcwidth (0x0301), 1);      /* no width here */
  editbuf_set_utf8 (eb, name);
  ck_assert_int_eq (editbuf_width (eb), 4);
  expect_text (eb, name);
  expect_view (eb, 5, L"\u5218\u4dae_", 4);
  editbuf_home (eb);
  editbuf_right (eb);
  expect_view (eb, 5, L"\u5218\u4dae_", 2);
  /* Typed, it takes its two columns too. */
  editbuf_kill_line (eb);
  type (eb, L"\u5218\u4dae");
  ck_assert_int_eq (editbuf_insert (eb, ZHANG), EDITBUF_FULL);
  expect_text (eb, name);
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_utf8_round_trip)
{
  static const char *const texts[] = {
    u8"\U00020bb7\u7965",       /* 𠮷祥: four bytes then three */
    "Zoe\xcc\x88 M\xc3\xbcller",        /* combining diaeresis, then ü */
    u8"\u00b7\u4dae\U0001f600\ufffd",
    "",
  };
  struct editbuf *eb = editbuf_new (4, 0);
  size_t i;

  for (i = 0; i < ARRAY_SIZE (texts); i++)
    {
      editbuf_set_utf8 (eb, texts[i]);
      expect_text (eb, texts[i]);
    }
  editbuf_set_utf8 (eb, texts[0]);
  ck_assert_uint_eq (editbuf_length (eb), 2);
  ck_assert_int_eq (editbuf_width (eb), 4);
  editbuf_set_utf8 (eb, NULL);
  expect_text (eb, "");
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_combining_mark_goes_with_its_letter)
{
  struct editbuf *eb = editbuf_new (6, 0);

  editbuf_set_utf8 (eb, "Zoe\xcc\x88y");
  ck_assert_uint_eq (editbuf_length (eb), 5);
  ck_assert_int_eq (editbuf_width (eb), 4);
  expect_view (eb, 6, L"Zoe\u0308y__", 4);
  editbuf_left (eb);
  ck_assert_uint_eq (editbuf_cursor (eb), 4);
  /* One step back passes the e and its mark together. */
  editbuf_left (eb);
  ck_assert_uint_eq (editbuf_cursor (eb), 2);
  expect_view (eb, 6, L"Zoe\u0308y__", 2);
  editbuf_right (eb);
  ck_assert_uint_eq (editbuf_cursor (eb), 4);
  ck_assert (editbuf_backspace (eb));
  expect_text (eb, "Zoy");
  ck_assert_uint_eq (editbuf_cursor (eb), 2);
  /* A mark typed after a letter joins it. */
  ck_assert_int_eq (editbuf_insert (eb, L'e'), EDITBUF_OK);
  ck_assert_int_eq (editbuf_insert (eb, COMBINING_DIAERESIS), EDITBUF_OK);
  expect_text (eb, "Zoe\xcc\x88y");
  editbuf_home (eb);
  editbuf_right (eb);
  editbuf_right (eb);
  ck_assert (editbuf_delete (eb));
  expect_text (eb, "Zoy");
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_invalid_utf8_becomes_replacement)
{
  struct editbuf *eb = editbuf_new (10, 0);
  char *got;

  /* Stray bytes, an overlong slash, a surrogate, a truncated character. */
  editbuf_set_utf8 (eb, "\xff" "a\xc0\xaf" "b\xed\xa0\x80" "c\xe4\xb8");
  got = editbuf_get_utf8 (eb);
  ck_assert (charset_utf8_valid (got, strlen (got)));
  ck_assert_str_eq (got, u8"\ufffda\ufffd\ufffdb\ufffd\ufffd\ufffdc"
                    u8"\ufffd\ufffd");
  free (got);
  ck_assert_uint_eq (editbuf_length (eb), 11);
  /* And the editor still works on it. */
  editbuf_home (eb);
  ck_assert (editbuf_delete (eb));
  editbuf_end (eb);
  ck_assert (editbuf_backspace (eb));
  expect_text (eb, u8"a\ufffd\ufffdb\ufffd\ufffd\ufffdc\ufffd");
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_controls_are_not_typed)
{
  struct editbuf *eb = editbuf_new (10, 0);

  editbuf_set_scroll (eb, true);
  ck_assert_int_eq (editbuf_insert (eb, 0x1b), EDITBUF_REFUSED);
  ck_assert_int_eq (editbuf_insert (eb, L'\0'), EDITBUF_REFUSED);
  ck_assert_int_eq (editbuf_insert (eb, L'\t'), EDITBUF_REFUSED);
  ck_assert_int_eq (editbuf_insert (eb, 0x7f), EDITBUF_REFUSED);
  ck_assert_int_eq (editbuf_insert (eb, 0x85), EDITBUF_REFUSED);
  ck_assert_int_eq (editbuf_insert (eb, 0x202e), EDITBUF_REFUSED);
  ck_assert_int_eq (editbuf_insert (eb, 0xd800), EDITBUF_REFUSED);
  ck_assert_int_eq (editbuf_insert (eb, 0x110000), EDITBUF_REFUSED);
  ck_assert_int_eq (editbuf_insert (eb, -1), EDITBUF_REFUSED);
  ck_assert_uint_eq (editbuf_length (eb), 0);
  ck_assert (!editbuf_changed (eb));
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_stored_bidi_override_not_drawn)
{
  struct editbuf *eb = editbuf_new (5, 0);

  editbuf_set_utf8 (eb, u8"ab\u202ecd");
  expect_text (eb, u8"ab\u202ecd");
  expect_view (eb, 5, L"abcd_", 4);
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_view_with_small_buffer)
{
  struct editbuf *eb = editbuf_new (3, 0);
  wchar_t v[4];
  int cc;
  size_t n;

  /* A letter under twenty accents: they do not fit, the layout does. */
  editbuf_set_utf8 (eb, "e\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81"
                    "\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81"
                    "\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81"
                    "\xcc\x81\xcc\x81\xcc\x81\xcc\x81\xcc\x81" "f");
  ck_assert_uint_eq (editbuf_length (eb), 22);
  n = editbuf_view (eb, v, ARRAY_SIZE (v), &cc);
  ck_assert_uint_eq (n, 3);
  ck_assert (wcscmp (v, L"ef_") == 0);
  ck_assert_int_eq (cc, 2);
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_changed_since_set)
{
  struct editbuf *eb = editbuf_new (10, 0);

  editbuf_set_utf8 (eb, u8"\u5f20\u4e09");
  ck_assert (!editbuf_changed (eb));
  ck_assert_uint_eq (editbuf_cursor (eb), 2);
  editbuf_insert (eb, FENG);
  ck_assert (editbuf_changed (eb));
  editbuf_backspace (eb);
  ck_assert (!editbuf_changed (eb));
  editbuf_home (eb);
  editbuf_delete (eb);
  ck_assert (editbuf_changed (eb));
  editbuf_set_utf8 (eb, "x");
  ck_assert (!editbuf_changed (eb));
  editbuf_kill_line (eb);
  ck_assert (editbuf_changed (eb));
  editbuf_free (&eb);
}
END_TEST

START_TEST (test_long_typing_grows)
{
  struct editbuf *eb = editbuf_new (10, 0);
  char *got;
  int i;

  editbuf_set_scroll (eb, true);
  for (i = 0; i < 1000; i++)
    ck_assert_int_eq (editbuf_insert (eb, i % 2 ? ZHONG : L'a'), EDITBUF_OK);
  ck_assert_uint_eq (editbuf_length (eb), 1000);
  ck_assert_int_eq (editbuf_width (eb), 1500);
  got = editbuf_get_utf8 (eb);
  ck_assert_uint_eq (strlen (got), 500 + 500 * 3);
  free (got);
  editbuf_free (&eb);
}
END_TEST

Suite *
suite_editbuf (void)
{
  Suite *s = suite_create ("editbuf");
  TCase *keys = tcase_create ("keys");
  TCase *fields = tcase_create ("fields");
  TCase *view = tcase_create ("view");
  TCase *text = tcase_create ("text");

  tcase_add_test (keys, test_type_ascii);
  tcase_add_test (keys, test_cjk_in_odd_width_field);
  tcase_add_test (keys, test_backspace_removes_wide_char_whole);
  tcase_add_test (keys, test_cursor_steps_over_wide_chars);
  tcase_add_test (keys, test_home_end);
  tcase_add_test (keys, test_delete_in_middle);
  tcase_add_test (keys, test_kill_eol_and_line);
  tcase_add_test (keys, test_combining_mark_goes_with_its_letter);
  tcase_add_test (keys, test_controls_are_not_typed);
  tcase_add_test (keys, test_changed_since_set);
  suite_add_tcase (s, keys);

  tcase_add_test (fields, test_id_filter);
  tcase_add_test (fields, test_full_by_max_chars);
  tcase_add_test (fields, test_mobile_full_after_11_digits);
  tcase_add_test (fields, test_filters_directly);
  suite_add_tcase (s, fields);

  tcase_add_checked_fixture (view, NULL, restore_locale);
  tcase_add_test (view, test_scrolling_name_keeps_cursor_in_view);
  tcase_add_test (view, test_scroll_does_not_jump);
  tcase_add_test (view, test_one_column_field);
  tcase_add_test (view, test_set_text_wider_than_fixed_field);
  tcase_add_test (view, test_middle_dot_gb18030);
  tcase_add_test (view, test_middle_dot_utf8);
  tcase_add_test (view, test_gbk_unencodable_keeps_layout);
  tcase_add_test (view, test_stored_bidi_override_not_drawn);
  tcase_add_test (view, test_view_with_small_buffer);
  suite_add_tcase (s, view);

  tcase_add_checked_fixture (text, NULL, restore_locale);
  tcase_add_test (text, test_utf8_round_trip);
  tcase_add_test (text, test_invalid_utf8_becomes_replacement);
  tcase_add_test (text, test_long_typing_grows);
  suite_add_tcase (s, text);
  return s;
}
