/*
 * check_formdef.c — the shipped forms as the paper prints them, every kind
 * of broken file refused at its line, the choice helpers, the forms
 * directory, and damaged copies of a real form that must never crash.
 *
 * The forms are found through $CANBAO_FORMSDIR, which `make check` sets;
 * by hand: CANBAO_FORMSDIR=/path/to/forms tests/check_canbao.
 */
#include "system.h"

#include <check.h>

#include "formdef.h"
#include "msg.h"
#include "suites.h"
#include "testutil.h"

static const struct formdef_field *
field (const struct formdef *def, const char *id)
{
  const struct formdef_field *f = formdef_find_field (def, id);

  ck_assert_msg (f != NULL, "no field %s in %s", id, def->id);
  return f;
}

static void
assert_options (const struct formdef_field *f, const char *const *texts,
                size_t n)
{
  ck_assert_uint_eq (f->n_options, n);
  for (size_t i = 0; i < n; i++)
    {
      char number[8];

      ck_assert_str_eq (f->options[i].text, texts[i]);
      /* Bare boxes are numbered 1, 2, 3… in printed order. */
      snprintf (number, sizeof number, "%zu", i + 1);
      ck_assert_str_eq (f->options[i].number, number);
    }
}

static void
assert_ids (const struct formdef *def, const char *const *ids, size_t n)
{
  ck_assert_uint_eq (def->n_fields, n);
  for (size_t i = 0; i < n; i++)
    ck_assert_str_eq (def->fields[i].id, ids[i]);
}

/* ------------------------------------------------------------ shipped */

START_TEST (test_shipped_forms_parse)
{
  struct formdef *reg = testutil_load_form ("registration.form");
  struct formdef *hn = testutil_load_form ("hunan-uninsured.form");

  ck_assert_str_eq (reg->id, "registration");
  ck_assert_str_eq (reg->title, "全民参保登记表");
  ck_assert_str_eq (hn->id, "hunan-uninsured");
  ck_assert_str_eq (hn->title, "湖南省未参加社会保险人员登记表");
  formdef_free (&reg);
  formdef_free (&hn);
  ck_assert_ptr_null (reg);
}
END_TEST

START_TEST (test_registration_paper_order)
{
  static const char *const ids[] = {
    "city", "county", "township", "village",
    "name", "sex", "ethnicity", "photo", "id",
    "employment", "employer", "no_employer", "unit_type", "identity",
    "hukou_province", "hukou_prefecture", "hukou_county",
    "home_province", "home_prefecture", "home_county", "home_township",
    "home_village", "home_street", "mobile",
    "pension", "medical", "unemployment", "injury", "maternity",
    "reason_uninsured", "clerk", "reviewer"
  };
  static const char *const labels[] = {
    "市", "县（市、区）", "乡镇（街道）", "村（社区）",
    "姓名", "性别", "民族", "照片信息", "公民身份证号码",
    "就业状态", "工作单位全名称", "无单位", "单位类型（单选）", "个人身份",
    "（省/自治区/直辖市）", "（地/市/州）", "（区/县）",
    "（省/自治区/直辖市）", "（地/市/州）", "（区/县）", "（乡镇/街道）",
    "（村/社区）", "（街/路/巷/门牌号）", "手机（联系电话）",
    "养老保险", "医疗保险（单选）", "失业保险", "工伤保险", "生育保险",
    "未参保原因", "经办人签名", "复核人签名"
  };
  struct formdef *def = testutil_load_form ("registration.form");
  size_t last_section = 0;

  assert_ids (def, ids, ARRAY_SIZE (ids));
  for (size_t i = 0; i < ARRAY_SIZE (labels); i++)
    {
      ck_assert_str_eq (def->fields[i].label, labels[i]);
      /* Sections never go back: the paper is read top to bottom. */
      ck_assert_uint_ge (def->fields[i].section, last_section);
      last_section = def->fields[i].section;
      if (i > 0)
        ck_assert_uint_ge (def->fields[i].row, def->fields[i - 1].row);
    }
  /* Sections own contiguous runs of fields. */
  for (size_t s = 0; s < def->n_sections; s++)
    for (size_t i = 0; i < def->sections[s].n_fields; i++)
      ck_assert_uint_eq (def->fields[def->sections[s].first_field + i].section,
                         s);
  ck_assert_str_eq (def->sections[def->fields[24].section].title,
                    "现参保情况");
  /* An address part is named with its address. */
  ck_assert_str_eq (field (def, "hukou_county")->name, "户口所在地（区/县）");
  ck_assert_str_eq (field (def, "home_county")->name,
                    "常住所在地地址（区/县）");
  ck_assert_str_eq (field (def, "name")->name, "姓名");
  ck_assert (field (def, "photo")->n_notes == 1);
  formdef_free (&def);
}
END_TEST

