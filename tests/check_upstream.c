/*
 * check_upstream.c — rows of the upstream format 1: result codes and
 * names, header mapping in any order with unknown columns, every
 * normalisation of section 1 and 2 of the spec, and every reason a row is
 * rejected.
 */
#include "system.h"

#include <check.h>

#include "msg.h"
#include "record.h"
#include "suites.h"
#include "upstream.h"

static const char *const ethnic_codes[] = { "01", "02", "03" };
static const char *const ethnic_names[] = { "汉族", "蒙古族", "回族" };
static const char *const schemes[] = {
  "城乡居民基本养老保险（含城居保和新农保）", "职工基本养老保险",
  "城乡居民基本医疗保险", "职工基本医疗保险"
};
static const struct upstream_vocab vocab = {
  ethnic_codes, ethnic_names, 3, schemes, ARRAY_SIZE (schemes)
};

/* The spec's columns in the spec's order. */
static const char *const spec_header[] = {
  "序号", "乡镇（街道）", "村（社区）", "公民身份证号码", "姓名", "性别", "民族",
  "出生日期", "户口所在地", "常住所在地", "联系手机", "就业状态", "单位全称",
  "养老", "医疗", "工伤", "失业", "生育", "未参保原因", "异地参保", "数据来源",
  "比对结果", "比对说明"
};

static struct upstream_header header;

static void
map_spec_header (void)
{
  upstream_header_map (&header, spec_header, ARRAY_SIZE (spec_header));
}

static void
release_header (void)
{
  upstream_header_release (&header);
}

/* A good row; tests change one field at a time. */
static const char *row_fields[23];

static void
reset_row (void)
{
  static const char *const good[23] = {
    "1", "城关镇", "光明村", "430103198407172172", "张三", "男", "汉族",
    "19840717", "湖南省长沙市天心区", "湖南省长沙市天心区", "13800138000",
    "未就业", "", "城乡居民基本养老保险", "", "", "否", "是", "", "", "公安",
    "01", ""
  };
  memcpy (row_fields, good, sizeof good);
}

static enum upstream_verdict
parse (struct upstream_row *row, const char **reason)
{
  return upstream_row_parse (&header, &vocab, row_fields,
                             ARRAY_SIZE (row_fields), row, reason);
}

START_TEST (test_results_codes_and_names)
{
  unsigned bits;
  char buf[64];

  ck_assert_int_eq (UP_NRESULTS, 12);
  ck_assert_str_eq (upstream_result_code (0), "01");
  ck_assert_str_eq (upstream_result_name (4), "户口所在地不一致");
  ck_assert (upstream_results_parse ("05;01", &bits));
  ck_assert_uint_eq (bits, UP_R01 | UP_R05);
  upstream_results_format (bits, buf, sizeof buf);
  ck_assert_str_eq (buf, "01;05");
  ck_assert (upstream_results_parse ("姓名不一致；户口所在地不一致", &bits));
  ck_assert_uint_eq (bits, UP_R01 | UP_R05);
  ck_assert (upstream_results_parse ("20", &bits));
  ck_assert_uint_eq (bits, UP_R20);
  ck_assert (!upstream_results_parse ("06", &bits));
  ck_assert (!upstream_results_parse ("01;不知道", &bits));
}
END_TEST

START_TEST (test_header_any_order_and_unknown)
{
  const char *names[] = { "备注", "比对结果", "数据来源", "姓名",
                          "公民身份证号码" };
  struct upstream_header h;

  upstream_header_map (&h, names, ARRAY_SIZE (names));
  ck_assert_int_eq (h.field_of[UP_RESULT], 1);
  ck_assert_int_eq (h.field_of[UP_SOURCE], 2);
  ck_assert_int_eq (h.field_of[UP_NAME], 3);
  ck_assert_int_eq (h.field_of[UP_ID], 4);
  ck_assert_int_eq (h.field_of[UP_SEX], -1);
  ck_assert_uint_eq (h.n_unknown, 1);
  ck_assert_str_eq (h.unknown[0], "备注");
  ck_assert (upstream_header_plausible (&h));
  upstream_header_release (&h);

  {
    const char *junk[] = { "a", "b" };

    upstream_header_map (&h, junk, 2);
    ck_assert (!upstream_header_plausible (&h));
    upstream_header_release (&h);
  }
}
END_TEST

