# The reconciliation walk-through in a real terminal, in both charsets:
# import an upstream round, work through people of several result codes
# (02 性别不一致 corrected from 公安, 05 confirmed, 12 无法核实 with a
# reason offered by number, 20 an invalid ID given the right one), and
# check what the feedback file then says, and that a second export has
# nothing new.
. "$top_srcdir/tests/lib.sh"

SAMPLES="$top_srcdir/tests/upstream-samples"
BAD_ID=430103201505113460      # 严敏, code 20: wrong check digit
GOOD_ID=430103201505113488

for locale in zh_CN.UTF-8 zh_CN.GB18030; do
  db="$SCRATCH/db-$locale"
  run_canbao --db "$db" import upstream "$SAMPLES/round1-gb18030.csv" "$SAMPLES/invalid-id.csv"
  expect_eq "$locale: import" 0 "$STATUS"

  tmux_start "$locale" xterm "'$CANBAO' --db '$db'"
  tmux_wait_for "全民参保登记表"
  tmux_keys r
  tmux_wait_for "0 / 84"
  # The first in the queue: 胡斌, 02.  Enter opens him on the first field
  # that disagrees (性别); g takes 公安's value; 2 is 已更正.
  tmux_keys Enter
  tmux_wait_for "02 性别不一致"
  tmux_keys g 2 F2
  tmux_wait_for "已记录"
  tmux_wait_for "=男"
  # Next unresolved: 魏杰, 05: confirmed as upstream has it.
  tmux_keys n
  tmux_wait_for "05 户口所在地不一致"
  tmux_keys 1 F2
  tmux_wait_for "已记录"
  tmux_wait_for "已核实无误"
  # 孙岚静, 12: cannot be verified; reason 10 of the form's list.
  tmux_keys n
  tmux_wait_for "12 重复参保"
  tmux_keys 3
  tmux_wait_for "人户分离"          # the reasons are listed by number
  tmux_keys 10 Enter F2
  tmux_wait_for "已记录"
  expect_contains "$locale: reason recorded" "人户分离，联系不上" "$(tmux_screen)"
  tmux_keys F10
  tmux_wait_for "3 / 84"
  # The state filter: 无法核实 shows just her.
  tmux_keys f f f f
  tmux_wait_for "孙岚静"
  expect_not_contains "$locale: filter hides the others" "胡斌" "$(tmux_screen)"
  tmux_keys f
  tmux_wait_for "胡斌"
  # Down to 严敏 under the invalid ID (the 7th row) and give the right ID.
  tmux_keys Down Down Down Down Down Down Enter
  tmux_wait_for "20 身份证号码无效"
  expect_contains "$locale: the invalid ID's person" "$BAD_ID" "$(tmux_screen | head -n 1)"
  tmux_keys i
  tmux_wait_for "正确的身份证号码"
  tmux_keys "$GOOD_ID" Enter F2
  tmux_wait_for "已记录"
  tmux_wait_for "上级报送的身份证号码为 $BAD_ID"
  expect_contains "$locale: moved to the right ID" "$GOOD_ID" "$(tmux_screen | head -n 1)"
  tmux_keys F10
  tmux_wait_for "4 / 84"
  tmux_keys F10
  tmux_wait_for "全民参保登记表"
  # The statistics screen counts what was just decided.
  tmux_keys t
  tmux_wait_for "合计"
  total=$(tmux_screen | grep '合计' | head -n 1 | tr -s ' ')
  expect_eq "$locale: stats total line" " 合计 84 0 0 80 1 2 1" "$total"
  tmux_keys q
  tmux_wait_for "全民参保登记表"
  # The 核对表 of a village, as it prints.
  tmux_keys k
  tmux_wait_for "村"
  tmux_keys '双丰村' Enter
  tmux_wait_for "镇（街道）：乌山街道"
  expect_contains "$locale: sheet lists 胡斌" "胡斌" "$(tmux_screen)"
  tmux_keys q
  tmux_wait_for "全民参保登记表"
  tmux_keys q
  tmux_wait_exit
  expect_eq "$locale: exit" 0 "$STATUS"

  LANG=C.UTF-8 LC_ALL=C.UTF-8 run_canbao --db "$db" export feedback --encoding utf-8 -o "$SCRATCH/fb.csv"
  expect_eq "$locale: feedback exit" 0 "$STATUS"
  fb=$(tr -d '\r' <"$SCRATCH/fb.csv")
  expect_eq "$locale: four people and the header" 5 "$(printf '%s\n' "$fb" | wc -l)"
  expect_contains "$locale: header" "数据来源,比对结果,比对说明,原身份证号码,核实结果,核实说明,经办人,核实日期" "$fb"
  row() { printf '%s\n' "$fb" | grep "$1"; }
  expect_contains "$locale: 胡斌 corrected to 男" ",胡斌,男," "$(row 430102198906309974)"
  expect_contains "$locale: 胡斌 result" ",入户核实,02,,,已更正," "$(row 430102198906309974)"
  expect_contains "$locale: 魏杰 confirmed" ",已核实无误," "$(row 魏杰)"
  expect_contains "$locale: 孙岚静 reason" ",无法核实,人户分离，联系不上," "$(row 孙岚静)"
  expect_contains "$locale: 严敏 under the right ID, with the old one" \
    ",$GOOD_ID,严敏," "$(row 严敏)"
  expect_contains "$locale: 严敏 original ID" ",20,,$BAD_ID,已更正," "$(row 严敏)"
  # Sent: the next feedback has nothing new.
  LANG=C.UTF-8 LC_ALL=C.UTF-8 run_canbao --db "$db" export feedback --encoding utf-8 -o "$SCRATCH/fb2.csv"
  expect_eq "$locale: second feedback is the header alone" 1 "$(wc -l <"$SCRATCH/fb2.csv")"
  # The file is GB18030 by default, and not for others to read.
  LANG=C.UTF-8 LC_ALL=C.UTF-8 run_canbao --db "$db" export feedback --all -o "$SCRATCH/fb3.csv"
  expect_eq "$locale: --all in GB18030 is the first file" "$fb" \
    "$(iconv -f GB18030 -t UTF-8 "$SCRATCH/fb3.csv" | tr -d '\r')"
  expect_eq "$locale: feedback mode" "" "$(find "$SCRATCH/fb3.csv" -perm /o=rwx)"
  # A second import of the invalid-ID file goes to the corrected person.
  LANG=C.UTF-8 LC_ALL=C.UTF-8 run_canbao --db "$db" import upstream "$SAMPLES/invalid-id.csv"
  expect_contains "$locale: re-import changes nothing" "0 imported, 3 unchanged" "$OUT"
  LANG=C.UTF-8 LC_ALL=C.UTF-8 run_canbao --db "$db" show "$BAD_ID"
  expect_eq "$locale: nobody under the invalid ID" 1 "$STATUS"
  tmux_cmd kill-server
done
exit 0
