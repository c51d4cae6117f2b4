# tests/bench/wire.sh — bytes on the wire: what canbao writes to the
# terminal per step of keying a paper form, beside `dialog --form` doing
# the same steps.  Over a slow SSH link from a county server these bytes
# are the clerk's wait.
#
# Steps: open a blank form (canbao: its key on the main screen; dialog:
# its start, the whole first screen), type one ASCII character, type one
# CJK character (王, three bytes of UTF-8), move to the next field (canbao:
# Tab; dialog: Down, as Tab there goes to the buttons) and save (canbao:
# F2 on a filled-in form, which answers with the next blank form; dialog:
# Enter on OK, which ends it).  Each step lasts until the output has been
# quiet for 200 ms; the bytes are everything written meanwhile.
. "$top_srcdir/tests/bench/tty-lib"

db=$BENCH_DB_SMALL
canbao_tidy "$db"
id=$(new_id "$db")
note "canbao keys a form into $db (adding $id)"
{
  cat <<EOF
start main $MAIN_MARK
step open $REGISTRATION_KEY $FORM_MARK
step ascii a
step cjk 王
step next \\t
EOF
  registration_rest "$id"
  cat <<EOF
step save $K_F2 $id
send $K_F10 $MAIN_MARK
send q
end exit
EOF
} >"$WORK/canbao.script"
drive canbao 200 "$WORK/canbao.script" "$CANBAO" --db "$db"
"$CANBAO" --db "$db" show "$id" >/dev/null 2>&1 ||
  bench_fail "canbao did not save $id; see $WORK/canbao.log"

note "dialog --form, the same steps"
cat >"$WORK/dialog.script" <<EOF
start open
step ascii a
step cjk 王
step next $K_DOWN
step ok \\r
end exit
EOF
dialog_tty dialog 200 "$WORK/dialog.script"

bytes() { result "$1" STEP "$2" 3; }
row "bytes: open a blank form (dialog: its start)" \
  "$(bytes canbao open)" "dialog --form" "$(bytes dialog open)" \
  bytes -
row "bytes: type an ASCII character" "$(bytes canbao ascii)" \
  "dialog --form" "$(bytes dialog ascii)" bytes "≈ 1 byte, the character"
row "bytes: type a CJK character (王)" "$(bytes canbao cjk)" \
  "dialog --form" "$(bytes dialog cjk)" bytes "≈ 3 bytes, the character"
row "bytes: next field (dialog: Down)" "$(bytes canbao next)" \
  "dialog --form" "$(bytes dialog next)" bytes "a cursor move"
row "bytes: save, next blank form (dialog: OK, exit)" "$(bytes canbao save)" \
  "dialog --form" "$(bytes dialog ok)" bytes -