START_TEST (test_good_row_normalised)
{
  struct upstream_row row;
  const char *reason;

  reset_row ();
  row_fields[5] = "1";
  row_fields[6] = "03";
  row_fields[7] = "1984-07-17";
  row_fields[15] = "";
  row_fields[21] = "05;01";
  ck_assert_int_eq (parse (&row, &reason), UPSTREAM_OK);
  ck_assert_ptr_null (reason);
  ck_assert_str_eq (row.value[UP_SEX], "男");
  ck_assert_str_eq (row.value[UP_ETHNICITY], "回族");
  ck_assert_str_eq (row.value[UP_BIRTH], "19840717");
  ck_assert_str_eq (row.value[UP_INJURY], "否");
  ck_assert_str_eq (row.value[UP_PENSION],
                    "城乡居民基本养老保险（含城居保和新农保）");
  ck_assert_str_eq (row.value[UP_RESULT], "01;05");
  ck_assert_uint_eq (row.results, UP_R01 | UP_R05);
  ck_assert (row.id_valid);
  upstream_row_release (&row);
}
END_TEST

START_TEST (test_id_forms)
{
  struct upstream_row row;
  const char *reason;

  reset_row ();
  /* 15 digits, upgraded with its check character. */
  row_fields[3] = "430122650312123";
  ck_assert_int_ne (parse (&row, &reason), UPSTREAM_REJECT);
  ck_assert_str_eq (row.value[UP_ID], "430122196503121236");
  upstream_row_release (&row);
  /* Full-width digits and a lower-case x. */
  row_fields[3] = "４３０１０３１９８４０７１７２１７２";
  ck_assert_int_ne (parse (&row, &reason), UPSTREAM_REJECT);
  ck_assert_str_eq (row.value[UP_ID], "430103198407172172");
  upstream_row_release (&row);
  row_fields[3] = "11010519491231002x";
  ck_assert_int_ne (parse (&row, &reason), UPSTREAM_REJECT);
  ck_assert_str_eq (row.value[UP_ID], "11010519491231002X");
  upstream_row_release (&row);
  /* A wrong check digit with result 20: kept as written, not valid. */
  row_fields[3] = "430103198407172171";
  row_fields[21] = "20";
  ck_assert_int_eq (parse (&row, &reason), UPSTREAM_OK);
  ck_assert (!row.id_valid);
  ck_assert_str_eq (row.value[UP_ID], "430103198407172171");
  upstream_row_release (&row);
  /* Without 20 it is imported with a warning. */
  row_fields[21] = "01";
  ck_assert_int_eq (parse (&row, &reason), UPSTREAM_WARN);
  ck_assert_ptr_nonnull (reason);
  upstream_row_release (&row);
  /* 18 characters are 18 characters in any script: kept as written. */
  row_fields[3] = "43010319840717217中";
  row_fields[21] = "20";
  ck_assert_int_eq (parse (&row, &reason), UPSTREAM_OK);
  ck_assert (!row.id_valid);
  ck_assert_str_eq (row.value[UP_ID], "43010319840717217中");
  upstream_row_release (&row);
  row_fields[3] = "𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷𠮷";
  ck_assert_int_eq (parse (&row, &reason), UPSTREAM_OK);
  ck_assert_uint_eq (strlen (row.value[UP_ID]), UPSTREAM_ID_MAX);
  upstream_row_release (&row);
}
END_TEST

START_TEST (test_names_kept_as_written)
{
  struct upstream_row row;
  const char *reason;
  static const char *const names[] = { "买买提·艾力", "王䶮", "𠮷祥" };

  for (size_t i = 0; i < ARRAY_SIZE (names); i++)
    {
      reset_row ();
      row_fields[4] = names[i];
      ck_assert_int_eq (parse (&row, &reason), UPSTREAM_OK);
      ck_assert_str_eq (row.value[UP_NAME], names[i]);
      upstream_row_release (&row);
    }
}
END_TEST

/* Each rejection of spec section 2, with the column named in the
   reason. */
