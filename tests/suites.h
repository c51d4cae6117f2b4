/*
 * suites.h — one Check suite per module; check_main.c runs them all.
 * CK_RUN_SUITE=idnum (Check's own variable) runs one.
 */
#ifndef CANBAO_TESTS_SUITES_H
#define CANBAO_TESTS_SUITES_H

#include <check.h>

Suite *suite_msg (void);
Suite *suite_idnum (void);
Suite *suite_region (void);
Suite *suite_charset (void);
Suite *suite_termtext (void);
Suite *suite_csv (void);
Suite *suite_record (void);
Suite *suite_clerk (void);
Suite *suite_store (void);
Suite *suite_formdef (void);
Suite *suite_validate (void);
Suite *suite_editbuf (void);
Suite *suite_formstate (void);
Suite *suite_upstream (void);
Suite *suite_records (void);
Suite *suite_verify (void);
Suite *suite_export_upstream (void);
Suite *suite_stats (void);
Suite *suite_sheet (void);

#endif
