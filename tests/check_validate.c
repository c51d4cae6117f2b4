/*
 * check_validate.c — the format checks on their own (GB 11714 check
 * characters, mobile, phone, date, columns) and the shipped forms' rules
 * applied to records: required fields, conditional fields, boxes, the ID,
 * and problems in form order.
 */
#include "system.h"

#include <check.h>

#include "formdef.h"
#include "idnum.h"
#include "msg.h"
#include "suites.h"
#include "testutil.h"
#include "validate.h"

/* ------------------------------------------------------------ a record */

/* The smallest record there is: field ids and values. */
struct record
{
  size_t n;
  struct
  {
    const char *id;
    char *value;
  } items[64];
};

static const char *
record_get (void *ctx, const char *id)
{
  struct record *r = ctx;

  for (size_t i = 0; i < r->n; i++)
    if (strcmp (r->items[i].id, id) == 0)
      return r->items[i].value;
  return NULL;
}

static void
record_set (struct record *r, const char *id, const char *value)
{
  for (size_t i = 0; i < r->n; i++)
    if (strcmp (r->items[i].id, id) == 0)
      {
        free (r->items[i].value);
        r->items[i].value = value ? xstrdup (value) : NULL;
        return;
      }
  ck_assert_uint_lt (r->n, ARRAY_SIZE (r->items));
  r->items[r->n].id = id;
  r->items[r->n].value = value ? xstrdup (value) : NULL;
  r->n++;
}

static void
record_clear (struct record *r)
{
  for (size_t i = 0; i < r->n; i++)
    free (r->items[i].value);
  r->n = 0;
}

/* A valid ID: region 430102 (长沙市芙蓉区), born 1990-03-07, sequence SEQ
   (odd for a man), and the check character GB 11643 gives. */
static void
make_id (char out[IDNUM_SIZE], const char *seq)
{
  snprintf (out, IDNUM_SIZE, "43010219900307%s", seq);
  out[17] = idnum_check_char (out);
  out[18] = '\0';
  ck_assert (out[17] != '\0');
}

/* A complete, valid 全民参保登记表 record for a man in a job. */
static void
good_registration (struct record *r)
{
  char id[IDNUM_SIZE];

  make_id (id, "123");
  record_set (r, "city", "长沙市");
  record_set (r, "township", "东岸乡");
  record_set (r, "name", "张三");
  record_set (r, "sex", "男");
  record_set (r, "ethnicity", "汉族");
  record_set (r, "id", id);
  record_set (r, "employment", "已单位就业");
  record_set (r, "employer", "长沙市某某机械有限公司");
  record_set (r, "unit_type", "企业");
  record_set (r, "identity", "工人");
  record_set (r, "mobile", "13812345678");
  record_set (r, "pension", "城镇职工基本养老保险");
  record_set (r, "medical", "城镇职工基本医疗保险");
  record_set (r, "injury", "工伤保险");
  record_set (r, "clerk", "李四");
}

/* The problems of R, checked to be in strictly increasing form order. */
static size_t
problems_of (const struct formdef *def, struct record *r,
             struct validate_problem **list)
{
  size_t n = validate_record (def, record_get, r, list);
  size_t last = 0;

  for (size_t i = 0; i < n; i++)
    {
      const struct formdef_field *f = formdef_find_field (def,
                                                          (*list)[i].field_id);
      size_t at;

      ck_assert_ptr_nonnull (f);
      at = (size_t) (f - def->fields);
      if (i > 0)
        ck_assert_uint_gt (at, last);
      last = at;
      /* "name: reason", the name from the form. */
      ck_assert (strncmp ((*list)[i].message, f->name, strlen (f->name))
                 == 0);
    }
  return n;
}

static void
assert_one_problem (const struct formdef *def, struct record *r,
                    const char *field_id, const char *mentions)
{
  struct validate_problem *list = NULL;
  size_t n = problems_of (def, r, &list);

  ck_assert_msg (n == 1, "%zu problems, the first: %s", n,
                 n ? list[0].message : "-");
  ck_assert_str_eq (list[0].field_id, field_id);
  ck_assert_msg (strstr (list[0].message, mentions) != NULL,
                 "\"%s\" does not mention %s", list[0].message, mentions);
  validate_problems_free (&list, n);
  ck_assert_ptr_null (list);
}

/* ------------------------------------------------------------ orgcode */

