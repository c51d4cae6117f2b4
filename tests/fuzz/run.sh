#!/bin/sh
# tests/fuzz/run.sh — builds canbao's libFuzzer harnesses and runs each.
#
#   run.sh SRCDIR BUILDDIR [HARNESS...]      (`make fuzz` passes both)
#
# The library's curses-free sources and the harnesses are compiled with
# clang -fsanitize=fuzzer,address,undefined into BUILDDIR/fuzz, apart from
# the gcc build whose config.h they share.  Each harness first replays its
# regression inputs (tests/fuzz/regress/NAME/), then fuzzes for
# FUZZ_SECONDS from a corpus kept in BUILDDIR/fuzz/corpus/NAME and seeds
# made afresh from the sample files.  One summary line per harness; the
# exit status is non-zero when any of them crashed, leaked, hung or broke
# an invariant, and the input that did it is left in BUILDDIR/fuzz/artifacts.
#
# Environment: FUZZ_SECONDS (60), FUZZ_CC (clang), FUZZ_LIBS (the libraries
# canbao links: -ldb-5.3), FUZZ_WARN_CFLAGS (warnings, e.g. -Werror),
# FUZZ_JOBS (parallel compiles, 2).
set -eu

if [ $# -lt 2 ]; then
  echo "usage: $0 SRCDIR BUILDDIR [HARNESS...]" >&2
  exit 2
fi
srcdir=$(cd "$1" && pwd)
builddir=$(cd "$2" && pwd)
shift 2
all="csv upstream idnum formdef record charset"
harnesses=${*:-$all}
seconds=${FUZZ_SECONDS:-60}
cc=${FUZZ_CC:-clang}
libs=${FUZZ_LIBS:--ldb-5.3}
jobs=${FUZZ_JOBS:-2}
out=$builddir/fuzz
here=$srcdir/tests/fuzz

# The largest input worth trying per harness: a few rows of an upstream
# file, a whole form definition, an ID with room for blanks around it.
max_len() {
  case $1 in
    idnum) echo 64 ;;
    record|csv) echo 4096 ;;
    upstream|charset) echo 8192 ;;
    formdef) echo 16384 ;;
  esac
}

command -v "$cc" >/dev/null 2>&1 || {
  echo "fuzz: $cc not found (Debian packages: clang libclang-rt-14-dev)" >&2
  exit 2
}

# ------------------------------------------------------------------ build
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-std=c11 -g -O1 -fno-omit-frame-pointer $san ${FUZZ_WARN_CFLAGS:-}"
cppflags="-I$builddir -I$srcdir/src -I$here -DFORMSDIR=\"$srcdir/forms\""
mkdir -p "$out/obj"

# True when $1 is missing or older than any of the rest.
stale() {
  target=$1
  shift
  [ -e "$target" ] || return 0
  for dep in "$@"; do
    [ "$dep" -nt "$target" ] && return 0
  done
  return 1
}

# Everything a compile depends on besides its own source.
common_deps="$builddir/config.h $0 $(ls "$srcdir"/src/*.h "$here"/fuzz.h)"

