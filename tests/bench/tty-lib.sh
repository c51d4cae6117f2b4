# tests/bench/tty-lib.sh — shared by the interactive benchmarks (sourced,
# POSIX sh): memory.sh, wire.sh and latency.sh.
#
# run.sh exports CANBAO, CANBAO_FORMSDIR, CANBAO_LOCALEDIR, BENCH_DB_SMALL,
# BENCH_DB_LARGE, BENCH_N, BENCH_WORK, BENCH_BIN and top_srcdir.  Every
# program runs under ptyrec (tests/bench/ptyrec.c) in an 80x24 xterm
# speaking zh_CN.UTF-8, as a township clerk's terminal does; canbao and its
# peers get the same terminal and the same keys.  Result rows go to
# standard output (see row), progress to standard error.

set -eu
BENCH_NAME=$(basename "$0" .sh)
for _v in CANBAO CANBAO_FORMSDIR CANBAO_LOCALEDIR BENCH_DB_SMALL \
          BENCH_DB_LARGE BENCH_N BENCH_WORK BENCH_BIN; do
  eval "[ -n \"\${$_v:-}\" ]" || {
    echo "$BENCH_NAME: $_v is not set; run it through make bench" >&2
    exit 2
  }
done
export CANBAO_FORMSDIR CANBAO_LOCALEDIR
PTYREC=$BENCH_BIN/ptyrec
WORK=$BENCH_WORK/$BENCH_NAME
mkdir -p "$WORK"
TTY_LOCALE=zh_CN.UTF-8

bench_fail() {
  echo "$BENCH_NAME: $*" >&2
  exit 1
}

note() {
  echo "$BENCH_NAME: $*" >&2
}

[ -x "$PTYREC" ] || bench_fail "$PTYREC is missing (make bench-programs)"
locale -a 2>/dev/null | grep -qix 'zh_CN.utf-\{0,1\}8' ||
  bench_fail "the $TTY_LOCALE locale is missing (sh .ci/setup)"

# Keys as xterm sends them once curses has turned keypad transmit on.
K_F2='\eOQ'
K_F10='\e[21~'
K_DOWN='\eOB'
K_BS='\x7f'

# drive NAME QUIET_MS SCRIPT COMMAND...: COMMAND under ptyrec, typed at by
# SCRIPT (a file); its results in $WORK/NAME.out and everything it wrote
# in $WORK/NAME.log.
drive() {
  _name=$1 _quiet=$2 _script=$3
  shift 3
  env TERM=xterm LANG=$TTY_LOCALE LC_ALL=$TTY_LOCALE LANGUAGE= \
    "$PTYREC" -q "$_quiet" -t 60000 -l "$WORK/$_name.log" "$_script" -- "$@" \
    >"$WORK/$_name.out" ||
    bench_fail "$_name failed; what the program wrote is in $WORK/$_name.log"
}

# result NAME KIND STEP COLUMN: one of ptyrec's figures from $WORK/NAME.out:
# the line of KIND (STEP, KEYS, MEM, EXIT) for STEP, its field COLUMN
# counted from 1 as in ptyrec.c's header comment.  It runs in $(...),
# where bench_fail cannot end the script: row refuses the empty value.
result() {
  _r=$(awk -F'\t' -v k="$2" -v n="$3" -v c="$4" \
    '$1 == k && $2 == n { print $c; exit }' "$WORK/$1.out")
  [ -n "$_r" ] || bench_fail "$1: no $2 $3 in $WORK/$1.out"
  echo "$_r"
}

