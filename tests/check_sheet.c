/*
 * check_sheet.c — the 核对表: the paper's columns, who is on a village's
 * sheet and what each column holds (keyed form, else upstream), the
 * header's places, widths that do not depend on the locale, cut values,
 * pages of a fixed length, and both encodings.  tests/cli/sheet.sh
 * compares whole sheets with tests/expected.
 */
#include "system.h"

#include <check.h>
#include <locale.h>

#include "charset.h"
#include "formstate.h"
#include "msg.h"
#include "sheet.h"
#include "store.h"
#include "suites.h"
#include "testutil.h"

/* Valid IDs (GB 11643 check characters): 长沙市望城区 twice, then
   乌鲁木齐市天山区. */
#define ID_A "430112198001010014"
#define ID_B "430112197505050058"
#define ID_C "650102199207070074"
#define ID_D "430112196001010015"

static char *dir;
static struct store *store;

static void
setup (void)
{
  char *error = NULL;
  struct clerk clerk;

  dir = testutil_mkdtemp ("sheet");
  ck_assert_int_eq (store_open (dir, &store, &error), STORE_OK);
  clerk_from_passwd (&clerk, "zhangxl", "张小丽,,,");
  store_set_clerk (store, &clerk);
}

static void
teardown (void)
{
  store_close (&store);
  testutil_rmtree (dir);
  free (dir);
  dir = NULL;
}

/* Saves the record of ID made of the NULL-terminated name/value PAIRS. */
static void
put (const char *id, const char *const *pairs)
{
  struct record *rec = record_new ();

  for (size_t i = 0; pairs[i]; i += 2)
    ck_assert_int_eq (record_set (rec, pairs[i], pairs[i + 1]), 0);
  ck_assert_int_eq (store_save (store, id, rec, 0, "save", NULL, NULL),
                    STORE_OK);
  record_free (&rec);
}

/* A keyed worker (A), a person known only upstream (B), a keyed person
   without the form's places (C), and one of a village whose name starts
   with this one's (D). */
static void
store_village (void)
{
  static const char *const a[] = {
    FORMSTATE_F_FORM, "registration", "name", "张三", "id", ID_A,
    "city", "长沙市", "county", "望城区", "township", "白箬铺镇",
    "village", "团山湖村", "employment", "已单位就业",
    "employer", "长沙市望城区白箬铺镇团山湖村农机专业合作社",
    "hukou_province", "湖南省", "hukou_prefecture", "长沙市",
    "hukou_county", "望城区", "home_province", "湖南省",
    "home_prefecture", "长沙市", "home_county", "望城区",
    "home_township", "白箬铺镇", "home_village", "团山湖村",
    "home_street", "5组3号", "mobile", "13807310002",
    "pension", "城镇职工基本养老保险", "medical", "城镇职工基本医疗保险",
    "injury", "工伤保险", "maternity", "生育保险",
    /* Upstream rows stay beside a keyed form: only 异地参保 is used. */
    "up.village", "团山湖村", "up.gongan.name", "张叁",
    "up.shebao.insured_elsewhere", "浙江省杭州市", NULL
  };
  static const char *const b[] = {
    "up.township", "白箬铺镇", "up.village", "团山湖村",
    "up.gongan.name", "刘七", "up.shebao.name", "刘柒",
    "up.gongan.hukou", "湖南省长沙市望城区白箬铺镇团山湖村",
    "up.shebao.mobile", "13907310005",
    "up.gongan.employment", "灵活就业",
    "up.shebao.pension", "城乡居民基本养老保险（含城居保和新农保）",
    "up.shebao.injury", "否", "up.shebao.unemployment", "是",
    "up.gongan.insured_elsewhere", "广东省深圳市",
    "up.shebao.insured_elsewhere", "广西壮族自治区", NULL
  };
  static const char *const c[] = {
    FORMSTATE_F_FORM, "registration", "name", "李\xf0\xa0\xae\xb7",
    "id", ID_C, "village", "团山湖村", "employment", "无单位",
    "no_employer", "已办理离退休手续或已领取养老待遇",
    "reason_uninsured", "出国（含留学、定居、就业）", NULL
  };
  static const char *const d[] = {
    FORMSTATE_F_FORM, "registration", "name", "钱九", "id", ID_D,
    "village", "团山湖村东", "township", "别的镇", NULL
  };

  put (ID_A, a);
  put (ID_B, b);
  put (ID_C, c);
  put (ID_D, d);
}

