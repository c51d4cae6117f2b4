# Imports killed at random moments (SIGKILL).  A county already holds
# round 1; round 2 (changed rows, rows dropped, new people) is imported
# and killed, twice in a row, and then imported to the end.
# After each kill: the next open recovers, canbao's verifier and
# db5.3_verify pass, every upstream row stored is round 1's or round 2's
# (no half-written row), and what round 2 had committed before is still
# there.  At the end the database equals one clean import of both rounds:
# the same rows (export upstream) and the same changes in the history.
. "$top_srcdir/tests/torture/lib.sh"
export LC_ALL=C.UTF-8
: "${GEN_COUNTY:?run through make torture}"
people=${TORTURE_PEOPLE:-3000}
kills=${TORTURE_KILLS:-50}

# ---- the two rounds ------------------------------------------------------
"$GEN_COUNTY" -n "$people" -s "$TORTURE_SEED" -e utf-8 -o "$SCRATCH/round1.csv" ||
  fail "gen-county"
"$GEN_COUNTY" -n $((people / 5)) -s $((TORTURE_SEED + 1)) -e utf-8 -o "$SCRATCH/new.csv" ||
  fail "gen-county (new people)"
# The edits below split rows on commas; gen-county quotes nothing.
! grep -q '"' "$SCRATCH/round1.csv" "$SCRATCH/new.csv" ||
  fail "gen-county quoted a field; this test cannot edit its rows"
# Round 2: every 9th row gone (a person's other row stays: the dropped
# one must go at the end of the file), every 5th with a new 比对说明 and
# every 7th with a new phone; then the new people.  In GB18030, as
# upstream sends it.
{
  awk -F, -v OFS=, 'NR == 1 { print; next }
    NR % 9 == 0 { next }
    NR % 5 == 0 { $23 = "第二轮复核" }
    NR % 7 == 0 { $11 = "139" substr($4, 7, 8) }
    { print }' "$SCRATCH/round1.csv"
  tail -n +2 "$SCRATCH/new.csv"
} | iconv -f UTF-8 -t GB18030 >"$SCRATCH/round2.csv" || fail "making round 2"

# export_rows DB FILE: the stored upstream rows without their running
# number, sorted: what "the same rows" means.
export_rows() {
  run_canbao --db "$1" export upstream --encoding utf-8
  [ "$STATUS" -eq 0 ] || fail "export upstream of $1 ($STATUS): $ERR"
  tail -n +2 "$SCRATCH/out" | tr -d '\r' | cut -d, -f2- | LC_ALL=C sort >"$2"
}

# ---- the clean runs --------------------------------------------------------
base="$SCRATCH/base"
run_canbao --db "$base" import upstream "$SCRATCH/round1.csv"
[ "$STATUS" -eq 0 ] || fail "importing round 1 ($STATUS): $ERR"
export_rows "$base" "$SCRATCH/rows.base"
cp -r "$base" "$SCRATCH/clean"
start=$(now_ms)
run_canbao --db "$SCRATCH/clean" import upstream "$SCRATCH/round2.csv"
took=$(( $(now_ms) - start ))
[ "$STATUS" -eq 0 ] || fail "importing round 2 cleanly ($STATUS): $ERR"
export_rows "$SCRATCH/clean" "$SCRATCH/rows.clean"
"$SAVER" history "$SCRATCH/clean" | LC_ALL=C sort >"$SCRATCH/history.clean" ||
  fail "saver history (clean)"
! cmp -s "$SCRATCH/rows.base" "$SCRATCH/rows.clean" || fail "round 2 changed nothing"
LC_ALL=C sort -u "$SCRATCH/rows.base" "$SCRATCH/rows.clean" >"$SCRATCH/rows.either"
# Kills land anywhere from the start of the process to a little past the
# end of a clean import (the later ones find it finished).
window=$((took + took / 10 + 1))
echo "round 1: $(grep -c . "$SCRATCH/rows.base") rows; round 2: $(( $(wc -l <"$SCRATCH/round2.csv") - 1 )) rows, a clean import takes $took ms; kills within 0-$window ms"

# ---- killed, again and again ----------------------------------------------
killed=0 finished_first=0 runs=0
while [ "$killed" -lt "$kills" ]; do
  runs=$((runs + 1))
  rm -rf "$SCRATCH/work"
  cp -r "$base" "$SCRATCH/work"
  kept=0 j=0
  while [ "$j" -lt 2 ] && [ "$killed" -lt "$kills" ]; do
    j=$((j + 1))
    rand_below "$window"
    delay=$RAND
    "$CANBAO" --db "$SCRATCH/work" import upstream "$SCRATCH/round2.csv" \
      >"$SCRATCH/import.out" 2>"$SCRATCH/import.err" &
    pid=$!
    sleep_ms "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null && STATUS=0 || STATUS=$?
    case "$STATUS" in
      137) killed=$((killed + 1)) ;;
      0) finished_first=$((finished_first + 1)) ;;
      *) fail "run $runs: the import failed on its own ($STATUS): $(cat "$SCRATCH/import.err")" ;;
    esac
    what="run $runs, kill $j after $delay ms"
    check_db "$SCRATCH/work" "$what"
    export_rows "$SCRATCH/work" "$SCRATCH/rows.work"
    stray=$(LC_ALL=C comm -23 "$SCRATCH/rows.work" "$SCRATCH/rows.either" | head -n 3)
    [ -z "$stray" ] || fail "$what: rows from neither round:
$stray"
    # Rows of round 2 committed before stay committed.
    now=$(LC_ALL=C comm -12 "$SCRATCH/rows.work" "$SCRATCH/rows.clean" | grep -c .)
    [ "$now" -ge "$kept" ] || fail "$what: $kept rows of round 2 were there, now $now"
    kept=$now
  done
  # Finish the import: the same as one clean import.
  run_canbao --db "$SCRATCH/work" import upstream "$SCRATCH/round2.csv"
  [ "$STATUS" -eq 0 ] || fail "run $runs: finishing the import ($STATUS): $ERR"
  export_rows "$SCRATCH/work" "$SCRATCH/rows.work"
  cmp -s "$SCRATCH/rows.work" "$SCRATCH/rows.clean" || fail "run $runs: not the clean import's rows:
$(diff "$SCRATCH/rows.clean" "$SCRATCH/rows.work" | head -n 10)"
  "$SAVER" history "$SCRATCH/work" | LC_ALL=C sort >"$SCRATCH/history.work" ||
    fail "saver history (run $runs)"
  cmp -s "$SCRATCH/history.work" "$SCRATCH/history.clean" || fail "run $runs: not the clean import's history:
$(diff "$SCRATCH/history.clean" "$SCRATCH/history.work" | head -n 10)"
done
echo "$killed kills in $runs runs ($finished_first imports finished before their kill), each recovered and verified; every finished import equals the clean one"
exit 0
