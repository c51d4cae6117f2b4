/*
 * check_verify.c — the side-by-side comparison, decisions, corrected IDs
 * and the feedback file.
 */
#include "system.h"

#include <check.h>

#include "import_upstream.h"
#include "msg.h"
#include "record.h"
#include "store.h"
#include "suites.h"
#include "testutil.h"
#include "verify.h"

static char *dir;
static struct store *store;
static struct clerk clerk = { "liuxm", "刘晓敏" };

static void
setup (void)
{
  char *error = NULL;

  dir = testutil_mkdtemp ("verify");
  ck_assert_int_eq (store_open (dir, &store, &error), STORE_OK);
  store_set_clerk (store, &clerk);
}

static void
teardown (void)
{
  store_close (&store);
  testutil_rmtree (dir);
  free (dir);
}

static void
put (const char *id, const char *const *pairs)
{
  struct record *rec = record_new ();

  for (size_t i = 0; pairs[i]; i += 2)
    ck_assert_int_eq (record_set (rec, pairs[i], pairs[i + 1]), 0);
  ck_assert_int_eq (store_save (store, id, rec, 0, "test", NULL, NULL),
                    STORE_OK);
  record_free (&rec);
}

static struct record *
get (const char *id)
{
  struct record *rec = NULL;

  ck_assert_int_eq (store_get (store, id, &rec), STORE_OK);
  return rec;
}

static const struct verify_line *
line_of (const struct verify_line *lines, size_t n, const char *field)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp (lines[i].field, field) == 0)
      return &lines[i];
  ck_abort_msg ("no line %s", field);
  return NULL;
}

#define ID_A "430122199001011233"
#define ID_B "430122198502024521"

START_TEST (test_compare_marks_what_differs)
{
  static const char *const a[] = {
    "up.gongan.name", "张三", "up.shebao.name", "张山",
    "up.gongan.sex", "男", "up.shebao.sex", "男",
    "up.shebao.pension", "城镇职工基本养老保险",
    "up.gongan.birth_date", "19900101", NULL
  };
  struct record *rec;
  struct verify_line *lines = NULL;
  size_t n;

  put (ID_A, a);
  rec = get (ID_A);
  n = verify_compare (rec, &lines);
  ck_assert_uint_eq (n, 16);
  ck_assert_str_eq (lines[0].column, "姓名");
  ck_assert (line_of (lines, n, "name")->differs);
  ck_assert_str_eq (line_of (lines, n, "name")->gongan, "张三");
  ck_assert_str_eq (line_of (lines, n, "name")->shebao, "张山");
  ck_assert (!line_of (lines, n, "sex")->differs);
  /* 公安 keeps no insurance data: an empty value is no disagreement. */
  ck_assert (!line_of (lines, n, "pension")->differs);
  ck_assert_str_eq (line_of (lines, n, "name")->local, "");
  verify_compare_free (&lines, n);
  record_free (&rec);

  /* A keyed form is the third column, in upstream's terms. */
  rec = get (ID_A);
  record_set (rec, "_form", "registration");
  record_set (rec, "id", ID_A);
  record_set (rec, "name", "张三");
  record_set (rec, "injury", "工伤保险");
  record_set (rec, "employment", "无单位");
  record_set (rec, "no_employer", "灵活就业");
  record_set (rec, "hukou_province", "湖南省");
  record_set (rec, "hukou_prefecture", "长沙市");
  n = verify_compare (rec, &lines);
  ck_assert_str_eq (line_of (lines, n, "name")->local, "张三");
  ck_assert_str_eq (line_of (lines, n, "injury")->local, "是");
  ck_assert_str_eq (line_of (lines, n, "unemployment")->local, "否");
  ck_assert_str_eq (line_of (lines, n, "employment")->local, "灵活就业");
  ck_assert_str_eq (line_of (lines, n, "hukou")->local, "湖南省长沙市");
  /* The date of birth is the ID's, and 1990-01-01 is 19900101. */
  ck_assert_str_eq (line_of (lines, n, "birth_date")->local, "19900101");
  ck_assert (!line_of (lines, n, "birth_date")->differs);
  verify_compare_free (&lines, n);
  record_free (&rec);
}
END_TEST