START_TEST (test_registration_ethnic_groups)
{
  struct formdef *def = testutil_load_form ("registration.form");
  const struct formdef_field *f = field (def, "ethnicity");

  ck_assert_int_eq (f->type, FORMDEF_CHOICE);
  ck_assert (!f->multiple);
  ck_assert_uint_eq (f->n_options, 58);
  for (size_t i = 0; i < 56; i++)
    {
      char number[4];

      snprintf (number, sizeof number, "%02zu", i + 1);
      ck_assert_str_eq (f->options[i].number, number);
    }
  ck_assert_str_eq (f->options[0].text, "汉族");
  ck_assert_str_eq (f->options[1].text, "蒙古族");
  ck_assert_str_eq (f->options[4].text, "维吾尔族");
  ck_assert_str_eq (f->options[45].text, "德昂族");
  ck_assert_str_eq (f->options[55].text, "基诺族");
  ck_assert_str_eq (f->options[56].number, "97");
  ck_assert_str_eq (f->options[56].text, "其他未识别民族");
  ck_assert_str_eq (f->options[57].number, "98");
  ck_assert_str_eq (f->options[57].text, "外国血统中国籍人士");
  /* The clerk may type the code with or without its leading zero. */
  ck_assert_str_eq (formdef_option_by_number (f, "1")->text, "汉族");
  ck_assert_str_eq (formdef_option_by_number (f, "08")->text, "壮族");
  ck_assert_ptr_null (formdef_option_by_number (f, "57"));
  formdef_free (&def);
}
END_TEST

START_TEST (test_registration_choices)
{
  static const char *const unit_types[] = {
    "企业", "机关", "行政职能类事业单位", "公益服务类事业单位",
    "生产经营类事业单位", "部队", "社会团体、民办非企业单位、基金会",
    "个体工商户（有雇工的）", "境外非政府组织驻华代表机构",
    "城市（农村）居（村）民委员会", "其他"
  };
  static const char *const reasons[] = {
    "个人未参保", "缴费终止", "单位未予参保", "全日制在校生", "参军",
    "部队建账的随军家属", "出国（含留学、定居、就业）", "判刑",
    "已参保信息有误", "人户分离，联系不上", "户口待注销", "其他"
  };
  static const char *const no_employer[] = {
    "学龄前", "在校学生", "未就业", "灵活就业",
    "已办理离退休手续或已领取养老待遇"
  };
  static const char *const medical[] = {
    "城镇职工基本医疗保险", "城镇居民（含城乡统筹）基本医疗保险",
    "新型农村合作医疗", "其他医疗保障（单建制度）"
  };
  struct formdef *def = testutil_load_form ("registration.form");
  const struct formdef_field *f;

  assert_options (field (def, "unit_type"), unit_types,
                  ARRAY_SIZE (unit_types));
  ck_assert (!field (def, "unit_type")->multiple);
  assert_options (field (def, "reason_uninsured"), reasons,
                  ARRAY_SIZE (reasons));
  assert_options (field (def, "no_employer"), no_employer,
                  ARRAY_SIZE (no_employer));
  assert_options (field (def, "medical"), medical, ARRAY_SIZE (medical));
  ck_assert (!field (def, "medical")->multiple);
  ck_assert_uint_eq (field (def, "identity")->n_options, 14);

  f = field (def, "employment");
  ck_assert_str_eq (f->options[0].number, "1");
  ck_assert_str_eq (f->options[0].text, "已单位就业");
  ck_assert_str_eq (f->options[1].number, "2");
  ck_assert_str_eq (f->options[1].text, "无单位");
  ck_assert (f->required);

  /* 养老: multiple, the two printed （单选） boxes go alone. */
  f = field (def, "pension");
  ck_assert (f->multiple);
  ck_assert_uint_eq (f->n_options, 5);
  ck_assert (f->options[0].exclusive);
  ck_assert (f->options[1].exclusive);
  ck_assert (!f->options[2].exclusive);
  ck_assert (!f->options[3].exclusive);
  ck_assert (!f->options[4].exclusive);
  ck_assert_str_eq (f->options[2].text,
                    "城乡居民基本养老保险（含城居保和新农保）");

  /* 失业, 工伤, 生育: one box each, on one printed line. */
  ck_assert_uint_eq (field (def, "unemployment")->n_options, 1);
  ck_assert_str_eq (field (def, "injury")->options[0].text, "工伤保险");
  ck_assert_uint_eq (field (def, "maternity")->row,
                     field (def, "unemployment")->row);
  formdef_free (&def);
}
END_TEST