/* The GB 11714 check character worked out here, independently. */
static char
reference_check (const char *body)
{
  static const int w[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0, c;

  for (int i = 0; i < 8; i++)
    sum += (body[i] <= '9' ? body[i] - '0' : body[i] - 'A' + 10) * w[i];
  c = 11 - sum % 11;
  return c == 10 ? 'X' : c == 11 ? '0' : (char) ('0' + c);
}

START_TEST (test_orgcode_known)
{
  /* The example of GB 11714 itself, and codes worked out by hand:
     00000000 sums to 0, so 11 - 0 = 11 is written 0; 00000006 sums to
     12, 11 - 1 = 10 is written X; 00000001 sums to 2, check 9. */
  ck_assert (validate_orgcode ("D2143569-X"));
  ck_assert (validate_orgcode ("D2143569X"));
  ck_assert (validate_orgcode ("00000000-0"));
  ck_assert (validate_orgcode ("00000006-X"));
  ck_assert (validate_orgcode ("000000019"));
  ck_assert (validate_orgcode ("00000005-1"));
  ck_assert_int_eq (validate_orgcode_check ("10000000"), '8');
  ck_assert_int_eq (validate_orgcode_check ("00000010"), '7');

  ck_assert (!validate_orgcode ("D2143569-1"));
  ck_assert (!validate_orgcode ("d2143569-X"));       /* lower case */
  ck_assert (!validate_orgcode ("D2143569-x"));
  ck_assert (!validate_orgcode ("D2143569--X"));
  ck_assert (!validate_orgcode ("D214356-9X"));
  ck_assert (!validate_orgcode ("D2143569"));
  ck_assert (!validate_orgcode ("D2143569-XX"));
  ck_assert (!validate_orgcode (""));
  ck_assert (!validate_orgcode (NULL));
  ck_assert_int_eq (validate_orgcode_check ("D214356"), '\0');
  ck_assert_int_eq (validate_orgcode_check ("D214356*"), '\0');
}
END_TEST

START_TEST (test_orgcode_every_check_value)
{
  static const char wanted[] = "0123456789X";
  bool found[sizeof wanted - 1] = { false };
  size_t left = sizeof wanted - 1;
  char body[9], code[12];

  /* Walk bodies with letters and digits until every check character has
     turned up; each must be accepted with and without the hyphen, and
     every other check character refused. */
  for (unsigned long k = 0; left > 0 && k < 100000; k++)
    {
      char check;
      size_t slot;

      snprintf (body, sizeof body, "%c%c%06lu", 'A' + (int) (k % 26),
                '0' + (int) (k % 7), k * 7919 % 1000000);
      check = validate_orgcode_check (body);
      ck_assert_int_eq (check, reference_check (body));
      slot = (size_t) (strchr (wanted, check) - wanted);
      if (found[slot])
        continue;
      found[slot] = true;
      left--;
      snprintf (code, sizeof code, "%s-%c", body, check);
      ck_assert_msg (validate_orgcode (code), "%s", code);
      snprintf (code, sizeof code, "%s%c", body, check);
      ck_assert_msg (validate_orgcode (code), "%s", code);
      for (const char *other = wanted; *other; other++)
        if (*other != check)
          {
            snprintf (code, sizeof code, "%s-%c", body, *other);
            ck_assert_msg (!validate_orgcode (code), "%s", code);
          }
    }
  ck_assert_uint_eq (left, 0);
}
END_TEST

/* ------------------------------------------------------------ formats */

START_TEST (test_mobile)
{
  ck_assert (validate_mobile ("13812345678"));
  ck_assert (validate_mobile ("19900000000"));
  ck_assert (!validate_mobile ("1381234567"));
  ck_assert (!validate_mobile ("138123456789"));
  ck_assert (!validate_mobile ("23812345678"));
  ck_assert (!validate_mobile ("1381234567a"));
  ck_assert (!validate_mobile ("138 1234 5678"));
  ck_assert (!validate_mobile ("１３８１２３４５６７８"));
  ck_assert (!validate_mobile (""));
  ck_assert (!validate_mobile (NULL));
}
END_TEST

START_TEST (test_phone)
{
  ck_assert (validate_phone ("13812345678"));
  ck_assert (validate_phone ("0731-88888888"));
  ck_assert (validate_phone ("073188888888"));
  ck_assert (validate_phone ("010-12345678"));
  ck_assert (validate_phone ("01012345678"));
  ck_assert (validate_phone ("0731-8888888"));
  ck_assert (validate_phone ("0743-1234567"));
  ck_assert (!validate_phone ("0731-888"));
  ck_assert (!validate_phone ("0731-888888888"));
  ck_assert (!validate_phone ("07-88888888"));
  ck_assert (!validate_phone ("07311-88888888"));
  ck_assert (!validate_phone ("0731-8888-8888"));
  ck_assert (!validate_phone ("0731-88888888-"));
  ck_assert (!validate_phone ("0731 88888888"));
  ck_assert (!validate_phone ("00731-8888888"));
  ck_assert (!validate_phone ("88888888"));
  ck_assert (!validate_phone ("12345"));
  ck_assert (!validate_phone ("abc"));
  ck_assert (!validate_phone (""));
  ck_assert (!validate_phone (NULL));
}
END_TEST

START_TEST (test_date)
{
  int date = 0;

  ck_assert (validate_date ("2024-02-29", &date));
  ck_assert_int_eq (date, 20240229);
  ck_assert (validate_date ("20240229", &date));
  ck_assert_int_eq (date, 20240229);
  ck_assert (validate_date ("2000-02-29", NULL));
  ck_assert (validate_date ("1900-01-01", NULL));
  ck_assert (validate_date ("2099-12-31", NULL));
  ck_assert (validate_date ("2015-04-30", NULL));

  ck_assert (!validate_date ("2023-02-29", NULL));
  ck_assert (!validate_date ("1900-02-29", NULL));      /* not a leap year */
  ck_assert (!validate_date ("2015-04-31", NULL));
  ck_assert (!validate_date ("2015-13-01", NULL));
  ck_assert (!validate_date ("2015-00-10", NULL));
  ck_assert (!validate_date ("2015-01-00", NULL));
  ck_assert (!validate_date ("20240230", NULL));
  ck_assert (!validate_date ("1899-12-31", NULL));
  ck_assert (!validate_date ("2015-1-01", NULL));
  ck_assert (!validate_date ("2015/01/01", NULL));
  ck_assert (!validate_date ("2015-01-01 ", NULL));
  ck_assert (!validate_date ("2015-0a-01", NULL));
  ck_assert (!validate_date ("201501-01", NULL));
  ck_assert (!validate_date ("", NULL));
  ck_assert (!validate_date (NULL, NULL));
}
END_TEST

START_TEST (test_columns_and_blank)
{
  ck_assert_int_eq (validate_columns (""), 0);
  ck_assert_int_eq (validate_columns ("abc"), 3);
  ck_assert_int_eq (validate_columns ("张三"), 4);
  /* The middle dot of minority names is one column wide. */
  ck_assert_int_eq (validate_columns ("买买提·艾力"), 11);
  ck_assert_int_eq (validate_columns ("（１）"), 6);
  ck_assert_int_eq (validate_columns ("e\xcc\x81"), 1);        /* e + U+0301 */
  ck_assert_int_eq (validate_columns ("\xf0\xa0\xae\xb7"), 2);  /* 𠮷 */
  ck_assert_int_eq (validate_columns ("\xe7\x94"), -1);

  ck_assert (validate_blank (NULL));
  ck_assert (validate_blank (""));
  ck_assert (validate_blank (" \t\xe3\x80\x80 "));
  ck_assert (!validate_blank (" a "));
}
END_TEST

/* ------------------------------------------------------------ records */

START_TEST (test_good_record)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct record r = { 0 };
  struct validate_problem *list = NULL;

  good_registration (&r);
  ck_assert_uint_eq (validate_record (def, record_get, &r, &list), 0);
  ck_assert_ptr_null (list);
  record_clear (&r);
  formdef_free (&def);
}
END_TEST

