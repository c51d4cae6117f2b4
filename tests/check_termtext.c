/*
 * check_termtext.c — nothing from data reaches the terminal raw, and the
 * columns agree with wcwidth in each of the clerks' locales (UTF-8,
 * GB18030, GBK).  Every test that changes the locale gets C.UTF-8 back in
 * the teardown.
 */
#include "system.h"

#include <check.h>
#include <locale.h>
#include <wchar.h>

#include "msg.h"
#include "suites.h"
#include "termtext.h"

#define JI_UTF8 "\xf0\xa0\xae\xb7"      /* 𠮷 U+20BB7 */
#define JI_GB "\x95\x34\xb2\x35"
#define YAN_UTF8 "\xe4\xb6\xae"         /* 䶮 U+4DAE, not in GBK */
#define GETA_GBK "\xa1\xfe"             /* 〓 */

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

/* The display form of UTF8 must be WANT. */
static void
expect_shown (const char *utf8, const wchar_t *want)
{
  wchar_t *shown = termtext_from_utf8 (utf8);

  ck_assert_msg (wcscmp (shown, want) == 0, "shown as \"%ls\", not \"%ls\"",
                 shown, want);
  free (shown);
}

START_TEST (test_escape_sequence_is_visible)
{
  wchar_t *shown = termtext_from_utf8 ("\x1b[2Jname");
  char *bytes = termtext_utf8_to_locale ("\x1b[2Jname");

  ck_assert (wcschr (shown, 0x1b) == NULL);
  ck_assert (wcscmp (shown, L"^[[2Jname") == 0);
  ck_assert (strchr (bytes, 0x1b) == NULL);
  ck_assert_str_eq (bytes, "^[[2Jname");
  free (bytes);
  free (shown);
}
END_TEST

START_TEST (test_c0_and_del_as_carets)
{
  expect_shown ("a\tb\nc\rd\x7f" "e\x01", L"a^Ib^Jc^Md^?e^A");
}
END_TEST

START_TEST (test_c1_and_bidi_as_code_points)
{
  expect_shown ("\xc2\x9b" "31m", L"<U+009B>31m");
  expect_shown ("abc\xe2\x80\xae" "fed", L"abc<U+202E>fed");
  expect_shown ("\xc2\x80\xc2\x9f", L"<U+0080><U+009F>");
  expect_shown ("\xef\xbb\xbf" "x\xd8\x9c" "y\xe2\x81\xa6\xe2\x80\x8b",
                L"<U+FEFF>x<U+061C>y<U+2066><U+200B>");
  expect_shown ("\xe2\x80\xa8\xe2\x80\xa9", L"<U+2028><U+2029>");
  /* Just outside the ranges: shown as they are. */
  expect_shown ("\xc2\xa0\xe2\x80\x90", L"\u00a0\u2010");
}
END_TEST

START_TEST (test_invalid_bytes_as_hex)
{
  expect_shown ("a\xff" "b\xc0\xaf" "c\xe4\xb8",
                L"a<xFF>b<xC0><xAF>c<xE4><xB8>");
  expect_shown (NULL, L"");
  expect_shown ("", L"");
}
END_TEST

START_TEST (test_long_string)
{
  size_t n = 10000, i;
  char *utf8 = xmalloc (n * 3 + 1), *back;
  wchar_t *shown, *fitted;

  for (i = 0; i < n; i++)
    memcpy (utf8 + 3 * i, i % 100 == 99 ? "\xe2\x80\xae" : "\xe4\xb8\xad", 3);
  utf8[n * 3] = '\0';
  shown = termtext_from_utf8 (utf8);
  ck_assert_uint_eq (wcslen (shown), n - n / 100 + 8 * (n / 100));
  ck_assert_int_eq (termtext_width (shown),
                    (int) (2 * (n - n / 100) + 8 * (n / 100)));
  fitted = termtext_fit (shown, 79);
  ck_assert_int_eq (termtext_width (fitted), 79);
  ck_assert_int_eq (fitted[wcslen (fitted) - 1], L' ');
  free (fitted);
  free (shown);

  /* Every character kept, in the other direction too. */
  for (i = 0; i < n; i++)
    memcpy (utf8 + 3 * i, "\xe4\xb8\xad", 3);
  shown = termtext_from_utf8 (utf8);
  back = termtext_to_utf8 (shown);
  ck_assert_str_eq (back, utf8);
  ck_assert_int_eq (termtext_utf8_width (utf8), (int) (2 * n));
  free (back);
  free (shown);
  free (utf8);
}
END_TEST