static struct sheet *
load (const char *village)
{
  struct sheet_options o = { village, "张小丽", "13874310000", "李建国",
                             "王志强", 20250308 };
  struct sheet *s = NULL;

  ck_assert_int_eq (sheet_load (store, &o, &s), STORE_OK);
  ck_assert_ptr_nonnull (s);
  return s;
}

START_TEST (test_columns)
{
  static const char *const labels[SHEET_NCOLUMNS] = {
    "序号", "姓名", "公民身份证号码", "单位全称", "无单位", "户口所在地",
    "常住所在地", "联系手机", "养老", "医疗", "工伤", "失业", "生育",
    "未参保原因", "异地参保"
  };
  int width = SHEET_NCOLUMNS - 1;

  for (int c = 0; c < SHEET_NCOLUMNS; c++)
    {
      const char *group = sheet_column_group ((enum sheet_column) c);

      ck_assert_str_eq (sheet_column_label ((enum sheet_column) c),
                        labels[c]);
      if (c == SHEET_EMPLOYER || c == SHEET_NO_EMPLOYER)
        ck_assert_str_eq (group, "就业状态");
      else if (c >= SHEET_PENSION && c <= SHEET_MATERNITY)
        ck_assert_str_eq (group, "现参保情况");
      else
        ck_assert_ptr_null (group);
      /* Every heading fits its column. */
      ck_assert_int_ge (sheet_column_width ((enum sheet_column) c),
                        sheet_columns (labels[c]));
      width += sheet_column_width ((enum sheet_column) c);
    }
  ck_assert_int_eq (width, SHEET_TEXT_WIDTH);
  ck_assert_str_eq (sheet_place_label (SHEET_COUNTY), "县（区）");
}
END_TEST

START_TEST (test_widths_ignore_locale)
{
  /* The same under any locale: this is for paper. */
  setlocale (LC_ALL, "C");
  ck_assert_int_eq (sheet_columns ("李\xf0\xa0\xae\xb7"), 4);
  ck_assert_int_eq (sheet_columns ("阿依古丽·买买提"), 16);
  ck_assert_int_eq (sheet_columns ("3组12号"), 7);
  ck_assert_int_eq (sheet_columns ("№１"), 4);
  ck_assert_int_eq (sheet_columns (""), 0);
  setlocale (LC_ALL, "C.UTF-8");
}
END_TEST