START_TEST (test_required_empty)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct record r = { 0 };

  good_registration (&r);
  record_set (&r, "name", NULL);
  assert_one_problem (def, &r, "name", "姓名: required");
  /* Blanks are empty. */
  record_set (&r, "name", " \xe3\x80\x80");
  assert_one_problem (def, &r, "name", "required");
  record_set (&r, "name", "张三");

  /* The 无单位 box is required once 无单位 is ticked. */
  record_set (&r, "employment", "无单位");
  record_set (&r, "employer", NULL);
  assert_one_problem (def, &r, "no_employer", "无单位: required");
  record_set (&r, "no_employer", "未就业");
  ck_assert_uint_eq (validate_record (def, record_get, &r, NULL), 0);
  record_clear (&r);
  formdef_free (&def);
}
END_TEST

START_TEST (test_conditional_out_of_place)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct record r = { 0 };
  const struct formdef_field *employer = formdef_find_field (def, "employer");
  char *problem = NULL;

  good_registration (&r);
  /* 工作单位全名称 filled, but 无单位 ticked. */
  record_set (&r, "employment", "无单位");
  record_set (&r, "no_employer", "灵活就业");
  assert_one_problem (def, &r, "employer", "已单位就业");
  ck_assert (!validate_applies (def, employer, record_get, &r));
  ck_assert (!validate_field (def, employer, "某公司", record_get, &r,
                              &problem));
  ck_assert_msg (strstr (problem, "工作单位全名称: ") == problem, "%s",
                 problem);
  free (problem);
  /* Leaving it empty is fine. */
  ck_assert (validate_field (def, employer, "", record_get, &r, &problem));
  ck_assert_ptr_null (problem);

  /* And the other way round: the 无单位 box with 已单位就业. */
  record_set (&r, "employment", "已单位就业");
  ck_assert (validate_applies (def, employer, record_get, &r));
  assert_one_problem (def, &r, "no_employer", "无单位");
  record_clear (&r);
  formdef_free (&def);
}
END_TEST

