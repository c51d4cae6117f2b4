# canbao import records / export records: a small file with one bad row,
# the export of what went in, a round trip in both encodings that changes
# nothing, refused files, and the export file's mode.
. "$top_srcdir/tests/lib.sh"
export LC_ALL=zh_CN.UTF-8
db="$SCRATCH/db"

# Three people; line 4's sex disagrees with its ID (a man's) and it has
# neither a unit nor a reason for being uninsured.
printf '%s\r\n' \
  '姓名,性别,民族,公民身份证号码,就业状态,工作单位全名称,无单位,单位类型（单选）,养老保险,医疗保险（单选）,未参保原因,经办人签名' \
  '张三,男,汉族,430102199003071234,已单位就业,"长沙市""某某"",机械有限公司",,企业,城镇职工基本养老保险,城镇职工基本医疗保险,,李四' \
  '李梅,女,汉族,430102198501011248,无单位,,灵活就业,,,新型农村合作医疗,,' \
  '王五,女,汉族,430102197005051318,已单位就业,,,,,,,' >"$SCRATCH/in.csv"

run_canbao --db "$db" import records --form registration "$SCRATCH/in.csv"
expect_eq "import status" 1 "$STATUS"
expect_contains "import summary" "in.csv: 3 rows: 2 imported, 0 unchanged, 1 rejected" "$OUT"
expect_contains "line 4 rejected" "in.csv:4: " "$ERR"
expect_contains "line 4 names 性别" "性别" "$(echo "$ERR" | grep 'in.csv:4: ')"
expect_eq "exactly one rejection" 1 "$(echo "$ERR" | grep -c 'in.csv:[0-9]*:')"
run_canbao --db "$db" show 430102198501011248
expect_eq "imported person" 0 "$STATUS"
expect_contains "imported name" "李梅" "$OUT"
expect_contains "imported form" "_form: registration" "$OUT"
expect_contains "imported status" "_status: entered" "$OUT"
run_canbao --db "$db" show 430102197005051318
expect_eq "rejected person absent" 1 "$STATUS"

# The export: the header, two rows in ID order, CRLF, nothing for others.
run_canbao --db "$db" export records --form registration -o "$SCRATCH/out.csv"
expect_eq "export status" 0 "$STATUS"
expect_eq "export lines" 3 "$(grep -c . "$SCRATCH/out.csv")"
expect_eq "export CRLF" 3 "$(grep -c "$(printf '\r')\$" "$SCRATCH/out.csv")"
expect_contains "export header" "市,县（市、区）," "$(head -n 1 "$SCRATCH/out.csv")"
expect_contains "export header ends in 状态" ",状态" "$(head -n 1 "$SCRATCH/out.csv")"
expect_contains "export row 1" ",李梅,女,汉族,,430102198501011248," "$(sed -n 2p "$SCRATCH/out.csv")"
expect_contains "export row 2 quoted" '"长沙市""某某"",机械有限公司"' "$(sed -n 3p "$SCRATCH/out.csv")"
mode=$(stat -c %a "$SCRATCH/out.csv")
case "$mode" in
  *0) ;;
  *) fail "the export is readable by others: mode $mode" ;;
esac
run_canbao --db "$db" export records --form registration
expect_eq "export to a pipe" 3 "$(echo "$OUT" | grep -c .)"

# Round trip: nothing changes, in either encoding.
run_canbao --db "$db" import records --form registration "$SCRATCH/out.csv"
expect_eq "round trip status" 0 "$STATUS"
expect_contains "round trip" "out.csv: 2 rows: 0 imported, 2 unchanged, 0 rejected" "$OUT"
run_canbao --db "$db" export records --form registration --encoding gb18030 -o "$SCRATCH/gb.csv"
expect_eq "gb18030 export status" 0 "$STATUS"
iconv -f GB18030 -t UTF-8 "$SCRATCH/gb.csv" | cmp -s - "$SCRATCH/out.csv" ||
  fail "the GB18030 export is not the UTF-8 one converted"
run_canbao --db "$db" import records --form registration "$SCRATCH/gb.csv"
expect_contains "gb18030 round trip" "gb.csv: 2 rows: 0 imported, 2 unchanged, 0 rejected" "$OUT"

# A changed value comes in; the history says how.
sed 's/灵活就业/未就业/' "$SCRATCH/out.csv" >"$SCRATCH/changed.csv"
run_canbao --db "$db" import records --form registration "$SCRATCH/changed.csv"
expect_contains "changed row" "changed.csv: 2 rows: 1 imported, 1 unchanged, 0 rejected" "$OUT"
run_canbao --db "$db" show 430102198501011248
expect_contains "changed in the history" "import-records no_employer: 灵活就业 -> 未就业" "$OUT"

# Refused: a column that is not the form's, a form canbao does not have,
# a missing file.  Nothing changes.
printf '姓名,公民身份证号码,备注\r\n张三,430102199003071234,x\r\n' >"$SCRATCH/bad.csv"
run_canbao --db "$db" import records --form registration "$SCRATCH/bad.csv"
expect_eq "bad header status" 2 "$STATUS"
expect_contains "bad header line" "bad.csv:1: " "$ERR"
expect_contains "bad header summary" "bad.csv: 0 rows:" "$OUT"
run_canbao --db "$db" import records --form no-such-form "$SCRATCH/in.csv"
expect_eq "unknown form status" 2 "$STATUS"
run_canbao --db "$db" export records --form no-such-form -o "$SCRATCH/x.csv"
expect_eq "unknown form export status" 2 "$STATUS"
[ ! -e "$SCRATCH/x.csv" ] || fail "a refused export left a file"
run_canbao --db "$db" import records --form registration "$SCRATCH/no-such.csv"
expect_eq "missing file status" 2 "$STATUS"
run_canbao --db "$db" export
expect_eq "export without what" 2 "$STATUS"

run_canbao --db "$db" db verify
expect_eq "verify after imports" 0 "$STATUS"
exit 0
