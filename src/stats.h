/*
 * stats — the township's statistics by region (统计分析): how many people,
 * how many forms keyed and reviewed, what upstream flagged and how the
 * verification stands, and why the uninsured are uninsured.
 *
 * What the module promises:
 *   - stats_collect reads every stored person once (store_scan over
 *     STORE_BY_ID) and keeps one set of counts per village, so that its
 *     memory grows with the number of regions (and of distinct reasons
 *     within them), never with the number of people.
 *   - A person's region: township is the keyed form's field township,
 *     else up.township; village is village, else up.village; an empty or
 *     absent one is STATS_UNFILLED.
 *   - Per person: people 1; keyed when _form is set and _status is
 *     entered or reviewed; reviewed when _status is reviewed; by_result[i]
 *     when up.results holds upstream_result_code (i); by_state by
 *     verify.result (VERIFY_CONFIRMED, _CORRECTED, _UNVERIFIABLE), or
 *     VERIFY_STATE_PENDING when there is none and up.results is not empty
 *     (flagged); uninsured, under its reason, when 未参保原因 is set: the
 *     form's reason_uninsured, else up.gongan.reason_uninsured, else
 *     up.shebao.reason_uninsured.  A verify.result that is none of the
 *     three counts nowhere.
 *   - The rows come sorted by township, then village (strcmp): each
 *     township's subtotal (village NULL) first, then its villages.  The
 *     total sums them all.  A region's reasons are sorted by strcmp.
 *   - stats_write_csv writes the three tables as one CSV (UTF-8, CRLF,
 *     csv_write_record's quoting): the first column, 表, names the table,
 *     and each table starts with a header row whose 表 cell is 表.
 *
 * Text is UTF-8 as stored; nothing here prints, uses curses or the
 * locale, so a screen can show the same numbers as `canbao stats`.
 */
#ifndef CANBAO_STATS_H
#define CANBAO_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "csv.h"
#include "store.h"
#include "upstream.h"
#include "verify.h"

/* A region that names no township or village. */
#define STATS_UNFILLED "（未填）"
/* The total's row, as the tables and the CSV head it. */
#define STATS_TOTAL "合计"

/* The headings (UTF-8 data, as the paper forms word them). */
#define STATS_H_TABLE "表"
#define STATS_H_REGION "乡镇/村"
#define STATS_H_TOWNSHIP "乡镇（街道）"
#define STATS_H_VILLAGE "村（社区）"
#define STATS_H_PEOPLE "人数"
#define STATS_H_KEYED "已录入"
#define STATS_H_REVIEWED "已复核"
#define STATS_H_REASON "未参保原因"

/* The three tables' names in the CSV's 表 column. */
#define STATS_T_PROGRESS "录入与核实"
#define STATS_T_RESULTS "比对结果"
#define STATS_T_REASONS "未参保原因"

struct stats_reason
{
  char *reason;                 /* UTF-8, never empty */
  unsigned long people;
};

struct stats_region
{
  char *township;               /* NULL on the total */
  char *village;                /* NULL on a subtotal and the total */
  unsigned long people;
  unsigned long keyed;
  unsigned long reviewed;
  unsigned long by_result[UP_NRESULTS];   /* upstream_result_code order */
  unsigned long by_state[VERIFY_NSTATES]; /* enum verify_state order */
  unsigned long uninsured;      /* people with a 未参保原因 */
  struct stats_reason *reasons; /* n_reasons of them */
  size_t n_reasons;
};

struct stats
{
  struct stats_region *rows;
  size_t n_rows;
  struct stats_region total;
  size_t n_townships;
};

/* Counts the people in STORE, only those of TOWNSHIP when it is not NULL
   (compared with the person's township as above, so STATS_UNFILLED
   selects those without one).  Returns STORE_OK, or the scan's status
   (store_error says why) with *OUT empty.  Release *OUT either way. */
int stats_collect (struct store *store, const char *township,
                   struct stats *out);
void stats_release (struct stats *s);

/* The I-th line of a table: the rows, then the total as row n_rows. */
const struct stats_region *stats_row (const struct stats *s, size_t i);

/* 待核实, 已核实无误, 已更正, 无法核实 for the I-th state (UTF-8). */
const char *stats_state_text (int i);

/* Writes the three tables to OUT; false (errno set) when writing failed. */
bool stats_write_csv (const struct stats *s, FILE *out);

/* The CSV's records one at a time, for a caller that shows them itself:
   calls FN (BUF, ARG) with each record (ending CRLF) in BUF, which FN may
   read until it returns; FN returns false to stop. */
bool stats_each_csv_record (const struct stats *s,
                            bool (*fn) (const struct csv_buf *buf,
                                        void *arg), void *arg);

#endif