START_TEST (test_reason_uninsured)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct record r = { 0 };

  good_registration (&r);
  /* A reason while a scheme is ticked is out of place. */
  record_set (&r, "reason_uninsured", "个人未参保");
  record_set (&r, "pension", NULL);
  record_set (&r, "medical", NULL);
  assert_one_problem (def, &r, "reason_uninsured", "工伤保险");
  /* With nothing ticked the reason is due. */
  record_set (&r, "injury", NULL);
  ck_assert_uint_eq (validate_record (def, record_get, &r, NULL), 0);
  record_set (&r, "reason_uninsured", NULL);
  assert_one_problem (def, &r, "reason_uninsured", "required");
  record_set (&r, "reason_uninsured", "人户分离，联系不上");
  ck_assert_uint_eq (validate_record (def, record_get, &r, NULL), 0);
  record_set (&r, "reason_uninsured", "不想参保");
  assert_one_problem (def, &r, "reason_uninsured", "不想参保");
  record_clear (&r);
  formdef_free (&def);
}
END_TEST

START_TEST (test_problems_in_form_order)
{
  static const char *const order[] = {
    "name", "sex", "id", "employer", "unit_type", "home_street", "mobile",
    "pension", "medical", "clerk"
  };
  struct formdef *def = testutil_load_form ("registration.form");
  struct record r = { 0 };
  struct validate_problem *list = NULL;
  size_t n;
  char bad_id[IDNUM_SIZE], long_street[200] = "";

  good_registration (&r);
  /* Set in an order unlike the form's. */
  record_set (&r, "clerk", "");
  record_set (&r, "medical", "新型农村合作医疗、城镇职工基本医疗保险");
  record_set (&r, "mobile", "1381234567");
  for (int i = 0; i < 31; i++)
    strcat (long_street, "路");
  record_set (&r, "home_street", long_street);
  record_set (&r, "pension", "城镇职工基本养老保险、其他养老保障（单建制度）");
  record_set (&r, "unit_type", "公司");
  record_set (&r, "employer", "某\x1b[2J公司");
  make_id (bad_id, "123");
  bad_id[17] = bad_id[17] == '0' ? '1' : '0';
  record_set (&r, "id", bad_id);
  record_set (&r, "name", "");
  record_set (&r, "sex", "女");       /* the ID is bad: not compared */
  record_set (&r, "sex", "男女");

  n = problems_of (def, &r, &list);
  ck_assert_uint_eq (n, ARRAY_SIZE (order));
  for (size_t i = 0; i < n; i++)
    ck_assert_str_eq (list[i].field_id, order[i]);
  ck_assert_str_eq (list[0].message, "姓名: required");
  ck_assert (strstr (list[1].message, "男女") != NULL);
  ck_assert_str_eq (list[2].message, "公民身份证号码: wrong check character");
  ck_assert (strstr (list[3].message, "control") != NULL);
  ck_assert (strstr (list[5].message, "62 columns, at most 60") != NULL);
  ck_assert (strstr (list[5].message, "常住所在地地址（街/路/巷/门牌号）: ")
             == list[5].message);
  ck_assert (strstr (list[6].message, "手机（联系电话）: ")
             == list[6].message);
  ck_assert (strstr (list[7].message, "城镇职工基本养老保险") != NULL);
  ck_assert (strstr (list[8].message, "one box") != NULL);
  validate_problems_free (&list, n);
  record_clear (&r);
  formdef_free (&def);
}
END_TEST