START_TEST (test_load)
{
  struct sheet *s;

  store_village ();
  s = load ("团山湖村");
  /* ID order; 钱九 of 团山湖村东 is not here. */
  ck_assert_uint_eq (s->n_rows, 3);
  ck_assert_str_eq (s->rows[0].value[SHEET_SEQ], "1");
  ck_assert_str_eq (s->rows[0].value[SHEET_NAME], "刘七");
  ck_assert_str_eq (s->rows[1].value[SHEET_NAME], "张三");
  ck_assert_str_eq (s->rows[2].value[SHEET_SEQ], "3");
  ck_assert_str_eq (s->rows[2].value[SHEET_ID], ID_C);

  /* Upstream only: 公安 first, 社保 where 公安 has nothing. */
  ck_assert_str_eq (s->rows[0].value[SHEET_ID], ID_B);
  ck_assert_str_eq (s->rows[0].value[SHEET_HUKOU],
                    "湖南省长沙市望城区白箬铺镇团山湖村");
  ck_assert_str_eq (s->rows[0].value[SHEET_MOBILE], "13907310005");
  ck_assert_str_eq (s->rows[0].value[SHEET_EMPLOYER], "");
  ck_assert_str_eq (s->rows[0].value[SHEET_NO_EMPLOYER], "灵活就业");
  ck_assert_str_eq (s->rows[0].value[SHEET_PENSION],
                    "城乡居民基本养老保险（含城居保和新农保）");
  ck_assert_str_eq (s->rows[0].value[SHEET_INJURY], "");
  ck_assert_str_eq (s->rows[0].value[SHEET_UNEMPLOYMENT], "是");
  ck_assert_str_eq (s->rows[0].value[SHEET_ELSEWHERE], "广东省深圳市");

  /* Keyed: the form's fields, boxes as 是, addresses joined; upstream's
     name is not used, its 异地参保 is. */
  ck_assert_str_eq (s->rows[1].value[SHEET_EMPLOYER],
                    "长沙市望城区白箬铺镇团山湖村农机专业合作社");
  ck_assert_str_eq (s->rows[1].value[SHEET_NO_EMPLOYER], "");
  ck_assert_str_eq (s->rows[1].value[SHEET_HUKOU], "湖南省长沙市望城区");
  ck_assert_str_eq (s->rows[1].value[SHEET_HOME],
                    "湖南省长沙市望城区白箬铺镇团山湖村5组3号");
  ck_assert_str_eq (s->rows[1].value[SHEET_INJURY], "是");
  ck_assert_str_eq (s->rows[1].value[SHEET_UNEMPLOYMENT], "");
  ck_assert_str_eq (s->rows[1].value[SHEET_MATERNITY], "是");
  ck_assert_str_eq (s->rows[1].value[SHEET_ELSEWHERE], "浙江省杭州市");
  ck_assert_str_eq (s->rows[2].value[SHEET_REASON],
                    "出国（含留学、定居、就业）");

  /* The places: the form's, then the commonest ID region's (430112 twice
     against 650102 once). */
  ck_assert_str_eq (s->place[SHEET_PROVINCE], "湖南省");
  ck_assert_str_eq (s->place[SHEET_CITY], "长沙市");
  ck_assert_str_eq (s->place[SHEET_COUNTY], "望城区");
  ck_assert_str_eq (s->place[SHEET_TOWNSHIP], "白箬铺镇");
  ck_assert_str_eq (s->place[SHEET_VILLAGE], "团山湖村");
  ck_assert_str_eq (s->date, "2025年3月8日");
  sheet_free (&s);
  ck_assert_ptr_null (s);

  s = load ("团山");
  ck_assert_uint_eq (s->n_rows, 0);
  sheet_free (&s);
}
END_TEST

START_TEST (test_places_from_region)
{
  struct sheet *s;

  store_village ();
  s = load ("团山湖村东");
  ck_assert_uint_eq (s->n_rows, 1);
  ck_assert_str_eq (s->place[SHEET_TOWNSHIP], "别的镇");
  ck_assert_str_eq (s->place[SHEET_COUNTY], "望城区");
  ck_assert_str_eq (s->place[SHEET_CITY], "长沙市");
  sheet_free (&s);
}
END_TEST

/* The line's columns; it must be no wider than the sheet. */
static int
line_columns (const char *line)
{
  int w = sheet_columns (line);

  ck_assert_int_le (w, SHEET_TEXT_WIDTH);
  return w;
}