# Unit conversions, one decimal (ms from µs: two); nothing from nothing.
kb_to_mb() { [ -z "$1" ] || awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
us_to_ms() { [ -z "$1" ] || awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }

# median N...: the middle one of a few figures.
median() {
  printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 }
    END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# row MEASURE CANBAO PEER PEER_VALUE UNIT GOAL: one line of run.sh's table.
row() {
  [ $# -eq 6 ] || bench_fail "row: $# fields"
  for _f in "$@"; do
    [ -n "$_f" ] || bench_fail "row \"$1\": a figure is missing"
  done
  printf 'ROW\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@"
}

# The large database's size as people say it: 1M, 200k, 5000.
large_label() {
  awk -v n="$BENCH_N" 'BEGIN {
    if (n >= 1000000 && n % 1000000 == 0) printf "%dM", n / 1000000
    else if (n >= 1000 && n % 1000 == 0) printf "%dk", n / 1000
    else printf "%d", n }'
}

# ---------------------------------------------------------------- canbao

# The paper form on the main screen's list, and marks that show a screen
# is there: the main screen's status line (drawn last), the form's first
# heading (forms/registration.form), and what the status line says after
# a save (zh_CN.po's "Next form.").
REGISTRATION_KEY=2
MAIN_MARK=F10/q
FORM_MARK=【登记地点】
SAVED_MARK=请录入下一张

# canbao_tidy DB: no draft of this clerk's left from an earlier run that
# broke off (canbao would ask about it first).  With a draft, y opens it,
# Esc and y drop it; without one the same keys only beep on the main
# screen.
canbao_tidy() {
  cat >"$WORK/tidy.script" <<EOF
start main $MAIN_MARK
send y
send \\e
send y
send q
end exit
EOF
  drive tidy 200 "$WORK/tidy.script" "$CANBAO" --db "$1"
}

# new_id DB [NOT]: a valid ID that DB does not hold (and that is not NOT):
# a man born in 1990 in 望城县 (430122), whose 户口所在地 the form fills in
# from the ID.  Each save adds one such person to DB.
new_id() {
  for _day in 0101 0102 0103 0104 0105 0106 0107 0108 0109 0110; do
    _seq=1
    while [ "$_seq" -lt 1000 ]; do
      _id=$(printf '4301221990%s%03d' "$_day" "$_seq" | awk '{
        split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
        s = 0
        for (i = 1; i <= 17; i++) s += substr($0, i, 1) * w[i]
        print $0 substr("10X98765432", s % 11 + 1, 1) }')
      if [ "$_id" != "${2:-}" ] &&
         ! "$CANBAO" --db "$1" show "$_id" >/dev/null 2>&1; then
        echo "$_id"
        return 0
      fi
      _seq=$((_seq + 2))
    done
  done
  bench_fail "no unused ID left in $1"
}

# registration_rest ID: script lines keying the 全民参保登记表 from its
# second field (县) to the end, valid for ID (tests/e2e/form-entry.sh keys
# the same paper).
registration_rest() {
  cat <<EOF
send 望城区\\r乌山街道\\r团山湖村\\r张三\\r1\\r01\\rP0001\\r$1
send 1\\r长沙某某机械有限公司\\r1\\r6\\r\\r\\r\\r湖南省\\r长沙市\\r望城区\\r乌山街道\\r团山湖村\\r团山路1号\\r13800138000
send 1\\r1\\r1\\r1\\r1\\r
EOF
}

# ---------------------------------------------------------------- dialog

# dialog_tty NAME QUIET_MS SCRIPT: `dialog --form` under ptyrec, with the
# first dozen fields of the 全民参保登记表 on the same 80x24 screen; what
# it prints on exit (the values) goes to /dev/null, as a script would
# capture it, not to the screen.
dialog_tty() {
  command -v dialog >/dev/null ||
    bench_fail "dialog is missing (sh .ci/bench-setup)"
  drive "$1" "$2" "$3" sh -c 'exec dialog "$@" 2>/dev/null' dialog \
    --title 全民参保登记表 --form 登记地点 22 76 16 \
    市 1 1 "" 1 16 30 30 \
    县（市、区） 2 1 "" 2 16 30 30 \
    乡镇（街道） 3 1 "" 3 16 30 30 \
    村（社区） 4 1 "" 4 16 30 30 \
    姓名 5 1 "" 5 16 40 40 \
    性别 6 1 "" 6 16 2 2 \
    民族 7 1 "" 7 16 2 2 \
    个人编号 8 1 "" 8 16 20 20 \
    公民身份证号码 9 1 "" 9 16 18 18 \
    就业状态 10 1 "" 10 16 2 2 \
    单位全称 11 1 "" 11 16 40 40 \
    联系手机 12 1 "" 12 16 11 11
}
