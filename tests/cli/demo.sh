# canbao demo: a database of synthetic people of its own, made on first
# use, with every comparison result, keyed forms and some decisions; and
# never demonstration data in a database that holds real data.
. "$top_srcdir/tests/lib.sh"

db="$SCRATCH/demo"
run_canbao --db "$db" demo --no-start
expect_eq "demo exit" 0 "$STATUS"
expect_eq "demo names its database" "$db" "$OUT"
LANG=C.UTF-8 LC_ALL=C.UTF-8 run_canbao --db "$db" stats --format csv
expect_eq "stats exit" 0 "$STATUS"
total=$(printf '%s\n' "$OUT" | tr -d '\r' | grep '^录入与核实,合计,' | head -n 1)
# 87 people, 14 keyed forms, none reviewed; three decisions recorded.
expect_eq "demo totals" "录入与核实,合计,,87,14,0,84,1,1,1" "$total"
# Every comparison result is there.
for code in 01 02 03 04 05 10 11 12 13 14 20 21; do
  n=$(printf '%s\n' "$OUT" | tr -d '\r' | awk -F, -v c="$code" '
    $1=="表" && $2!="" {for(i=1;i<=NF;i++) if ($i==c) col=i}
    $1=="比对结果" && $2=="合计" && col {print $col}')
  [ -n "$n" ] && [ "$n" -gt 0 ] || fail "demo has no person with result $code (got [$n])"
done
# A second run opens the same database and adds nothing.
LANG=C.UTF-8 LC_ALL=C.UTF-8 run_canbao --db "$db" demo --no-start
expect_eq "second run" 0 "$STATUS"
LANG=C.UTF-8 LC_ALL=C.UTF-8 run_canbao --db "$db" stats --format csv
expect_eq "second run adds nothing" "$total" "$(printf '%s\n' "$OUT" | tr -d '\r' | grep '^录入与核实,合计,' | head -n 1)"

# A database with real data is refused, and left as it was.
real="$SCRATCH/real"
run_canbao --db "$real" import upstream "$top_srcdir/tests/upstream-samples/invalid-id.csv"
expect_eq "real import" 0 "$STATUS"
run_canbao --db "$real" demo --no-start
expect_eq "demo refused on real data" 2 "$STATUS"
expect_contains "the refusal names the database" "$real" "$ERR"
LANG=C.UTF-8 LC_ALL=C.UTF-8 run_canbao --db "$real" stats --format csv
expect_contains "real data untouched" "录入与核实,合计,,2," "$(printf '%s\n' "$OUT" | tr -d '\r')"
exit 0
