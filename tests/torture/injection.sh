# Hostile text: names, notes, villages and addresses holding terminal
# escape sequences (a window-title OSC, clear screen, colour), C1
# controls (U+009B CSI, U+0085), bidi overrides and isolates (U+202E,
# U+2066), zero-width characters and 10,000-character values, imported
# through an upstream file and through `canbao import records`.  They are
# then shown on every screen (main, search list, forms, review list,
# reconciliation list and person view, 核对表, statistics), by `canbao
# show` and `canbao stats` on a terminal and on a pipe, and exported.
#   - Nothing reaches the terminal raw: the bytes canbao writes (tmux
#     pipe-pane, script(1)) hold none of the sequences, and the window
#     title is not changed.
#   - The 80x24 layout holds: the title on the first line, the keys on
#     the last, no colour, and the 核对表's columns in line.
#   - Exports are data: they keep every byte.
. "$top_srcdir/tests/torture/lib.sh"
export LC_ALL=C.UTF-8
db="$SCRATCH/db"

# ---- the hostile values ----------------------------------------------------
ESC=$(printf '\033')
BEL=$(printf '\007')
OSC="${ESC}]0;pwned${BEL}"              # sets the window title
CLR="${ESC}[2Jclr"                      # clears the screen
RED="${ESC}[31mred"                     # red from here on
C1CSI=$(printf '\302\2332Jcsi')         # U+009B, an 8-bit CSI
NEL=$(printf 'a\302\205b')              # U+0085, next line
RLO=$(printf '\342\200\256rlo')         # U+202E, right-to-left override
LRI=$(printf '\342\201\246lri')         # U+2066, left-to-right isolate
ZW=$(printf 'z\342\200\213w\342\200\215j\357\273\277')   # ZWSP, ZWJ, BOM
LONG=$(awk 'BEGIN { for (i = 0; i < 10000; i++) printf "长" }')
# What must never come out on a terminal: the raw sequences, and the
# UTF-8 bytes of the C1, bidi and zero-width characters.
forbidden="${ESC}]0;pwned ${ESC}[2Jclr ${ESC}[31mred $(printf '\302\233') $(printf '\302\205') $(printf '\342\200\256') $(printf '\342\201\246') $(printf '\342\200\213') $(printf '\342\200\215') $(printf '\357\273\277')"

# no_raw WHAT FILE: FILE holds none of the forbidden bytes.
no_raw() {
  for _seq in $forbidden; do
    if LC_ALL=C grep -q -F -- "$_seq" "$2"; then
      fail "$1: the raw bytes $(printf '%s' "$_seq" | od -An -c | tr -s ' ') reached the terminal"
    fi
  done
}

ID_OSC=430122199001011233   # 公安 and 社保 disagree on the name (01)
ID_LONG=430122198502024521  # 10,000-character name, address and note
ID_C1=430122197808081233    # hostile township and village
ID_KEYED1=430122197505050034
ID_KEYED2=430122197505050026
ID_REJECTED=430122198808080040

