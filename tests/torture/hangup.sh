# Dropped sessions: SIGHUP at a random moment
#   - while a clerk keys a form (the terminal goes away: tmux is killed,
#     or the hang-up signal alone reaches canbao): what was keyed is the
#     clerk's draft, offered at the next start;
#   - in a stream of saves (the saver): it stops cleanly, and every save
#     it reported is there;
#   - during an import: it stops between batches, says how many rows it
#     had committed, and they are there; importing again finishes.
# After each: no canbao left, and the database verifies.
. "$top_srcdir/tests/torture/lib.sh"
hangups=${TORTURE_HANGUPS:-10}

# ---- while keying a form ---------------------------------------------------
db="$SCRATCH/forms"
# The first fields of the 全民参保登记表, each typed and left with Enter.
set -- 长沙市 望城区 乌山街道 团山湖村 赵六
nfields=$#
canbao_left() { pgrep -f "^$CANBAO --db $db" || true; }
i=0
while [ "$i" -lt $((hangups / 2)) ]; do
  i=$((i + 1))
  rand_below "$nfields"
  keyed=$((RAND + 1))
  tmux_start zh_CN.UTF-8 xterm "'$CANBAO' --db '$db'"
  tmux_wait_for "全民参保登记表"
  tmux_keys 2
  tmux_wait_for "【登记地点】"
  n=0
  for value in "$@"; do
    n=$((n + 1))
    [ "$n" -le "$keyed" ] || break
    tmux_keys "$value" Enter
    last=$value
  done
  tmux_wait_for "$last"
  # Something of the next field is on its way when the line drops.
  tmux_keys 王
  rand_below 301
  sleep_ms "$RAND"
  pid=$(canbao_left)
  case "$pid" in ''|*[!0-9]*) fail "entry $i: not one canbao: [$pid]" ;; esac
  if [ $((i % 2)) -eq 1 ]; then
    how="the terminal closed"
    tmux_cmd kill-server
  else
    how="SIGHUP alone"
    kill -HUP "$pid"
  fi
  n=100
  while [ -n "$(canbao_left)" ]; do
    [ "$n" -gt 0 ] || fail "entry $i: canbao still there 10 s after $how"
    sleep 0.1
    n=$((n - 1))
  done
  check_db "$db" "entry $i, $how after $keyed fields"
  tmux_start zh_CN.UTF-8 xterm "'$CANBAO' --db '$db'"
  tmux_wait_for "(y/n)"
  expect_contains "entry $i: the draft is offered" "全民参保登记表" "$(tmux_screen | tail -n 1)"
  tmux_keys y
  tmux_wait_for "$last"
  screen=$(tmux_screen)
  n=0
  for value in "$@"; do
    n=$((n + 1))
    [ "$n" -le "$keyed" ] || break
    expect_contains "entry $i ($how after $keyed fields): $value kept" "$value" "$screen"
  done
  # Drop the draft (Esc asks first) and leave.
  tmux_escape
  tmux_wait_for "(y/n)"
  tmux_keys y
  tmux_wait_for "查找和修改"
  tmux_keys q
  tmux_wait_exit
  expect_eq "entry $i: exit after dropping the draft" 0 "$STATUS"
done
tmux_cmd kill-server 2>/dev/null
echo "keying: $i hang-ups, every draft kept"

# ---- in a stream of saves --------------------------------------------------
db="$SCRATCH/saves"
reported="$SCRATCH/reported"
: >"$reported"
"$SAVER" init "$db" 40 || fail "saver init"
i=0
while [ "$i" -lt "$hangups" ]; do
  i=$((i + 1))
  rand_below 301
  delay=$RAND
  "$SAVER" stream "$db" 40 "h$i" "$TORTURE_SEED" >"$SCRATCH/out" 2>"$SCRATCH/err" &
  pid=$!
  sleep_ms "$delay"
  kill -HUP "$pid"
  n=100
  while still_running "$pid"; do
    [ "$n" -gt 0 ] || { kill -9 "$pid"; fail "saver $i still there 10 s after SIGHUP"; }
    sleep 0.1
    n=$((n - 1))
  done
  wait "$pid" 2>/dev/null && STATUS=0 || STATUS=$?
  # 129: the signal came before the handlers were in place (nothing done).
  case "$STATUS" in
    0) expect_eq "saver $i: its last line" interrupted "$(tail -n 1 "$SCRATCH/out")" ;;
    129) [ ! -s "$SCRATCH/out" ] || fail "saver $i: killed by SIGHUP after saving" ;;
    *) fail "saver $i: status $STATUS after SIGHUP at $delay ms: $(cat "$SCRATCH/err")" ;;
  esac
  cat "$SCRATCH/out" >>"$reported"
  check_db "$db" "saver $i, SIGHUP after $delay ms"
  "$SAVER" check "$db" "$reported" >"$SCRATCH/check" ||
    fail "saver $i, SIGHUP after $delay ms: saves lost:
