/*
 * charset — the encodings of files that come from and go to upstream.
 *
 * Inside canbao all text is UTF-8; this module is the edge.  It promises:
 *
 *   - charset_detect decides a file's encoding exactly as the upstream
 *     format says (a UTF-8 byte-order mark means UTF-8; else text that is
 *     valid UTF-8 throughout is UTF-8; else text that is valid GB18030 is
 *     GB18030; else the file is refused), in one pass over the bytes with
 *     no call into iconv, and on refusal names the physical line (1-based)
 *     and the byte offset (0-based, from the start of the buffer) where the
 *     first invalid byte sequence starts.
 *   - A decoder turns such a buffer into UTF-8 in pieces of any size the
 *     caller chooses, so a large mapped file is never copied whole; it
 *     drops the byte-order mark and reports the line of a byte that iconv
 *     refuses mid-stream.
 *   - charset_convert converts a whole buffer between UTF-8 and a named
 *     charset (GB18030 for exports).
 *   - utf8_decode and utf8_encode handle one code point without looking at
 *     the locale: under a GB18030 locale mbrtowc would read UTF-8 bytes as
 *     GB18030, so every module that walks stored text uses these instead.
 *     Overlong forms, surrogates and values above U+10FFFF are invalid.
 *   - unicode_is_format_control names, in one place, the invisible
 *     characters that text shown or printed must not carry as they are.
 */
#ifndef CANBAO_CHARSET_H
#define CANBAO_CHARSET_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum charset_encoding
{
  CHARSET_UTF8_BOM,             /* UTF-8 starting with EF BB BF */
  CHARSET_UTF8,                 /* UTF-8 without a byte-order mark */
  CHARSET_GB18030               /* GB18030 (GBK and GB2312 included) */
};

/* Where a byte is: LINE counts LFs before it, plus one; OFFSET is from the
   start of the buffer (the byte-order mark included). */
struct charset_pos
{
  size_t line;
  size_t offset;
};

/* The encoding's name as iconv knows it ("UTF-8", "GB18030"). */
const char *charset_encoding_name (enum charset_encoding enc);

/* Decides the encoding of BUF.  Returns 0 and sets *ENC, or -1 when the
   bytes are text in neither encoding; then *BAD (if not NULL) is where the
   first invalid sequence starts, in whichever reading of the file got
   further (so a GB18030 file with one damaged byte is blamed at that byte,
   not at its first Chinese character).  After a byte-order mark only UTF-8
   is tried. */
int charset_detect (const char *buf, size_t len, enum charset_encoding *enc,
                    struct charset_pos *bad);
/* The same, calling PROGRESS (DONE, ARG) now and then with how many bytes
   from the start it has finished with, so that a caller reading a mapped
   file can give those pages back (a bad file may be read again from the
   start to find the line of the bad byte). */
typedef void (*charset_progress_fn) (size_t done, void *arg);
int charset_detect_progress (const char *buf, size_t len,
                             enum charset_encoding *enc,
                             struct charset_pos *bad,
                             charset_progress_fn progress, void *arg);

/* True when BUF holds only well-formed UTF-8. */
bool charset_utf8_valid (const char *buf, size_t len);
/* Length of the longest prefix of BUF that is well-formed UTF-8 made of
   whole characters: LEN when all of it is. */
size_t charset_utf8_prefix (const char *buf, size_t len);
/* The same for GB18030 byte structure. */
size_t charset_gb18030_prefix (const char *buf, size_t len);
/* The position of byte OFFSET of BUF (counts the LFs before it). */
struct charset_pos charset_pos_at (const char *buf, size_t offset);

/* A streaming decoder from BUF (which must outlive it) in encoding ENC to
   UTF-8.  Dies (msg_fatal) only if iconv has no GB18030 at all. */
struct charset_decoder *charset_decoder_new (enum charset_encoding enc,
                                             const char *buf, size_t len);
void charset_decoder_free (struct charset_decoder **dec);
/* Writes up to CAP bytes of UTF-8 to OUT, never splitting a character
   across calls unless CAP is smaller than one character (then it is handed
   out over several calls).  Returns the number of bytes, 0 at the end, or
   -1 when the input is not valid in its encoding (see
   charset_decoder_error); once -1, always -1. */
ssize_t charset_decoder_read (struct charset_decoder *dec, char *out,
                              size_t cap);
/* The input bytes consumed so far: everything before them may be dropped
   from memory (a reader keeps its own copy of what it still needs). */
size_t charset_decoder_offset (const struct charset_decoder *dec);
/* charset_decoder_read with the signature of csv_source_fn, so that a CSV
   reader can pull straight from a decoder. */
ssize_t charset_decoder_source (void *dec, char *out, size_t cap);
/* After a -1 from charset_decoder_read: a translated message, and *POS (if
   not NULL) set to where the bad sequence starts.  NULL while no error. */
const char *charset_decoder_error (const struct charset_decoder *dec,
                                   struct charset_pos *pos);

/* Converts LEN bytes of IN from charset FROM to charset TO (iconv names,
   e.g. "GB18030" and "UTF-8").  Returns a malloc'd buffer with a NUL after
   the *OUTLEN (if not NULL) bytes, or NULL with errno set: EILSEQ when IN
   holds a sequence that is invalid in FROM or cannot be written in TO,
   EINVAL when IN ends inside a character or iconv knows neither name. */
char *charset_convert (const char *to, const char *from, const char *in,
                       size_t len, size_t *outlen);

/* Writes the LEN bytes of UTF-8 at UTF8 to OUT in ENC: as they are for
   UTF-8 (a byte-order mark is the caller's to write, once), converted for
   GB18030, which holds every Unicode character: the 24 private-use code
   points GB18030-2005 gave characters that GB18030-2022 encodes (U+E816
   for 𠂇, …) are written as those characters' bytes, which iconv no
   longer writes for them.  False with errno set (EIO when stdio set
   none) when converting or writing failed.  Exports write row by row
   through this, so their memory stays flat. */
bool charset_fwrite (const char *utf8, size_t len, enum charset_encoding enc,
                     FILE *out);

/* Decodes one UTF-8 character from the LEN bytes at S into *CP.  Returns
   the bytes it used (1 to 4), or 0 when S does not start with a complete,
   well-formed character (or LEN is 0); *CP is then left alone. */
size_t utf8_decode (const char *s, size_t len, uint32_t *cp);
/* Writes code point CP as UTF-8 to OUT (room for 4 bytes).  Returns the
   bytes written, or 0 for a surrogate or a value above U+10FFFF. */
size_t utf8_encode (uint32_t cp, char *out);

/* True for the bidirectional and format characters that are invisible yet
   reorder or hide what follows them (U+202E, U+2066, U+200B, U+FEFF…):
   a name must not be able to disguise itself on screen or on paper. */
bool unicode_is_format_control (uint32_t cp);

#endif
