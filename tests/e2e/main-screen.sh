# The main screen in a real terminal (tmux, 80x24), in both charsets:
# it opens the database, shows what it holds, redraws on resize, and
# leaves on q, F10 and Ctrl-C (after asking).
. "$top_srcdir/tests/lib.sh"

for locale in zh_CN.UTF-8 zh_CN.GB18030; do
  db="$SCRATCH/db-$locale"

  tmux_start "$locale" xterm "'$CANBAO' --db '$db'"
  tmux_wait_for "全民参保登记"
  screen=$(tmux_screen)
  expect_contains "$locale: database shown" "$db" "$screen"
  expect_contains "$locale: people count" "登记人数" "$screen"
  expect_contains "$locale: reviewed count" "已复核" "$screen"
  expect_contains "$locale: key line" "F10/q 退出" "$(tmux_screen | tail -n 1)"

  # Help, then any key goes back.
  tmux_keys F1
  tmux_wait_for "Ctrl-G"
  tmux_keys Space
  tmux_wait_for "登记人数"

  # A larger terminal is redrawn to its new size.
  tmux_cmd resize-window -t canbao -x 100 -y 30
  tmux_wait_for "登记人数"
  lines=$(tmux_screen | wc -l)
  expect_eq "$locale: 30 lines after resize" 30 "$lines"
  expect_contains "$locale: status line at the new bottom" "F10/q" "$(tmux_screen | tail -n 1)"
  # Too small: says so instead of drawing a broken screen.
  tmux_cmd resize-window -t canbao -x 60 -y 20
  tmux_wait_for "80x24"
  tmux_cmd resize-window -t canbao -x 80 -y 24
  tmux_wait_for "登记人数"

  # Ctrl-C asks; n stays, y leaves.
  tmux_keys C-c
  tmux_wait_for "(y/n)"
  tmux_keys n
  sleep 0.3
  expect_not_contains "$locale: still running after n" "(y/n)" "$(tmux_screen)"
  tmux_keys C-c
  tmux_wait_for "(y/n)"
  tmux_keys y
  tmux_wait_exit
  expect_eq "$locale: exit status after Ctrl-C y" 0 "$STATUS"
  tmux_cmd kill-server

  # F10 and q each leave at once.
  for key in F10 q C-x; do
    tmux_start "$locale" xterm "'$CANBAO' --db '$db'"
    tmux_wait_for "登记人数"
    tmux_keys "$key"
    tmux_wait_exit
    expect_eq "$locale: exit status after $key" 0 "$STATUS"
    tmux_cmd kill-server
  done

  # The database it made is not readable by others.
  others=$(find "$db" -perm /o=rwx | head -n 3)
  expect_eq "$locale: nothing readable by others" "" "$others"
done
exit 0
