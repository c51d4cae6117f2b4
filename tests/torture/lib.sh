# tests/torture/lib.sh — what the torture tests share, on top of
# tests/lib.sh (sourced, POSIX sh).
#
# Every random choice comes from one seed, printed at the start (it lands
# in the test's .log), so that a failure can be replayed:
#   make torture TORTURE_SEED=1234
# Scripts randomise only through rand_below, in the same order each run.

. "$top_srcdir/tests/lib.sh"
: "${SAVER:?run through make torture}"
TORTURE_SEED=${TORTURE_SEED:-$(( $(date +%s) % 100000 + $$ ))}
echo "$TEST_NAME: seed $TORTURE_SEED (TORTURE_SEED=$TORTURE_SEED replays this run)"
_rand=$TORTURE_SEED

# rand_below N: a number in [0, N) in $RAND (a 31-bit LCG; enough to pick
# moments, and the same in every sh).
rand_below() {
  _rand=$(( (_rand * 1103515245 + 12345) % 2147483648 ))
  RAND=$(( (_rand / 65536) % $1 ))
}

# sleep_ms MS
sleep_ms() {
  sleep "$(( $1 / 1000 )).$(printf %03d $(( $1 % 1000 )))"
}

now_ms() {
  date +%s%3N
}

# check_db DIR WHEN: the next open recovers, canbao's verifier and
# Berkeley DB's own db5.3_verify pass on every file.
check_db() {
  run_canbao --db "$1" db verify
  [ "$STATUS" -eq 0 ] || fail "$2: canbao db verify failed ($STATUS):
$OUT
$ERR
db5.3_verify says:
$(for _f in "$1"/*.db; do "${DB_VERIFY:-db5.3_verify}" "$_f" 2>&1 | head -n 20; done)"
  # Without -h: canbao has just checkpointed and closed the environment,
  # and a private one makes each run a third as long.
  for _f in "$1"/*.db; do
    "${DB_VERIFY:-db5.3_verify}" -q "$_f" ||
      fail "$2: db5.3_verify rejects $(basename "$_f")"
  done
}

# still_running PID: true while PID has not exited (a zombie has).
still_running() {
  kill -0 "$1" 2>/dev/null &&
    [ "$(ps -o stat= -p "$1" 2>/dev/null | cut -c1)" != Z ]
}
