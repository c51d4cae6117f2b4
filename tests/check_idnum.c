/*
 * check_idnum.c — citizen ID numbers: the check character, normalising,
 * validating in order, and what an ID says.  Expected IDs were computed
 * apart from idnum.c, so a wrong weight or table shows up here.
 */
#include "system.h"

#include <check.h>

#include "idnum.h"
#include "suites.h"

/* Every date test is against this day, so that none goes stale. */
#define TODAY 20250101

static const char *const known_valid[] = {
  "430103201505113461", "430103198407172172", "430105198512128854",
  "43011219890129311X", "430122199207149625", "43010219980525098X",
};

/* ------------------------------------------------------- check character */

/* For each of the 11 check characters, a 17-digit prefix that needs it. */
static const struct
{
  const char *first17;
  char check;
} check_cases[] = {
  { "43010319840717007", '0' }, { "43010319840717001", '1' },
  { "43010319840717006", '2' }, { "43010319840717000", '3' },
  { "43010319840717005", '4' }, { "43010319840717018", '5' },
  { "43010319840717004", '6' }, { "43010319840717009", '7' },
  { "43010319840717003", '8' }, { "43010319840717008", '9' },
  { "43010319840717002", 'X' },
};

START_TEST (test_check_char_each_value)
{
  ck_assert_int_eq (idnum_check_char (check_cases[_i].first17),
                    check_cases[_i].check);
}
END_TEST

START_TEST (test_check_char_only_one_fits)
{
  static const char candidates[] = "0123456789X";
  char id[IDNUM_SIZE];
  int valid = 0;

  for (const char *c = candidates; *c; c++)
    {
      enum idnum_verdict v;

      snprintf (id, sizeof id, "%s%c", check_cases[_i].first17, *c);
      v = idnum_validate (id, TODAY, NULL);
      if (*c == check_cases[_i].check)
        ck_assert_int_eq (v, IDNUM_VALID);
      else
        ck_assert_int_eq (v, IDNUM_BAD_CHECK);
      valid += v == IDNUM_VALID;
    }
  ck_assert_int_eq (valid, 1);
}
END_TEST

START_TEST (test_check_char_rejects_non_digits)
{
  ck_assert_int_eq (idnum_check_char ("4301031984071721A"), '\0');
  ck_assert_int_eq (idnum_check_char ("4301031984"), '\0');
}
END_TEST

START_TEST (test_known_valid_samples)
{
  struct idnum_facts facts;

  ck_assert_int_eq (idnum_validate (known_valid[_i], TODAY, &facts),
                    IDNUM_VALID);
  ck_assert_int_eq (idnum_check_char (known_valid[_i]), known_valid[_i][17]);
}
END_TEST

/* ------------------------------------------------------------- upgrading */

START_TEST (test_upgrade15)
{
  char out[IDNUM_SIZE];

  ck_assert (idnum_upgrade15 ("430122650312123", out));
  ck_assert_str_eq (out, "430122196503121236");
}
END_TEST

START_TEST (test_upgrade15_refuses_other_input)
{
  char out[IDNUM_SIZE] = "junk";

  ck_assert (!idnum_upgrade15 ("43012265031212", out));
  ck_assert_str_eq (out, "");
  ck_assert (!idnum_upgrade15 ("4301226503121234", out));
  ck_assert (!idnum_upgrade15 ("43012265031212X", out));
}
END_TEST

/* ----------------------------------------------------------- normalising */

/* idnum_normalise into a roomy buffer; checks the returned length. */
static void
assert_normalises (const char *in, const char *expected)
{
  char out[64];
  size_t len = idnum_normalise (in, out, sizeof out);

  ck_assert_str_eq (out, expected);
  ck_assert_uint_eq (len, strlen (expected));
}

START_TEST (test_normalise_full_width)
{
  assert_normalises ("４３０１０３１９８４０７１７２１７２",
                     "430103198407172172");
  assert_normalises ("４３０１０２１９９８０５２５０９８Ｘ",
                     "43010219980525098X");
  assert_normalises ("４３０１０２１９９８０５２５０９８ｘ",
                     "43010219980525098X");
}
END_TEST