START_TEST (test_gbk_placeholder_keeps_width)
{
  char *bytes;

  use_locale ("zh_CN.GBK");
  expect_shown ("\xe5\x88\x98" YAN_UTF8, L"刘〓");
  ck_assert_int_eq (termtext_utf8_width ("\xe5\x88\x98" YAN_UTF8), 4);
  expect_shown ("a" JI_UTF8 "b", L"a〓b");
  ck_assert_int_eq (termtext_utf8_width ("a" JI_UTF8 "b"), 4);
  /* Standard output gets GBK bytes and the placeholder, never 䶮. */
  bytes = termtext_utf8_to_locale ("\xe5\x88\x98" YAN_UTF8);
  ck_assert_str_eq (bytes, "\xc1\xf5" GETA_GBK);
  free (bytes);
}
END_TEST

START_TEST (test_gb18030_shows_everything)
{
  use_locale ("zh_CN.GB18030");
  expect_shown (JI_UTF8 "\xe7\xa5\xa5", L"𠮷祥");
  ck_assert_int_eq (termtext_utf8_width (JI_UTF8 "\xe7\xa5\xa5"), 4);
  expect_shown ("\xe5\x88\x98" YAN_UTF8, L"刘䶮");
}
END_TEST

START_TEST (test_ascii_locale_placeholders)
{
  use_locale ("C");
  /* The terminal shows ASCII only: one '?' per column. */
  expect_shown ("a\xe4\xb8\xad" "b\xc3\xa9", L"a??b?");
}
END_TEST

START_TEST (test_middle_dot_width_by_locale)
{
  /* 阿依古丽·买买提: the middle dot is ambiguous: one column under UTF-8,
     two under GB18030, as glibc's wcwidth (and so ncurses) has it. */
  static const char name[] = "阿依古丽\xc2\xb7买买提";

  use_locale ("zh_CN.UTF-8");
  ck_assert_int_eq (termtext_utf8_width (name), 15);
  use_locale ("zh_CN.GB18030");
  ck_assert_int_eq (termtext_utf8_width (name), 16);
  restore_locale ();
  ck_assert_int_eq (termtext_utf8_width (name), 15);
}
END_TEST

static void
expect_fit (const wchar_t *ws, int cols, const wchar_t *mark,
            const wchar_t *want)
{
  wchar_t *got = mark ? termtext_fit_mark (ws, cols, mark)
    : termtext_fit (ws, cols);

  ck_assert_msg (wcscmp (got, want) == 0, "fit(\"%ls\", %d) = \"%ls\"", ws,
                 cols, got);
  free (got);
}

START_TEST (test_fit_never_splits)
{
  int width = -1;

  expect_fit (L"中文abc", 3, NULL, L"中 ");
  expect_fit (L"中文abc", 4, NULL, L"中文");
  expect_fit (L"中文abc", 5, NULL, L"中文a");
  expect_fit (L"中文abc", 7, NULL, L"中文abc");
  expect_fit (L"中文abc", 80, NULL, L"中文abc");
  expect_fit (L"中文abc", 1, NULL, L" ");
  expect_fit (L"中文abc", 0, NULL, L"");
  expect_fit (L"中文abc", -3, NULL, L"");
  expect_fit (L"", 5, NULL, L"");
  /* The caller's mark shows that text was cut. */
  expect_fit (L"中文abc", 5, L">", L"中文>");
  expect_fit (L"中文abc", 4, L">", L"中 >");
  expect_fit (L"中文abc", 7, L">", L"中文abc");
  expect_fit (L"中文abc", 6, L"…", L"中文a…");
  expect_fit (L"中文abc", 0, L">", L"");
  /* A combining accent goes with its letter. */
  ck_assert_uint_eq (termtext_fit_span (L"e\u0301x", 1, &width), 2);
  ck_assert_int_eq (width, 1);
  ck_assert_uint_eq (termtext_fit_span (L"中文", 3, &width), 1);
  ck_assert_int_eq (width, 2);
}
END_TEST