START_TEST (test_rejections)
{
  static const struct
  {
    int field;
    const char *value;
    const char *column;
  } cases[] = {
    { 3, "", "公民身份证号码" },
    { 4, "", "姓名" },
    { 20, "", "数据来源" },
    { 21, "", "比对结果" },
    { 3, "4301031984071721", "公民身份证号码" },
    { 3, "43010319840717217200", "公民身份证号码" },
    /* 18 bytes, but 6 characters. */
    { 3, "甲乙丙丁戊己", "公民身份证号码" },
    { 5, "3", "性别" },
    { 7, "19990230", "出生日期" },
    { 7, "1999-13-01", "出生日期" },
    { 15, "有", "工伤" },
    { 16, "Y", "失业" },
    { 17, "1", "生育" },
    { 20, "民政", "数据来源" },
    { 21, "99", "比对结果" },
  };

  for (size_t i = 0; i < ARRAY_SIZE (cases); i++)
    {
      struct upstream_row row;
      const char *reason = NULL;

      reset_row ();
      row_fields[cases[i].field] = cases[i].value;
      ck_assert_msg (parse (&row, &reason) == UPSTREAM_REJECT,
                     "case %zu (%s=%s) was not rejected", i,
                     cases[i].column, cases[i].value);
      ck_assert_ptr_nonnull (reason);
      ck_assert_msg (strstr (reason, cases[i].column) != NULL,
                     "case %zu: reason \"%s\" does not name %s", i, reason,
                     cases[i].column);
      upstream_row_release (&row);
    }
}
END_TEST

START_TEST (test_missing_column_reads_empty)
{
  const char *names[] = { "公民身份证号码", "姓名", "数据来源", "比对结果" };
  const char *fields[] = { "430103198407172172", "张三", "社保", "10" };
  struct upstream_header h;
  struct upstream_row row;
  const char *reason;

  upstream_header_map (&h, names, 4);
  ck_assert_int_eq (upstream_row_parse (&h, &vocab, fields, 4, &row,
                                        &reason), UPSTREAM_OK);
  ck_assert_str_eq (row.value[UP_VILLAGE], "");
  ck_assert_str_eq (row.value[UP_INJURY], "否");
  ck_assert_str_eq (row.value[UP_SOURCE], "社保");
  upstream_row_release (&row);
  upstream_header_release (&h);
}
END_TEST

/* The store holds values of RECORD_VALUE_MAX bytes; the importer would
   leave a longer one out of the record without a word. */
START_TEST (test_value_longer_than_a_record_holds)
{
  static const char scheme[] = "城乡居民基本养老保险";
  struct upstream_row row;
  const char *reason;
  char *note = xmalloc (RECORD_VALUE_MAX + 2), *pension;
  size_t n = 1500, used = 0;

  reset_row ();
  memset (note, 'a', RECORD_VALUE_MAX);
  note[RECORD_VALUE_MAX] = '\0';
  row_fields[22] = note;
  ck_assert_int_eq (parse (&row, &reason), UPSTREAM_OK);
  upstream_row_release (&row);
  strcpy (note + RECORD_VALUE_MAX, "a");
  ck_assert_int_eq (parse (&row, &reason), UPSTREAM_REJECT);
  ck_assert_ptr_nonnull (reason);
  upstream_row_release (&row);
  free (note);

  /* 1500 bare scheme names fit; with the note the form prints after
     each, they no longer do. */
  reset_row ();
  pension = xmalloc (n * (sizeof scheme + 3));
  for (size_t i = 0; i < n; i++)
    used += (size_t) sprintf (pension + used, "%s%s", i ? "、" : "", scheme);
  ck_assert_uint_lt (used, RECORD_VALUE_MAX);
  row_fields[13] = pension;
  ck_assert_int_eq (parse (&row, &reason), UPSTREAM_REJECT);
  upstream_row_release (&row);
  free (pension);
}
END_TEST

Suite *
suite_upstream (void)
{
  Suite *s = suite_create ("upstream");
  TCase *tc = tcase_create ("upstream");

  tcase_add_checked_fixture (tc, map_spec_header, release_header);
  tcase_add_test (tc, test_results_codes_and_names);
  tcase_add_test (tc, test_header_any_order_and_unknown);
  tcase_add_test (tc, test_good_row_normalised);
  tcase_add_test (tc, test_id_forms);
  tcase_add_test (tc, test_names_kept_as_written);
  tcase_add_test (tc, test_rejections);
  tcase_add_test (tc, test_missing_column_reads_empty);
  tcase_add_test (tc, test_value_longer_than_a_record_holds);
  suite_add_tcase (s, tc);
  return s;
}
