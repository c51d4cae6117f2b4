/*
 * csv.c — the CSV reader's state machine and the writer; see csv.h.
 *
 * A record's fields are copied one after another into one arena that only
 * grows, so reading a million records allocates a handful of times; field
 * pointers are made when the record is complete, since the arena may move
 * while it is being filled.
 */
#include "system.h"

#include "csv.h"
#include "msg.h"

#define CHUNK_SIZE 65536

enum state
{
  ST_FIELD,                     /* unquoted, or not yet known */
  ST_QUOTED,                    /* inside quotes */
  ST_QUOTE_SEEN,                /* a '"' inside quotes: "" or the end? */
  ST_AFTER                      /* after the closing quote */
};

struct span
{
  size_t start, len;
  bool quoted;
};

struct csv_reader
{
  csv_source_fn source;         /* NULL for an in-memory reader */
  void *ctx;
  const char *p, *end;          /* the input not yet parsed */
  char *chunk;
  bool at_eof;
  size_t line;                  /* line of the next byte */

  char *arena;
  size_t alen, acap;
  struct span *spans;
  size_t nspans, spans_cap;
  struct csv_field *fields;
  size_t fields_cap;

  enum csv_status done;         /* CSV_RECORD while there is more */
  size_t error_line;
  const char *error;            /* msgid */
};

static struct csv_reader *
reader_new (void)
{
  struct csv_reader *r = xcalloc (1, sizeof *r);

  r->line = 1;
  r->done = CSV_RECORD;
  r->acap = 4096;
  r->arena = xmalloc (r->acap);
  r->spans_cap = 32;
  r->spans = xmalloc (r->spans_cap * sizeof *r->spans);
  return r;
}

struct csv_reader *
csv_reader_new (csv_source_fn source, void *ctx)
{
  struct csv_reader *r = reader_new ();

  r->source = source;
  r->ctx = ctx;
  r->chunk = xmalloc (CHUNK_SIZE);
  r->p = r->end = r->chunk;
  return r;
}

struct csv_reader *
csv_reader_new_mem (const char *buf, size_t len)
{
  struct csv_reader *r = reader_new ();

  r->p = buf;
  r->end = buf + len;
  r->at_eof = true;
  return r;
}

void
csv_reader_free (struct csv_reader **reader)
{
  struct csv_reader *r = *reader;

  if (!r)
    return;
  free (r->chunk);
  free (r->arena);
  free (r->spans);
  free (r->fields);
  xfree (reader);
}

size_t
csv_error_line (const struct csv_reader *reader)
{
  return reader->error_line;
}

const char *
csv_error_message (const struct csv_reader *reader)
{
  return reader->error ? _(reader->error) : "";
}

static enum csv_status
fail (struct csv_reader *r, const char *msgid, size_t line)
{
  r->done = CSV_ERROR;
  r->error = msgid;
  r->error_line = line;
  return CSV_ERROR;
}

/* Makes more input available; false at the end or on a read error. */
static bool
refill (struct csv_reader *r)
{
  ssize_t got;

  if (r->at_eof)
    return false;
  got = r->source (r->ctx, r->chunk, CHUNK_SIZE);
  if (got < 0)
    {
      fail (r, N_("cannot read the input"), r->line);
      return false;
    }
  if (got == 0)
    {
      r->at_eof = true;
      return false;
    }
  r->p = r->chunk;
  r->end = r->chunk + got;
  return true;
}

static void
reserve (struct csv_reader *r, size_t extra)
{
  if (r->acap - r->alen < extra)
    {
      while (r->acap - r->alen < extra)
        r->acap *= 2;
      r->arena = xrealloc (r->arena, r->acap);
    }
}

static inline void
append (struct csv_reader *r, const char *s, size_t n)
{
  reserve (r, n);
  memcpy (r->arena + r->alen, s, n);
  r->alen += n;
}

static inline void
append_byte (struct csv_reader *r, char c)
{
  reserve (r, 1);
  r->arena[r->alen++] = c;
}

static bool
is_space_at_start (const char *s, size_t len, size_t *n)
{
  if (len >= 1 && (s[0] == ' ' || s[0] == '\t'))
    *n = 1;
  else if (len >= 3 && memcmp (s, "\xe3\x80\x80", 3) == 0)
    *n = 3;
  else
    return false;
  return true;
}

