/*
 * gen-county — a synthetic county for benchmarks and torture tests.
 *
 * Writes an upstream comparison file (format 1, ../shared/spec) for N
 * made-up people of 湖南省长沙市望城区, and optionally the registration
 * forms (附件1) keyed for some of them, as `canbao import records` reads
 * them.  The same seed gives the same people in any encoding, so a peer
 * can be fed the very rows canbao imports.
 *
 * The people look like a real round: valid IDs on real region codes
 * (望城区 430112, the abolished 望城县 430122 on IDs issued before 2011,
 * and migrants from anywhere in the region table), names with rare
 * characters (䶮 in CJK extension A, 𠮷 outside the BMP) and minority names
 * with a middle dot, townships and villages in file order, and every
 * comparison result of the spec — 20 on IDs with a wrong check digit, 10
 * with only a 公安 row, 11 with only a 社保 row, the rest with both.
 *
 * Every choice is drawn from one splitmix64 stream, so no library's random
 * numbers (which differ between systems) decide the data.
 */
#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "idnum.h"
#include "msg.h"
#include "region.h"

static uint64_t rng_state;
/* The keyed forms draw from a stream of their own, so that asking for
   them leaves the people and the upstream rows as they are. */
static uint64_t forms_rng_state;

/* Runs the draws of the next statements on the forms' stream. */
static void
rng_swap (void)
{
  uint64_t people_state = rng_state;
  rng_state = forms_rng_state;
  forms_rng_state = people_state;
}

static uint64_t
rng_next (void)
{
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15u);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
  return z ^ (z >> 31);
}

/* A number in [0, N). */
static unsigned
rng_below (unsigned n)
{
  return (unsigned) (rng_next () % n);
}

#define PICK(array) ((array)[rng_below (sizeof (array) / sizeof *(array))])

static const char *const townships[] = {
  "高塘岭街道", "大泽湖街道", "月亮岛街道", "金山桥街道", "乌山街道",
  "黄金园街道", "白沙洲街道", "丁字湾街道", "铜官街道", "雷锋街道",
  "茶亭镇", "靖港镇", "乔口镇", "桥驿镇", "白箬铺镇", "格塘镇",
};
static const char *const village_first[] = {
  "团", "双", "龙", "光", "新", "金", "石", "白", "东", "黄", "马", "长",
  "桐", "荷", "联", "青", "杨", "茶", "湘", "云",
};
static const char *const village_second[] = {
  "山", "丰", "塘", "明", "华", "星", "桥", "沙", "湖", "岭", "坪", "冲",
  "塅", "田", "江", "洲",
};
static const char *const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
  "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
  "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁",
  "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁",
  "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
  "欧阳", "司马",
};
static const char *const given[] = {
  "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
  "杰", "娟", "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华",
  "建", "国", "文", "辉", "玲", "红", "湘", "澧", "岚", "嵘", "志", "然",
  "欣", "怡", "涵", "萍", "晖", "峰", "波", "宇", "浩", "婷", "雪", "琴",
};
/* Rare characters a GBK-only path would lose. */
static const char *const rare_given[] = { "䶮", "𠮷", "堃", "喆", "昇" };
static const char *const minority_names[] = {
  "阿依古丽·买买提", "热依拉·艾力", "古丽娜尔·吐尔逊", "买买提·艾山",
};
static const char *const ethnic_groups[] = {
  "土家族", "苗族", "侗族", "瑶族", "回族", "满族", "壮族", "白族",
};
static const char *const employments[] = {
  "已单位就业", "学龄前", "在校学生", "未就业", "灵活就业",
  "已办理离退休手续或已领取养老待遇",
};
static const char *const employers[] = {
  "长沙市望城区人民医院", "望城区白箬铺镇中心小学",
  "湖南长丰机械制造有限责任公司", "长沙金峰农业专业合作社",
  "望城区高塘岭街道社区卫生服务中心", "长沙铜官窑文化旅游有限公司",
};
static const char *const pensions[] = {
  "城镇职工基本养老保险", "机关事业养老保险",
  "城乡居民基本养老保险（含城居保和新农保）", "被征地农民养老保障（单建制度）",
};
static const char *const medicals[] = {
  "城镇职工基本医疗保险", "城镇居民（含城乡统筹）基本医疗保险",
  "新型农村合作医疗",
};
static const char *const elsewhere[] = {
  "广东省深圳市", "广东省东莞市", "浙江省杭州市", "上海市", "江苏省苏州市",
};