START_TEST (test_fit_mark_under_gb18030)
{
  /* … is two columns here; the caller's budget still holds. */
  use_locale ("zh_CN.GB18030");
  expect_fit (L"中文abc", 6, L"…", L"中文…");
  expect_fit (L"中文abc", 5, L"…", L"中 …");
  expect_fit (L"中文abc", 1, L"…", L" ");
}
END_TEST

START_TEST (test_width_never_negative)
{
  static const wchar_t odd[] = { 0x0378, 0x01, 0 };   /* unassigned, C0 */

  ck_assert_int_eq (termtext_width (L""), 0);
  ck_assert_int_ge (termtext_width (odd), 0);
  ck_assert_int_eq (termtext_width (L"中a"), 3);
}
END_TEST

START_TEST (test_typed_text_to_utf8)
{
  static const wchar_t bad[] = { L'a', 0xd800, 0x110000, L'b', 0 };
  char *s = termtext_to_utf8 (L"𠮷祥 x");

  ck_assert_str_eq (s, JI_UTF8 "\xe7\xa5\xa5 x");
  free (s);
  s = termtext_to_utf8 (bad);
  ck_assert_str_eq (s, "a\xef\xbf\xbd\xef\xbf\xbd" "b");
  free (s);
  s = termtext_to_utf8 (L"");
  ck_assert_str_eq (s, "");
  free (s);
}
END_TEST

START_TEST (test_locale_text_to_utf8)
{
  char *s;

  s = termtext_locale_to_utf8 ("\xe4\xb8\xad" "1");
  ck_assert_str_eq (s, "\xe4\xb8\xad" "1");
  free (s);
  ck_assert_ptr_null (termtext_locale_to_utf8 ("a\xff"));

  use_locale ("zh_CN.GB18030");
  s = termtext_locale_to_utf8 ("\xd6\xd0" JI_GB "\xa3\xb1");
  ck_assert_str_eq (s, "\xe4\xb8\xad" JI_UTF8 "\xef\xbc\x91");
  free (s);
  ck_assert_ptr_null (termtext_locale_to_utf8 ("\xd6"));
  ck_assert_ptr_null (termtext_locale_to_utf8 ("\xff\xff"));
  s = termtext_locale_to_utf8 ("");
  ck_assert_str_eq (s, "");
  free (s);
}
END_TEST

START_TEST (test_utf8_to_gb18030_stdout)
{
  char *s;

  use_locale ("zh_CN.GB18030");
  s = termtext_utf8_to_locale ("\xe4\xb8\xad" JI_UTF8 "\x1b[0m\xe2\x80\xae");
  ck_assert_str_eq (s, "\xd6\xd0" JI_GB "^[[0m<U+202E>");
  free (s);
}
END_TEST

Suite *
suite_termtext (void)
{
  Suite *s = suite_create ("termtext");
  TCase *tc = tcase_create ("core");

  tcase_add_checked_fixture (tc, NULL, restore_locale);
  tcase_add_test (tc, test_escape_sequence_is_visible);
  tcase_add_test (tc, test_c0_and_del_as_carets);
  tcase_add_test (tc, test_c1_and_bidi_as_code_points);
  tcase_add_test (tc, test_invalid_bytes_as_hex);
  tcase_add_test (tc, test_long_string);
  tcase_add_test (tc, test_gbk_placeholder_keeps_width);
  tcase_add_test (tc, test_gb18030_shows_everything);
  tcase_add_test (tc, test_ascii_locale_placeholders);
  tcase_add_test (tc, test_middle_dot_width_by_locale);
  tcase_add_test (tc, test_fit_never_splits);
  tcase_add_test (tc, test_fit_mark_under_gb18030);
  tcase_add_test (tc, test_width_never_negative);
  tcase_add_test (tc, test_typed_text_to_utf8);
  tcase_add_test (tc, test_locale_text_to_utf8);
  tcase_add_test (tc, test_utf8_to_gb18030_stdout);
  suite_add_tcase (s, tc);
  return s;
}
