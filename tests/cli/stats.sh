# canbao stats: after importing round 1, the CSV's totals equal what the
# sample file says when counted here on its own (distinct IDs, per
# township, per result code); --township, the table, and usage.
. "$top_srcdir/tests/lib.sh"
export LC_ALL=zh_CN.UTF-8
S="$top_srcdir/tests/upstream-samples"
db="$SCRATCH/db"
iconv -f GB18030 -t UTF-8 "$S/round1-gb18030.csv" | tr -d '\r' >"$SCRATCH/round1.csv" ||
  fail "iconv cannot read the sample"
# The sample has no quoted fields: columns 2 乡镇, 4 ID, 22 比对结果.
ids() {
  awk -F, "NR > 1 $1 { print \$4 }" "$SCRATCH/round1.csv" | sort -u | wc -l | tr -d ' '
}
# csv_cell TABLE TOWNSHIP VILLAGE COLUMN: one number from the CSV in $OUT,
# the column counted from 1 (表 is 1).
csv_cell() {
  echo "$OUT" | tr -d '\r' |
    awk -F, -v t="$1" -v town="$2" -v v="$3" -v c="$4" \
      '$1 == t && $2 == town && $3 == v { print $c; n++ } END { if (n != 1) print "rows:" n }'
}

run_canbao --db "$db" import upstream "$S/round1-gb18030.csv"
expect_eq "import status" 0 "$STATUS"

run_canbao --db "$db" stats --format csv
expect_eq "csv status" 0 "$STATUS"
expect_eq "csv header" "表,乡镇（街道）,村（社区）,人数,已录入,已复核,待核实,已核实无误,已更正,无法核实" \
  "$(echo "$OUT" | head -1 | tr -d '\r')"

people=$(ids "")
expect_eq "distinct IDs in the sample" 82 "$people"
expect_eq "total people" "$people" "$(csv_cell 录入与核实 合计 "" 4)"
# Nobody keyed a form or verified anyone: every flagged person is 待核实.
expect_eq "total keyed" 0 "$(csv_cell 录入与核实 合计 "" 5)"
expect_eq "total pending" "$(ids '&& $22 != ""')" "$(csv_cell 录入与核实 合计 "" 7)"

# One township, counted the same way, and its subtotal beside the rows of
# its villages.
town=白箬铺镇
expect_eq "$town people" "$(ids "&& \$2 == \"$town\"")" "$(csv_cell 录入与核实 "$town" "" 4)"
sum=$(echo "$OUT" | tr -d '\r' |
  awk -F, -v t="$town" '$1 == "录入与核实" && $2 == t && $3 != "" { s += $4 } END { print s }')
expect_eq "$town villages add up" "$(csv_cell 录入与核实 "$town" "" 4)" "$sum"
village=$(awk -F, -v t="$town" 'NR > 1 && $2 == t { print $3; exit }' "$SCRATCH/round1.csv")
expect_eq "$town $village people" \
  "$(ids "&& \$2 == \"$town\" && \$3 == \"$village\"")" \
  "$(csv_cell 录入与核实 "$town" "$village" 4)"

# Each result code: the people any of whose rows carries it (the person's
# results are the union of the two sources'); the codes head columns
# 4 to 15.
col=4
for code in 01 02 03 04 05 10 11 12 13 14 20 21; do
  expect_eq "people with $code" "$(ids "&& \$22 ~ /(^|;)$code(;|\$)/")" \
    "$(csv_cell 比对结果 合计 "" $col)"
  col=$((col + 1))
done
expect_eq "$town with 05" "$(ids "&& \$2 == \"$town\" && \$22 ~ /05/")" \
  "$(csv_cell 比对结果 "$town" "" 8)"

# --township: the same numbers for that township alone.
run_canbao --db "$db" stats --format csv --township "$town"
expect_eq "filtered status" 0 "$STATUS"
expect_eq "filtered total" "$(ids "&& \$2 == \"$town\"")" "$(csv_cell 录入与核实 合计 "" 4)"
expect_not_contains "other township left out" "乌山街道" "$OUT"

# The table: the headings, the township, its villages indented, 合计.
run_canbao --db "$db" stats
expect_eq "table status" 0 "$STATUS"
for word in 人数 已录入 已复核 待核实 已核实无误 已更正 无法核实 未参保原因 \
    "户口所在地不一致" "$town" "  $village" 合计; do
  expect_contains "table shows $word" "$word" "$OUT"
done
echo "$OUT" | grep -q "^合计 *$people " || fail "no total line with $people in:
$OUT"

# A township nobody belongs to, a bad format, a stray argument.
run_canbao --db "$db" stats --township 无此镇
expect_eq "unknown township status" 1 "$STATUS"
expect_contains "unknown township named" "无此镇" "$ERR"
run_canbao --db "$db" stats --format xml
expect_eq "bad format status" 2 "$STATUS"
run_canbao --db "$db" stats extra
expect_eq "stray argument status" 2 "$STATUS"
exit 0
