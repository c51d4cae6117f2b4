# canbao export sheet: one village's 核对表 as CSV and as printed pages,
# compared byte for byte with tests/expected (UTF-8; the files themselves
# are GB18030), the people of the village and nobody else, the options it
# refuses, and the file's mode.
. "$top_srcdir/tests/lib.sh"
export LC_ALL=zh_CN.UTF-8
db="$SCRATCH/db"
expected="$top_srcdir/tests/expected"

# Seven keyed people of 团山湖村 in ID order 王五, 张三, 李𠮷, 赵小红,
# 孙小美 (430112…), 阿依古丽·买买提 (430122…, the old 望城县), 周八
# (650102…), and 钱九 of 团山湖村东, whose name starts with this one's.
# 张三's and 阿依古丽·买买提's units are cut on paper; 李𠮷 and 周八 leave
# the places above the form blank.
printf '%s\r\n' \
  '市,县（市、区）,乡镇（街道）,村（社区）,姓名,性别,民族,公民身份证号码,就业状态,工作单位全名称,无单位,单位类型（单选）,户口所在地（省/自治区/直辖市）,户口所在地（地/市/州）,户口所在地（区/县）,常住所在地地址（省/自治区/直辖市）,常住所在地地址（地/市/州）,常住所在地地址（区/县）,（乡镇/街道）,（村/社区）,（街/路/巷/门牌号）,手机（联系电话）,养老保险,医疗保险（单选）,失业保险,工伤保险,生育保险,未参保原因,经办人签名' \
  '长沙市,望城区,白箬铺镇,团山湖村,王五,男,汉族,430112195003030031,无单位,,已办理离退休手续或已领取养老待遇,,湖南省,长沙市,望城区,湖南省,长沙市,望城区,白箬铺镇,团山湖村,3组12号,13807310001,城乡居民基本养老保险（含城居保和新农保）、被征地农民养老保障（单建制度）,城镇居民（含城乡统筹）基本医疗保险,,,,,李四' \
  '长沙市,望城区,白箬铺镇,团山湖村,张三,男,汉族,430112198001010014,已单位就业,长沙市望城区白箬铺镇团山湖村农机专业合作社,,企业,湖南省,长沙市,望城区,湖南省,长沙市,望城区,白箬铺镇,团山湖村,5组3号,13807310002,城镇职工基本养老保险,城镇职工基本医疗保险,失业保险,工伤保险,生育保险,,李四' \
  ',,,团山湖村,李𠮷,女,汉族,430112198502020026,无单位,,灵活就业,,湖南省,长沙市,望城区,广东省,深圳市,福田区,华富街道,,莲花北村2栋301,13807310003,城乡居民基本养老保险（含城居保和新农保）,城镇居民（含城乡统筹）基本医疗保险,,,,,李四' \
  '长沙市,望城区,白箬铺镇,团山湖村,赵小红,女,汉族,430112199004040045,无单位,,未就业,,湖南省,长沙市,望城区,,,,,,,,,,,,,人户分离，联系不上,李四' \
  '长沙市,望城区,白箬铺镇,团山湖村,孙小美,女,汉族,430112201508080083,无单位,,学龄前,,湖南省,长沙市,望城区,湖南省,长沙市,望城区,白箬铺镇,团山湖村,3组12号,,,城镇居民（含城乡统筹）基本医疗保险,,,,,李四' \
  '长沙市,望城区,白箬铺镇,团山湖村,阿依古丽·买买提,女,维吾尔族,430122198806060062,已单位就业,长沙市望城区白箬铺镇团山湖村某某家政服务有限公司,,企业,湖南省,长沙市,望城县,湖南省,长沙市,望城区,白箬铺镇,团山湖村,7组1号,13807310006,城镇职工基本养老保险,城镇职工基本医疗保险,,工伤保险,,,李四' \
  ',,,团山湖村,周八,男,汉族,650102199207070074,已单位就业,团山湖村村民委员会,,城市（农村）居（村）民委员会,新疆维吾尔自治区,乌鲁木齐市,天山区,湖南省,长沙市,望城区,白箬铺镇,团山湖村,1组8号,13807310007,机关事业养老保险,城镇职工基本医疗保险,,工伤保险,,,李四' \
  '长沙市,望城区,白箬铺镇,团山湖村东,钱九,男,汉族,430112196001010015,无单位,,未就业,,湖南省,长沙市,望城区,,,,,,,,城乡居民基本养老保险（含城居保和新农保）,,,,,,李四' \
  >"$SCRATCH/people.csv"
run_canbao --db "$db" import records --form registration "$SCRATCH/people.csv"
expect_eq "import status" 0 "$STATUS"
expect_contains "import summary" "8 rows: 8 imported" "$OUT"

# 刘七 has no keyed form: his 公安 row gives what it has, the 社保 row the
# rest.  李𠮷 is insured elsewhere according to 社保.
printf '%s\r\n' \
  '乡镇（街道）,村（社区）,公民身份证号码,姓名,性别,户口所在地,常住所在地,联系手机,就业状态,单位全称,养老,医疗,工伤,失业,生育,未参保原因,异地参保,数据来源,比对结果' \
  '白箬铺镇,团山湖村,430112197505050058,刘七,男,湖南省长沙市望城区白箬铺镇团山湖村,,,灵活就业,,,,,,,,,公安,13' \
  '白箬铺镇,团山湖村,430112197505050058,刘七,男,湖南省长沙市望城区,广东省深圳市宝安区西乡街道,13907310005,灵活就业,,城乡居民基本养老保险,,否,否,否,,广东省深圳市,社保,13' \
  '白箬铺镇,团山湖村,430112198502020026,李𠮷,女,,,,灵活就业,,城乡居民基本养老保险,城镇居民基本医疗保险,,,,,浙江省杭州市,社保,13' \
  >"$SCRATCH/upstream.csv"