/* Comparison results and how often each is drawn, per 1000 people. */
struct result_weight
{
  const char *codes;
  unsigned weight;
};
static const struct result_weight results[] = {
  { "10", 300 }, { "05", 100 }, { "01", 70 }, { "02", 40 }, { "03", 40 },
  { "04", 30 }, { "11", 90 }, { "12", 80 }, { "13", 80 }, { "14", 30 },
  { "20", 20 }, { "21", 20 }, { "01;05", 60 }, { "02；03", 40 },
};

static const char *
draw_result (void)
{
  unsigned total = 0, r;
  size_t i;
  for (i = 0; i < sizeof results / sizeof *results; i++)
    total += results[i].weight;
  r = rng_below (total);
  for (i = 0; r >= results[i].weight; i++)
    r -= results[i].weight;
  return results[i].codes;
}

/* ---- unique IDs: an open-addressing set of the first 17 digits ---- */
static uint64_t *id_set;
static size_t id_set_mask;

static bool
id_claim (uint64_t first17)
{
  size_t i = (size_t) ((first17 * 0x9e3779b97f4a7c15u) >> 7) & id_set_mask;
  while (id_set[i] != 0)
    {
      if (id_set[i] == first17)
        return false;
      i = (i + 1) & id_set_mask;
    }
  id_set[i] = first17;
  return true;
}

/* County-level codes of the region table, for migrants' IDs. */
static char (*counties)[7];
static size_t n_counties;

static void
collect_counties (void)
{
  size_t n = region_count (), i;
  struct region_info info;
  counties = xcalloc (n, sizeof *counties);
  for (i = 0; i < n; i++)
    if (region_nth (i, &info) && strcmp (info.code + 4, "00") != 0)
      memcpy (counties[n_counties++], info.code, 7);
}

struct person
{
  char id[19];
  char name[64];
  bool female;
  int year, month, day;
  const char *ethnic;
  const char *township;
  char village[32];
  char hukou[160], home[200];
  char mobile[12];
  const char *codes;
};

static void
make_id (struct person *p)
{
  static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  for (;;)
    {
      const char *region;
      unsigned r = rng_below (100), seq;
      char first17[32];
      if (r < 70)
        region = "430112";
      else if (r < 85)
        region = "430122";
      else
        region = counties[rng_below ((unsigned) n_counties)];
      p->year = 1930 + (int) rng_below (strcmp (region, "430122") == 0 ? 81 : 95);
      p->month = 1 + (int) rng_below (12);
      p->day = 1 + (int) rng_below ((unsigned) mdays[p->month - 1]);
      seq = rng_below (1000);
      p->female = seq % 2 == 0;
      snprintf (first17, sizeof first17, "%s%04d%02d%02d%03u", region,
                p->year, p->month, p->day, seq);
      if (!id_claim (strtoull (first17, NULL, 10)))
        continue;
      memcpy (p->id, first17, 17);
      p->id[17] = idnum_check_char (first17);
      p->id[18] = '\0';
      return;
    }
}

static void
make_name (struct person *p)
{
  if (rng_below (1000) < 3)
    {
      snprintf (p->name, sizeof p->name, "%s", PICK (minority_names));
      p->ethnic = "维吾尔族";
      return;
    }
  p->ethnic = rng_below (100) < 92 ? "汉族" : PICK (ethnic_groups);
  snprintf (p->name, sizeof p->name, "%s%s%s", PICK (surnames),
            rng_below (500) == 0 ? PICK (rare_given) : PICK (given),
            rng_below (3) == 0 ? "" : PICK (given));
}