START_TEST (test_normalise_lower_case_x)
{
  assert_normalises ("43010219980525098x", "43010219980525098X");
}
END_TEST

START_TEST (test_normalise_trims_blanks)
{
  assert_normalises ("\xe3\x80\x80" "430103198407172172" "\xe3\x80\x80",
                     "430103198407172172");
  assert_normalises (" \t\xe3\x80\x80 430103198407172172\xe3\x80\x80\t ",
                     "430103198407172172");
  assert_normalises ("　４３０１０３１９８４０７１７２１７２　",
                     "430103198407172172");
  assert_normalises (" \xe3\x80\x80\t", "");
}
END_TEST

START_TEST (test_normalise_keeps_inner_oddities)
{
  /* Inner blanks and letters are the caller's to reject, not ours to hide. */
  assert_normalises ("4301 03198407172172", "4301 03198407172172");
  assert_normalises ("43010319840717217２号", "430103198407172172号");
}
END_TEST

START_TEST (test_normalise_upgrades_15)
{
  assert_normalises ("430122650312123", "430122196503121236");
  assert_normalises ("　４３０１２２６５０３１２１２３ ", "430122196503121236");
  /* 15 characters that are not all digits stay as they are. */
  assert_normalises ("43012265031212X", "43012265031212X");
}
END_TEST

START_TEST (test_normalise_truncates_like_snprintf)
{
  char out[8];
  char tiny[1] = { 'z' };

  ck_assert_uint_eq (idnum_normalise ("43010319840717217212345", out, sizeof out),
                     23);
  ck_assert_str_eq (out, "4301031");
  /* The 15-digit upgrade is measured and cut the same way. */
  ck_assert_uint_eq (idnum_normalise ("430122650312123", out, sizeof out), 18);
  ck_assert_str_eq (out, "4301221");
  ck_assert_uint_eq (idnum_normalise ("430103", tiny, sizeof tiny), 6);
  ck_assert_int_eq (tiny[0], '\0');
  ck_assert_uint_eq (idnum_normalise ("430103", NULL, 0), 6);
}
END_TEST

/* ------------------------------------------------------------ validating */

START_TEST (test_wrong_lengths)
{
  ck_assert_int_eq (idnum_validate ("43010319840717217", TODAY, NULL),
                    IDNUM_BAD_LENGTH);
  ck_assert_int_eq (idnum_validate ("4301031984071721720", TODAY, NULL),
                    IDNUM_BAD_LENGTH);
  ck_assert_int_eq (idnum_validate ("43010319840717", TODAY, NULL),
                    IDNUM_BAD_LENGTH);
  ck_assert_int_eq (idnum_validate ("", TODAY, NULL), IDNUM_BAD_LENGTH);
  /* Length is checked first: letters in a short ID are a length problem. */
  ck_assert_int_eq (idnum_validate ("4301A319840717217", TODAY, NULL),
                    IDNUM_BAD_LENGTH);
}
END_TEST

START_TEST (test_bad_characters)
{
  struct idnum_facts facts;

  ck_assert_int_eq (idnum_validate ("4301031984A7172172", TODAY, &facts),
                    IDNUM_BAD_CHARACTER);
  ck_assert_int_eq (facts.year, 0);
  ck_assert_int_eq (idnum_validate ("430103198407172X72", TODAY, NULL),
                    IDNUM_BAD_CHARACTER);
  ck_assert_int_eq (idnum_validate ("4301 3198407172172", TODAY, NULL),
                    IDNUM_BAD_CHARACTER);
  ck_assert_int_eq (idnum_validate ("43010319840717217x", TODAY, NULL),
                    IDNUM_BAD_CHARACTER);
  /* 18 characters, one of them Chinese: a character problem, not length. */
  ck_assert_int_eq (idnum_validate ("4301一3198407172172", TODAY, NULL),
                    IDNUM_BAD_CHARACTER);
}
END_TEST

