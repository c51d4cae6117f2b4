/*
 * check_records.c — a paper form's records as CSV and back: the export's
 * headings, rows and encodings, the import's refusals, rejected rows with
 * their lines, merging into stored records, the saver's signature, and a
 * round trip that changes nothing.
 */
#include "system.h"

#include <check.h>

#include "charset.h"
#include "export_records.h"
#include "formdef.h"
#include "formstate.h"
#include "idnum.h"
#include "import_records.h"
#include "msg.h"
#include "store.h"
#include "suites.h"
#include "testutil.h"

/* Valid IDs: a man born 1990-03-07, a woman born 1985-01-01, a man born
   1970-05-05 (check characters from GB 11643). */
#define ID_MAN "430102199003071234"
#define ID_WOMAN "430102198501011248"
#define ID_OTHER "430102197005051318"

static char *dir;
static struct store *store;
static struct formdef **forms;
static const struct formdef *reg;

static void
setup (void)
{
  char *error = NULL;
  struct clerk clerk;

  dir = testutil_mkdtemp ("records");
  ck_assert_int_eq (store_open (dir, &store, &error), STORE_OK);
  clerk_from_passwd (&clerk, "zhangxl", "张小丽,,,");
  store_set_clerk (store, &clerk);
  forms = formdef_load_all (formdef_dir (), NULL, &error);
  ck_assert_msg (forms != NULL, "%s", error ? error : "");
  reg = formdef_list_find (forms, "registration");
  ck_assert_ptr_nonnull (reg);
}

static void
teardown (void)
{
  store_close (&store);
  formdef_free_all (&forms);
  testutil_rmtree (dir);
  free (dir);
  dir = NULL;
}

/* Stores a registration record for a man in a job, with FIELD set to
   VALUE as well (FIELD NULL: nothing more). */
static void
store_man (const char *field, const char *value)
{
  static const char *const pairs[][2] = {
    { "name", "张三" }, { "sex", "男" }, { "ethnicity", "汉族" },
    { "id", ID_MAN }, { "employment", "已单位就业" },
    { "employer", "长沙市\"某某\",机械有限公司" }, { "unit_type", "企业" },
    { "pension", "城镇职工基本养老保险" },
    { "medical", "城镇职工基本医疗保险" }, { "clerk", "李四" },
    { FORMSTATE_F_FORM, "registration" }, { STORE_F_STATUS, "reviewed" },
  };
  struct record *rec = record_new ();

  for (size_t i = 0; i < ARRAY_SIZE (pairs); i++)
    ck_assert_int_eq (record_set (rec, pairs[i][0], pairs[i][1]), 0);
  if (field)
    ck_assert_int_eq (record_set (rec, field, value), 0);
  ck_assert_int_eq (store_save (store, ID_MAN, rec, 0, "save", NULL, NULL),
                    STORE_OK);
  record_free (&rec);
}

/* The export of the registration form in ENC, as a string. */
static char *
export_text (enum charset_encoding enc, size_t *len, unsigned long *rows)
{
  char *text = NULL;
  size_t size = 0;
  FILE *fp = open_memstream (&text, &size);

  ck_assert_ptr_nonnull (fp);
  ck_assert_int_eq (export_records (store, reg, enc, fp, rows), EXPORT_OK);
  fclose (fp);
  if (len)
    *len = size;
  return text;
}

/* Writes TEXT to a file in the scratch directory; the path is malloc'd. */
static char *
write_file (const char *name, const char *text, size_t len)
{
  char *path = xasprintf ("%s/%s", dir, name);
  FILE *fp = fopen (path, "wb");

  ck_assert_ptr_nonnull (fp);
  ck_assert_uint_eq (fwrite (text, 1, len, fp), len);
  ck_assert_int_eq (fclose (fp), 0);
  return path;
}

/* Imports TEXT as the file "in.csv"; the report in *REPORT (malloc'd). */
static enum import_status
import_text (const char *text, struct import_totals *t, char **report)
{
  char *path = write_file ("in.csv", text, strlen (text));
  size_t size;
  FILE *fp = open_memstream (report, &size);
  enum import_status status;

  status = import_records_file (store, reg, path, "in.csv", t, fp);
  fclose (fp);
  free (path);
  return status;
}

