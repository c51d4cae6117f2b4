/*
 * check_clerk.c — who the audit log names: the login and the GECOS name
 * of the real user, and cutting long names at a character boundary.
 */
#include "system.h"

#include <check.h>
#include <pwd.h>
#include <unistd.h>

#include "clerk.h"
#include "suites.h"

START_TEST (test_current_user)
{
  struct clerk clerk;
  struct passwd *pw = getpwuid (getuid ());

  ck_assert_ptr_nonnull (pw);
  ck_assert_int_eq (clerk_current (&clerk), 0);
  ck_assert_str_eq (clerk.user, pw->pw_name);
  ck_assert_int_eq (strncmp (clerk.name, pw->pw_gecos ? pw->pw_gecos : "",
                             strlen (clerk.name)), 0);
}
END_TEST

START_TEST (test_gecos_name_before_comma)
{
  struct clerk clerk;

  clerk_from_passwd (&clerk, "liuxm", "刘晓敏,城关镇社保所,0731-1234567,");
  ck_assert_str_eq (clerk.user, "liuxm");
  ck_assert_str_eq (clerk.name, "刘晓敏");
  clerk_from_passwd (&clerk, "wangf", "王芳");
  ck_assert_str_eq (clerk.name, "王芳");
  clerk_from_passwd (&clerk, "nobody", NULL);
  ck_assert_str_eq (clerk.name, "");
  clerk_from_passwd (&clerk, "x", ",room");
  ck_assert_str_eq (clerk.name, "");
}
END_TEST

START_TEST (test_long_name_cut_at_character)
{
  struct clerk clerk;
  char gecos[1024] = "";
  char small[8];

  /* 300 three-byte characters do not fit in 255 bytes. */
  for (int i = 0; i < 300; i++)
    strcat (gecos, "张");
  clerk_from_passwd (&clerk, "zhang", gecos);
  ck_assert_uint_eq (strlen (clerk.name), 255);
  ck_assert_uint_eq (strlen (clerk.name) % 3, 0);
  clerk_copy_utf8 (small, sizeof small, "张三李");   /* 9 bytes into 7 */
  ck_assert_str_eq (small, "张三");
  clerk_copy_utf8 (small, sizeof small, "abc");
  ck_assert_str_eq (small, "abc");
  clerk_copy_utf8 (small, 1, "abc");
  ck_assert_str_eq (small, "");
}
END_TEST

Suite *
suite_clerk (void)
{
  Suite *s = suite_create ("clerk");
  TCase *tc = tcase_create ("clerk");

  tcase_add_test (tc, test_current_user);
  tcase_add_test (tc, test_gecos_name_before_comma);
  tcase_add_test (tc, test_long_name_cut_at_character);
  suite_add_tcase (s, tc);
  return s;
}