START_TEST (test_bad_last_character_keeps_facts)
{
  struct idnum_facts facts;

  ck_assert_int_eq (idnum_validate ("43010319840717217Y", TODAY, &facts),
                    IDNUM_BAD_CHARACTER);
  ck_assert_int_eq (facts.year, 1984);
  ck_assert_str_eq (facts.region, "430103");
}
END_TEST

START_TEST (test_characters_before_date)
{
  /* Month 13 and a letter: the letter is reported. */
  ck_assert_int_eq (idnum_validate ("430103198413A72172", TODAY, NULL),
                    IDNUM_BAD_CHARACTER);
}
END_TEST

START_TEST (test_date_before_check)
{
  struct idnum_facts facts;

  /* 1984-02-30 with any check character: the date is reported. */
  ck_assert_int_eq (idnum_validate ("430103198402301230", TODAY, &facts),
                    IDNUM_BAD_DATE);
  ck_assert_int_eq (facts.year, 0);
  ck_assert_str_eq (facts.region, "");
  ck_assert_int_eq (idnum_validate ("430103198400101230", TODAY, NULL),
                    IDNUM_BAD_DATE);
  ck_assert_int_eq (idnum_validate ("430103198413011230", TODAY, NULL),
                    IDNUM_BAD_DATE);
  ck_assert_int_eq (idnum_validate ("430103198404311230", TODAY, NULL),
                    IDNUM_BAD_DATE);
}
END_TEST

START_TEST (test_leap_days)
{
  /* Check characters are right, so only the date can fail. */
  ck_assert_int_eq (idnum_validate ("430103190002290019", TODAY, NULL),
                    IDNUM_BAD_DATE);
  ck_assert_int_eq (idnum_validate ("430103200002290015", TODAY, NULL),
                    IDNUM_VALID);
  ck_assert_int_eq (idnum_validate ("430103202402290013", TODAY, NULL),
                    IDNUM_VALID);
}
END_TEST

START_TEST (test_future_date)
{
  struct idnum_facts facts;

  ck_assert_int_eq (idnum_validate ("430103202501020019", TODAY, &facts),
                    IDNUM_BAD_DATE);
  /* The date is real, so it is still reported. */
  ck_assert_int_eq (facts.year, 2025);
  ck_assert_int_eq (facts.month, 1);
  ck_assert_int_eq (facts.day, 2);
  /* Born today is fine. */
  ck_assert_int_eq (idnum_validate ("430103202501010013", TODAY, NULL),
                    IDNUM_VALID);
  ck_assert_int_eq (idnum_validate ("430103202501020019", 20250102, NULL),
                    IDNUM_VALID);
}
END_TEST

START_TEST (test_earliest_date)
{
  ck_assert_int_eq (idnum_validate ("43010318860624001X", TODAY, NULL),
                    IDNUM_BAD_DATE);
  ck_assert_int_eq (idnum_validate ("430103188606250015", TODAY, NULL),
                    IDNUM_VALID);
}
END_TEST

START_TEST (test_wrong_check_keeps_facts)
{
  struct idnum_facts facts;

  ck_assert_int_eq (idnum_validate ("430103201505113460", TODAY, &facts),
                    IDNUM_BAD_CHECK);
  ck_assert_int_eq (facts.year, 2015);
  ck_assert_int_eq (facts.month, 5);
  ck_assert_int_eq (facts.day, 11);
  ck_assert (facts.female);
  ck_assert_str_eq (facts.region, "430103");
}
END_TEST

START_TEST (test_sex)
{
  struct idnum_facts facts;

  /* The 17th digit: 7 is odd, a man. */
  ck_assert_int_eq (idnum_validate ("430103198407172172", TODAY, &facts),
                    IDNUM_VALID);
  ck_assert (!facts.female);
  /* 2 is even, a woman. */
  ck_assert_int_eq (idnum_validate ("430122199207149625", TODAY, &facts),
                    IDNUM_VALID);
  ck_assert (facts.female);
  /* 0 is even too. */
  ck_assert_int_eq (idnum_validate ("43010219980525098X", TODAY, &facts),
                    IDNUM_VALID);
  ck_assert (facts.female);
}
END_TEST

