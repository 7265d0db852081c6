#!/usr/bin/env bash
# Throughput of casmb against a reference Samba smbd on the same loopback machine, same work, interleaved:
#   smbclient put and get of a large file (plain, signed, encrypted) and `smbtorture smb2.bench.echo`.
# Prints each measurement and the ratio ours/Samba (higher is better; 1.0 = as fast as Samba).
# Not part of the test suite. Needs root (Samba's user database, apt for missing packages).
#
# Environment: BENCH_MIB (file size, default 1024), ROUNDS (default 2), ECHO_SECS (default 10),
#              WARMUP (default 1: one unrecorded put+get per mode and server first; 0 to skip),
#              BENCH_DIR (scratch, default /dev/shm/casmb-bench: keeps the disk out of the measurement).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/samba-ref.sh
MIB=${BENCH_MIB:-1024}; ROUNDS=${ROUNDS:-2}; ECHO_SECS=${ECHO_SECS:-10}
DIR=${BENCH_DIR:-/dev/shm/casmb-bench}
OURS_IP=127.0.0.32; OURS_PORT=4432
# smbd binds only addresses configured on an interface; lo has just 127.0.0.1
SAMBA_IP=127.0.0.1; SAMBA_PORT=${SAMBA_PORT:-4437}
USER_NAME=benchuser; PASS=Bench-Pass1
OUT=bench/out; mkdir -p "$OUT"
RESULTS=$OUT/results.tsv; : > "$RESULTS"

bash .ci/install-test-tools.sh samba smbclient samba-testsuite

echo "building ..."
mvn -q -B -pl smb3-server -am package -DskipTests

rm -rf "$DIR"; mkdir -p "$DIR"/{ours/share,samba/share,samba/priv,samba/lock,samba/state,samba/cache,samba/log,samba/pid,samba/ncalrpc,local}
chmod 777 "$DIR/samba/share"

# --- our server: signing not required, so that the "plain" runs are really unsigned
cat > "$DIR/ours/server.yaml" <<YAML
netbiosName: BENCH
listen: [$OURS_IP]
port: $OURS_PORT
signingRequired: false
users: [{name: $USER_NAME, password: $PASS}]
shares: [{name: share, path: share}]
YAML
java --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED -cp "smb3-server/target/smb3-server-0.1.0-SNAPSHOT.jar:smb3-server/target/lib/*" \
  dev.casmb.smb.launcher.SmbMain serve -c "$DIR/ours/server.yaml" > "$OUT/ours-server.log" 2>&1 &
OURS_PID=$!

# --- reference Samba, same shape: one share, no kernel oplocks/share modes, SMB2.02-3.1.1
S=$DIR/samba
SAMBA_SHARE_EXTRA="  durable handles = yes"
start_reference_samba "$S"

trap 'stop_servers "$OURS_PID"' EXIT
wait_port "$OURS_IP" "$OURS_PORT"; wait_port "$SAMBA_IP" "$SAMBA_PORT"

echo "creating a $MIB MiB test file ..."
head -c "$((MIB * 1024 * 1024))" /dev/urandom > "$DIR/local/big.bin"
SUM=$(sha256sum "$DIR/local/big.bin" | cut -d' ' -f1)

target() { # name -> "//ip/share -p port"
  if [ "$1" = ours ]; then echo "//$OURS_IP/share -p $OURS_PORT"; else echo "//$SAMBA_IP/share -p $SAMBA_PORT"; fi
}
now() { date +%s.%N; }

# one transfer: server mode direction -> records MiB/s
transfer() {
  local srv=$1 mode=$2 dir=$3 t0 t1 rate
  rm -f "$DIR/local/back.bin"
  t0=$(now)
  if [ "$dir" = put ]; then
    # shellcheck disable=SC2046
    smbclient $(target "$srv") -U "$USER_NAME%$PASS" -m SMB3 --client-protection="$mode" \
      -c "put $DIR/local/big.bin big.bin" > "$OUT/last.log" 2>&1 || { cat "$OUT/last.log"; exit 1; }
  else
    # shellcheck disable=SC2046
    smbclient $(target "$srv") -U "$USER_NAME%$PASS" -m SMB3 --client-protection="$mode" \
      -c "get big.bin $DIR/local/back.bin" > "$OUT/last.log" 2>&1 || { cat "$OUT/last.log"; exit 1; }
  fi
  t1=$(now)
  if [ "$dir" = get ]; then
    [ "$(sha256sum "$DIR/local/back.bin" | cut -d' ' -f1)" = "$SUM" ] || { echo "$srv $mode get: checksum mismatch" >&2; exit 1; }
  fi
  rate=$(awk -v m="$MIB" -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", m/(b-a)}')
  printf '%s\t%s-%s\t%s\n' "$srv" "$dir" "$mode" "$rate" >> "$RESULTS"
  printf '  %-6s %-4s %-8s %8s MiB/s\n' "$srv" "$dir" "$mode" "$rate"
}

echo_bench() {
  local srv=$1 ops
  # shellcheck disable=SC2046
  set -- $(target "$srv")
  timeout $((ECHO_SECS + 60)) smbtorture "$1" "$2" "$3" -U "$USER_NAME%$PASS" \
    --option=torture:timelimit="$ECHO_SECS" smb2.bench.echo > "$OUT/echo-$srv.log" 2>&1 || true
  # smbtorture prints one "N second: echo[num/s=R,...]" sample per second; report their mean
  ops=$( (grep -oE 'num/s=[0-9]+' "$OUT/echo-$srv.log" || true) | cut -d= -f2 \
        | awk '{s+=$1; n++} END {printf "%.0f", n ? s/n : 0}')
  printf '%s\t%s\t%s\n' "$srv" "echo" "$ops" >> "$RESULTS"
  printf '  %-6s echo              %8s ops/s\n' "$srv" "$ops"
}

# Warm-up (not recorded): one put and get per mode on each server, so that no recorded transfer runs on
# our JVM's cold JIT (C2 is still compiling the read/write path during the first ~1 GiB) or a cold page cache.
if [ "${WARMUP:-1}" = 1 ]; then
  echo "warm-up (not recorded)"
  REAL_RESULTS=$RESULTS; RESULTS=/dev/null
  for mode in off sign encrypt; do
    for srv in ours samba; do transfer "$srv" "$mode" put > /dev/null; transfer "$srv" "$mode" get > /dev/null; done
  done
  RESULTS=$REAL_RESULTS
fi

for r in $(seq "$ROUNDS"); do
  echo "round $r/$ROUNDS"
  for mode in off sign encrypt; do
    for srv in ours samba; do transfer "$srv" "$mode" put; transfer "$srv" "$mode" get; done
  done
  for srv in ours samba; do echo_bench "$srv"; done
done

echo
echo "mean over $ROUNDS round(s), $MIB MiB file; ratio = ours/Samba (higher is better)"
printf '%-14s %10s %10s %7s\n' test ours samba ratio
awk -F'\t' '{s[$1 FS $2]+=$3; n[$1 FS $2]++; k[$2]=1}
  END { for (t in k) { o=s["ours" FS t]/n["ours" FS t]; m=s["samba" FS t]/n["samba" FS t];
                       printf "%-14s %10.1f %10.1f %7.2f\n", t, o, m, (m>0? o/m : 0) } }' "$RESULTS" | sort
