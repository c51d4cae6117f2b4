# --help, --version, usage errors and write errors (GNU conventions).
. "$top_srcdir/tests/lib.sh"

run_canbao --help
expect_eq "--help status" 0 "$STATUS"
expect_contains "--help lists id" "id ID..." "$OUT"
expect_contains "--help lists db" "db verify" "$OUT"
expect_contains "--help names --db" "--db=DIR" "$OUT"

run_canbao --version
expect_eq "--version status" 0 "$STATUS"
expect_contains "--version" "canbao 0.1.0" "$OUT"

LC_ALL=zh_CN.UTF-8 run_canbao --help
expect_contains "Chinese --help" "用法" "$OUT"

LC_ALL=zh_CN.GB18030 run_canbao --help
utf8=$(printf '%s' "$OUT" | iconv -f GB18030 -t UTF-8)
expect_contains "GB18030 --help is GB18030" "用法" "$utf8"

run_canbao --no-such-option
expect_eq "unknown option status" 2 "$STATUS"
expect_contains "unknown option hint" "--help" "$ERR"

run_canbao frobnicate
expect_eq "unknown command status" 2 "$STATUS"
expect_contains "unknown command named" "frobnicate" "$ERR"

# Output that cannot be written is an error, not silence.
if [ -w /dev/full ]; then
  "$CANBAO" --help >/dev/full 2>"$SCRATCH/err" && STATUS=0 || STATUS=$?
  expect_eq "--help >/dev/full status" 2 "$STATUS"
  expect_contains "--help >/dev/full message" "write error" "$(cat "$SCRATCH/err")"
  "$CANBAO" id 430103198407172172 >/dev/full 2>"$SCRATCH/err" && STATUS=0 || STATUS=$?
  expect_eq "id >/dev/full status" 2 "$STATUS"
else
  fail "/dev/full is not writable here"
fi
exit 0
