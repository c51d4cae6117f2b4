# A GBK terminal cannot show every name: 𠮷 and 䶮 are not in GBK.  The
# form shows a placeholder in their place, and saving another field
# leaves the stored name exactly as it was.
. "$top_srcdir/tests/lib.sh"

ID=430122199001011233
db="$SCRATCH/db"
csv="$SCRATCH/people.csv"

# One keyed form, brought in as a village's spreadsheet would be.
LANG=C.UTF-8 LC_ALL=C.UTF-8 run_canbao --db "$db" export records --form registration
expect_eq "empty export" 0 "$STATUS"
{
  printf '%s\n' "$OUT" | tr -d '\r' | sed -n 1p
  echo "长沙市,望城区,乌山街道,团山湖村,𠮷䶮,男,汉族,,$ID,无单位,,未就业,,农民,湖南省,长沙市,望城县,湖南省,长沙市,望城区,乌山街道,团山湖村,团山路5号,13800138000,城乡居民基本养老保险（含城居保和新农保）,,,,,,王芳,,"
} >"$csv"
LANG=C.UTF-8 LC_ALL=C.UTF-8 run_canbao --db "$db" import records --form registration "$csv"
expect_eq "import exit" 0 "$STATUS"

tmux_start zh_CN.GBK xterm "'$CANBAO' --db '$db'"
tmux_wait_for "全民参保登记表"
tmux_keys s
tmux_wait_for "查找"
tmux_keys "$ID" Enter
tmux_wait_for "找到 1 条"
screen=$(tmux_screen)
expect_not_contains "list: no raw 𠮷" "𠮷" "$screen"
tmux_keys Enter
tmux_wait_for "【登记地点】"
line=$(tmux_screen | grep '姓名：')
# Each of the two characters is drawn as one placeholder two columns wide.
expect_contains "form: placeholders for the name" "姓名：〓〓" "$line"
# Through the name field (its editor holds the name) down to the mobile,
# which changes; then save.
i=0; while [ $i -lt 22 ]; do tmux_keys Tab; i=$((i + 1)); done
tmux_keys C-u 13911112222 F2
tmux_wait_for "已保存"
tmux_keys F10 F10
tmux_wait_for "查找和修改"
tmux_keys q
tmux_wait_exit
expect_eq "exit status" 0 "$STATUS"

LANG=C.UTF-8 LC_ALL=C.UTF-8 run_canbao --db "$db" export records --form registration
row=$(printf '%s\n' "$OUT" | tr -d '\r' | sed -n 2p)
expect_contains "name intact" ",𠮷䶮,男," "$row"
expect_contains "mobile changed" ",13911112222," "$row"
exit 0
