# A county clerk reaches canbao as a township's clerks do: over SSH, on
# a GB18030 terminal.  The test runs a real sshd of its own on 127.0.0.1
# (the machine's sshd and its configuration are not touched), logs in as
# the test clerk canbao-a (王芳, made by .ci/setup) with a key, keys part
# of a 全民参保登记表, and then the link drops: the ssh client dies, sshd
# closes the pty and canbao gets SIGHUP.  Logging in again must offer
# the half-keyed form as the clerk's draft, with what was typed.
. "$top_srcdir/tests/lib.sh"
need_clerks
chmod 711 "$SCRATCH"
db="$SCRATCH/shared"
shared_db "$db"
ID=430122197808081233          # 男, 1978-08-08
locale=zh_CN.GB18030

# useradd leaves a clerk's account locked ("!"), and sshd without PAM
# refuses every login to a locked account, keys included; .ci/setup
# turns it into "*" (no password, not locked).
case "$(getent shadow canbao-a | cut -d: -f2)" in
  '!'*)
    echo "SKIP ($TEST_NAME): canbao-a's account is locked, so sshd refuses it; run .ci/setup again" >&2
    exit 77 ;;
esac
# The clerk must reach the build tree (it is not theirs).
if ! runuser -u canbao-a -- sh -c "test -x '$CANBAO' && test -r '$CANBAO_FORMSDIR' && test -x '$CANBAO_FORMSDIR'"; then
  echo "SKIP ($TEST_NAME): canbao-a cannot run $CANBAO or read $CANBAO_FORMSDIR (a build tree other users cannot enter?)" >&2
  exit 77
fi
if [ ! -x /usr/sbin/sshd ] || ! command -v ssh >/dev/null || ! command -v ssh-keygen >/dev/null; then
  fail "sshd, ssh and ssh-keygen are needed (Debian packages openssh-server, openssh-client)"
fi

# ---- keys and sshd_config ----------------------------------------------
ssh-keygen -q -t ed25519 -N '' -C canbao-test-host -f "$SCRATCH/hostkey" || fail "ssh-keygen (host key)"
# The clerk's key pair; the ssh client runs as root here, and ssh-keygen
# leaves the private key readable by root alone, as ssh requires.
key="$SCRATCH/clerk_key"
ssh-keygen -q -t ed25519 -N '' -C canbao-test-clerk -f "$key" || fail "ssh-keygen (clerk key)"
# canbao-a's authorized key lives in the scratch directory, named in our
# own sshd_config, rather than in ~canbao-a/.ssh.  sshd reads it as the
# clerk, so the file is root-owned but readable by all.
mkdir "$SCRATCH/authorized_keys"
cp "$key.pub" "$SCRATCH/authorized_keys/canbao-a"
chmod 755 "$SCRATCH/authorized_keys"
chmod 644 "$SCRATCH/authorized_keys/canbao-a"
expect_eq "private key for root alone" "" "$(find "$key" -perm /go=rwx)"

# sshd's privilege-separation directory (the system's sshd service makes
# it when it starts; on a machine where it never ran, it is missing).
made_run_sshd=
if [ ! -d /run/sshd ]; then
  mkdir -p /run/sshd && chmod 755 /run/sshd && made_run_sshd=1
fi

stop_sshd() {
  if [ -s "$SCRATCH/sshd.pid" ]; then
    kill "$(cat "$SCRATCH/sshd.pid")" 2>/dev/null || true
  fi
  # Only when this test made it; another sshd started meanwhile keeps
  # it busy, and rmdir then leaves it.
  [ -z "$made_run_sshd" ] || rmdir /run/sshd 2>/dev/null || true
}
# lib.sh's cleanup (tmux, the scratch directory) still runs, after sshd
# stops: the scratch directory holds sshd's keys and pid file.
trap 'stop_sshd; cleanup' EXIT

# write_config PORT
write_config() {
  cat >"$SCRATCH/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $1
HostKey $SCRATCH/hostkey
PidFile $SCRATCH/sshd.pid
AuthorizedKeysFile $SCRATCH/authorized_keys/%u
# StrictModes would refuse the keys file: it checks every directory from
# the file up to /, and the scratch directory is under /tmp, which anyone
# may write to (sticky).  The file and its directory are root's and not
# writable by others, so nothing is lost for this test.
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
AllowUsers canbao-a
AcceptEnv LANG LC_*
PermitUserEnvironment no
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
PrintMotd no
PrintLastLog no
LogLevel ERROR
EOF
}

# A free high port: a different one per run, so that two checkouts
# testing at once do not collide; sshd exits non-zero when it cannot
# bind, and the next port is tried.
port=$((20000 + $$ % 10000))
tries=0
while :; do
  tries=$((tries + 1))
  [ "$tries" -le 20 ] || fail "no free port for sshd; its log:
$(cat "$SCRATCH/sshd.log" 2>/dev/null)"
  if command -v ss >/dev/null && [ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]; then
    port=$((port + 1))
    continue
  fi
  write_config "$port"
  rm -f "$SCRATCH/sshd.pid"
  # sshd binds before it goes into the background, so its status says
  # whether it listens; the pid file comes a moment later.
  if /usr/sbin/sshd -f "$SCRATCH/sshd_config" -E "$SCRATCH/sshd.log"; then
    break
  fi
  port=$((port + 1))
