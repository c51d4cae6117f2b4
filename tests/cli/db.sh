# canbao db verify and db backup, and the permissions of what they make.
. "$top_srcdir/tests/lib.sh"
export LC_ALL=zh_CN.UTF-8
db="$SCRATCH/db"

# Any command opens (and so creates) the database; even under umask 000
# nothing in it is readable or writable by others.
(umask 000 && "$CANBAO" --db "$db" show 430103198407172172 >/dev/null 2>&1) || true
[ -d "$db" ] || fail "the database directory was not created"
expect_eq "created files not open to others" "" "$(find "$db" -perm /o=rwx)"

run_canbao --db "$db" db verify
expect_eq "verify status" 0 "$STATUS"

# Berkeley DB's own tools read every database file.
for f in "$db"/*.db; do
  "${DB_VERIFY:-db5.3_verify}" -q -h "$db" "$(basename "$f")" ||
    fail "db5.3_verify rejects $(basename "$f")"
done

run_canbao --db "$db" db backup "$SCRATCH/backup"
expect_eq "backup status" 0 "$STATUS"
expect_eq "backup not open to others" "" "$(find "$SCRATCH/backup" -perm /o=rwx)"
run_canbao --db "$SCRATCH/backup" db verify
expect_eq "backup verifies" 0 "$STATUS"

# A damaged file is found.
cp -r "$db" "$SCRATCH/damaged"
f=$(ls "$SCRATCH/damaged"/*.db | head -n 1)
size=$(wc -c < "$f")
dd if=/dev/urandom of="$f" bs=1 count=512 seek=$((size / 2)) conv=notrunc 2>/dev/null
printf 'garbage' | dd of="$f" bs=1 seek=0 conv=notrunc 2>/dev/null
run_canbao --db "$SCRATCH/damaged" db verify
[ "$STATUS" -ne 0 ] || fail "a damaged database verified"

run_canbao --db "$db" db
expect_eq "db without a subcommand" 2 "$STATUS"
run_canbao --db "$db" db backup
expect_eq "backup without DIR" 2 "$STATUS"
exit 0