static void
make_person (struct person *p, const char *township, const char *village)
{
  make_id (p);
  make_name (p);
  p->township = township;
  snprintf (p->village, sizeof p->village, "%s", village);
  snprintf (p->hukou, sizeof p->hukou, "湖南省长沙市望城区%s%s", township,
            village);
  snprintf (p->home, sizeof p->home, "%s%u组%u号", p->hukou,
            1 + rng_below (15), 1 + rng_below (200));
  snprintf (p->mobile, sizeof p->mobile, "1%u%09u", 3 + rng_below (7),
            rng_below (1000000000));
  p->codes = draw_result ();
}

/* ---- output ---- */
struct out
{
  FILE *file;
  enum charset_encoding enc;
  const char *path;
  char *line;
  size_t len, cap;
};

static void
out_add (struct out *o, const char *s)
{
  size_t n = strlen (s);
  if (o->len + n + 1 > o->cap)
    {
      o->cap = (o->len + n + 1) * 2;
      o->line = xrealloc (o->line, o->cap);
    }
  memcpy (o->line + o->len, s, n + 1);
  o->len += n;
}

/* Adds VALUES (NULL-terminated) as one CSV line; none of our values holds a
   comma, a quote or a line break. */
static void
out_row (struct out *o, const char *const *values, size_t n)
{
  size_t i;
  o->len = 0;
  for (i = 0; i < n; i++)
    {
      if (i > 0)
        out_add (o, ",");
      out_add (o, values[i] ? values[i] : "");
    }
  out_add (o, o->enc == CHARSET_UTF8 ? "\n" : "\r\n");
  if (!charset_fwrite (o->line, o->len, o->enc, o->file))
    msg_fatal ("%s: %s", o->path, strerror (errno));
}

static const char *const upstream_header[] = {
  "序号", "乡镇（街道）", "村（社区）", "公民身份证号码", "姓名", "性别", "民族",
  "出生日期", "户口所在地", "常住所在地", "联系手机", "就业状态", "单位全称",
  "养老", "医疗", "工伤", "失业", "生育", "未参保原因", "异地参保",
  "数据来源", "比对结果", "比对说明",
};
#define UPSTREAM_COLUMNS (sizeof upstream_header / sizeof *upstream_header)

static unsigned long row_number;

/* One upstream row of P as SOURCE (公安 or 社保) sees the person. */
static void
write_upstream_row (struct out *o, const struct person *p, bool shebao)
{
  const char *v[UPSTREAM_COLUMNS] = { 0 };
  char seq[24], birth[12], name[80], hukou[200], mobile[12];
  const char *codes = p->codes;
  bool female = p->female;
  int day = p->day;

  snprintf (seq, sizeof seq, "%lu", ++row_number);
  snprintf (name, sizeof name, "%s", p->name);
  snprintf (hukou, sizeof hukou, "%s", p->hukou);
  snprintf (mobile, sizeof mobile, "%s", p->mobile);
  /* 社保's row carries the disagreement its result names. */
  if (shebao && strstr (codes, "01"))
    snprintf (name, sizeof name, "%s%s", p->name, "华");
  if (shebao && strstr (codes, "02"))
    female = !female;
  if (shebao && strstr (codes, "03"))
    day = day == 1 ? 2 : day - 1;
  if (shebao && strstr (codes, "05"))
    snprintf (hukou, sizeof hukou, "湖南省长沙市岳麓区%s", p->village);
  if (shebao && strstr (codes, "21"))
    snprintf (mobile, sizeof mobile, "1%u%09u", 3 + rng_below (7),
              rng_below (1000000000));
  snprintf (birth, sizeof birth, "%04d%02d%02d", p->year, p->month, day);

  v[0] = seq;
  v[1] = p->township;
  v[2] = p->village;
  v[3] = p->id;
  v[4] = name;
  v[5] = female ? "女" : "男";
  v[6] = shebao && strstr (codes, "04") ? "汉族" : p->ethnic;
  if (shebao && strstr (codes, "04") && strcmp (p->ethnic, "汉族") == 0)
    v[6] = "土家族";
  v[7] = birth;
  v[8] = hukou;
  v[9] = p->home;
  v[10] = mobile;
  if (shebao)
    {
      bool employed;
      v[11] = rng_below (3) == 0 ? employments[0] : PICK (employments);
      employed = v[11] == employments[0];
      v[12] = employed ? PICK (employers) : NULL;
      v[13] = employed ? pensions[0] : pensions[2];
      if (strstr (codes, "12"))
        v[13] = "城镇职工基本养老保险、城乡居民基本养老保险";
      v[14] = employed ? medicals[0] : PICK (medicals);
      v[15] = v[16] = v[17] = employed ? "是" : "否";
      if (strstr (codes, "13"))
        v[19] = PICK (elsewhere);
    }
  v[20] = shebao ? "社保" : "公安";
  v[21] = codes;
  if (strstr (codes, "14"))
    v[22] = "公安登记已死亡，社保仍在发放待遇";
  else if (strstr (codes, "21"))
    v[22] = "同一身份证号码在社保登记为两人";
  out_row (o, v, UPSTREAM_COLUMNS);
}

