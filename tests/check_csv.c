/*
 * check_csv.c — the syntax of the upstream format's section 1, physical
 * line numbers, errors with their line, the writer's round trip, and that
 * pulling a byte at a time changes nothing.
 *
 * Records are compared as a dump: "first-last:" then each field as [text]
 * (unquoted) or {text} (quoted), one record a line.
 */
#include "system.h"

#include <check.h>
#include <time.h>

#include "charset.h"
#include "csv.h"
#include "msg.h"
#include "suites.h"
#include "testutil.h"

#define IDEO_SPACE "\xe3\x80\x80"       /* U+3000 */

struct dump
{
  char *text;
  size_t len, cap;
};

static void
dump_add (struct dump *d, const char *s, size_t n)
{
  if (d->cap - d->len < n + 1)
    {
      d->cap = (d->cap + n + 1) * 2;
      d->text = xrealloc (d->text, d->cap);
    }
  memcpy (d->text + d->len, s, n);
  d->len += n;
  d->text[d->len] = '\0';
}

static void
dump_record (struct dump *d, const struct csv_record *rec)
{
  char head[64];
  size_t i;

  snprintf (head, sizeof head, "%zu-%zu:", rec->line_first, rec->line_last);
  dump_add (d, head, strlen (head));
  for (i = 0; i < rec->nfields; i++)
    {
      const struct csv_field *f = &rec->fields[i];

      ck_assert_int_eq (f->text[f->len], '\0');
      dump_add (d, f->quoted ? "{" : "[", 1);
      dump_add (d, f->text, f->len);
      dump_add (d, f->quoted ? "}" : "]", 1);
    }
  dump_add (d, "\n", 1);
}

/* Every record READER gives, as a dump; *STATUS gets the last status. */
static char *
read_all (struct csv_reader *reader, enum csv_status *status, size_t *count)
{
  struct dump d = { NULL, 0, 0 };
  struct csv_record rec;
  enum csv_status st;
  size_t n = 0;

  dump_add (&d, "", 0);
  while ((st = csv_read (reader, &rec)) == CSV_RECORD)
    {
      dump_record (&d, &rec);
      n++;
    }
  if (status)
    *status = st;
  if (count)
    *count = n;
  return d.text;
}

/* A source handing out its buffer one byte per call. */
struct trickle
{
  const char *p, *end;
};

static ssize_t
trickle_source (void *ctx, char *buf, size_t cap)
{
  struct trickle *t = ctx;

  ck_assert_uint_gt (cap, 0);
  if (t->p == t->end)
    return 0;
  *buf = *t->p++;
  return 1;
}

static ssize_t
failing_source (void *ctx, char *buf, size_t cap)
{
  int *calls = ctx;

  if ((*calls)++ == 0 && cap >= 4)
    {
      memcpy (buf, "a,b\n", 4);
      return 4;
    }
  return -1;
}

/* Reads TEXT both from memory and a byte at a time, checks that the two
   agree and that they give WANT. */
static void
expect_records (const char *text, const char *want)
{
  size_t len = strlen (text);
  struct csv_reader *reader = csv_reader_new_mem (text, len);
  struct trickle t = { text, text + len };
  enum csv_status st;
  char *got = read_all (reader, &st, NULL), *slow;

  ck_assert_int_eq (st, CSV_EOF);
  ck_assert_str_eq (got, want);
  csv_reader_free (&reader);
  ck_assert_ptr_null (reader);

  reader = csv_reader_new (trickle_source, &t);
  slow = read_all (reader, &st, NULL);
  ck_assert_int_eq (st, CSV_EOF);
  ck_assert_str_eq (slow, want);
  csv_reader_free (&reader);
  free (slow);
  free (got);
}

START_TEST (test_quoted_comma_and_quotes)
{
  expect_records ("a,\"b,c\",\"say \"\"hi\"\"\"\n",
                  "1-1:[a]{b,c}{say \"hi\"}\n");
  expect_records ("\"\"\"\",\"\"\n", "1-1:{\"}{}\n");
}
END_TEST

START_TEST (test_line_breaks_inside_quotes)
{
  expect_records ("\"x\r\ny\",\"p\nq\"\r\nnext\n",
                  "1-3:{x\r\ny}{p\nq}\n4-4:[next]\n");
}
END_TEST

