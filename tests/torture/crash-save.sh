# Saves killed at random moments (SIGKILL: no handler runs, as when the
# machine's OOM killer or a clerk's `kill -9` strikes).  After each kill
# the next open recovers, both verifiers pass, and every save the saver
# reported as done is in the database and its history (saver check).
# Then the same with a second saver working beside the one killed: the
# survivor must carry on (Berkeley DB recovery under its feet) and stop
# when asked, and its saves must be there too.
. "$top_srcdir/tests/torture/lib.sh"
export LC_ALL=C.UTF-8
db="$SCRATCH/db"
people=40
kills=${TORTURE_KILLS:-50}
pair_kills=${TORTURE_PAIR_KILLS:-5}
reported="$SCRATCH/reported"
: >"$reported"

"$SAVER" init "$db" $people || fail "saver init"

# wait_exit PID SECONDS: waits for our child PID; its status in $STATUS,
# or failure when it is still there after SECONDS.
wait_exit() {
  _n=$(( $2 * 10 ))
  while still_running "$1"; do
    [ "$_n" -gt 0 ] || { kill -9 "$1" 2>/dev/null; fail "process $1 hung for $2 s"; }
    sleep 0.1
    _n=$((_n - 1))
  done
  wait "$1" && STATUS=0 || STATUS=$?
}

# ---- one saver, killed ---------------------------------------------------
landed=0 killed=0 k=0
while [ "$k" -lt "$kills" ]; do
  k=$((k + 1))
  rand_below 301
  delay=$RAND
  "$SAVER" stream "$db" $people "r$k" "$TORTURE_SEED" >"$SCRATCH/out" 2>"$SCRATCH/err" &
  pid=$!
  sleep_ms "$delay"
  if still_running "$pid"; then
    kill -9 "$pid"
    killed=$((killed + 1))
  fi
  wait "$pid" 2>/dev/null && STATUS=0 || STATUS=$?
  [ "$STATUS" -eq 137 ] || fail "kill $k: the saver ended by itself ($STATUS):
$(cat "$SCRATCH/err")"
  [ -s "$SCRATCH/out" ] && landed=$((landed + 1))
  cat "$SCRATCH/out" >>"$reported"
  check_db "$db" "kill $k after $delay ms"
  "$SAVER" check "$db" "$reported" >"$SCRATCH/check" ||
    fail "kill $k after $delay ms: saves lost:
$(head -n 20 "$SCRATCH/check")"
done
saves=$(grep -c . "$reported")
echo "one saver: $killed kills, $landed of them after a save committed; $saves reported saves all kept"
[ "$landed" -ge $((kills / 2)) ] ||
  fail "only $landed of $kills kills came after a save: the saver starts too slowly for the kill window"

# ---- two savers, one killed --------------------------------------------
# The survivor must not wait for ever on what the dead one held: a lock
# wait ends after the lock timeout (5 s) and the store recovers; a wait on
# a mutex the dead process held mid-write can never end, and canbao then
# says so and exits (status 2) after 20 s.  Either way, within 45 s.
resumed=0 gave_up=0 k=0
while [ "$k" -lt "$pair_kills" ]; do
  k=$((k + 1))
  rand_below 301
  delay=$RAND
  "$SAVER" stream "$db" $people "c$k" "$TORTURE_SEED" >"$SCRATCH/c.out" 2>"$SCRATCH/c.err" &
  survivor=$!
  "$SAVER" stream "$db" $people "v$k" "$((TORTURE_SEED + 1))" >"$SCRATCH/out" 2>"$SCRATCH/err" &
  victim=$!
  sleep_ms "$delay"
  kill -9 "$victim" 2>/dev/null
  wait "$victim" 2>/dev/null
  before=$(grep -c . "$SCRATCH/c.out")
  n=450
  while [ "$(grep -c . "$SCRATCH/c.out")" -le "$before" ] && still_running "$survivor"; do
    [ "$n" -gt 0 ] || { kill -9 "$survivor"; fail "pair $k: the survivor hung after the kill at $delay ms"; }
    sleep 0.1
    n=$((n - 1))
  done
  if still_running "$survivor"; then
    resumed=$((resumed + 1))
    kill -TERM "$survivor"
    wait_exit "$survivor" 30
    [ "$STATUS" -eq 0 ] || fail "pair $k: the survivor failed ($STATUS):
$(cat "$SCRATCH/c.err")"
    [ "$(tail -n 1 "$SCRATCH/c.out")" = interrupted ] ||
      fail "pair $k: the survivor did not stop cleanly on SIGTERM"
  else
    wait "$survivor" && STATUS=0 || STATUS=$?
    expect_eq "pair $k: the survivor's exit status when it gives up" 2 "$STATUS"
    expect_contains "pair $k: the survivor says why" "another canbao died" "$(cat "$SCRATCH/c.err")"
    gave_up=$((gave_up + 1))
  fi
  cat "$SCRATCH/out" "$SCRATCH/c.out" >>"$reported"
  check_db "$db" "pair $k, kill after $delay ms"
  "$SAVER" check "$db" "$reported" >"$SCRATCH/check" ||
    fail "pair $k, kill after $delay ms: saves lost:
$(head -n 20 "$SCRATCH/check")"
done
echo "two savers: $pair_kills kills of one; the survivor went on $resumed times and gave up $gave_up times; $(grep -c . "$reported") reported saves in all, all kept"
exit 0
