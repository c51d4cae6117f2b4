/*
 * sheet.c — the 核对表 of one village; see sheet.h.
 *
 * The people are read into memory first: the header's places depend on
 * all of them, and the text sheet must know how many pages there are
 * before it prints the first.  A village is a few thousand people at most.
 */
#include "system.h"

#include "charset.h"
#include "csv.h"
#include "formdef.h"
#include "formstate.h"
#include "msg.h"
#include "region.h"
#include "sheet.h"
#include "upstream.h"
#include "validate.h"

static const struct
{
  const char *label;
  const char *group;
  int width;
} columns[SHEET_NCOLUMNS] = {
  [SHEET_SEQ] = { "序号", NULL, 4 },
  /* Six characters: most minority names written in Chinese fit. */
  [SHEET_NAME] = { "姓名", NULL, 12 },
  [SHEET_ID] = { "公民身份证号码", NULL, 18 },
  [SHEET_EMPLOYER] = { "单位全称", "就业状态", 20 },
  /* 已办理离退休手续或已领取养老待遇 is cut to 已办理离退休, which still
     says it. */
  [SHEET_NO_EMPLOYER] = { "无单位", "就业状态", 12 },
  /* Addresses without the places the header names (see sheet.h). */
  [SHEET_HUKOU] = { "户口所在地", NULL, 14 },
  [SHEET_HOME] = { "常住所在地", NULL, 18 },
  [SHEET_MOBILE] = { "联系手机", NULL, 11 },
  /* Every scheme's name without its note fits in ten characters. */
  [SHEET_PENSION] = { "养老", "现参保情况", 20 },
  [SHEET_MEDICAL] = { "医疗", "现参保情况", 20 },
  [SHEET_INJURY] = { "工伤", "现参保情况", 4 },
  [SHEET_UNEMPLOYMENT] = { "失业", "现参保情况", 4 },
  [SHEET_MATERNITY] = { "生育", "现参保情况", 4 },
  /* Every reason without its note fits: 部队建账的随军家属. */
  [SHEET_REASON] = { "未参保原因", NULL, 18 },
  [SHEET_ELSEWHERE] = { "异地参保", NULL, 12 },
};

static const char *const place_labels[SHEET_NPLACES] = {
  [SHEET_PROVINCE] = "省",
  [SHEET_CITY] = "市",
  [SHEET_COUNTY] = "县（区）",
  [SHEET_TOWNSHIP] = "镇（街道）",
  [SHEET_VILLAGE] = "村（社区）",
};

/* The paper's other captions. */
#define L_CLERK "经办人"
#define L_PHONE "联系手机"
#define L_REVIEWER "复核人"
#define L_HEAD "负责人"
#define L_DATE "填报时间"
#define COLON "："

/* The word for a ticked box (see sheet.h). */
#define TICK "是"

const char *
sheet_column_label (enum sheet_column col)
{
  return columns[col].label;
}

const char *
sheet_column_group (enum sheet_column col)
{
  return columns[col].group;
}

int
sheet_column_width (enum sheet_column col)
{
  return columns[col].width;
}

const char *
sheet_place_label (enum sheet_place place)
{
  return place_labels[place];
}

/* True when columns A and B are under one group's heading. */
static bool
same_group (int a, int b)
{
  return columns[a].group && columns[b].group
    && strcmp (columns[a].group, columns[b].group) == 0;
}

/* ------------------------------------------------------------ loading */

/* Text built a piece at a time. */
struct strbuf
{
  char *data;
  size_t len, cap;
};

static void
sb_add_n (struct strbuf *sb, const char *s, size_t n)
{
  if (sb->len + n + 1 > sb->cap)
    {
      sb->cap = (sb->len + n + 1) * 2;
      sb->data = xrealloc (sb->data, sb->cap);
    }
  memcpy (sb->data + sb->len, s, n);
  sb->len += n;
  sb->data[sb->len] = '\0';
}

static void
sb_add (struct strbuf *sb, const char *s)
{
  sb_add_n (sb, s, strlen (s));
}