START_TEST (test_record_ends)
{
  expect_records ("a,b\r\nc,d\ne,f", "1-1:[a][b]\n2-2:[c][d]\n3-3:[e][f]\n");
  expect_records ("a,b\r\n", "1-1:[a][b]\n");
  expect_records ("a,\"b\"", "1-1:[a]{b}\n");
  expect_records ("a\r", "1-1:[a]\n");
  expect_records ("", "");
  expect_records ("\n\r\n\n", "");
  expect_records (",,\n", "1-1:[][][]\n");
}
END_TEST

START_TEST (test_blank_lines_keep_physical_lines)
{
  expect_records ("h\n\n\nrec\n", "1-1:[h]\n4-4:[rec]\n");
  expect_records ("h\r\n\r\n\r\nx,\"1\r\n2\n3\"\r\nlast",
                  "1-1:[h]\n4-6:[x]{1\r\n2\n3}\n7-7:[last]\n");
  /* A line of spaces is not empty: one empty field. */
  expect_records ("a\n   \nb\n", "1-1:[a]\n2-2:[]\n3-3:[b]\n");
  /* An empty line inside quotes is data, not a blank line. */
  expect_records ("\"a\n\nb\"\n\nc\n", "1-3:{a\n\nb}\n5-5:[c]\n");
}
END_TEST

START_TEST (test_trimming)
{
  expect_records (" a ,\t b\t, " IDEO_SPACE "c" IDEO_SPACE " ,"
                  " \" q \" ," IDEO_SPACE "\"" IDEO_SPACE "r\"" IDEO_SPACE
                  "\t\n",
                  "1-1:[a][b][c]{ q }{" IDEO_SPACE "r}\n");
  expect_records (IDEO_SPACE IDEO_SPACE "\n", "1-1:[]\n");
  /* Inner spaces stay. */
  expect_records (" a  b ,中" IDEO_SPACE "文\n",
                  "1-1:[a  b][中" IDEO_SPACE "文]\n");
}
END_TEST

START_TEST (test_stray_quotes_are_data)
{
  expect_records ("ab\"c,d\"e\"\n", "1-1:[ab\"c][d\"e\"]\n");
  /* Text after a closing quote is kept; spaces alone there are not. */
  expect_records ("\"ab\"cd,\"x\"  \n", "1-1:{abcd}{x}\n");
  /* A lone CR outside quotes is data. */
  expect_records ("a\rb,c\n", "1-1:[a\rb][c]\n");
}
END_TEST

START_TEST (test_unterminated_quote)
{
  static const char text[] = "a,b\nc,\"open\nmore\n\nstill";
  struct csv_reader *reader = csv_reader_new_mem (text, sizeof text - 1);
  struct csv_record rec;

  ck_assert_int_eq (csv_read (reader, &rec), CSV_RECORD);
  ck_assert_int_eq (csv_read (reader, &rec), CSV_ERROR);
  ck_assert_uint_eq (csv_error_line (reader), 2);
  ck_assert_str_ne (csv_error_message (reader), "");
  ck_assert_int_eq (csv_read (reader, &rec), CSV_ERROR);
  csv_reader_free (&reader);

  reader = csv_reader_new_mem ("\"", 1);
  ck_assert_int_eq (csv_read (reader, &rec), CSV_ERROR);
  ck_assert_uint_eq (csv_error_line (reader), 1);
  csv_reader_free (&reader);
}
END_TEST

START_TEST (test_source_error)
{
  int calls = 0;
  struct csv_reader *reader = csv_reader_new (failing_source, &calls);
  struct csv_record rec;

  ck_assert_int_eq (csv_read (reader, &rec), CSV_RECORD);
  ck_assert_uint_eq (rec.nfields, 2);
  ck_assert_int_eq (csv_read (reader, &rec), CSV_ERROR);
  ck_assert_uint_eq (csv_error_line (reader), 2);
  ck_assert_str_ne (csv_error_message (reader), "");
  csv_reader_free (&reader);
}
END_TEST

