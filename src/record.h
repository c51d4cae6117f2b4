/*
 * record — one stored record: a set of (name, value) pairs, and its
 * documented, versioned byte encoding.
 *
 * Names are ASCII field identifiers taken from the form definitions
 * (name, village, id, ...); names starting with '_' are metadata that the
 * store maintains (_rev, _status, _form, _created_by, ...).  Values are
 * UTF-8 text.  A record keeps every name it is given, including names no
 * form knows any more, so that fields added to or dropped from a form
 * later survive a round trip through an older or newer canbao.
 *
 * The module promises:
 *   - record_set refuses (returns -1, errno EINVAL) a name that is not an
 *     identifier (RECORD_NAME_MAX bytes of [A-Za-z0-9_.-], not starting
 *     with a digit, '.' or '-'), a value that is not UTF-8, holds a NUL or
 *     is longer than RECORD_VALUE_MAX bytes, and a field beyond
 *     RECORD_FIELDS_MAX; so every record in memory can be encoded.
 *   - Entries are kept sorted by name (bytewise), so record_name_at walks
 *     them in that order and the encoding of a set of pairs is unique.
 *   - record_decode treats its input as hostile: every length is checked
 *     against the buffer before it is used, and a buffer that is short,
 *     has bytes left over, has unsorted or repeated names, a bad name, or
 *     a value that is not UTF-8 is refused as a whole.  It never reads
 *     outside the buffer and allocates at most a small multiple of it.
 *   - record_decode (record_encode (r)) equals r.
 *
 * Encoding v1 (all integers unsigned, big-endian):
 *
 *   offset  size  content
 *   0       1     0xA1: format byte, magic and version in one ("record,
 *                 version 1"); a later version takes 0xA2, and so on
 *   1       2     N, the number of entries (0..RECORD_FIELDS_MAX)
 *   3       ...   N entries, names in strictly increasing bytewise order:
 *                   2  L, the length of the name (1..RECORD_NAME_MAX)
 *                   L  the name, ASCII, no NUL
 *                   4  V, the length of the value (0..RECORD_VALUE_MAX)
 *                   V  the value, UTF-8 without NUL, not NUL-terminated
 *   The buffer ends exactly after the last entry.
 *
 * The empty record encodes as the 3 bytes A1 00 00.  canbao-db(5) gives
 * the same description with an example.  No I/O and no locale here.
 */
#ifndef CANBAO_RECORD_H
#define CANBAO_RECORD_H

#include <stdbool.h>
#include <stddef.h>

/* The first byte of an encoding, version 1. */
#define RECORD_FORMAT_V1 0xA1

/* Limits of the format; record_set refuses anything beyond them. */
#define RECORD_NAME_MAX 64
#define RECORD_VALUE_MAX 65535
#define RECORD_FIELDS_MAX 4096

struct record;

struct record *record_new (void);
/* Frees *REC (NULL is fine) and sets it to NULL. */
void record_free (struct record **rec);
/* A deep copy. */
struct record *record_dup (const struct record *rec);

/* Sets NAME to VALUE, replacing any value it had; a NULL VALUE removes
   NAME (removing an absent name is not an error).  An empty VALUE is a
   value, distinct from absence.  Returns 0, or -1 with errno EINVAL when
   NAME or VALUE breaks the rules above (the record is then unchanged). */
int record_set (struct record *rec, const char *name, const char *value);
/* The value of NAME, or NULL when absent.  Valid until NAME is set or the
   record is freed. */
const char *record_get (const struct record *rec, const char *name);
/* Whether A and B hold the same pairs. */
bool record_equal (const struct record *a, const struct record *b);

/* The number of entries, and the I-th entry's name and value in name
   order, for 0 <= I < record_count. */
size_t record_count (const struct record *rec);
const char *record_name_at (const struct record *rec, size_t i);
const char *record_value_at (const struct record *rec, size_t i);

/* True when NAME is a valid field name (the rule above). */
int record_name_valid (const char *name);
/* True when the LEN bytes at S are UTF-8 without NUL, overlong forms,
   surrogates or code points above U+10FFFF. */
int record_utf8_valid (const char *s, size_t len);

/* The v1 encoding of REC, malloc'd, in *BUF and *LEN.  Cannot fail. */
void record_encode (const struct record *rec, unsigned char **buf,
                    size_t *len);
/* Builds an encoding straight from pairs the caller has in name order
   already, without a struct record in between: the audit log writes one
   entry per save this way.  Names must be valid and strictly increasing
   and values UTF-8 without NUL (they come from records, which checked
   them); the order and the limits are checked, and breaking them is a
   bug in canbao (msg_panic). */
struct record_builder
{
  unsigned char *buf;
  size_t len, cap;
  unsigned count;
  char last[RECORD_NAME_MAX + 1];
};
void record_builder_init (struct record_builder *b);
/* Appends NAME = VALUE; nothing when VALUE is NULL. */
void record_builder_add (struct record_builder *b, const char *name,
                         const char *value);
/* The encoding, malloc'd, in *BUF and *LEN; B is left empty. */
void record_builder_finish (struct record_builder *b, unsigned char **buf,
                            size_t *len);

/* Decodes LEN bytes at BUF into a new record in *REC.  Returns 0, or -1
   (errno EINVAL, *REC set to NULL) when the bytes are not a valid
   encoding. */
int record_decode (const void *buf, size_t len, struct record **rec);

/* Finds NAME's value in the encoding at BUF without building a record:
   *VALUE points into BUF and *VLEN is its length.  Returns 1 when found,
   0 when the encoding is valid and NAME absent, -1 when the encoding is
   invalid (the same checks as record_decode). */
int record_find_encoded (const void *buf, size_t len, const char *name,
                         const char **value, size_t *vlen);
/* The same without checking what it passes over: for encodings canbao
   made itself (what the store hands its index callbacks), where checking
   every name and value again on each of the eight index lookups of a
   write cost a fifth of an import.  Lengths are still checked against
   the buffer, so a damaged encoding never makes it read outside BUF: it
   gives -1, or a value that `canbao db verify` then reports as an index
   that disagrees with the records.  Stops at the hit; the value found is
   checked (UTF-8, no NUL), so an index key is always text. */
int record_peek_encoded (const void *buf, size_t len, const char *name,
                         const char **value, size_t *vlen);

#endif