/* The finished text (malloc'd, never NULL); SB is empty again. */
static char *
sb_take (struct strbuf *sb)
{
  char *s = sb->data ? sb->data : xstrdup ("");

  sb->data = NULL;
  sb->len = sb->cap = 0;
  return s;
}

static bool
present (const char *s)
{
  return s && *s;
}

/* The value of FIELD in REC, or "". */
static const char *
get (const struct record *rec, const char *field)
{
  const char *v = record_get (rec, field);

  return v ? v : "";
}

/* The upstream value of the column whose store field is FIELD: the 公安
   row's, else the 社保 row's, else "". */
static const char *
get_up (const struct record *rec, const char *field)
{
  static const char *const prefixes[] = { "up.gongan.", "up.shebao." };
  char name[RECORD_NAME_MAX + 1];

  for (size_t i = 0; i < ARRAY_SIZE (prefixes); i++)
    {
      const char *v;

      snprintf (name, sizeof name, "%s%s", prefixes[i], field);
      v = record_get (rec, name);
      if (present (v))
        return v;
    }
  return "";
}

/* The keyed fields FIELDS (NULL-terminated) of REC run together: the
   parts of an address, which the form keeps in blanks of their own. */
static char *
join_fields (const struct record *rec, const char *const *fields)
{
  struct strbuf sb = { NULL, 0, 0 };

  for (size_t i = 0; fields[i]; i++)
    sb_add (&sb, get (rec, fields[i]));
  return sb_take (&sb);
}

static void
fill_keyed (const struct record *rec, struct sheet_row *row)
{
  static const char *const hukou[] = {
    "hukou_province", "hukou_prefecture", "hukou_county", NULL
  };
  static const char *const home[] = {
    "home_province", "home_prefecture", "home_county", "home_township",
    "home_village", "home_street", NULL
  };
  static const struct
  {
    enum sheet_column col;
    const char *field;
  } plain[] = {
    { SHEET_NAME, "name" }, { SHEET_EMPLOYER, "employer" },
    { SHEET_NO_EMPLOYER, "no_employer" }, { SHEET_PENSION, "pension" },
    { SHEET_MEDICAL, "medical" }, { SHEET_REASON, "reason_uninsured" },
  };
  static const struct
  {
    enum sheet_column col;
    const char *field;
  } boxes[] = {
    { SHEET_INJURY, "injury" }, { SHEET_UNEMPLOYMENT, "unemployment" },
    { SHEET_MATERNITY, "maternity" },
  };
  const char *mobile = get (rec, "mobile");

  for (size_t i = 0; i < ARRAY_SIZE (plain); i++)
    row->value[plain[i].col] = xstrdup (get (rec, plain[i].field));
  /* A box holds its one option's text (工伤保险) when ticked. */
  for (size_t i = 0; i < ARRAY_SIZE (boxes); i++)
    row->value[boxes[i].col] = xstrdup (present (record_get (rec,
                                                             boxes[i].field))
                                        ? TICK : "");
  row->value[SHEET_HUKOU] = join_fields (rec, hukou);
  row->value[SHEET_HOME] = join_fields (rec, home);
  /* The hunan-uninsured form calls it phone. */
  row->value[SHEET_MOBILE] = xstrdup (*mobile ? mobile : get (rec, "phone"));
}