START_TEST (test_boxes)
{
  struct formdef *def = testutil_load_form ("registration.form");
  const struct formdef_field *pension = formdef_find_field (def, "pension");
  const struct formdef_field *unit = formdef_find_field (def, "unit_type");
  const struct formdef_field *medical = formdef_find_field (def, "medical");
  char *problem = NULL;

  /* The resident scheme and a standalone one go together… */
  ck_assert (validate_field (def, pension,
                             "城乡居民基本养老保险（含城居保和新农保）、"
                             "被征地农民养老保障（单建制度）", NULL, NULL,
                             &problem));
  /* …the （单选） ones alone. */
  ck_assert (validate_field (def, pension, "机关事业养老保险", NULL, NULL,
                             NULL));
  ck_assert (!validate_field (def, pension, "机关事业养老保险、"
                              "城镇职工基本养老保险", NULL, NULL, &problem));
  ck_assert (strstr (problem, "养老保险: ") == problem);
  free (problem);
  ck_assert (!validate_field (def, medical, "新型农村合作医疗、"
                              "其他医疗保障（单建制度）", NULL, NULL, NULL));
  /* An option text with 、 in a single-choice field. */
  ck_assert (validate_field (def, unit, "社会团体、民办非企业单位、基金会",
                             NULL, NULL, NULL));
  ck_assert (!validate_field (def, unit, "2", NULL, NULL, &problem));
  ck_assert (strstr (problem, "\"2\"") != NULL);
  free (problem);
  formdef_free (&def);
}
END_TEST

START_TEST (test_id_and_sex)
{
  struct formdef *def = testutil_load_form ("registration.form");
  const struct formdef_field *id = formdef_find_field (def, "id");
  const struct formdef_field *sex = formdef_find_field (def, "sex");
  struct record r = { 0 };
  char good[IDNUM_SIZE], woman[IDNUM_SIZE], *problem = NULL;
  char expected[200];

  make_id (good, "123");
  make_id (woman, "124");
  ck_assert (validate_field (def, id, good, NULL, NULL, &problem));
  ck_assert (!validate_field (def, id, "43010219900307123", NULL, NULL,
                              &problem));
  snprintf (expected, sizeof expected, "公民身份证号码: %s",
            idnum_verdict_text (IDNUM_BAD_LENGTH));
  ck_assert_str_eq (problem, expected);
  free (problem);

  good_registration (&r);
  record_set (&r, "id", woman);
  assert_one_problem (def, &r, "sex", "女");
  ck_assert (!validate_field (def, sex, "男", record_get, &r, NULL));
  ck_assert (validate_field (def, sex, "女", record_get, &r, NULL));
  record_set (&r, "sex", "女");
  ck_assert_uint_eq (validate_record (def, record_get, &r, NULL), 0);
  record_clear (&r);
  formdef_free (&def);
}
END_TEST

START_TEST (test_birth_from_id)
{
  static const char text[] =
    "form t\ntitle T\nsection S\n"
    "field id idnum 号码\n"
    "field born date 出生日期\n  from-id birth\n";
  struct formdef *def = formdef_parse (text, sizeof text - 1, "t.form", NULL);
  const struct formdef_field *born;
  struct record r = { 0 };
  char id[IDNUM_SIZE], *problem = NULL;

  ck_assert_ptr_nonnull (def);
  born = formdef_find_field (def, "born");
  make_id (id, "123");
  record_set (&r, "id", id);
  ck_assert (validate_field (def, born, "1990-03-07", record_get, &r, NULL));
  ck_assert (validate_field (def, born, "19900307", record_get, &r, NULL));
  ck_assert (!validate_field (def, born, "1990-03-08", record_get, &r,
                              &problem));
  ck_assert_str_eq (problem,
                    "出生日期: does not match the ID number (1990-03-07)");
  free (problem);
  ck_assert (!validate_field (def, born, "1990-02-30", record_get, &r,
                              NULL));
  record_clear (&r);
  formdef_free (&def);
}
END_TEST