START_TEST (test_registration_rules)
{
  struct formdef *def = testutil_load_form ("registration.form");
  const struct formdef_field *f, *employment;

  f = field (def, "id");
  ck_assert_int_eq (f->type, FORMDEF_IDNUM);
  ck_assert (f->required && f->auto_advance);
  ck_assert_int_eq (f->width, 18);
  f = field (def, "mobile");
  ck_assert_int_eq (f->type, FORMDEF_MOBILE);
  ck_assert (f->auto_advance && !f->required);
  ck_assert_int_eq (f->width, 11);
  ck_assert (!field (def, "name")->auto_advance);
  ck_assert (field (def, "name")->required);
  ck_assert (field (def, "clerk")->required);
  ck_assert (!field (def, "reviewer")->required);

  ck_assert_int_eq (field (def, "sex")->from_id, FORMDEF_FROM_ID_SEX);
  ck_assert_int_eq (field (def, "hukou_province")->from_id,
                    FORMDEF_FROM_ID_PROVINCE);
  ck_assert_int_eq (field (def, "hukou_prefecture")->from_id,
                    FORMDEF_FROM_ID_PREFECTURE);
  ck_assert_int_eq (field (def, "hukou_county")->from_id,
                    FORMDEF_FROM_ID_COUNTY);
  ck_assert_int_eq (field (def, "home_county")->from_id,
                    FORMDEF_FROM_ID_NONE);
  ck_assert (field (def, "hukou_county")->label_after);
  ck_assert (!field (def, "mobile")->label_after);

  /* 工作单位全名称 only with 已单位就业, the 无单位 boxes only with 无单位. */
  employment = field (def, "employment");
  f = field (def, "employer");
  ck_assert_uint_eq (f->n_when, 1);
  ck_assert_int_eq (f->when[0].kind, FORMDEF_WHEN_CHOSEN);
  ck_assert_ptr_eq (&def->fields[f->when[0].field], employment);
  ck_assert_uint_eq (f->when[0].n_options, 1);
  ck_assert_uint_eq (f->when[0].options[0], 0);
  ck_assert (f->required);
  f = field (def, "no_employer");
  ck_assert_uint_eq (f->when[0].options[0], 1);

  /* 未参保原因 only when every 现参保情况 box is blank. */
  f = field (def, "reason_uninsured");
  ck_assert_uint_eq (f->n_when, 5);
  for (size_t i = 0; i < 5; i++)
    ck_assert_int_eq (f->when[i].kind, FORMDEF_WHEN_EMPTY);
  ck_assert_str_eq (def->fields[f->when[0].field].id, "pension");
  ck_assert_str_eq (def->fields[f->when[4].field].id, "maternity");

  /* Rows: the place line is one line, the ID has its own. */
  ck_assert_uint_eq (field (def, "city")->row, field (def, "village")->row);
  ck_assert_uint_eq (field (def, "name")->row, field (def, "photo")->row);
  ck_assert_uint_ne (field (def, "name")->row, field (def, "id")->row);
  ck_assert_uint_ne (field (def, "city")->row, field (def, "name")->row);
  ck_assert_uint_eq (field (def, "hukou_province")->row,
                     field (def, "hukou_prefecture")->row);
  ck_assert_uint_ne (field (def, "hukou_prefecture")->row,
                     field (def, "hukou_county")->row);
  formdef_free (&def);
}
END_TEST

