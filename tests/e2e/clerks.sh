# Two clerks on one database, as a township's clerks share it over SSH
# (the Unix users canbao-a 王芳 and canbao-b 李强 that .ci/setup makes):
#   - a session dropped in the middle of a form (the terminal hangs up)
#     keeps what was typed as the clerk's draft, and the next start
#     offers it;
#   - a clerk may not review their own entry; another clerk may;
#   - two clerks saving the same person: the second save does not
#     overwrite the first, shows what changed, and merges on request;
#   - a clerk opening a flagged person another clerk is verifying is
#     told so first.
. "$top_srcdir/tests/lib.sh"
need_clerks
chmod 711 "$SCRATCH"
db="$SCRATCH/shared"
shared_db "$db"
ID=430122199203150012          # 男, 1992-03-15
locale=zh_CN.UTF-8

start_a() { tmux_start "$locale" xterm "$(as_clerk canbao-a "'$CANBAO' --db '$db'")"; }

field_of() {   # field_of LABEL: the value of that column in the export
  LANG=C.UTF-8 LC_ALL=C.UTF-8 run_canbao --db "$db" export records --form registration
  printf '%s\n' "$OUT" | tr -d '\r' |
    awk -F, -v want="$1" 'NR==1{for(i=1;i<=NF;i++)if($i==want)c=i} NR==2&&c{print $c}'
}

# ---- a dropped session keeps the draft ---------------------------------
start_a
tmux_wait_for "全民参保登记表"
tmux_keys 2
tmux_wait_for "【登记地点】"
tmux_keys '长沙市' Enter '望城区' Enter '乌山街道' Enter '团山湖村' Enter '王五' Enter 1 Enter 01 Enter Enter
tmux_keys "$ID"
tmux_wait_for "$ID"
# The terminal goes away: canbao gets SIGHUP with the form half keyed.
tmux_cmd kill-server
sleep 1
expect_eq "no canbao left after the hang-up" "" "$(pgrep -f "canbao --db $db" || true)"

start_a
tmux_wait_for "(y/n)"      # "You have an unsaved 全民参保登记表. Continue it?"
expect_contains "draft offered names the form" "全民参保登记表" "$(tmux_screen | tail -n 1)"
tmux_keys y
tmux_wait_for "王五"
screen=$(tmux_screen)
expect_contains "draft kept the ID" "$ID" "$screen"
expect_contains "draft kept the village" "团山湖村" "$screen"
# Finish it: 无单位 / 未就业, 农民, the ID's 户口, the home, 城乡居民 schemes.
tmux_keys 2 Enter 3 Enter Enter 7 Enter Enter Enter Enter
tmux_keys '湖南省' Enter '长沙市' Enter '望城区' Enter '乌山街道' Enter '团山湖村' Enter '团山路3号' Enter
tmux_keys 13700137000 3 Enter 2 Enter
tmux_keys F2
tmux_wait_for "$ID。"        # 已保存 ID。
tmux_keys F10
tmux_wait_for "查找和修改"
expect_not_contains "no draft offered after the save" "继续未保存" "$(tmux_screen)"
expect_eq "saved by A" "王芳" "$(field_of 经办人签名)"
expect_eq "status keyed" "keyed" "$(field_of 状态)"

# ---- review: not one's own entry ---------------------------------------
open_person() {   # on the main screen: find the person and open the form
  tmux_keys s
  tmux_wait_for "查找"
  tmux_keys "$ID" Enter
  tmux_wait_for "找到 1 条"
  tmux_keys Enter
  tmux_wait_for "【登记地点】"
}
open_person
tmux_keys F3
tmux_wait_for "须由其他经办人复核"
tmux_keys F10 F10
tmux_wait_for "查找和修改"
expect_eq "A could not review" "keyed" "$(field_of 状态)"

TMUX_TARGET=b
tmux_add b "$locale" xterm "$(as_clerk canbao-b "'$CANBAO' --db '$db'")"
tmux_wait_for "查找和修改"
tmux_keys v
tmux_wait_for "找到 1 条"
tmux_keys Enter
tmux_wait_for "王五"
tmux_keys F3
tmux_wait_for "(y/n)"
tmux_keys y
tmux_wait_for "已复核 $ID"
expect_eq "B reviewed" "reviewed" "$(field_of 状态)"
expect_eq "B signed" "李强" "$(field_of 复核人签名)"

# ---- two clerks save the same person -----------------------------------
# Both open the record; A changes the mobile and saves first.
TMUX_TARGET=b
tmux_keys F10 F10
tmux_wait_for "查找和修改"
open_person
TMUX_TARGET=canbao
open_person
# 22 fields from 市 down to 手机 for a person with 无单位.
i=0; while [ $i -lt 22 ]; do tmux_keys Tab; i=$((i + 1)); done
tmux_keys C-u 13911112222 F2
tmux_wait_for "已保存"
expect_eq "A's mobile saved" 13911112222 "$(field_of '手机（联系电话）')"

# B changes the street on the copy it opened before A's save.
TMUX_TARGET=b
i=0; while [ $i -lt 21 ]; do tmux_keys Tab; i=$((i + 1)); done
tmux_keys C-u '团山路8号' F2
tmux_wait_for "其间已有他人保存此人"
screen=$(tmux_screen)
expect_contains "conflict names who saved" "canbao-a" "$screen"
expect_contains "conflict shows A's change" "13911112222" "$screen"
expect_eq "B's save did not overwrite" 团山路3号 "$(field_of '（街/路/巷/门牌号）')"
tmux_keys m
tmux_wait_for "已保存"
expect_eq "merged: B's street" 团山路8号 "$(field_of '（街/路/巷/门牌号）')"
expect_eq "merged: A's mobile kept" 13911112222 "$(field_of '手机（联系电话）')"
# What was reviewed has changed: the review no longer holds.
expect_eq "changed after review: keyed again" keyed "$(field_of 状态)"
expect_eq "reviewer signature dropped" "" "$(field_of 复核人签名)"

# ---- two clerks open the same flagged person ------------------------
eval "$(as_clerk canbao-a "'$CANBAO' --db '$db' import upstream '$top_srcdir/tests/upstream-samples/invalid-id.csv'")" >/dev/null ||
  fail "import as canbao-a"
TMUX_TARGET=canbao
tmux_keys F10 F10
tmux_wait_for "查找和修改"
tmux_keys r
tmux_wait_for "已处理"
tmux_keys Enter
tmux_wait_for "20 身份证号码无效"
TMUX_TARGET=b
tmux_keys F10 F10
tmux_wait_for "查找和修改"
tmux_keys r
tmux_wait_for "已处理"
tmux_keys Enter
tmux_wait_for "(y/n)"
expect_contains "B is told A has the person" "王芳 正在处理此人" "$(tmux_screen | tail -n 1)"
tmux_keys n
tmux_wait_for "已处理"
expect_not_contains "B stayed on the queue" "20 身份证号码无效" "$(tmux_screen)"

# Every change says who made it.
LANG=C.UTF-8 LC_ALL=C.UTF-8 run_canbao --db "$db" show "$ID"
expect_contains "history: A's save" "canbao-a (王芳) save mobile" "$OUT"
expect_contains "history: B's review" "canbao-b (李强) review" "$OUT"
expect_contains "history: B's save" "canbao-b (李强) save home_street" "$OUT"
exit 0