$(head -n 20 "$SCRATCH/check")"
done
echo "saving: $i hang-ups, $(grep -c -v interrupted "$reported") reported saves all kept"

# ---- during an import ----------------------------------------------------
export LC_ALL=C.UTF-8
: "${GEN_COUNTY:?run through make torture}"
"$GEN_COUNTY" -n "${TORTURE_PEOPLE:-3000}" -s "$TORTURE_SEED" -o "$SCRATCH/round.csv" || fail "gen-county"
rows_of() {
  run_canbao --db "$1" export upstream --encoding utf-8
  [ "$STATUS" -eq 0 ] || fail "export upstream of $1 ($STATUS): $ERR"
  tail -n +2 "$SCRATCH/out" | tr -d '\r' | cut -d, -f2- | LC_ALL=C sort
}
start=$(now_ms)
run_canbao --db "$SCRATCH/clean" import upstream "$SCRATCH/round.csv"
took=$(( $(now_ms) - start ))
[ "$STATUS" -eq 0 ] || fail "a clean import ($STATUS): $ERR"
rows_of "$SCRATCH/clean" >"$SCRATCH/rows.clean"
i=0 stopped=0
while [ "$i" -lt "$hangups" ]; do
  i=$((i + 1))
  db="$SCRATCH/import-$i"
  rand_below $((took + took / 10 + 1))
  delay=$RAND
  "$CANBAO" --db "$db" import upstream "$SCRATCH/round.csv" >"$SCRATCH/import.out" 2>"$SCRATCH/import.err" &
  pid=$!
  sleep_ms "$delay"
  kill -HUP "$pid" 2>/dev/null
  n=100
  while still_running "$pid"; do
    [ "$n" -gt 0 ] || { kill -9 "$pid"; fail "import $i still there 10 s after SIGHUP"; }
    sleep 0.1
    n=$((n - 1))
  done
  wait "$pid" 2>/dev/null && STATUS=0 || STATUS=$?
  what="import $i, SIGHUP after $delay ms"
  case "$STATUS" in
    0) committed=$(sed -n 's/.*rows: \([0-9]*\) imported.*/\1/p' "$SCRATCH/import.out") ;;
    2) expect_contains "$what: says it was interrupted" "interrupted" "$(cat "$SCRATCH/import.err")"
       committed=$(sed -n 's/.*rows: \([0-9]*\) imported.*/\1/p' "$SCRATCH/import.out")
       stopped=$((stopped + 1)) ;;
    129) committed=0 ;;   # before the handlers: before the database opened
    *) fail "$what: status $STATUS: $(cat "$SCRATCH/import.err")" ;;
  esac
  [ -n "$committed" ] || fail "$what: no summary line: $(cat "$SCRATCH/import.out")"
  [ -d "$db" ] || { [ "$committed" -eq 0 ] && continue; fail "$what: no database"; }
  check_db "$db" "$what"
  # Into an empty database every row imported is one row stored.
  expect_eq "$what: rows stored as counted" "$committed" "$(rows_of "$db" | grep -c .)"
  run_canbao --db "$db" import upstream "$SCRATCH/round.csv"
  [ "$STATUS" -eq 0 ] || fail "$what: importing again ($STATUS): $ERR"
  rows_of "$db" >"$SCRATCH/rows.work"
  cmp -s "$SCRATCH/rows.work" "$SCRATCH/rows.clean" || fail "$what: finished, not the clean import:
$(diff "$SCRATCH/rows.clean" "$SCRATCH/rows.work" | head -n 10)"
  rm -rf "$db"
done
echo "importing: $i hang-ups ($stopped stopped an import between batches), each import finished as a clean one"
exit 0