START_TEST (test_hunan_form)
{
  static const char *const ids[] = {
    "name", "id", "employment", "work_area", "employer", "no_employer",
    "hukou_province", "hukou_prefecture", "hukou_county",
    "home_province", "home_prefecture", "home_county", "home_township",
    "home_village", "home_street",
    "work_province", "work_prefecture", "work_county", "work_township",
    "work_village",
    "reason_uninsured", "bank",
    "signature", "signature_date", "phone", "agent_signature",
    "agent_signature_date", "agent_phone", "agent_id", "agent_relation",
    "registrar", "registrar_unit", "orgcode",
    "province", "city", "county", "township", "village",
    "clerk", "reviewer"
  };
  static const char *const reasons[] = {
    "个人未参保", "单位未予参保", "参军", "出国", "判刑", "其他"
  };
  static const char *const banks[] = {
    "工行", "农行", "中行", "建行", "中信银行", "交通银行", "华融湘江银行",
    "邮政银行", "农信社", "长沙银行"
  };
  static const char *const no_employer[] = {
    "学龄前", "在校学生", "未就业", "自由职业者"
  };
  struct formdef *def = testutil_load_form ("hunan-uninsured.form");
  const struct formdef_field *f;
  const struct formdef_section *last;

  assert_ids (def, ids, ARRAY_SIZE (ids));
  assert_options (field (def, "reason_uninsured"), reasons,
                  ARRAY_SIZE (reasons));
  assert_options (field (def, "bank"), banks, ARRAY_SIZE (banks));
  assert_options (field (def, "no_employer"), no_employer,
                  ARRAY_SIZE (no_employer));
  ck_assert_str_eq (field (def, "id")->label, "身份证号码");
  ck_assert_str_eq (field (def, "phone")->label, "联系电话");
  ck_assert_str_eq (field (def, "clerk")->label, "经办人签名");
  ck_assert_str_eq (field (def, "reviewer")->label, "校核人签名");
  ck_assert_str_eq (field (def, "home_street")->label, "（街、路、巷门牌号）");

  f = field (def, "employment");
  ck_assert_str_eq (f->options[0].text, "已就业");
  ck_assert_str_eq (f->options[1].text, "无单位");
  f = field (def, "work_area");
  ck_assert_str_eq (f->options[0].text, "省内");
  ck_assert_str_eq (f->options[1].text, "省外");
  ck_assert_uint_eq (f->n_when, 1);
  ck_assert_str_eq (def->fields[f->when[0].field].id, "employment");
  ck_assert_uint_eq (field (def, "employer")->when[0].options[0], 0);

  ck_assert_int_eq (field (def, "phone")->type, FORMDEF_PHONE);
  ck_assert (!field (def, "phone")->auto_advance);
  ck_assert (field (def, "agent_id")->auto_advance);
  ck_assert_int_eq (field (def, "signature_date")->type, FORMDEF_DATE);

  f = field (def, "orgcode");
  ck_assert_int_eq (f->type, FORMDEF_ORGCODE);
  ck_assert_uint_eq (f->n_when, 1);
  ck_assert_str_eq (def->fields[f->when[0].field].id, "registrar");
  ck_assert_uint_eq (f->when[0].options[0], 0);
  ck_assert_uint_eq (field (def, "village")->when[0].options[0], 1);
  ck_assert_str_eq (field (def, "village")->name, "登记单位村（社区）");

  /* 温馨提示 closes the form. */
  last = &def->sections[def->n_sections - 1];
  ck_assert_str_eq (last->title, "温馨提示");
  ck_assert_uint_eq (last->n_fields, 0);
  ck_assert_uint_eq (last->n_notes, 1);
  ck_assert (strstr (last->notes[0], "社区社会保障所办理变更事宜") != NULL);
  formdef_free (&def);
}
END_TEST

/* ------------------------------------------------------------ refusals */

#define HEAD "form t\ntitle T\nsection S\n"

struct broken
{
  const char *what;
  const char *text;
  size_t line;
  const char *mentions;         /* a word the message must contain */
};

static const struct broken broken_files[] = {
  { "unknown directive",
    HEAD "field a text 甲\n  width 5\n  frobnicate\n", 6, "frobnicate" },
  { "duplicate field id",
    HEAD "field a text 甲\n width 5\nfield a text 乙\n width 5\n", 6, "a" },
  { "option number used twice",
    HEAD "field c choice 丙\n option 1 一\n option 01 二\n", 6, "01" },
  { "option text used twice",
    HEAD "field c choice 丙\n option 1 一\n option 2 一\n", 6, "一" },
  { "condition names an unknown field",
    HEAD "field a text 甲\n width 5\n when nosuch empty\n", 6, "nosuch" },
  { "condition names an unknown option",
    HEAD "field c choice 丙\n option 1 一\nfield a text 甲\n width 5\n"
    " when c 3\n", 8, "3" },
  { "condition names an unknown option text",
    HEAD "field c choice 丙\n option 1 一\nfield a text 甲\n width 5\n"
    " when c 二\n", 8, "二" },
  { "condition on a field's own value",
    HEAD "field c choice 丙\n option 1 一\n when c 1\n", 6, "c" },
  { "condition with a value on a text field",
    HEAD "field a text 甲\n width 5\nfield b text 乙\n width 5\n when a x\n",
    8, "a" },
  { "field outside a section",
    "form t\ntitle T\nfield a text 甲\n width 5\n", 3, "a" },
  { "missing label", HEAD "field a text\n", 4, "a" },
  { "missing label after blanks", HEAD "field a text   \t \n", 4, "a" },
  { "missing type", HEAD "field a\n", 4, "a" },
  { "unknown type", HEAD "field a number 甲\n", 4, "number" },
  { "bad identifier", HEAD "field Name text 甲\n", 4, "Name" },
  { "bad UTF-8", HEAD "note 好\n" "field a text \xe7\x94\n", 5, "UTF-8" },
  { "overlong UTF-8", HEAD "note \xc0\xaf\n", 4, "UTF-8" },
  { "control character", HEAD "note a\x01" "b\n", 4, "control" },
  { "no form line", "title T\nsection S\n", 1, "form" },
  { "form given twice", "form t\nform u\n", 2, "form" },
  { "empty file", "", 1, "form" },
  { "only comments", "# nothing\n\n", 2, "form" },
  { "no title", "form t\nsection S\nfield a text 甲\n width 3\n", 1, "t" },
  { "title after a section",
    "form t\nsection S\ntitle T\n", 3, "title" },
  { "no fields", "form t\ntitle T\nsection S\n", 1, "t" },
  { "section without a title", "form t\ntitle T\nsection\n", 3, "section" },
  { "choice without options", HEAD "field c choice 丙\nsection U\n", 4, "c" },
  { "text without width", HEAD "field a text 甲\n", 4, "a" },
  { "width on a choice", HEAD "field c choice 丙\n width 5\n", 5, "width" },
  { "bad width", HEAD "field a text 甲\n width 0\n", 5, "0" },
  { "huge width", HEAD "field a text 甲\n width 99999999999999999999\n",
    5, "99999" },
  { "attribute outside a field", HEAD "width 5\n", 4, "width" },
  { "attribute given twice",
    HEAD "field a text 甲\n required\n required\n", 6, "required" },
  { "flag with an argument",
    HEAD "field a text 甲\n required yes\n", 5, "yes" },
  { "exclusive without multiple",
    HEAD "field c choice 丙\n option 1 一\n exclusive 1\n", 6, "exclusive" },
  { "exclusive names no option",
    HEAD "field c choice 丙\n multiple\n option 1 一\n exclusive 2\n", 7,
    "2" },
  { "joining mark in a multiple-choice option",
    HEAD "field c choice 丙\n multiple\n option 1 一、二\n", 6, "、" },
  { "multiple after an option with the joining mark",
    HEAD "field c choice 丙\n option 1 一、二\n multiple\n", 6, "、" },
  { "option without text", HEAD "field c choice 丙\n option 1\n", 5, "1" },
  { "bad option number", HEAD "field c choice 丙\n option 1a 一\n", 5, "1a" },
  { "from-id without an id field",
    HEAD "field a text 甲\n width 5\n from-id county\n", 6, "id" },
  { "from-id sex without 男 and 女",
    HEAD "field id idnum 号\nfield s choice 性\n option 1 M\n option 2 F\n"
    " from-id sex\n", 8, "sex" },
  { "from-id birth on a text field",
    HEAD "field id idnum 号\nfield b text 生\n width 5\n from-id birth\n", 7,
    "birth" },
  { "unknown from-id", HEAD "field a text 甲\n from-id planet\n", 5,
    "planet" },
  { "note without text", HEAD "note\n", 4, "note" },
  { "row outside a section", "form t\ntitle T\nrow\n", 3, "row" },
};

