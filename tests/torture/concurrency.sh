# Eight processes save over the same 50 people for a while, each
# incrementing a per-person counter by read-modify-write: four in one
# transaction (store_run with store_txn_get and store_txn_put), four by
# store_save with the revision they read, retrying after STORE_CONFLICT.
# No update may be lost or doubled: the processes' successes, the
# counters and the audit entries for the counter all agree.  No process
# may hang (each runs under timeout), and the database verifies.
. "$top_srcdir/tests/torture/lib.sh"
export LC_ALL=C.UTF-8
db="$SCRATCH/db"
people=50
seconds=${TORTURE_SECONDS:-10}
"$SAVER" init "$db" $people || fail "saver init"

i=0 pids=
while [ "$i" -lt 8 ]; do
  i=$((i + 1))
  mode=txn
  [ $((i % 2)) -eq 0 ] && mode=save
  # timeout: a hung saver is killed (status 124 or 137) and fails the test.
  timeout -s KILL $((seconds + 60)) "$SAVER" count "$db" $people "$seconds" $mode \
    >"$SCRATCH/count.$i" 2>"$SCRATCH/err.$i" &
  pids="$pids $!"
done
i=0
for pid in $pids; do
  i=$((i + 1))
  wait "$pid" 2>/dev/null && STATUS=0 || STATUS=$?
  [ "$STATUS" -eq 0 ] || fail "saver $i ended with status $STATUS (124/137: it hung):
$(cat "$SCRATCH/err.$i")"
done

saves=0 conflicts=0 retries=0 txn_saves=0 save_saves=0
i=0
while [ "$i" -lt 8 ]; do
  i=$((i + 1))
  set -- $(cat "$SCRATCH/count.$i")
  [ "$1 $3 $5" = "saves conflicts retries" ] || fail "saver $i said: $*"
  saves=$((saves + $2)) conflicts=$((conflicts + $4)) retries=$((retries + $6))
  if [ $((i % 2)) -eq 0 ]; then save_saves=$((save_saves + $2)); else txn_saves=$((txn_saves + $2)); fi
  [ "$2" -gt 0 ] || fail "saver $i saved nothing in $seconds s"
done
set -- $("$SAVER" sum "$db")
[ "$1 $3" = "counters entries" ] || fail "saver sum said: $*"
expect_eq "the counters add up to the successes" "$saves" "$2"
expect_eq "one audit entry per increment" "$saves" "$4"
check_db "$db" "after the savers"
echo "8 savers, $people people, $seconds s: $saves saves ($((saves / seconds))/s; store_run $txn_saves, store_save $save_saves), $conflicts conflicts (store_save, each retried after reading again), $((retries - conflicts)) reruns by store_run (deadlock or lock timeout)"
exit 0
