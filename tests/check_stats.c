/*
 * check_stats.c — statistics by region: a person's region from the form
 * or upstream, keyed and reviewed, result codes, verification states,
 * reasons for being uninsured, subtotals and the total, the township
 * filter, sorting, and the CSV.
 */
#include "system.h"

#include <check.h>
#include <stdarg.h>

#include "msg.h"
#include "stats.h"
#include "store.h"
#include "suites.h"
#include "testutil.h"

static char *dir;
static struct store *store;

static void
setup (void)
{
  char *error = NULL;

  dir = testutil_mkdtemp ("stats");
  ck_assert_int_eq (store_open (dir, &store, &error), STORE_OK);
  ck_assert_ptr_null (error);
}

static void
teardown (void)
{
  store_close (&store);
  testutil_rmtree (dir);
  free (dir);
  dir = NULL;
}

/* Stores ID with the NULL-terminated name/value pairs that follow. */
static void
put (const char *id, ...)
{
  struct record *rec = record_new ();
  va_list ap;
  const char *name;

  va_start (ap, id);
  while ((name = va_arg (ap, const char *)))
    ck_assert_int_eq (record_set (rec, name, va_arg (ap, const char *)), 0);
  va_end (ap);
  ck_assert_int_eq (store_save (store, id, rec, 0, "save", NULL, NULL),
                    STORE_OK);
  record_free (&rec);
}

/* Two townships, 甲镇 (villages 一村 and 二村) and 乙乡 (三村), and one
   person who names neither.  See the comments for what each counts as. */
static void
store_people (void)
{
  /* Keyed (entered), flagged 01 and 05, not yet verified, a reason on
     the form. */
  put ("430102199003071234", "_form", "registration", "_status", "entered",
       "township", "甲镇", "village", "一村", "up.township", "甲镇",
       "up.village", "一村", "up.results", "01;05",
       "reason_uninsured", "外出务工", (char *) NULL);
  /* Keyed and reviewed, 10, confirmed; the reason from 公安's row. */
  put ("430102198501011248", "_form", "registration", "_status", "reviewed",
       "township", "甲镇", "village", "一村", "up.results", "10",
       VERIFY_F_RESULT, VERIFY_CONFIRMED,
       "up.gongan.reason_uninsured", "经济困难", (char *) NULL);
  /* Upstream only: 10 and 13, corrected; the reason from 社保's row. */
  put ("430102197005051318", "up.township", "甲镇", "up.village", "一村",
       "up.results", "10;13", VERIFY_F_RESULT, VERIFY_CORRECTED,
       "up.shebao.reason_uninsured", "外出务工", (char *) NULL);
  /* Upstream only in 二村: 20, could not be verified. */
  put ("430102197005051334", "up.township", "甲镇", "up.village", "二村",
       "up.results", "20", VERIFY_F_RESULT, VERIFY_UNVERIFIABLE,
       (char *) NULL);
  /* Entered without a form (not keyed); the form's village is empty, so
     upstream's counts; no results: not flagged. */
  put ("430102197005051350", "_status", "entered", "township", "甲镇",
       "village", "", "up.village", "二村", "up.results", "",
       (char *) NULL);
  /* The form says 乙乡 三村 where upstream said 甲镇 一村; the form's
     reason wins over upstream's.  Seven results, pending. */
  put ("430102197005051377", "_form", "hunan-uninsured",
       "_status", "reviewed", "township", "乙乡", "village", "三村",
       "up.township", "甲镇", "up.village", "一村",
       "up.results", "02;03;04;11;12;14;21",
       "reason_uninsured", "外出务工",
       "up.gongan.reason_uninsured", "经济困难", (char *) NULL);
  /* No region at all; a result by its name; a verify.result that is no
     state counts nowhere; a draft. */
  put ("430102197005051393", "_status", "draft", "up.results", "姓名不一致",
       VERIFY_F_RESULT, "不知道", (char *) NULL);
}

/* The counts of one row: people, keyed, reviewed, then the four states. */
static void
check_progress (const struct stats_region *r, unsigned long people,
                unsigned long keyed, unsigned long reviewed,
                unsigned long pending, unsigned long confirmed,
                unsigned long corrected, unsigned long unverifiable)
{
  ck_assert_uint_eq (r->people, people);
  ck_assert_uint_eq (r->keyed, keyed);
  ck_assert_uint_eq (r->reviewed, reviewed);
  ck_assert_uint_eq (r->by_state[VERIFY_STATE_PENDING], pending);
  ck_assert_uint_eq (r->by_state[VERIFY_STATE_CONFIRMED], confirmed);
  ck_assert_uint_eq (r->by_state[VERIFY_STATE_CORRECTED], corrected);
  ck_assert_uint_eq (r->by_state[VERIFY_STATE_UNVERIFIABLE], unverifiable);
}