/* edge-syntax.csv through the GB18030 decoder. */
START_TEST (test_edge_syntax_sample)
{
  size_t len, n, utf8_len;
  char *buf = testutil_slurp (testutil_sample ("edge-syntax.csv"), &len);
  char *utf8, *dump, *dump_mem;
  struct charset_decoder *dec;
  struct csv_reader *reader;
  struct csv_record rec;
  enum charset_encoding enc;
  enum csv_status st;
  size_t records = 0;
  bool saw_multiline = false;

  ck_assert_ptr_nonnull (buf);
  ck_assert_int_eq (charset_detect (buf, len, &enc, NULL), 0);
  ck_assert_int_eq (enc, CHARSET_GB18030);
  dec = charset_decoder_new (enc, buf, len);
  reader = csv_reader_new (charset_decoder_source, dec);
  while ((st = csv_read (reader, &rec)) == CSV_RECORD)
    {
      records++;
      ck_assert_uint_eq (rec.nfields, 24);
      if (records == 1)
        {
          ck_assert_uint_eq (rec.line_first, 1);
          ck_assert_str_eq (rec.fields[23].text, "备注");
        }
      if (rec.line_last > rec.line_first)
        {
          ck_assert_uint_eq (rec.line_first, 5);
          ck_assert_uint_eq (rec.line_last, 7);
          ck_assert (rec.fields[0].quoted);
          ck_assert_str_eq (rec.fields[0].text,
                            "第一行\r\n\r\n第二行 \"引号\"");
          saw_multiline = true;
        }
      if (records == 2)
        {
          ck_assert_uint_eq (rec.line_first, 3);
          ck_assert_str_eq (rec.fields[18].text, "欧阳，娜");
        }
      if (records == 5)
        /* Ideographic spaces around an unquoted name are trimmed. */
        ck_assert_str_eq (rec.fields[18].text, "范辉明");
      if (records == 15)
        ck_assert_uint_eq (rec.line_last, 19);
    }
  ck_assert_int_eq (st, CSV_EOF);
  ck_assert_uint_eq (records, 15);
  ck_assert (saw_multiline);
  csv_reader_free (&reader);
  charset_decoder_free (&dec);

  /* Decoded whole, from memory, and a byte at a time: the same. */
  utf8 = charset_convert ("UTF-8", "GB18030", buf, len, &utf8_len);
  reader = csv_reader_new_mem (utf8, utf8_len);
  dump_mem = read_all (reader, &st, &n);
  ck_assert_uint_eq (n, 15);
  csv_reader_free (&reader);
  {
    struct trickle t = { utf8, utf8 + utf8_len };

    reader = csv_reader_new (trickle_source, &t);
    dump = read_all (reader, &st, &n);
    ck_assert_int_eq (st, CSV_EOF);
    ck_assert_str_eq (dump, dump_mem);
    csv_reader_free (&reader);
    free (dump);
  }
  free (dump_mem);
  free (utf8);
  free (buf);
}
END_TEST

START_TEST (test_write_read_round_trip)
{
  static const char *const fields[] = {
    "a\"b", " lead", "x,y", "line1\r\nline2", IDEO_SPACE "pad" IDEO_SPACE,
    "", "plain", "trail\t", "中文", "lf\nonly", "cr\ronly", NULL, "\"",
  };
  static const bool quoted[] = {
    true, true, true, true, true, false, false, true, false, true, true,
    false, true,
  };
  static const char *const lone_empty[] = { "" };
  static const char written[] =
    "\"a\"\"b\",\" lead\",\"x,y\",\"line1\r\nline2\",\"" IDEO_SPACE "pad"
    IDEO_SPACE "\",,plain,\"trail\t\",中文,\"lf\nonly\",\"cr\ronly\","
    ",\"\"\"\"\n";
  struct csv_buf out = { NULL, 0, 0 };
  struct csv_reader *reader;
  struct csv_record rec;
  enum csv_eol eols[] = { CSV_CRLF, CSV_LF };
  size_t e, i, r;

  for (e = 0; e < ARRAY_SIZE (eols); e++)
    {
      out.len = 0;
      csv_write_record (&out, fields, ARRAY_SIZE (fields), eols[e]);
      csv_write_record (&out, lone_empty, 1, eols[e]);
      csv_write_record (&out, fields, 1, eols[e]);
      ck_assert_str_eq (out.data + out.len - 2 + (eols[e] == CSV_LF),
                        eols[e] == CSV_CRLF ? "\r\n" : "\n");
      reader = csv_reader_new_mem (out.data, out.len);
      for (r = 0; r < 3; r++)
        {
          ck_assert_int_eq (csv_read (reader, &rec), CSV_RECORD);
          if (r == 1)
            {
              ck_assert_uint_eq (rec.nfields, 1);
              ck_assert_uint_eq (rec.fields[0].len, 0);
              continue;
            }
          ck_assert_uint_eq (rec.nfields, r == 0 ? ARRAY_SIZE (fields) : 1);
          for (i = 0; i < rec.nfields; i++)
            {
              ck_assert_str_eq (rec.fields[i].text,
                                fields[i] ? fields[i] : "");
              ck_assert_msg (rec.fields[i].quoted == quoted[i],
                             "field %zu quoted wrongly", i);
            }
        }
      ck_assert_int_eq (csv_read (reader, &rec), CSV_EOF);
      csv_reader_free (&reader);
    }
  ck_assert (strncmp (out.data, written, sizeof written - 1) == 0);
  csv_buf_release (&out);
  ck_assert_ptr_null (out.data);
  ck_assert_uint_eq (out.len, 0);
}
END_TEST

