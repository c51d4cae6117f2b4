/*
 * check_main.c — the unit-test runner: every module's suite in one runner.
 */
#include "system.h"

#include <locale.h>

#include "suites.h"
#include "testutil.h"

int
main (void)
{
  SRunner *runner;
  int failed;

  /* The modules are locale-aware; the tests pin a known one and set others
     themselves where they test locale behaviour. */
  setlocale (LC_ALL, "C.UTF-8");
  testutil_init ();

  runner = srunner_create (suite_msg ());
  srunner_add_suite (runner, suite_idnum ());
  srunner_add_suite (runner, suite_region ());
  srunner_add_suite (runner, suite_charset ());
  srunner_add_suite (runner, suite_termtext ());
  srunner_add_suite (runner, suite_csv ());
  srunner_add_suite (runner, suite_record ());
  srunner_add_suite (runner, suite_clerk ());
  srunner_add_suite (runner, suite_store ());
  srunner_add_suite (runner, suite_formdef ());
  srunner_add_suite (runner, suite_validate ());
  srunner_add_suite (runner, suite_editbuf ());
  srunner_add_suite (runner, suite_formstate ());
  srunner_add_suite (runner, suite_upstream ());
  srunner_add_suite (runner, suite_records ());
  srunner_add_suite (runner, suite_verify ());
  srunner_add_suite (runner, suite_export_upstream ());
  srunner_add_suite (runner, suite_stats ());
  srunner_add_suite (runner, suite_sheet ());

  srunner_run_all (runner, CK_NORMAL);
  failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  testutil_cleanup ();
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