static void
fill_upstream (const struct record *rec, struct sheet_row *row)
{
  static const struct
  {
    enum sheet_column col;
    enum upstream_column up;
  } plain[] = {
    { SHEET_NAME, UP_NAME }, { SHEET_EMPLOYER, UP_EMPLOYER },
    { SHEET_HUKOU, UP_HUKOU }, { SHEET_HOME, UP_HOME },
    { SHEET_MOBILE, UP_MOBILE }, { SHEET_PENSION, UP_PENSION },
    { SHEET_MEDICAL, UP_MEDICAL }, { SHEET_REASON, UP_REASON },
  };
  static const struct
  {
    enum sheet_column col;
    enum upstream_column up;
  } boxes[] = {
    { SHEET_INJURY, UP_INJURY }, { SHEET_UNEMPLOYMENT, UP_UNEMPLOYMENT },
    { SHEET_MATERNITY, UP_MATERNITY },
  };
  const char *employment = get_up (rec,
                                   upstream_column_field (UP_EMPLOYMENT));

  for (size_t i = 0; i < ARRAY_SIZE (plain); i++)
    row->value[plain[i].col]
      = xstrdup (get_up (rec, upstream_column_field (plain[i].up)));
  /* Upstream writes 是 or 否 (stored only when not empty). */
  for (size_t i = 0; i < ARRAY_SIZE (boxes); i++)
    row->value[boxes[i].col]
      = xstrdup (strcmp (get_up (rec, upstream_column_field (boxes[i].up)),
                         "是") == 0 ? TICK : "");
  /* 就业状态 is 已单位就业 or one of the kinds of 无单位. */
  row->value[SHEET_NO_EMPLOYER]
    = xstrdup (strcmp (employment, "已单位就业") == 0 ? "" : employment);
}

/* A region code seen among the village's IDs, and how often. */
struct code_count
{
  char code[7];
  size_t n;
};

struct load_ctx
{
  struct sheet *sheet;
  size_t cap;
  struct code_count *codes;
  size_t n_codes, cap_codes;
  char *up_township;             /* the first person's with one */
};

static void
count_code (struct load_ctx *x, const char *id)
{
  for (int i = 0; i < 6; i++)
    if (id[i] < '0' || id[i] > '9')
      return;
  for (size_t i = 0; i < x->n_codes; i++)
    if (memcmp (x->codes[i].code, id, 6) == 0)
      {
        x->codes[i].n++;
        return;
      }
  if (x->n_codes == x->cap_codes)
    {
      x->cap_codes = x->cap_codes ? 2 * x->cap_codes : 16;
      x->codes = xrealloc (x->codes, x->cap_codes * sizeof *x->codes);
    }
  memcpy (x->codes[x->n_codes].code, id, 6);
  x->codes[x->n_codes].code[6] = '\0';
  x->codes[x->n_codes].n = 1;
  x->n_codes++;
}

/* Sets place P from VALUE unless it is known already. */
static void
take_place (struct sheet *s, enum sheet_place p, const char *value)
{
  if (!s->place[p] && present (value))
    s->place[p] = xstrdup (value);
}

static int
load_one (const char *id, const struct record *rec, void *arg)
{
  struct load_ctx *x = arg;
  struct sheet *s = x->sheet;
  struct sheet_row *row;
  const char *keyed_id = record_get (rec, "id");

  if (s->n_rows == x->cap)
    {
      x->cap = x->cap ? 2 * x->cap : 64;
      s->rows = xrealloc (s->rows, x->cap * sizeof *s->rows);
    }
  row = &s->rows[s->n_rows++];
  memset (row, 0, sizeof *row);
  row->value[SHEET_SEQ] = xasprintf ("%zu", s->n_rows);
  if (present (record_get (rec, FORMSTATE_F_FORM)))
    {
      fill_keyed (rec, row);
      row->value[SHEET_ID] = xstrdup (present (keyed_id) ? keyed_id : id);
      take_place (s, SHEET_CITY, record_get (rec, "city"));
      take_place (s, SHEET_COUNTY, record_get (rec, "county"));
      take_place (s, SHEET_TOWNSHIP, record_get (rec, "township"));
      take_place (s, SHEET_PROVINCE, record_get (rec, "province"));
    }
  else
    {
      fill_upstream (rec, row);
      row->value[SHEET_ID] = xstrdup (id);
    }
  row->value[SHEET_ELSEWHERE]
    = xstrdup (get_up (rec, upstream_column_field (UP_ELSEWHERE)));
  if (!x->up_township && present (record_get (rec, "up.township")))
    x->up_township = xstrdup (record_get (rec, "up.township"));
  count_code (x, id);
  return STORE_OK;
}

/* The places nobody's form gave: the township from upstream, the rest
   from the most common ID region. */
