# canbao export upstream: round 1 goes in and comes out as a GB18030
# file of format 1 (header and 142 rows, CRLF, not readable by others),
# importing that file changes nothing, and --encoding utf-8 writes the
# same text in UTF-8.
. "$top_srcdir/tests/lib.sh"
export LC_ALL=zh_CN.UTF-8
S="$top_srcdir/tests/upstream-samples"
db="$SCRATCH/db"
out="$SCRATCH/out.csv"

run_canbao --db "$db" import upstream "$S/round1-gb18030.csv"
expect_eq "import status" 0 "$STATUS"

run_canbao --db "$db" export upstream -o "$out"
expect_eq "export status" 0 "$STATUS"
[ -f "$out" ] || fail "no export file"
ls "$SCRATCH" | grep -q 'out\.csv\.' && fail "a temporary file was left: $(ls "$SCRATCH")"

# GB18030 without a byte-order mark: iconv reads it, and it is not UTF-8.
utf8=$(iconv -f GB18030 -t UTF-8 "$out") || fail "the export is not GB18030"
iconv -f UTF-8 -t UTF-8 "$out" >/dev/null 2>&1 && fail "the export is UTF-8, not GB18030"
expect_eq "no byte-order mark" "d0f2" "$(head -c 2 "$out" | od -An -tx1 | tr -d ' \n')"
expect_eq "header" "序号,乡镇（街道）,村（社区）,公民身份证号码,姓名,性别,民族,出生日期,户口所在地,常住所在地,联系手机,就业状态,单位全称,养老,医疗,工伤,失业,生育,未参保原因,异地参保,数据来源,比对结果,比对说明" \
  "$(echo "$utf8" | head -n 1 | tr -d '\r')"

# Header and 142 rows (round 1 has no line breaks inside fields), each
# ending in CRLF; 序号 runs 1..142.
expect_eq "lines" 143 "$(echo "$utf8" | grep -c .)"
expect_eq "CRLF lines" 143 "$(grep -c "$(printf '\r')\$" "$out")"
expect_eq "last 序号" 142 "$(echo "$utf8" | tail -n 1 | cut -d, -f1)"

mode=$(stat -c %a "$out")
case "$mode" in
  *0) ;;
  *) fail "the export is readable by others: mode $mode" ;;
esac

# The round trip: every row unchanged, nothing rejected.
run_canbao --db "$db" import upstream "$out"
expect_eq "re-import status" 0 "$STATUS"
expect_contains "re-import summary" "out.csv: 142 rows: 0 imported, 142 unchanged, 0 rejected, 0 warnings" "$OUT"

# UTF-8 on request: the same text.
run_canbao --db "$db" export upstream --encoding utf-8 -o "$SCRATCH/utf8.csv"
expect_eq "utf-8 export status" 0 "$STATUS"
iconv -f GB18030 -t UTF-8 "$out" | cmp -s - "$SCRATCH/utf8.csv" ||
  fail "the UTF-8 export is not the GB18030 one converted"

# Standard output when it is not a terminal; usage errors.
run_canbao --db "$db" export upstream
expect_eq "export to a pipe" 143 "$(printf '%s\n' "$OUT" | iconv -f GB18030 -t UTF-8 | grep -c .)"
run_canbao --db "$db" export upstream --encoding latin1 -o "$SCRATCH/x.csv"
expect_eq "bad encoding status" 2 "$STATUS"
run_canbao --db "$db" export upstream --form registration -o "$SCRATCH/x.csv"
expect_eq "--form refused" 2 "$STATUS"
[ ! -e "$SCRATCH/x.csv" ] || fail "a refused export left a file"
run_canbao --db "$db" export upstream --help
expect_eq "--help status" 0 "$STATUS"
expect_contains "--help names upstream" "upstream" "$OUT"
exit 0
