# tests/bench/memory.sh — what a clerk's session costs in memory, with the
# small and the large database, beside `dialog --form` and htop measured
# the same way.
#
# canbao's session: open the database, search a name prefix (s, 王),
# open a blank 全民参保登记表, key it whole and save it (F2), then leave.
# dialog's: fill its form's first fields and press OK.  htop's: start and
# redraw once.
#
#   peak RSS       the most resident memory the session had (VmHWM of
#                  /proc/PID/status at its end, before it leaves).
#                  Berkeley DB's cache and locks live in __db.00x files
#                  that every clerk's process maps shared, so this counts
#                  the pages of the shared cache this session touched;
#                  a row says how much of it they were.
#   further clerk  what one more clerk costs while another is working:
#                  the second of two concurrent sessions, measured from
#                  /proc/PID/smaps_rollup at its end (the first still
#                  running): USS, the pages no other process maps
#                  (Private_Clean + Private_Dirty), and of those the
#                  anonymous ones (heap, stack: what the process itself
#                  allocated); PSS besides, which shares every shared page
#                  out among the processes that map it.
. "$top_srcdir/tests/bench/tty-lib"

N=$(large_label)

# canbao_session NAME DB ID [HOLD]: the session, with its memory taken
# after the save; with HOLD (a file name), it touches HOLD.ready there
# and waits for HOLD.go before leaving.
canbao_session() {
  {
    cat <<EOF
start main $MAIN_MARK
send s
send 王\\r
send \\e $MAIN_MARK
send $REGISTRATION_KEY $FORM_MARK
send 长沙市\\r
EOF
    registration_rest "$3"
    cat <<EOF
send $K_F2 $3
mem session /__db.
EOF
    [ -z "${4:-}" ] || printf 'touch %s.ready\nwaitfile %s.go\n' "$4" "$4"
    cat <<EOF
send $K_F10 $MAIN_MARK
send q
end exit
EOF
  } >"$WORK/$1.script"
  drive "$1" 200 "$WORK/$1.script" "$CANBAO" --db "$2"
}

dialog_session() {
  {
    cat <<EOF
start open
send 长沙市$K_DOWN望城区$K_DOWN乌山街道$K_DOWN团山湖村$K_DOWN张三$K_DOWN
mem session
EOF
    [ -z "${2:-}" ] || printf 'touch %s.ready\nwaitfile %s.go\n' "$2" "$2"
    printf 'send \\r\nend exit\n'
  } >"$WORK/$1.script"
  dialog_tty "$1" 200 "$WORK/$1.script"
}

# htop keeps its settings under HOME: a scratch one.
htop_session() {
  command -v htop >/dev/null || bench_fail "htop is missing (sh .ci/bench-setup)"
  {
    printf 'start open\nsleep 2000\nmem session\n'
    [ -z "${2:-}" ] || printf 'touch %s.ready\nwaitfile %s.go\n' "$2" "$2"
    printf 'send q\nend exit\n'
  } >"$WORK/$1.script"
  mkdir -p "$WORK/htop-home"
  HOME=$WORK/htop-home XDG_CONFIG_HOME=$WORK/htop-home \
    drive "$1" 200 "$WORK/$1.script" htop
}

# concurrently KIND ARGS...: two sessions of KIND (canbao, dialog, htop);
# the second runs whole while the first waits at its end.  The second's
# results are in $WORK/KIND-2nd.out.
concurrently() {
  _kind=$1
  shift
  _hold=$WORK/$_kind-hold
  rm -f "$_hold.ready" "$_hold.go"
  case $_kind in
    canbao) canbao_session canbao-1st "$1" "$2" "$_hold" & ;;
    *) "${_kind}_session" "$_kind-1st" "$_hold" & ;;
  esac
  _first=$!
  _n=0
  until [ -e "$_hold.ready" ]; do
    kill -0 "$_first" 2>/dev/null || bench_fail "$_kind: the first session ended early"
    _n=$((_n + 1))
    [ "$_n" -lt 1200 ] || bench_fail "$_kind: the first session never got ready"
    sleep 0.1
  done
  case $_kind in
    canbao) canbao_session canbao-2nd "$1" "$3" ;;
    *) "${_kind}_session" "$_kind-2nd" ;;
  esac
  touch "$_hold.go"
  wait "$_first" || bench_fail "$_kind: the first session failed"
  rm -f "$_hold.ready" "$_hold.go"
}
# A failure must not leave a first session waiting for its go.
trap 'for f in "$WORK"/*-hold.ready; do [ -e "$f" ] && touch "${f%.ready}.go"; done' EXIT

# Figures from a session's MEM line, in MB: 3 VmHWM, 5 PSS, 6 USS,
# 7 anonymous, 8 the __db.* regions.
mem_mb() { kb_to_mb "$(result "$1" MEM session "$2")"; }

# Each canbao session saves a new person, under an ID not stored yet.
canbao_tidy "$BENCH_DB_SMALL"
id=$(new_id "$BENCH_DB_SMALL")
note "canbao, 10k people"
canbao_session canbao-small "$BENCH_DB_SMALL" "$id"
canbao_tidy "$BENCH_DB_LARGE"
id=$(new_id "$BENCH_DB_LARGE")
note "canbao, $N people"
canbao_session canbao-large "$BENCH_DB_LARGE" "$id"
id1=$(new_id "$BENCH_DB_LARGE")
id2=$(new_id "$BENCH_DB_LARGE" "$id1")
note "canbao, two clerks at once, $N people"
concurrently canbao "$BENCH_DB_LARGE" "$id1" "$id2"
note "dialog --form"
dialog_session dialog-one
concurrently dialog
note "htop"
htop_session htop-one
concurrently htop

for size in "10k:small" "$N:large"; do
  for peer in "dialog --form:dialog" "htop:htop"; do
    row "peak RSS, one session, ${size%%:*} people" \
      "$(mem_mb "canbao-${size#*:}" 3)" "${peer%%:*}" \
      "$(mem_mb "${peer#*:}-one" 3)" MB "< 8 MB per clerk"
  done
done
for size in "10k:small" "$N:large"; do
  row "of which Berkeley DB's shared regions (__db.*), ${size%%:*} people" \
    "$(mem_mb "canbao-${size#*:}" 8)" - - MB "at most its cache and locks"
done
# What is left is canbao's own: it must be the same whatever the size.
own() {
  _peak=$(result "$1" MEM session 3)
  _regions=$(result "$1" MEM session 8)
  awk -v p="$_peak" -v r="$_regions" 'BEGIN { printf "%.1f", (p - r) / 1024 }'
}
row "peak RSS less the shared regions: $N people less 10k" \
  "$(awk -v a="$(own canbao-small)" -v b="$(own canbao-large)" \
       'BEGIN { printf "%.1f", b - a }')" - - MB "0: not with the database"
for peer in "dialog --form:dialog" "htop:htop"; do
  row "further clerk: USS of a 2nd concurrent session, $N people" \
    "$(mem_mb canbao-2nd 6)" "${peer%%:*}" "$(mem_mb "${peer#*:}-2nd" 6)" \
    MB "< 8 MB per clerk"
done
row "further clerk: of which anonymous (heap, stack), $N people" \
  "$(mem_mb canbao-2nd 7)" "dialog --form" "$(mem_mb dialog-2nd 7)" MB -
row "further clerk: PSS of a 2nd concurrent session, $N people" \
  "$(mem_mb canbao-2nd 5)" "dialog --form" "$(mem_mb dialog-2nd 5)" MB -