static void
finish_places (struct load_ctx *x)
{
  struct sheet *s = x->sheet;
  struct region_info info;
  size_t best = 0;

  take_place (s, SHEET_TOWNSHIP, x->up_township);
  for (size_t i = 1; i < x->n_codes; i++)
    if (x->codes[i].n > x->codes[best].n)
      best = i;
  if (x->n_codes && region_lookup (x->codes[best].code, &info))
    {
      take_place (s, SHEET_PROVINCE, info.province);
      take_place (s, SHEET_CITY, info.prefecture);
      take_place (s, SHEET_COUNTY, info.county);
    }
  for (int p = 0; p < SHEET_NPLACES; p++)
    if (!s->place[p])
      s->place[p] = xstrdup ("");
}

static char *
option_text (const char *s)
{
  return xstrdup (s ? s : "");
}

int
sheet_load (struct store *store, const struct sheet_options *o,
            struct sheet **sheet)
{
  struct sheet *s = xcalloc (1, sizeof *s);
  struct load_ctx x = { s, 0, NULL, 0, 0, NULL };
  int status;

  s->place[SHEET_VILLAGE] = xstrdup (o->village);
  /* The index keys on village, else up.village: exactly the people the
     sheet is about. */
  status = store_scan_exact (store, STORE_BY_VILLAGE, o->village, load_one,
                             &x);
  finish_places (&x);
  free (x.codes);
  free (x.up_township);
  if (status != STORE_OK)
    {
      sheet_free (&s);
      *sheet = NULL;
      return status;
    }
  s->clerk = option_text (o->clerk);
  s->phone = option_text (o->phone);
  s->reviewer = option_text (o->reviewer);
  s->head = option_text (o->head);
  s->date = o->date > 0 ? xasprintf ("%d年%d月%d日", o->date / 10000,
                                     o->date / 100 % 100, o->date % 100)
    : xstrdup ("");
  *sheet = s;
  return STORE_OK;
}

void
sheet_free (struct sheet **sheet)
{
  struct sheet *s = *sheet;

  if (!s)
    return;
  for (int p = 0; p < SHEET_NPLACES; p++)
    free (s->place[p]);
  free (s->clerk);
  free (s->phone);
  free (s->reviewer);
  free (s->head);
  free (s->date);
  for (size_t i = 0; i < s->n_rows; i++)
    for (int c = 0; c < SHEET_NCOLUMNS; c++)
      free (s->rows[i].value[c]);
  free (s->rows);
  free (s);
  *sheet = NULL;
}

/* ------------------------------------------------------------ widths */

/* Characters that East Asian Width calls ambiguous and that GB2312 holds:
   a Chinese font draws them full width, so a Chinese printer and a CJK
   terminal give them two columns (· in 阿依古丽·买买提, №, ℃, ①, Greek,
   Cyrillic, arrows, box drawing and the like). */
static bool
gb_full_width (uint32_t c)
{
  static const struct
  {
    uint32_t from, to;
  } ranges[] = {
    { 0x00a4, 0x00a4 }, { 0x00a7, 0x00a8 }, { 0x00b0, 0x00b1 },
    { 0x00b7, 0x00b7 }, { 0x00d7, 0x00d7 }, { 0x00f7, 0x00f7 },
    { 0x0391, 0x03a9 }, { 0x03b1, 0x03c9 }, { 0x0401, 0x0401 },
    { 0x0410, 0x044f }, { 0x0451, 0x0451 }, { 0x2010, 0x2027 },
    { 0x2030, 0x203b }, { 0x2103, 0x2103 }, { 0x2116, 0x2116 },
    { 0x2121, 0x2121 }, { 0x2160, 0x217f }, { 0x2190, 0x21ff },
    { 0x2200, 0x22ff }, { 0x2312, 0x2312 }, { 0x2460, 0x24ff },
    { 0x2500, 0x25ff }, { 0x2600, 0x26ff },
  };

  for (size_t i = 0; i < ARRAY_SIZE (ranges); i++)
    if (c >= ranges[i].from && c <= ranges[i].to)
      return true;
  return false;
}