/* R's result counts, in code order 01 02 03 04 05 10 11 12 13 14 20 21. */
static void
check_results (const struct stats_region *r, const unsigned long *want)
{
  for (int i = 0; i < UP_NRESULTS; i++)
    ck_assert_msg (r->by_result[i] == want[i], "%s %s: %lu, not %lu",
                   r->village ? r->village : r->township ? r->township : "",
                   upstream_result_code (i), r->by_result[i], want[i]);
}

static void
check_region (const struct stats_region *r, const char *township,
              const char *village)
{
  if (township)
    ck_assert_str_eq (r->township, township);
  else
    ck_assert_ptr_null (r->township);
  if (village)
    ck_assert_str_eq (r->village, village);
  else
    ck_assert_ptr_null (r->village);
}

static void
check_reason (const struct stats_region *r, size_t i, const char *reason,
              unsigned long people)
{
  ck_assert_uint_gt (r->n_reasons, i);
  ck_assert_str_eq (r->reasons[i].reason, reason);
  ck_assert_uint_eq (r->reasons[i].people, people);
}

START_TEST (test_counts_by_region)
{
  static const unsigned long yi[UP_NRESULTS] =
    { 0, 1, 1, 1, 0, 0, 1, 1, 0, 1, 0, 1 };
  static const unsigned long jia[UP_NRESULTS] =
    { 1, 0, 0, 0, 1, 2, 0, 0, 1, 0, 1, 0 };
  static const unsigned long jia1[UP_NRESULTS] =
    { 1, 0, 0, 0, 1, 2, 0, 0, 1, 0, 0, 0 };
  static const unsigned long jia2[UP_NRESULTS] =
    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 };
  static const unsigned long none[UP_NRESULTS] =
    { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
  static const unsigned long all[UP_NRESULTS] =
    { 2, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1 };
  struct stats s;

  store_people ();
  ck_assert_int_eq (stats_collect (store, NULL, &s), STORE_OK);
  /* strcmp order: 乙 (E4 B9) < 甲 (E7 94) < （ (EF BC). */
  ck_assert_uint_eq (s.n_rows, 7);
  ck_assert_uint_eq (s.n_townships, 3);

  check_region (&s.rows[0], "乙乡", NULL);
  check_progress (&s.rows[0], 1, 1, 1, 1, 0, 0, 0);
  check_results (&s.rows[0], yi);
  ck_assert_uint_eq (s.rows[0].uninsured, 1);
  ck_assert_uint_eq (s.rows[0].n_reasons, 1);
  check_reason (&s.rows[0], 0, "外出务工", 1);
  check_region (&s.rows[1], "乙乡", "三村");
  check_progress (&s.rows[1], 1, 1, 1, 1, 0, 0, 0);
  check_results (&s.rows[1], yi);

  check_region (&s.rows[2], "甲镇", NULL);
  check_progress (&s.rows[2], 5, 2, 1, 1, 1, 1, 1);
  check_results (&s.rows[2], jia);
  ck_assert_uint_eq (s.rows[2].uninsured, 3);
  ck_assert_uint_eq (s.rows[2].n_reasons, 2);
  /* strcmp order again: 外 (E5 A4) < 经 (E7 BB). */
  check_reason (&s.rows[2], 0, "外出务工", 2);
  check_reason (&s.rows[2], 1, "经济困难", 1);
  check_region (&s.rows[3], "甲镇", "一村");
  check_progress (&s.rows[3], 3, 2, 1, 1, 1, 1, 0);
  check_results (&s.rows[3], jia1);
  ck_assert_uint_eq (s.rows[3].uninsured, 3);
  check_region (&s.rows[4], "甲镇", "二村");
  check_progress (&s.rows[4], 2, 0, 0, 0, 0, 0, 1);
  check_results (&s.rows[4], jia2);
  ck_assert_uint_eq (s.rows[4].uninsured, 0);
  ck_assert_uint_eq (s.rows[4].n_reasons, 0);

  check_region (&s.rows[5], STATS_UNFILLED, NULL);
  check_region (&s.rows[6], STATS_UNFILLED, STATS_UNFILLED);
  check_progress (&s.rows[6], 1, 0, 0, 0, 0, 0, 0);
  check_results (&s.rows[6], none);

  check_region (&s.total, NULL, NULL);
  check_progress (&s.total, 7, 3, 2, 2, 1, 1, 1);
  check_results (&s.total, all);
  ck_assert_uint_eq (s.total.uninsured, 4);
  ck_assert_uint_eq (s.total.n_reasons, 2);
  check_reason (&s.total, 0, "外出务工", 3);
  check_reason (&s.total, 1, "经济困难", 1);
  stats_release (&s);
  ck_assert_ptr_null (s.rows);
}
END_TEST

