#!/usr/bin/env bash
# Open+close rate and CREATE latency (docs/DESIGN.md "HA pair acceptance criteria", Single-node CA): casmb's CA
# share (persistent handles: every CREATE and CLOSE is committed to the fsync'ed handle log before the reply)
# against casmb's plain share and a reference Samba smbd's plain share, all driven by the same client
# (dev.casmb.client.OpenCloseBench, SMB 3.1.1, signed, one file per connection, OPEN_IF + CLOSE in a loop).
# Interleaved rounds; prints each run and the ratios. Optionally (PAIR=1) the same against the demo pair's CA share,
# where the state goes through Raft to the partner and the mediator before the reply. Not part of the test suite.
# Needs root (Samba's user database). Bounded: ROUNDS x SECS per target.
#
# Environment: ROUNDS (default 3), SECS (default 8), CLIENTS (default "4 16": each count of connections is
#              measured and compared on its own; the handle log commits concurrent CREATEs and CLOSEs with one
#              fdatasync, so the CA rate depends on how many connections open at once), WARMUP (default 12: seconds of
#              unrecorded open+close per target first, so that no round measures a cold JIT),
#              BENCH_DIR (default /var/tmp/casmb-oc: on disk, so fsync costs what it costs),
#              SERVER_JAVA_OPTS (extra JVM options for our server, e.g. -XX:+UnlockDiagnosticVMOptions ...).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/samba-ref.sh
ROUNDS=${ROUNDS:-3}; SECS=${SECS:-8}; CLIENTS=${CLIENTS:-4 16}; WARMUP=${WARMUP:-12}
DIR=${BENCH_DIR:-/var/tmp/casmb-oc}
OURS_IP=127.0.0.33; OURS_PORT=4433
SAMBA_IP=127.0.0.1; SAMBA_PORT=${SAMBA_PORT:-4438}
USER_NAME=benchuser; PASS=Bench-Pass1
OUT=bench/out; mkdir -p "$OUT"
RESULTS=$OUT/open-close.tsv; : > "$RESULTS"

bash .ci/install-test-tools.sh samba smbclient
echo "building ..."
mvn -q -B -pl dist -am package -DskipTests
CP="dist/target/lib/*"

rm -rf "$DIR"; mkdir -p "$DIR"/{ours/ca,ours/plain,ours/state,samba/share,samba/priv,samba/lock,samba/state,samba/cache,samba/log,samba/pid,samba/ncalrpc}
chmod 777 "$DIR/samba/share"
cat > "$DIR/ours/server.yaml" <<YAML
netbiosName: BENCH
listen: [$OURS_IP]
port: $OURS_PORT
stateDir: state
users: [{name: $USER_NAME, password: $PASS}]
shares:
  - {name: ca, path: ca, continuouslyAvailable: true}
  - {name: plain, path: plain}
YAML
java --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED ${SERVER_JAVA_OPTS:-} -cp "$CP" dev.casmb.smb.launcher.SmbMain serve -c "$DIR/ours/server.yaml" > "$OUT/oc-ours-server.log" 2>&1 &
OURS_PID=$!

S=$DIR/samba
start_reference_samba "$S"

trap 'stop_servers "$OURS_PID"' EXIT
wait_port "$OURS_IP" "$OURS_PORT"; wait_port "$SAMBA_IP" "$SAMBA_PORT"

bench() { # label server share [--durable]; uses $N connections
  local label=$1 srv=$2 share=$3; shift 3
  java -cp "$CP" dev.casmb.client.OpenCloseBench --label "$label" --server "$srv" --share "$share" --user "$USER_NAME" \
    --password "$PASS" --clients "$N" --seconds "${BENCH_SECS:-$SECS}" "$@" | tee -a "${BENCH_OUT:-$RESULTS}"
}
FIRST_N=${CLIENTS%% *}
if [ "$WARMUP" -gt 0 ]; then
  echo "warm-up, ${WARMUP}s per target (not recorded)"
  N=$FIRST_N
  BENCH_SECS=$WARMUP BENCH_OUT=/dev/null bench warm-ours-ca "$OURS_IP:$OURS_PORT" ca --durable >/dev/null
  BENCH_SECS=$WARMUP BENCH_OUT=/dev/null bench warm-ours-plain "$OURS_IP:$OURS_PORT" plain >/dev/null
  BENCH_SECS=$WARMUP BENCH_OUT=/dev/null bench warm-samba-plain "$SAMBA_IP:$SAMBA_PORT" share >/dev/null
fi
for N in $CLIENTS; do
  echo "open+close, $N connections x ${SECS}s, $ROUNDS rounds (state on $DIR)"
  for r in $(seq "$ROUNDS"); do
    bench "ours-ca/$N" "$OURS_IP:$OURS_PORT" ca --durable
    bench "ours-plain/$N" "$OURS_IP:$OURS_PORT" plain
    bench "samba-plain/$N" "$SAMBA_IP:$SAMBA_PORT" share
  done
done
if [ "${PAIR:-0}" = 1 ]; then
  echo "(PAIR=1: against the running demo pair's CA share vmstore on 127.0.0.11:445)"
  for r in $(seq "$ROUNDS"); do
    java -cp "$CP" dev.casmb.client.OpenCloseBench --label "pair-ca/$FIRST_N" --server 127.0.0.11:445 --share vmstore --user demo \
      --password Demo-Pass1 --clients "$FIRST_N" --seconds "$SECS" --durable | tee -a "$RESULTS"
  done
  # the Raft commit latency behind those CREATEs and CLOSEs (ha-pair/DESIGN-raft.md, commit latency): node A's
  # submit histogram, cumulative since the node started (mostly this bench's commits when run on a fresh demo)
  if command -v sshpass > /dev/null; then
    echo "Raft commits on node A (admin shell 'cluster ring show'; cumulative since node start):"
    sshpass -p Admin-Pass1 ssh -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
      -p 2222 admin@127.0.0.11 'cluster ring show' || true
  else
    echo "(install sshpass to print the pair's Raft commit latency: ssh -p 2222 admin@127.0.0.11 'cluster ring show')"
  fi
fi
echo
awk -F'\t' '
  { split($1, lc, "/"); n[$1]++; ops[$1]+=$3; p50[$1]+=$5; p99[$1]+=$7; if (!(lc[2] in seen)) { seen[lc[2]]=1; order[++nc]=lc[2] } }
  END {
    printf "%-18s %12s %10s %10s\n", "target/connections", "open+close/s", "p50 ms", "p99 ms"
    for (k in n) printf "%-18s %12.0f %10.2f %10.2f\n", k, ops[k]/n[k], p50[k]/n[k], p99[k]/n[k]
    for (i = 1; i <= nc; i++) {
      c = order[i]; s = "samba-plain/" c; ca = "ours-ca/" c; pl = "ours-plain/" c
      if (n[s] > 0 && n[ca] > 0) {
        printf "%s connections: ratio ours-ca / samba-plain open+close %.2f (goal >= 0.5); ours-plain / samba-plain %.2f;", c, (ops[ca]/n[ca]) / (ops[s]/n[s]), (ops[pl]/n[pl]) / (ops[s]/n[s])
        printf " CA CREATE p50 %.2f ms (goal < 3), p99 %.2f ms (goal < 10)\n", p50[ca]/n[ca], p99[ca]/n[ca]
      }
    }
  }' "$RESULTS"
