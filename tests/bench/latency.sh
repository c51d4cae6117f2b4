# tests/bench/latency.sh — how long a clerk waits: from a key to a quiet
# screen over 1,000 keys typed into a form, and from starting canbao to
# its main screen, with the large database; `dialog --form` beside it.
#
# The keys are ten letters and ten Backspaces, fifty times over, into the
# form's first field, each typed once the screen is quiet again; every
# one of them changes the field, so every one must draw.  A key's time
# runs from writing it to the LAST byte of its answer, the answer being
# what came from its first byte on until 30 ms of silence: the silence is
# not counted, only used to know that the answer is complete, and an
# answer slower than 30 ms to start is still waited for (ptyrec.c).
# Start-up runs from the fork to the last byte of the first full screen
# (canbao: its status line, drawn last); the median of five starts.
. "$top_srcdir/tests/bench/tty-lib"

db=$BENCH_DB_LARGE
N=$(large_label)
KEYS="a b c d e f g h i j"
for _k in 1 2 3 4 5 6 7 8 9 10; do KEYS="$KEYS $K_BS"; done

canbao_tidy "$db"
note "canbao: 1000 keys into a form ($N people)"
cat >"$WORK/canbao-keys.script" <<EOF
start main $MAIN_MARK
step open $REGISTRATION_KEY $FORM_MARK
keys typing 1000 $KEYS
send \\e
send y
send q
end exit
EOF
drive canbao-keys 30 "$WORK/canbao-keys.script" "$CANBAO" --db "$db"

note "dialog --form: the same keys"
cat >"$WORK/dialog-keys.script" <<EOF
start open
keys typing 1000 $KEYS
send \\r
end exit
EOF
dialog_tty dialog-keys 30 "$WORK/dialog-keys.script"

note "start-up, five times each"
cat >"$WORK/canbao-start.script" <<EOF
start main $MAIN_MARK
send q
end exit
EOF
cat >"$WORK/dialog-start.script" <<EOF
start open
send \\r
end exit
EOF
canbao_starts="" dialog_starts=""
for _run in 1 2 3 4 5; do
  drive canbao-start 200 "$WORK/canbao-start.script" "$CANBAO" --db "$db"
  canbao_starts="$canbao_starts $(result canbao-start STEP main 4)"
  dialog_tty dialog-start 200 "$WORK/dialog-start.script"
  dialog_starts="$dialog_starts $(result dialog-start STEP open 4)"
done

row "key to quiet screen, median of 1000, $N people" \
  "$(us_to_ms "$(result canbao-keys KEYS typing 4)")" "dialog --form" \
  "$(us_to_ms "$(result dialog-keys KEYS typing 4)")" ms -
row "key to quiet screen, 99th percentile of 1000, $N people" \
  "$(us_to_ms "$(result canbao-keys KEYS typing 5)")" "dialog --form" \
  "$(us_to_ms "$(result dialog-keys KEYS typing 5)")" ms -
# shellcheck disable=SC2086
row "start to first screen, median of 5, $N people" \
  "$(us_to_ms "$(median $canbao_starts)")" "dialog --form" \
  "$(us_to_ms "$(median $dialog_starts)")" ms -
