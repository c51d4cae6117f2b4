/*
 * check_formstate.c — a paper form keyed without a terminal: where the
 * cursor goes (fields that do not apply and signed-by fields skipped),
 * text and fixed-length fields, choices by their printed numbers, the ID
 * and what it fills in, the record to save, and rebasing.  The shipped
 * 全民参保登记表 is used wherever the paper's own fields show the rule;
 * small inline forms pin the cases it has no field for.
 *
 * The forms are found through $CANBAO_FORMSDIR, which `make check` sets.
 */
#include "system.h"

#include <check.h>
#include <locale.h>
#include <wchar.h>

#include "formdef.h"
#include "formstate.h"
#include "idnum.h"
#include "record.h"
#include "region.h"
#include "suites.h"
#include "testutil.h"
#include "validate.h"

#define NO_FIELD ((size_t) -1)

/* The texts the tests pick, spelt once. */
#define UNIT_COMMITTEE "城市（农村）居（村）民委员会"
#define PENSION_RESIDENT "城乡居民基本养老保险（含城居保和新农保）"
#define PENSION_LAND "被征地农民养老保障（单建制度）"
#define PENSION_EMPLOYEE "城镇职工基本养老保险"

/* ------------------------------------------------------------ helpers */

/* Every test types wide characters and reads UTF-8 back; pin a UTF-8
   locale here too, so that CK_RUN_SUITE=formstate stands on its own. */
static void
utf8_locale (void)
{
  ck_assert_ptr_nonnull (setlocale (LC_ALL, "C.UTF-8"));
}

static struct formdef *
parse (const char *text)
{
  char *error = NULL;
  struct formdef *def = formdef_parse (text, strlen (text), "t.form",
                                       &error);

  ck_assert_msg (def != NULL, "%s", error);
  return def;
}

static size_t
idx (const struct formstate *fs, const char *id)
{
  size_t i = formstate_index (fs, id);

  ck_assert_msg (i != NO_FIELD, "no field %s", id);
  return i;
}

static const char *
current_id (const struct formstate *fs)
{
  return formstate_def (fs)->fields[formstate_field (fs)].id;
}

static void
assert_at (const struct formstate *fs, const char *id)
{
  ck_assert_str_eq (current_id (fs), id);
}

static const char *
value_of (struct formstate *fs, const char *id)
{
  return formstate_value (fs, idx (fs, id));
}

static void
go (struct formstate *fs, const char *id)
{
  ck_assert_msg (formstate_goto (fs, idx (fs, id)), "cannot go to %s", id);
  assert_at (fs, id);
}

static bool
key (struct formstate *fs, enum formstate_key k)
{
  return formstate_key (fs, k, 0);
}

static bool
ch (struct formstate *fs, wchar_t c)
{
  return formstate_key (fs, FORMSTATE_CHAR, c);
}

/* Types KEYS; each must be taken. */
static void
type (struct formstate *fs, const wchar_t *keys)
{
  for (; *keys; keys++)
    ck_assert_msg (ch (fs, *keys), "U+%04lX refused in %s",
                   (unsigned long) *keys, current_id (fs));
}

/* Types the ASCII string S, each character a key. */
static void
type_ascii (struct formstate *fs, const char *s)
{
  for (; *s; s++)
    ck_assert_msg (ch (fs, (wchar_t) (unsigned char) *s),
                   "'%c' refused in %s", *s, current_id (fs));
}

/* A valid 18-character ID from the region code, date of birth and
   sequence (odd for a man), with the check character GB 11643 gives. */
static void
make_id (char out[IDNUM_SIZE], const char *region, const char *birth,
         const char *seq)
{
  snprintf (out, IDNUM_SIZE, "%s%s%s", region, birth, seq);
  ck_assert_uint_eq (strlen (out), 17);
  out[17] = idnum_check_char (out);
  out[18] = '\0';
  ck_assert (out[17] != '\0');
}

/* ------------------------------------------------------------ cursor */

START_TEST (test_new_form_starts_in_first_field)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct formstate *fs = formstate_new (def, NULL);

  assert_at (fs, "city");
  ck_assert_ptr_eq (formstate_def (fs), def);
  ck_assert_ptr_nonnull (formstate_editbuf (fs));
  ck_assert_ptr_null (formstate_message (fs));
  ck_assert_str_eq (value_of (fs, "name"), "");
  /* Nothing before the first field. */
  ck_assert (!key (fs, FORMSTATE_PREV));
  assert_at (fs, "city");
  ck_assert_ptr_nonnull (formstate_message (fs));
  formstate_free (&fs);
  ck_assert_ptr_null (fs);
  formdef_free (&def);
}
END_TEST

/* The whole blank form with Next and back with Previous: no employer
   fields while 就业状态 is blank, never the signatures. */