static int
count_verify (const struct store_audit_entry *e, void *arg)
{
  int *k = arg;

  if (strcmp (e->action, "verify") == 0)
    {
      ck_assert_str_eq (e->user, "liuxm");
      (*k)++;
    }
  return STORE_OK;
}

START_TEST (test_decide_records_and_audits)
{
  static const char *const a[] = {
    "up.gongan.name", "张三", "up.shebao.name", "张山", "up.results", "01",
    NULL
  };
  static const char *const fields[] = { "name" };
  static const char *const values[] = { "张三" };
  struct verify_decision d = { VERIFY_CORRECTED, "按户口簿更正", NULL, 1,
                               fields, values };
  struct record *rec;
  unsigned long rev;
  int entries = 0;

  put (ID_A, a);
  rec = get (ID_A);
  rev = store_record_rev (rec);
  ck_assert_int_eq (verify_state_of (rec), VERIFY_STATE_PENDING);
  record_free (&rec);

  /* A stale revision is a conflict and changes nothing. */
  ck_assert_int_eq (verify_decide (store, ID_A, rev + 1, &d),
                    STORE_CONFLICT);
  rec = get (ID_A);
  ck_assert_ptr_null (record_get (rec, VERIFY_F_RESULT));
  record_free (&rec);

  ck_assert_int_eq (verify_decide (store, ID_A, rev, &d), STORE_OK);
  rec = get (ID_A);
  ck_assert_int_eq (verify_state_of (rec), VERIFY_STATE_CORRECTED);
  ck_assert_str_eq (record_get (rec, VERIFY_F_NOTE), "按户口簿更正");
  ck_assert_str_eq (record_get (rec, VERIFY_F_BY), "刘晓敏");
  ck_assert_str_eq (record_get (rec, "verify.value.name"), "张三");
  ck_assert_str_eq (record_get (rec, VERIFY_F_MARK), "1");
  ck_assert_uint_eq (strlen (record_get (rec, VERIFY_F_DATE)), 10);
  record_free (&rec);

  /* Each decided field has its audit entry, with who. */
  ck_assert_int_eq (store_audit_scan (store, ID_A, count_verify, &entries),
                    STORE_OK);
  ck_assert_int_ge (entries, 5);
}
END_TEST

START_TEST (test_corrected_id_moves_and_later_imports_follow)
{
  struct upstream_vocab *vocab;
  struct import_totals totals;
  char *error = NULL, *alias;
  const char *bad = "430103201505113460";     /* wrong check digit */
  const char *good = "43010320150511346X";
  struct verify_decision d = { VERIFY_CORRECTED, "身份证号码更正", good, 0,
                               NULL, NULL };
  struct record *rec;
  FILE *devnull = fopen ("/dev/null", "w");

  vocab = import_vocab_load (&error);
  ck_assert_msg (vocab != NULL, "%s", error ? error : "");
  memset (&totals, 0, sizeof totals);
  ck_assert_int_eq (import_upstream_file (store,
                                          testutil_sample ("invalid-id.csv"),
                                          "invalid-id.csv", vocab, &totals,
                                          devnull, NULL), IMPORT_OK);
  rec = get (bad);
  ck_assert_int_eq (verify_decide (store, bad, store_record_rev (rec), &d), STORE_OK);
  record_free (&rec);
  ck_assert_int_eq (store_get (store, bad, &rec), STORE_NOTFOUND);
  rec = get (good);
  ck_assert_str_eq (record_get (rec, VERIFY_F_ORIGINAL_ID), bad);
  ck_assert_str_eq (record_get (rec, "up.gongan.name"), "严敏");
  record_free (&rec);
  alias = verify_alias (store, bad);
  ck_assert_str_eq (alias, good);
  free (alias);

  /* The same file again: its row goes to the corrected ID, unchanged. */
  memset (&totals, 0, sizeof totals);
  ck_assert_int_eq (import_upstream_file (store,
                                          testutil_sample ("invalid-id.csv"),
                                          "invalid-id.csv", vocab, &totals,
                                          devnull, NULL), IMPORT_OK);
  ck_assert_uint_eq (totals.imported, 0);
  ck_assert_int_eq (store_get (store, bad, &rec), STORE_NOTFOUND);

  /* Correcting to an ID that is someone else's is refused. */
  rec = get (good);
  d.new_id = "430103198407172170";
  ck_assert_int_eq (verify_decide (store, good, store_record_rev (rec), &d), STORE_EXISTS);
  record_free (&rec);
  rec = get (good);
  ck_assert_int_eq (verify_state_of (rec), VERIFY_STATE_CORRECTED);
  record_free (&rec);
  import_vocab_free (&vocab);
  fclose (devnull);
}
END_TEST

