#!/bin/sh
# tests/bench/run.sh — `make bench`: canbao beside its peers, in one run.
#
# Makes a synthetic county (tests/gen-county) of 10,000, 100,000 and
# BENCH_N people, imports each into canbao and into sqlite3, looks people
# up with both, then runs the interactive benchmarks (tests/bench/*.sh:
# memory, bytes on the wire, keystroke latency) on the 10,000 and the
# BENCH_N databases.  Every benchmark prints rows
#   ROW <tab> measure <tab> canbao <tab> peer <tab> peer's figure <tab> unit <tab> goal
# and this script prints them as one table with the ratio canbao / peer,
# and writes the table, the machine and the date to BENCH_RESULTS.
#
# Environment: CANBAO, GEN_COUNTY, BENCH_BIN (helper programs), top_srcdir,
# BENCH_N (default 1000000), BENCH_WORK (scratch; kept between runs, the
# generated files are reused), BENCH_RESULTS (default
# $top_srcdir/tests/bench/RESULTS.md), BENCH_LOOKUPS (default 200).
set -eu

: "${BENCH_N:=1000000}"
: "${BENCH_WORK:=$(pwd)/bench-work}"
: "${BENCH_RESULTS:=$top_srcdir/tests/bench/RESULTS.md}"
: "${BENCH_LOOKUPS:=200}"
export CANBAO_FORMSDIR="${CANBAO_FORMSDIR:-$top_srcdir/forms}"
export LC_ALL=zh_CN.UTF-8 LANG=zh_CN.UTF-8
mkdir -p "$BENCH_WORK"
rows="$BENCH_WORK/rows.tsv"
: >"$rows"

