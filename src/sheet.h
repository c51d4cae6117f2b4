/*
 * sheet — 全民参保登记个人信息核对表, the check sheet of one village.
 *
 * The paper (附件2 of the registration notice; the attachment number is
 * the notice's, not the form's, and is left out as for 附件1) prints a
 * title, a line of blanks 省 市 县（区） 镇（街道） 村（社区） 经办人：
 * 联系手机：, a table of fifteen columns under a two-level heading, and a
 * footer 复核人： 负责人： 填报时间：  年  月  日.  The columns, in the
 * paper's order:
 *
 *   序号  姓名  公民身份证号码  就业状态{单位全称 无单位}  户口所在地
 *   常住所在地  联系手机  现参保情况{养老 医疗 工伤 失业 生育}
 *   未参保原因  异地参保
 *
 * What the module promises:
 *   - sheet_load gathers the people whose village index key is the
 *     village's name exactly (the keyed form's village, else up.village;
 *     store_scan_exact STORE_BY_VILLAGE), in that scan's order: ID order.
 *   - A person with a keyed form (_form set) is shown from the form's
 *     fields alone (registration and hunan-uninsured share the ids used);
 *     a person without one from the upstream rows, each column from the
 *     公安 row, else the 社保 row.  异地参保 is not on any form and is
 *     always taken from upstream.
 *   - 工伤, 失业 and 生育 hold 是 for a ticked box (or an upstream 是) and
 *     nothing otherwise: the paper implies a tick, but √ is a character
 *     of ambiguous width (one column in a UTF-8 locale, two on a Chinese
 *     printer and in GB18030), which would break the text sheet's columns;
 *     是 is two columns everywhere and is the upstream format's own word.
 *   - The header's places: 村（社区） is the village asked for; 镇（街道）,
 *     县（区） and 市 come from the first person (in sheet order) whose
 *     keyed form holds township, county or city (the forms' own 登记地点
 *     blanks, which mean the same), 镇 then from up.township; 省, and 市
 *     and 县 when still blank, come from the region (region_lookup) of the
 *     ID region code most common among the village's people (ties go to
 *     the one seen first), since most people are registered where they
 *     were born.
 *   - CSV: RFC 4180 with CRLF (csv_write_record): the title; the header's
 *     labels and values in one row; a blank line; the two heading rows;
 *     one row per person; a blank line; the footer's labels and values.
 *     Values as stored.
 *   - Text, for a printer: pages of exactly LINES lines (CRLF line ends,
 *     a form feed before every page but the first), each with the title,
 *     the header line, the column headings, its rows (序号 runs on across
 *     pages), then at the bottom the footer and 第 N 页 共 M 页.  Columns
 *     are measured by sheet_columns (East Asian wide characters two
 *     columns whatever the locale, as validate_columns, and the symbols a
 *     Chinese font draws full width, such as the · in minority names, two
 *     as well); a longer value is cut at a character boundary (the CSV
 *     holds it whole).  On paper, 养老, 医疗 and 未参保原因 drop their
 *     parenthesised notes, and an address drops the places at its start
 *     that the header names (湖南省长沙市望城区白箬铺镇团山湖村3组12号 under
 *     湖南省 长沙市 望城区 白箬铺镇 团山湖村 is 3组12号; 户口所在地 is
 *     matched against 省 市 县 only), but never all of itself.  Control
 *     characters, and the invisible bidi and format characters
 *     (unicode_is_format_control), become spaces.  Every line is SHEET_TEXT_WIDTH columns
 *     at most: A4 landscape at 20 characters per inch.
 *   - sheet_text_render gives the same pages as UTF-8 lines, so that a
 *     screen can page through exactly what is printed.
 *   - Both writers encode in UTF-8 or GB18030 (which encodes all of
 *     Unicode, 𠮷 included).
 *
 * No curses, no locale and no printing here: cmd_export.c writes files.
 */
#ifndef CANBAO_SHEET_H
#define CANBAO_SHEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "charset.h"
#include "export_records.h"
#include "store.h"