static const char *
stored (const char *id, const char *field)
{
  static struct record *rec;

  record_free (&rec);
  if (store_get (store, id, &rec) != STORE_OK)
    return NULL;
  return record_get (rec, field);
}

/* The few columns the import tests use. */
#define HEADER "姓名,性别,民族,公民身份证号码,就业状态,工作单位全名称,无单位," \
  "单位类型（单选）,养老保险,医疗保险（单选）,未参保原因,经办人签名\r\n"

/* ------------------------------------------------------------ export */

START_TEST (test_export_header_and_rows)
{
  struct record *other = record_new ();
  unsigned long rows;
  char *text, *tail;
  const char *row;

  store_man (NULL, NULL);
  /* A person of another form and one with no form are left out. */
  record_set (other, "name", "王五");
  record_set (other, FORMSTATE_F_FORM, "hunan-uninsured");
  store_save (store, ID_OTHER, other, 0, "save", NULL, NULL);
  record_set (other, FORMSTATE_F_FORM, NULL);
  store_save (store, ID_WOMAN, other, 0, "save", NULL, NULL);
  record_free (&other);

  text = export_text (CHARSET_UTF8, NULL, &rows);
  ck_assert_uint_eq (rows, 1);
  /* Labels in paper order; the two addresses' parts by their names. */
  ck_assert_msg (strncmp (text, "市,县（市、区）,乡镇（街道）,村（社区）,姓名,",
                          strlen ("市,县（市、区）,乡镇（街道）,村（社区）,姓名,"))
                 == 0, "%s", text);
  ck_assert_ptr_nonnull (strstr (text, ",户口所在地（省/自治区/直辖市）,"));
  ck_assert_ptr_nonnull (strstr (text, ",常住所在地地址（省/自治区/直辖市）,"));
  row = strstr (text, ",状态\r\n");
  ck_assert_ptr_nonnull (row);
  row += strlen (",状态\r\n");
  /* Quoted where needed; 状态 as the status is called. */
  ck_assert_msg (strstr (row, ",张三,男,汉族,," ID_MAN ",已单位就业,"
                         "\"长沙市\"\"某某\"\",机械有限公司\",") != NULL,
                 "%s", row);
  tail = xasprintf (",李四,,%s\r\n", store_status_name ("reviewed"));
  ck_assert_uint_ge (strlen (row), strlen (tail));
  ck_assert_str_eq (row + strlen (row) - strlen (tail), tail);
  free (tail);
  ck_assert_ptr_null (strstr (row, "王五"));
  ck_assert_ptr_null (strchr (strchr (row, '\n') + 1, '\n'));
  free (text);
}
END_TEST

START_TEST (test_export_headings_unique)
{
  for (size_t f = 0; forms[f]; f++)
    for (size_t i = 0; i < forms[f]->n_fields; i++)
      for (size_t j = i + 1; j < forms[f]->n_fields; j++)
        ck_assert_str_ne (export_records_header (forms[f], i),
                          export_records_header (forms[f], j));
}
END_TEST

START_TEST (test_export_gb18030_bytes)
{
  size_t len, ulen, glen;
  char *utf8, *gb, *expected;

  store_man (NULL, NULL);
  utf8 = export_text (CHARSET_UTF8, &ulen, NULL);
  gb = export_text (CHARSET_GB18030, &len, NULL);
  /* 市 is CA D0 in GB18030 (and in GBK and GB2312). */
  ck_assert (memcmp (gb, "\xca\xd0,", 3) == 0);
  expected = charset_convert ("GB18030", "UTF-8", utf8, ulen, &glen);
  ck_assert_uint_eq (len, glen);
  ck_assert (memcmp (gb, expected, len) == 0);
  free (expected);
  free (gb);
  /* With a byte-order mark: the mark, then the same bytes. */
  gb = export_text (CHARSET_UTF8_BOM, &len, NULL);
  ck_assert_uint_eq (len, ulen + 3);
  ck_assert (memcmp (gb, "\xef\xbb\xbf", 3) == 0);
  ck_assert (memcmp (gb + 3, utf8, ulen) == 0);
  free (gb);
  free (utf8);
}
END_TEST