static void
assert_refused (const struct broken *b)
{
  char *error = (char *) "untouched";
  char prefix[64];
  struct formdef *def = formdef_parse (b->text, strlen (b->text), "t.form",
                                       &error);

  ck_assert_msg (def == NULL, "%s: accepted", b->what);
  ck_assert_msg (error != NULL, "%s: no message", b->what);
  snprintf (prefix, sizeof prefix, "t.form:%zu: ", b->line);
  ck_assert_msg (strncmp (error, prefix, strlen (prefix)) == 0,
                 "%s: got \"%s\", want line %zu", b->what, error, b->line);
  ck_assert_msg (strstr (error + strlen (prefix), b->mentions) != NULL,
                 "%s: \"%s\" does not mention %s", b->what, error,
                 b->mentions);
  free (error);
}

START_TEST (test_broken_files_refused)
{
  assert_refused (&broken_files[_i]);
}
END_TEST

START_TEST (test_long_line_refused)
{
  size_t n = strlen (HEAD) + FORMDEF_MAX_LINE + 16;
  char *text = xmalloc (n + 1), *error = NULL;

  snprintf (text, n + 1, "%snote ", HEAD);
  memset (text + strlen (text), 'x', n - strlen (text));
  text[n] = '\0';
  ck_assert_ptr_null (formdef_parse (text, n, "t.form", &error));
  ck_assert_msg (strncmp (error, "t.form:4: ", 10) == 0, "%s", error);
  free (error);
  free (text);
}
END_TEST

START_TEST (test_nul_byte_refused)
{
  static const char text[] = HEAD "note a\0b\n";
  char *error = NULL;

  ck_assert_ptr_null (formdef_parse (text, sizeof text - 1, "t.form",
                                     &error));
  ck_assert_msg (strncmp (error, "t.form:4: ", 10) == 0, "%s", error);
  free (error);
}
END_TEST

START_TEST (test_large_file_refused)
{
  size_t n = FORMDEF_MAX_BYTES + 1;
  char *text = xmalloc (n), *error = NULL;

  memset (text, '\n', n);
  memcpy (text, "form t\n", 7);
  ck_assert_ptr_null (formdef_parse (text, n, "t.form", &error));
  ck_assert_msg (strncmp (error, "t.form: ", 8) == 0, "%s", error);
  free (error);
  free (text);
}
END_TEST