static void
write_upstream (struct out *o, struct person *p)
{
  if (strcmp (p->codes, "20") == 0)
    {
      /* The ID as upstream holds it: its check character is wrong. */
      char *check = p->id + 17;
      *check = *check == '0' ? '1' : *check == 'X' ? '0' : (char) (*check + 1);
      if (*check == ':')
        *check = 'X';
    }
  if (strcmp (p->codes, "11") != 0)
    write_upstream_row (o, p, false);
  if (strcmp (p->codes, "10") != 0)
    write_upstream_row (o, p, true);
}

static const char *const forms_header[] = {
  "市", "县（市、区）", "乡镇（街道）", "村（社区）", "姓名", "性别", "民族",
  "照片信息", "公民身份证号码", "就业状态", "工作单位全名称", "无单位",
  "单位类型（单选）", "个人身份", "户口所在地（省/自治区/直辖市）",
  "户口所在地（地/市/州）", "户口所在地（区/县）",
  "常住所在地地址（省/自治区/直辖市）", "常住所在地地址（地/市/州）",
  "常住所在地地址（区/县）", "（乡镇/街道）", "（村/社区）",
  "（街/路/巷/门牌号）", "手机（联系电话）", "养老保险", "医疗保险（单选）",
  "失业保险", "工伤保险", "生育保险", "未参保原因", "经办人签名", "复核人签名",
};
#define FORMS_COLUMNS (sizeof forms_header / sizeof *forms_header)

/* The registration form a clerk keyed for P, shaped like the demo's. */
static void
write_form (struct out *o, const struct person *p)
{
  const char *v[FORMS_COLUMNS] = { 0 };
  bool employed = p->year >= 1965 && p->year <= 2000 && rng_below (3) == 0;
  char street[40];
  const char *house = p->home + strlen (p->hukou);

  snprintf (street, sizeof street, "%s", house);
  v[0] = "长沙市";
  v[1] = "望城区";
  v[2] = p->township;
  v[3] = p->village;
  v[4] = p->name;
  v[5] = p->female ? "女" : "男";
  v[6] = p->ethnic;
  v[8] = p->id;
  v[9] = employed ? "已单位就业" : "无单位";
  v[10] = employed ? PICK (employers) : NULL;
  v[11] = employed ? NULL
    : p->year < 1965 ? employments[5]
    : p->year >= 2020 ? employments[1]
    : p->year >= 2005 ? employments[2] : employments[3];
  v[13] = employed ? "工人" : "农民";
  v[14] = v[17] = "湖南省";
  v[15] = v[18] = "长沙市";
  v[19] = "望城区";
  v[20] = p->township;
  v[21] = p->village;
  v[22] = street;
  v[23] = p->mobile;
  v[24] = employed ? pensions[0] : pensions[2];
  v[25] = employed ? medicals[0] : medicals[2];
  if (employed)
    v[26] = "失业保险", v[27] = "工伤保险", v[28] = "生育保险";
  v[30] = "基准测试";
  out_row (o, v, FORMS_COLUMNS);
}