START_TEST (test_region_and_date)
{
  struct idnum_facts facts;

  ck_assert_int_eq (idnum_validate ("43011219890129311X", TODAY, &facts),
                    IDNUM_VALID);
  ck_assert_str_eq (facts.region, "430112");
  ck_assert_int_eq (facts.year, 1989);
  ck_assert_int_eq (facts.month, 1);
  ck_assert_int_eq (facts.day, 29);
  ck_assert (!facts.female);
}
END_TEST

START_TEST (test_normalised_input_validates)
{
  char id[64];
  struct idnum_facts facts;

  idnum_normalise ("　４３０１２２６５０３１２１２３　", id, sizeof id);
  ck_assert_int_eq (idnum_validate (id, TODAY, &facts), IDNUM_VALID);
  ck_assert_int_eq (facts.year, 1965);
  ck_assert_str_eq (facts.region, "430122");
}
END_TEST

START_TEST (test_verdict_texts)
{
  ck_assert_str_eq (idnum_verdict_text (IDNUM_BAD_CHECK),
                    "wrong check character");
  for (int v = IDNUM_VALID; v <= IDNUM_BAD_CHECK; v++)
    ck_assert_uint_gt (strlen (idnum_verdict_text ((enum idnum_verdict) v)), 0);
}
END_TEST

START_TEST (test_today_is_plausible)
{
  int today = idnum_today ();

  ck_assert_int_ge (today, 20240101);
  ck_assert_int_le (today, 21000101);
  ck_assert_int_ge (today % 100, 1);
  ck_assert_int_le (today % 100, 31);
  ck_assert_int_ge (today / 100 % 100, 1);
  ck_assert_int_le (today / 100 % 100, 12);
}
END_TEST

Suite *
suite_idnum (void)
{
  Suite *s = suite_create ("idnum");
  TCase *check = tcase_create ("check");
  TCase *normalise = tcase_create ("normalise");
  TCase *validate = tcase_create ("validate");

  tcase_add_loop_test (check, test_check_char_each_value, 0,
                       ARRAY_SIZE (check_cases));
  tcase_add_loop_test (check, test_check_char_only_one_fits, 0,
                       ARRAY_SIZE (check_cases));
  tcase_add_test (check, test_check_char_rejects_non_digits);
  tcase_add_loop_test (check, test_known_valid_samples, 0,
                       ARRAY_SIZE (known_valid));
  suite_add_tcase (s, check);

  tcase_add_test (normalise, test_upgrade15);
  tcase_add_test (normalise, test_upgrade15_refuses_other_input);
  tcase_add_test (normalise, test_normalise_full_width);
  tcase_add_test (normalise, test_normalise_lower_case_x);
  tcase_add_test (normalise, test_normalise_trims_blanks);
  tcase_add_test (normalise, test_normalise_keeps_inner_oddities);
  tcase_add_test (normalise, test_normalise_upgrades_15);
  tcase_add_test (normalise, test_normalise_truncates_like_snprintf);
  suite_add_tcase (s, normalise);

  tcase_add_test (validate, test_wrong_lengths);
  tcase_add_test (validate, test_bad_characters);
  tcase_add_test (validate, test_bad_last_character_keeps_facts);
  tcase_add_test (validate, test_characters_before_date);
  tcase_add_test (validate, test_date_before_check);
  tcase_add_test (validate, test_leap_days);
  tcase_add_test (validate, test_future_date);
  tcase_add_test (validate, test_earliest_date);
  tcase_add_test (validate, test_wrong_check_keeps_facts);
  tcase_add_test (validate, test_sex);
  tcase_add_test (validate, test_region_and_date);
  tcase_add_test (validate, test_normalised_input_validates);
  tcase_add_test (validate, test_verdict_texts);
  tcase_add_test (validate, test_today_is_plausible);
  suite_add_tcase (s, validate);
  return s;
}
