/*
 * check_export_upstream.c — the stored upstream rows as format 1: the
 * header in the spec's order, a person's 公安 row before the 社保 row, 序号,
 * local-only people left out, the encodings, and the round trip: the
 * export of round1-gb18030.csv and edge-syntax.csv imported into the same
 * store changes nothing, and into an empty store gives the same up.*
 * fields.  Also how an import counts a person's two rows, which it
 * writes at once.
 */
#include "system.h"

#include <check.h>

#include "charset.h"
#include "csv.h"
#include "export_upstream.h"
#include "import_upstream.h"
#include "msg.h"
#include "store.h"
#include "suites.h"
#include "testutil.h"

/* The rows of the two sample files (samples README).  edge-syntax.csv
   names round 1's people: after both, the store holds 143 rows, some of
   round 1's replaced by edge-syntax's. */
#define ROUND1_ROWS 142
#define EDGE_ROWS 14
#define BOTH_ROWS 143
/* A valid ID no sample uses: a man born 1990-03-07. */
#define ID_LOCAL "430102199003071234"

static char *dir;
static struct store *store;
static struct upstream_vocab *vocab;

static void
setup (void)
{
  char *error = NULL;

  dir = testutil_mkdtemp ("export-upstream");
  ck_assert_int_eq (store_open (dir, &store, &error), STORE_OK);
  vocab = import_vocab_load (&error);
  ck_assert_msg (vocab != NULL, "%s", error ? error : "");
}

static void
teardown (void)
{
  store_close (&store);
  import_vocab_free (&vocab);
  testutil_rmtree (dir);
  free (dir);
  dir = NULL;
}

/* Imports PATH into S; the totals in *T, and nothing may be reported
   but the warning edge-syntax.csv earns for its column 备注. */
static void
import_path (struct store *s, const char *path, struct import_totals *t)
{
  char *report = NULL;
  size_t size;
  FILE *fp = open_memstream (&report, &size);

  ck_assert_ptr_nonnull (fp);
  ck_assert_int_eq (import_upstream_file (s, path, path, vocab, t, fp, NULL),
                    IMPORT_OK);
  fclose (fp);
  ck_assert_msg (t->rejected == 0, "%s", report);
  free (report);
}

/* Imports round1-gb18030.csv (when ROUND1) and edge-syntax.csv; the
   rows the store then holds. */
static unsigned long
import_samples (bool round1)
{
  struct import_totals t;

  if (round1)
    {
      import_path (store, testutil_sample ("round1-gb18030.csv"), &t);
      ck_assert_uint_eq (t.imported, ROUND1_ROWS);
    }
  import_path (store, testutil_sample ("edge-syntax.csv"), &t);
  ck_assert_uint_eq (t.imported + t.unchanged, EDGE_ROWS);
  return round1 ? BOTH_ROWS : EDGE_ROWS;
}

/* The export of STORE in ENC, as a string of *LEN bytes. */
static char *
export_text (enum charset_encoding enc, size_t *len, unsigned long *rows)
{
  char *text = NULL;
  size_t size = 0;
  FILE *fp = open_memstream (&text, &size);

  ck_assert_ptr_nonnull (fp);
  ck_assert_int_eq (export_upstream (store, enc, fp, rows), EXPORT_OK);
  fclose (fp);
  if (len)
    *len = size;
  return text;
}

/* The export of STORE in ENC, written to NAME in the scratch directory;
   the path is malloc'd. */
static char *
export_file (const char *name, enum charset_encoding enc,
             unsigned long expected_rows)
{
  char *path = xasprintf ("%s/%s", dir, name);
  FILE *fp = fopen (path, "wb");
  unsigned long rows;

  ck_assert_ptr_nonnull (fp);
  ck_assert_int_eq (export_upstream (store, enc, fp, &rows), EXPORT_OK);
  ck_assert_int_eq (fclose (fp), 0);
  ck_assert_uint_eq (rows, expected_rows);
  return path;
}

/* The UTF-8 export parsed: calls FN for each record after the header. */
static void
each_row (const char *text, size_t len,
          void (*fn) (const struct csv_record *rec, void *arg), void *arg)
{
  struct csv_reader *r = csv_reader_new_mem (text, len);
  struct csv_record rec;
  bool header = true;

  while (csv_read (r, &rec) == CSV_RECORD)
    {
      if (!header)
        fn (&rec, arg);
      header = false;
    }
  csv_reader_free (&r);
}