START_TEST (test_writer_output)
{
  static const char *const fields[] = { "a", "b c", " d", "e\"", "" };
  static const char *const nul_fields[] = { "x\0y", "z" };
  static const size_t nul_lens[] = { 3, 1 };
  struct csv_buf out = { NULL, 0, 0 };
  struct csv_reader *reader;
  struct csv_record rec;

  csv_write_record (&out, fields, ARRAY_SIZE (fields), CSV_CRLF);
  ck_assert_str_eq (out.data, "a,b c,\" d\",\"e\"\"\",\r\n");
  csv_write_record (&out, fields, 0, CSV_LF);
  ck_assert_str_eq (out.data, "a,b c,\" d\",\"e\"\"\",\r\n\"\"\n");
  out.len = 0;
  csv_write_record_n (&out, nul_fields, nul_lens, 2, CSV_LF);
  ck_assert_uint_eq (out.len, 6);
  ck_assert (memcmp (out.data, "x\0y,z\n", 6) == 0);
  reader = csv_reader_new_mem (out.data, out.len);
  ck_assert_int_eq (csv_read (reader, &rec), CSV_RECORD);
  ck_assert_uint_eq (rec.fields[0].len, 3);
  ck_assert (memcmp (rec.fields[0].text, "x\0y", 4) == 0);
  csv_reader_free (&reader);
  csv_buf_release (&out);
}
END_TEST

START_TEST (test_million_records)
{
  size_t nrec = testutil_under_valgrind () ? 20000 : 1000000;
  static const char line[] =
    "1,乌山街道,双丰村,430103201505113461,严敏,女,汉族,20150511,"
    "湖南省长沙市天心区,\"长沙市望城区, 12组\",18507529170,,,,,否,否,否,"
    ",,公安,10,\r\n";
  size_t ll = sizeof line - 1, i, n = 0, fields = 0;
  char *text = xmalloc (ll * nrec);
  struct csv_reader *reader;
  struct csv_record rec;
  clock_t t0;
  double secs;

  for (i = 0; i < nrec; i++)
    memcpy (text + i * ll, line, ll);
  t0 = clock ();
  reader = csv_reader_new_mem (text, ll * nrec);
  while (csv_read (reader, &rec) == CSV_RECORD)
    {
      n++;
      fields += rec.nfields;
    }
  secs = (double) (clock () - t0) / CLOCKS_PER_SEC;
  csv_reader_free (&reader);
  free (text);
  ck_assert_uint_eq (n, nrec);
  ck_assert_uint_eq (fields, 23 * nrec);
  /* Well under a second in an optimised build; sanitizers cost several
     times that. */
  ck_assert_msg (secs < 10.0, "%zu records took %.2f s", nrec, secs);
}
END_TEST

Suite *
suite_csv (void)
{
  Suite *s = suite_create ("csv");
  TCase *tc = tcase_create ("core");

  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_quoted_comma_and_quotes);
  tcase_add_test (tc, test_line_breaks_inside_quotes);
  tcase_add_test (tc, test_record_ends);
  tcase_add_test (tc, test_blank_lines_keep_physical_lines);
  tcase_add_test (tc, test_trimming);
  tcase_add_test (tc, test_stray_quotes_are_data);
  tcase_add_test (tc, test_unterminated_quote);
  tcase_add_test (tc, test_source_error);
  tcase_add_test (tc, test_edge_syntax_sample);
  tcase_add_test (tc, test_write_read_round_trip);
  tcase_add_test (tc, test_writer_output);
  tcase_add_test (tc, test_million_records);
  suite_add_tcase (s, tc);
  return s;
}