done
n=50
while [ ! -s "$SCRATCH/sshd.pid" ] && [ "$n" -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
[ -s "$SCRATCH/sshd.pid" ] || fail "sshd wrote no pid file; its log:
$(cat "$SCRATCH/sshd.log")"

# connect: the clerk logs in and starts canbao, under luit as on a
# GB18030 terminal.  -F none: root's and the machine's ssh_config are not
# read.  The remote command sets the locale itself, as the township's
# login scripts do; BatchMode so that a refused key fails at once
# instead of asking for a password.
connect() {
  tmux_start "$locale" xterm "ssh -tt -F none -o BatchMode=yes -o IdentitiesOnly=yes \
-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
-o ConnectTimeout=10 -i '$key' -p $port canbao-a@127.0.0.1 \
\"env LANG=$locale LC_ALL=$locale CANBAO_FORMSDIR='$CANBAO_FORMSDIR' \
CANBAO_LOCALEDIR='$CANBAO_LOCALEDIR' TERM=xterm '$CANBAO' --db '$db'\""
}
# The ssh client of this test: its command line starts with "ssh" (the
# sh and luit around it also name the port and key, but start otherwise).
ssh_client() {
  pgrep -f "^ssh -tt .* -i $key -p $port canbao-a@127" || true
}
canbao_left() {
  pgrep -f "canbao --db $db" || true
}

# ---- keying, then the link drops ---------------------------------------
connect
tmux_wait_for "全民参保登记表" 20
expect_contains "the clerk signs in as 王芳" "王芳 (canbao-a)" "$(tmux_screen)"
expect_eq "canbao runs as the clerk, under sshd" "$(id -u canbao-a)" \
  "$(ps -o uid= -p "$(canbao_left)" 2>/dev/null | tr -d ' ')"
tmux_keys 2
tmux_wait_for "【登记地点】"
tmux_keys '长沙市' Enter '望城区' Enter '乌山街道' Enter '团山湖村' Enter '赵六' Enter 1 Enter 01 Enter Enter
# The ID moves on by itself after its 18th character.
tmux_keys "$ID"
tmux_wait_for "$ID"
# canbao keeps the draft as each changed field is left, and once more
# when the session ends.  就业状态 ticked but not left yet: only that
# last write, on the SIGHUP that sshd's hang-up brings, can keep it.
tmux_keys 1
tmux_wait_for "1[X]已单位就业"

client=$(ssh_client)
case "$client" in
  ''|*[!0-9]*) fail "not one ssh client on port $port: [$client]" ;;
esac
# kill -9: the client gets no chance to say goodbye, as when the line
# drops.  (The kernel still closes its socket, so sshd notices at once
# rather than after a TCP timeout.)  sshd then closes the pty, and
# canbao gets SIGHUP with the form half keyed.
kill -9 "$client"
n=100
while [ -n "$(canbao_left)" ] && [ "$n" -gt 0 ]; do sleep 0.1; n=$((n - 1)); done
expect_eq "no canbao left 10 s after the link dropped" "" "$(canbao_left)"
expect_eq "the ssh client is gone" "" "$(ssh_client)"

# ---- the clerk logs in again: the draft --------------------------------
connect
tmux_wait_for "(y/n)" 20       # "You have an unsaved 全民参保登记表. Continue it?"
expect_contains "draft offered names the form" "全民参保登记表" "$(tmux_screen | tail -n 1)"
tmux_keys y
tmux_wait_for "赵六"
screen=$(tmux_screen)
expect_contains "draft kept the ID" "$ID" "$screen"
expect_contains "draft kept the village" "团山湖村" "$screen"
expect_contains "draft kept the tick made just before the drop" "1[X]已单位就业" "$screen"
# Drop it: Esc asks first on a changed form.
tmux_escape
tmux_wait_for "(y/n)"
tmux_keys y
tmux_wait_for "查找和修改"      # the main screen (the form's title names the form too)
tmux_keys q
# The ssh session ends with canbao; ssh passes on its exit status.
tmux_wait_exit 15
expect_eq "canbao's exit status, through ssh" 0 "$STATUS"
expect_eq "no canbao left after q" "" "$(canbao_left)"

# A third login: the dropped draft is not offered again.
connect
tmux_wait_for "查找和修改" 20
screen=$(tmux_screen)
expect_not_contains "no draft offered after dropping it" "(y/n)" "$screen"
expect_not_contains "no draft on the menu after dropping it" "继续未保存" "$screen"
tmux_keys q
tmux_wait_exit 15

# The clerks' database is theirs alone (group canbao-clerks).
expect_eq "database files not world-accessible" "" "$(find "$db" -perm /o=rwx)"
# sshd logs only errors here; the dropped link itself is not one.
expect_eq "sshd's error log" "" "$(cat "$SCRATCH/sshd.log")"
exit 0
