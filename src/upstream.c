/*
 * upstream.c — the columns and row rules of upstream format 1; see
 * upstream.h and ../shared/spec/upstream-format.md section 2.
 */
#include "system.h"

#include "idnum.h"
#include "msg.h"
#include "record.h"
#include "upstream.h"

static const struct
{
  const char *name;             /* as the spec and the files write it */
  const char *field;            /* as the store keeps it */
} columns[UP_NCOLUMNS] = {
  [UP_SEQ] = { "序号", "seq" },
  [UP_TOWNSHIP] = { "乡镇（街道）", "township" },
  [UP_VILLAGE] = { "村（社区）", "village" },
  [UP_ID] = { "公民身份证号码", "id" },
  [UP_NAME] = { "姓名", "name" },
  [UP_SEX] = { "性别", "sex" },
  [UP_ETHNICITY] = { "民族", "ethnicity" },
  [UP_BIRTH] = { "出生日期", "birth_date" },
  [UP_HUKOU] = { "户口所在地", "hukou" },
  [UP_HOME] = { "常住所在地", "home" },
  [UP_MOBILE] = { "联系手机", "mobile" },
  [UP_EMPLOYMENT] = { "就业状态", "employment" },
  [UP_EMPLOYER] = { "单位全称", "employer" },
  [UP_PENSION] = { "养老", "pension" },
  [UP_MEDICAL] = { "医疗", "medical" },
  [UP_INJURY] = { "工伤", "injury" },
  [UP_UNEMPLOYMENT] = { "失业", "unemployment" },
  [UP_MATERNITY] = { "生育", "maternity" },
  [UP_REASON] = { "未参保原因", "reason_uninsured" },
  [UP_ELSEWHERE] = { "异地参保", "insured_elsewhere" },
  [UP_SOURCE] = { "数据来源", "source" },
  [UP_RESULT] = { "比对结果", "result" },
  [UP_NOTE] = { "比对说明", "note" },
};

static const struct
{
  const char *code, *name;
} results[UP_NRESULTS] = {
  { "01", "姓名不一致" }, { "02", "性别不一致" }, { "03", "出生日期不一致" },
  { "04", "民族不一致" }, { "05", "户口所在地不一致" }, { "10", "未参保" },
  { "11", "户籍无此人" }, { "12", "重复参保" }, { "13", "异地参保" },
  { "14", "已死亡仍参保" }, { "20", "身份证号码无效" },
  { "21", "身份证号码重复" },
};

/* 就业状态 values the spec lists; others are kept with a warning. */
static const char *const employment_values[] = {
  "已单位就业", "学龄前", "在校学生", "未就业", "灵活就业",
  "已办理离退休手续或已领取养老待遇",
};

const char *
upstream_column_name (enum upstream_column col)
{
  return columns[col].name;
}

const char *
upstream_column_field (enum upstream_column col)
{
  return columns[col].field;
}

const char *
upstream_result_code (int i)
{
  return results[i].code;
}

const char *
upstream_result_name (int i)
{
  return results[i].name;
}

/* Splits TEXT at ';' and '；' and calls FN on each trimmed part. */
static bool
each_part (const char *text, const char *sep_ascii, const char *sep_wide,
           bool (*fn) (const char *part, size_t len, void *ctx), void *ctx)
{
  const char *p = text;

  while (*p)
    {
      const char *a = strstr (p, sep_ascii);
      const char *w = sep_wide ? strstr (p, sep_wide) : NULL;
      const char *end = a && (!w || a < w) ? a : w;
      size_t len = end ? (size_t) (end - p) : strlen (p);
      size_t skip = end == a && a ? strlen (sep_ascii) : end ? strlen (sep_wide) : 0;

      while (len && (p[0] == ' ' || p[0] == '\t'))
        p++, len--;
      while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
        len--;
      if (!fn (p, len, ctx))
        return false;
      p += len;
      while (*p == ' ' || *p == '\t')
        p++;
      p += skip;
      if (!end)
        break;
    }
  return true;
}

