# canbao id: normalising, checking, and what each line says.
. "$top_srcdir/tests/lib.sh"
export LC_ALL=zh_CN.UTF-8
tab=$(printf '\t')

run_canbao id 430103198407172172
expect_eq "valid status" 0 "$STATUS"
expect_eq "valid line" "430103198407172172${tab}ok${tab}1984-07-17${tab}男${tab}湖南省长沙市天心区" "$OUT"

# An abolished region (望城县, 2011) still has its name.
run_canbao id 430122199207149625
expect_eq "abolished region" "430122199207149625${tab}ok${tab}1992-07-14${tab}女${tab}湖南省长沙市望城县" "$OUT"

# Full-width digits, lower-case x, ideographic spaces, a 15-digit ID.
run_canbao id '　４３０１０３１９８４０７１７２１７２　' 43010219980525098x 430122650312123
expect_eq "normalised status" 0 "$STATUS"
expect_eq "normalised lines" "430103198407172172${tab}ok${tab}1984-07-17${tab}男${tab}湖南省长沙市天心区
43010219980525098X${tab}ok${tab}1998-05-25${tab}女${tab}湖南省长沙市芙蓉区
430122196503121236${tab}ok${tab}1965-03-12${tab}男${tab}湖南省长沙市望城县" "$OUT"

# A wrong check character is rejected, and the status says so.
run_canbao id 430103201505113460 430103198407172172
expect_eq "invalid status" 1 "$STATUS"
first=$(printf '%s\n' "$OUT" | head -n 1)
expect_contains "invalid line" "430103201505113460${tab}invalid: " "$first"
expect_eq "second still checked" 2 "$(printf '%s\n' "$OUT" | wc -l)"

run_canbao id 4301031984
expect_eq "short status" 1 "$STATUS"
expect_contains "short reason" "invalid:" "$OUT"

# An unknown region is a warning, not a rejection.
run_canbao id 990000198407172170 990000198407172171 990000198407172172 \
  990000198407172173 990000198407172174 990000198407172175 990000198407172176 \
  990000198407172177 990000198407172178 990000198407172179 99000019840717217X
valid=$(printf '%s\n' "$OUT" | grep -c "${tab}ok${tab}")
expect_eq "exactly one check character fits" 1 "$valid"
expect_contains "unknown region warns" "990000" "$ERR"

# Standard input, one per line.
printf '430103198407172172\n430105198512128854\n' > "$SCRATCH/ids"
"$CANBAO" id - < "$SCRATCH/ids" > "$SCRATCH/out" && STATUS=0 || STATUS=$?
expect_eq "stdin status" 0 "$STATUS"
expect_eq "stdin lines" 2 "$(wc -l < "$SCRATCH/out")"

# GB18030 terminals: full-width input arrives in GB18030, output leaves in it.
printf '４３０１２２１９９２０７１４９６２５\n' | iconv -f UTF-8 -t GB18030 > "$SCRATCH/gb"
LC_ALL=zh_CN.GB18030 "$CANBAO" id - < "$SCRATCH/gb" > "$SCRATCH/out" && STATUS=0 || STATUS=$?
expect_eq "GB18030 status" 0 "$STATUS"
expect_eq "GB18030 output" "430122199207149625${tab}ok${tab}1992-07-14${tab}女${tab}湖南省长沙市望城县" \
  "$(iconv -f GB18030 -t UTF-8 < "$SCRATCH/out")"

run_canbao id
expect_eq "no ID is a usage error" 2 "$STATUS"
exit 0