/* ------------------------------------------------------------- shape */

/* Writes a file of a person's 公安 and 社保 rows; the 社保 row has
   MOBILE.  Returns its path (malloc'd, in dir). */
static char *
two_rows (const char *name, const char *mobile)
{
  char *path = xasprintf ("%s/%s.csv", dir, name);
  FILE *fp = fopen (path, "w");

  ck_assert_ptr_nonnull (fp);
  fprintf (fp, "公民身份证号码,姓名,联系手机,数据来源,比对结果\n"
           ID_LOCAL ",周八,13900000001,公安,01\n"
           ID_LOCAL ",周捌,%s,社保,01\n", mobile);
  ck_assert_int_eq (fclose (fp), 0);
  return path;
}

START_TEST (test_person_rows_counted_one_by_one)
{
  /* One write for both rows, but each row counts as changed or not. */
  char *first = two_rows ("first", "13900000002");
  char *second = two_rows ("second", "13900000003");
  struct import_totals t;
  struct record *rec;

  memset (&t, 0, sizeof t);
  import_path (store, first, &t);
  ck_assert_uint_eq (t.imported, 2);
  ck_assert_int_eq (store_get (store, ID_LOCAL, &rec), STORE_OK);
  ck_assert_uint_eq (store_record_rev (rec), 1);
  record_free (&rec);
  memset (&t, 0, sizeof t);
  import_path (store, second, &t);
  ck_assert_uint_eq (t.imported, 1);
  ck_assert_uint_eq (t.unchanged, 1);
  ck_assert_int_eq (store_get (store, ID_LOCAL, &rec), STORE_OK);
  ck_assert_str_eq (record_get (rec, "up.shebao.mobile"), "13900000003");
  ck_assert_str_eq (record_get (rec, "up.gongan.name"), "周八");
  ck_assert_uint_eq (store_record_rev (rec), 2);
  record_free (&rec);
  memset (&t, 0, sizeof t);
  import_path (store, second, &t);
  ck_assert_uint_eq (t.imported, 0);
  ck_assert_uint_eq (t.unchanged, 2);
  free (first);
  free (second);
}
END_TEST

START_TEST (test_header_in_spec_order)
{
  char *text = export_text (CHARSET_UTF8, NULL, NULL);

  ck_assert_str_eq (text, "序号,乡镇（街道）,村（社区）,公民身份证号码,姓名,"
                    "性别,民族,出生日期,户口所在地,常住所在地,联系手机,就业状态,"
                    "单位全称,养老,医疗,工伤,失业,生育,未参保原因,异地参保,"
                    "数据来源,比对结果,比对说明\r\n");
  free (text);
}
END_TEST

struct row_check
{
  unsigned long n;
  char last_id[24];
  char last_source[8];
};

static void
check_row (const struct csv_record *rec, void *arg)
{
  struct row_check *c = arg;
  const char *id, *source;
  char seq[32];

  ck_assert_uint_eq (rec->nfields, UP_NCOLUMNS);
  snprintf (seq, sizeof seq, "%lu", ++c->n);
  ck_assert_str_eq (rec->fields[UP_SEQ].text, seq);
  id = rec->fields[UP_ID].text;
  source = rec->fields[UP_SOURCE].text;
  ck_assert_uint_eq (strlen (id), 18);
  ck_assert (!strcmp (source, "公安") || !strcmp (source, "社保"));
  /* IDs ascend; one ID twice is 公安 then 社保. */
  ck_assert_int_le (strcmp (c->last_id, id), 0);
  if (!strcmp (c->last_id, id))
    ck_assert (!strcmp (c->last_source, "公安") && !strcmp (source, "社保"));
  snprintf (c->last_id, sizeof c->last_id, "%s", id);
  snprintf (c->last_source, sizeof c->last_source, "%s", source);
  /* 比对结果 as import keeps it: codes. */
  ck_assert_msg (rec->fields[UP_RESULT].text[0] >= '0'
                 && rec->fields[UP_RESULT].text[0] <= '9', "%s",
                 rec->fields[UP_RESULT].text);
}

