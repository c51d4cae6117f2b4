# tests/lib.sh — shared by the scripted tests (sourced, POSIX sh).
#
# The Makefile exports CANBAO (the binary), CANBAO_LOCALEDIR, top_srcdir,
# TMUX_BIN and DB_VERIFY.  Each test gets a scratch directory that is
# removed when it exits, and fails with a message that says what differed.

set -u
: "${CANBAO:?run through make check}"
TEST_NAME=$(basename "$0" .sh)
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/canbao-$TEST_NAME-XXXXXX")
TMUX_SOCKET="$SCRATCH/tmux.sock"
cleanup() {
  if [ -S "$TMUX_SOCKET" ]; then
    "${TMUX_BIN:-tmux}" -S "$TMUX_SOCKET" kill-server 2>/dev/null || true
  fi
  [ -n "${CANBAO_KEEP_TMP:-}" ] || rm -rf "$SCRATCH"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

fail() {
  echo "FAIL ($TEST_NAME): $*" >&2
  exit 1
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
  [ "$2" = "$3" ] || fail "$1: expected [$2], got [$3]"
}

# expect_contains WHAT NEEDLE HAYSTACK
expect_contains() {
  case "$3" in
    *"$2"*) ;;
    *) fail "$1: [$2] not found in:
$3" ;;
  esac
}

expect_not_contains() {
  case "$3" in
    *"$2"*) fail "$1: [$2] should not be in:
$3" ;;
  esac
}

# run_canbao ARGS...: runs the binary, leaving its output in $OUT, its
# standard error in $ERR and its exit status in $STATUS.
run_canbao() {
  "$CANBAO" "$@" >"$SCRATCH/out" 2>"$SCRATCH/err" && STATUS=0 || STATUS=$?
  OUT=$(cat "$SCRATCH/out")
  ERR=$(cat "$SCRATCH/err")
}

# ---------------------------------------------------------------- tmux
# The tmux server itself runs in a UTF-8 locale so that capture-pane gives
# UTF-8; a GB18030 canbao runs behind luit, as on a GBK/GB18030 terminal.

tmux_cmd() {
  "${TMUX_BIN:-tmux}" -S "$TMUX_SOCKET" "$@"
}

# tmux_start LOCALE TERM COMMAND...: a new 80x24 session running COMMAND
# (as one shell command line) in LOCALE with TERM; its exit status lands
# in $SCRATCH/exit.
tmux_start() {
  _locale=$1 _term=$2
  shift 2
  command -v "${TMUX_BIN:-tmux}" >/dev/null || fail "tmux is not installed (Debian package: tmux)"
  rm -f "$SCRATCH/exit"
  # A server just told to kill-server may still hold the old socket for a
  # moment, and a client that connects to it then sees "server exited
  # unexpectedly": every start gets a socket of its own.
  if [ -S "$TMUX_SOCKET" ]; then
    "${TMUX_BIN:-tmux}" -S "$TMUX_SOCKET" kill-server 2>/dev/null || true
  fi
  _tmux_starts=$(( ${_tmux_starts:-0} + 1 ))
  TMUX_SOCKET="$SCRATCH/tmux-$_tmux_starts.sock"
  _inner="env LANG=$_locale LC_ALL=$_locale TERM=$_term $*; echo \$? > '$SCRATCH/exit'; sleep 30"
  case "$_locale" in
    *[Gg][Bb]*)
      command -v luit >/dev/null || fail "luit is not installed (Debian package: luit)"
      _enc=$(echo "$_locale" | sed 's/.*\.//')
      # +kss: luit would otherwise read Esc and the key after it as an
      # ISO 2022 single shift and swallow them; a real GBK terminal sends
      # Esc as it is.
      _inner="luit +kss -encoding $_enc -- sh -c \"$(echo "$_inner" | sed 's/["$\\]/\\&/g')\""
      ;;
  esac
  LANG=C.UTF-8 LC_ALL=C.UTF-8 "${TMUX_BIN:-tmux}" -S "$TMUX_SOCKET" -f /dev/null \
    new-session -d -x 80 -y 24 -s canbao "$_inner"
  tmux_cmd set-option -t canbao status off >/dev/null
  tmux_cmd resize-window -t canbao -x 80 -y 24 2>/dev/null || true
}

# TMUX_TARGET names the session the helpers below talk to (tmux_add
# starts a second one beside the first).
TMUX_TARGET=canbao

tmux_screen() {
  tmux_cmd capture-pane -p -t "$TMUX_TARGET"
}

# tmux_wait_for TEXT [SECONDS]: until TEXT is on the screen.
tmux_wait_for() {
  _n=$(( ${2:-10} * 10 ))
  while [ "$_n" -gt 0 ]; do
    case "$(tmux_screen)" in *"$1"*) return 0 ;; esac
    sleep 0.1
    _n=$((_n - 1))
  done
  fail "waited for [$1]; the screen shows:
$(tmux_screen)"
}

# tmux_wait_exit [SECONDS]: until canbao has exited; its status in $STATUS.
tmux_wait_exit() {
  _n=$(( ${1:-10} * 10 ))
  while [ "$_n" -gt 0 ]; do
    if [ -s "$SCRATCH/exit" ]; then
      STATUS=$(cat "$SCRATCH/exit")
      return 0
    fi
    sleep 0.1
    _n=$((_n - 1))
  done
  fail "canbao did not exit; the screen shows:
$(tmux_screen)"
}

tmux_keys() {
  tmux_cmd send-keys -t "$TMUX_TARGET" "$@"
}

# tmux_escape: Esc.  luit (our GB18030 terminal) is left expecting the
# rest of an escape sequence after a lone Esc and drops a CJK character
# typed next; Ctrl-L (a redraw, harmless everywhere) puts it right.
tmux_escape() {
  tmux_keys Escape
  sleep 0.1
  tmux_keys C-l
}

# tmux_add NAME LOCALE TERM COMMAND...: a second 80x24 session NAME in the
# running server, for a second clerk; its exit status lands in
# $SCRATCH/exit-NAME.
tmux_add() {
  _name=$1 _locale=$2 _term=$3
  shift 3
  _inner="env LANG=$_locale LC_ALL=$_locale TERM=$_term $*; echo \$? > '$SCRATCH/exit-$_name'; sleep 30"
  LANG=C.UTF-8 LC_ALL=C.UTF-8 "${TMUX_BIN:-tmux}" -S "$TMUX_SOCKET" -f /dev/null \
    new-session -d -x 80 -y 24 -s "$_name" "$_inner"
  tmux_cmd set-option -t "$_name" status off >/dev/null
}

# as_clerk LOGIN COMMAND: COMMAND (one shell command line) run as the
# test clerk LOGIN, which .ci/setup creates; the test is skipped (77)
# when this machine has no such clerk or we are not root.
as_clerk() {
  echo "runuser -u $1 -- env CANBAO_FORMSDIR='$CANBAO_FORMSDIR' CANBAO_LOCALEDIR='$CANBAO_LOCALEDIR' $2"
}
need_clerks() {
  if [ "$(id -u)" != 0 ] || ! id canbao-a >/dev/null 2>&1 || ! id canbao-b >/dev/null 2>&1; then
    echo "SKIP ($TEST_NAME): needs root and the test clerks canbao-a and canbao-b (.ci/setup makes them)" >&2
    exit 77
  fi
}

# shared_db DIR: a database directory both test clerks may use.
shared_db() {
  mkdir -p "$1"
  chgrp canbao-clerks "$1"
  chmod 2770 "$1"
}