/* ------------------------------------------------------------ import */

START_TEST (test_import_good_and_bad_rows)
{
  struct import_totals t;
  char *report = NULL;

  ck_assert_int_eq (import_text (HEADER
    "张三,男,汉族," ID_MAN ",已单位就业,某某公司,,企业,"
    "城镇职工基本养老保险,城镇职工基本医疗保险,,李四\r\n"
    "\r\n"
    /* line 4: a man's ID under 女, and no 未参保原因 */
    "王五,女,汉族," ID_OTHER ",无单位,,灵活就业,,,,,\r\n"
    /* line 5: fine; the spaces around the ID go */
    "李梅,女,汉族, " ID_WOMAN " ,无单位,,灵活就业,,,新型农村合作医疗,,\r\n"
    /* line 6: the same person again */
    "李梅,女,汉族," ID_WOMAN ",无单位,,灵活就业,,,新型农村合作医疗,,\r\n"
    /* line 7: a field too few */
    "赵六,男,汉族," ID_MAN ",无单位\r\n"
    /* line 8: a bad check character */
    "钱七,男,汉族,430102199003071235,无单位,,灵活就业,,,新型农村合作医疗,,\r\n",
    &t, &report), IMPORT_OK);
  ck_assert_uint_eq (t.rows, 6);
  ck_assert_uint_eq (t.imported, 2);
  ck_assert_uint_eq (t.unchanged, 0);
  ck_assert_uint_eq (t.rejected, 4);
  ck_assert_msg (strstr (report, "in.csv:4: ") && strstr (report, "in.csv:6: ")
                 && strstr (report, "in.csv:7: ")
                 && strstr (report, "in.csv:8: "), "%s", report);
  ck_assert_ptr_null (strstr (report, "in.csv:2:"));
  ck_assert_ptr_null (strstr (report, "in.csv:5:"));
  /* Line 4 names both of its problems, each by the field's name. */
  {
    const char *l4 = strstr (report, "in.csv:4: ");
    const char *end = strchr (l4, '\n');
    const char *sex = strstr (l4, "性别");
    const char *reason = strstr (l4, "未参保原因");

    ck_assert (sex && sex < end && reason && reason < end);
  }
  ck_assert_str_eq (stored (ID_WOMAN, "name"), "李梅");
  ck_assert_str_eq (stored (ID_WOMAN, "id"), ID_WOMAN);
  ck_assert_str_eq (stored (ID_WOMAN, FORMSTATE_F_FORM), "registration");
  ck_assert_str_eq (stored (ID_WOMAN, STORE_F_STATUS), "entered");
  /* Blank in the file: the importing clerk signs. */
  ck_assert_str_eq (stored (ID_WOMAN, "clerk"), "张小丽");
  ck_assert_str_eq (stored (ID_MAN, "clerk"), "李四");
  ck_assert_ptr_null (stored (ID_OTHER, "name"));
  free (report);
}
END_TEST

START_TEST (test_import_refuses_bad_header)
{
  static const char *const files[] = {
    /* not a column of the form */
    "姓名,性别,民族,公民身份证号码,备注\r\n",
    /* a column twice (label and id name the same field) */
    "姓名,性别,民族,公民身份证号码,就业状态,name\r\n",
    /* no 就业状态, which is required */
    "姓名,性别,民族,公民身份证号码\r\n",
    /* no ID */
    "姓名,性别,民族,就业状态\r\n",
    "",
  };
  struct import_totals t;

  for (size_t i = 0; i < ARRAY_SIZE (files); i++)
    {
      char *text = xasprintf ("%s张三,男,汉族," ID_MAN ",已单位就业\r\n",
                              files[i]);
      char *report = NULL;

      ck_assert_int_eq (import_text (*files[i] ? text : "", &t, &report),
                        IMPORT_REFUSED);
      ck_assert_msg (strncmp (report, "in.csv:1: ", 10) == 0, "%s", report);
      ck_assert_uint_eq (t.rows, 0);
      free (report);
      free (text);
    }
  ck_assert_ptr_null (stored (ID_MAN, "name"));
}
END_TEST

