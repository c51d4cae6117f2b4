/*
 * region — names of GB/T 2260 administrative division codes, the first six
 * digits of a citizen ID number.
 *
 * The module promises:
 *   - every code of the GB/T 2260 revisions from 2002 to 2016 and of the
 *     current divisions is known, including codes abolished since (they are still printed on older IDs, e.g.
 *     430122 湖南省长沙市望城县, abolished in 2011), and each is marked as
 *     abolished or current;
 *   - names are those of the newest revision that had the code, in UTF-8;
 *     a prefecture that is only a placeholder for counties run directly by
 *     the province or municipality (市辖区, 县, 省直辖县级行政区划…) is
 *     left out, so Beijing's 110105 reads 北京市朝阳区;
 *   - an unknown county falls back to its prefecture, then its province;
 *   - lookups search a constant table: no allocation, no locale, no I/O.
 * The table is generated; see src/regions/README.md.
 */
#ifndef CANBAO_REGION_H
#define CANBAO_REGION_H

#include <stdbool.h>
#include <stddef.h>

struct region_info
{
  char code[7];                 /* the code of the row that answered */
  /* UTF-8 names, never NULL: "" for a part that does not exist (the
     prefecture of a directly run county, the county of a prefecture). */
  const char *province, *prefecture, *county;
  bool exact;                   /* the code asked for is itself in the table */
  bool abolished;               /* the answering row's code is no longer in use */
};

/* Looks up a 6-digit code: the code itself when the table has it (at any
   level), else its prefecture (xxxx00), else its province (xx0000), with
   exact false.  Returns false, leaving OUT alone, when even the province is
   unknown or CODE6 is not six ASCII digits. */
bool region_lookup (const char *code6, struct region_info *out);

/* The name of CODE6 as region_lookup finds it, e.g. "湖南省长沙市望城县":
   the parts that exist, concatenated; "" when the code is unknown.  Writes
   it NUL-terminated to BUF, truncated to BUFSZ bytes (nothing when BUFSZ
   is 0; never in the middle of a UTF-8 character), and returns its whole
   length, like snprintf. */
size_t region_name (const char *code6, char *buf, size_t bufsz);

/* The table itself, in strictly ascending code order, for tests and for
   listing: the number of rows, and row I as an exact region_info (false
   when I is out of range). */
size_t region_count (void);
bool region_nth (size_t i, struct region_info *out);

#endif
