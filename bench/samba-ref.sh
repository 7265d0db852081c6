# Sourced by the bench scripts: a reference Samba smbd with one share, the same shape as casmb's
# (no kernel oplocks/share modes, SMB2.02-3.1.1), on $SAMBA_IP:$SAMBA_PORT under directory $1, with user
# $USER_NAME/$PASS. Sets SAMBA_PID_FILE. Extra [share] lines may be passed in $SAMBA_SHARE_EXTRA.
start_reference_samba() {
  local S=$1
  mkdir -p "$S"/{share,priv,lock,state,cache,log,pid,ncalrpc}
  chmod 777 "$S/share"
  cat > "$S/smb.conf" <<CONF
[global]
  workgroup = WORKGROUP
  netbios name = SAMBAREF
  server role = standalone server
  smb ports = $SAMBA_PORT
  interfaces = $SAMBA_IP
  bind interfaces only = yes
  private dir = $S/priv
  lock directory = $S/lock
  state directory = $S/state
  cache directory = $S/cache
  pid directory = $S/pid
  ncalrpc dir = $S/ncalrpc
  log file = $S/log/%m.log
  passdb backend = tdbsam:$S/priv/passdb.tdb
  server min protocol = SMB2_02
  server max protocol = SMB3_11
  disable netbios = yes
  load printers = no
  printcap name = /dev/null
  disable spoolss = yes
[share]
  path = $S/share
  read only = no
  kernel oplocks = no
  kernel share modes = no
  posix locking = no
${SAMBA_SHARE_EXTRA:-}
CONF
  id "$USER_NAME" >/dev/null 2>&1 || useradd -M "$USER_NAME"
  (echo "$PASS"; echo "$PASS") | smbpasswd -c "$S/smb.conf" -s -a "$USER_NAME" >/dev/null
  # own session: smbd signals its whole process group when it stops, which would include the caller
  setsid smbd -D -s "$S/smb.conf" --no-process-group
  SAMBA_PID_FILE=$S/pid/smbd.pid
}

# Stops our server ($1: its pid) and the reference smbd, then removes $DIR once both are gone (smbd
# writes its state files while it exits). Install with: trap "stop_servers \$OURS_PID" EXIT
stop_servers() {
  local pids=("$1")
  [ -n "${SAMBA_PID_FILE:-}" ] && [ -f "$SAMBA_PID_FILE" ] && pids+=("$(cat "$SAMBA_PID_FILE")")
  kill "${pids[@]}" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "${pids[@]}" 2>/dev/null || break; sleep 0.1; done
  rm -rf "$DIR"
}

wait_port() { for _ in $(seq 300); do (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null && return 0; sleep 0.1; done; echo "no listener on $1:$2" >&2; exit 1; }