static char *
feedback (bool all, unsigned long *rows)
{
  char *path = xasprintf ("%s/feedback.csv", dir);
  FILE *fp = fopen (path, "w");
  size_t len;
  char *text;

  ck_assert_ptr_nonnull (fp);
  ck_assert_int_eq (verify_export_feedback (store, fp, CHARSET_UTF8, all,
                                            rows), STORE_OK);
  fclose (fp);
  text = testutil_slurp (path, &len);
  free (path);
  return text;
}

START_TEST (test_feedback_rows_and_watermark)
{
  static const char *const a[] = {
    "up.gongan.name", "张三", "up.shebao.name", "张山", "up.results", "01",
    "up.township", "乌山街道", "up.village", "团山湖村",
    "up.shebao.pension", "城镇职工基本养老保险", NULL
  };
  static const char *const b[] = {
    "up.gongan.name", "李四", "up.results", "10", NULL
  };
  struct verify_decision confirm = { VERIFY_CONFIRMED, "", NULL, 0, NULL,
                                     NULL };
  struct verify_decision away = { VERIFY_UNVERIFIABLE, "人户分离，联系不上",
                                  NULL, 0, NULL, NULL };
  unsigned long rows = 99;
  char *text;

  put (ID_A, a);
  put (ID_B, b);
  /* Nothing verified yet: the header alone. */
  text = feedback (false, &rows);
  ck_assert_uint_eq (rows, 0);
  ck_assert_ptr_nonnull (strstr (text, "核实结果,核实说明,经办人,核实日期\r\n"));
  ck_assert_ptr_nonnull (strstr (text, "原身份证号码"));
  free (text);

  ck_assert_int_eq (verify_decide (store, ID_A, 1, &confirm),
                    STORE_OK);
  text = feedback (false, &rows);
  ck_assert_uint_eq (rows, 1);
  /* 公安's name for who the person is, 社保's scheme; 入户核实. */
  ck_assert_ptr_nonnull (strstr (text, "1,乌山街道,团山湖村," ID_A ",张三,"));
  ck_assert_ptr_nonnull (strstr (text, "城镇职工基本养老保险"));
  ck_assert_ptr_nonnull (strstr (text, ",入户核实,01,"));
  ck_assert_ptr_nonnull (strstr (text, ",已核实无误,,刘晓敏,"));
  free (text);

  /* Sent: the next export has nothing new, --all has everything. */
  text = feedback (false, &rows);
  ck_assert_uint_eq (rows, 0);
  free (text);
  ck_assert_int_eq (verify_decide (store, ID_B, 1, &away), STORE_OK);
  text = feedback (false, &rows);
  ck_assert_uint_eq (rows, 1);
  ck_assert_ptr_null (strstr (text, ID_A));
  ck_assert_ptr_nonnull (strstr (text, ",无法核实,人户分离，联系不上,"));
  free (text);
  text = feedback (true, &rows);
  ck_assert_uint_eq (rows, 2);
  free (text);
}
END_TEST

Suite *
suite_verify (void)
{
  Suite *s = suite_create ("verify");
  TCase *tc = tcase_create ("verify");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_compare_marks_what_differs);
  tcase_add_test (tc, test_decide_records_and_audits);
  tcase_add_test (tc, test_corrected_id_moves_and_later_imports_follow);
  tcase_add_test (tc, test_feedback_rows_and_watermark);
  suite_add_tcase (s, tc);
  return s;
}