START_TEST (test_text_pages)
{
  struct sheet *s;
  struct sheet_text t;
  char *seq;
  int found = 0;

  store_village ();
  s = load ("团山湖村");
  ck_assert (!sheet_text_render (s, SHEET_MIN_LINES - 1, &t));
  ck_assert (!sheet_text_render (s, SHEET_MAX_LINES + 1, &t));
  /* One person a page. */
  ck_assert (sheet_text_render (s, SHEET_MIN_LINES, &t));
  ck_assert_uint_eq (t.n_pages, 3);
  ck_assert_uint_eq (t.lines_per_page, SHEET_MIN_LINES);
  for (size_t p = 0; p < t.n_pages; p++)
    {
      char **page = t.lines + p * t.lines_per_page;
      char *number = xasprintf ("第 %zu 页 共 3 页", p + 1);

      for (size_t i = 0; i < t.lines_per_page; i++)
        {
          line_columns (page[i]);
          ck_assert_ptr_null (strchr (page[i], '\f'));
          ck_assert_ptr_null (strchr (page[i], '\n'));
        }
      ck_assert_ptr_nonnull (strstr (page[0], SHEET_TITLE));
      ck_assert_ptr_nonnull (strstr (page[1], "村（社区）：团山湖村"));
      ck_assert_ptr_nonnull (strstr (page[1], "经办人：张小丽"));
      ck_assert_ptr_nonnull (strstr (page[3], "就业状态"));
      ck_assert_ptr_nonnull (strstr (page[4], "公民身份证号码"));
      ck_assert_ptr_nonnull (strstr (page[5], "单位全称"));
      ck_assert_ptr_nonnull (strstr (page[t.lines_per_page - 2],
                                     "填报时间：2025年3月8日"));
      ck_assert_ptr_nonnull (strstr (page[t.lines_per_page - 1], number));
      free (number);
      /* 序号 runs on: page P holds person P + 1. */
      seq = xasprintf ("   %zu ", p + 1);
      ck_assert_msg (strncmp (page[7], seq, strlen (seq)) == 0, "%s",
                     page[7]);
      free (seq);
    }
  /* On paper: the unit cut to its column, the notes and the header's
     places left out. */
  for (size_t i = 0; i < t.n_pages * t.lines_per_page; i++)
    {
      const char *line = t.lines[i];

      if (strstr (line, "张三"))
        {
          found++;
          ck_assert_ptr_nonnull (strstr (line, " 长沙市望城区白箬铺镇 "));
          ck_assert_ptr_null (strstr (line, "合作社"));
          ck_assert_ptr_nonnull (strstr (line, " 望城区 "));
          ck_assert_ptr_nonnull (strstr (line, " 5组3号 "));
          ck_assert_ptr_nonnull (strstr (line, " 是   "));
        }
      if (strstr (line, "刘七"))
        {
          found++;
          ck_assert_ptr_nonnull (strstr (line, " 城乡居民基本养老保险 "));
          ck_assert_ptr_null (strstr (line, "含城居保"));
        }
      if (strstr (line, ID_C))
        {
          found++;
          ck_assert_ptr_nonnull (strstr (line, " 已办理离退休 "));
          ck_assert_ptr_nonnull (strstr (line, " 出国"));
          ck_assert_ptr_null (strstr (line, "留学"));
        }
    }
  ck_assert_int_eq (found, 3);
  sheet_text_release (&t);
  ck_assert_ptr_null (t.lines);
  sheet_free (&s);
}
END_TEST

START_TEST (test_text_cut_at_characters)
{
  struct sheet s;
  struct sheet_row row;
  struct sheet_text t;
  char *name;
  const char *line;

  memset (&s, 0, sizeof s);
  for (int p = 0; p < SHEET_NPLACES; p++)
    s.place[p] = "";
  s.clerk = s.phone = s.reviewer = s.head = s.date = "";
  for (int c = 0; c < SHEET_NCOLUMNS; c++)
    row.value[c] = "";
  /* Eleven columns of ASCII, then 𠮷: it does not fit in the twelfth, so
     the name is cut before it and padded; a tab becomes a space. */
  name = xstrdup ("abcde\tghijk\xf0\xa0\xae\xb7");
  row.value[SHEET_SEQ] = "1";
  row.value[SHEET_NAME] = name;
  row.value[SHEET_ID] = ID_A;
  s.rows = &row;
  s.n_rows = 1;
  ck_assert (sheet_text_render (&s, SHEET_DEFAULT_LINES, &t));
  ck_assert_uint_eq (t.n_pages, 1);
  line = t.lines[7];
  ck_assert_str_eq (line, "   1 abcde ghijk  " ID_A);
  /* Blanks to write in where the header has nothing. */
  ck_assert_ptr_nonnull (strstr (t.lines[1], "经办人：____________"));
  ck_assert_ptr_nonnull (strstr (t.lines[SHEET_DEFAULT_LINES - 2],
                                 "填报时间：      年    月    日"));
  sheet_text_release (&t);
  free (name);
}
END_TEST

/* Bidi overrides and zero-width characters in a name: on paper they would
   reorder or hide text, and on the screen (termtext shows them as
   <U+202E>) the row came out wider than its cells, pushing the ID and
   every later column out of line.  Each becomes a space, like a control
   character. */