static bool
add_result (const char *part, size_t len, void *ctx)
{
  unsigned *bits = ctx;

  if (len == 0)
    return true;                /* "05;" — a trailing separator */
  for (int i = 0; i < UP_NRESULTS; i++)
    if ((strlen (results[i].code) == len
         && !strncmp (part, results[i].code, len))
        || (strlen (results[i].name) == len
            && !strncmp (part, results[i].name, len)))
      {
        *bits |= 1u << i;
        return true;
      }
  return false;
}

bool
upstream_results_parse (const char *text, unsigned *bits)
{
  *bits = 0;
  if (!each_part (text, ";", "；", add_result, bits))
    return false;
  return *bits != 0;
}

void
upstream_results_format (unsigned bits, char *buf, size_t bufsz)
{
  size_t used = 0;

  buf[0] = '\0';
  for (int i = 0; i < UP_NRESULTS; i++)
    if (bits & (1u << i))
      used += snprintf (buf + used, used < bufsz ? bufsz - used : 0, "%s%s",
                        used ? ";" : "", results[i].code);
}

void
upstream_header_map (struct upstream_header *h, const char *const *names,
                     size_t n)
{
  memset (h, 0, sizeof *h);
  for (int c = 0; c < UP_NCOLUMNS; c++)
    h->field_of[c] = -1;
  for (size_t i = 0; i < n; i++)
    {
      int found = -1;

      for (int c = 0; c < UP_NCOLUMNS && found < 0; c++)
        if (!strcmp (names[i], columns[c].name))
          found = c;
      if (found >= 0 && h->field_of[found] < 0)
        h->field_of[found] = (int) i;
      else if (found < 0 && names[i][0])
        {
          h->unknown = xrealloc (h->unknown,
                                 (h->n_unknown + 1) * sizeof *h->unknown);
          h->unknown[h->n_unknown++] = xstrdup (names[i]);
        }
    }
}

void
upstream_header_release (struct upstream_header *h)
{
  for (size_t i = 0; i < h->n_unknown; i++)
    free (h->unknown[i]);
  free (h->unknown);
  h->unknown = NULL;
  h->n_unknown = 0;
}

bool
upstream_header_plausible (const struct upstream_header *h)
{
  return h->field_of[UP_ID] >= 0 || h->field_of[UP_NAME] >= 0
    || h->field_of[UP_SOURCE] >= 0 || h->field_of[UP_RESULT] >= 0;
}

/* ------------------------------------------------------------- values */

static bool
is_leap (int y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* YYYYMMDD or YYYY-MM-DD, a date that exists → "YYYYMMDD". */
static bool
normalise_date (const char *in, char out[9])
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  char digits[9];
  size_t n = 0, len = strlen (in);

  if (len == 10 && in[4] == '-' && in[7] == '-')
    {
      memcpy (digits, in, 4);
      memcpy (digits + 4, in + 5, 2);
      memcpy (digits + 6, in + 8, 2);
      n = 8;
    }
  else if (len == 8)
    {
      memcpy (digits, in, 8);
      n = 8;
    }
  if (n != 8)
    return false;
  for (int i = 0; i < 8; i++)
    if (digits[i] < '0' || digits[i] > '9')
      return false;
  digits[8] = '\0';
  int y = atoi ((char[5]) { digits[0], digits[1], digits[2], digits[3], 0 });
  int m = (digits[4] - '0') * 10 + digits[5] - '0';
  int d = (digits[6] - '0') * 10 + digits[7] - '0';
  if (y < 1800 || m < 1 || m > 12 || d < 1)
    return false;
  if (d > days[m - 1] + (m == 2 && is_leap (y)))
    return false;
  memcpy (out, digits, 9);
  return true;
}

/* 是/否, empty = 否. */
static const char *
normalise_yes_no (const char *in)
{
  if (!*in || !strcmp (in, "否"))
    return "否";
  if (!strcmp (in, "是"))
    return "是";
  return NULL;
}

struct scheme_ctx
{
  const struct upstream_vocab *vocab;
  char *out;
  size_t used, cap;
  bool unknown;
};

