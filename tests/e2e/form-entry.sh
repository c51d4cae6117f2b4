# Keying whole paper forms with the keyboard alone, in a real terminal
# (tmux, 80x24): the 全民参保登记表 under both charsets and under TERM xterm
# (function keys) and putty (whose function keys differ: the control-key
# twins), and the Hunan form; each stored record is then read back
# through `canbao show`.  Also: a resize in the middle of a form, a save
# with problems refused and listed, and Esc asking before it drops work.
. "$top_srcdir/tests/lib.sh"

ID1=430122199001011233        # 男, 1990-01-01, 湖南省长沙市望城县
ID2=430122198502024521        # 女

# key_registration SAVE_KEY: the whole of a filled-in 全民参保登记表.
key_registration() {
  tmux_keys '长沙市' Enter '望城区' Enter '乌山街道' Enter '团山湖村' Enter
  tmux_keys '张三' Enter 1 Enter 01 Enter 'P0001' Enter
  # The ID moves on by itself after its 18th character.
  tmux_keys "$ID1"
  tmux_wait_for "$ID1"
  # 已单位就业, then the unit's name; 1 alone could still become 10 or 11,
  # so Enter takes 企业.
  tmux_keys 1 Enter '长沙某某机械有限公司' Enter 1 Enter 6 Enter
  # 户口所在地 came from the ID: Enter keeps each part.
  tmux_keys Enter Enter Enter
  tmux_keys '湖南省' Enter '长沙市' Enter '望城区' Enter '乌山街道' Enter '团山湖村' Enter '团山路1号' Enter
  tmux_keys 13800138000
  tmux_keys 1 Enter 1 Enter 1 Enter 1 Enter 1 Enter
  tmux_keys "$1"
}

# The name canbao signs with for this login: the GECOS name, else the login.
SIGNER=$(getent passwd "$(id -u)" | cut -d: -f5 | cut -d, -f1)
[ -n "$SIGNER" ] || SIGNER=$(id -un)

# The stored record, through `canbao export records`: the whole row.
check_registration() {
  LANG=C.UTF-8 LC_ALL=C.UTF-8 run_canbao --db "$db" export records --form registration
  expect_eq "$1: export exit" 0 "$STATUS"
  row=$(printf '%s\n' "$OUT" | tr -d '\r' | sed -n 2p)
  expect_eq "$1: stored form" \
"长沙市,望城区,乌山街道,团山湖村,张三,男,汉族,P0001,$ID1,已单位就业,长沙某某机械有限公司,,企业,工人,湖南省,长沙市,望城县,湖南省,长沙市,望城区,乌山街道,团山湖村,团山路1号,13800138000,城镇职工基本养老保险,城镇职工基本医疗保险,失业保险,工伤保险,生育保险,,$SIGNER,,keyed" \
    "$row"
  expect_eq "$1: one record" 2 "$(printf '%s\n' "$OUT" | wc -l)"
}

for combo in zh_CN.UTF-8:xterm zh_CN.GB18030:putty zh_CN.UTF-8:putty zh_CN.GB18030:xterm; do
  locale=${combo%%:*} term=${combo#*:}
  db="$SCRATCH/db-$locale-$term"
  if [ "$term" = xterm ]; then save=F2 help=F1; else save=C-s help=C-g; fi

  tmux_start "$locale" "$term" "'$CANBAO' --db '$db'"
  tmux_wait_for "全民参保登记表"
  tmux_keys 2
  tmux_wait_for "【登记地点】"
  # The title's status is a translated message in the terminal's charset.
  expect_contains "$combo: title says new" "新表" "$(tmux_screen | head -n 1)"
  key_registration "$save"
  # Saved: a fresh blank form for the next paper in the stack.
  tmux_wait_for "$ID1"   # the status line names the saved ID
  screen=$(tmux_screen)
  expect_contains "$combo: blank form after save" "________市" "$screen"
  tmux_keys F10
  tmux_wait_for "全民参保登记表"
  tmux_keys q
  tmux_wait_exit
  expect_eq "$combo: exit status" 0 "$STATUS"
  check_registration "$combo"
done

# ---- the Hunan form, and what the screen refuses -----------------------
locale=zh_CN.GB18030
db="$SCRATCH/db-hunan"
tmux_start "$locale" xterm "'$CANBAO' --db '$db'"
tmux_wait_for "湖南省未参加社会保险人员登记表"
tmux_keys 1
tmux_wait_for "【个人信息】"

# A save with nothing keyed is refused, listing the problems; nothing is
# stored.
tmux_keys F2
tmux_wait_for " / "          # the list's page counter: "1-4 / 4"
screen=$(tmux_screen)
expect_contains "hunan: problem list names the ID" "身份证号码" "$screen"
tmux_escape
tmux_wait_for "【个人信息】"

tmux_keys '李四' Enter "$ID2"
tmux_keys 1 Enter 1 Enter '长沙某厂' Enter
tmux_keys Enter Enter Enter
tmux_keys '湖南省' Enter '长沙市' Enter '望城区' Enter '乌山街道' Enter '团山湖村' Enter '团山路2号' Enter
tmux_keys '湖南省' Enter '长沙市' Enter '岳麓区' Enter '岳麓街道' Enter '桃子湖社区' Enter
# 未参保原因 1; bank 1 waits (10 长沙银行 is printed too), 0 takes 10.
tmux_keys 1 Enter 1 0 Enter
# A resize in the middle of the form redraws it at the new size.
tmux_cmd resize-window -t canbao -x 100 -y 30
sleep 0.3
tmux_wait_for "长沙银行"
expect_eq "hunan: 30 lines after resize" 30 "$(tmux_screen | wc -l)"
tmux_cmd resize-window -t canbao -x 80 -y 24
tmux_keys '李四' Enter '2026-11-20' Enter 13900139000 Enter
tmux_keys Enter Enter Enter Enter Enter
tmux_keys 2 Enter '湖南省' Enter '长沙市' Enter '望城区' Enter '乌山街道' Enter '团山湖村' Enter
tmux_keys F2
tmux_wait_for "$ID2"
# Esc on a blank form leaves at once; on a changed one it asks first.
tmux_keys '王' Escape
tmux_wait_for "(y/n)"
tmux_keys y
tmux_wait_for "湖南省未参加社会保险人员登记表"
tmux_keys q
tmux_wait_exit

LANG=C.UTF-8 LC_ALL=C.UTF-8 run_canbao --db "$db" export records --form hunan-uninsured
expect_eq "hunan: export exit" 0 "$STATUS"
header=$(printf '%s\n' "$OUT" | tr -d '\r' | sed -n 1p)
row=$(printf '%s\n' "$OUT" | tr -d '\r' | sed -n 2p)
# Pair each column's label with its value, to compare field by field.
pairs=$(printf '%s\n%s\n' "$header" "$row" | awk -F, 'NR==1{for(i=1;i<=NF;i++)h[i]=$i} NR==2{for(i=1;i<=NF;i++)print h[i]"="$i}')
for want in '姓名=李四' "身份证号码=$ID2" '就业状态=已就业' '省内/省外=省内' \
    '工作单位名称=长沙某厂' '户口所在地省（自治区、直辖市）=湖南省' \
    '未参保原因=个人未参保' '社保卡服务银行选择=长沙银行' '本人签名=李四' \
    '本人签名日期=2026-11-20' '联系电话=13900139000' '登记单位=村（社区）' \
    "经办人签名=$SIGNER" '状态=keyed'; do
  expect_contains "hunan: stored $want" "$want" "$pairs"
done
exit 0