START_TEST (test_error_may_be_null)
{
  ck_assert_ptr_null (formdef_parse ("bogus\n", 6, NULL, NULL));
  ck_assert_ptr_null (formdef_parse (NULL, 10, "x", NULL));
}
END_TEST

/* ------------------------------------------------------------ accepted */

START_TEST (test_small_form_accepted)
{
  /* A byte-order mark, CRLF endings, comments and free indentation. */
  static const char text[] =
    "\xef\xbb\xbf# a test form\r\n"
    "form t\r\n"
    "title 测试表\r\n"
    "note 表头说明\r\n"
    "\r\n"
    "section 第一部分\r\n"
    "note 部分说明\r\n"
    "field lone text 单独\r\n"
    "\twidth 8\r\n"
    "row\r\n"
    "field c choice 选项\r\n"
    "      option 1 一\r\n"
    "      option 2 二\r\n"
    "      option 3 三\r\n"
    "      multiple\r\n"
    "      exclusive 3\r\n"
    "      note 可多选\r\n"
    "field d text 备注\r\n"
    "  width 10\r\n"
    "  when c 1 二\r\n"
    "  when later filled\r\n"
    "  no-advance\r\n"
    "  label-after\r\n"
    "section 第二部分\r\n"
    "field later mobile 手机\r\n"
    "  no-advance\r\n"
    "field id idnum 号码\r\n"
    "field born date 出生日期\r\n"
    "  from-id birth\r\n";
  char *error = NULL;
  struct formdef *def = formdef_parse (text, sizeof text - 1, "t.form",
                                       &error);
  const struct formdef_field *c, *d;

  ck_assert_msg (def != NULL, "%s", error);
  ck_assert_str_eq (def->id, "t");
  ck_assert_str_eq (def->title, "测试表");
  ck_assert_uint_eq (def->n_notes, 1);
  ck_assert_str_eq (def->notes[0], "表头说明");
  ck_assert_uint_eq (def->n_sections, 2);
  ck_assert_str_eq (def->sections[0].notes[0], "部分说明");
  ck_assert_uint_eq (def->sections[0].n_fields, 3);
  ck_assert_uint_eq (def->sections[1].first_field, 3);
  ck_assert_uint_eq (def->n_fields, 6);

  c = formdef_find_field (def, "c");
  d = formdef_find_field (def, "d");
  ck_assert_uint_eq (c->line, 11);
  ck_assert (c->multiple);
  ck_assert (c->options[2].exclusive && !c->options[0].exclusive);
  ck_assert_str_eq (c->notes[0], "可多选");
  ck_assert_uint_eq (c->row, d->row);
  ck_assert_uint_ne (formdef_find_field (def, "lone")->row, c->row);
  ck_assert_uint_eq (d->n_when, 2);
  ck_assert_uint_eq (d->when[0].n_options, 2);
  ck_assert_uint_eq (d->when[0].options[0], 0);
  ck_assert_uint_eq (d->when[0].options[1], 1);
  ck_assert_int_eq (d->when[1].kind, FORMDEF_WHEN_FILLED);
  ck_assert_str_eq (def->fields[d->when[1].field].id, "later");
  ck_assert_str_eq (d->name, "第一部分备注");
  ck_assert (!formdef_find_field (def, "later")->auto_advance);
  ck_assert (formdef_find_field (def, "id")->auto_advance);
  ck_assert_int_eq (formdef_find_field (def, "born")->from_id,
                    FORMDEF_FROM_ID_BIRTH);
  ck_assert_ptr_null (formdef_find_field (def, "nosuch"));
  ck_assert_str_eq (formdef_type_name (FORMDEF_ORGCODE), "orgcode");
  ck_assert_str_eq (formdef_from_id_name (FORMDEF_FROM_ID_COUNTY), "county");
  formdef_free (&def);
}
END_TEST

/* ------------------------------------------------------------ choices */

