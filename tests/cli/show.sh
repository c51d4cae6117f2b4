# canbao show: a person who is not there, and usage.
. "$top_srcdir/tests/lib.sh"
export LC_ALL=zh_CN.UTF-8
db="$SCRATCH/db"

run_canbao --db "$db" show 430103198407172172
expect_eq "not found status" 1 "$STATUS"
expect_contains "not found message" "430103198407172172" "$ERR"

run_canbao --db "$db" show
expect_eq "show without ID" 2 "$STATUS"
exit 0