/* Columns of the character C, encoded in the LEN bytes at S. */
static int
char_columns (const char *s, size_t len, uint32_t c)
{
  char one[5];

  if (gb_full_width (c))
    return 2;
  memcpy (one, s, len);
  one[len] = '\0';
  return validate_columns (one);
}

int
sheet_columns (const char *utf8)
{
  size_t len = strlen (utf8), pos = 0;
  int cols = 0;

  while (pos < len)
    {
      uint32_t c;
      size_t used = utf8_decode (utf8 + pos, len - pos, &c);

      /* Stored text is UTF-8; a stray byte would be one '?'. */
      cols += used ? char_columns (utf8 + pos, used, c) : 1;
      pos += used ? used : 1;
    }
  return cols;
}

/* Appends S to SB cut to at most COLS columns at a character boundary,
   control and invisible format characters as spaces, and pads it with
   spaces to COLS columns (on the left when RIGHT), so that the cell is
   exactly COLS wide. */
static void
add_cell (struct strbuf *sb, const char *s, int cols, bool right)
{
  struct strbuf cell = { NULL, 0, 0 };
  size_t len = strlen (s), pos = 0;
  int used_cols = 0;

  while (pos < len)
    {
      uint32_t c;
      size_t used = utf8_decode (s + pos, len - pos, &c);
      int w;

      /* A bidi override would reorder the rest of the line on paper,
         and the screen shows such characters as <U+202E>, wider than
         the cell counted; a space is what either can show. */
      if (used == 0 || c < 0x20 || (c >= 0x7f && c <= 0x9f)
          || unicode_is_format_control (c))
        {
          used = used ? used : 1;
          w = 1;
          if (used_cols + w > cols)
            break;
          sb_add_n (&cell, " ", 1);
        }
      else
        {
          w = char_columns (s + pos, used, c);
          if (used_cols + w > cols)
            break;
          sb_add_n (&cell, s + pos, used);
        }
      used_cols += w;
      pos += used;
    }
  if (!right && cell.data)
    sb_add (sb, cell.data);
  for (; used_cols < cols; used_cols++)
    sb_add_n (sb, " ", 1);
  if (right && cell.data)
    sb_add (sb, cell.data);
  free (cell.data);
}

/* Appends S centred in COLS columns (cut when longer). */
static void
add_centred (struct strbuf *sb, const char *s, int cols)
{
  int w = sheet_columns (s);
  int left = w < cols ? (cols - w) / 2 : 0;

  for (int i = 0; i < left; i++)
    sb_add_n (sb, " ", 1);
  add_cell (sb, s, cols - left, false);
}

/* S without its full-width parenthesised notes (城乡居民基本养老保险（含
   城居保和新农保） → 城乡居民基本养老保险), malloc'd. */
static char *
without_notes (const char *s)
{
  struct strbuf sb = { NULL, 0, 0 };
  int depth = 0;

  while (*s)
    {
      if (strncmp (s, "（", strlen ("（")) == 0)
        {
          depth++;
          s += strlen ("（");
        }
      else if (depth && strncmp (s, "）", strlen ("）")) == 0)
        {
          depth--;
          s += strlen ("）");
        }
      else
        {
          if (!depth)
            sb_add_n (&sb, s, 1);
          s++;
        }
    }
  return sb_take (&sb);
}

/* ------------------------------------------------------------ text */

/* The text in SB (malloc'd) without trailing spaces; SB is emptied. */
static char *
finish_line (struct strbuf *sb)
{
  while (sb->len && sb->data[sb->len - 1] == ' ')
    sb->data[--sb->len] = '\0';
  return sb_take (sb);
}

/* "LABEL：VALUE", or the label and a blank to write in. */
static void
add_filled (struct strbuf *sb, const char *label, const char *value)
{
  sb_add (sb, label);
  sb_add (sb, COLON);
  sb_add (sb, present (value) ? value : "____________");
}

/* Appends spaces up to column COL of a line that is WIDTH columns wide
   now (at least two when it is there already); returns the new width. */
static int
pad_to (struct strbuf *sb, int width, int col)
{
  int n = width + 2 > col ? 2 : col - width;

  for (int i = 0; i < n; i++)
    sb_add_n (sb, " ", 1);
  return width + n;
}