START_TEST (test_text_format_characters)
{
  static const char *const names[][2] = {
    { "z\u200bw\u200dj\ufeff芳", "   1 z w j 芳     " ID_A },
    { "录\u202erlo入\u2066", "   1 录 rlo入     " ID_A },
  };

  for (size_t i = 0; i < ARRAY_SIZE (names); i++)
    {
      struct sheet s;
      struct sheet_row row;
      struct sheet_text t;

      memset (&s, 0, sizeof s);
      for (int p = 0; p < SHEET_NPLACES; p++)
        s.place[p] = "";
      s.clerk = s.phone = s.reviewer = s.head = s.date = "";
      for (int c = 0; c < SHEET_NCOLUMNS; c++)
        row.value[c] = "";
      row.value[SHEET_SEQ] = "1";
      row.value[SHEET_NAME] = (char *) names[i][0];
      row.value[SHEET_ID] = ID_A;
      s.rows = &row;
      s.n_rows = 1;
      ck_assert (sheet_text_render (&s, SHEET_DEFAULT_LINES, &t));
      ck_assert_str_eq (t.lines[7], names[i][1]);
      sheet_text_release (&t);
    }
}
END_TEST

/* SHEET written by WRITE in ENC, as a string. */
static char *
written (struct sheet *s, bool csv, enum charset_encoding enc, size_t *len)
{
  char *text = NULL;
  size_t size = 0;
  FILE *fp = open_memstream (&text, &size);

  ck_assert_ptr_nonnull (fp);
  if (csv)
    ck_assert_int_eq (sheet_write_csv (s, enc, fp), EXPORT_OK);
  else
    ck_assert_int_eq (sheet_write_text (s, 12, enc, fp), EXPORT_OK);
  fclose (fp);
  *len = size;
  return text;
}

START_TEST (test_write)
{
  struct sheet *s;
  char *utf8, *gb, *back;
  size_t len, gblen, backlen;

  store_village ();
  s = load ("团山湖村");
  for (int csv = 0; csv < 2; csv++)
    {
      utf8 = written (s, csv, CHARSET_UTF8, &len);
      gb = written (s, csv, CHARSET_GB18030, &gblen);
      ck_assert (memcmp (utf8, gb, len < gblen ? len : gblen) != 0);
      back = charset_convert ("UTF-8", "GB18030", gb, gblen, &backlen);
      ck_assert_ptr_nonnull (back);
      ck_assert_uint_eq (backlen, len);
      ck_assert (memcmp (back, utf8, len) == 0);
      ck_assert_ptr_nonnull (strstr (utf8, "李\xf0\xa0\xae\xb7"));
      if (csv)
        {
          ck_assert_ptr_nonnull (strstr (utf8, SHEET_TITLE "\r\n省,湖南省,"
                                         "市,长沙市,县（区）,望城区,"));
          ck_assert_ptr_nonnull (strstr (utf8, "\r\n\r\n序号,姓名,公民身份证"
                                         "号码,就业状态,,户口所在地,"));
          ck_assert_ptr_nonnull (strstr (utf8, "\r\n,,,单位全称,无单位,,,,"
                                         "养老,医疗,工伤,失业,生育,,\r\n"));
          ck_assert_ptr_nonnull (strstr (utf8, "\r\n\r\n复核人,李建国,"
                                         "负责人,王志强,填报时间,"
                                         "2025年3月8日\r\n"));
        }
      else
        {
          /* Two pages of 12 lines: one form feed, 24 CRLFs. */
          size_t ff = 0, crlf = 0;

          for (size_t i = 0; i < len; i++)
            {
              ff += utf8[i] == '\f';
              crlf += utf8[i] == '\r' && utf8[i + 1] == '\n';
            }
          ck_assert_uint_eq (ff, 1);
          ck_assert_uint_eq (crlf, 24);
          ck_assert_ptr_nonnull (strstr (utf8, "\r\n\f"));
        }
      free (utf8);
      free (gb);
      free (back);
    }
  sheet_free (&s);
}
END_TEST

Suite *
suite_sheet (void)
{
  Suite *s = suite_create ("sheet");
  TCase *tc = tcase_create ("sheet");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_add_test (tc, test_columns);
  tcase_add_test (tc, test_widths_ignore_locale);
  tcase_add_test (tc, test_load);
  tcase_add_test (tc, test_places_from_region);
  tcase_add_test (tc, test_text_pages);
  tcase_add_test (tc, test_text_cut_at_characters);
  tcase_add_test (tc, test_text_format_characters);
  tcase_add_test (tc, test_write);
  suite_add_tcase (s, tc);
  return s;
}