H='序号,乡镇（街道）,村（社区）,公民身份证号码,姓名,性别,民族,出生日期,户口所在地,常住所在地,联系手机,就业状态,单位全称,养老,医疗,工伤,失业,生育,未参保原因,异地参保,数据来源,比对结果,比对说明'
{
  echo "$H"
  echo "1,乌山街道,团山湖村,$ID_OSC,恶意${OSC}名,男,汉族,19900101,湖南省长沙市望城县,${RLO}地址${LRI},13800138000,,,,,,,,,,公安,01,${RED}说明${C1CSI}"
  echo "2,乌山街道,团山湖村,$ID_OSC,善${ZW}名,男,汉族,19900101,湖南省长沙市望城县,${RLO}地址${LRI},13800138000,,,,,,,,,,社保,01,${CLR}"
  echo "3,乌山街道,团山湖村,$ID_LONG,${LONG},女,汉族,19850202,湖南省长沙市望城县,${LONG},13800138001,,,,,,,,,,公安,10,${LONG}"
  echo "4,镇${C1CSI},恶村${CLR},$ID_C1,${NEL}${RLO}x,男,汉族,19780808,湖南省长沙市望城县,地址,13800138002,,,,,,,,,,公安,10,${OSC}"
} >"$SCRATCH/upstream.csv"
R='市,县（市、区）,乡镇（街道）,村（社区）,姓名,性别,民族,照片信息,公民身份证号码,就业状态,工作单位全名称,无单位,单位类型（单选）,个人身份,户口所在地（省/自治区/直辖市）,户口所在地（地/市/州）,户口所在地（区/县）,常住所在地地址（省/自治区/直辖市）,常住所在地地址（地/市/州）,常住所在地地址（区/县）,（乡镇/街道）,（村/社区）,（街/路/巷/门牌号）,手机（联系电话）,养老保险,医疗保险（单选）,失业保险,工伤保险,生育保险,未参保原因,经办人签名,复核人签名'
{
  echo "$R"
  echo "长沙市,望城区,乌山街道,团山湖村,录${RLO}入,男,汉族,,$ID_KEYED1,已单位就业,单位${LRI},,,工人,湖南省,长沙市,,湖南省,长沙市,望城区,乌山街道,团山湖村,${RLO}门牌${ZW},13900139000,城镇职工基本养老保险,城镇职工基本医疗保险,失业保险,工伤保险,生育保险,,,"
  echo "长沙市,望城区,乌山街道,团山湖村,${ZW}芳,女,汉族,,$ID_KEYED2,无单位,,未就业,,农民,湖南省,长沙市,,湖南省,长沙市,望城区,乌山街道,团山湖村,门牌,13900139001,,新型农村合作医疗,,,,,,"
  # A form's fields refuse control characters and over-long values.
  echo "长沙市,望城区,乌山街道,团山湖村,录${OSC}入${RED},女,汉族,,$ID_REJECTED,已单位就业,${LONG},,,工人,湖南省,长沙市,,湖南省,长沙市,望城区,乌山街道,团山湖村,${CLR},13900139000,城镇职工基本养老保险,城镇职工基本医疗保险,失业保险,工伤保险,生育保险,,${C1CSI},"
} >"$SCRATCH/records.csv"

# ---- importing -------------------------------------------------------------
# The keyed forms come from another clerk when this machine has the test
# clerks, so that they wait in our review list.
reviewer=
if [ "$(id -u)" = 0 ] && id canbao-a >/dev/null 2>&1; then
  chmod 711 "$SCRATCH"
  shared_db "$db"
  chmod 644 "$SCRATCH/records.csv"
  reviewer=canbao-a
  eval "$(as_clerk canbao-a "'$CANBAO' --db '$db' import records --form registration '$SCRATCH/records.csv'")" \
    >"$SCRATCH/out" 2>"$SCRATCH/err" && STATUS=0 || STATUS=$?
else
  "$CANBAO" --db "$db" import records --form registration "$SCRATCH/records.csv" \
    >"$SCRATCH/out" 2>"$SCRATCH/err" && STATUS=0 || STATUS=$?
fi
expect_eq "import records: one row rejected" 1 "$STATUS"
expect_contains "import records: the summary" "3 rows: 2 imported, 0 unchanged, 1 rejected" "$(cat "$SCRATCH/out")"
expect_contains "import records: control characters refused" "control character" "$(cat "$SCRATCH/err")"
no_raw "import records' report" "$SCRATCH/err"
run_canbao --db "$db" import upstream "$SCRATCH/upstream.csv"
expect_eq "import upstream: every row" 0 "$STATUS"
expect_contains "import upstream: the summary" "4 rows: 4 imported" "$OUT"

# ---- exports keep every byte -----------------------------------------------
# has_bytes WHAT FILE VALUE...
has_bytes() {
  _what=$1 _file=$2
  shift 2
  for _v in "$@"; do
    LC_ALL=C grep -q -F -- "$_v" "$_file" ||
      fail "$_what: [$(printf '%s' "$_v" | cut -c1-40 | od -An -c | tr -s ' ' | cut -c1-120)] not kept"
  done
}
run_canbao --db "$db" export upstream --encoding utf-8 -o "$SCRATCH/up-export.csv"
expect_eq "export upstream" 0 "$STATUS"
has_bytes "export upstream" "$SCRATCH/up-export.csv" "恶意${OSC}名" "善${ZW}名" \
  "${RLO}地址${LRI}" "${RED}说明${C1CSI}" "$CLR" ",$LONG," "镇${C1CSI}" "恶村${CLR}" "${NEL}${RLO}x" "$OSC"