/* The form's printed name for PART: equal, or equal once the printed
   name's parenthesised note is left out. */
static const char *
printed_scheme (const struct upstream_vocab *vocab, const char *part,
                size_t len)
{
  for (size_t i = 0; i < vocab->n_schemes; i++)
    {
      const char *s = vocab->schemes[i];
      const char *paren = strstr (s, "（");
      size_t bare = paren ? (size_t) (paren - s) : strlen (s);

      if ((strlen (s) == len && !strncmp (s, part, len))
          || (bare == len && !strncmp (s, part, len)))
        return s;
    }
  return NULL;
}

static bool
add_scheme (const char *part, size_t len, void *ctxp)
{
  struct scheme_ctx *ctx = ctxp;
  const char *printed;
  size_t plen;

  if (len == 0)
    return true;
  printed = printed_scheme (ctx->vocab, part, len);
  if (!printed)
    ctx->unknown = true;
  plen = printed ? strlen (printed) : len;
  if (ctx->used + plen + 4 > ctx->cap)
    ctx->out = xrealloc (ctx->out, ctx->cap = ctx->used + plen + 64);
  if (ctx->used)
    {
      memcpy (ctx->out + ctx->used, "、", 3);
      ctx->used += 3;
    }
  memcpy (ctx->out + ctx->used, printed ? printed : part, plen);
  ctx->used += plen;
  ctx->out[ctx->used] = '\0';
  return true;
}

/* Scheme names joined by 、, each given the form's printed name. */
static char *
normalise_schemes (const struct upstream_vocab *vocab, const char *in,
                   bool *unknown)
{
  struct scheme_ctx ctx = { vocab, xstrdup (""), 0, 1, false };

  each_part (in, "、", NULL, add_scheme, &ctx);
  *unknown = ctx.unknown;
  return ctx.out;
}

static const char *
ethnic_name (const struct upstream_vocab *vocab, const char *in, bool *known)
{
  *known = true;
  for (size_t i = 0; i < vocab->n_ethnic; i++)
    if (!strcmp (in, vocab->ethnic_codes[i]) || !strcmp (in, vocab->ethnic_names[i]))
      return vocab->ethnic_names[i];
  *known = !*in;
  return in;
}

static void
set_value (struct upstream_row *row, enum upstream_column c, const char *v)
{
  /* V may be the old value itself (ethnic_name returns its input): copy
     before freeing. */
  char *copy = xstrdup (v);

  free (row->value[c]);
  row->value[c] = copy;
}

enum upstream_verdict
upstream_row_parse (const struct upstream_header *h,
                    const struct upstream_vocab *vocab,
                    const char *const *fields, size_t nfields,
                    struct upstream_row *row, const char **reason)
{
  const char *warning = NULL;
  char id[UPSTREAM_ID_MAX + 1], date[9];
  bool known;

  memset (row, 0, sizeof *row);
  for (int c = 0; c < UP_NCOLUMNS; c++)
    {
      int f = h->field_of[c];

      row->value[c] = xstrdup (f >= 0 && (size_t) f < nfields ? fields[f] : "");
    }
  *reason = NULL;

#define REJECT(msg) do { *reason = (msg); return UPSTREAM_REJECT; } while (0)
  if (!*row->value[UP_ID])
    REJECT (_("公民身份证号码 is empty"));
  if (!*row->value[UP_NAME])
    REJECT (_("姓名 is empty"));
  if (!*row->value[UP_SOURCE])
    REJECT (_("数据来源 is empty"));
  if (!*row->value[UP_RESULT])
    REJECT (_("比对结果 is empty"));

  /* The ID: 15 or 18 characters once trimmed and made ASCII (15 digits
     become 18).  Characters, not bytes, as idnum_validate counts them:
     six Chinese characters fill 18 bytes and are no ID, while 17 digits
     and a stray 中 are an invalid ID, kept as written. */
  size_t full = idnum_normalise (row->value[UP_ID], id, sizeof id);
  enum idnum_verdict id_verdict = full < sizeof id
    ? idnum_validate (id, idnum_today (), NULL) : IDNUM_BAD_LENGTH;
  if (id_verdict == IDNUM_BAD_LENGTH)
    REJECT (_("公民身份证号码 has neither 15 nor 18 characters"));
  row->id_valid = id_verdict == IDNUM_VALID;
  set_value (row, UP_ID, id);

