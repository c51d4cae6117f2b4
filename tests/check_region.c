/*
 * check_region.c — GB/T 2260 names: current, abolished and newer codes,
 * the fallback to prefecture and province, and the table's own order.
 */
#include "system.h"

#include <check.h>

#include "region.h"
#include "suites.h"

/* region_name into a roomy buffer; checks the returned length. */
static void
assert_name (const char *code, const char *expected)
{
  char buf[256];
  size_t len = region_name (code, buf, sizeof buf);

  ck_assert_str_eq (buf, expected);
  ck_assert_uint_eq (len, strlen (expected));
}

START_TEST (test_abolished_county)
{
  struct region_info info;

  ck_assert (region_lookup ("430122", &info));
  ck_assert_str_eq (info.code, "430122");
  ck_assert_str_eq (info.province, "湖南省");
  ck_assert_str_eq (info.prefecture, "长沙市");
  ck_assert_str_eq (info.county, "望城县");
  ck_assert (info.exact);
  ck_assert (info.abolished);
  assert_name ("430122", "湖南省长沙市望城县");
}
END_TEST

START_TEST (test_current_county)
{
  struct region_info info;

  ck_assert (region_lookup ("430103", &info));
  ck_assert (info.exact);
  ck_assert (!info.abolished);
  assert_name ("430103", "湖南省长沙市天心区");
  /* 望城县 became 望城区 under a new code. */
  ck_assert (region_lookup ("430112", &info));
  ck_assert (!info.abolished);
  assert_name ("430112", "湖南省长沙市望城区");
}
END_TEST

START_TEST (test_placeholder_prefecture_left_out)
{
  struct region_info info;

  ck_assert (region_lookup ("110105", &info));
  ck_assert_str_eq (info.prefecture, "");
  assert_name ("110105", "北京市朝阳区");
  /* 重庆's "县" and Hainan's directly run counties. */
  assert_name ("500230", "重庆市丰都县");
  assert_name ("469001", "海南省五指山市");
}
END_TEST

START_TEST (test_newer_code)
{
  struct region_info info;

  /* 宁乡县 became 宁乡市 (430182) in 2017, after the last GB2260 revision. */
  ck_assert (region_lookup ("430182", &info));
  ck_assert (info.exact);
  ck_assert (!info.abolished);
  ck_assert_str_eq (info.county, "宁乡市");
  assert_name ("430182", "湖南省长沙市宁乡市");
}
END_TEST

START_TEST (test_unknown_county_falls_back)
{
  struct region_info info;

  ck_assert (region_lookup ("430199", &info));
  ck_assert (!info.exact);
  ck_assert_str_eq (info.code, "430100");
  ck_assert_str_eq (info.province, "湖南省");
  ck_assert_str_eq (info.prefecture, "长沙市");
  ck_assert_str_eq (info.county, "");
  assert_name ("430199", "湖南省长沙市");
}
END_TEST

START_TEST (test_unknown_prefecture_falls_back)
{
  struct region_info info;

  ck_assert (region_lookup ("439901", &info));
  ck_assert (!info.exact);
  ck_assert_str_eq (info.code, "430000");
  ck_assert_str_eq (info.prefecture, "");
  assert_name ("439901", "湖南省");
}
END_TEST

START_TEST (test_prefecture_code_is_exact)
{
  struct region_info info;

  /* 东莞 has no counties; its IDs carry the prefecture code itself. */
  ck_assert (region_lookup ("441900", &info));
  ck_assert (info.exact);
  assert_name ("441900", "广东省东莞市");
}
END_TEST

START_TEST (test_unknown_province)
{
  struct region_info info = { .code = "keep" };
  char buf[8] = "junk";

  ck_assert (!region_lookup ("990000", &info));
  ck_assert (!region_lookup ("991234", &info));
  ck_assert_str_eq (info.code, "keep");
  ck_assert_uint_eq (region_name ("990000", buf, sizeof buf), 0);
  ck_assert_str_eq (buf, "");
}
END_TEST

START_TEST (test_malformed_codes)
{
  struct region_info info;

  ck_assert (!region_lookup ("43012", &info));
  ck_assert (!region_lookup ("4301220", &info));
  ck_assert (!region_lookup ("43012X", &info));
  ck_assert (!region_lookup ("", &info));
  assert_name ("4301", "");
}
END_TEST

START_TEST (test_name_truncates_between_characters)
{
  char buf[8];
  char none[1] = { 'z' };

  /* 湖南省长沙市望城县 is 9 characters of 3 bytes each. */
  ck_assert_uint_eq (region_name ("430122", buf, sizeof buf), 27);
  ck_assert_str_eq (buf, "湖南");
  ck_assert_uint_eq (region_name ("430122", none, sizeof none), 27);
  ck_assert_int_eq (none[0], '\0');
  ck_assert_uint_eq (region_name ("430122", NULL, 0), 27);
}
END_TEST

static bool
is_six_digits (const char *code)
{
  return strlen (code) == 6 && strspn (code, "0123456789") == 6;
}

START_TEST (test_table_codes_sorted)
{
  struct region_info prev, row;
  size_t n = region_count ();

  ck_assert_uint_gt (n, 3000);
  for (size_t i = 0; i < n; i++)
    {
      ck_assert (region_nth (i, &row));
      ck_assert_msg (is_six_digits (row.code), "row %zu: code %s", i, row.code);
      if (i > 0)
        ck_assert_msg (strcmp (prev.code, row.code) < 0,
                       "rows %zu and %zu: %s then %s", i - 1, i, prev.code,
                       row.code);
      prev = row;
    }
  ck_assert (!region_nth (n, &row));
}
END_TEST

START_TEST (test_table_rows_are_consistent)
{
  struct region_info row, found;

  for (size_t i = 0; region_nth (i, &row); i++)
    {
      bool province_row = strcmp (row.code + 2, "0000") == 0;
      bool prefecture_row = !province_row && strcmp (row.code + 4, "00") == 0;

      ck_assert_msg (*row.province, "row %s: no province", row.code);
      ck_assert_msg (prefecture_row || province_row || *row.county,
                     "row %s: county row without a county", row.code);
      ck_assert_msg (!(prefecture_row || province_row) || !*row.county,
                     "row %s: county name on a higher row", row.code);
      ck_assert_msg (!province_row || !*row.prefecture,
                     "row %s: prefecture name on a province row", row.code);
      /* Every row can be found by binary search, as itself. */
      ck_assert (region_lookup (row.code, &found));
      ck_assert (found.exact);
      ck_assert_str_eq (found.code, row.code);
    }
}
END_TEST

Suite *
suite_region (void)
{
  Suite *s = suite_create ("region");
  TCase *lookup = tcase_create ("lookup");
  TCase *table = tcase_create ("table");

  tcase_add_test (lookup, test_abolished_county);
  tcase_add_test (lookup, test_current_county);
  tcase_add_test (lookup, test_placeholder_prefecture_left_out);
  tcase_add_test (lookup, test_newer_code);
  tcase_add_test (lookup, test_unknown_county_falls_back);
  tcase_add_test (lookup, test_unknown_prefecture_falls_back);
  tcase_add_test (lookup, test_prefecture_code_is_exact);
  tcase_add_test (lookup, test_unknown_province);
  tcase_add_test (lookup, test_malformed_codes);
  tcase_add_test (lookup, test_name_truncates_between_characters);
  suite_add_tcase (s, lookup);

  tcase_add_test (table, test_table_codes_sorted);
  tcase_add_test (table, test_table_rows_are_consistent);
  suite_add_tcase (s, table);
  return s;
}