run_canbao --db "$db" export records --form registration -o "$SCRATCH/records-export.csv"
expect_eq "export records" 0 "$STATUS"
has_bytes "export records" "$SCRATCH/records-export.csv" "录${RLO}入" "单位${LRI}" "${RLO}门牌${ZW}" "${ZW}芳"
run_canbao --db "$db" export sheet --village 团山湖村 --format csv -o "$SCRATCH/sheet.csv"
expect_eq "export sheet (CSV)" 0 "$STATUS"
iconv -f GB18030 -t UTF-8 "$SCRATCH/sheet.csv" >"$SCRATCH/sheet-utf8.csv" || fail "the sheet CSV is not GB18030"
has_bytes "export sheet (CSV)" "$SCRATCH/sheet-utf8.csv" "录${RLO}入" "${ZW}芳" "恶意${OSC}名" "$LONG"

# ---- the command line, on a pipe and on a terminal -------------------------
for id in $ID_OSC $ID_LONG $ID_C1 $ID_KEYED1 $ID_KEYED2; do
  run_canbao --db "$db" show "$id"
  expect_eq "show $id" 0 "$STATUS"
  printf '%s' "$OUT" >"$SCRATCH/show.out"
  no_raw "show $id on a pipe" "$SCRATCH/show.out"
  script -q -e -c "'$CANBAO' --db '$db' show $id" "$SCRATCH/show.tty" >/dev/null </dev/null ||
    fail "show $id on a terminal (script)"
  no_raw "show $id on a terminal" "$SCRATCH/show.tty"
done
expect_contains "show: the OSC made visible" "恶意^[]0;pwned^G名" "$(LC_ALL=C.UTF-8 "$CANBAO" --db "$db" show $ID_OSC)"
expect_contains "show: the bidi override made visible" "<U+202E>rlo" "$(LC_ALL=C.UTF-8 "$CANBAO" --db "$db" show $ID_KEYED1)"
run_canbao --db "$db" stats
expect_eq "stats" 0 "$STATUS"
printf '%s' "$OUT" >"$SCRATCH/stats.out"
no_raw "stats on a pipe" "$SCRATCH/stats.out"
script -q -e -c "'$CANBAO' --db '$db' stats" "$SCRATCH/stats.tty" >/dev/null </dev/null ||
  fail "stats on a terminal (script)"
no_raw "stats on a terminal" "$SCRATCH/stats.tty"
run_canbao --db "$db" export sheet --village 团山湖村 -o "$SCRATCH/sheet.txt"
iconv -f GB18030 -t UTF-8 "$SCRATCH/sheet.txt" >"$SCRATCH/sheet-utf8.txt" || fail "the text sheet is not GB18030"
no_raw "the text sheet (for the printer)" "$SCRATCH/sheet-utf8.txt"

# ---- every screen ------------------------------------------------------------
# layout WHAT TITLE KEYS: the screen is 24 lines, TITLE is on the first,
# KEYS at the bottom (the last line, or the one above the form's status
# line), no line is wider than 80 columns, and nothing is in colour
# (canbao uses none: red would be the injected SGR).
layout() {
  tmux_screen >"$SCRATCH/screen"
  _screen=$(cat "$SCRATCH/screen")
  expect_eq "$1: lines" 24 "$(wc -l <"$SCRATCH/screen")"
  expect_contains "$1: title line" "$2" "$(head -n 1 "$SCRATCH/screen")"
  expect_contains "$1: key line" "$3" "$(tail -n 2 "$SCRATCH/screen")"
  _wide=$(LC_ALL=C.UTF-8 wc -L <"$SCRATCH/screen")
  [ "$_wide" -le 80 ] || fail "$1: a line $_wide columns wide:
$_screen"
  expect_not_contains "$1: no colour" "${ESC}[31m" "$(tmux_cmd capture-pane -e -p -t "$TMUX_TARGET")"
}

# wait_either A B: until A or B is on the screen; which one in $SEEN.
wait_either() {
  _n=100
  while [ "$_n" -gt 0 ]; do
    case "$(tmux_screen)" in
      *"$1"*) SEEN=$1; return 0 ;;
      *"$2"*) SEEN=$2; return 0 ;;
    esac
    sleep 0.1
    _n=$((_n - 1))
  done
  fail "waited for [$1] or [$2]; the screen shows:
$(tmux_screen)"
}