START_TEST (test_choice_split_join)
{
  static const char two[] = "其他养老保障（单建制度）、"
    "城乡居民基本养老保险（含城居保和新农保）";
  struct formdef *def = testutil_load_form ("registration.form");
  const struct formdef_field *pension = field (def, "pension");
  const struct formdef_field *unit = field (def, "unit_type");
  bool ticked[FORMDEF_MAX_OPTIONS];
  char *unknown = NULL, *joined;

  ck_assert_int_eq (formdef_choice_split (pension, two, ticked, &unknown), 2);
  ck_assert (!ticked[0] && !ticked[1] && ticked[2] && !ticked[3]
             && ticked[4]);
  /* Joined in printed order, whatever order they came in. */
  joined = formdef_choice_join (pension, ticked);
  ck_assert_str_eq (joined, "城乡居民基本养老保险（含城居保和新农保）、"
                    "其他养老保障（单建制度）");
  free (joined);

  ck_assert_int_eq (formdef_choice_split (pension, "", ticked, &unknown), 0);
  ck_assert_ptr_null (unknown);
  joined = formdef_choice_join (pension, ticked);
  ck_assert_str_eq (joined, "");
  free (joined);

  ck_assert_int_eq (formdef_choice_split (pension, "城镇职工基本养老保险、"
                                          "火星养老", ticked, &unknown), -1);
  ck_assert_str_eq (unknown, "火星养老");
  free (unknown);
  ck_assert_int_eq (formdef_choice_split (pension, "城镇职工基本养老保险、",
                                          ticked, NULL), -1);

  /* A single-choice text holding 、 is one box, not three. */
  ck_assert_int_eq (formdef_choice_split (unit, "社会团体、民办非企业单位、"
                                          "基金会", ticked, NULL), 1);
  ck_assert (ticked[6]);
  ck_assert_int_eq (formdef_choice_split (unit, "企业、机关", NULL, NULL),
                    2);

  ck_assert_ptr_eq (formdef_find_option (unit, "部队"), &unit->options[5]);
  ck_assert_ptr_null (formdef_find_option (unit, "部"));
  formdef_free (&def);
}
END_TEST

START_TEST (test_match_option_without_notes)
{
  struct formdef *def = testutil_load_form ("registration.form");
  const struct formdef_field *pension = field (def, "pension");
  const struct formdef_field *medical = field (def, "medical");

  /* Upstream may leave out the parenthesised notes. */
  ck_assert_ptr_eq (formdef_match_option (pension, "城乡居民基本养老保险"),
                    &pension->options[2]);
  ck_assert_ptr_eq (formdef_match_option (pension, "被征地农民养老保障"),
                    &pension->options[3]);
  ck_assert_ptr_eq (formdef_match_option (medical, "城镇居民基本医疗保险"),
                    &medical->options[1]);
  ck_assert_ptr_eq (formdef_match_option (pension, "城镇职工基本养老保险"),
                    &pension->options[0]);
  ck_assert_ptr_null (formdef_match_option (pension, "养老"));
  ck_assert_ptr_null (formdef_match_option (pension, ""));
  formdef_free (&def);
}
END_TEST

/* ------------------------------------------------------------ directory */

static void
write_file (const char *dir, const char *name, const char *text)
{
  char path[4096];
  FILE *fp;

  snprintf (path, sizeof path, "%s/%s", dir, name);
  fp = fopen (path, "w");
  ck_assert_ptr_nonnull (fp);
  fputs (text, fp);
  ck_assert_int_eq (fclose (fp), 0);
}

START_TEST (test_formdef_dir)
{
  char *saved = getenv ("CANBAO_FORMSDIR") ?
    xstrdup (getenv ("CANBAO_FORMSDIR")) : NULL;

  setenv ("CANBAO_FORMSDIR", "/some/where", 1);
  ck_assert_str_eq (formdef_dir (), "/some/where");
  setenv ("CANBAO_FORMSDIR", "", 1);
  ck_assert_str_eq (formdef_dir (), FORMSDIR);
  unsetenv ("CANBAO_FORMSDIR");
  ck_assert_str_eq (formdef_dir (), FORMSDIR);
  if (saved)
    setenv ("CANBAO_FORMSDIR", saved, 1);
  free (saved);
}
END_TEST

START_TEST (test_load_all_shipped)
{
  size_t count = 99;
  char *error = NULL;
  struct formdef **list = formdef_load_all (testutil_forms_dir (), &count, &error);

  ck_assert_msg (list != NULL, "%s", error);
  ck_assert_uint_eq (count, 2);
  /* strcmp order of the file names. */
  ck_assert_str_eq (list[0]->id, "hunan-uninsured");
  ck_assert_str_eq (list[1]->id, "registration");
  ck_assert_ptr_null (list[2]);
  ck_assert_ptr_eq (formdef_list_find (list, "registration"), list[1]);
  ck_assert_ptr_null (formdef_list_find (list, "nosuch"));
  formdef_free_all (&list);
  ck_assert_ptr_null (list);
}
END_TEST

#define TINY(id) "form " id "\ntitle T\nsection S\nfield a text 甲\n width 4\n"

