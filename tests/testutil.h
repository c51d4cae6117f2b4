/*
 * testutil — small helpers shared by the Check suites.
 */
#ifndef CANBAO_TESTS_TESTUTIL_H
#define CANBAO_TESTS_TESTUTIL_H

#include <stddef.h>

/* Called once by the runner: makes the scratch root. */
void testutil_init (void);
/* Called once by the runner: removes the scratch root unless
   CANBAO_KEEP_TMP is set. */
void testutil_cleanup (void);

/* A new empty directory under the scratch root; the string is malloc'd. */
char *testutil_mkdtemp (const char *tag);
/* rm -rf PATH (no shell involved). */
void testutil_rmtree (const char *path);

/* Reads a whole file; *len gets its size; NULL when it cannot be read. */
char *testutil_slurp (const char *path, size_t *len);
/* Path of a file in tests/upstream-samples (static buffer). */
const char *testutil_sample (const char *name);

struct formdef;
/* The directory of the shipped forms, $CANBAO_FORMSDIR (which make check
   sets); the test fails when it is not set. */
const char *testutil_forms_dir (void);
/* The shipped form file NAME ("registration.form"), loaded; the test
   fails, with the parser's message, when it does not load cleanly. */
struct formdef *testutil_load_form (const char *name);

/* True when running under valgrind (CANBAO_VALGRIND set): the slowest and
   fork-heavy tests shrink their loops. */
int testutil_under_valgrind (void);

#endif