START_TEST (test_hunan_record)
{
  struct formdef *def = testutil_load_form ("hunan-uninsured.form");
  const struct formdef_field *orgcode = formdef_find_field (def, "orgcode");
  struct record r = { 0 };
  char id[IDNUM_SIZE], *problem = NULL;

  make_id (id, "124");
  record_set (&r, "name", "王芳");
  record_set (&r, "id", id);
  record_set (&r, "employment", "无单位");
  record_set (&r, "no_employer", "自由职业者");
  record_set (&r, "reason_uninsured", "个人未参保");
  record_set (&r, "bank", "华融湘江银行");
  record_set (&r, "phone", "0731-88888888");
  record_set (&r, "signature_date", "2015-06-01");
  record_set (&r, "clerk", "赵六");
  record_set (&r, "registrar", "村（社区）");
  record_set (&r, "township", "东岸乡");
  record_set (&r, "village", "和平村");
  ck_assert_uint_eq (validate_record (def, record_get, &r, NULL), 0);

  /* 组织机构代码 only with 登记单位 工作单位. */
  record_set (&r, "orgcode", "D2143569-X");
  assert_one_problem (def, &r, "orgcode", "工作单位");
  ck_assert (!validate_applies (def, orgcode, record_get, &r));
  record_set (&r, "registrar", "工作单位");
  record_set (&r, "village", NULL);
  /* …and then the village's address is out of place. */
  assert_one_problem (def, &r, "township", "村（社区）");
  record_set (&r, "township", NULL);
  ck_assert_uint_eq (validate_record (def, record_get, &r, NULL), 0);
  ck_assert (!validate_field (def, orgcode, "D2143569-1", record_get, &r,
                              &problem));
  ck_assert_str_eq (problem, "组织机构代码: wrong check character");
  free (problem);
  ck_assert (!validate_field (def, orgcode, "D21-X", record_get, &r,
                              &problem));
  ck_assert (strstr (problem, "not an organisation code") != NULL);
  free (problem);

  /* 已就业 wants 省内/省外 and the unit's name; the 无单位 box goes. */
  record_set (&r, "employment", "已就业");
  {
    struct validate_problem *list = NULL;
    size_t n = problems_of (def, &r, &list);

    ck_assert_uint_eq (n, 3);
    ck_assert_str_eq (list[0].field_id, "work_area");
    ck_assert_str_eq (list[1].field_id, "employer");
    ck_assert_str_eq (list[2].field_id, "no_employer");
    ck_assert (strstr (list[2].message, "无单位") != NULL);
    validate_problems_free (&list, n);
  }
  record_set (&r, "no_employer", NULL);
  record_set (&r, "work_area", "省外");
  record_set (&r, "employer", "广东某电子厂");
  record_set (&r, "work_province", "广东省");
  ck_assert_uint_eq (validate_record (def, record_get, &r, NULL), 0);

  record_set (&r, "phone", "0731-888");
  record_set (&r, "signature_date", "2015-02-29");
  {
    struct validate_problem *list = NULL;
    size_t n = problems_of (def, &r, &list);

    ck_assert_uint_eq (n, 2);
    ck_assert_str_eq (list[0].field_id, "signature_date");
    ck_assert_str_eq (list[1].field_id, "phone");
    validate_problems_free (&list, n);
  }
  record_clear (&r);
  formdef_free (&def);
}
END_TEST

Suite *
suite_validate (void)
{
  Suite *s = suite_create ("validate");
  TCase *tc = tcase_create ("validate");

  tcase_add_test (tc, test_orgcode_known);
  tcase_add_test (tc, test_orgcode_every_check_value);
  tcase_add_test (tc, test_mobile);
  tcase_add_test (tc, test_phone);
  tcase_add_test (tc, test_date);
  tcase_add_test (tc, test_columns_and_blank);
  tcase_add_test (tc, test_good_record);
  tcase_add_test (tc, test_required_empty);
  tcase_add_test (tc, test_conditional_out_of_place);
  tcase_add_test (tc, test_reason_uninsured);
  tcase_add_test (tc, test_problems_in_form_order);
  tcase_add_test (tc, test_boxes);
  tcase_add_test (tc, test_id_and_sex);
  tcase_add_test (tc, test_birth_from_id);
  tcase_add_test (tc, test_hunan_record);
  suite_add_tcase (s, tc);
  return s;
}