START_TEST (test_township_filter)
{
  struct stats s;

  store_people ();
  ck_assert_int_eq (stats_collect (store, "甲镇", &s), STORE_OK);
  ck_assert_uint_eq (s.n_rows, 3);
  check_region (&s.rows[0], "甲镇", NULL);
  check_progress (&s.total, 5, 2, 1, 1, 1, 1, 1);
  ck_assert_uint_eq (s.total.uninsured, 3);
  stats_release (&s);

  ck_assert_int_eq (stats_collect (store, STATS_UNFILLED, &s), STORE_OK);
  ck_assert_uint_eq (s.n_rows, 2);
  ck_assert_uint_eq (s.total.people, 1);
  stats_release (&s);

  ck_assert_int_eq (stats_collect (store, "无此镇", &s), STORE_OK);
  ck_assert_uint_eq (s.n_rows, 0);
  ck_assert_uint_eq (s.total.people, 0);
  stats_release (&s);
}
END_TEST

START_TEST (test_empty_store)
{
  struct stats s;

  ck_assert_int_eq (stats_collect (store, NULL, &s), STORE_OK);
  ck_assert_uint_eq (s.n_rows, 0);
  check_progress (&s.total, 0, 0, 0, 0, 0, 0, 0);
  stats_release (&s);
}
END_TEST

START_TEST (test_csv)
{
  struct stats s;
  char *text = NULL;
  size_t len = 0;
  FILE *fp = open_memstream (&text, &len);

  store_people ();
  ck_assert_int_eq (stats_collect (store, NULL, &s), STORE_OK);
  ck_assert (stats_write_csv (&s, fp));
  fclose (fp);
  stats_release (&s);

#define HAS(line) \
  ck_assert_msg (strstr (text, line "\r\n") != NULL, "no [%s] in:\n%s", \
                 line, text)
  ck_assert_msg (strncmp (text, "表,乡镇（街道）,村（社区）,人数,已录入,已复核,"
                          "待核实,已核实无误,已更正,无法核实\r\n",
                          strlen ("表,乡镇（街道）,村（社区）,人数,已录入,"
                                  "已复核,待核实,已核实无误,已更正,"
                                  "无法核实\r\n")) == 0,
                 "first line of:\n%s", text);
  HAS ("录入与核实,乙乡,,1,1,1,1,0,0,0");
  HAS ("录入与核实,甲镇,一村,3,2,1,1,1,1,0");
  HAS ("录入与核实,甲镇,二村,2,0,0,0,0,0,1");
  HAS ("录入与核实,（未填）,（未填）,1,0,0,0,0,0,0");
  HAS ("录入与核实,合计,,7,3,2,2,1,1,1");
  HAS ("表,乡镇（街道）,村（社区）,01,02,03,04,05,10,11,12,13,14,20,21");
  HAS ("比对结果,甲镇,,1,0,0,0,1,2,0,0,1,0,1,0");
  HAS ("比对结果,合计,,2,1,1,1,1,2,1,1,1,1,1,1");
  HAS ("表,乡镇（街道）,村（社区）,未参保原因,人数");
  HAS ("未参保原因,甲镇,一村,经济困难,1");
  HAS ("未参保原因,甲镇,一村,外出务工,2");
  HAS ("未参保原因,合计,,外出务工,3");
#undef HAS
  /* Three tables of a header and 7 + 1 rows, but the reasons table has
     one row per reason: 乙乡 1, 三村 1, 甲镇 2, 一村 2, the total 2. */
  size_t lines = 0;
  for (const char *p = text; (p = strchr (p, '\n')); p++)
    lines++;
  ck_assert_uint_eq (lines, 9 + 9 + 1 + 1 + 1 + 2 + 2 + 2);
  free (text);
}
END_TEST

Suite *
suite_stats (void)
{
  Suite *s = suite_create ("stats");
  TCase *tc = tcase_create ("stats");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_counts_by_region);
  tcase_add_test (tc, test_township_filter);
  tcase_add_test (tc, test_empty_store);
  tcase_add_test (tc, test_csv);
  suite_add_tcase (s, tc);
  return s;
}