START_TEST (test_rows_in_order)
{
  struct row_check c = { 0, "", "" };
  struct record *rec = record_new ();
  unsigned long rows;
  size_t len;
  char *text;

  import_samples (true);
  /* A person with only local data, and one whose local data sits beside
     upstream rows: the first gives no row, the second its own rows. */
  record_set (rec, "name", "张三");
  record_set (rec, "up.township", "东岸乡");
  ck_assert_int_eq (store_save (store, ID_LOCAL, rec, 0, "save", NULL, NULL),
                    STORE_OK);
  record_free (&rec);

  text = export_text (CHARSET_UTF8, &len, &rows);
  ck_assert_uint_eq (rows, BOTH_ROWS);
  each_row (text, len, check_row, &c);
  ck_assert_uint_eq (c.n, rows);
  ck_assert_ptr_null (strstr (text, ID_LOCAL));
  /* edge-syntax.csv: the 15-digit ID upgraded, the note's line breaks,
     quotes and the name outside the BMP kept. */
  ck_assert_ptr_nonnull (strstr (text, ",430122196503121236,"));
  ck_assert_ptr_null (strstr (text, "430122650312123"));
  ck_assert_ptr_nonnull (strstr (text, "\"第一行\r\n\r\n第二行 \"\"引号\"\"\""));
  ck_assert_ptr_nonnull (strstr (text, ",\xf0\xa0\xae\xb7"));
  free (text);
}
END_TEST

START_TEST (test_encodings)
{
  size_t ulen, glen, len;
  char *utf8, *gb, *expected;

  import_samples (true);
  utf8 = export_text (CHARSET_UTF8, &ulen, NULL);
  gb = export_text (CHARSET_GB18030, &glen, NULL);
  /* 序 is D0 F2 in GB18030, with no byte-order mark before it. */
  ck_assert (memcmp (gb, "\xd0\xf2", 2) == 0);
  ck_assert (!charset_utf8_valid (gb, glen));
  expected = charset_convert ("GB18030", "UTF-8", utf8, ulen, &len);
  ck_assert_uint_eq (len, glen);
  ck_assert (memcmp (gb, expected, len) == 0);
  free (expected);
  free (gb);
  gb = export_text (CHARSET_UTF8_BOM, &len, NULL);
  ck_assert_uint_eq (len, ulen + 3);
  ck_assert (memcmp (gb, "\xef\xbb\xbf", 3) == 0);
  ck_assert (memcmp (gb + 3, utf8, ulen) == 0);
  free (gb);
  free (utf8);
}
END_TEST

START_TEST (test_empty_store)
{
  unsigned long rows = 99;
  char *text = export_text (CHARSET_GB18030, NULL, &rows);

  ck_assert_uint_eq (rows, 0);
  ck_assert_ptr_nonnull (strstr (text, "\r\n"));
  ck_assert_str_eq (strstr (text, "\r\n"), "\r\n");
  free (text);
}
END_TEST

START_TEST (test_write_error)
{
  FILE *fp = fopen ("/dev/full", "w");

  if (!fp)
    return;
  import_samples (true);
  ck_assert_int_eq (export_upstream (store, CHARSET_GB18030, fp, NULL),
                    EXPORT_WRITE_FAILED);
  ck_assert_int_eq (errno, ENOSPC);
  fclose (fp);
}
END_TEST

/* -------------------------------------------------------- round trip */

/* The round-trip tests run twice: _i 0 with edge-syntax.csv alone, so
   that every one of its rows is exported as that file had it, and _i 1
   with round 1 under it. */