say() { printf '%s\n' "$*" >&2; }
row() { printf 'ROW\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$rows"; }
now_ns() { date +%s%N; }
# seconds between two now_ns readings, 3 decimals
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'; }
# peak RSS in MB of a command: "$1" names the file for /usr/bin/time
peak_mb() { awk '{ printf "%.1f", $1 / 1024 }' "$1"; }
# bytes of a canbao database: its data files and logs, not the regions
# (__db.*, which are the shared cache and lock tables and have a fixed size)
db_mb() { du -cb "$1"/*.db "$1"/log.* | awk 'END { printf "%.1f", $1 / 1048576 }'; }

sqlite_schema='CREATE TABLE upstream (序号, 乡镇 TEXT, 村 TEXT,
  公民身份证号码 TEXT NOT NULL, 姓名 TEXT NOT NULL, 性别, 民族, 出生日期,
  户口所在地, 常住所在地, 联系手机, 就业状态, 单位全称, 养老, 医疗, 工伤, 失业,
  生育, 未参保原因, 异地参保, 数据来源 TEXT NOT NULL, 比对结果 TEXT NOT NULL,
  比对说明, PRIMARY KEY (公民身份证号码, 数据来源));'

# The same work as canbao's import, as near as sqlite3 can say it: the
# indices canbao keeps (name, village, reconciliation queue) and an audit
# row holding every value of the row, with who, when and what.
sqlite_like_canbao="$sqlite_schema
CREATE INDEX by_name ON upstream (姓名);
CREATE INDEX by_village ON upstream (村);
CREATE INDEX by_queue ON upstream (乡镇, 村, 比对结果);
CREATE TABLE audit (seq INTEGER PRIMARY KEY, id TEXT, user TEXT, time TEXT,
  action TEXT, changes TEXT);
CREATE INDEX audit_by_id ON audit (id);
CREATE TRIGGER audit_insert AFTER INSERT ON upstream BEGIN
  INSERT INTO audit (id, user, time, action, changes)
  VALUES (NEW.公民身份证号码, 'bench', datetime('now'), 'import',
    json_array(NEW.序号, NEW.乡镇, NEW.村, NEW.姓名, NEW.性别, NEW.民族,
      NEW.出生日期, NEW.户口所在地, NEW.常住所在地, NEW.联系手机, NEW.就业状态,
      NEW.单位全称, NEW.养老, NEW.医疗, NEW.工伤, NEW.失业, NEW.生育,
      NEW.未参保原因, NEW.异地参保, NEW.数据来源, NEW.比对结果, NEW.比对说明));
END;"

# sqlite3 importing FILE with SCHEMA into DB: "seconds peak-MB"
sqlite_import() {
  rm -f "$3"
  t0=$(now_ns)
  printf '%s\n.mode csv\n.import --skip 1 %s upstream\n' "$1" "$2" |
    /usr/bin/time -f %M -o "$BENCH_WORK/rss" sqlite3 "$3"
  t1=$(now_ns)
  echo "$(secs "$t0" "$t1") $(peak_mb "$BENCH_WORK/rss")"
}

# ---- data: the same people in GB18030 for canbao, UTF-8 for sqlite3
generate() {
  n=$1
  if [ ! -s "$BENCH_WORK/county-$n.csv" ]; then
    say "generating $n people"
    "$GEN_COUNTY" -n "$n" -f "$BENCH_WORK/forms-$n.csv" \
      -o "$BENCH_WORK/county-$n.csv"
    "$GEN_COUNTY" -n "$n" -e utf-8 -o "$BENCH_WORK/county-$n-utf8.csv"
  fi
}

# ---- import: canbao vs sqlite3, the same rows
import_both() {
  n=$1
  db="$BENCH_WORK/db-$n" sq="$BENCH_WORK/sqlite-$n.db"
  rm -rf "$db" "$sq"
  nrows=$(($(wc -l <"$BENCH_WORK/county-$n-utf8.csv") - 1))
  say "canbao import upstream: $n people, $nrows rows"
  t0=$(now_ns)
  /usr/bin/time -f %M -o "$BENCH_WORK/rss" \
    "$CANBAO" -d "$db" import upstream "$BENCH_WORK/county-$n.csv" >&2
  t1=$(now_ns)
  canbao_s=$(secs "$t0" "$t1") canbao_rss=$(peak_mb "$BENCH_WORK/rss")
  say "sqlite3 .import: $nrows rows, primary key only"
  set -- $(sqlite_import "$sqlite_schema" "$BENCH_WORK/county-$n-utf8.csv" "$sq")
  sqlite_s=$1 sqlite_rss=$2
  got=$(sqlite3 "$sq" 'SELECT count(*) FROM upstream')
  [ "$got" -eq "$nrows" ] || { say "sqlite3 imported $got of $nrows rows"; exit 1; }
  row "import, $n people ($nrows rows)" "$canbao_s" "sqlite3 .import" \
    "$sqlite_s" s "ratio <= 1.0"
  say "sqlite3 .import: $nrows rows, canbao's indices and an audit row each"
  set -- $(sqlite_import "$sqlite_like_canbao" \
    "$BENCH_WORK/county-$n-utf8.csv" "$BENCH_WORK/sqlite-full.db")
  row "import, $n people, peer doing canbao's work" "$canbao_s" \
    "sqlite3 + indices + audit trigger" "$1" s -
  rm -f "$BENCH_WORK/sqlite-full.db"
  row "import rate, $n people" \
    "$(awk -v r="$nrows" -v s="$canbao_s" 'BEGIN { printf "%.0f", r / s }')" \
    "sqlite3 .import" \
    "$(awk -v r="$nrows" -v s="$sqlite_s" 'BEGIN { printf "%.0f", r / s }')" \
    rows/s -
  row "database size, $n people" "$(db_mb "$db")" "sqlite3" \
    "$(du -b "$sq" | awk '{ printf "%.1f", $1 / 1048576 }')" MB -
  row "peak RSS of the import, $n people" "$canbao_rss" "sqlite3 .import" \
    "$sqlite_rss" MB -
  say "canbao import records: the keyed forms"
  t0=$(now_ns)
  "$CANBAO" -d "$db" import records --form registration \
    "$BENCH_WORK/forms-$n.csv" >&2
  t1=$(now_ns)
  row "import records (keyed forms, $(($(wc -l <"$BENCH_WORK/forms-$n.csv") - 1))), $n people" \
    "$(secs "$t0" "$t1")" - - s -
}

# ---- lookup: one person, a whole process each time
lookup_both() {
  n=$1
  db="$BENCH_WORK/db-$n" sq="$BENCH_WORK/sqlite-$n.db"
  # Every k-th person of the file, so the IDs spread over the key space.
  cut -d, -f4 "$BENCH_WORK/county-$n-utf8.csv" | sed 1d |
    awk -v k="$(( n / BENCH_LOOKUPS + 1 ))" 'NR % k == 1' |
    head -n "$BENCH_LOOKUPS" >"$BENCH_WORK/ids"
  count=$(wc -l <"$BENCH_WORK/ids")
  say "lookups: $count people, canbao show vs sqlite3"
  t0=$(now_ns)
  while read -r id; do
    "$CANBAO" -d "$db" show "$id" >/dev/null
  done <"$BENCH_WORK/ids"
  t1=$(now_ns)
  canbao_ms=$(awk -v a="$t0" -v b="$t1" -v c="$count" \
    'BEGIN { printf "%.2f", (b - a) / 1e6 / c }')
  t0=$(now_ns)
  while read -r id; do
    sqlite3 "$sq" "SELECT * FROM upstream WHERE 公民身份证号码 = '$id'" >/dev/null
  done <"$BENCH_WORK/ids"
  t1=$(now_ns)
  sqlite_ms=$(awk -v a="$t0" -v b="$t1" -v c="$count" \
    'BEGIN { printf "%.2f", (b - a) / 1e6 / c }')
  row "lookup by ID, whole process, $n people" "$canbao_ms" \
    "sqlite3 SELECT by key" "$sqlite_ms" ms/lookup "ratio <= 1.0"
}

for n in 10000 100000 "$BENCH_N"; do
  generate "$n"
done
for n in $(printf '%s\n' 10000 100000 "$BENCH_N" | sort -nu); do
  import_both "$n"
done
lookup_both "$BENCH_N"

# ---- the interactive benchmarks
export BENCH_DB_SMALL="$BENCH_WORK/db-10000" BENCH_DB_LARGE="$BENCH_WORK/db-$BENCH_N"
export BENCH_N BENCH_WORK BENCH_BIN CANBAO top_srcdir
for script in "$top_srcdir"/tests/bench/*.sh; do
  case $script in */run.sh) continue ;; esac
  say "== $(basename "$script")"
  sh "$script" | grep '^ROW	' >>"$rows"
done

# ---- the table
table=$(awk -F '\t' '
  BEGIN {
    print "| measure | canbao | peer | peer | unit | canbao / peer | goal |"
    print "| --- | ---: | --- | ---: | --- | ---: | --- |"
  }
  {
    ratio = ($5 + 0 > 0 && $3 ~ /^[0-9.]+$/) ? sprintf("%.2f", $3 / $5) : "-"
    printf "| %s | %s | %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $6, ratio, $7
  }' "$rows")
printf '%s\n' "$table"

cpu=$(awk -F ': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
{
  printf '# Benchmark results\n\n'
  printf 'Written by `make bench` (tests/bench/run.sh); do not edit by hand.\n\n'
  printf -- '- date: %s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
  printf -- '- canbao: %s (%s)\n' "$("$CANBAO" --version | head -n 1)" \
    "$(cd "$top_srcdir" && git rev-parse --short HEAD 2>/dev/null || echo release)"
  printf -- '- machine: %s, %s cores, %s MB RAM, %s\n' "$cpu" "$(nproc)" \
    "$(awk '/^MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo)" "$(uname -sr)"
  printf -- '- peers: %s; %s; %s\n' "sqlite3 $(sqlite3 --version | cut -d' ' -f1)" \
    "$(dialog --version 2>/dev/null | head -n 1 || echo 'dialog missing')" \
    "$(htop --version 2>/dev/null | head -n 1 || echo 'htop missing')"
  printf -- '- N = %s people; lookups: %s IDs\n\n' "$BENCH_N" "$BENCH_LOOKUPS"
  printf '%s\n' "$table"
} >"$BENCH_RESULTS"
say "written to $BENCH_RESULTS"