static bool
is_space_at_end (const char *s, size_t len, size_t *n)
{
  if (len >= 1 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
    *n = 1;
  else if (len >= 3 && memcmp (s + len - 3, "\xe3\x80\x80", 3) == 0)
    *n = 3;
  else
    return false;
  return true;
}

/* Trims spaces, tabs and U+3000 from both ends of S[0..*LEN); returns how
   many bytes went from the front. */
static size_t
trim (const char *s, size_t *len)
{
  size_t lead = 0, n;

  while (is_space_at_start (s + lead, *len - lead, &n))
    lead += n;
  *len -= lead;
  while (is_space_at_end (s + lead, *len, &n))
    *len -= n;
  return lead;
}

static void
push_field (struct csv_reader *r, size_t start, size_t len, bool quoted)
{
  if (r->nspans == r->spans_cap)
    {
      r->spans_cap *= 2;
      r->spans = xrealloc (r->spans, r->spans_cap * sizeof *r->spans);
    }
  r->spans[r->nspans].start = start;
  r->spans[r->nspans].len = len;
  r->spans[r->nspans].quoted = quoted;
  r->nspans++;
  r->arena[start + len] = '\0';
}

/* Ends the field that began at arena offset START in STATE; QEND is where
   its closing quote was. */
static void
end_field (struct csv_reader *r, enum state state, size_t start, size_t qend)
{
  size_t end = r->alen, len = end - start, tail;

  reserve (r, 1);
  if (state == ST_FIELD)
    {
      start += trim (r->arena + start, &len);
      push_field (r, start, len, false);
    }
  else
    {
      /* Spaces after the closing quote are dropped; other text there is
         data and kept with them. */
      tail = end - qend;
      trim (r->arena + qend, &tail);
      push_field (r, start, tail == 0 ? qend - start : len, true);
    }
  /* The next field starts past the NUL that ends this one. */
  r->alen = end + 1;
}

static enum csv_status
finish_record (struct csv_reader *r, struct csv_record *rec,
               size_t line_first)
{
  size_t i;

  if (r->fields_cap < r->nspans)
    {
      r->fields_cap = r->spans_cap;
      free (r->fields);
      r->fields = xmalloc (r->fields_cap * sizeof *r->fields);
    }
  for (i = 0; i < r->nspans; i++)
    {
      r->fields[i].text = r->arena + r->spans[i].start;
      r->fields[i].len = r->spans[i].len;
      r->fields[i].quoted = r->spans[i].quoted;
    }
  rec->fields = r->fields;
  rec->nfields = r->nspans;
  rec->line_first = line_first;
  rec->line_last = r->line;
  return CSV_RECORD;
}

/* Bytes that end a run of unquoted text. */
static const bool field_stop[256] = {
  ['\n'] = true, [','] = true, ['"'] = true
};

/* True when the open unquoted field holds only spaces so far. */
static bool
only_spaces (struct csv_reader *r, size_t start)
{
  size_t len = r->alen - start;

  trim (r->arena + start, &len);
  return len == 0;
}

enum csv_status
csv_read (struct csv_reader *r, struct csv_record *rec)
{
  enum state state = ST_FIELD;
  size_t start = 0, qend = 0, quote_line = 0, line_first;
  const char *s;
  char c;

  if (r->done != CSV_RECORD)
    return r->done;
  r->alen = 0;
  r->nspans = 0;
  line_first = r->line;
  for (;;)
    {
      if (r->p == r->end && !refill (r))
        {
          if (r->done == CSV_ERROR)
            return CSV_ERROR;
          if (state == ST_QUOTED)
            return fail (r, N_("a quoted field is not closed by the end "
                               "of the file"), quote_line);
          /* A CR just before the end is a line break cut short. */
          if (state != ST_QUOTE_SEEN && r->alen > start
              && r->arena[r->alen - 1] == '\r'
              && (state == ST_FIELD || r->alen > qend))
            r->alen--;
          if (state == ST_FIELD && r->nspans == 0 && r->alen == 0)
            {
              r->done = CSV_EOF;
              return CSV_EOF;
            }
          if (state == ST_QUOTE_SEEN)
            {
              qend = r->alen;
              state = ST_AFTER;
            }
          end_field (r, state, start, qend);
          r->done = CSV_EOF;
          return finish_record (r, rec, line_first);
        }

      switch (state)
        {
        case ST_FIELD:
          for (s = r->p; s < r->end && !field_stop[(unsigned char) *s]; s++)
            ;
          if (s > r->p)
            {
              append (r, r->p, (size_t) (s - r->p));
              r->p = s;
              continue;
            }
          c = *r->p++;
          if (c == ',')
            {
              end_field (r, state, start, qend);
              start = r->alen;
            }
          else if (c == '"')
            {
              if (only_spaces (r, start))
                {
                  r->alen = start;
                  quote_line = r->line;
                  state = ST_QUOTED;
                }
              else
                append_byte (r, c);
            }
          else                  /* '\n' */
            {
              if (r->alen > start && r->arena[r->alen - 1] == '\r')
                r->alen--;
              if (r->nspans == 0 && r->alen == 0)
                {
                  /* A blank line: not a record, but still a line. */
                  r->line++;
                  line_first = r->line;
                  continue;
                }
              end_field (r, state, start, qend);
              finish_record (r, rec, line_first);
              r->line++;
              return CSV_RECORD;
            }
          break;

        case ST_QUOTED:
          for (s = r->p; s < r->end && *s != '"' && *s != '\n'; s++)
            ;
          if (s > r->p)
            {
              append (r, r->p, (size_t) (s - r->p));
              r->p = s;
              continue;
            }
          c = *r->p++;
          if (c == '"')
            state = ST_QUOTE_SEEN;
          else
            {
              append_byte (r, c);
              r->line++;
            }
          break;

        case ST_QUOTE_SEEN:
          if (*r->p == '"')
            {
              append_byte (r, '"');
              r->p++;
              state = ST_QUOTED;
            }
          else
            {
              qend = r->alen;
              state = ST_AFTER;
            }
          break;

        case ST_AFTER:
          c = *r->p++;
          if (c == ',')
            {
              end_field (r, state, start, qend);
              start = r->alen;
              state = ST_FIELD;
            }
          else if (c == '\n')
            {
              if (r->alen > qend && r->arena[r->alen - 1] == '\r')
                r->alen--;
              end_field (r, state, start, qend);
              finish_record (r, rec, line_first);
              r->line++;
              return CSV_RECORD;
            }
          else
            append_byte (r, c);
          break;
        }
    }
}

/* ------------------------------------------------------------- writer */

void
csv_buf_release (struct csv_buf *buf)
{
  free (buf->data);
  buf->data = NULL;
  buf->len = buf->cap = 0;
}

static void
buf_reserve (struct csv_buf *buf, size_t extra)
{
  size_t cap = buf->cap ? buf->cap : 256;

  if (buf->cap - buf->len > extra)
    return;
  while (cap - buf->len <= extra)
    cap *= 2;
  buf->data = xrealloc (buf->data, cap);
  buf->cap = cap;
}

static bool
needs_quotes (const char *s, size_t len)
{
  size_t i, n;

  for (i = 0; i < len; i++)
    if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
      return true;
  return is_space_at_start (s, len, &n) || is_space_at_end (s, len, &n);
}

static void
write_field (struct csv_buf *buf, const char *s, size_t len)
{
  size_t i;
  char *o;

  if (!needs_quotes (s, len))
    {
      buf_reserve (buf, len);
      memcpy (buf->data + buf->len, s, len);
      buf->len += len;
      return;
    }
  /* At worst every byte is a doubled quote. */
  buf_reserve (buf, 2 * len + 2);
  o = buf->data + buf->len;
  *o++ = '"';
  for (i = 0; i < len; i++)
    {
      if (s[i] == '"')
        *o++ = '"';
      *o++ = s[i];
    }
  *o++ = '"';
  buf->len = (size_t) (o - buf->data);
}

void
csv_write_record_n (struct csv_buf *buf, const char *const *fields,
                    const size_t *lens, size_t n, enum csv_eol eol)
{
  size_t i;

  if (n == 0 || (n == 1 && lens[0] == 0))
    {
      /* Alone, an empty field would be a blank line, which is skipped. */
      buf_reserve (buf, 2);
      memcpy (buf->data + buf->len, "\"\"", 2);
      buf->len += 2;
    }
  else
    for (i = 0; i < n; i++)
      {
        if (i > 0)
          {
            buf_reserve (buf, 1);
            buf->data[buf->len++] = ',';
          }
        write_field (buf, fields[i] ? fields[i] : "", lens[i]);
      }
  buf_reserve (buf, 2);
  if (eol == CSV_CRLF)
    buf->data[buf->len++] = '\r';
  buf->data[buf->len++] = '\n';
  buf->data[buf->len] = '\0';
}

void
csv_write_record (struct csv_buf *buf, const char *const *fields, size_t n,
                  enum csv_eol eol)
{
  size_t stack[32] = { 0 }, *lens = n <= ARRAY_SIZE (stack) ? stack
    : xmalloc (n * sizeof *lens);
  size_t i;

  for (i = 0; i < n; i++)
    lens[i] = fields[i] ? strlen (fields[i]) : 0;
  csv_write_record_n (buf, fields, lens, n, eol);
  if (lens != stack)
    free (lens);
}