  if (!strcmp (row->value[UP_SOURCE], "公安") || !strcmp (row->value[UP_SOURCE], "社保"))
    ;
  else
    REJECT (_("数据来源 is neither 公安 nor 社保"));

  if (!upstream_results_parse (row->value[UP_RESULT], &row->results))
    REJECT (_("比对结果 holds an unknown result"));
  {
    char codes[64];

    upstream_results_format (row->results, codes, sizeof codes);
    set_value (row, UP_RESULT, codes);
  }

  const char *sex = row->value[UP_SEX];
  if (!strcmp (sex, "1") || !strcmp (sex, "男"))
    set_value (row, UP_SEX, "男");
  else if (!strcmp (sex, "2") || !strcmp (sex, "女"))
    set_value (row, UP_SEX, "女");
  else if (*sex)
    REJECT (_("性别 is not 男 or 女 (or 1 or 2)"));

  if (*row->value[UP_BIRTH])
    {
      if (!normalise_date (row->value[UP_BIRTH], date))
        REJECT (_("出生日期 is not a date that exists (YYYYMMDD or YYYY-MM-DD)"));
      set_value (row, UP_BIRTH, date);
    }

  static const enum upstream_column yes_no[] = {
    UP_INJURY, UP_UNEMPLOYMENT, UP_MATERNITY
  };
  static const char *const yes_no_reason[] = {
    N_("工伤 is not 是 or 否"), N_("失业 is not 是 or 否"), N_("生育 is not 是 or 否")
  };
  for (size_t i = 0; i < ARRAY_SIZE (yes_no); i++)
    {
      const char *v = normalise_yes_no (row->value[yes_no[i]]);

      if (!v)
        REJECT (_(yes_no_reason[i]));
      set_value (row, yes_no[i], v);
    }
#undef REJECT

  /* Uncoded columns: kept as written, with a warning when odd. */
  const char *eth = ethnic_name (vocab, row->value[UP_ETHNICITY], &known);
  if (!known)
    warning = _("民族 is not a GB/T 3304 group");
  set_value (row, UP_ETHNICITY, eth);

  static const enum upstream_column schemes[] = { UP_PENSION, UP_MEDICAL };
  for (size_t i = 0; i < ARRAY_SIZE (schemes); i++)
    {
      bool unknown;
      char *v = normalise_schemes (vocab, row->value[schemes[i]], &unknown);

      free (row->value[schemes[i]]);
      row->value[schemes[i]] = v;
      if (unknown)
        warning = _("a scheme name is not one the registration form prints");
    }

  const char *emp = row->value[UP_EMPLOYMENT];
  known = !*emp;
  for (size_t i = 0; i < ARRAY_SIZE (employment_values) && !known; i++)
    known = !strcmp (emp, employment_values[i]);
  if (!known)
    warning = _("就业状态 is not one of the spec's values");

  if (!row->id_valid && !(row->results & UP_R20))
    warning = _("the ID fails its check but 比对结果 does not say 20");

  /* A value the store cannot hold would be left out of the record
     without a word; a scheme list may only outgrow it here, once its
     names have their notes. */
  for (int c = 0; c < UP_NCOLUMNS; c++)
    if (strlen (row->value[c]) > RECORD_VALUE_MAX)
      {
        *reason = _("a value is longer than the 65535 bytes a record can "
                    "hold");
        return UPSTREAM_REJECT;
      }

  *reason = warning;
  return warning ? UPSTREAM_WARN : UPSTREAM_OK;
}

void
upstream_row_release (struct upstream_row *row)
{
  for (int c = 0; c < UP_NCOLUMNS; c++)
    xfree (&row->value[c]);
}
