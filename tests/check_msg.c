/*
 * check_msg.c — severities: the restore hook runs before a fatal message,
 * exactly once, and fatal exits with status 2.
 */
#include "system.h"

#include <check.h>

#include "msg.h"
#include "suites.h"

static int hook_calls;

static void
count_hook (void)
{
  hook_calls++;
  /* A hook that itself fails must not recurse. */
  if (hook_calls > 1)
    abort ();
}

START_TEST (test_fatal_restores_then_exits_2)
{
  msg_set_restore_hook (count_hook);
  msg_fatal ("boom %d", 42);
}
END_TEST

START_TEST (test_xstrndup_copies_prefix)
{
  char *s = xstrndup ("abcdef", 3);

  ck_assert_str_eq (s, "abc");
  xfree (&s);
  ck_assert_ptr_null (s);
}
END_TEST

Suite *
suite_msg (void)
{
  Suite *s = suite_create ("msg");
  TCase *tc = tcase_create ("core");

  tcase_add_exit_test (tc, test_fatal_restores_then_exits_2, 2);
  tcase_add_test (tc, test_xstrndup_copies_prefix);
  suite_add_tcase (s, tc);
  return s;
}