/* A line of at most SHEET_TEXT_WIDTH columns from SB's text. */
static char *
cut_line (struct strbuf *sb)
{
  struct strbuf line = { NULL, 0, 0 };
  char *text = sb_take (sb);

  add_cell (&line, text, SHEET_TEXT_WIDTH, false);
  free (text);
  return finish_line (&line);
}

static char *
place_line (const struct sheet *s)
{
  struct strbuf sb = { NULL, 0, 0 }, right = { NULL, 0, 0 };
  int width, rwidth;

  for (int p = 0; p < SHEET_NPLACES; p++)
    {
      if (p)
        sb_add (&sb, "  ");
      add_filled (&sb, place_labels[p], s->place[p]);
    }
  add_filled (&right, L_CLERK, s->clerk);
  sb_add (&right, "  ");
  add_filled (&right, L_PHONE, s->phone);
  width = sheet_columns (sb.data);
  rwidth = sheet_columns (right.data);
  /* 经办人 at the right-hand end, as printed. */
  pad_to (&sb, width, SHEET_TEXT_WIDTH - rwidth);
  sb_add (&sb, right.data);
  free (right.data);
  return cut_line (&sb);
}

static char *
footer_line (const struct sheet *s)
{
  struct strbuf sb = { NULL, 0, 0 };
  int width;

  /* Spread over the width as printed: left, middle, right. */
  add_filled (&sb, L_REVIEWER, s->reviewer);
  width = pad_to (&sb, sheet_columns (sb.data), SHEET_TEXT_WIDTH / 3);
  add_filled (&sb, L_HEAD, s->head);
  width = sheet_columns (sb.data);
  pad_to (&sb, width, 2 * SHEET_TEXT_WIDTH / 3);
  if (present (s->date))
    add_filled (&sb, L_DATE, s->date);
  else
    add_filled (&sb, L_DATE, "      年    月    日");
  return cut_line (&sb);
}

static char *
centred_line (const char *text)
{
  struct strbuf sb = { NULL, 0, 0 };

  add_centred (&sb, text, SHEET_TEXT_WIDTH);
  return finish_line (&sb);
}

static char *
rule_line (void)
{
  char *s = xmalloc (SHEET_TEXT_WIDTH + 1);

  memset (s, '-', SHEET_TEXT_WIDTH);
  s[SHEET_TEXT_WIDTH] = '\0';
  return s;
}

/* The columns that group G spans start at FIRST; how many, and their
   width with the spaces between them. */
static int
group_span (int first, int *n)
{
  int width = columns[first].width;

  *n = 1;
  while (first + *n < SHEET_NCOLUMNS && same_group (first, first + *n))
    width += 1 + columns[first + (*n)++].width;
  return width;
}

/* The three heading lines: the groups' labels; the single columns'
   labels, with a rule under each group (so that a single label sits in
   the middle of its two-line cell, as on the paper); the columns within
   groups. */
static void
heading_lines (char *out[3])
{
  struct strbuf sb[3] = { { NULL, 0, 0 }, { NULL, 0, 0 }, { NULL, 0, 0 } };

  for (int c = 0; c < SHEET_NCOLUMNS;)
    {
      int n, width;

      if (c)
        for (int i = 0; i < 3; i++)
          sb_add_n (&sb[i], " ", 1);
      if (!columns[c].group)
        {
          add_cell (&sb[0], "", columns[c].width, false);
          add_centred (&sb[1], columns[c].label, columns[c].width);
          add_cell (&sb[2], "", columns[c].width, false);
          c++;
          continue;
        }
      width = group_span (c, &n);
      add_centred (&sb[0], columns[c].group, width);
      for (int i = 0; i < width; i++)
        sb_add_n (&sb[1], "-", 1);
      for (int i = 0; i < n; i++)
        {
          if (i)
            sb_add_n (&sb[2], " ", 1);
          add_centred (&sb[2], columns[c + i].label, columns[c + i].width);
        }
      c += n;
    }
  for (int i = 0; i < 3; i++)
    out[i] = finish_line (&sb[i]);
}

