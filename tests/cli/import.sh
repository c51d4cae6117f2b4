# canbao import upstream: every sample file does what
# tests/upstream-samples/README.md says, re-imports change nothing, a
# second round replaces the first's upstream rows, exit statuses.
. "$top_srcdir/tests/lib.sh"
export LC_ALL=zh_CN.UTF-8
S="$top_srcdir/tests/upstream-samples"
db="$SCRATCH/db"

# The summary line of one file: "NAME: R rows: I imported, U unchanged,
# X rejected, W warnings".
expect_summary() {
  expect_contains "$1 summary" "$1.csv: $2" "$OUT"
}

run_canbao --db "$db" import upstream "$S/round1-gb18030.csv"
expect_eq "round 1 status" 0 "$STATUS"
expect_summary round1-gb18030 "142 rows: 142 imported, 0 unchanged, 0 rejected, 0 warnings"

# The same rows in UTF-8 with a BOM, and the first file again: nothing.
for f in round1-utf8-bom round1-gb18030; do
  run_canbao --db "$db" import upstream "$S/$f.csv"
  expect_eq "$f again status" 0 "$STATUS"
  expect_summary "$f" "142 rows: 0 imported, 142 unchanged, 0 rejected, 0 warnings"
done

# Round 2: 73 rows for some of the same people; every 5th says 05 with a
# new 户口所在地.  Importing it again changes nothing.
id=$(iconv -f GB18030 -t UTF-8 "$S/round2-gb18030.csv" |
  awk -F, 'NR > 1 && $22 ~ /05/ { print $4; exit }')
[ -n "$id" ] || fail "round 2 has no row with result 05"
new_hukou=$(iconv -f GB18030 -t UTF-8 "$S/round2-gb18030.csv" |
  awk -F, -v id="$id" '$4 == id { print $9; exit }')
run_canbao --db "$db" import upstream "$S/round2-gb18030.csv"
expect_eq "round 2 status" 0 "$STATUS"
expect_contains "round 2 rows" "round2-gb18030.csv: 73 rows:" "$OUT"
expect_not_contains "round 2 changed something" " 0 imported" "$OUT"
run_canbao --db "$db" show "$id"
expect_contains "round 2 result of $id" "up.results: " "$OUT"
expect_contains "round 2 result 05 of $id" "05" "$(echo "$OUT" | grep '^up.results:')"
expect_contains "round 2 户口所在地 of $id" "$new_hukou" "$OUT"
# The history keeps round 1's value of what round 2 replaced.
expect_contains "round 1 kept in the history" " -> " "$(echo "$OUT" | grep 'up\..*\.hukou: [^-]')"
run_canbao --db "$db" import upstream "$S/round2-gb18030.csv"
expect_summary round2-gb18030 "73 rows: 0 imported, 73 unchanged, 0 rejected, 0 warnings"

# The other samples, each into a database of its own, as the README
# counts them.
# edge-syntax: all 14 rows, one warning for the unknown column 备注.
run_canbao --db "$SCRATCH/samples" import upstream "$S/edge-syntax.csv"
expect_eq "edge status" 0 "$STATUS"
expect_summary edge-syntax "14 rows: 14 imported, 0 unchanged, 0 rejected, 1 warnings"
expect_contains "edge warning names 备注" "备注" "$ERR"
run_canbao --db "$SCRATCH/samples" show 430122196503121236
expect_eq "15-digit ID upgraded" 0 "$STATUS"
run_canbao --db "$SCRATCH/samples" import upstream "$S/edge-syntax.csv"
expect_contains "edge again" "0 imported, 14 unchanged" "$OUT"

# bad-rows: 2 in, 9 out, each with its line and the reason its own
# 比对说明 gives.
run_canbao --db "$SCRATCH/bad" import upstream "$S/bad-rows.csv"
expect_eq "bad rows status" 1 "$STATUS"
expect_summary bad-rows "11 rows: 2 imported, 0 unchanged, 9 rejected, 0 warnings"
# Each reason names its column (in either language) after the line.
for expected in "4:.*公民身份证号码.*数据来源.*2" "5:.*公民身份证号码" \
    "6:.*姓名" "7:.*比对结果" "8:.*比对结果" "9:.*数据来源" "10:.*出生日期" \
    "11:.*性别" "12:.*公民身份证号码.*15.*18"; do
  echo "$ERR" | grep -q "bad-rows.csv:$expected" ||
    fail "bad-rows: no rejection matching [$expected] in: $ERR"
done
expect_eq "exactly 9 rejections" 9 "$(echo "$ERR" | grep -c 'bad-rows.csv:[0-9]*:')"

# invalid-id: 3 rows with result 20, under the IDs as written.
run_canbao --db "$SCRATCH/invalid" import upstream "$S/invalid-id.csv"
expect_eq "invalid-id status" 0 "$STATUS"
expect_summary invalid-id "3 rows: 3 imported, 0 unchanged, 0 rejected, 0 warnings"
for id in $(iconv -f GB18030 -t UTF-8 "$S/invalid-id.csv" | awk -F, 'NR > 1 { print $4 }' | sort -u); do
  run_canbao --db "$SCRATCH/invalid" show "$id"
  expect_eq "invalid ID $id stored as written" 0 "$STATUS"
  expect_contains "invalid ID $id result" "up.results: 20" "$OUT"
done

# broken-encoding: refused as a whole at line 3, nothing changes.
before=$("$CANBAO" --db "$SCRATCH/samples" show 430122196503121236 | grep -c .)
run_canbao --db "$SCRATCH/samples" import upstream "$S/broken-encoding.csv"
expect_eq "broken status" 2 "$STATUS"
expect_contains "broken line" "broken-encoding.csv:3:" "$ERR"
expect_summary broken-encoding "0 rows: 0 imported"

# Rows come in batches of 1000: a file of exactly one batch counts each
# row once, and not again for the empty batch left at its end.
awk 'BEGIN {
  split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
  print "公民身份证号码,姓名,数据来源,比对结果"
  for (i = 0; i < 1000; i++) {
    id = sprintf("43012219900%03d%03d", 101 + int(i / 100), i % 100)
    s = 0
    for (k = 1; k <= 17; k++) s += substr(id, k, 1) * w[k]
    print id substr("10X98765432", s % 11 + 1, 1) ",张三,公安,10"
  }
}' >"$SCRATCH/batch.csv"
run_canbao --db "$SCRATCH/batch" import upstream "$SCRATCH/batch.csv"
expect_eq "one batch status" 0 "$STATUS"
expect_summary batch "1000 rows: 1000 imported, 0 unchanged, 0 rejected, 0 warnings"

# Several files: the worst status wins; a missing file is refused.
run_canbao --db "$db" import upstream "$S/round1-gb18030.csv" "$S/bad-rows.csv"
expect_eq "mixed status" 1 "$STATUS"
run_canbao --db "$db" import upstream "$SCRATCH/no-such-file.csv"
expect_eq "missing file status" 2 "$STATUS"
run_canbao --db "$db" import
expect_eq "import without what" 2 "$STATUS"

run_canbao --db "$db" db verify
expect_eq "verify after imports" 0 "$STATUS"
exit 0