START_TEST (test_walk_blank_form_skips_what_does_not_apply)
{
  static const char *const want[] = {
    "city", "county", "township", "village", "name", "sex", "ethnicity",
    "photo", "id", "employment", "unit_type", "identity", "hukou_province",
    "hukou_prefecture", "hukou_county", "home_province", "home_prefecture",
    "home_county", "home_township", "home_village", "home_street", "mobile",
    "pension", "medical", "unemployment", "injury", "maternity",
    "reason_uninsured"
  };
  struct formdef *def = testutil_load_form ("registration.form");
  struct formstate *fs = formstate_new (def, NULL);
  size_t n = 0;

  assert_at (fs, want[n++]);
  while (key (fs, FORMSTATE_NEXT))
    {
      ck_assert_uint_lt (n, ARRAY_SIZE (want));
      assert_at (fs, want[n++]);
      ck_assert_ptr_null (formstate_message (fs));
    }
  ck_assert_uint_eq (n, ARRAY_SIZE (want));
  /* The last field says so and keeps the cursor. */
  assert_at (fs, "reason_uninsured");
  ck_assert_ptr_nonnull (formstate_message (fs));

  while (key (fs, FORMSTATE_PREV))
    {
      ck_assert_uint_gt (n, 1);
      assert_at (fs, want[--n - 1]);
    }
  ck_assert_uint_eq (n, 1);
  assert_at (fs, "city");
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

START_TEST (test_employment_decides_next_field)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct formstate *fs = formstate_new (def, NULL);

  go (fs, "employment");
  ck_assert (!formstate_applies (fs, idx (fs, "employer")));
  ck_assert (!formstate_applies (fs, idx (fs, "no_employer")));
  ck_assert (!formstate_goto (fs, idx (fs, "employer")));
  assert_at (fs, "employment");

  /* 已单位就业: the employer's name, never the no-unit boxes. */
  ck_assert (ch (fs, L'1'));
  ck_assert_str_eq (value_of (fs, "employment"), "已单位就业");
  ck_assert (formstate_applies (fs, idx (fs, "employer")));
  ck_assert (key (fs, FORMSTATE_NEXT));
  assert_at (fs, "employer");
  ck_assert (key (fs, FORMSTATE_NEXT));
  assert_at (fs, "unit_type");
  ck_assert (key (fs, FORMSTATE_PREV));
  assert_at (fs, "employer");
  ck_assert (key (fs, FORMSTATE_PREV));
  assert_at (fs, "employment");

  /* 无单位: the other way round. */
  ck_assert (ch (fs, L'2'));
  ck_assert_str_eq (value_of (fs, "employment"), "无单位");
  ck_assert (key (fs, FORMSTATE_NEXT));
  assert_at (fs, "no_employer");
  ck_assert (key (fs, FORMSTATE_NEXT));
  assert_at (fs, "unit_type");
  ck_assert (key (fs, FORMSTATE_PREV));
  assert_at (fs, "no_employer");
  ck_assert (key (fs, FORMSTATE_PREV));
  assert_at (fs, "employment");
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

START_TEST (test_signed_by_fields_never_entered)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct formstate *fs = formstate_new (def, NULL);
  size_t clerk = idx (fs, "clerk"), reviewer = idx (fs, "reviewer");

  ck_assert (formstate_applies (fs, clerk));
  ck_assert (!formstate_editable (fs, clerk));
  ck_assert (!formstate_editable (fs, reviewer));
  ck_assert (!formstate_goto (fs, clerk));
  ck_assert (!formstate_goto (fs, reviewer));
  assert_at (fs, "city");

  /* With a pension box ticked 未参保原因 stops applying, and 生育保险 is
     the last field: Next does not go on into the signatures. */
  go (fs, "pension");
  ck_assert (ch (fs, L'3'));
  go (fs, "maternity");
  ck_assert (!formstate_applies (fs, idx (fs, "reason_uninsured")));
  ck_assert (!key (fs, FORMSTATE_NEXT));
  assert_at (fs, "maternity");
  ck_assert_ptr_nonnull (formstate_message (fs));

  /* The screen signs with formstate_set_value; that does not let the
     cursor in either. */
  formstate_set_value (fs, clerk, "王经办");
  ck_assert_str_eq (formstate_value (fs, clerk), "王经办");
  ck_assert (!formstate_goto (fs, clerk));
  assert_at (fs, "maternity");
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

/* A form whose first field is signed and whose second field applies only
   once another is filled. */
static const char small_form[] =
  "form t\n"
  "title 测试表\n"
  "section 一\n"
  "field signer text 经办人\n"
  "  width 10\n"
  "  signed-by saver\n"
  "field a text 甲\n"
  "  width 10\n"
  "field b text 乙\n"
  "  width 10\n"
  "  when a filled\n"
  "field c text 丙\n"
  "  width 4\n"
  "  advance\n"
  "field m mobile 手机\n"
  "  no-advance\n"
  "field last text 末\n"
  "  width 10\n";

START_TEST (test_inline_skips_signer_and_conditions)
{
  struct formdef *def = parse (small_form);
  struct formstate *fs = formstate_new (def, NULL);

  assert_at (fs, "a");
  ck_assert (key (fs, FORMSTATE_NEXT));
  assert_at (fs, "c");
  ck_assert (key (fs, FORMSTATE_PREV));
  assert_at (fs, "a");
  /* The signer before it is no place to go back to. */
  ck_assert (!key (fs, FORMSTATE_PREV));
  assert_at (fs, "a");

  type (fs, L"甲值");
  ck_assert (key (fs, FORMSTATE_NEXT));
  assert_at (fs, "b");
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

START_TEST (test_inline_advance_and_no_advance)
{
  struct formdef *def = parse (small_form);
  struct formstate *fs = formstate_new (def, NULL);

  /* A text field marked advance moves on when full. */
  go (fs, "c");
  type (fs, L"abc");
  assert_at (fs, "c");
  ck_assert (ch (fs, L'd'));
  assert_at (fs, "m");
  ck_assert_str_eq (value_of (fs, "c"), "abcd");

  /* A mobile marked no-advance stays, and then is full. */
  type_ascii (fs, "13812345678");
  assert_at (fs, "m");
  ck_assert (!ch (fs, L'9'));
  ck_assert_ptr_nonnull (formstate_message (fs));
  ck_assert_str_eq (value_of (fs, "m"), "13812345678");
  ck_assert (key (fs, FORMSTATE_NEXT));
  assert_at (fs, "last");
  ck_assert_str_eq (value_of (fs, "m"), "13812345678");
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

/* ------------------------------------------------------------ text */

START_TEST (test_text_stored_and_in_record)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct record *base = record_new (), *rec;
  struct formstate *fs;

  ck_assert_int_eq (record_set (base, "up.gongan.name", "张三丰"), 0);
  ck_assert_int_eq (record_set (base, "_rev", "4"), 0);
  fs = formstate_new (def, base);
  record_free (&base);

  type (fs, L"长沙市");
  /* While typed the value is the editor's text. */
  ck_assert_str_eq (value_of (fs, "city"), "长沙市");
  ck_assert (key (fs, FORMSTATE_NEXT));
  assert_at (fs, "county");
  ck_assert_str_eq (value_of (fs, "city"), "长沙市");
  /* Only a full-width space: blank, so not saved. */
  type (fs, L"\x3000");
  ck_assert (key (fs, FORMSTATE_NEXT));
  go (fs, "name");
  type (fs, L"张三");
  /* The field being typed into is taken as it stands. */

  rec = formstate_record (fs);
  ck_assert_str_eq (record_get (rec, FORMSTATE_F_FORM), "registration");
  ck_assert_str_eq (record_get (rec, "city"), "长沙市");
  ck_assert_str_eq (record_get (rec, "name"), "张三");
  ck_assert_ptr_null (record_get (rec, "county"));
  ck_assert_ptr_null (record_get (rec, "township"));
  ck_assert_ptr_null (record_get (rec, "sex"));
  ck_assert_str_eq (record_get (rec, "up.gongan.name"), "张三丰");
  ck_assert_str_eq (record_get (rec, "_rev"), "4");
  ck_assert_uint_eq (record_count (rec), 5);
  record_free (&rec);
  /* The base itself is left alone. */
  ck_assert_ptr_null (record_get (formstate_base (fs), "city"));
  ck_assert_ptr_null (record_get (formstate_base (fs), FORMSTATE_F_FORM));
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

START_TEST (test_record_drops_fields_that_stop_applying)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct record *base = record_new (), *rec;
  struct formstate *fs;

  record_set (base, "name", "张三");
  record_set (base, "employment", "已单位就业");
  record_set (base, "employer", "长沙市某某机械有限公司");
  fs = formstate_new (def, base);
  record_free (&base);

  go (fs, "employment");
  ck_assert (ch (fs, L'2'));
  rec = formstate_record (fs);
  ck_assert_str_eq (record_get (rec, "employment"), "无单位");
  ck_assert_ptr_null (record_get (rec, "employer"));
  ck_assert_str_eq (record_get (rec, "name"), "张三");
  record_free (&rec);
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

START_TEST (test_text_editing_keys)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct formstate *fs = formstate_new (def, NULL);

  go (fs, "name");
  type (fs, L"张三");
  ck_assert (key (fs, FORMSTATE_HOME));
  ck_assert (ch (fs, L'李'));
  ck_assert (key (fs, FORMSTATE_DELETE));
  ck_assert_str_eq (value_of (fs, "name"), "李三");
  ck_assert (key (fs, FORMSTATE_END));
  ck_assert (!key (fs, FORMSTATE_RIGHT));
  ck_assert (key (fs, FORMSTATE_BACKSPACE));
  ck_assert_str_eq (value_of (fs, "name"), "李");
  ck_assert (key (fs, FORMSTATE_KILL_LINE));
  ck_assert_str_eq (value_of (fs, "name"), "");
  ck_assert (!key (fs, FORMSTATE_BACKSPACE));
  /* A control character is no text. */
  ck_assert (!ch (fs, L'\x01'));
  ck_assert_ptr_nonnull (formstate_message (fs));
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

/* ------------------------------------------------------------ choices */

START_TEST (test_choice_single_digit)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct formstate *fs = formstate_new (def, NULL);

  go (fs, "sex");
  ck_assert_ptr_null (formstate_editbuf (fs));
  ck_assert (ch (fs, L'2'));
  ck_assert_str_eq (value_of (fs, "sex"), "女");
  ck_assert_str_eq (formstate_pending (fs), "");
  /* Single choice: the new box replaces the old; the same box stays. */
  ck_assert (ch (fs, L'1'));
  ck_assert_str_eq (value_of (fs, "sex"), "男");
  ck_assert (ch (fs, L'1'));
  ck_assert_str_eq (value_of (fs, "sex"), "男");
  /* A full-width digit from an input method in full-width mode. */
  ck_assert (ch (fs, L'２'));
  ck_assert_str_eq (value_of (fs, "sex"), "女");
  ck_assert (key (fs, FORMSTATE_NEXT));
  assert_at (fs, "ethnicity");
  ck_assert_str_eq (value_of (fs, "sex"), "女");
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

START_TEST (test_choice_unknown_number_refused)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct formstate *fs = formstate_new (def, NULL);

  go (fs, "sex");
  ck_assert (ch (fs, L'1'));
  ck_assert (!ch (fs, L'7'));
  ck_assert_ptr_nonnull (formstate_message (fs));
  ck_assert_ptr_nonnull (strstr (formstate_message (fs), "7"));
  ck_assert_str_eq (formstate_pending (fs), "");
  ck_assert_str_eq (value_of (fs, "sex"), "男");
  /* A letter is no option number either. */
  ck_assert (!ch (fs, L'a'));
  ck_assert_ptr_nonnull (formstate_message (fs));
  ck_assert_str_eq (value_of (fs, "sex"), "男");
  /* The message lasts until the next key. */
  ck_assert (ch (fs, L'2'));
  ck_assert_ptr_null (formstate_message (fs));
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

START_TEST (test_choice_waits_for_longer_number)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct formstate *fs = formstate_new (def, NULL);

  /* 1, 10 and 11 are printed: 1 waits, 0 then picks 10. */
  go (fs, "unit_type");
  ck_assert (ch (fs, L'1'));
  ck_assert_str_eq (formstate_pending (fs), "1");
  ck_assert_str_eq (value_of (fs, "unit_type"), "");
  ck_assert (ch (fs, L'0'));
  ck_assert_str_eq (formstate_pending (fs), "");
  ck_assert_str_eq (value_of (fs, "unit_type"), UNIT_COMMITTEE);
  ck_assert_uint_eq (formstate_choice_cursor (fs), 9);

  /* 1 then 5: there is no 15. */
  ck_assert (ch (fs, L'1'));
  ck_assert (!ch (fs, L'5'));
  ck_assert_ptr_nonnull (formstate_message (fs));
  ck_assert_str_eq (formstate_pending (fs), "");
  ck_assert_str_eq (value_of (fs, "unit_type"), UNIT_COMMITTEE);

  /* Backspace drops the waiting digit and nothing else. */
  ck_assert (ch (fs, L'1'));
  ck_assert (key (fs, FORMSTATE_BACKSPACE));
  ck_assert_str_eq (formstate_pending (fs), "");
  ck_assert_str_eq (value_of (fs, "unit_type"), UNIT_COMMITTEE);

  /* 1 then Enter takes 1. */
  ck_assert (ch (fs, L'1'));
  ck_assert (key (fs, FORMSTATE_NEXT));
  assert_at (fs, "identity");
  ck_assert_str_eq (value_of (fs, "unit_type"), "企业");
  ck_assert_str_eq (formstate_pending (fs), "");
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

START_TEST (test_choice_two_digit_codes)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct formstate *fs = formstate_new (def, NULL);

  go (fs, "ethnicity");
  ck_assert (ch (fs, L'0'));
  ck_assert_str_eq (formstate_pending (fs), "0");
  ck_assert (ch (fs, L'1'));
  ck_assert_str_eq (formstate_pending (fs), "");
  ck_assert_str_eq (value_of (fs, "ethnicity"), "汉族");
  ck_assert (ch (fs, L'1'));
  ck_assert (ch (fs, L'5'));
  ck_assert_str_eq (value_of (fs, "ethnicity"), "土家族");
  /* 0 alone names nothing: Enter is refused and the cursor stays. */
  ck_assert (ch (fs, L'0'));
  ck_assert (!key (fs, FORMSTATE_NEXT));
  assert_at (fs, "ethnicity");
  ck_assert_ptr_nonnull (formstate_message (fs));
  ck_assert_str_eq (formstate_pending (fs), "");
  ck_assert_str_eq (value_of (fs, "ethnicity"), "土家族");
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

START_TEST (test_choice_multiple_and_exclusive)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct formstate *fs = formstate_new (def, NULL);

  go (fs, "pension");
  ck_assert (ch (fs, L'3'));
  ck_assert (ch (fs, L'4'));
  ck_assert_str_eq (value_of (fs, "pension"),
                    PENSION_RESIDENT FORMDEF_CHOICE_SEP PENSION_LAND);
  /* The printed order, whatever order they were ticked in. */
  ck_assert (ch (fs, L'3'));
  ck_assert_str_eq (value_of (fs, "pension"), PENSION_LAND);
  ck_assert (ch (fs, L'3'));
  ck_assert_str_eq (value_of (fs, "pension"),
                    PENSION_RESIDENT FORMDEF_CHOICE_SEP PENSION_LAND);

  /* 1 excludes every other box... */
  ck_assert (ch (fs, L'1'));
  ck_assert_str_eq (value_of (fs, "pension"), PENSION_EMPLOYEE);
  /* ...and is unticked by any of them. */
  ck_assert (ch (fs, L'3'));
  ck_assert_str_eq (value_of (fs, "pension"), PENSION_RESIDENT);
  ck_assert (ch (fs, L'2'));
  ck_assert_str_eq (value_of (fs, "pension"), "机关事业养老保险");
  ck_assert (ch (fs, L'1'));
  ck_assert_str_eq (value_of (fs, "pension"), PENSION_EMPLOYEE);

  /* Backspace with nothing typed clears the boxes; then has nothing to
     do. */
  ck_assert (key (fs, FORMSTATE_BACKSPACE));
  ck_assert_str_eq (value_of (fs, "pension"), "");
  ck_assert (!key (fs, FORMSTATE_BACKSPACE));
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

START_TEST (test_choice_space_and_cursor)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct formstate *fs = formstate_new (def, NULL);

  go (fs, "pension");
  ck_assert_uint_eq (formstate_choice_cursor (fs), 0);
  ck_assert (!key (fs, FORMSTATE_LEFT));
  ck_assert (key (fs, FORMSTATE_RIGHT));
  ck_assert (key (fs, FORMSTATE_RIGHT));
  ck_assert_uint_eq (formstate_choice_cursor (fs), 2);
  ck_assert (ch (fs, L' '));
  ck_assert_str_eq (value_of (fs, "pension"), PENSION_RESIDENT);
  ck_assert (key (fs, FORMSTATE_RIGHT));
  /* The ideographic space of a Chinese input method does the same. */
  ck_assert (ch (fs, L'\x3000'));
  ck_assert_str_eq (value_of (fs, "pension"),
                    PENSION_RESIDENT FORMDEF_CHOICE_SEP PENSION_LAND);
  ck_assert (ch (fs, L' '));
  ck_assert_str_eq (value_of (fs, "pension"), PENSION_RESIDENT);
  ck_assert (key (fs, FORMSTATE_END));
  ck_assert_uint_eq (formstate_choice_cursor (fs), 4);
  ck_assert (!key (fs, FORMSTATE_RIGHT));
  ck_assert (key (fs, FORMSTATE_HOME));
  ck_assert_uint_eq (formstate_choice_cursor (fs), 0);
  ck_assert (ch (fs, L' '));
  ck_assert_str_eq (value_of (fs, "pension"), PENSION_EMPLOYEE);

  /* Coming back, the choice cursor is on the first ticked box, where
     Space unticks it. */
  ck_assert (key (fs, FORMSTATE_NEXT));
  go (fs, "pension");
  ck_assert_uint_eq (formstate_choice_cursor (fs), 0);
  ck_assert (ch (fs, L' '));
  ck_assert_str_eq (value_of (fs, "pension"), "");

  /* In a single choice Space unticks the box it is on. */
  go (fs, "sex");
  ck_assert (ch (fs, L'2'));
  ck_assert_uint_eq (formstate_choice_cursor (fs), 1);
  ck_assert (ch (fs, L' '));
  ck_assert_str_eq (value_of (fs, "sex"), "");
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

/* ------------------------------------------------------------ the ID */

START_TEST (test_id_advances_and_fills)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct formstate *fs = formstate_new (def, NULL);
  struct region_info region;
  char id[IDNUM_SIZE];

  make_id (id, "430122", "19900101", "123");
  ck_assert (region_lookup ("430122", &region));
  go (fs, "id");
  for (size_t i = 0; i < 17; i++)
    {
      ck_assert (ch (fs, (wchar_t) id[i]));
      assert_at (fs, "id");
    }
  /* The 18th character moves on by itself. */
  ck_assert (ch (fs, (wchar_t) id[17]));
  assert_at (fs, "employment");
  ck_assert_ptr_null (formstate_message (fs));
  ck_assert_str_eq (value_of (fs, "id"), id);
  /* 123: odd, a man. */
  ck_assert_str_eq (value_of (fs, "sex"), "男");
  ck_assert_str_eq (value_of (fs, "hukou_province"), region.province);
  ck_assert_str_eq (value_of (fs, "hukou_prefecture"), region.prefecture);
  ck_assert_str_eq (value_of (fs, "hukou_county"), region.county);
  ck_assert_str_ne (region.county, "");
  /* The address where the person lives is not the ID's to say. */
  ck_assert_str_eq (value_of (fs, "home_province"), "");
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

START_TEST (test_id_lowercase_x_and_full_width)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct formstate *fs = formstate_new (def, NULL);
  char id[IDNUM_SIZE], seq[4];
  wchar_t keys[IDNUM_SIZE];

  /* Find a sequence whose check character is X. */
  id[17] = '\0';
  for (int n = 100; n < 1000 && id[17] != 'X'; n++)
    {
      snprintf (seq, sizeof seq, "%03d", n);
      make_id (id, "430122", "19851224", seq);
    }
  ck_assert_int_eq (id[17], 'X');

  /* The digits full-width, the X lowercase, as an input method sends. */
  for (size_t i = 0; i < 17; i++)
    keys[i] = L'０' + (id[i] - '0');
  keys[17] = L'x';
  keys[18] = L'\0';
  go (fs, "id");
  type (fs, keys);
  assert_at (fs, "employment");
  ck_assert_str_eq (value_of (fs, "id"), id);
  ck_assert_ptr_null (formstate_message (fs));
  ck_assert_str_ne (value_of (fs, "sex"), "");
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

START_TEST (test_id_wrong_check_char)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct formstate *fs = formstate_new (def, NULL);
  char id[IDNUM_SIZE];

  make_id (id, "430122", "19900101", "123");
  id[17] = id[17] == '0' ? '1' : '0';
  go (fs, "id");
  type_ascii (fs, id);
  /* Judged and complained about, but the cursor still moves. */
  assert_at (fs, "employment");
  ck_assert_ptr_nonnull (formstate_message (fs));
  ck_assert_str_eq (value_of (fs, "id"), id);
  /* A wrong ID fills nothing in. */
  ck_assert_str_eq (value_of (fs, "sex"), "");
  ck_assert_str_eq (value_of (fs, "hukou_county"), "");
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

START_TEST (test_id_keeps_what_clerk_typed)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct formstate *fs = formstate_new (def, NULL);
  struct region_info region;
  char id[IDNUM_SIZE];

  go (fs, "hukou_county");
  type (fs, L"望城区");
  make_id (id, "430122", "19900101", "124");
  go (fs, "id");
  type_ascii (fs, id);
  ck_assert (region_lookup ("430122", &region));
  /* 124: even, a woman. */
  ck_assert_str_eq (value_of (fs, "sex"), "女");
  ck_assert_str_eq (value_of (fs, "hukou_province"), region.province);
  ck_assert_str_eq (value_of (fs, "hukou_county"), "望城区");
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

/* A form with a date of birth from the ID, for the fields the ID fills
   and the clerk then changes. */
static const char id_form[] =
  "form b\n"
  "title 出生\n"
  "section 一\n"
  "field id idnum 公民身份证号码\n"
  "field born date 出生日期\n"
  "  from-id birth\n"
  "field sex choice 性别\n"
  "  option 1 男\n"
  "  option 2 女\n"
  "  from-id sex\n"
  "field note text 备注\n"
  "  width 10\n";

START_TEST (test_id_refills_only_its_own_values)
{
  struct formdef *def = parse (id_form);
  struct formstate *fs = formstate_new (def, NULL);
  char id[IDNUM_SIZE];

  make_id (id, "430122", "19900101", "123");
  assert_at (fs, "id");
  type_ascii (fs, id);
  assert_at (fs, "born");
  ck_assert_str_eq (value_of (fs, "born"), "1990-01-01");
  ck_assert_str_eq (value_of (fs, "sex"), "男");

  /* The clerk picks the other sex: no longer what the ID put there. */
  go (fs, "sex");
  ck_assert (ch (fs, L'2'));
  ck_assert_str_eq (value_of (fs, "sex"), "女");

  /* Another man's ID: the date still held the ID's and follows it; the
     sex the clerk picked stays (and is judged against the ID). */
  make_id (id, "430122", "19880505", "135");
  go (fs, "id");
  ck_assert (key (fs, FORMSTATE_KILL_LINE));
  type_ascii (fs, id);
  assert_at (fs, "born");
  ck_assert_str_eq (value_of (fs, "born"), "1988-05-05");
  ck_assert_str_eq (value_of (fs, "sex"), "女");

  /* Cleared by the clerk, it is blank and the ID fills it again. */
  go (fs, "sex");
  ck_assert (key (fs, FORMSTATE_BACKSPACE));
  ck_assert_str_eq (value_of (fs, "sex"), "");
  make_id (id, "430122", "19880505", "137");
  go (fs, "id");
  ck_assert (key (fs, FORMSTATE_KILL_LINE));
  type_ascii (fs, id);
  ck_assert_str_eq (value_of (fs, "sex"), "男");
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

/* ------------------------------------------------------------ mobile */

START_TEST (test_mobile_digits_and_advance)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct formstate *fs = formstate_new (def, NULL);

  go (fs, "mobile");
  ck_assert (!ch (fs, L'a'));
  ck_assert_ptr_nonnull (formstate_message (fs));
  ck_assert (!ch (fs, L'一'));
  ck_assert_str_eq (value_of (fs, "mobile"), "");
  type_ascii (fs, "1381234567");
  assert_at (fs, "mobile");
  ck_assert (ch (fs, L'８'));
  assert_at (fs, "pension");
  ck_assert_ptr_null (formstate_message (fs));
  ck_assert_str_eq (value_of (fs, "mobile"), "13812345678");

  /* Eleven digits that are no mobile number: said, and moved on. */
  go (fs, "mobile");
  ck_assert (key (fs, FORMSTATE_KILL_LINE));
  type_ascii (fs, "23812345678");
  assert_at (fs, "pension");
  ck_assert_ptr_nonnull (formstate_message (fs));
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

/* ------------------------------------------------------------ base */

static struct record *
stored_person (void)
{
  struct record *r = record_new ();
  char id[IDNUM_SIZE];

  make_id (id, "430122", "19900101", "123");
  record_set (r, "name", "张三");
  record_set (r, "sex", "男");
  record_set (r, "id", id);
  record_set (r, "ethnicity", "汉族");
  record_set (r, "city", "长沙市");
  record_set (r, "_rev", "3");
  record_set (r, "up.gongan.name", "张三");
  return r;
}

START_TEST (test_changed)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct record *base = stored_person ();
  struct formstate *fs = formstate_new (def, base);

  /* The form is a copy: the caller's record may go. */
  record_free (&base);
  ck_assert_str_eq (value_of (fs, "city"), "长沙市");
  ck_assert (!formstate_changed (fs));
  /* Typing counts before the field is left; undoing it is no change. */
  ck_assert (ch (fs, L'x'));
  ck_assert (formstate_changed (fs));
  ck_assert (key (fs, FORMSTATE_BACKSPACE));
  ck_assert (!formstate_changed (fs));
  /* Walking through fields changes nothing. */
  ck_assert (key (fs, FORMSTATE_NEXT));
  go (fs, "id");
  ck_assert (key (fs, FORMSTATE_NEXT));
  ck_assert (!formstate_changed (fs));

  go (fs, "ethnicity");
  ck_assert (ch (fs, L'1'));
  ck_assert (ch (fs, L'5'));
  ck_assert (formstate_changed (fs));
  formstate_free (&fs);

  /* A blank form over nothing is unchanged until a key changes it. */
  fs = formstate_new (def, NULL);
  ck_assert (!formstate_changed (fs));
  go (fs, "sex");
  ck_assert (ch (fs, L'1'));
  ck_assert (formstate_changed (fs));
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

START_TEST (test_rebase)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct record *stored = stored_person (), *rec;
  struct formstate *fs = formstate_new (def, NULL);
  char id[IDNUM_SIZE];

  /* A new form: the clerk types a name and a township, then the ID, which
     fills the sex. */
  go (fs, "township");
  type (fs, L"东岸乡");
  go (fs, "name");
  type (fs, L"张叁");
  go (fs, "id");
  make_id (id, "430122", "19900101", "123");
  type_ascii (fs, id);
  ck_assert_str_eq (value_of (fs, "sex"), "男");

  /* The ID is a stored person's: the stored record becomes the base. */
  record_set (stored, "sex", "女");
  formstate_rebase (fs, stored);
  ck_assert_str_eq (record_get (formstate_base (fs), "_rev"), "3");
  ck_assert_str_eq (value_of (fs, "name"), "张叁");
  ck_assert_str_eq (value_of (fs, "township"), "东岸乡");
  ck_assert_str_eq (value_of (fs, "city"), "长沙市");
  ck_assert_str_eq (value_of (fs, "ethnicity"), "汉族");
  /* Only the ID had put the sex there. */
  ck_assert_str_eq (value_of (fs, "sex"), "女");
  /* The cursor stays where it was. */
  assert_at (fs, "employment");

  rec = formstate_record (fs);
  ck_assert_str_eq (record_get (rec, "_rev"), "3");
  ck_assert_str_eq (record_get (rec, "up.gongan.name"), "张三");
  ck_assert_str_eq (record_get (rec, "name"), "张叁");
  ck_assert_str_eq (record_get (rec, "city"), "长沙市");
  ck_assert_str_eq (record_get (rec, FORMSTATE_F_FORM), "registration");
  record_free (&rec);
  record_free (&stored);
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

/* The field being typed into takes the stored value too when blank. */
START_TEST (test_rebase_current_field)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct record *stored = stored_person ();
  struct formstate *fs = formstate_new (def, NULL);

  go (fs, "name");
  formstate_rebase (fs, stored);
  assert_at (fs, "name");
  ck_assert_str_eq (value_of (fs, "name"), "张三");
  ck_assert_ptr_nonnull (formstate_editbuf (fs));
  ck_assert (ch (fs, L'丰'));
  ck_assert_str_eq (value_of (fs, "name"), "张三丰");
  record_free (&stored);
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

/* ------------------------------------------------------------ validate */

START_TEST (test_validate_empty_form)
{
  static const char *const want[] = {
    "name", "sex", "id", "employment", "reason_uninsured", "clerk"
  };
  struct formdef *def = testutil_load_form ("registration.form");
  struct formstate *fs = formstate_new (def, NULL);
  struct validate_problem *problems = NULL;
  size_t n = formstate_validate (fs, &problems);

  ck_assert_uint_eq (n, ARRAY_SIZE (want));
  for (size_t i = 0; i < n; i++)
    {
      ck_assert_str_eq (problems[i].field_id, want[i]);
      ck_assert_ptr_nonnull (problems[i].message);
    }
  validate_problems_free (&problems, n);

  /* A name typed and not yet left counts. */
  go (fs, "name");
  type (fs, L"张三");
  n = formstate_validate (fs, &problems);
  ck_assert_uint_eq (n, ARRAY_SIZE (want) - 1);
  ck_assert_str_eq (problems[0].field_id, "sex");
  validate_problems_free (&problems, n);

  /* 已单位就业 asks for the employer, in its place in the form. */
  go (fs, "employment");
  ck_assert (ch (fs, L'1'));
  n = formstate_validate (fs, &problems);
  ck_assert_uint_eq (n, 5);
  ck_assert_str_eq (problems[2].field_id, "employer");
  validate_problems_free (&problems, n);
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

/* A field the clerk can no longer reach (工作单位全名称 after 就业状态
   became 无单位) must not keep the form from being saved. */
START_TEST (test_validate_ignores_fields_that_stop_applying)
{
  struct formdef *def = testutil_load_form ("registration.form");
  struct formstate *fs = formstate_new (def, NULL);
  struct validate_problem *problems = NULL;
  size_t n;

  go (fs, "employment");
  ck_assert (ch (fs, L'1'));
  ck_assert (formstate_key (fs, FORMSTATE_NEXT, 0));
  assert_at (fs, "employer");
  type (fs, L"长沙市某某机械有限公司");
  go (fs, "employment");
  ck_assert (ch (fs, L'2'));
  n = formstate_validate (fs, &problems);
  for (size_t i = 0; i < n; i++)
    ck_assert_str_ne (problems[i].field_id, "employer");
  validate_problems_free (&problems, n);
  ck_assert_str_eq (formstate_value (fs, formstate_index (fs, "employer")),
                    "");
  formstate_free (&fs);
  formdef_free (&def);
}
END_TEST

Suite *
suite_formstate (void)
{
  Suite *s = suite_create ("formstate");
  TCase *cursor = tcase_create ("cursor");
  TCase *text = tcase_create ("text");
  TCase *choice = tcase_create ("choice");
  TCase *id = tcase_create ("id");
  TCase *base = tcase_create ("base");

  tcase_add_checked_fixture (cursor, utf8_locale, NULL);
  tcase_add_test (cursor, test_new_form_starts_in_first_field);
  tcase_add_test (cursor, test_walk_blank_form_skips_what_does_not_apply);
  tcase_add_test (cursor, test_employment_decides_next_field);
  tcase_add_test (cursor, test_signed_by_fields_never_entered);
  tcase_add_test (cursor, test_inline_skips_signer_and_conditions);
  tcase_add_test (cursor, test_inline_advance_and_no_advance);
  suite_add_tcase (s, cursor);

  tcase_add_checked_fixture (text, utf8_locale, NULL);
  tcase_add_test (text, test_text_stored_and_in_record);
  tcase_add_test (text, test_record_drops_fields_that_stop_applying);
  tcase_add_test (text, test_validate_ignores_fields_that_stop_applying);
  tcase_add_test (text, test_text_editing_keys);
  tcase_add_test (text, test_mobile_digits_and_advance);
  suite_add_tcase (s, text);

  tcase_add_checked_fixture (choice, utf8_locale, NULL);
  tcase_add_test (choice, test_choice_single_digit);
  tcase_add_test (choice, test_choice_unknown_number_refused);
  tcase_add_test (choice, test_choice_waits_for_longer_number);
  tcase_add_test (choice, test_choice_two_digit_codes);
  tcase_add_test (choice, test_choice_multiple_and_exclusive);
  tcase_add_test (choice, test_choice_space_and_cursor);
  suite_add_tcase (s, choice);

  tcase_add_checked_fixture (id, utf8_locale, NULL);
  tcase_add_test (id, test_id_advances_and_fills);
  tcase_add_test (id, test_id_lowercase_x_and_full_width);
  tcase_add_test (id, test_id_wrong_check_char);
  tcase_add_test (id, test_id_keeps_what_clerk_typed);
  tcase_add_test (id, test_id_refills_only_its_own_values);
  suite_add_tcase (s, id);

  tcase_add_checked_fixture (base, utf8_locale, NULL);
  tcase_add_test (base, test_changed);
  tcase_add_test (base, test_rebase);
  tcase_add_test (base, test_rebase_current_field);
  tcase_add_test (base, test_validate_empty_form);
  suite_add_tcase (s, base);
  return s;
}
