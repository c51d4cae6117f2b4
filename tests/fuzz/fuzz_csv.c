/*
 * fuzz_csv.c — the RFC 4180 reader on any bytes, in memory and pulled
 * through a source in pieces, and the writer's round trip.
 *
 * Invariants (csv.h): a reader over memory and one pulling the same bytes
 * a few at a time return the same records, fields, lines and errors;
 * fields are NUL-terminated and together never longer than the input; an
 * unquoted field holds no separator and no blank at either end; lines
 * only go forward and stay within the file; what the writer writes reads
 * back field for field.
 */
#include "system.h"

#include "csv.h"
#include "fuzz.h"
#include "msg.h"

/* Piece sizes the pulling reader gets, in turn: odd ones cut CRLF, "" and
   U+3000 in every place. */
static const size_t steps[] = { 1, 7, 2, 64, 3, 1, 4096, 5 };

struct pieces
{
  const char *p;
  size_t left;
  unsigned turn;
};

static ssize_t
pieces_source (void *ctx, char *buf, size_t cap)
{
  struct pieces *src = ctx;
  size_t n = steps[src->turn++ % ARRAY_SIZE (steps)];

  if (n > cap)
    n = cap;
  if (n > src->left)
    n = src->left;
  memcpy (buf, src->p, n);
  src->p += n;
  src->left -= n;
  return (ssize_t) n;
}

static bool
blank_at_start (const char *s, size_t len)
{
  return (len >= 1 && (s[0] == ' ' || s[0] == '\t'))
    || (len >= 3 && memcmp (s, "\xe3\x80\x80", 3) == 0);
}

static bool
blank_at_end (const char *s, size_t len)
{
  return (len >= 1 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
    || (len >= 3 && memcmp (s + len - 3, "\xe3\x80\x80", 3) == 0);
}

static void
assert_same_record (const struct csv_record *a, const struct csv_record *b)
{
  FUZZ_ASSERT (a->nfields == b->nfields);
  FUZZ_ASSERT (a->line_first == b->line_first);
  FUZZ_ASSERT (a->line_last == b->line_last);
  for (size_t i = 0; i < a->nfields; i++)
    {
      FUZZ_ASSERT (a->fields[i].len == b->fields[i].len);
      FUZZ_ASSERT (a->fields[i].quoted == b->fields[i].quoted);
      FUZZ_ASSERT (memcmp (a->fields[i].text, b->fields[i].text,
                           a->fields[i].len) == 0);
    }
}

static void
check_record (const struct csv_record *rec, size_t lines, size_t *prev_last,
              size_t *total)
{
  FUZZ_ASSERT (rec->nfields >= 1);
  FUZZ_ASSERT (rec->line_first <= rec->line_last);
  FUZZ_ASSERT (rec->line_first > *prev_last);
  FUZZ_ASSERT (rec->line_last <= lines);
  *prev_last = rec->line_last;
  for (size_t i = 0; i < rec->nfields; i++)
    {
      const struct csv_field *f = &rec->fields[i];

      FUZZ_ASSERT (f->text[f->len] == '\0');
      *total += f->len;
      if (!f->quoted)
        {
          FUZZ_ASSERT (!memchr (f->text, ',', f->len));
          FUZZ_ASSERT (!memchr (f->text, '\n', f->len));
          FUZZ_ASSERT (!blank_at_start (f->text, f->len));
          FUZZ_ASSERT (!blank_at_end (f->text, f->len));
        }
    }
}

static void
write_record (struct csv_buf *out, const struct csv_record *rec)
{
  const char **texts = xmalloc (rec->nfields * sizeof *texts);
  size_t *lens = xmalloc (rec->nfields * sizeof *lens);

  for (size_t i = 0; i < rec->nfields; i++)
    {
      texts[i] = rec->fields[i].text;
      lens[i] = rec->fields[i].len;
    }
  csv_write_record_n (out, texts, lens, rec->nfields, CSV_LF);
  free (texts);
  free (lens);
}

/* Reads OUT back: the records of the original, in order; the writer
   quotes so that even a field of blanks or NULs survives. */
static void
check_written (const struct csv_buf *out, struct csv_reader *orig_again,
               size_t nrecords)
{
  struct csv_reader *back = csv_reader_new_mem (out->data ? out->data : "",
                                                out->len);
  struct csv_record a, b;

  for (size_t k = 0; k < nrecords; k++)
    {
      FUZZ_ASSERT (csv_read (orig_again, &a) == CSV_RECORD);
      FUZZ_ASSERT (csv_read (back, &b) == CSV_RECORD);
      FUZZ_ASSERT (a.nfields == b.nfields);
      for (size_t i = 0; i < a.nfields; i++)
        {
          FUZZ_ASSERT (a.fields[i].len == b.fields[i].len);
          FUZZ_ASSERT (memcmp (a.fields[i].text, b.fields[i].text,
                               a.fields[i].len) == 0);
        }
    }
  FUZZ_ASSERT (csv_read (back, &b) == CSV_EOF);
  csv_reader_free (&back);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *text = (const char *) data;
  struct pieces src = { text, size, 0 };
  struct csv_reader *mem = csv_reader_new_mem (text, size);
  struct csv_reader *pulled = csv_reader_new (pieces_source, &src);
  struct csv_buf out = { NULL, 0, 0 };
  struct csv_record a, b;
  enum csv_status sa, sb;
  size_t lines = 1, prev_last = 0, total = 0, nrecords = 0;

  for (size_t i = 0; i < size; i++)
    lines += text[i] == '\n';
  for (;;)
    {
      sa = csv_read (mem, &a);
      sb = csv_read (pulled, &b);
      FUZZ_ASSERT (sa == sb);
      if (sa != CSV_RECORD)
        break;
      assert_same_record (&a, &b);
      check_record (&a, lines, &prev_last, &total);
      FUZZ_ASSERT (total <= size);
      write_record (&out, &a);
      nrecords++;
    }
  if (sa == CSV_ERROR)
    {
      FUZZ_ASSERT (csv_error_line (mem) == csv_error_line (pulled));
      FUZZ_ASSERT (csv_error_line (mem) >= 1 && csv_error_line (mem) <= lines);
      FUZZ_ASSERT (*csv_error_message (mem) != '\0');
      FUZZ_ASSERT (csv_read (mem, &a) == CSV_ERROR);
    }
  else
    FUZZ_ASSERT (csv_read (mem, &a) == CSV_EOF);
  csv_reader_free (&mem);
  csv_reader_free (&pulled);

  /* The round trip covers the records before an error too. */
  mem = csv_reader_new_mem (text, size);
  check_written (&out, mem, nrecords);
  csv_reader_free (&mem);
  csv_buf_release (&out);
  return 0;
}