START_TEST (test_reimport_same_store_unchanged)
{
  static const enum charset_encoding encs[] = { CHARSET_GB18030,
                                                CHARSET_UTF8 };
  struct store_summary before, after;
  unsigned long rows = import_samples (_i == 1);

  ck_assert_int_eq (store_summarise (store, &before), STORE_OK);
  for (size_t i = 0; i < ARRAY_SIZE (encs); i++)
    {
      char *path = export_file ("export.csv", encs[i], rows);
      struct import_totals t;

      import_path (store, path, &t);
      ck_assert_uint_eq (t.rows, rows);
      ck_assert_msg (t.unchanged == t.rows && t.imported == 0,
                     "encoding %zu: %lu imported, %lu unchanged", i,
                     t.imported, t.unchanged);
      /* The export names no column the format lacks. */
      ck_assert_uint_eq (t.warnings, 0);
      free (path);
    }
  /* Nothing was written: not even a line in the history. */
  ck_assert_int_eq (store_summarise (store, &after), STORE_OK);
  ck_assert_uint_eq (after.audit_entries, before.audit_entries);
  ck_assert_uint_eq (after.people, before.people);
  ck_assert_uint_eq (after.queued, before.queued);
}
END_TEST

/* What import stores: the up.* fields and the queue key. */
static bool
imported_field (const char *name)
{
  return strncmp (name, "up.", 3) == 0 || strcmp (name, STORE_F_QUEUE) == 0;
}

struct compare
{
  struct store *other;
  unsigned long people;
};

/* ID's imported fields in REC are those of ID in C->other, and no more. */
static int
compare_person (const char *id, const struct record *rec, void *arg)
{
  struct compare *c = arg;
  struct record *theirs = NULL;
  size_t mine = 0, other = 0;

  for (size_t i = 0; i < record_count (rec); i++)
    mine += imported_field (record_name_at (rec, i));
  if (!mine)
    return STORE_OK;
  c->people++;
  ck_assert_msg (store_get (c->other, id, &theirs) == STORE_OK, "%s", id);
  for (size_t i = 0; i < record_count (rec); i++)
    {
      const char *name = record_name_at (rec, i);
      const char *v;

      if (!imported_field (name))
        continue;
      v = record_get (theirs, name);
      ck_assert_msg (v != NULL, "%s: no %s", id, name);
      ck_assert_str_eq (v, record_get (rec, name));
    }
  for (size_t i = 0; i < record_count (theirs); i++)
    other += imported_field (record_name_at (theirs, i));
  ck_assert_uint_eq (other, mine);
  record_free (&theirs);
  return STORE_OK;
}

START_TEST (test_fresh_store_same_records)
{
  char *path, *fresh_dir = testutil_mkdtemp ("export-upstream-fresh");
  struct store *fresh = NULL;
  struct compare c = { NULL, 0 };
  char *error = NULL;
  struct import_totals t;
  unsigned long people, rows = import_samples (_i == 1);

  path = export_file ("export.csv", CHARSET_GB18030, rows);
  ck_assert_int_eq (store_open (fresh_dir, &fresh, &error), STORE_OK);
  import_path (fresh, path, &t);
  ck_assert_uint_eq (t.imported, rows);
  ck_assert_uint_eq (t.unchanged, 0);
  ck_assert_uint_eq (t.warnings, 0);

  /* Both ways round, so that neither store has a person or a field the
     other lacks. */
  c.other = fresh;
  ck_assert_int_eq (store_scan (store, STORE_BY_ID, "", compare_person, &c),
                    STORE_OK);
  people = c.people;
  ck_assert_uint_gt (people, 0);
  c.other = store;
  c.people = 0;
  ck_assert_int_eq (store_scan (fresh, STORE_BY_ID, "", compare_person, &c),
                    STORE_OK);
  ck_assert_uint_eq (c.people, people);

  store_close (&fresh);
  testutil_rmtree (fresh_dir);
  free (fresh_dir);
  free (path);
}
END_TEST

Suite *
suite_export_upstream (void)
{
  Suite *s = suite_create ("export_upstream");
  TCase *tc = tcase_create ("export_upstream");

  tcase_add_checked_fixture (tc, setup, teardown);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_header_in_spec_order);
  tcase_add_test (tc, test_rows_in_order);
  tcase_add_test (tc, test_encodings);
  tcase_add_test (tc, test_empty_store);
  tcase_add_test (tc, test_write_error);
  tcase_add_test (tc, test_person_rows_counted_one_by_one);
  tcase_add_loop_test (tc, test_reimport_same_store_unchanged, 0, 2);
  tcase_add_loop_test (tc, test_fresh_store_same_records, 0, 2);
  suite_add_tcase (s, tc);
  return s;
}