run_canbao --db "$db" import upstream "$SCRATCH/upstream.csv"
expect_eq "upstream import status" 0 "$STATUS"

signed="--clerk 张小丽 --phone 13874310000 --reviewer 李建国 --head 王志强 --date 2025-03-08"

# The CSV, GB18030 by default.
run_canbao --db "$db" export sheet --village 团山湖村 --format csv $signed -o "$SCRATCH/sheet.csv"
expect_eq "csv status" 0 "$STATUS"
iconv -f GB18030 -t UTF-8 "$SCRATCH/sheet.csv" >"$SCRATCH/sheet-utf8.csv" ||
  fail "the CSV is not GB18030"
cmp "$SCRATCH/sheet-utf8.csv" "$expected/sheet-团山湖村.csv" ||
  fail "the CSV differs from tests/expected/sheet-团山湖村.csv:
$(diff "$expected/sheet-团山湖村.csv" "$SCRATCH/sheet-utf8.csv")"
run_canbao --db "$db" export sheet --village 团山湖村 --format csv --encoding utf-8 $signed -o "$SCRATCH/sheet-u.csv"
cmp -s "$SCRATCH/sheet-u.csv" "$expected/sheet-团山湖村.csv" ||
  fail "--encoding utf-8 is not the GB18030 CSV converted"
mode=$(stat -c %a "$SCRATCH/sheet.csv")
expect_eq "the sheet's mode" 660 "$mode"

# The printed pages, 15 lines each: five people a page, two pages, the
# second with two blank lines above its footer.
run_canbao --db "$db" export sheet --village 团山湖村 --lines 15 $signed -o "$SCRATCH/sheet.txt"
expect_eq "text status" 0 "$STATUS"
iconv -f GB18030 -t UTF-8 "$SCRATCH/sheet.txt" >"$SCRATCH/sheet-utf8.txt" ||
  fail "the text is not GB18030"
cmp "$SCRATCH/sheet-utf8.txt" "$expected/sheet-团山湖村.txt" ||
  fail "the text differs from tests/expected/sheet-团山湖村.txt:
$(diff "$expected/sheet-团山湖村.txt" "$SCRATCH/sheet-utf8.txt")"
expect_eq "pages" 1 "$(tr -cd '\f' <"$SCRATCH/sheet.txt" | wc -c)"
expect_eq "lines" 30 "$(wc -l <"$SCRATCH/sheet.txt")"

# The default: 60 lines, one page, to a pipe; the text format by default.
run_canbao --db "$db" export sheet --village 团山湖村 $signed
expect_eq "default status" 0 "$STATUS"
"$CANBAO" --db "$db" export sheet --village 团山湖村 $signed | wc -l >"$SCRATCH/n"
expect_eq "default lines" 60 "$(cat "$SCRATCH/n")"
"$CANBAO" --db "$db" export sheet --village 团山湖村 $signed --encoding utf-8 >"$SCRATCH/u.txt"
expect_contains "第 1 页 共 1 页" "第 1 页 共 1 页" "$(cat "$SCRATCH/u.txt")"
expect_not_contains "钱九 is in another village" "钱九" "$(cat "$SCRATCH/u.txt")"
# Without --date, today; without --clerk, a blank to fill in.
"$CANBAO" --db "$db" export sheet --village 团山湖村 --encoding utf-8 >"$SCRATCH/today.txt"
expect_contains "today" "填报时间：$(date +%Y)年$(date +%-m)月$(date +%-d)日" "$(cat "$SCRATCH/today.txt")"
expect_contains "blank clerk" "经办人：____________" "$(cat "$SCRATCH/today.txt")"

# Refused, and no file left behind.
run_canbao --db "$db" export sheet --village 无此村 -o "$SCRATCH/none.txt"
expect_eq "unknown village status" 1 "$STATUS"
expect_contains "unknown village named" "无此村" "$ERR"
[ ! -e "$SCRATCH/none.txt" ] || fail "an empty sheet was written"
run_canbao --db "$db" export sheet --village 团山湖村 --lines 5 -o "$SCRATCH/x.txt"
expect_eq "too few lines" 2 "$STATUS"
run_canbao --db "$db" export sheet --village 团山湖村 --format csv --lines 20 -o "$SCRATCH/x.txt"
expect_eq "--lines with csv" 2 "$STATUS"
run_canbao --db "$db" export sheet --village 团山湖村 --format pdf -o "$SCRATCH/x.txt"
expect_eq "unknown format" 2 "$STATUS"
run_canbao --db "$db" export sheet --village 团山湖村 --date 2025-02-30 -o "$SCRATCH/x.txt"
expect_eq "bad date" 2 "$STATUS"
run_canbao --db "$db" export sheet --village 团山湖村 --phone 12345 -o "$SCRATCH/x.txt"
expect_eq "bad phone" 2 "$STATUS"
run_canbao --db "$db" export sheet -o "$SCRATCH/x.txt"
expect_eq "no village" 2 "$STATUS"
[ ! -e "$SCRATCH/x.txt" ] || fail "a refused export left a file"
run_canbao --db "$db" export sheet --help
expect_eq "--help status" 0 "$STATUS"
expect_contains "--help" "--village" "$OUT"
exit 0