/* ADDR without the first N_PLACES places of the header that it starts
   with, in order (湖南省长沙市望城区白箬铺镇团山湖村3组12号 → 3组12号 under
   a header naming them), but never all of it: the header says them once
   for the page, and the rest is what tells people apart. */
static const char *
without_places (const struct sheet *s, const char *addr, int n_places)
{
  for (int p = 0; p < n_places; p++)
    {
      size_t len = strlen (s->place[p]);

      if (len == 0)
        continue;               /* a directly run county has no 市 */
      if (strncmp (addr, s->place[p], len) != 0 || addr[len] == '\0')
        break;
      addr += len;
    }
  return addr;
}

static char *
row_line (const struct sheet *s, const struct sheet_row *row)
{
  struct strbuf sb = { NULL, 0, 0 };

  for (int c = 0; c < SHEET_NCOLUMNS; c++)
    {
      if (c)
        sb_add_n (&sb, " ", 1);
      if (c == SHEET_HUKOU)
        add_cell (&sb, without_places (s, row->value[c], SHEET_TOWNSHIP),
                  columns[c].width, false);
      else if (c == SHEET_HOME)
        add_cell (&sb, without_places (s, row->value[c], SHEET_NPLACES),
                  columns[c].width, false);
      else if (c == SHEET_PENSION || c == SHEET_MEDICAL || c == SHEET_REASON)
        {
          char *plain = without_notes (row->value[c]);

          add_cell (&sb, plain, columns[c].width, false);
          free (plain);
        }
      else
        add_cell (&sb, row->value[c], columns[c].width, c == SHEET_SEQ);
    }
  return finish_line (&sb);
}

/* Lines above the rows and below them, on every page. */
#define TOP_LINES 7
#define BOTTOM_LINES 3

bool
sheet_text_render (const struct sheet *sheet, size_t lines,
                   struct sheet_text *t)
{
  size_t per_page, n_pages, at = 0;
  char *heading[3];

  memset (t, 0, sizeof *t);
  if (lines < SHEET_MIN_LINES || lines > SHEET_MAX_LINES)
    return false;
  per_page = lines - TOP_LINES - BOTTOM_LINES;
  n_pages = sheet->n_rows ? (sheet->n_rows + per_page - 1) / per_page : 1;
  t->n_pages = n_pages;
  t->lines_per_page = lines;
  t->lines = xcalloc (n_pages * lines, sizeof *t->lines);
  heading_lines (heading);
  for (size_t page = 0; page < n_pages; page++)
    {
      size_t first = page * per_page, end = first + per_page, top = at;
      char *number;

      if (end > sheet->n_rows)
        end = sheet->n_rows;
      t->lines[at++] = centred_line (SHEET_TITLE);
      t->lines[at++] = place_line (sheet);
      t->lines[at++] = rule_line ();
      for (int i = 0; i < 3; i++)
        t->lines[at++] = xstrdup (heading[i]);
      t->lines[at++] = rule_line ();
      for (size_t r = first; r < end; r++)
        t->lines[at++] = row_line (sheet, &sheet->rows[r]);
      t->lines[at++] = rule_line ();
      /* The footer at the bottom of the page. */
      while (at < top + lines - 2)
        t->lines[at++] = xstrdup ("");
      t->lines[at++] = footer_line (sheet);
      number = xasprintf ("第 %zu 页 共 %zu 页", page + 1, n_pages);
      t->lines[at++] = centred_line (number);
      free (number);
    }
  for (int i = 0; i < 3; i++)
    free (heading[i]);
  return true;
}

void
sheet_text_release (struct sheet_text *t)
{
  for (size_t i = 0; t->lines && i < t->n_pages * t->lines_per_page; i++)
    free (t->lines[i]);
  free (t->lines);
  memset (t, 0, sizeof *t);
}

/* ------------------------------------------------------------ writing */