# open_form WHAT: Enter on the list's row opens the person's form; one
# known only from upstream is asked which form to key (2: 全民参保登记表,
# filled in from upstream).  F10 then goes back, dropping that.
open_form() {
  tmux_keys Enter
  wait_either "【登记地点】" "用哪张表"
  if [ "$SEEN" != "【登记地点】" ]; then
    tmux_keys 2
    tmux_wait_for "【登记地点】"
  fi
  layout "$1" "全民参保登记表" "F2"
  tmux_keys F10
  wait_either "(y/n)" "找到"
  [ "$SEEN" = "找到" ] || tmux_keys y
}

tmux_start zh_CN.UTF-8 xterm "'$CANBAO' --db '$db'"
tmux_cmd pipe-pane -o -t canbao "cat >>'$SCRATCH/raw'"
tmux_wait_for "全民参保登记表"
layout "main" "全民参保登记" "F10/q"

# The search list, and each person's form from it.
tmux_keys s
tmux_wait_for "查找"
tmux_keys '团山湖村' Enter
tmux_wait_for "找到 4 条"
layout "search list" "查找和修改" "Enter"
expect_contains "search list: the bidi override shown" "<U+202E>" "$(tmux_screen)"
expect_eq "search list: one line per person" 4 "$(tmux_screen | grep -c '^[> ] 4301')"
i=0
while [ "$i" -lt 4 ]; do
  open_form "form $((i + 1)) of the search list"
  tmux_wait_for "找到 4 条"
  tmux_keys Down
  i=$((i + 1))
done
tmux_keys F10
tmux_wait_for "查找和修改"

# The review list: the other clerk's forms.
tmux_keys v
tmux_wait_for "找到"
layout "review list" "复核" "Enter"
if [ -n "$reviewer" ]; then
  tmux_wait_for "找到 2 条"
  expect_contains "review list: the keyed name shown" "录<U+202E>" "$(tmux_screen)"
  tmux_keys Enter
  tmux_wait_for "【登记地点】"
  layout "a form in review" "全民参保登记表" "F3"
  tmux_keys F10
  tmux_wait_for "找到 2 条"
else
  echo "review list: no test clerks on this machine, so it is empty (run .ci/setup as root)"
fi
tmux_keys F10
tmux_wait_for "查找和修改"

# The reconciliation list and each person in it.
tmux_keys r
tmux_wait_for "已处理"
layout "reconciliation list" "比对名单核实" "F10"
expect_contains "reconciliation list: the village made visible" "恶村^[[2Jclr" "$(tmux_screen)"
i=0
while [ "$i" -lt 3 ]; do
  tmux_keys Enter
  tmux_wait_for "核实结果"
  layout "person $((i + 1)) of the reconciliation list" "核实" "F10"
  tmux_keys F10
  tmux_wait_for "已处理"
  tmux_keys Down
  i=$((i + 1))
done
tmux_keys F10
tmux_wait_for "查找和修改"

# The 核对表, and its columns: every person's ID at the same column.
tmux_keys k
tmux_wait_for "村"
tmux_keys '团山湖村' Enter
tmux_wait_for "镇（街道）：乌山街道"
layout "核对表" "核对表" "PgUp/PgDn"
columns=$(tmux_screen | grep -E '^ +[0-9]+ ' | while IFS= read -r line; do
  before=${line%%4301*}
  printf '%s\n' "$before" | LC_ALL=C.UTF-8 wc -L
done | sort -u)
expect_eq "核对表: the IDs in one column" 1 "$(printf '%s\n' "$columns" | grep -c .)"
tmux_keys Right
sleep 0.3
layout "核对表, scrolled right" "核对表" "PgUp/PgDn"
tmux_keys q
tmux_wait_for "查找和修改"

# The statistics.
tmux_keys t
tmux_wait_for "合计"
layout "statistics" "统计分析" "PgUp/PgDn"
expect_contains "statistics: the township made visible" "镇<U+009B>2Jcsi" "$(tmux_screen)"
tmux_keys q
tmux_wait_for "查找和修改"
expect_not_contains "the window title" "pwned" "$(tmux_cmd display -p -t canbao '#{pane_title}')"
tmux_keys q
tmux_wait_exit
expect_eq "exit" 0 "$STATUS"
tmux_cmd pipe-pane -t canbao
[ -s "$SCRATCH/raw" ] || fail "pipe-pane recorded nothing"
no_raw "the screens" "$SCRATCH/raw"
echo "$(wc -c <"$SCRATCH/raw") bytes written to the terminal over 15 screens: none of the injected sequences"
exit 0