START_TEST (test_load_all_directory)
{
  char *dir = testutil_mkdtemp ("forms");
  char *error = NULL;
  size_t count = 99;
  struct formdef **list;

  list = formdef_load_all (dir, &count, &error);
  ck_assert_ptr_nonnull (list);
  ck_assert_uint_eq (count, 0);
  ck_assert_ptr_null (list[0]);
  formdef_free_all (&list);

  write_file (dir, "b.form", TINY ("bee"));
  write_file (dir, "a.form", TINY ("ay"));
  write_file (dir, "notes.txt", "not a form");
  write_file (dir, ".hidden.form", "garbage");
  write_file (dir, "a.form~", "garbage");
  list = formdef_load_all (dir, &count, &error);
  ck_assert_msg (list != NULL, "%s", error);
  ck_assert_uint_eq (count, 2);
  ck_assert_str_eq (list[0]->id, "ay");
  ck_assert_str_eq (list[1]->id, "bee");
  formdef_free_all (&list);

  /* Two files, one form id. */
  write_file (dir, "c.form", TINY ("ay"));
  ck_assert_ptr_null (formdef_load_all (dir, &count, &error));
  ck_assert (strstr (error, "c.form") && strstr (error, "a.form"));
  free (error);

  /* A broken file is not skipped. */
  write_file (dir, "c.form", TINY ("sea") "bogus\n");
  ck_assert_ptr_null (formdef_load_all (dir, &count, &error));
  ck_assert_msg (strstr (error, "c.form:6: ") != NULL, "%s", error);
  free (error);

  ck_assert_ptr_null (formdef_load_all ("/nonexistent/forms", NULL, &error));
  ck_assert (strstr (error, "/nonexistent/forms") != NULL);
  free (error);
  testutil_rmtree (dir);
  free (dir);
}
END_TEST

START_TEST (test_load_missing_file)
{
  char *error = NULL;

  ck_assert_ptr_null (formdef_load ("/nonexistent/x.form", &error));
  ck_assert (strncmp (error, "/nonexistent/x.form: ", 21) == 0);
  free (error);
}
END_TEST

/* ------------------------------------------------------------ hostile */

/* Parses TEXT and checks the contract: a definition or a message naming
   the file, never both, never neither. */
static void
parse_any (const char *text, size_t len)
{
  char *error = NULL;
  struct formdef *def = formdef_parse (text, len, "f.form", &error);

  ck_assert ((def == NULL) != (error == NULL));
  if (error)
    ck_assert (strncmp (error, "f.form:", 7) == 0);
  free (error);
  formdef_free (&def);
}

START_TEST (test_truncated_copies)
{
  char path[4096];
  size_t len, step = testutil_under_valgrind () ? 97 : 1;
  char *text;

  snprintf (path, sizeof path, "%s/registration.form", testutil_forms_dir ());
  text = testutil_slurp (path, &len);
  ck_assert_ptr_nonnull (text);
  /* Every prefix: cut mid-line, mid-character, mid-field. */
  for (size_t n = 0; n <= len; n += step)
    parse_any (text, n);
  free (text);
}
END_TEST

START_TEST (test_damaged_copies)
{
  static const char nasty[] = { '\0', '\n', '\r', '\t', ' ', '#', '\xe3',
    '\x80', '\x81', '\xff', '\xc0', 'x', '1', '-', '\xef' };
  char path[4096];
  size_t len, rounds = testutil_under_valgrind () ? 200 : 3000;
  char *text, *copy;
  unsigned long seed = 20240611;

  snprintf (path, sizeof path, "%s/hunan-uninsured.form", testutil_forms_dir ());
  text = testutil_slurp (path, &len);
  ck_assert_ptr_nonnull (text);
  copy = xmalloc (len + 1);
  for (size_t r = 0; r < rounds; r++)
    {
      memcpy (copy, text, len);
      for (int k = 0; k < 1 + (int) (r % 4); k++)
        {
          seed = seed * 6364136223846793005UL + 1442695040888963407UL;
          copy[(seed >> 33) % len] = nasty[(seed >> 17) % sizeof nasty];
        }
      parse_any (copy, len);
    }
  free (copy);
  free (text);
}
END_TEST

Suite *
suite_formdef (void)
{
  Suite *s = suite_create ("formdef");
  TCase *tc = tcase_create ("formdef");

  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_shipped_forms_parse);
  tcase_add_test (tc, test_registration_paper_order);
  tcase_add_test (tc, test_registration_ethnic_groups);
  tcase_add_test (tc, test_registration_choices);
  tcase_add_test (tc, test_registration_rules);
  tcase_add_test (tc, test_hunan_form);
  tcase_add_loop_test (tc, test_broken_files_refused, 0,
                       (int) ARRAY_SIZE (broken_files));
  tcase_add_test (tc, test_long_line_refused);
  tcase_add_test (tc, test_nul_byte_refused);
  tcase_add_test (tc, test_large_file_refused);
  tcase_add_test (tc, test_error_may_be_null);
  tcase_add_test (tc, test_small_form_accepted);
  tcase_add_test (tc, test_choice_split_join);
  tcase_add_test (tc, test_match_option_without_notes);
  tcase_add_test (tc, test_formdef_dir);
  tcase_add_test (tc, test_load_all_shipped);
  tcase_add_test (tc, test_load_all_directory);
  tcase_add_test (tc, test_load_missing_file);
  tcase_add_test (tc, test_truncated_copies);
  tcase_add_test (tc, test_damaged_copies);
  suite_add_tcase (s, tc);
  return s;
}