static void
open_out (struct out *o, const char *path, enum charset_encoding enc)
{
  o->path = path;
  o->enc = enc;
  o->file = strcmp (path, "-") == 0 ? stdout : fopen (path, "w");
  if (!o->file)
    msg_fatal ("%s: %s", path, strerror (errno));
}

static void
close_out (struct out *o)
{
  if (fflush (o->file) != 0 || (o->file != stdout && fclose (o->file) != 0))
    msg_fatal ("%s: %s", o->path, strerror (errno));
  free (o->line);
}

static void
usage (int status)
{
  fprintf (status ? stderr : stdout,
           "Usage: gen-county [-n PEOPLE] [-s SEED] [-e gb18030|utf-8]"
           " [-f FORMS.csv] [-p PERMILLE] [-o UPSTREAM.csv]\n"
           "Writes an upstream comparison file for PEOPLE synthetic people"
           " (default 1000000),\nand with -f the registration forms keyed"
           " for PERMILLE of them (default 50).\n");
  exit (status);
}

int
main (int argc, char **argv)
{
  unsigned long people = 1000000, i, per_village;
  unsigned long long seed = 20261126;
  unsigned forms_permille = 50;
  const char *upstream_path = "-", *forms_path = NULL;
  enum charset_encoding enc = CHARSET_GB18030;
  struct out upstream = { 0 }, forms = { 0 };
  struct person p;
  size_t n_villages;
  int c;

  while ((c = getopt (argc, argv, "n:s:e:f:p:o:h")) != -1)
    switch (c)
      {
      case 'n': people = strtoul (optarg, NULL, 10); break;
      case 's': seed = strtoull (optarg, NULL, 10); break;
      case 'e':
        if (strcmp (optarg, "utf-8") == 0)
          enc = CHARSET_UTF8;
        else if (strcmp (optarg, "gb18030") != 0)
          usage (2);
        break;
      case 'f': forms_path = optarg; break;
      case 'p': forms_permille = (unsigned) strtoul (optarg, NULL, 10); break;
      case 'o': upstream_path = optarg; break;
      case 'h': usage (0); break;
      default: usage (2);
      }
  if (optind != argc || people == 0 || forms_permille > 1000)
    usage (2);

  rng_state = seed;
  forms_rng_state = seed ^ 0x5851f42d4c957f2du;
  collect_counties ();
  for (id_set_mask = 1; id_set_mask < people * 2; id_set_mask <<= 1)
    continue;
  id_set = xcalloc (id_set_mask, sizeof *id_set);
  id_set_mask--;

  /* About 1,500 people a village, as in a real township, but at least
     three villages in every township. */
  n_villages = people / 1500 / 16;
  if (n_villages < 3)
    n_villages = 3;
  per_village = people / (16 * n_villages) + 1;

  open_out (&upstream, upstream_path, enc);
  out_row (&upstream, upstream_header, UPSTREAM_COLUMNS);
  if (forms_path)
    {
      open_out (&forms, forms_path, enc);
      out_row (&forms, forms_header, FORMS_COLUMNS);
    }
  for (i = 0; i < people; i++)
    {
      unsigned long village = i / per_village;
      char name[32];
      snprintf (name, sizeof name, "%s%s%s",
                village_first[village % 20],
                village_second[(village / 20 + village) % 16],
                village % 4 == 3 ? "社区" : "村");
      make_person (&p, townships[(village / n_villages) % 16], name);
      if (forms_path && strcmp (p.codes, "20") != 0)
        {
          rng_swap ();
          if (rng_below (1000) < forms_permille)
            write_form (&forms, &p);
          rng_swap ();
        }
      write_upstream (&upstream, &p);
    }
  close_out (&upstream);
  if (forms_path)
    close_out (&forms);
  free (id_set);
  free (counties);
  return 0;
}
