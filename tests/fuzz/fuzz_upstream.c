/*
 * fuzz_upstream.c — upstream comparison files as import_upstream_file
 * reads them (charset_detect, the decoder, the CSV reader, the header,
 * then upstream_row_parse row by row), without the store.
 *
 * Invariants (upstream.h and the spec, section 2): the header maps each
 * column to at most one field; a rejected row says why; an accepted row
 * carries an ID of 18 characters as idnum_normalise leaves it, a known
 * 数据来源, at least one result written as the codes it parses to, only
 * the values the coded columns allow, and values the store can take.
 */
#include "system.h"

#include "charset.h"
#include "csv.h"
#include "fuzz.h"
#include "idnum.h"
#include "import_upstream.h"
#include "record.h"
#include "upstream.h"

/* As many fields as the importer hands on. */
#define MAX_FIELDS 256

static struct upstream_vocab *vocab;
static int today;

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  char *error = NULL;

  (void) argc;
  (void) argv;
  /* The registration form's words, from the source tree's forms/ (the
     build sets FORMSDIR) unless CANBAO_FORMSDIR says otherwise. */
  vocab = import_vocab_load (&error);
  if (!vocab)
    {
      fprintf (stderr, "fuzz_upstream: %s\n", error);
      exit (1);
    }
  today = idnum_today ();
  return 0;
}

static size_t
utf8_chars (const char *s)
{
  size_t n = 0;

  for (; *s; s++)
    n += ((unsigned char) *s & 0xc0) != 0x80;
  return n;
}

static bool
one_of (const char *s, const char *a, const char *b)
{
  return strcmp (s, a) == 0 || strcmp (s, b) == 0;
}

static void
check_header (const struct upstream_header *h, size_t n)
{
  for (int c = 0; c < UP_NCOLUMNS; c++)
    {
      FUZZ_ASSERT (h->field_of[c] >= -1 && h->field_of[c] < (int) n);
      for (int d = 0; d < c; d++)
        FUZZ_ASSERT (h->field_of[c] < 0 || h->field_of[c] != h->field_of[d]);
    }
  FUZZ_ASSERT (h->n_unknown <= n);
}

static void
check_row (const struct upstream_row *row)
{
  const char *id = row->value[UP_ID];
  char again[128], codes[64];
  unsigned bits;

  for (int c = 0; c < UP_NCOLUMNS; c++)
    {
      size_t len = strlen (row->value[c]);

      FUZZ_ASSERT (len <= RECORD_VALUE_MAX);
      FUZZ_ASSERT (record_utf8_valid (row->value[c], len));
    }

  FUZZ_ASSERT (utf8_chars (id) == 18);
  FUZZ_ASSERT (idnum_normalise (id, again, sizeof again) == strlen (id));
  FUZZ_ASSERT (strcmp (again, id) == 0);
  FUZZ_ASSERT (row->id_valid == (idnum_validate (id, today, NULL)
                                 == IDNUM_VALID));

  FUZZ_ASSERT (one_of (row->value[UP_SOURCE], "公安", "社保"));
  FUZZ_ASSERT (row->results != 0 && row->results < 1u << UP_NRESULTS);
  FUZZ_ASSERT (upstream_results_parse (row->value[UP_RESULT], &bits));
  FUZZ_ASSERT (bits == row->results);
  upstream_results_format (bits, codes, sizeof codes);
  FUZZ_ASSERT (strcmp (codes, row->value[UP_RESULT]) == 0);

  FUZZ_ASSERT (!*row->value[UP_SEX] || one_of (row->value[UP_SEX], "男", "女"));
  FUZZ_ASSERT (!*row->value[UP_BIRTH]
               || (strlen (row->value[UP_BIRTH]) == 8
                   && strspn (row->value[UP_BIRTH], "0123456789") == 8));
  FUZZ_ASSERT (one_of (row->value[UP_INJURY], "是", "否"));
  FUZZ_ASSERT (one_of (row->value[UP_UNEMPLOYMENT], "是", "否"));
  FUZZ_ASSERT (one_of (row->value[UP_MATERNITY], "是", "否"));
  FUZZ_ASSERT (*row->value[UP_NAME]);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *buf = (const char *) data;
  enum charset_encoding enc;
  struct charset_decoder *decoder;
  struct csv_reader *reader;
  struct csv_record rec;
  struct upstream_header header;
  const char *texts[MAX_FIELDS];
  bool have_header = false;

  if (charset_detect (buf, size, &enc, NULL) != 0)
    return 0;
  decoder = charset_decoder_new (enc, buf, size);
  reader = csv_reader_new (charset_decoder_source, decoder);
  while (csv_read (reader, &rec) == CSV_RECORD)
    {
      size_t n = rec.nfields < MAX_FIELDS ? rec.nfields : MAX_FIELDS;
      struct upstream_row row;
      enum upstream_verdict verdict;
      const char *reason;

      for (size_t i = 0; i < n; i++)
        texts[i] = rec.fields[i].text;
      if (!have_header)
        {
          upstream_header_map (&header, texts, n);
          check_header (&header, n);
          have_header = true;
          if (!upstream_header_plausible (&header))
            break;
          continue;
        }
      verdict = upstream_row_parse (&header, vocab, texts, n, &row, &reason);
      FUZZ_ASSERT (verdict == UPSTREAM_OK || reason != NULL);
      if (verdict == UPSTREAM_OK)
        FUZZ_ASSERT (reason == NULL);
      if (verdict != UPSTREAM_REJECT)
        check_row (&row);
      upstream_row_release (&row);
    }
  if (have_header)
    upstream_header_release (&header);
  csv_reader_free (&reader);
  charset_decoder_free (&decoder);
  return 0;
}