# The library's sources that know nothing of curses: all but the program,
# the screens and the subcommands.
objs=""
todo=""
for src in "$srcdir"/src/*.c; do
  name=$(basename "$src" .c)
  case $name in main|ui_*|cmd*) continue ;; esac
  obj=$out/obj/$name.o
  objs="$objs $obj"
  # shellcheck disable=SC2086
  stale "$obj" "$src" $common_deps && todo="$todo $src $obj"
done
if [ -n "$todo" ]; then
  echo "fuzz: compiling the library with $cc"
  # The flags reach the compiles through the environment, so that the
  # quotes around FORMSDIR's value survive.
  compile="$cc $cflags -fsanitize=fuzzer-no-link $cppflags"
  # shellcheck disable=SC2086
  printf '%s %s\n' $todo | FUZZ_COMPILE=$compile xargs -P "$jobs" -n 2 \
    sh -c 'exec $FUZZ_COMPILE -c "$0" -o "$1"'
  rm -f "$out/libcanbao-fuzz.a"
fi
if [ ! -e "$out/libcanbao-fuzz.a" ]; then
  # shellcheck disable=SC2086
  ar rcs "$out/libcanbao-fuzz.a" $objs
fi
for h in $harnesses; do
  [ -f "$here/fuzz_$h.c" ] || { echo "fuzz: no harness '$h'" >&2; exit 2; }
  # shellcheck disable=SC2086
  if stale "$out/fuzz_$h" "$here/fuzz_$h.c" "$out/libcanbao-fuzz.a" \
       $common_deps; then
    $cc $cflags -fsanitize=fuzzer $cppflags "$here/fuzz_$h.c" \
      "$out/libcanbao-fuzz.a" $libs -o "$out/fuzz_$h"
  fi
done

# ------------------------------------------------------------------ seeds
# Made at every run from the files the tree already has; only what the
# fuzzer finds beyond them is kept, in the corpus directory.
seed() {
  dir=$out/seeds/$1
  rm -rf "$dir"
  mkdir -p "$dir"
  case $1 in
    csv|upstream|charset)
      cp "$srcdir"/tests/upstream-samples/*.csv "$srcdir"/src/demo/*.csv "$dir" ;;
    formdef)
      cp "$srcdir"/forms/*.form "$dir" ;;
    idnum)
      # Every form of writing an ID the spec and idnum.h name: full-width
      # digits, lower-case x, 15 digits, ideographic spaces.
      n=0
      for id in 430103198407172172 11010519491231002X 11010519491231002x \
          430122650312123 43010319840717217 4301031984071721723 \
          430103190002290011 '  430103198407172172	' \
          '　４３０１０３１９８４０７１７２１７２　' '１１０１０５１９４９１２３１００２ｘ' \
          '１１０１０５１９４９１２３１００２Ｘ' '4301一3198407172172' ''; do
        n=$((n + 1))
        printf '%s' "$id" >"$dir/id$n"
      done
      grep -ao '[0-9]\{17\}[0-9Xx]' "$srcdir/src/demo/upstream-round1.csv" |
        sort -u | head -n 20 | while read -r id; do
          printf '%s' "$id" >"$dir/demo-$id"
        done ;;
    record)
      # Encodings as canbao-db(5) shows them: the empty record, one entry,
      # three in name order with a Chinese value and an empty one.
      printf '\241\000\000' >"$dir/empty"
      printf '\241\000\001\000\002id\000\000\000\022430103198407172172' \
        >"$dir/one"
      { printf '\241\000\003\000\005_form\000\000\000\014registration'
        printf '\000\004name\000\000\000\006张三'
        printf '\000\004note\000\000\000\000'; } >"$dir/three"
      printf '\241\000\002\000\001a\000\000\000\001x\000\001a\000\000\000\001y' \
        >"$dir/repeated-name" ;;
  esac
}

# --------------------------------------------------------------------- run
failed=0
mkdir -p "$out/artifacts" "$out/logs"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
for h in $harnesses; do
  bin=$out/fuzz_$h
  log=$out/logs/$h.log
  seed "$h"
  mkdir -p "$out/corpus/$h"
  : >"$log"

  # Inputs that once crashed: each one run once, before anything new.
  if ls "$here/regress/$h"/* >/dev/null 2>&1; then
    if ! "$bin" "$here/regress/$h"/* >>"$log" 2>&1; then
      echo "fuzz_$h: FAILED on a regression input"
      grep -E 'Running:|invariant broken|ERROR:|runtime error' "$log" |
        tail -n 4 | sed 's/^/  /'
      echo "  log: $log"
      failed=1
      continue
    fi
  fi

  dict=""
  [ -f "$here/$h.dict" ] && dict="-dict=$here/$h.dict"
  status=0
  # shellcheck disable=SC2086
  "$bin" -max_len="$(max_len "$h")" -timeout=10 -rss_limit_mb=2048 \
    -detect_leaks=1 -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/$h-" $dict \
    "$out/corpus/$h" "$out/seeds/$h" >>"$log" 2>&1 || status=$?

  if [ "$status" -ne 0 ]; then
    echo "fuzz_$h: FAILED (exit $status)"
    grep -E 'invariant broken|ERROR:|runtime error|Test unit written' \
      "$log" | head -n 4 | sed 's/^/  /'
    echo "  log: $log"
    failed=1
    continue
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  last=$(grep -E '^#[0-9]+.* cov: ' "$log" | tail -n 1)
  printf 'fuzz_%s: ok, %s execs in %s s (%s/s), cov %s, ft %s, corpus %s\n' \
    "$h" "$execs" "$seconds" "$rate" \
    "$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')" \
    "$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')" \
    "$(echo "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')"
done
exit $failed