/* Writes the LEN bytes of UTF-8 at TEXT to OUT in ENC. */
static enum export_status
write_encoded (const char *text, size_t len, enum charset_encoding enc,
               FILE *out)
{
  if ((enc == CHARSET_UTF8_BOM && fwrite ("\xef\xbb\xbf", 1, 3, out) != 3)
      || !charset_fwrite (text, len, enc, out) || fflush (out) != 0)
    {
      if (!errno)
        errno = EIO;
      return EXPORT_WRITE_FAILED;
    }
  return EXPORT_OK;
}

enum export_status
sheet_write_text (const struct sheet *sheet, size_t lines,
                  enum charset_encoding enc, FILE *out)
{
  struct sheet_text t;
  struct strbuf sb = { NULL, 0, 0 };
  enum export_status status;

  if (!sheet_text_render (sheet, lines, &t))
    {
      errno = EINVAL;
      return EXPORT_WRITE_FAILED;
    }
  for (size_t i = 0; i < t.n_pages * t.lines_per_page; i++)
    {
      /* A form feed starts every page but the first. */
      if (i && i % t.lines_per_page == 0)
        sb_add (&sb, "\f");
      sb_add (&sb, t.lines[i]);
      /* CRLF: a printer fed the file raw returns the carriage too. */
      sb_add (&sb, "\r\n");
    }
  status = write_encoded (sb.data, sb.len, enc, out);
  free (sb.data);
  sheet_text_release (&t);
  return status;
}

/* Moves the record in BUF to the end of ALL. */
static void
take_csv (struct strbuf *all, struct csv_buf *buf)
{
  sb_add_n (all, buf->data, buf->len);
  buf->len = 0;
}

enum export_status
sheet_write_csv (const struct sheet *sheet, enum charset_encoding enc,
                 FILE *out)
{
  struct csv_buf buf = { NULL, 0, 0 };
  struct strbuf all = { NULL, 0, 0 };
  const char *fields[2 * SHEET_NPLACES + 4 > SHEET_NCOLUMNS
                     ? 2 * SHEET_NPLACES + 4 : SHEET_NCOLUMNS];
  const char *title = SHEET_TITLE;
  size_t n = 0;
  enum export_status status;

  csv_write_record (&buf, &title, 1, CSV_CRLF);
  take_csv (&all, &buf);
  for (int p = 0; p < SHEET_NPLACES; p++)
    {
      fields[n++] = place_labels[p];
      fields[n++] = sheet->place[p];
    }
  fields[n++] = L_CLERK;
  fields[n++] = sheet->clerk;
  fields[n++] = L_PHONE;
  fields[n++] = sheet->phone;
  csv_write_record (&buf, fields, n, CSV_CRLF);
  take_csv (&all, &buf);
  sb_add (&all, "\r\n");
  /* The two-level heading: a group's label over its first column. */
  for (int c = 0; c < SHEET_NCOLUMNS; c++)
    fields[c] = !columns[c].group ? columns[c].label
      : c == 0 || !same_group (c - 1, c) ? columns[c].group
      : "";
  csv_write_record (&buf, fields, SHEET_NCOLUMNS, CSV_CRLF);
  take_csv (&all, &buf);
  for (int c = 0; c < SHEET_NCOLUMNS; c++)
    fields[c] = columns[c].group ? columns[c].label : "";
  csv_write_record (&buf, fields, SHEET_NCOLUMNS, CSV_CRLF);
  take_csv (&all, &buf);
  for (size_t r = 0; r < sheet->n_rows; r++)
    {
      csv_write_record (&buf, (const char *const *) sheet->rows[r].value,
                        SHEET_NCOLUMNS, CSV_CRLF);
      take_csv (&all, &buf);
    }
  sb_add (&all, "\r\n");
  n = 0;
  fields[n++] = L_REVIEWER;
  fields[n++] = sheet->reviewer;
  fields[n++] = L_HEAD;
  fields[n++] = sheet->head;
  fields[n++] = L_DATE;
  fields[n++] = sheet->date;
  csv_write_record (&buf, fields, n, CSV_CRLF);
  take_csv (&all, &buf);
  status = write_encoded (all.data, all.len, enc, out);
  csv_buf_release (&buf);
  free (all.data);
  return status;
}