#define SHEET_TITLE "全民参保登记个人信息核对表"

/* The table's columns, in the paper's order. */
enum sheet_column
{
  SHEET_SEQ, SHEET_NAME, SHEET_ID, SHEET_EMPLOYER, SHEET_NO_EMPLOYER,
  SHEET_HUKOU, SHEET_HOME, SHEET_MOBILE, SHEET_PENSION, SHEET_MEDICAL,
  SHEET_INJURY, SHEET_UNEMPLOYMENT, SHEET_MATERNITY, SHEET_REASON,
  SHEET_ELSEWHERE,
  SHEET_NCOLUMNS
};

/* A column's heading (单位全称), the heading over it when it is one of a
   group (就业状态; NULL otherwise), and its width on the text sheet. */
const char *sheet_column_label (enum sheet_column col);
const char *sheet_column_group (enum sheet_column col);
int sheet_column_width (enum sheet_column col);

/* The text sheet's width in columns, and the fewest lines a page can have
   (one row of people).  --lines defaults to SHEET_DEFAULT_LINES. */
#define SHEET_TEXT_WIDTH 205
#define SHEET_MIN_LINES 11
#define SHEET_MAX_LINES 1000
#define SHEET_DEFAULT_LINES 60

/* What the header and the footer say besides the places; UTF-8, NULL or
   "" for a blank left to be filled in by hand. */
struct sheet_options
{
  const char *village;          /* required */
  const char *clerk;            /* 经办人 */
  const char *phone;            /* 联系手机 */
  const char *reviewer;         /* 复核人 */
  const char *head;             /* 负责人 */
  int date;                     /* 填报时间 as YYYYMMDD; 0: blank */
};

/* The header's places, in the paper's order. */
enum sheet_place
{
  SHEET_PROVINCE, SHEET_CITY, SHEET_COUNTY, SHEET_TOWNSHIP, SHEET_VILLAGE,
  SHEET_NPLACES
};

struct sheet_row
{
  char *value[SHEET_NCOLUMNS];  /* UTF-8, never NULL; 序号 included */
};

/* A loaded sheet; every string is malloc'd UTF-8 and never NULL. */
struct sheet
{
  char *place[SHEET_NPLACES];
  char *clerk, *phone, *reviewer, *head;
  char *date;                   /* "2025年3月8日", or "" */
  struct sheet_row *rows;
  size_t n_rows;
};

/* The place's label as printed (县（区）). */
const char *sheet_place_label (enum sheet_place place);

/* Loads the sheet of O->village from STORE into *SHEET (NULL on failure).
   Returns STORE_OK (with no rows when nobody lives there) or the scan's
   failure (see store_error). */
int sheet_load (struct store *store, const struct sheet_options *o,
                struct sheet **sheet);
void sheet_free (struct sheet **sheet);

/* Columns UTF8 takes on the text sheet (see above). */
int sheet_columns (const char *utf8);

/* The text sheet's pages as lines. */
struct sheet_text
{
  char **lines;                 /* n_pages * lines_per_page, UTF-8, no
                                   line ends, trailing spaces trimmed */
  size_t n_pages;               /* at least 1 */
  size_t lines_per_page;
};

/* Renders SHEET in pages of LINES lines (SHEET_MIN_LINES to
   SHEET_MAX_LINES; false otherwise).  Page K's lines start at
   T->lines + K * T->lines_per_page. */
bool sheet_text_render (const struct sheet *sheet, size_t lines,
                        struct sheet_text *t);
void sheet_text_release (struct sheet_text *t);

/* Writes the sheet to OUT in ENC (CHARSET_UTF8_BOM adds the mark). */
enum export_status sheet_write_csv (const struct sheet *sheet,
                                    enum charset_encoding enc, FILE *out);
enum export_status sheet_write_text (const struct sheet *sheet, size_t lines,
                                     enum charset_encoding enc, FILE *out);

#endif