START_TEST (test_import_refuses_bad_bytes)
{
  struct import_totals t;
  char *report = NULL;

  /* Line 2 holds a byte that starts no character in either encoding. */
  ck_assert_int_eq (import_text (HEADER "\xff\xff,男\r\n", &t, &report),
                    IMPORT_REFUSED);
  ck_assert_msg (strncmp (report, "in.csv:2: ", 10) == 0, "%s", report);
  free (report);
}
END_TEST

START_TEST (test_import_merges)
{
  struct import_totals t;
  char *report = NULL;

  store_man ("up.township", "东岸乡");
  /* A new mobile; the columns the file lacks (单位类型, 养老保险…) stay
     as stored, and 状态 is read past. */
  ck_assert_int_eq (import_text ("公民身份证号码,姓名,性别,民族,就业状态,"
                                 "工作单位全名称,无单位,未参保原因,"
                                 "手机（联系电话）,状态\r\n"
                                 ID_MAN ",张三,男,汉族,已单位就业,"
                                 "\"长沙市\"\"某某\"\",机械有限公司\",,,"
                                 "13812345678,whatever\r\n", &t, &report),
                    IMPORT_OK);
  ck_assert_msg (t.imported == 1 && t.rejected == 0, "%s", report);
  ck_assert_str_eq (stored (ID_MAN, "mobile"), "13812345678");
  ck_assert_str_eq (stored (ID_MAN, "unit_type"), "企业");
  ck_assert_str_eq (stored (ID_MAN, "pension"), "城镇职工基本养老保险");
  ck_assert_str_eq (stored (ID_MAN, "up.township"), "东岸乡");
  ck_assert_str_eq (stored (ID_MAN, STORE_F_STATUS), "entered");
  ck_assert_str_eq (stored (ID_MAN, STORE_F_REV), "2");
  /* The file leaves the saver blank and the record changes: re-signed. */
  ck_assert_str_eq (stored (ID_MAN, "clerk"), "张小丽");
  free (report);
}
END_TEST

START_TEST (test_round_trip_unchanged)
{
  static const enum charset_encoding encs[] = { CHARSET_UTF8, CHARSET_GB18030,
                                                CHARSET_UTF8_BOM };
  struct import_totals t;
  char *report = NULL;

  store_man ("up.township", "东岸乡");
  ck_assert_int_eq (import_text (HEADER
    "李梅,女,汉族," ID_WOMAN ",无单位,,灵活就业,,,新型农村合作医疗,,\r\n",
    &t, &report), IMPORT_OK);
  free (report);
  for (size_t i = 0; i < ARRAY_SIZE (encs); i++)
    {
      size_t len;
      char *text = export_text (encs[i], &len, NULL);
      char *path = write_file ("export.csv", text, len);
      FILE *fp = open_memstream (&report, &len);

      ck_assert_int_eq (import_records_file (store, reg, path, "export.csv",
                                             &t, fp), IMPORT_OK);
      fclose (fp);
      ck_assert_msg (t.rows == 2 && t.unchanged == 2 && t.imported == 0
                     && t.rejected == 0, "encoding %zu: %s", i, report);
      ck_assert_str_eq (report, "");
      free (report);
      free (path);
      free (text);
    }
  /* The reviewed record stays reviewed: nothing was written. */
  ck_assert_str_eq (stored (ID_MAN, STORE_F_STATUS), "reviewed");
  ck_assert_str_eq (stored (ID_MAN, STORE_F_REV), "1");
}
END_TEST

Suite *
suite_records (void)
{
  Suite *s = suite_create ("records");
  TCase *tc = tcase_create ("records");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_export_header_and_rows);
  tcase_add_test (tc, test_export_headings_unique);
  tcase_add_test (tc, test_export_gb18030_bytes);
  tcase_add_test (tc, test_import_good_and_bad_rows);
  tcase_add_test (tc, test_import_refuses_bad_header);
  tcase_add_test (tc, test_import_refuses_bad_bytes);
  tcase_add_test (tc, test_import_merges);
  tcase_add_test (tc, test_round_trip_unchanged);
  suite_add_tcase (s, tc);
  return s;
}
